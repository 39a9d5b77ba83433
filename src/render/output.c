/* output.c: atomic output folders. See output.h for the promises. */
#include "render/output.h"
#include "render/outguard.h"
#include "render/output_fs.h"
#include "base/strmap.h"
#include "base/util.h"
#include <errno.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct rb_output {
	struct rb_build *b;
	char *out;          /* OUT as given, without trailing '/' */
	char *tmp;          /* the folder being written */
	int lock_fd;
	char *lock_path;    /* removed when the lock is released */
	struct rb_outguard guard;   /* what of the old OUT rbc wrote */
	bool has_old;       /* OUT exists: unchanged files are linked from it */
	bool in_place;      /* rb_output_in_place: only changed files move into OUT */
	char *last_dir;     /* the folder made for the previous file */
	struct written {
		char *rel;
		bool linked;    /* the old file itself, hard-linked in */
	} *files;           /* relative paths written, for mtime keeping */
	size_t nfiles, cap;
	void (*report)(void *ctx, const char *rel, bool changed);   /* rb_output_report */
	void *report_ctx;
};

static void write_error(struct rb_build *b, const char *path, const char *what)
{
	rb_diag(b, RB_D_IO_WRITE, (struct rb_loc){path, 0, 0}, "%s: %s", what, strerror(errno));
}

/* A write error on path inside the temporary folder, shown at its place
 * in OUT (the folder the user named), e.g. "site/scripts/x.sh". */
static void tree_error(struct rb_output *o, const char *path, const char *what)
{
	size_t n = strlen(o->tmp);
	if (strncmp(path, o->tmp, n) || path[n] != '/') {
		write_error(o->b, path, what);
		return;
	}
	int e = errno;
	char *shown = rb_xmalloc(strlen(o->out) + strlen(path + n) + 1);
	sprintf(shown, "%s%s", o->out, path + n);
	errno = e;
	rb_diag(o->b, RB_D_IO_WRITE, (struct rb_loc){rb_arena_strdup(&o->b->arena, shown), 0, 0}, "%s: %s", what,
		strerror(e));
	free(shown);
}

/* Remove leftovers of builds that were killed: ".BASE.rbc-tmp-*" beside OUT. */
static void remove_leftovers(const char *parent, const char *base)
{
	DIR *d = opendir(parent);
	if (!d)
		return;
	char *prefix = rb_xmalloc(strlen(base) + 16);
	sprintf(prefix, ".%s.rbc-tmp-", base);
	struct dirent *e;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, strlen(prefix))) {
			char *path = rb_output_fs_join(parent, e->d_name);
			rb_output_fs_remove_tree(path);
			free(path);
		}
	closedir(d);
	free(prefix);
}

/* Take the lock file path beside OUT, waiting (with a message) while
 * another build holds it. The holder removes the file when done, so a
 * waiter that wakes on a removed file takes the new one instead: one lock
 * file at most, and only while a build runs (or after a kill -9). */
static int take_lock(struct rb_build *b, const char *path, const char *out)
{
	for (bool told = false;;) {
		int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0644);
		if (fd < 0) {
			write_error(b, path, "cannot create the build lock");
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			if (!b->opt.quiet && !told)
				fprintf(stderr, "rbc: another build is writing %s; waiting for it to finish\n", out);
			told = true;
			if (flock(fd, LOCK_EX) < 0) {
				write_error(b, path, "cannot take the build lock");
				close(fd);
				return -1;
			}
		}
		struct stat held, now;
		if (fstat(fd, &held) == 0 && lstat(path, &now) == 0 && held.st_ino == now.st_ino &&
		    held.st_dev == now.st_dev)
			return fd;
		close(fd);     /* the last holder removed it: take the file there now */
	}
}

struct rb_output *rb_output_open(struct rb_build *b, const char *out)
{
	struct rb_output *o = rb_xcalloc(1, sizeof *o);
	o->b = b;
	o->out = rb_xstrdup(out);
	size_t n = strlen(o->out);
	while (n > 1 && o->out[n - 1] == '/')
		o->out[--n] = '\0';
	struct stat st;
	o->lock_fd = -1;
	if (!rb_outguard_place(b, o->out)) {
		free(o->out);
		free(o);
		return NULL;
	}
	if (lstat(o->out, &st) == 0 && S_ISLNK(st.st_mode)) {
		/* -o LINK writes into the folder LINK names: the swap below
		 * replaces that folder, never the user's symlink itself */
		char *real = realpath(o->out, NULL);
		if (!real) {
			write_error(b, o->out, "the output folder is a symlink that leads nowhere");
			free(o->out);
			free(o);
			return NULL;
		}
		free(o->out);
		o->out = real;
	}
	char *c1 = rb_xstrdup(o->out), *c2 = rb_xstrdup(o->out);
	char *parent = dirname(c1), *base = basename(c2);
	if (stat(o->out, &st) == 0 && (!S_ISDIR(st.st_mode) || access(o->out, W_OK) != 0)) {
		errno = S_ISDIR(st.st_mode) ? EACCES : ENOTDIR;
		write_error(b, o->out, "the output folder is not a writable folder");
		goto fail;
	}
	if (access(parent, W_OK) != 0) {
		write_error(b, parent, "cannot write beside the output folder");
		goto fail;
	}
	o->lock_path = rb_xmalloc(strlen(parent) + strlen(base) + 16);
	sprintf(o->lock_path, "%s/.%s.rbc-lock", parent, base);
	o->lock_fd = take_lock(b, o->lock_path, o->out);
	if (o->lock_fd < 0 || !rb_outguard_read(b, o->out, &o->guard))
		goto fail;
	remove_leftovers(parent, base);
	o->tmp = rb_xmalloc(strlen(parent) + strlen(base) + 40);
	sprintf(o->tmp, "%s/.%s.rbc-tmp-%ld", parent, base, (long)getpid());
	if (mkdir(o->tmp, 0755) < 0) {
		write_error(b, o->tmp, "cannot create the temporary output folder");
		goto fail;
	}
	chmod(o->tmp, 0755);   /* independent of the umask */
	o->has_old = stat(o->out, &st) == 0;
	free(c1), free(c2);
	return o;
fail:
	free(c1), free(c2);
	if (o->lock_fd >= 0)
		unlink(o->lock_path), close(o->lock_fd);
	rb_outguard_free(&o->guard);
	free(o->lock_path);
	free(o->tmp);
	free(o->out);
	free(o);
	return NULL;
}

const char *rb_output_dir(const struct rb_output *o)
{
	return o->tmp;
}

void rb_output_in_place(struct rb_output *o)
{
	o->in_place = o->has_old && !o->guard.all;
}

char *rb_output_path(const struct rb_output *o, const char *rel)
{
	for (size_t i = o->nfiles; i-- > 0;)
		if (!strcmp(o->files[i].rel, rel))
			return rb_output_fs_join(o->in_place && o->files[i].linked ? o->out : o->tmp, rel);
	return rb_output_fs_join(o->tmp, rel);
}

/* mkdir -p for the folders of path inside the temporary folder. Files
 * come folder by folder, so the folder of the previous file is skipped. */
static bool make_parents(struct rb_output *o, const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dirlen = slash ? (size_t)(slash - path) : 0;
	if (o->last_dir && strlen(o->last_dir) == dirlen && !strncmp(o->last_dir, path, dirlen))
		return true;
	char *p = rb_xstrdup(path);
	for (char *s = p + strlen(o->tmp) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(p, 0755) == 0) {
			chmod(p, 0755);   /* independent of the umask */
		} else if (errno != EEXIST) {
			tree_error(o, p, "cannot create folder");
			free(p);
			return false;
		}
		*s = '/';
	}
	p[dirlen] = '\0';
	free(o->last_dir);
	o->last_dir = p;
	return true;
}

/* Remember a file of the new output. */
static void record_file(struct rb_output *o, char *rel, bool linked)
{
	if (o->nfiles == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 64;
		o->files = rb_xrealloc(o->files, o->cap * sizeof *o->files);
	}
	o->files[o->nfiles++] = (struct written){rel, linked};
}

/* When OUT already holds rel with these bytes, hard-link that file into
 * the new tree (it keeps its inode and mtime, and nothing is written).
 * False when it does not, or cannot be linked. */
static bool link_unchanged(struct rb_output *o, const char *rel, const char *fresh, const void *data, size_t len,
			   int mode)
{
	if (!o->has_old)
		return false;
	char *old = rb_output_fs_join(o->out, rel);
	bool linked = rb_output_fs_holds(old, data, len, mode) && link(old, fresh) == 0;
	free(old);
	return linked;
}

/* True (with a diagnostic) when rel would leave OUT. */
static bool bad_rel(struct rb_output *o, const char *rel)
{
	if (rel[0] && rel[0] != '/' && !strstr(rel, ".."))
		return false;
	errno = EINVAL;
	write_error(o->b, rel, "refusing an output path outside the output folder");
	return true;
}

/* A path for rel inside the temporary folder (malloc'd), with its folders
 * made; NULL (with a diagnostic) when rel leaves OUT or a folder fails. */
static char *fresh_path(struct rb_output *o, const char *rel)
{
	if (bad_rel(o, rel))
		return NULL;
	char *path = rb_output_fs_join(o->tmp, rel);
	if (make_parents(o, path))
		return path;
	free(path);
	return NULL;
}

struct rb_output_file {
	struct rb_output *o;
	char *rel;
	char *path;         /* malloc'd, owned */
	int fd, mode;
	bool ok;
	size_t size;        /* bytes appended */
};

size_t rb_output_file_size(const struct rb_output_file *f)
{
	return f->size;
}

/* Start a file of the output at path (made by fresh_path; NULL when that
 * failed, which leaves the file failed). */
static struct rb_output_file *open_at(struct rb_output *o, const char *rel, char *path, int mode)
{
	struct rb_output_file *f = rb_xcalloc(1, sizeof *f);
	f->o = o, f->mode = mode, f->fd = -1;
	f->rel = rb_xstrdup(rel);
	f->path = path;
	if (!path)
		return f;
	/* a file kept from the old OUT is a hard link to it: never write
	 * through one (the old OUT must stay whole until the swap) */
	unlink(path);
	f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0)
		tree_error(o, path, "cannot create file");
	f->ok = f->fd >= 0;
	return f;
}

struct rb_output_file *rb_output_open_file(struct rb_output *o, const char *rel, int mode)
{
	return open_at(o, rel, fresh_path(o, rel), mode);
}

void rb_output_append(struct rb_output_file *f, const void *data, size_t len)
{
	const char *p = data;
	f->size += len;
	while (f->ok && len) {
		ssize_t w = write(f->fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			tree_error(f->o, f->path, "cannot write file");
			f->ok = false;
			break;
		}
		p += w, len -= (size_t)w;
	}
}

/* Copy len bytes at offset at of fd to f's file with read and write
 * (where copy_file_range cannot); false when fd has fewer. */
static bool copy_by_hand(struct rb_output_file *f, int fd, size_t at, size_t len)
{
	char chunk[65536];
	while (f->ok && len) {
		ssize_t n = pread(fd, chunk, len < sizeof chunk ? len : sizeof chunk, (off_t)at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		rb_output_append(f, chunk, (size_t)n);
		at += (size_t)n, len -= (size_t)n;
	}
	return true;
}

void rb_output_append_range(struct rb_output_file *f, const struct rb_output_range *r)
{
	loff_t at = (loff_t)r->at;
	size_t len = r->len;
	if (!f->ok)
		f->size += len;   /* as rb_output_append counts them */
	while (f->ok && len) {
		ssize_t n = copy_file_range(r->fd, &at, f->fd, NULL, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
			if (copy_by_hand(f, r->fd, (size_t)at, len))
				return;
			n = 0;   /* the old file is shorter than its range */
		}
		if (n > 0) {
			f->size += (size_t)n;
		} else {
			if (n == 0)
				errno = EIO;
			tree_error(f->o, f->path, "cannot copy into file");
			f->ok = false;
			f->size += len;   /* as rb_output_append counts what it could not write */
			break;
		}
		len -= (size_t)n;
	}
}

void rb_output_put_range(void *arg)
{
	const struct rb_output_copy *c = arg;
	rb_output_append_range(c->f, c->r);
}

bool rb_output_close_file(struct rb_output_file *f)
{
	struct rb_output *o = f->o;
	bool ok = f->ok;
	if (f->fd >= 0) {
		fchmod(f->fd, (mode_t)f->mode);
		if (close(f->fd) < 0 && ok) {
			tree_error(o, f->path, "cannot write file");
			ok = false;
		}
	}
	if (ok)
		record_file(o, f->rel, false);
	else
		free(f->rel);
	free(f->path);
	free(f);
	return ok;
}

bool rb_output_write(struct rb_output *o, const char *rel, const void *data, size_t len, int mode)
{
	if (bad_rel(o, rel))
		return false;
	if (o->in_place) {
		char *old = rb_output_fs_join(o->out, rel);
		bool same = rb_output_fs_holds(old, data, len, mode);
		free(old);
		if (same) {
			record_file(o, rb_xstrdup(rel), true);    /* OUT has it already */
			return true;
		}
	}
	char *fresh = fresh_path(o, rel);
	if (!fresh)
		return false;
	if (link_unchanged(o, rel, fresh, data, len, mode)) {
		record_file(o, rb_xstrdup(rel), true);
		free(fresh);
		return true;
	}
	struct rb_output_file *f = open_at(o, rel, fresh, mode);
	rb_output_append(f, data, len);
	return rb_output_close_file(f);
}

bool rb_output_keep(struct rb_output *o, const char *rel)
{
	if (!o->has_old || bad_rel(o, rel))
		return false;
	if (o->in_place) {
		/* the caller knows OUT is as the last build left it: the file
		 * is there when that build wrote it (its manifest says so), and
		 * a stat of each of a big book's thousands of kept files would
		 * only say it again */
		bool ok = rb_outguard_owns(&o->guard, rel);
		if (ok)
			record_file(o, rb_xstrdup(rel), true);
		return ok;
	}
	char *fresh = fresh_path(o, rel);
	if (!fresh)
		return false;
	char *old = rb_output_fs_join(o->out, rel);
	struct stat st;
	bool ok = lstat(old, &st) == 0 && S_ISREG(st.st_mode);
	if (ok && link(old, fresh) == 0) {
		record_file(o, rb_xstrdup(rel), true);
	} else if (ok) {
		/* no hard link here (another file system, too many links): copy */
		char *data = NULL;
		size_t len = 0;
		FILE *in = fopen(old, "rb");
		ok = in != NULL;
		if (ok) {
			data = rb_xmalloc((size_t)st.st_size + 1);
			len = fread(data, 1, (size_t)st.st_size, in);
			ok = len == (size_t)st.st_size;
			fclose(in);
		}
		ok = ok && rb_output_write(o, rel, data, len, (int)(st.st_mode & 07777));
		free(data);
	}
	free(old);
	free(fresh);
	return ok;
}

/* Give files whose bytes did not change their old mtime back, so that a
 * rebuild of an unchanged book rewrites nothing that tools can see. */
static void keep_unchanged_mtimes(struct rb_output *o)
{
	for (size_t i = 0; i < o->nfiles; i++) {
		struct stat so, sn;
		if (o->files[i].linked)
			continue;
		char *old = rb_output_fs_join(o->out, o->files[i].rel), *fresh = rb_output_fs_join(o->tmp, o->files[i].rel);
		char *link_tmp = rb_xmalloc(strlen(fresh) + 16);
		sprintf(link_tmp, "%s.rbc-link", fresh);
		/* lstat: a symlink in OUT is never taken for rbc's file */
		if (lstat(old, &so) < 0 || !S_ISREG(so.st_mode) || stat(fresh, &sn) < 0 || so.st_size != sn.st_size ||
		    so.st_mode != sn.st_mode || !rb_output_fs_same(old, fresh)) {
			/* changed: the new file stays */
		} else if (link(old, link_tmp) == 0 && rename(link_tmp, fresh) == 0) {
			/* Hard-linked the old file into the new tree so that it
			 * keeps its inode too (a no-op rebuild rewrites zero files) */
			o->files[i].linked = true;
		} else {
			unlink(link_tmp);   /* no links here: keep the mtime at least */
			struct timespec times[2] = {so.st_atim, so.st_mtim};
			utimensat(AT_FDCWD, fresh, times, 0);
		}
		free(old), free(fresh), free(link_tmp);
	}
}

static void release(struct rb_output *o)
{
	if (o->lock_fd >= 0) {
		unlink(o->lock_path);   /* still held: a waiter then takes a new file */
		close(o->lock_fd);
	}
	free(o->lock_path);
	rb_outguard_free(&o->guard);
	for (size_t i = 0; i < o->nfiles; i++)
		free(o->files[i].rel);
	free(o->files);
	free(o->last_dir);
	free(o->tmp);
	free(o->out);
	free(o);
}

void rb_output_report(struct rb_output *o, void (*report)(void *ctx, const char *rel, bool changed), void *ctx)
{
	o->report = report;
	o->report_ctx = ctx;
}

/* Tell the report callback, once OUT is in place, about every file of the
 * new OUT and every file of the old one that is gone. */
static void report_files(struct rb_output *o)
{
	if (!o->report)
		return;
	for (size_t i = 0; i < o->nfiles; i++)
		o->report(o->report_ctx, o->files[i].rel, !o->files[i].linked);
	struct rb_strmap now = {0};
	for (size_t i = 0; i < o->nfiles; i++)
		rb_strmap_put(&now, o->files[i].rel, (unsigned)i);
	for (size_t i = 0; i < o->guard.n; i++) {
		unsigned j;
		if (!rb_strmap_get(&now, o->guard.owned[i], &j))
			o->report(o->report_ctx, o->guard.owned[i], true);
	}
	rb_strmap_free(&now);
}

/* Write OUT/.rbc-manifest into the new tree: every file this build wrote. */
static bool write_manifest(struct rb_output *o)
{
	const char **rels = rb_xmalloc((o->nfiles + 1) * sizeof *rels);
	for (size_t i = 0; i < o->nfiles; i++)
		rels[i] = o->files[i].rel;
	struct rb_buf text;
	rb_buf_init(&text);
	rb_outguard_format(&text, rels, o->nfiles);
	free(rels);
	bool ok = rb_output_write(o, RB_MANIFEST, text.data, text.len, 0644);
	rb_buf_free(&text);
	return ok;
}

/* --- in place: only the files that changed move into OUT --- */

/* The folder of OUT/rel, opened by walking down from OUT one name at a
 * time, never through a symlink (a folder swapped for a symlink cannot
 * lead out of OUT); with make, missing folders are made. Returns the
 * folder's descriptor and points *base at rel's last name; -1 with errno
 * when a folder is missing (without make) or is no folder. */
static int out_folder(const struct rb_output *o, const char *rel, bool make, const char **base)
{
	int fd = open(o->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *p = rel;
	for (const char *slash; fd >= 0 && (slash = strchr(p, '/')); p = slash + 1) {
		char name[NAME_MAX + 1];
		size_t n = (size_t)(slash - p);
		if (n > NAME_MAX) {
			close(fd);
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if (make && mkdirat(fd, name, 0755) == 0)
			fchmodat(fd, name, 0755, 0);   /* independent of the umask */
		int sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = sub;
	}
	*base = p;
	return fd;
}

/* Remove the empty folders of rel's path inside OUT, deepest first, until
 * one is not empty (never OUT itself, never through a symlink). */
static void remove_empty_folders(const struct rb_output *o, const char *rel)
{
	char *dir = rb_xstrdup(rel);
	for (char *s = strrchr(dir, '/'); s; s = strrchr(dir, '/')) {
		*s = '\0';
		const char *base;
		int fd = out_folder(o, dir, false, &base);
		bool gone = fd >= 0 && unlinkat(fd, base, AT_REMOVEDIR) == 0;
		if (fd >= 0)
			close(fd);
		if (!gone)
			break;
	}
	free(dir);
}

/* Make OUT/.rbc-manifest list the n paths rels (and no more), written
 * whole through the temporary folder; nothing is written when it does
 * already. *changed (may be NULL) says whether it was. False on error. */
static bool put_manifest(struct rb_output *o, const char **rels, size_t n, bool *changed)
{
	struct rb_buf text;
	rb_buf_init(&text);
	rb_outguard_format(&text, rels, n);
	char *path = rb_output_fs_join(o->out, RB_MANIFEST), *fresh = rb_output_fs_join(o->tmp, RB_MANIFEST);
	bool same = rb_output_fs_holds(path, text.data, text.len, 0644), ok = true;
	if (!same) {
		int fd = open(fresh, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
		ok = fd >= 0 && fchmod(fd, 0644) == 0 && write(fd, text.data, text.len) == (ssize_t)text.len;
		ok = fd >= 0 && close(fd) == 0 && ok && renameat(AT_FDCWD, fresh, AT_FDCWD, path) == 0;
		if (!ok)
			write_error(o->b, path, "cannot write the manifest");
	}
	if (changed)
		*changed = !same;
	free(path), free(fresh);
	rb_buf_free(&text);
	return ok;
}

/* Remove OUT/rel, a file the last build wrote and this one did not (never
 * a folder), and then its folders as long as they are empty. */
static void remove_stale(struct rb_output *o, const char *rel)
{
	const char *base;
	int fd = out_folder(o, rel, false, &base);
	bool gone = fd >= 0 && unlinkat(fd, base, 0) == 0;
	if (fd >= 0)
		close(fd);
	if (gone)
		remove_empty_folders(o, rel);
}

/* Commit an output written in place: files whose bytes did not change
 * stay as they are; the others are renamed into OUT one by one (each
 * whole: old or new, never half), after a manifest that names old and
 * new files both, so that a build killed part way leaves only files rbc
 * owns; then the files this build no longer writes go, and the manifest
 * names what OUT holds. False (with a diagnostic) on error. */
static bool commit_in_place(struct rb_output *o)
{
	bool ok = true, fresh_names = false;
	struct rb_strmap now = {0};
	for (size_t i = 0; i < o->nfiles; i++) {
		struct written *w = &o->files[i];
		rb_strmap_put(&now, w->rel, (unsigned)i);
		if (w->linked)
			continue;
		char *old = rb_output_fs_join(o->out, w->rel), *fresh = rb_output_fs_join(o->tmp, w->rel);
		struct stat so, sn;
		bool there = lstat(old, &so) == 0;
		if (there && S_ISREG(so.st_mode) && stat(fresh, &sn) == 0 && so.st_size == sn.st_size &&
		    so.st_mode == sn.st_mode && rb_output_fs_same(old, fresh)) {
			w->linked = true;   /* the same bytes: OUT keeps its file, inode and mtime */
		} else if (!rb_outguard_owns(&o->guard, w->rel)) {
			fresh_names = true;
			if (there) {
				rb_diag(o->b, RB_D_OUT_KEEP, (struct rb_loc){rb_arena_strdup(&o->b->arena, old), 0, 0},
					"the build writes a file at this path too, and the old one is not in %s; move it "
					"away, or rebuild with --force-clean to replace it", RB_MANIFEST);
				ok = false;
			}
		}
		free(old), free(fresh);
	}
	const char **rels = rb_xmalloc((o->nfiles + o->guard.n + 1) * sizeof *rels);
	size_t n = 0;
	for (size_t i = 0; i < o->nfiles; i++)
		rels[n++] = o->files[i].rel;
	if (ok && fresh_names) {
		for (size_t i = 0; i < o->guard.n; i++)
			rels[n + i] = o->guard.owned[i];
		ok = put_manifest(o, rels, n + o->guard.n, NULL);   /* old and new: both rbc's until the end */
	}
	for (size_t i = 0; ok && i < o->nfiles; i++) {
		struct written *w = &o->files[i];
		if (w->linked)
			continue;
		char *fresh = rb_output_fs_join(o->tmp, w->rel);
		const char *base;
		int fd = out_folder(o, w->rel, true, &base);
		if (fd < 0 || renameat(AT_FDCWD, fresh, fd, base) != 0) {
			char *old = rb_output_fs_join(o->out, w->rel);
			write_error(o->b, old, "cannot move the new file into place");
			free(old);
			ok = false;
		}
		if (fd >= 0)
			close(fd);
		free(fresh);
	}
	for (size_t i = 0; ok && i < o->guard.n; i++) {
		unsigned j;
		if (strcmp(o->guard.owned[i], RB_MANIFEST) && !rb_strmap_get(&now, o->guard.owned[i], &j))
			remove_stale(o, o->guard.owned[i]);
	}
	for (size_t i = 0; i < n; i++)
		rels[i] = o->files[i].rel;      /* put_manifest sorted the union in place */
	bool changed = false;
	ok = ok && put_manifest(o, rels, n, &changed);
	if (ok)
		record_file(o, rb_xstrdup(RB_MANIFEST), !changed);
	free(rels);
	rb_strmap_free(&now);
	return ok;
}

bool rb_output_commit(struct rb_output *o)
{
	struct stat st;
	if (o->in_place) {
		bool ok = commit_in_place(o);
		rb_output_fs_remove_tree(o->tmp);
		if (ok)
			report_files(o);
		release(o);
		return ok;
	}
	if (!write_manifest(o) || !rb_outguard_keep(o->b, &o->guard, o->out, o->tmp)) {
		rb_output_abort(o);     /* the old OUT stays as it was */
		return false;
	}
	bool ok = true;
	if (stat(o->out, &st) == 0) {
		keep_unchanged_mtimes(o);
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->out, RENAME_EXCHANGE) == 0) {
			rb_output_fs_remove_tree(o->tmp);     /* now the old site */
		} else if (errno == ENOSYS || errno == EINVAL) {
			char *old = rb_xmalloc(strlen(o->tmp) + 16);
			sprintf(old, "%s.rbc-old", o->tmp);
			ok = rename(o->out, old) == 0;
			if (ok && rename(o->tmp, o->out) != 0) {
				rename(old, o->out);    /* put the old OUT back */
				ok = false;
			}
			if (ok)
				rb_output_fs_remove_tree(old);
			free(old);
		} else {
			ok = false;
		}
	} else {
		ok = rename(o->tmp, o->out) == 0;
	}
	if (!ok) {
		write_error(o->b, o->out, "cannot move the new output into place");
		rb_output_fs_remove_tree(o->tmp);
	} else {
		report_files(o);
	}
	release(o);
	return ok;
}

void rb_output_abort(struct rb_output *o)
{
	rb_output_fs_remove_tree(o->tmp);
	release(o);
}

void rb_output_remove_tree(const char *path)
{
	rb_output_fs_remove_tree(path);
}
