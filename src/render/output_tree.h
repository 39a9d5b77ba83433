/* output_tree.h: what output.c lends output_file.c, and nothing else
 * includes: the temporary tree's paths, errors and list of files. */
#ifndef RB_OUTPUT_TREE_H
#define RB_OUTPUT_TREE_H
#include <stdbool.h>

struct rb_output;
struct rb_output_file;

/* A write error on path inside the temporary folder, shown at its place in OUT. */
void rb_output_tree_error(struct rb_output *o, const char *path, const char *what);
/* A path for rel inside the temporary folder (malloc'd), with its folders
 * made; NULL (with a diagnostic) when rel leaves OUT or a folder fails. */
char *rb_output_fresh_path(struct rb_output *o, const char *rel);
/* Remember a file of the new output (rel: malloc'd, now o's). */
void rb_output_record(struct rb_output *o, char *rel, bool linked);
/* Start a file of the output at path (made by rb_output_fresh_path; NULL
 * when that failed, which leaves the file failed). Owns path. */
struct rb_output_file *rb_output_file_at(struct rb_output *o, const char *rel, char *path, int mode);
#endif
