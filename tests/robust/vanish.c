/* vanish.c: an LD_PRELOAD shim for tests/e2e/robust_files.sh, making
 * files change under a build at a chosen moment, deterministically:
 *  - opening a file whose name ends in "vanish.md" fails with ENOENT, as
 *    when the file is removed between the book walk's stat and the read;
 *  - a file whose name ends in "gone.md" opens once, then fails with
 *    ENOENT: removed after rbc read it for the book, before its pages;
 *  - a file whose name ends in "edited.md" opens once as it is; before
 *    the second open a line is appended to it: edited between the two
 *    reads of `rbc build`. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static int ends_with(const char *path, const char *tail)
{
	size_t n = strlen(path), m = strlen(tail);
	return n >= m && strcmp(path + n - m, tail) == 0;
}

static int (*real_open)(const char *, int, ...);

/* Append a line to path (the "edited" case). */
static void edit(const char *path)
{
	static const char line[] = "\nEdited while the build ran.\n";
	int fd = real_open(path, O_WRONLY | O_APPEND);
	if (fd >= 0) {
		if (write(fd, line, sizeof line - 1) < 0)
			errno = 0;
		close(fd);
	}
}

int open(const char *path, int flags, ...);
int open(const char *path, int flags, ...)
{
	static int gone_opens, edited_opens;
	va_list ap;
	va_start(ap, flags);
	mode_t mode = (flags & O_CREAT) ? (mode_t)va_arg(ap, int) : 0;
	va_end(ap);
	if (!real_open)
		real_open = (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, "open");
	if (ends_with(path, "vanish.md") ||
	    (ends_with(path, "gone.md") && __atomic_fetch_add(&gone_opens, 1, __ATOMIC_SEQ_CST) > 0)) {
		errno = ENOENT;
		return -1;
	}
	if (ends_with(path, "edited.md") && __atomic_fetch_add(&edited_opens, 1, __ATOMIC_SEQ_CST) == 1)
		edit(path);
	return real_open(path, flags, mode);
}
