/* watch.c: inotify on every folder of the book. See watch.h. */
#include "serve/watch.h"
#include "base/arena.h"
#include "base/buf.h"
#include "render/outguard.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#define WATCH_MASK (IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | \
		    IN_MOVE_SELF | IN_ONLYDIR)

/* An editor's swap, backup or lock file: vim's ".x.swp" and "4913" probe,
 * emacs's "x~", ".#x" and "#x#", and any other hidden name. */
static bool editor_junk(const char *name)
{
	size_t n = strlen(name);
	return name[0] == '.' || (n && name[n - 1] == '~') || !strcmp(name, "4913") ||
	       (n > 1 && name[0] == '#' && name[n - 1] == '#');
}

bool rb_watch_skip(const char *rel, const char *name, bool dir, void *ctx)
{
	if (editor_junk(name))
		return true;
	if (!dir)
		return false;
	struct rb_buf p;
	rb_buf_init(&p);
	rb_buf_printf(&p, "%s/%s/%s", (const char *)ctx, rel, RB_MANIFEST);
	struct stat st;
	bool out = lstat(rb_buf_cstr(&p), &st) == 0;   /* an rbc output folder */
	rb_buf_free(&p);
	return out;
}

/* Watch folder rel (below the root) and every folder under it. False on
 * running out of watches (w->why set). */
static bool add_tree(struct rb_watch *w, const char *rel)
{
	struct rb_buf path;
	rb_buf_init(&path);
	rb_buf_printf(&path, "%s%s%s", w->root, *rel ? "/" : "", rel);
	int wd = inotify_add_watch(w->fd, rb_buf_cstr(&path), WATCH_MASK);
	if (wd < 0) {
		bool fatal = errno == ENOSPC || errno == ENOMEM;
		if (fatal)
			w->why = "inotify is out of watches (raise fs.inotify.max_user_watches)";
		rb_buf_free(&path);
		return !fatal;     /* a folder gone meanwhile is no failure */
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->dirs = rb_xrealloc(w->dirs, w->cap * sizeof *w->dirs);
	}
	w->dirs[w->n++] = (struct rb_watch_dir){wd, rb_xstrdup(rel)};
	DIR *d = opendir(rb_buf_cstr(&path));
	bool ok = true;
	struct rb_buf sub;
	rb_buf_init(&sub);
	for (struct dirent *de; ok && d && (de = readdir(d));) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		rb_buf_reset(&sub);
		rb_buf_printf(&sub, "%s%s%s", rel, *rel ? "/" : "", de->d_name);
		struct stat st;
		struct rb_buf full;
		rb_buf_init(&full);
		rb_buf_printf(&full, "%s/%s", w->root, rb_buf_cstr(&sub));
		bool dir = lstat(rb_buf_cstr(&full), &st) == 0 && S_ISDIR(st.st_mode);
		rb_buf_free(&full);
		if (dir && !rb_watch_skip(rb_buf_cstr(&sub), de->d_name, true, w->root))
			ok = add_tree(w, rb_buf_cstr(&sub));
	}
	if (d)
		closedir(d);
	rb_buf_free(&sub);
	rb_buf_free(&path);
	return ok;
}

bool rb_watch_open(struct rb_watch *w, const char *root)
{
	memset(w, 0, sizeof *w);
	w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0) {
		w->why = errno == EMFILE ? "inotify is out of instances (fs.inotify.max_user_instances)"
					 : "inotify is not available here";
		return false;
	}
	w->root = rb_xstrdup(root);
	if (add_tree(w, ""))
		return true;
	const char *why = w->why;
	rb_watch_close(w);
	w->why = why;
	return false;
}

/* The watched folder with descriptor wd, or NULL. */
static struct rb_watch_dir *find_dir(struct rb_watch *w, int wd)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Handle one event; *news is raised to what it means. */
static void take_event(struct rb_watch *w, const struct inotify_event *ev, enum rb_watch_news *news)
{
	if (ev->mask & IN_Q_OVERFLOW) {
		if (*news == RB_WATCH_NOTHING)
			*news = RB_WATCH_CHANGED;
		return;
	}
	struct rb_watch_dir *d = find_dir(w, ev->wd);
	if (!d)
		return;
	if (ev->mask & IN_IGNORED) {     /* the folder went: forget its watch */
		free(d->rel);
		*d = w->dirs[--w->n];
		return;
	}
	if (!ev->len)      /* the folder itself moved or went */
		return;
	bool dir = (ev->mask & IN_ISDIR) != 0;
	struct rb_buf rel;
	rb_buf_init(&rel);
	rb_buf_printf(&rel, "%s%s%s", d->rel, *d->rel ? "/" : "", ev->name);
	if (!rb_watch_skip(rb_buf_cstr(&rel), ev->name, dir, w->root)) {
		if (*news == RB_WATCH_NOTHING)
			*news = RB_WATCH_CHANGED;
		if (dir && (ev->mask & (IN_CREATE | IN_MOVED_TO)) && !add_tree(w, rb_buf_cstr(&rel)))
			*news = RB_WATCH_FAILED;
	}
	rb_buf_free(&rel);
}

enum rb_watch_news rb_watch_read(struct rb_watch *w)
{
	enum rb_watch_news news = RB_WATCH_NOTHING;
	char buf[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t n = read(w->fd, buf, sizeof buf);
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			take_event(w, ev, &news);
			p += sizeof *ev + ev->len;
		}
	}
	return news;
}

void rb_watch_close(struct rb_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	for (size_t i = 0; i < w->n; i++)
		free(w->dirs[i].rel);
	free(w->dirs);
	free(w->root);
	memset(w, 0, sizeof *w);
	w->fd = -1;
}
