/* cache_dir.c: rbc's cache folders and their files (see cache_dir.h). */
#include "read/cache_dir.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Make the folder path (mode 0700) or find it: it must be a real folder
 * of this user that no one else may write into, never a symlink. */
static bool own_dir(const char *path)
{
	struct stat st;
	if (mkdir(path, 0700) != 0 && errno != EEXIST)
		return false;
	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == geteuid() &&
	       !(st.st_mode & (S_IWGRP | S_IWOTH));
}

const char *rb_cache_dir_open(struct rb_build *b, const char *kind, const char *key)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char *base = xdg && xdg[0] == '/' ? rb_arena_strdup(&b->arena, xdg)
		     : home && home[0] == '/' ? rb_arena_printf(&b->arena, "%s/.cache", home) : NULL;
	if (!base)
		return NULL;
	uint64_t h = rb_hash64_finish(rb_hash64_mix(0x9ae16a3b2f90404fULL, 0x100000001b3ULL, key, strlen(key)));
	char *rbc = rb_arena_printf(&b->arena, "%s/rbc", base);
	char *dir = rb_arena_printf(&b->arena, "%s/%s-%016llx", rbc, kind, (unsigned long long)h);
	mkdir(base, 0700);     /* XDG_CACHE_HOME itself is the user's to choose */
	return own_dir(rbc) && own_dir(dir) ? dir : NULL;
}

char *rb_cache_dir_read(const char *dir, const char *name, size_t max, size_t *len)
{
	char *path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *s = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size <= max) {
		size_t want = (size_t)st.st_size, got = 0;
		s = rb_xmalloc(want + 1);
		while (got < want) {
			ssize_t n = read(fd, s + got, want - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		if (got != want) {
			free(s);
			s = NULL;
		} else {
			s[got] = '\0';
			if (len)
				*len = got;
		}
	}
	close(fd);
	return s;
}

bool rb_cache_dir_write(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	char *tmp = rb_xmalloc(strlen(dir) + strlen(name) + 40);
	sprintf(path, "%s/%s", dir, name);
	sprintf(tmp, "%s/.%s.tmp-%ld", dir, name, (long)getpid());
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	bool ok = fd >= 0;
	for (const char *p = data; ok && len;) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		ok = n > 0;
		if (ok)
			p += n, len -= (size_t)n;
	}
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok && fd >= 0)
		unlink(tmp);
	free(path);
	free(tmp);
	return ok;
}

bool rb_cache_dir_append(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
	ssize_t n = ok ? write(fd, data, len) : -1;   /* one write: entries of builds beside it stay whole */
	ok = ok && n == (ssize_t)len;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	return ok;
}
