/* watch.h: noticing that the book changed, for `rbc serve`. inotify
 * watches every folder of the book (folders, not files, so an editor's
 * save-by-rename is seen); where inotify is unavailable or out of watches
 * the caller polls with rb_tree_scan instead. Both ignore the same names:
 * editors' swap and backup files, hidden files and folders (.git), and
 * any rbc output folder (one holding a .rbc-manifest). */
#ifndef RB_WATCH_H
#define RB_WATCH_H
#include <stdbool.h>
#include <stddef.h>

struct rb_watch {
	int fd;                 /* the inotify descriptor, -1 when closed */
	char *root;
	struct rb_watch_dir {
		int wd;
		char *rel;          /* "" for the root */
	} *dirs;
	size_t n, cap;
	const char *why;        /* why watching failed: a static message */
};

enum rb_watch_news { RB_WATCH_NOTHING, RB_WATCH_CHANGED, RB_WATCH_FAILED };

/* True when serve leaves this entry of the book alone (an rb_tree_skip_fn;
 * ctx is the book's root path). */
bool rb_watch_skip(const char *rel, const char *name, bool dir, void *ctx);
/* Watch every folder under root. False, with w->why set and nothing
 * left open, when inotify cannot start or runs out of watches. */
bool rb_watch_open(struct rb_watch *w, const char *root);
/* Read the events waiting on w->fd (non-blocking): CHANGED when one is
 * about a file serve does not skip, FAILED (w->why set) when watching a
 * new folder ran out of watches. */
enum rb_watch_news rb_watch_read(struct rb_watch *w);
void rb_watch_close(struct rb_watch *w);

#endif
