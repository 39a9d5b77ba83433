/* kit_verify.c: `rbc verify`'s checks of a DR kit, offline (kit.h): the
 * signature, every file against SHA256SUMS, nothing missing or extra, no
 * unsafe entry, and the valid-until date. One line per check. */
#include "render/kit.h"
#include "render/archive_lib.h"
#include "base/arena.h"
#include "base/minisign.h"
#include "base/util.h"
#include "base/visible.h"
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Files larger than this are not read into memory (SHA256SUMS, PROVENANCE.json, keys, signatures). */
#define SMALL_MAX (16L << 20)

/* One file of the archive: its name below RB_KIT_ROOT/ and its SHA-256. */
struct entry {
	char *rel;
	char hex[65];
	bool listed;       /* named in SHA256SUMS */
};

/* What reading the archive found. */
struct found {
	struct entry *e;
	size_t n, cap;
	struct rb_buf unsafe;      /* ", "-separated names of unsafe entries */
	struct rb_buf sums, prov;  /* the texts of SHA256SUMS and PROVENANCE.json */
	bool has_sums, has_prov;
	char err[512];             /* why the archive could not be read, or "" */
};

/* qsort/bsearch order of entries: byte order of their names. */
static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->rel, ((const struct entry *)b)->rel);
}

/* The entry named rel, or NULL (f->e is sorted). */
static struct entry *find(struct found *f, const char *rel)
{
	struct entry key = {.rel = (char *)rel};
	return bsearch(&key, f->e, f->n, sizeof *f->e, cmp_entry);
}

/* Append name to a ", "-separated list. */
static void list_add(struct rb_buf *b, const char *name)
{
	if (b->len)
		rb_buf_puts(b, ", ");
	rb_buf_puts(b, name);
}

/* The part of an archive name below RB_KIT_ROOT/, or NULL when the name
 * is absolute, has an empty, "." or ".." part, or lies outside the root. */
static const char *safe_name(const char *name)
{
	size_t r = strlen(RB_KIT_ROOT);
	if (strncmp(name, RB_KIT_ROOT "/", r + 1))
		return NULL;
	for (const char *p = name; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return NULL;
		p += n + (p[n] == '/');     /* a folder's trailing '/' ends the loop */
	}
	return name + r + 1;
}

/* Read one regular entry's data: hash it, and keep it in keep when not NULL. */
static bool read_data(const struct rb_archive_lib *L, struct archive *a, struct entry *e, struct rb_buf *keep,
		      char *err, size_t errn)
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	char buf[65536];
	la_ssize_t n;
	crypto_hash_sha256_init(&st);
	while ((n = L->read_data(a, buf, sizeof buf)) > 0) {
		crypto_hash_sha256_update(&st, (unsigned char *)buf, (unsigned long long)n);
		if (keep && keep->len + (size_t)n <= (size_t)SMALL_MAX)
			rb_buf_add(keep, buf, (size_t)n);
	}
	if (n < 0) {
		snprintf(err, errn, "%s: %s", e->rel, L->error_string(a));
		return false;
	}
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(e->hex, sizeof e->hex, h, sizeof h);
	return true;
}

/* Read every entry of the archive into f; false when it cannot be read. */
static bool read_archive(const char *path, struct found *f)
{
	struct rb_archive_lib lib, *L = &lib;
	if (!rb_archive_lib_open(L, "verify", f->err, sizeof f->err))
		return false;
	struct archive *a = L->read_new();
	struct archive_entry *ae;
	bool ok = true;
	L->read_support_filter_gzip(a);
	L->read_support_format_tar(a);
	if (L->read_open_filename(a, path, 65536) != ARCHIVE_OK) {
		snprintf(f->err, sizeof f->err, "%s", L->error_string(a));
		L->read_free(a);
		rb_archive_lib_close(L);
		return false;
	}
	int r;
	while (ok && (r = L->read_next_header(a, &ae)) == ARCHIVE_OK) {
		const char *name = L->entry_pathname(ae), *rel = name ? safe_name(name) : NULL;
		mode_t type = L->entry_filetype(ae);
		if (!rel || (type != AE_IFREG && type != AE_IFDIR) || L->entry_hardlink(ae) ||
		    L->entry_symlink(ae)) {
			list_add(&f->unsafe, name ? name : "(no name)");
			continue;
		}
		if (type == AE_IFDIR)
			continue;
		if (f->n == f->cap) {
			f->cap = f->cap ? 2 * f->cap : 64;
			f->e = rb_xrealloc(f->e, f->cap * sizeof *f->e);
		}
		struct entry *e = &f->e[f->n++];
		memset(e, 0, sizeof *e);
		e->rel = rb_xstrdup(rel);
		struct rb_buf *keep = !strcmp(rel, "SHA256SUMS") ? &f->sums : !strcmp(rel, "PROVENANCE.json") ? &f->prov : NULL;
		f->has_sums |= keep == &f->sums;
		f->has_prov |= keep == &f->prov;
		ok = read_data(L, a, e, keep, f->err, sizeof f->err);
	}
	if (ok && r != ARCHIVE_EOF) {
		snprintf(f->err, sizeof f->err, "%s", L->error_string(a));
		ok = false;
	}
	L->read_free(a);
	rb_archive_lib_close(L);
	qsort(f->e, f->n, sizeof *f->e, cmp_entry);
	for (size_t i = 1; ok && i < f->n; i++)
		if (!strcmp(f->e[i].rel, f->e[i - 1].rel))
			list_add(&f->unsafe, f->e[i].rel);   /* the same name twice: which one counts? */
	return ok;
}

/* Print one check's line, the kit's names and comments in it escaped
 * (visible.h: an entry name or trusted comment cannot drive the terminal
 * or forge an "ok" line); returns ok. */
static bool report(FILE *out, bool ok, const char *check, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static bool report(FILE *out, bool ok, const char *check, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = NULL;
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(out, "%s %s: ", ok ? "ok  " : "FAIL", check);
	rb_visible_fputs(out, msg ? msg : "(out of memory)", 0);
	fputc('\n', out);
	free(msg);
	return ok;
}

/* Check every line of SHA256SUMS, and that every file is listed. */
static bool check_sums(struct found *f, FILE *out)
{
	struct rb_buf bad, missing, extra;
	rb_buf_init(&bad), rb_buf_init(&missing), rb_buf_init(&extra);
	size_t nlisted = 0;
	bool form = f->has_sums;
	char *text = rb_xstrdup(rb_buf_cstr(&f->sums));
	for (char *line = text, *next; form && line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t h = strspn(line, "0123456789abcdef");
		if (h != 64 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') || !line[66]) {
			form = false;
			break;
		}
		const char *rel = line + 66;
		struct entry *e = find(f, rel);
		nlisted++;
		if (!e)
			list_add(&missing, rel);
		else if (memcmp(e->hex, line, 64))
			list_add(&bad, rel);
		if (e)
			e->listed = true;
	}
	free(text);
	for (size_t i = 0; i < f->n; i++)
		if (!f->e[i].listed && strcmp(f->e[i].rel, "SHA256SUMS"))
			list_add(&extra, f->e[i].rel);
	bool ok;
	if (!form)
		ok = report(out, false, "checksums", f->has_sums ? "SHA256SUMS is not in coreutils' format" : "the kit has no SHA256SUMS");
	else if (bad.len)
		ok = report(out, false, "checksums", "changed since the kit was made: %s", bad.data);
	else
		ok = report(out, true, "checksums", "%zu files match SHA256SUMS", nlisted);
	if (form && (missing.len || extra.len))
		ok = report(out, false, "complete", "%s%s%s%s%s", missing.len ? "missing: " : "", rb_buf_cstr(&missing),
			    missing.len && extra.len ? "; " : "", extra.len ? "not in SHA256SUMS: " : "", rb_buf_cstr(&extra)) && ok;
	else if (form)
		report(out, true, "complete", "no file missing, none extra");
	rb_buf_free(&bad), rb_buf_free(&missing), rb_buf_free(&extra);
	return ok;
}

/* Read a small file whole (malloc'd, NUL-terminated); NULL with errno. */
static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return NULL;
	struct rb_buf b;
	rb_buf_init(&b);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && b.len < (size_t)SMALL_MAX)
		rb_buf_add(&b, buf, n);
	fclose(fp);
	*len = b.len;
	rb_buf_putc(&b, '\0');
	return rb_buf_detach(&b);
}

/* The value of "key:VALUE" in a trusted comment (malloc'd), or NULL. */
static char *comment_field(const char *tc, const char *key)
{
	size_t k = strlen(key);
	for (const char *p = tc; (p = strstr(p, key)); p += k)
		if ((p == tc || p[-1] == ' ' || p[-1] == '\t') && p[k] == ':')
			return strndup(p + k + 1, strcspn(p + k + 1, " \t"));
	return NULL;
}

/* The signature against the public key; the trusted comment must name
 * the commit and valid-until date that PROVENANCE.json holds. */
static bool check_sig(const struct rb_kit_check *c, json_t *prov, FILE *out)
{
	if (!c->pubkey)
		return report(out, true, "signature", "not checked: no key given or configured (anyone could have made "
			      "this kit); give --pubkey FILE, or --book DIR whose rbc.yaml has bundle: {pubkey: FILE}");
	size_t klen, slen;
	char *ktext = slurp(c->pubkey, &klen), *tc = NULL;
	int kerr = errno;
	char *stext = c->sig ? slurp(c->sig, &slen) : NULL;
	int serr = errno;
	const char *err = NULL;
	struct rb_minisign_pub pk;
	unsigned char hash[RB_MINISIGN_HASH];
	bool ok = false;
	if (!ktext)
		report(out, false, "signature", "cannot read the public key %s: %s", c->pubkey, strerror(kerr));
	else if (!rb_minisign_pub_parse(ktext, klen, &pk, &err))
		report(out, false, "signature", "%s: %s", c->pubkey, err);
	else if (!stext && serr == ENOENT)
		report(out, false, "signature", "missing %s (an unsigned kit, or its signature was not copied beside it)",
		       c->sig);
	else if (!stext)
		report(out, false, "signature", "cannot read the signature %s: %s", c->sig, strerror(serr));
	else if (!rb_minisign_hash_file(c->archive, hash))
		report(out, false, "signature", "cannot read %s: %s", c->archive, strerror(errno));
	else if (!rb_minisign_verify(&pk, stext, slen, hash, &tc, &err))
		report(out, false, "signature", "%s: %s", c->sig, err);
	else {
		const char *commit = json_string_value(json_object_get(prov, "commit"));
		const char *until = json_string_value(json_object_get(prov, "valid_until"));
		char *tcommit = comment_field(tc, "commit"), *tuntil = comment_field(tc, "valid-until"), id[17];
		rb_minisign_key_id(pk.id, id);
		if (!tcommit || !tuntil || strcmp(tcommit, commit ? commit : "none") || strcmp(tuntil, until ? until : "none"))
			report(out, false, "signature", "the signed comment '%s' does not name this kit's commit and "
			       "valid-until date (PROVENANCE.json)", tc);
		else
			ok = report(out, true, "signature", "made with key %s (%s %s); trusted comment: %s", id,
				    c->key_from ? c->key_from : "--pubkey", c->pubkey, tc);
		free(tcommit);
		free(tuntil);
	}
	free(tc);
	free(ktext);
	free(stext);
	return ok;
}

/* The valid-until date against c->today. */
static bool check_until(const struct rb_kit_check *c, json_t *prov, FILE *out)
{
	const char *until = json_string_value(json_object_get(prov, "valid_until"));
	long day;
	char today[16];
	rb_format_date(c->today, today, sizeof today);
	if (!prov)
		return report(out, false, "valid-until", "the kit has no readable PROVENANCE.json");
	if (!until)
		return report(out, true, "valid-until", "no review date in the book: the kit does not expire");
	if (!rb_parse_date(until, &day))
		return report(out, false, "valid-until", "PROVENANCE.json's valid_until '%s' is not a date", until);
	if (day < c->today)
		return report(out, false, "valid-until", "expired on %s (a runbook's review fell due; today is %s): "
			      "build a new kit", until, today);
	return report(out, true, "valid-until", "%s (today is %s)", until, today);
}

bool rb_kit_verify(const struct rb_kit_check *c, FILE *out)
{
	struct found f = {0};
	rb_buf_init(&f.unsafe), rb_buf_init(&f.sums), rb_buf_init(&f.prov);
	if (sodium_init() < 0)
		abort();
	bool ok = read_archive(c->archive, &f);
	if (!ok) {
		if (c->pubkey)
			check_sig(c, NULL, out);    /* a damaged kit usually fails here first */
		report(out, false, "archive", "%s: %s", c->archive, f.err);
	} else {
		json_t *prov = f.has_prov ? json_loadb(rb_buf_cstr(&f.prov), f.prov.len, 0, NULL) : NULL;
		ok = check_sig(c, prov, out);
		if (f.unsafe.len)
			ok = report(out, false, "paths", "unsafe entries (absolute, '..', outside " RB_KIT_ROOT "/, links or "
				    "twice): %s", f.unsafe.data) && ok;
		else
			report(out, true, "paths", "every entry is a plain file or folder under " RB_KIT_ROOT "/");
		ok = check_sums(&f, out) && ok;
		ok = check_until(c, prov, out) && ok;
		json_decref(prov);
	}
	for (size_t i = 0; i < f.n; i++)
		free(f.e[i].rel);
	free(f.e);
	rb_buf_free(&f.unsafe), rb_buf_free(&f.sums), rb_buf_free(&f.prov);
	return ok;
}

bool rb_kit_is_kit(const char *path)
{
	struct rb_archive_lib lib, *L = &lib;
	char why[300];
	if (!rb_archive_lib_open(L, "bundle", why, sizeof why))
		return false;   /* not known to be a kit: kept, unless --force */
	struct archive *a = L->read_new();
	struct archive_entry *ae;
	L->read_support_filter_gzip(a);
	L->read_support_format_tar(a);
	bool ok = L->read_open_filename(a, path, 65536) == ARCHIVE_OK &&
		  L->read_next_header(a, &ae) == ARCHIVE_OK && L->entry_pathname(ae) &&
		  !strcmp(L->entry_pathname(ae), RB_KIT_ROOT "/");
	L->read_free(a);
	rb_archive_lib_close(L);
	return ok;
}
