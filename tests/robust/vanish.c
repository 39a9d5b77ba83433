/* vanish.c: an LD_PRELOAD shim for tests/e2e/robust_files.sh. Opening a
 * file whose name ends in "vanish.md" fails with ENOENT, as when the file
 * is removed between the book walk's stat and the read: a deterministic
 * "file that vanishes during the build". */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>

static int vanished(const char *path)
{
	size_t n = strlen(path);
	return n >= 9 && strcmp(path + n - 9, "vanish.md") == 0;
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
	static int (*real_open)(const char *, int, ...);
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	if (vanished(path)) {
		errno = ENOENT;
		return -1;
	}
	if (!real_open)
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	return real_open(path, flags, mode);
}
