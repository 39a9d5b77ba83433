/* output_file.c: one file of an output folder written as a stream:
 * appended to, copied into from an old file's range (copy_file_range),
 * closed and then recorded by output.c. See output.h for the promises. */
#include "render/output.h"
#include "render/output_tree.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

struct rb_output_file *rb_output_file_at(struct rb_output *o, const char *rel, char *path, int mode)
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
		rb_output_tree_error(o, path, "cannot create file");
	f->ok = f->fd >= 0;
	return f;
}

struct rb_output_file *rb_output_open_file(struct rb_output *o, const char *rel, int mode)
{
	return rb_output_file_at(o, rel, rb_output_fresh_path(o, rel), mode);
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
			rb_output_tree_error(f->o, f->path, "cannot write file");
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
			rb_output_tree_error(f->o, f->path, "cannot copy into file");
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
			rb_output_tree_error(o, f->path, "cannot write file");
			ok = false;
		}
	}
	if (ok)
		rb_output_record(o, f->rel, false);
	else
		free(f->rel);
	free(f->path);
	free(f);
	return ok;
}
