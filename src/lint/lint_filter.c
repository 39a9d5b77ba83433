/* lint_filter.c: FILE operands and the baseline for `rbc lint`. A
 * baseline entry is {rule, file, message} without line numbers, so that
 * findings survive lines moving above them. */
#include "lint/lint_filter.h"
#include "read/bookfs.h"
#include "base/buf.h"
#include "base/json_write.h"
#include "read/load.h"
#include "base/util.h"
#include "base/visible.h"
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>   /* reads the baseline only: rbc has no JSON reader of its own */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path made absolute (from the working folder) and normalised by its
 * text: empty and "." parts dropped, ".." taking off the part before it,
 * no trailing '/'. Symbolic links are not followed: the book is read by
 * the names its folders list. Arena; NULL when the working folder is
 * unknown. */
static char *lexical_abs(struct rb_build *b, const char *path)
{
	char cwd[4096];
	if (path[0] != '/' && !getcwd(cwd, sizeof cwd))
		return NULL;
	const char *in = path[0] == '/' ? path : rb_arena_printf(&b->arena, "%s/%s", cwd, path);
	char *out = rb_arena_alloc(&b->arena, strlen(in) + 2);
	size_t n = 0;
	for (const char *p = in; *p;) {
		while (*p == '/')
			p++;
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing to add */
		} else if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--;      /* the '/' before the part taken off */
		} else {
			out[n++] = '/';
			memcpy(out + n, p, len);
			n += len;
		}
		p += len;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

/* The FILE's real path when it lies inside the book's real path (a book
 * or a FILE named through a symbolic link), with *rl set to the length of
 * the book's; NULL otherwise. Arena. */
static char *resolved_inside(struct rb_build *b, const char *file, size_t *rl)
{
	char *book = realpath(b->opt.book, NULL), *real = realpath(file, NULL), *out = NULL;
	size_t n = book ? strlen(book) : 0;
	if (n == 1)
		n = 0;
	if (book && real && !strncmp(real, book, n) && (real[n] == '/' || real[n] == '\0')) {
		out = rb_arena_strdup(&b->arena, real);
		*rl = n;
	}
	free(book);
	free(real);
	return out;
}

bool rb_lint_resolve_files(struct rb_build *b)
{
	char *root = b->opt.nfiles ? lexical_abs(b, b->opt.book) : NULL;
	if (b->opt.nfiles && !root) {
		fprintf(stderr, "rbc: cannot find the working folder, so FILE operands cannot be matched; "
			"run rbc from a folder that still exists\n");
		return false;
	}
	size_t rl = root ? strlen(root) : 0;
	if (rl == 1)
		rl = 0;      /* the book is "/": every path is inside */
	for (size_t i = 0; i < b->opt.nfiles; i++) {
		/* every FILE must exist: a typo would otherwise filter every
		 * finding away and pass */
		struct stat st;
		if (stat(b->opt.files[i], &st) != 0) {
			fprintf(stderr, "rbc: %s: %s; 'rbc lint [BOOK] [FILE...]' takes the book's folder and files "
				"that exist (list changed files with 'git diff --name-only --diff-filter=d')\n",
				b->opt.files[i], strerror(errno));
			return false;
		}
		char *abs = lexical_abs(b, b->opt.files[i]);
		size_t at = rl;      /* where the book-relative part starts */
		bool inside = abs && !strncmp(abs, root, rl) && (abs[rl] == '/' || abs[rl] == '\0');
		if (!inside && (abs = resolved_inside(b, b->opt.files[i], &at)))
			inside = true;
		if (!inside) {
			fprintf(stderr, "rbc: %s is not inside the book folder '%s', so nothing in it would be "
				"checked; name the book's folder first ('rbc lint BOOK FILE...'; a freehand runbook "
				"on its own: 'rbc import FILE')\n", b->opt.files[i], b->opt.book);
			return false;
		}
		const char *rel = abs[at] == '/' ? abs + at + 1 : "";
		b->opt.files[i] = S_ISDIR(st.st_mode) && *rel ? rb_arena_printf(&b->arena, "%s/", rel) : rel;
	}
	return true;
}

/* A file as diagnostics show it ("BOOK/rel", or rel when the book is
 * "."), relative to the book folder; NULL when it is not under it. */
static const char *book_relative(const struct rb_build *b, const char *file)
{
	size_t rl = rb_bookfs_root_len(b->opt.book);
	while (file[0] == '.' && file[1] == '/')
		file += 2;
	if (!rl)
		return file;
	return !strncmp(file, b->opt.book, rl) && file[rl] == '/' ? file + rl + 1 : NULL;
}

/* Does the diagnostic's file name one of the FILE operands (book-relative
 * after rb_lint_resolve_files; a folder, ending in '/', names everything
 * under it, and the book folder itself, "", everything)? */
bool rb_lint_file_selected(const struct rb_build *b, const char *file)
{
	const char *rel = file ? book_relative(b, file) : NULL;
	if (!rel)
		return false;
	for (size_t i = 0; i < b->opt.nfiles; i++) {
		const char *f = b->opt.files[i];
		size_t fl = strlen(f);
		if (!strcmp(f, rel) || fl == 0 || (f[fl - 1] == '/' && !strncmp(f, rel, fl)))
			return true;
	}
	return false;
}

/* Drop the diagnostics for which keep(b, d, ud) is false. */
static void compact(struct rb_build *b, bool (*keep)(struct rb_build *, const struct rb_diag *, void *), void *ud)
{
	size_t n = 0;
	for (size_t i = 0; i < b->diags.n; i++)
		if (keep(b, &b->diags.v[i], ud))
			b->diags.v[n++] = b->diags.v[i];
	b->diags.n = n;
}

static bool keep_selected(struct rb_build *b, const struct rb_diag *d, void *ud)
{
	(void)ud;
	return rb_lint_file_selected(b, d->loc.file);
}

void rb_lint_filter_files(struct rb_build *b)
{
	if (b->opt.nfiles)
		compact(b, keep_selected, NULL);
}

const char *rb_lint_message(struct rb_build *b, const struct rb_diag *d)
{
	if (!d->detail || !*d->detail)
		return d->message;
	return rb_arena_printf(&b->arena, "%s: %s", d->message, d->detail);
}

/* A baseline entry, {rule, file, message}: from the file, or a finding's.
 * The file and rule id are kept visible (visible.h), as the message
 * already is, so the entry is UTF-8 that a JSON reader accepts. */
struct fingerprint {
	const char *rule, *file, *message;
	bool used;                 /* a baseline entry that already excused a finding */
};

/* The baseline as read: its entries, in order. */
struct baseline {
	struct fingerprint *e;
	size_t n;
};

/* Finding d's baseline entry (strings in the arena). */
static struct fingerprint fingerprint(struct rb_build *b, const struct rb_diag *d)
{
	return (struct fingerprint){.rule = rb_visible_str(&b->arena, d->id, 0),
				    .file = d->loc.file ? rb_visible_str(&b->arena, d->loc.file, 0) : "",
				    .message = rb_lint_message(b, d)};
}

/* Keep a finding unless the baseline holds an unused equal entry. */
static bool keep_new(struct rb_build *b, const struct rb_diag *d, void *ud)
{
	struct baseline *base = ud;
	struct fingerprint fp = fingerprint(b, d);
	for (size_t i = 0; i < base->n; i++) {
		struct fingerprint *e = &base->e[i];
		if (!e->used && e->rule && !strcmp(e->rule, fp.rule) && !strcmp(e->file, fp.file) &&
		    !strcmp(e->message, fp.message)) {
			e->used = true;   /* each entry excuses one finding */
			return false;
		}
	}
	return true;
}

/* Record b's warnings and errors as the baseline at path, through the one
 * JSON writer: an array of {file, message, rule} (keys sorted), indented
 * by two. */
static int write_baseline(struct rb_build *b, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t n = 0;
	if (f) {
		struct rb_jw w;
		rb_jw_init(&w, 2, rb_jw_put_file, f);
		rb_jw_array(&w);
		for (size_t i = 0; i < b->diags.n; i++) {
			if (b->diags.v[i].level < RB_WARNING)
				continue;
			struct fingerprint fp = fingerprint(b, &b->diags.v[i]);
			rb_jw_object(&w);
			rb_jw_kstr(&w, "file", fp.file);
			rb_jw_kstr(&w, "message", fp.message);
			rb_jw_kstr(&w, "rule", fp.rule);
			rb_jw_end(&w, '}');
			n++;
		}
		rb_jw_end(&w, ']');
		rb_jw_finish(&w);
		bool bad = ferror(f);
		if (fclose(f) != 0 || bad)
			f = NULL;
	}
	if (!f) {
		fprintf(stderr, "rbc: cannot write the baseline %s: %s\n", path, strerror(errno));
		return RB_EXIT_USAGE;
	}
	fprintf(stderr, "rbc: recorded %zu findings in the baseline %s; later runs report only new ones\n", n, path);
	b->diags.n = 0;
	return RB_EXIT_OK;
}

/* The line and column of the first non-blank byte of a JSON text (1:1 when
 * there is none); file is left NULL. */
static struct rb_loc text_pos(const char *s, size_t len)
{
	struct rb_loc at = {NULL, 1, 1};
	for (size_t i = 0; i < len && strchr(" \t\r\n", s[i]) && s[i]; i++) {
		if (s[i] == '\n')
			at.line++, at.col = 1;
		else
			at.col++;
	}
	return at;
}

/* The string member key of JSON object o, copied to the arena; NULL when
 * it is missing or not a string. */
static const char *member(struct rb_build *b, json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? rb_arena_strdup(&b->arena, json_string_value(v)) : NULL;
}

/* The entries of baseline array arr (arena). An entry that is not an
 * object of exactly the strings rule, file and message gets rule NULL and
 * excuses nothing. */
static struct baseline read_entries(struct rb_build *b, json_t *arr)
{
	struct baseline base = {.n = json_array_size(arr)};
	base.e = rb_arena_alloc(&b->arena, (base.n ? base.n : 1) * sizeof *base.e);
	for (size_t i = 0; i < base.n; i++) {
		json_t *o = json_array_get(arr, i);
		struct fingerprint e = {0};
		if (json_is_object(o) && json_object_size(o) == 3) {
			e.rule = member(b, o, "rule");
			e.file = member(b, o, "file");
			e.message = member(b, o, "message");
			if (!e.file || !e.message)
				e.rule = NULL;
		}
		base.e[i] = e;
	}
	return base;
}

int rb_lint_baseline(struct rb_build *b)
{
	const char *path = b->opt.baseline;
	if (!path)
		return RB_EXIT_OK;
	/* O_NONBLOCK, then fstat: a FIFO or device is refused, never waited on */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st = {0};
	if (fd < 0) {
		if (errno == ENOENT)
			return write_baseline(b, path);
		fprintf(stderr, "rbc: cannot read the baseline %s: %s\n", path, strerror(errno));
		return RB_EXIT_USAGE;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "rbc: %s: error: the baseline is %s, not a regular file; give a JSON file\n", path,
			rb_bookfs_kind(st.st_mode));
		close(fd);
		return RB_EXIT_USAGE;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	struct rb_buf text;
	rb_buf_init(&text);
	char chunk[65536];
	ssize_t n;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "rbc: cannot read the baseline %s: %s\n", path, strerror(errno));
			rb_buf_free(&text);
			close(fd);
			return RB_EXIT_USAGE;
		}
		rb_buf_add(&text, chunk, (size_t)n);
	}
	close(fd);
	json_error_t err;
	json_t *base = json_loadb(rb_buf_cstr(&text), text.len, 0, &err);
	if (!json_is_array(base)) {
		/* where the value starts (a parse error: where jansson stopped) */
		struct rb_loc at = base ? text_pos(rb_buf_cstr(&text), text.len)
				      : (struct rb_loc){path, err.line > 0 ? (unsigned)err.line : 1,
							err.column > 0 ? (unsigned)err.column : 1};
		fprintf(stderr, "%s:%u:%u: error: not a baseline (a JSON array of {rule, file, message}): %s\n",
			path, at.line, at.col, !base ? err.text : json_is_object(base) ? "an object, not an array"
			: "not an array");
		json_decref(base);
		rb_buf_free(&text);
		return RB_EXIT_USAGE;
	}
	rb_buf_free(&text);
	struct baseline entries = read_entries(b, base);
	json_decref(base);
	compact(b, keep_new, &entries);
	return RB_EXIT_OK;
}

/* Is id a rule this run knows: a loaded Lua rule or a built-in check? */
static bool rule_known(const char *id, const struct rb_rule_info *rules, size_t nrules)
{
	for (size_t i = 0; i < nrules; i++)
		if (!strcmp(rules[i].id, id))
			return true;
	for (int c = 0; c < RB_D__COUNT; c++)
		if (!strcmp(rb_diag_id((enum rb_code)c), id))
			return true;
	return false;
}

/* Is d silenced by one of rb's rbc-ignore comments? */
static bool ignored_by(const struct rb_runbook *rb, const struct rb_diag *d)
{
	if (!d->loc.file || strcmp(d->loc.file, rb->file))
		return false;
	for (size_t i = 0; i < rb->nignores; i++) {
		const struct rb_ignore *ig = &rb->ignores[i];
		if (!strcmp(ig->rule, d->id) && d->loc.line >= ig->first_line && d->loc.line <= ig->last_line)
			return true;
	}
	return false;
}

/* The runbooks that carry rbc-ignore comments, NULL-terminated (malloc). */
static const struct rb_runbook **with_ignores(const struct rb_build *b)
{
	const struct rb_runbook **list = rb_xmalloc((b->book.nrunbooks + 1) * sizeof *list);
	size_t n = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		if (b->book.runbooks[i]->nignores)
			list[n++] = b->book.runbooks[i];
	list[n] = NULL;
	return list;
}

static bool keep_unignored(struct rb_build *b, const struct rb_diag *d, void *ud)
{
	(void)b;
	for (const struct rb_runbook **rb = ud; *rb; rb++)
		if (ignored_by(*rb, d))
			return false;
	return true;
}

void rb_lint_apply_ignores(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules)
{
	const struct rb_runbook **list = with_ignores(b);
	if (list[0])
		compact(b, keep_unignored, list);
	for (const struct rb_runbook **rb = list; *rb; rb++)
		for (size_t i = 0; i < (*rb)->nignores; i++) {
			const struct rb_ignore *ig = &(*rb)->ignores[i];
			if (!rule_known(ig->rule, rules, nrules))
				rb_diag(b, RB_D_IGNORE_UNKNOWN, ig->loc, "'%s'; check the id in 'rbc lint --format json'",
					ig->rule);
		}
	free(list);
}
