/* stamp.h: a file's stat stamp, the text "<size> <mtime> <ctime> <inode>
 * <device>" (times to the nanosecond) that stands for its bytes in the
 * caches (git's index does the same): any write changes the ctime, which
 * no user can set back. The build cache keeps the stamp of every file a
 * build wrote to OUT and, before it trusts OUT, stats them all again; the
 * fingerprint memo keeps one beside each book file's hash.
 *
 * A stamper stats many files of one tree by name relative to a folder
 * open on it, and keeps the last few folders open: a state lists a
 * runbook's page and its scripts folder by folder in turns
 * (runbooks/a.html, scripts/svc-1/..., runbooks/b.html ...), so one
 * folder held open would be opened again for every page. */
#ifndef RB_STAMP_H
#define RB_STAMP_H
#include <stddef.h>
#include <sys/stat.h>

/* Room enough for any stamp's text. */
#define RB_STAMP_MAX 160
/* Folders a stamper keeps open at once. */
#define RB_STAMPER_DIRS 4

/* The stamp of st as text into out[n], or "" when it is no regular file. */
void rb_stamp_text(const struct stat *st, char *out, size_t n);
/* The stamp of the file at path (never followed) into out[n], "" when
 * there is no regular file there. */
void rb_stamp_of(const char *path, char *out, size_t n);

/* Stats files below root, the most recently used folders kept open. */
struct rb_stamper {
	const char *root;
	struct {
		char *dir;        /* the folder, relative to root; NULL: slot unused */
		int fd;           /* open on it, or -1 when it could not be opened */
		unsigned long used;   /* when last used, for eviction */
	} slot[RB_STAMPER_DIRS];
	unsigned long tick;
};

/* Start a stamper of the files below root (kept, not copied). */
void rb_stamper_init(struct rb_stamper *s, const char *root);
/* The stamp of root/rel (rel is len bytes, '/'-separated, need not end
 * in a NUL) into out[n]: "" when it is no regular file or cannot be
 * stat'ed. */
void rb_stamper_get(struct rb_stamper *s, const char *rel, size_t len, char *out, size_t n);
/* Close the folders s holds open. */
void rb_stamper_end(struct rb_stamper *s);

#endif
