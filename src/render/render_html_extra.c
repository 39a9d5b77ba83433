/* render_html_extra.c: what the site carries besides its own pages:
 *   - attachments: the book's files that runbooks link to or show as
 *     images (diagrams, PDFs...), copied to the same relative path;
 *   - the introduction: README.md at the book's root, shown on index.html;
 *   - each runbook's last change from git (one `git log` for the book);
 *   - "Edit this page" links from rbc.yaml's edit_url.
 * Lint has already reported every link to a missing file at its source
 * line (check.c); here a file is copied only when it is a regular file
 * inside the book, never through a symbolic link out of it. */
#include "render/render_html_site.h"
#include "read/bookfs.h"
#include "lint/check.h"
#include "read/load.h"
#include "render/md_html.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "base/git.h"
#include "base/util.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- attachments --- */

/* File kinds a page could run as script if opened from the site: the
 * site loads only its own scripts, so the book's are not carried. */
static bool runs_script(const char *path)
{
	static const char *const exts[] = {".html", ".htm", ".xhtml", ".xht", ".js", ".mjs", NULL};
	size_t n = strlen(path);
	for (size_t i = 0; exts[i]; i++) {
		size_t e = strlen(exts[i]);
		if (n > e && !strcasecmp(path + n - e, exts[i]))
			return true;
	}
	return false;
}

/* True when book path rel is a name the site writes itself: its pages,
 * assets, scripts and the build's own files. */
static bool site_name(struct rb_site *s, const char *rel)
{
	static const char *const own[] = {"index.html", "contacts.html", "rto.html", "review.html", "tags.html",
					  "alerts.html", "handbook.html", "404.html", "model.json", ".rbc-manifest", NULL};
	for (size_t i = 0; own[i]; i++)
		if (!strcasecmp(rel, own[i]))
			return true;
	if (!strncmp(rel, "assets/", 7) || !strncmp(rel, "scripts/", 8))
		return true;
	for (size_t i = 0; i < s->b->book.nrunbooks; i++)
		if (!strcmp(rel, rb_html_page_of(s->b, s->b->book.runbooks[i]->path)))
			return true;
	return false;
}

/* Copy book file rel to the same path in the site, in pieces, opened the
 * one way rbc opens a book's file (bookfs.h: a regular file inside the
 * book, even if it changed since it was checked). False (with a
 * diagnostic) when it cannot be read. */
static bool copy_file(struct rb_site *s, const char *rel, struct rb_loc at)
{
	char *path = rb_arena_printf(s->arena, "%s/%s", s->b->book.root, rel);
	FILE *in = rb_bookfs_fopen(s->b, path, rel);
	if (!in)
		return false;
	struct rb_output_file *f = rb_output_open_file(s->o, rel, 0644);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0)
		rb_output_append(f, chunk, n);
	bool ok = !ferror(in);
	if (!ok)
		rb_diag(s->b, RB_D_IO, at, "%s: read error", rel);
	fclose(in);
	return rb_output_close_file(f) && ok;
}

/* Copy what one runbook (or the introduction) links to, once per file. */
static void attachments_of(struct rb_site *s, const struct rb_runbook *rb, struct rb_strmap *done)
{
	for (size_t j = 0; j < rb->nlinks; j++) {
		const struct rb_link *l = &rb->links[j];
		unsigned seen;
		if (l->kind != RB_LINK_DOC || !l->path || !strcmp(l->path, rb->path) ||
		    rb_book_runbook_by_path(&s->b->book, l->path) || rb_load_intro_name(l->path) ||
		    rb_strmap_get(done, l->path, &seen))
			continue;
		rb_strmap_put(done, l->path, 1);
		if (rb_check_book_file(s->b, l->path) != RB_FILE_REGULAR)
			continue;   /* a folder; or missing, outside, special: lint said so */
		if (site_name(s, l->path) || runs_script(l->path)) {
			rb_diag(s->b, RB_D_ATTACHMENT, l->loc, site_name(s, l->path)
				? "'%s' has the name of a file the site writes itself; rename it"
				: "'%s' is HTML or a script, which the site does not carry; link to it where it is published",
				l->target);
			s->ok = false;
			continue;
		}
		s->ok = copy_file(s, l->path, l->loc) && s->ok;
		rb_html_check_asset(s->check, l->path);
	}
}

void rb_site_attachments(struct rb_site *s)
{
	struct rb_strmap done = {0};
	for (size_t i = 0; i < s->b->book.nrunbooks; i++)
		attachments_of(s, s->b->book.runbooks[i], &done);
	if (s->b->book.intro)
		attachments_of(s, s->b->book.intro, &done);
	rb_strmap_free(&done);
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
}

/* --- the introduction --- */

const char *rb_site_intro_html(struct rb_site *s)
{
	const struct rb_runbook *sum = s->b->book.intro;
	if (!sum)
		return NULL;
	struct rb_build scratch;   /* read again in full; the first read reported its diagnostics */
	rb_build_fork(s->b, &scratch);
	scratch.opt.strict = true;
	char *path = rb_arena_printf(&scratch.arena, "%s/%s", s->b->book.root, sum->path);
	struct rb_runbook *rb = rb_parse_file(&scratch, path, sum->path, sum->file);
	const char *html = NULL;
	if (rb) {
		struct rb_buf out;
		rb_buf_init(&out);
		rb_md_html_intro(s->b, rb, &out);
		html = rb_arena_strdup(s->arena, rb_buf_cstr(&out));
		rb_buf_free(&out);
		rb_parse_free_doc(rb);
	}
	rb_build_discard(&scratch);
	return html;
}

/* --- edit links --- */

const char *rb_site_edit_url(struct rb_site *s, const char *book_path)
{
	const char *base = s->b->book.config.edit_url.s;
	if (!base)
		return NULL;
	struct rb_buf u;
	rb_buf_init(&u);
	const char *at = strstr(base, "{path}");
	rb_buf_add(&u, base, at ? (size_t)(at - base) : strlen(base));
	rb_buf_url_path(&u, book_path);
	if (at)
		rb_buf_puts(&u, at + 6);
	char *r = rb_arena_strdup(s->arena, rb_buf_cstr(&u));
	rb_buf_free(&u);
	return r;
}

/* --- last change from git --- */

/* Read one NUL-ended record of `git log -z --name-only --format=/%H %ct`:
 * a commit record ("/<hash> <committer time>"; no path git prints starts
 * with '/') sets the commit being read; any other record is a file name,
 * as its bytes (newlines, quotes and all), the first of a commit after
 * git's one separating newline. A file gets its newest commit, once. */
static void change_record(struct rb_site *s, char *commit, long *day, bool *first, const char *rec, size_t n)
{
	if (n && rec[0] == '/') {
		const char *sp = memchr(rec, ' ', n);
		size_t hl = sp ? (size_t)(sp - rec - 1) : 0;
		hl = hl > 12 ? 12 : hl;
		memcpy(commit, rec + 1, hl);
		commit[hl] = '\0';
		*day = sp ? strtol(sp + 1, NULL, 10) / 86400 : 0;
		*first = true;
		return;
	}
	if (*first && n && rec[0] == '\n')
		rec++, n--;
	*first = false;
	if (!n || !*commit)
		return;
	char *path = rb_arena_strndup(s->arena, rec, n);
	size_t i;
	if (!rb_book_runbook_at(&s->b->book, path, &i) || s->changes[i].commit[0])
		return;
	memcpy(s->changes[i].commit, commit, sizeof s->changes[i].commit);
	s->changes[i].day = *day;
}

void rb_site_git_changes(struct rb_site *s)
{
	struct rb_book *book = &s->b->book;
	s->changes = rb_xcalloc(book->nrunbooks + 1, sizeof *s->changes);
	if (!book->nrunbooks)
		return;
	char *argv[] = {"git", "-C", (char *)book->root, "log", "-z", "--no-color", "--no-renames", "--relative",
			"--name-only", "--format=/%H %ct", "--", ".", NULL};
	struct rb_buf out;
	rb_buf_init(&out);
	if (rb_git_run(argv, &out) == 0) {   /* outside git: no line on the pages */
		char commit[16] = "";
		long day = 0;
		bool first = false;
		const char *p = out.data ? out.data : "", *end = p + out.len;
		while (p < end) {
			const char *nul = memchr(p, '\0', (size_t)(end - p));
			size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
			change_record(s, commit, &day, &first, p, n);
			p += n + 1;
		}
	}
	rb_buf_free(&out);
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
}

struct rb_tvalue *rb_site_change(struct rb_site *s, size_t i)
{
	if (!s->changes || !s->changes[i].commit[0])
		return NULL;
	char date[16];
	rb_format_date(s->changes[i].day, date, sizeof date);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "date", rb_arena_strdup(s->arena, date));
	rb_tv_set_text(v, "commit", rb_arena_strdup(s->arena, s->changes[i].commit));
	return v;
}
