/* cache_dir.c: rbc's cache folders and their files (see cache_dir.h). */
#include "read/cache_dir.h"
#include "base/util.h"
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* dir/name opened for reading when it is a regular file (never through
 * a symlink) of at most max bytes, its size in *size; -1 otherwise. */
static int open_file(const char *dir, const char *name, size_t max, size_t *size)
{
	char *path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max)) {
		close(fd);
		fd = -1;
	}
	*size = fd >= 0 ? (size_t)st.st_size : 0;
	return fd;
}

char *rb_cache_dir_read(const char *dir, const char *name, size_t max, size_t *len)
{
	size_t want, got = 0;
	int fd = open_file(dir, name, max, &want);
	if (fd < 0)
		return NULL;
	char *s = rb_xmalloc(want + 1);
	while (got < want) {
		ssize_t n = read(fd, s + got, want - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got != want) {
		free(s);
		return NULL;
	}
	s[got] = '\0';
	if (len)
		*len = got;
	return s;
}

/* The bytes of a mapping of n bytes and its NUL: whole pages. */
static size_t map_span(size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	return (n + 1 + page - 1) / page * page;
}

char *rb_cache_dir_map_fd(int fd, size_t max, size_t *len)
{
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size > max)
		return NULL;
	size_t size = (size_t)st.st_size;
	/* anonymous zero pages, the file's pages over them: the byte past its
	 * end is a NUL even when its size is a whole number of pages */
	char *p = mmap(NULL, map_span(size), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p != MAP_FAILED && size &&
	    mmap(p, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0) == MAP_FAILED) {
		munmap(p, map_span(size));
		p = MAP_FAILED;
	}
	if (p == MAP_FAILED)
		return NULL;
	*len = size;
	return p;
}

char *rb_cache_dir_map(const char *dir, const char *name, size_t max, size_t *len)
{
	size_t size;
	int fd = open_file(dir, name, max, &size);
	char *p = rb_cache_dir_map_fd(fd, max, len);
	if (fd >= 0)
		close(fd);
	return p;
}

void rb_cache_dir_unmap(char *text, size_t len)
{
	if (text)
		munmap(text, map_span(len));
}

void rb_cache_dir_drop(const char *text, size_t len)
{
	(void)madvise((void *)text, map_span(len), MADV_DONTNEED);   /* clean file pages: read again from the file */
}

/* Remove dir's temporaries of name (".name.tmp-PID") whose process is gone. */
static void sweep_tmp(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	size_t n = strlen(name);
	for (struct dirent *e; (e = readdir(d));) {
		const char *s = e->d_name;
		if (s[0] != '.' || strncmp(s + 1, name, n) || strncmp(s + 1 + n, ".tmp-", 5))
			continue;
		char *stop;
		long pid = strtol(s + n + 6, &stop, 10);
		if (*stop || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		(void)unlinkat(dirfd(d), s, 0);   /* a killed build's: never read, only in the way */
	}
	closedir(d);
}

void rb_cache_dir_begin(struct rb_cache_file *f, const char *dir, const char *name)
{
	f->path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	f->tmp = rb_xmalloc(strlen(dir) + strlen(name) + 40);
	sprintf(f->path, "%s/%s", dir, name);
	sprintf(f->tmp, "%s/.%s.tmp-%ld", dir, name, (long)getpid());
	sweep_tmp(dir, name);
	f->fd = open(f->tmp, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
}

bool rb_cache_dir_add(struct rb_cache_file *f, const void *data, size_t len)
{
	for (const char *p = data; f->fd >= 0 && len;) {
		ssize_t n = write(f->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(f->fd);
			unlink(f->tmp);
			f->fd = -1;
			break;
		}
		p += n, len -= (size_t)n;
	}
	return f->fd >= 0;
}

/* Finish f (see rb_cache_dir_end); hold: return its descriptor open
 * rather than closing it. -1 when it was not renamed into place. */
static int finish(struct rb_cache_file *f, bool keep, bool hold)
{
	int fd = f->fd;
	bool ok = fd >= 0 && keep && (hold || close(fd) == 0);
	if (ok && rename(f->tmp, f->path) != 0)
		ok = false;
	if (!ok && fd >= 0) {
		if (hold || !keep)
			close(fd);
		unlink(f->tmp);
	}
	f->fd = -1;
	free(f->path);
	free(f->tmp);
	f->path = f->tmp = NULL;
	return ok ? (hold ? fd : 0) : -1;
}

bool rb_cache_dir_end(struct rb_cache_file *f, bool keep)
{
	return finish(f, keep, false) >= 0;
}

int rb_cache_dir_end_open(struct rb_cache_file *f)
{
	return finish(f, true, true);
}

bool rb_cache_dir_write(const char *dir, const char *name, const void *data, size_t len)
{
	struct rb_cache_file f;
	rb_cache_dir_begin(&f, dir, name);
	rb_cache_dir_add(&f, data, len);
	return rb_cache_dir_end(&f, true);
}

int rb_cache_dir_append(const char *dir, const char *name, const void *data, size_t len)
{
	char *path = rb_xmalloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	int fd = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
	free(path);
	struct stat st;
	bool ok = fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid();
	ssize_t n = ok ? write(fd, data, len) : -1;   /* one write: entries of builds beside it stay whole */
	ok = ok && n == (ssize_t)len;
	if (!ok && fd >= 0)
		close(fd);
	return ok ? fd : -1;
}
