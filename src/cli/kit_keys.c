/* kit_keys.c: secret keys and passwords for `rbc bundle --sign`, `rbc
 * bundle keygen`, and the atomic, non-clobbering write of small files
 * (kit_keys.h). A password comes from --password-file, RBC_KEY_PASSWORD
 * or a prompt on the terminal, never from the command line. */
#include "cli/kit_keys.h"
#include "cli/cli.h"
#include "base/arena.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define PASSWORD_MAX 1024
#define KEY_FILE_MAX 4096

/* Read at most max-1 bytes of the regular file path into buf (NUL-ended);
 * the length, or -1 after a message naming what. */
static long read_small(const char *path, const char *what, char *buf, size_t max, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, st) != 0) {
		fprintf(stderr, "rbc: cannot read the %s %s: %s\n", what, path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!S_ISREG(st->st_mode)) {
		fprintf(stderr, "rbc: the %s %s is not a regular file\n", what, path);
		close(fd);
		return -1;
	}
	size_t n = 0;
	ssize_t r;
	while (n + 1 < max && (r = read(fd, buf + n, max - 1 - n)) > 0)
		n += (size_t)r;
	close(fd);
	buf[n] = '\0';
	return (long)n;
}

/* Read a line from the terminal without echo into pw; false when there
 * is no terminal. */
static bool prompt_tty(const char *prompt, char *pw, size_t max)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 || !isatty(fd)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	struct termios old, quiet;
	bool echo_off = tcgetattr(fd, &old) == 0;
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(fd, TCSANOW, &quiet);   /* not FLUSH: keep what was typed ahead */
	}
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* no prompt shown: the read below still takes the line */
	}
	size_t n = 0;
	char c;
	while (n + 1 < max && read(fd, &c, 1) == 1 && c != '\n')
		pw[n++] = c;
	pw[n] = '\0';
	if (echo_off)
		tcsetattr(fd, TCSANOW, &old);
	if (write(fd, "\n", 1) < 0) {
		/* the newline the silent read swallowed; nothing to do without it */
	}
	close(fd);
	return true;
}

/* The password into pw (size PASSWORD_MAX): --password-file, else
 * RBC_KEY_PASSWORD, else the terminal (twice when confirm). False after
 * a message; why says what it is for. */
static bool get_password(const struct rb_build *b, const char *why, bool confirm, char *pw)
{
	struct stat st;
	if (b->opt.password_file) {
		long n = read_small(b->opt.password_file, "password file", pw, PASSWORD_MAX, &st);
		if (n < 0)
			return false;
		pw[strcspn(pw, "\r\n")] = '\0';
		return true;
	}
	const char *env = getenv("RBC_KEY_PASSWORD");
	if (env) {
		if (strlen(env) >= PASSWORD_MAX) {
			fputs("rbc: RBC_KEY_PASSWORD is longer than 1023 bytes\n", stderr);
			return false;
		}
		strcpy(pw, env);
		return true;
	}
	char again[PASSWORD_MAX];
	char *prompt = rb_xasprintf("Password for %s: ", why);
	bool ok = prompt_tty(prompt, pw, PASSWORD_MAX);
	free(prompt);
	if (!ok) {
		fprintf(stderr, "rbc: %s needs a password and there is no terminal to ask on: give "
			"--password-file FILE or set RBC_KEY_PASSWORD%s\n", why,
			confirm ? ", or make an unencrypted key with --no-password" : "");
		return false;
	}
	if (confirm && (!prompt_tty("The same password again: ", again, sizeof again) || strcmp(pw, again))) {
		sodium_memzero(again, sizeof again);
		fputs("rbc: the two passwords differ\n", stderr);
		return false;
	}
	sodium_memzero(again, sizeof again);
	return true;
}

bool rb_kit_keys_load(struct rb_build *b, const char *path, struct rb_minisign_key *key)
{
	char text[KEY_FILE_MAX], pw[PASSWORD_MAX] = "";
	struct stat st;
	struct rb_minisign_sec sec;
	const char *err;
	long n = read_small(path, "secret key", text, sizeof text, &st);
	if (n < 0)
		return false;
	if (st.st_mode & 077)
		fprintf(stderr, "rbc: warning: the secret key %s can be read by %s (mode %03o); chmod 600 %s\n", path,
			st.st_mode & 007 ? "every user" : "its group", (unsigned)(st.st_mode & 0777), path);
	bool ok = rb_minisign_sec_parse(text, (size_t)n, &sec, &err);
	sodium_memzero(text, sizeof text);
	if (!ok) {
		fprintf(stderr, "rbc: %s: %s\n", path, err);
		return false;
	}
	if (sec.encrypted && !get_password(b, path, false, pw))
		return false;
	ok = rb_minisign_sec_unlock(&sec, pw, key, &err);
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(&sec, sizeof sec);
	if (!ok)
		fprintf(stderr, "rbc: %s: %s\n", path, err);
	return ok;
}

bool rb_kit_keys_is_sig(const char *path)
{
	char head[20] = "";
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = '\0';
	return !strcmp(head, "untrusted comment: ");
}

bool rb_kit_keys_write(const struct rb_build *b, const char *path, const void *data, size_t len, int mode,
		       bool (*ours)(const char *path))
{
	struct stat st;
	if (lstat(path, &st) == 0 && !b->opt.force) {
		if (!S_ISREG(st.st_mode) || !ours || !ours(path)) {
			fprintf(stderr, "rbc: %s exists and rbc did not write it; move it away, or give --force to "
				"replace it\n", path);
			return false;
		}
	}
	char *tmp = rb_xasprintf("%s.rbc-tmp-XXXXXX", path);
	int fd = mkstemp(tmp);
	bool ok = fd >= 0;
	if (ok) {
		const char *p = data;
		for (size_t off = 0; ok && off < len;) {
			ssize_t w = write(fd, p + off, len - off);
			ok = w > 0;
			off += ok ? (size_t)w : 0;
		}
		ok = fchmod(fd, (mode_t)mode) == 0 && ok;
		ok = fsync(fd) == 0 && ok;
		ok = close(fd) == 0 && ok;
		ok = ok && rename(tmp, path) == 0;
	}
	if (!ok) {
		fprintf(stderr, "rbc: cannot write %s: %s\n", path, strerror(errno));
		if (fd >= 0)
			unlink(tmp);
	}
	free(tmp);
	return ok;
}

/* True when neither file of a new key pair exists yet; else false after
 * naming the one that does. A key is never replaced without --force: the
 * kits signed with it would stop verifying against its .pub. */
static bool keygen_paths_free(const char *key_path, const char *pub_path)
{
	const char *paths[] = {key_path, pub_path};
	struct stat st;
	for (size_t i = 0; i < 2; i++) {
		int r = lstat(paths[i], &st);
		if (r != 0 && errno == ENOENT)
			continue;
		if (r != 0)
			fprintf(stderr, "rbc: cannot check %s: %s\n", paths[i], strerror(errno));
		else
			fprintf(stderr, "rbc: %s already exists; 'rbc bundle keygen' does not replace a key (kits signed "
				"with it would stop verifying), so it wrote nothing: give another -o NAME, move %s "
				"away, or give --force to replace it\n", paths[i], paths[i]);
		return false;
	}
	return true;
}

int rb_kit_keygen(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc bundle keygen' needs a name: -o NAME writes NAME.pub and NAME.key\n"
		      "Try 'rbc help bundle'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	char pw[PASSWORD_MAX] = "", *pub_path = rb_xasprintf("%s.pub", b->opt.out);
	char *key_path = rb_xasprintf("%s.key", b->opt.out), id[17];
	struct rb_minisign_key key;
	struct rb_minisign_pub pk;
	struct rb_buf sec, pub;
	const char *err = NULL;
	rb_buf_init(&sec), rb_buf_init(&pub);
	int code = RB_EXIT_USAGE;
	if (!b->opt.force && !keygen_paths_free(key_path, pub_path))
		goto done;     /* before the password: nothing asked, nothing written */
	if (!b->opt.no_password && !get_password(b, key_path, true, pw))
		goto done;
	if (!b->opt.no_password && !pw[0]) {   /* "encrypted" with "" would look protected and be open */
		fputs("rbc: the password for the new key is empty, which protects nothing: give one, or make an "
		      "unencrypted key with --no-password\n", stderr);
		goto done;
	}
	rb_minisign_keygen(&key);
	rb_minisign_key_public(&key, &pk);
	rb_minisign_pub_format(&pk, &pub);
	rb_minisign_key_id(pk.id, id);
	if (!rb_minisign_sec_format(&key, b->opt.no_password ? NULL : pw, &sec, &err))
		fprintf(stderr, "rbc: %s\n", err);
	else if (rb_kit_keys_write(b, key_path, sec.data, sec.len, 0600, NULL)) {
		if (rb_kit_keys_write(b, pub_path, pub.data, pub.len, 0644, NULL))
			code = RB_EXIT_OK;
		else
			unlink(key_path);   /* a secret key without its public half is no pair */
	}
	if (code == RB_EXIT_OK && !b->opt.quiet)
		fprintf(stderr, "rbc: key %s: secret key %s (%s; keep it off the kit), public key %s\n", id, key_path,
			b->opt.no_password ? "not encrypted" : "encrypted", pub_path);
done:
	rb_minisign_wipe(&key);
	sodium_memzero(pw, sizeof pw);
	if (sec.data)
		sodium_memzero(sec.data, sec.len);
	rb_buf_free(&sec), rb_buf_free(&pub);
	free(pub_path);
	free(key_path);
	return code;
}
