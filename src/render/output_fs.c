/* output_fs.c: the file operations of output folders that need no
 * output: joining paths, comparing a file with bytes or another file,
 * removing a tree. output.c stands on it. */
#include "render/output_fs.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* nftw's callback: remove one entry of the tree. */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

/* Remove a folder tree; missing is fine. */
void rb_output_fs_remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/rel as a new malloc'd string. */
char *rb_output_fs_join(const char *dir, const char *rel)
{
	size_t n = strlen(dir), m = strlen(rel);
	char *p = rb_xmalloc(n + m + 2);
	memcpy(p, dir, n);
	p[n] = '/';
	memcpy(p + n + 1, rel, m + 1);
	return p;
}

/* True when the file at path holds exactly data[0..len) with mode. */
bool rb_output_fs_holds(const char *path, const void *data, size_t len, int mode)
{
	struct stat st;
	if (lstat(path, &st) < 0 || !S_ISREG(st.st_mode) || (size_t)st.st_size != len ||
	    (st.st_mode & 07777) != (mode_t)mode)
		return false;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return false;
	const char *want = data;
	char chunk[16384];
	size_t at = 0;
	bool same = true;
	while (same && at < len) {
		ssize_t n = read(fd, chunk, sizeof chunk);
		if (n < 0 && errno == EINTR)
			continue;
		same = n > 0 && (size_t)n <= len - at && !memcmp(chunk, want + at, (size_t)n);
		at += n > 0 ? (size_t)n : 0;
	}
	close(fd);
	return same;
}

/* True when two files hold the same bytes. */
bool rb_output_fs_same(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fa ? fopen(b, "rb") : NULL;
	bool same = fa && fb;
	char x[8192], y[8192];
	while (same) {
		size_t na = fread(x, 1, sizeof x, fa), nb = fread(y, 1, sizeof y, fb);
		if (na != nb || memcmp(x, y, na))
			same = false;
		if (na == 0)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	return same;
}
