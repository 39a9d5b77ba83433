/* load_file.c: safe reading of one text file (see load_file.h): size
 * limits, no FIFOs, UTF-8 only, BOM and CRLF removed. Apart from load.c so
 * that every reader of a book's files (the walk, alert files, import)
 * stands on it without standing on the walk. */
#include "read/load_file.h"
#include "read/bookfs.h"
#include "base/util.h"
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Line and column (1-based, column in bytes) of offset off in data. */
static struct rb_loc offset_loc(const char *file, const char *data, size_t off)
{
	struct rb_loc loc = {file, 1, 1};
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n')
			loc.line++, loc.col = 1;
		else
			loc.col++;
	}
	return loc;
}

/* Read the whole of fd into the arena, refusing more than limit bytes. */
static bool read_all(struct rb_build *b, int fd, const char *display, long limit, struct rb_file *out)
{
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rb_diag(b, RB_D_NOT_REGULAR, (struct rb_loc){display, 0, 0}, "it is %s", rb_bookfs_kind(st.st_mode));
		return false;
	}
	if (st.st_size > limit) {
		rb_diag(b, RB_D_TOO_LARGE, (struct rb_loc){display, 1, 1},
			"file is %.1f MB; the limit is %ld MB per file; split it into several runbooks",
			(double)st.st_size / (1024.0 * 1024.0), limit / (1024 * 1024));
		return false;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = rb_arena_alloc(&b->arena, cap + 1);
	for (;;) {
		ssize_t n = read(fd, data + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rb_diag(b, RB_D_IO, (struct rb_loc){display, 0, 0}, "%s", strerror(errno));
			return false;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == cap) {    /* grew while we read */
			rb_diag(b, RB_D_TOO_LARGE, (struct rb_loc){display, 1, 1}, "file grew while it was read");
			return false;
		}
	}
	data[len] = '\0';
	out->data = data;
	out->len = len;
	return true;
}

/* The name of the UTF-16 or UTF-32 encoding the text is in (by its
 * byte-order mark, or by where the NUL bytes of its first 4 KiB fall:
 * ASCII in UTF-16LE is "a\0b\0"), or NULL for anything else; *bom is
 * set when a byte-order mark says so. */
static const char *wide_encoding(const unsigned char *s, size_t len, bool *bom)
{
	*bom = true;
	if (len >= 4 && !memcmp(s, "\xFF\xFE\0\0", 4))
		return "UTF-32LE";
	if (len >= 4 && !memcmp(s, "\0\0\xFE\xFF", 4))
		return "UTF-32BE";
	if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		return "UTF-16LE";
	if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		return "UTF-16BE";
	*bom = false;
	size_t n = (len < 4096 ? len : 4096) & ~(size_t)3, z[4] = {0};
	for (size_t i = 0; i < n; i++)
		z[i & 3] += !s[i];
	size_t q = n / 4;          /* positions per residue mod 4 */
	if (q < 2)
		return NULL;
	bool hi[4], lo[4];
	for (int r = 0; r < 4; r++)
		hi[r] = z[r] * 10 >= q * 9, lo[r] = z[r] * 10 <= q;
	if (lo[0] && hi[1] && hi[2] && hi[3])
		return "UTF-32LE";
	if (hi[0] && hi[1] && hi[2] && lo[3])
		return "UTF-32BE";
	if (lo[0] && lo[2] && z[1] + z[3] >= q)      /* most odd bytes NUL */
		return "UTF-16LE";
	if (lo[1] && lo[3] && z[0] + z[2] >= q)
		return "UTF-16BE";
	return NULL;
}

/* Check encoding, drop a BOM and turn CRLF into LF, in place. */
static bool normalise_text(struct rb_build *b, struct rb_file *f)
{
	bool bom;
	const char *wide = wide_encoding((const unsigned char *)f->data, f->len, &bom);
	if (wide) {
		rb_diag(b, RB_D_WIDE_TEXT, (struct rb_loc){f->file, 1, 1},
			"it is %s%s: iconv -f %s -t UTF-8 FILE > FILE.new && mv FILE.new FILE", wide,
			bom ? " with a byte-order mark" : "", wide);
		return false;
	}
	const char *nul = memchr(f->data, '\0', f->len);
	if (nul) {
		rb_diag(b, RB_D_BINARY_FILE, offset_loc(f->file, f->data, (size_t)(nul - f->data)), NULL);
		return false;
	}
	size_t bad = rb_utf8_invalid(f->data, f->len);
	if (bad != (size_t)-1) {
		rb_diag(b, RB_D_BAD_UTF8, offset_loc(f->file, f->data, bad), "byte 0x%02X",
			(unsigned char)f->data[bad]);
		return false;
	}
	if (f->len >= 3 && memcmp(f->data, "\xEF\xBB\xBF", 3) == 0) {
		memmove(f->data, f->data + 3, f->len - 2);
		f->len -= 3;
	}
	const char *cr = memchr(f->data, '\r', f->len);
	if (!cr)
		return true;     /* the common case: LF endings, nothing to move */
	size_t j = (size_t)(cr - f->data);
	for (size_t i = j; i < f->len; i++) {
		if (f->data[i] == '\r' && i + 1 < f->len && f->data[i + 1] == '\n')
			continue;
		f->data[j++] = f->data[i];
	}
	f->data[j] = '\0';
	f->len = j;
	return true;
}

bool rb_load_file(struct rb_build *b, const char *path, const char *display,
		  long limit, struct rb_file *out)
{
	out->file = display;
	/* O_NONBLOCK: a file swapped for a FIFO after the walk's stat must not
	 * hang the build; read_all then refuses it as not a regular file. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		const char *hint = errno == EACCES ? "; check its permissions" :
				   errno == ELOOP ? "; it is a symlink loop" : "";
		if (errno == ENAMETOOLONG)
			rb_diag(b, RB_D_PATH_TOO_LONG, (struct rb_loc){display, 0, 0}, "%zu bytes", strlen(path));
		else
			rb_diag(b, errno == ELOOP ? RB_D_SYMLINK_LOOP : RB_D_IO, (struct rb_loc){display, 0, 0},
				"%s%s", strerror(errno), hint);
		return false;
	}
	return rb_load_fd(b, fd, display, limit, out);
}

bool rb_load_fd(struct rb_build *b, int fd, const char *display, long limit, struct rb_file *out)
{
	out->file = display;
	bool ok = read_all(b, fd, display, limit, out);
	close(fd);
	return ok && normalise_text(b, out);
}
