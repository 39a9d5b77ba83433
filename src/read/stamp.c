/* stamp.c: stat stamps and the stamper (see stamp.h). */
#include "read/stamp.h"
#include "base/util.h"
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Append the decimal digits of v at *p (at most 20), padded with zeros
 * to width. */
static void put_num(char **p, unsigned long long v, int width)
{
	char d[24];
	int n = 0;
	do
		d[n++] = (char)('0' + v % 10);
	while ((v /= 10) || n < width);
	while (n)
		*(*p)++ = d[--n];
}

/* Append a time as seconds, '.', nine digits of nanoseconds. */
static void put_time(char **p, const struct timespec *t)
{
	if (t->tv_sec < 0)
		*(*p)++ = '-';
	put_num(p, t->tv_sec < 0 ? 0ULL - (unsigned long long)t->tv_sec : (unsigned long long)t->tv_sec, 1);
	*(*p)++ = '.';
	put_num(p, (unsigned long long)t->tv_nsec, 9);
}

void rb_stamp_text(const struct stat *st, char *out, size_t n)
{
	char buf[RB_STAMP_MAX], *p = buf;
	if (!S_ISREG(st->st_mode) || n < 1) {
		if (n)
			out[0] = '\0';
		return;
	}
	/* "%lld %lld.%09ld %lld.%09ld %llu %llu" by hand: a no-change rebuild
	 * formats one for each of its ~8,000 files, and snprintf cost ~3 ms */
	put_num(&p, (unsigned long long)st->st_size, 1);
	*p++ = ' ';
	put_time(&p, &st->st_mtim);
	*p++ = ' ';
	put_time(&p, &st->st_ctim);
	*p++ = ' ';
	put_num(&p, (unsigned long long)st->st_ino, 1);
	*p++ = ' ';
	put_num(&p, (unsigned long long)st->st_dev, 1);
	size_t len = (size_t)(p - buf) < n ? (size_t)(p - buf) : n - 1;
	memcpy(out, buf, len);
	out[len] = '\0';
}

void rb_stamp_of(const char *path, char *out, size_t n)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		st.st_mode = 0;
	rb_stamp_text(&st, out, n);
}

void rb_stamper_init(struct rb_stamper *s, const char *root)
{
	memset(s, 0, sizeof *s);
	s->root = root;
	for (int i = 0; i < RB_STAMPER_DIRS; i++)
		s->slot[i].fd = -1;
}

/* The descriptor of folder dir (dl bytes, relative to s->root), opened
 * into the least recently used slot unless a slot holds it; -1 when it
 * cannot be opened. */
static int folder(struct rb_stamper *s, const char *dir, size_t dl)
{
	int pick = 0;
	s->tick++;
	for (int i = 0; i < RB_STAMPER_DIRS; i++) {
		if (s->slot[i].dir && strlen(s->slot[i].dir) == dl && !memcmp(s->slot[i].dir, dir, dl)) {
			s->slot[i].used = s->tick;
			return s->slot[i].fd;
		}
		if (s->slot[i].used < s->slot[pick].used)
			pick = i;
	}
	if (s->slot[pick].fd >= 0)
		close(s->slot[pick].fd);
	free(s->slot[pick].dir);
	char *d = rb_xmalloc(dl + 1);
	memcpy(d, dir, dl);
	d[dl] = '\0';
	char *path = rb_xmalloc(strlen(s->root) + dl + 2);
	sprintf(path, "%s%s%s", s->root, dl ? "/" : "", d);
	s->slot[pick].dir = d;
	s->slot[pick].fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	s->slot[pick].used = s->tick;
	free(path);
	return s->slot[pick].fd;
}

void rb_stamper_get(struct rb_stamper *s, const char *rel, size_t len, char *out, size_t n)
{
	const char *slash = memrchr(rel, '/', len);
	size_t dl = slash ? (size_t)(slash - rel) : 0;
	const char *base = slash ? slash + 1 : rel;
	size_t bl = len - (size_t)(base - rel);
	char name[NAME_MAX + 1];
	struct stat st;
	int fd = -1;
	if (bl && bl <= NAME_MAX && (fd = folder(s, rel, dl)) >= 0) {
		memcpy(name, base, bl);
		name[bl] = '\0';
	}
	if (fd < 0 || fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		st.st_mode = 0;
	rb_stamp_text(&st, out, n);
}

void rb_stamper_end(struct rb_stamper *s)
{
	for (int i = 0; i < RB_STAMPER_DIRS; i++) {
		if (s->slot[i].fd >= 0)
			close(s->slot[i].fd);
		free(s->slot[i].dir);
	}
	memset(s, 0, sizeof *s);
}
