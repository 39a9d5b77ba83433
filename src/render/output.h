/* output.h: writing an output folder atomically. Files are written into a
 * temporary folder beside OUT; commit swaps it into place (renameat2
 * RENAME_EXCHANGE where available), so a failed or killed build leaves
 * the previous OUT whole (rb_output_in_place: an incremental build moves
 * only its changed files in, each whole). A lock file beside OUT (removed when the build
 * ends) makes a second build wait. Files whose bytes did not change keep
 * their old mtime; files the last build wrote (OUT/.rbc-manifest) and did
 * not write this time disappear, and the user's own files stay
 * (outguard.h). */
#ifndef RB_OUTPUT_H
#define RB_OUTPUT_H
#include <stdbool.h>
#include <stddef.h>
#include "model/build.h"

struct rb_output;

/* Start writing OUT. NULL (with a diagnostic) when OUT overlaps the book,
 * holds files rbc did not write (without --force-clean), OUT's parent is
 * not writable or the lock cannot be taken. */
struct rb_output *rb_output_open(struct rb_build *b, const char *out);
/* Write one file at a '/'-separated path relative to OUT, creating its
 * folders. mode is e.g. 0644 or 0755. False (with a diagnostic) on error. */
bool rb_output_write(struct rb_output *o, const char *rel, const void *data, size_t len, int mode);
/* A file written in pieces (for outputs too large to hold in memory):
 * open, append any number of times, close. Close records the file like
 * rb_output_write does; it returns false (with a diagnostic) if any step
 * failed, and the caller should then abort the output. */
struct rb_output_file;
struct rb_output_file *rb_output_open_file(struct rb_output *o, const char *rel, int mode);
void rb_output_append(struct rb_output_file *f, const void *data, size_t len);
bool rb_output_close_file(struct rb_output_file *f);
/* len bytes at offset at of the open file fd (a file of the old OUT). */
struct rb_output_range {
	int fd;
	size_t at, len;
};
/* Append the bytes of range r to f, copied from file to file by the
 * kernel (copy_file_range; read and written where it cannot), never
 * through rbc's memory. f fails (with a diagnostic) when r's file has
 * fewer bytes. */
void rb_output_append_range(struct rb_output_file *f, const struct rb_output_range *r);
/* A range to append to a file, for a writer's sink that calls back
 * (rb_jw_replay_by): rb_output_put_range(arg) appends arg's range to its file. */
struct rb_output_copy {
	struct rb_output_file *f;
	const struct rb_output_range *r;
};
void rb_output_put_range(void *arg);
/* The bytes appended to f so far. */
size_t rb_output_file_size(const struct rb_output_file *f);
/* Put the old OUT's file rel, unread and as it is, into the new tree (a
 * hard link: it keeps its inode and mtime). For a caller that knows it
 * would write the same bytes (the build cache); false when OUT has no
 * regular file rel or it cannot be linked. */
bool rb_output_keep(struct rb_output *o, const char *rel);
/* The temporary folder being written (for tools that write files themselves). */
const char *rb_output_dir(const struct rb_output *o);
/* Write this output in place: for a caller that knows OUT is exactly as
 * the last build left it (the build cache). Files are still written into
 * the temporary folder, and nothing of OUT changes before commit; commit
 * then renames only the files whose bytes changed into OUT, one at a time
 * (each is whole, old or new), removes the files of the manifest that
 * were not written again and rewrites the manifest when it changed. Kept
 * and unchanged files are not touched at all. No effect without an old
 * OUT or with --force-clean. */
void rb_output_in_place(struct rb_output *o);
/* Where file rel, written or kept by this output, is to be read until
 * commit (malloc'd): in the temporary folder, or in OUT for a file kept
 * in place. */
char *rb_output_path(const struct rb_output *o, const char *rel);
/* Write OUT/.rbc-manifest, link the user's files of the old OUT in, swap
 * the new folder into place and release the lock. False on error, in
 * which case the old OUT is untouched. Frees o. */
bool rb_output_commit(struct rb_output *o);
/* Have rb_output_commit, once the new OUT is in place, call report(ctx,
 * rel, changed) for every file of it (changed: its bytes are new, or it
 * is new; false: the old file was kept) and for every file rbc wrote last
 * time that is gone now (changed true). */
void rb_output_report(struct rb_output *o, void (*report)(void *ctx, const char *rel, bool changed), void *ctx);
/* Throw the new folder away, keep the old OUT, release the lock. Frees o. */
void rb_output_abort(struct rb_output *o);
/* Remove the folder tree at path (links are removed, not followed); a
 * missing path is fine. */
void rb_output_remove_tree(const char *path);

#endif
