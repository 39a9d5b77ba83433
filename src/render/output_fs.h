/* output_fs.h: file operations of output folders that need no output. */
#ifndef RB_OUTPUT_FS_H
#define RB_OUTPUT_FS_H
#include <stdbool.h>
#include <stddef.h>

/* Remove a folder tree, symlinks not followed; missing is fine. */
void rb_output_fs_remove_tree(const char *path);
/* dir/rel as a new malloc'd string. */
char *rb_output_fs_join(const char *dir, const char *rel);
/* True when the file at path (not a symlink) holds exactly data[0..len) with mode. */
bool rb_output_fs_holds(const char *path, const void *data, size_t len, int mode);
/* True when two files hold the same bytes. */
bool rb_output_fs_same(const char *a, const char *b);
#endif
