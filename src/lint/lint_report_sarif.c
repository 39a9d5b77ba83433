/* lint_report_sarif.c: `rbc lint --format sarif`, a SARIF 2.1.0 log that code
 * scanning can place. A finding's file becomes a URI relative to the
 * %SRCROOT% base (the folder rbc runs in, given in originalUriBaseIds)
 * when it lies inside that folder, else an absolute file:// URI, so the
 * log is the same whether the book was named by a relative or an absolute
 * path. tool.driver.rules lists every rule that could report and every
 * rule that did; each result points at its rule by ruleIndex. */
#include "lint/lint_report.h"
#include "base/json_write.h"
#include "lint/lint_filter.h"
#include "base/strmap.h"
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Where `make install` puts rbc's documentation (the Makefile passes its
 * DOCDIR); tool.driver.informationUri is its README.md as a file:// URI.
 * A packager who publishes the docs on the web may name that page instead
 * with RB_HOMEPAGE (`make CPPFLAGS=-DRB_HOMEPAGE='"https://..."'`). */
#ifndef RB_DOCDIR
#define RB_DOCDIR "/usr/local/share/doc/rbc"
#endif

/* The rules of the log: id, description, and the index results use. */
struct sarif_rules {
	const char **id, **text;
	size_t n;
	struct rb_strmap at;   /* id → index */
};

/* Add rule id (described by text, or by its id) unless it is listed. */
static void add_rule(struct sarif_rules *r, const char *id, const char *text)
{
	unsigned k;
	if (rb_strmap_get(&r->at, id, &k))
		return;
	rb_strmap_put(&r->at, id, (unsigned)r->n);
	r->id[r->n] = id;
	r->text[r->n++] = text && *text ? text : id;
}

/* The text of the first row of the message table with this id; NULL
 * when no row has it (a Lua rule's own id). */
static const char *table_text(const char *id)
{
	for (int c = 0; c < RB_D__COUNT; c++)
		if (!strcmp(rb_diag_id((enum rb_code)c), id))
			return rb_diag_text((enum rb_code)c);
	return NULL;
}

/* Every rule that loaded, link-broken (built into the reader), then every
 * other id a finding carries, in order of first use. */
static void collect_rules(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules,
			  struct sarif_rules *r)
{
	size_t cap = nrules + b->diags.n + 1;
	r->id = rb_arena_alloc(&b->arena, cap * sizeof *r->id);
	r->text = rb_arena_alloc(&b->arena, cap * sizeof *r->text);
	for (size_t i = 0; i < nrules; i++)
		add_rule(r, rules[i].id, rules[i].summary);
	add_rule(r, "link-broken", "every relative link and contact mention resolves, down to the anchor");
	for (size_t i = 0; i < b->diags.n; i++)
		add_rule(r, b->diags.v[i].id, table_text(b->diags.v[i].id));
}

/* The folder rbc runs in: $PWD when it names the same folder as ".", as
 * the shell spells it, else getcwd's; NULL when neither is known. */
static const char *run_folder(struct rb_build *b)
{
	const char *pwd = getenv("PWD");
	struct stat a, c;
	if (pwd && *pwd == '/' && stat(pwd, &a) == 0 && stat(".", &c) == 0 && a.st_dev == c.st_dev &&
	    a.st_ino == c.st_ino)
		return rb_arena_strdup(&b->arena, pwd);
	char buf[PATH_MAX];
	return getcwd(buf, sizeof buf) ? rb_arena_strdup(&b->arena, buf) : NULL;
}

/* path made absolute against dir (when relative) with "." and ".."
 * segments and repeated slashes resolved by name: "/a/b/../c" → "/a/c". */
static char *absolute(struct rb_build *b, const char *dir, const char *path)
{
	const char *full = *path == '/' || !dir ? path : rb_arena_printf(&b->arena, "%s/%s", dir, path);
	size_t n = strlen(full);
	char *out = rb_arena_alloc(&b->arena, n + 2), *o = out;
	for (const char *p = full; *p;) {
		while (*p == '/')
			p++;
		const char *e = strchrnul(p, '/');
		size_t len = (size_t)(e - p);
		if (len == 2 && p[0] == '.' && p[1] == '.') {
			while (o > out && *--o != '/')
				;
		} else if (len && !(len == 1 && *p == '.')) {
			*o++ = '/';
			memcpy(o, p, len);
			o += len;
		}
		p = e;
	}
	if (o == out)
		*o++ = '/';
	*o = 0;
	return out;
}

/* The URI of a finding's file: relative to the %SRCROOT% base (*based)
 * when it lies inside root (absolute, normalised; NULL when unknown),
 * else an absolute file:// URI; percent-encoded either way. */
static const char *file_uri(struct rb_build *b, const char *root, const char *file, bool *based)
{
	const char *rel = NULL, *abs = absolute(b, root, file);
	if (root) {
		size_t rl = strlen(root);
		if (rl == 1)
			rel = abs + 1;
		else if (!strncmp(abs, root, rl) && abs[rl] == '/')
			rel = abs + rl + 1;
	} else if (*file != '/') {
		rel = file;   /* no folder to resolve it against: keep it relative */
	}
	struct rb_buf u;
	rb_buf_init(&u);
	if (!rel || !*rel)
		rb_buf_puts(&u, "file://");
	rb_buf_url_path(&u, rel && *rel ? rel : abs);
	*based = rel && *rel;
	const char *s = rb_arena_strdup(&b->arena, rb_buf_cstr(&u));
	rb_buf_free(&u);
	return s;
}

/* tool.driver: name, version, informationUri and the rules. */
static void put_driver(struct rb_jw *w, const struct sarif_rules *r)
{
	rb_jw_key(w, "tool");
	rb_jw_object(w);
	rb_jw_key(w, "driver");
	rb_jw_object(w);
	rb_jw_kstr(w, "name", "rbc");
	rb_jw_kstr(w, "version", RB_VERSION);
#ifdef RB_HOMEPAGE
	rb_jw_kstr(w, "informationUri", RB_HOMEPAGE);
#else
	struct rb_buf u;
	rb_buf_init(&u);
	rb_buf_puts(&u, "file://");
	rb_buf_url_path(&u, RB_DOCDIR "/README.md");
	rb_jw_kstr(w, "informationUri", rb_buf_cstr(&u));
	rb_buf_free(&u);
#endif
	rb_jw_key(w, "rules");
	rb_jw_array(w);
	for (size_t i = 0; i < r->n; i++) {
		rb_jw_object(w);
		rb_jw_kstr(w, "id", r->id[i]);
		rb_jw_key(w, "shortDescription");
		rb_jw_object(w);
		rb_jw_kstr(w, "text", r->text[i]);
		rb_jw_end(w, '}');
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
	rb_jw_end(w, '}');
}

/* One result: rule, level, message and (when the finding has a file) its
 * physical location. */
static void put_result(struct rb_build *b, struct rb_jw *w, const struct sarif_rules *r, const char *root,
		       const struct rb_diag *d)
{
	static const char *const lv[] = {"note", "warning", "error", "none"};
	unsigned k = 0;
	rb_strmap_get(&r->at, d->id, &k);
	rb_jw_object(w);
	rb_jw_kstr(w, "ruleId", d->id);
	rb_jw_kint(w, "ruleIndex", k);
	rb_jw_kstr(w, "level", lv[d->level]);
	rb_jw_key(w, "message");
	rb_jw_object(w);
	rb_jw_kstr(w, "text", rb_lint_message(b, d));
	rb_jw_end(w, '}');
	if (d->loc.file) {
		bool based;
		const char *uri = file_uri(b, root, d->loc.file, &based);
		rb_jw_key(w, "locations");
		rb_jw_array(w);
		rb_jw_object(w);
		rb_jw_key(w, "physicalLocation");
		rb_jw_object(w);
		rb_jw_key(w, "artifactLocation");
		rb_jw_object(w);
		rb_jw_kstr(w, "uri", uri);
		if (based)
			rb_jw_kstr(w, "uriBaseId", "%SRCROOT%");
		rb_jw_end(w, '}');
		if (d->loc.line) {
			rb_jw_key(w, "region");
			rb_jw_object(w);
			rb_jw_kint(w, "startLine", d->loc.line);
			if (d->loc.col)
				rb_jw_kint(w, "startColumn", d->loc.col);
			rb_jw_end(w, '}');
		}
		rb_jw_end(w, '}');
		rb_jw_end(w, '}');
		rb_jw_end(w, ']');
	}
	rb_jw_end(w, '}');
}

void rb_lint_report_sarif(struct rb_build *b, const struct rb_rule_info *rules, size_t nrules, FILE *f)
{
	struct sarif_rules r = {0};
	collect_rules(b, rules, nrules, &r);
	const char *cwd = run_folder(b);
	const char *root = cwd ? absolute(b, NULL, cwd) : NULL;
	struct rb_jw w;
	rb_jw_init(&w, 2, rb_jw_put_file, f);
	rb_jw_object(&w);
	rb_jw_kstr(&w, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	rb_jw_kstr(&w, "version", "2.1.0");
	rb_jw_key(&w, "runs");
	rb_jw_array(&w);
	rb_jw_object(&w);
	put_driver(&w, &r);
	if (root) {
		struct rb_buf u;
		rb_buf_init(&u);
		rb_buf_puts(&u, "file://");
		rb_buf_url_path(&u, root);
		if (strcmp(root, "/"))
			rb_buf_putc(&u, '/');
		rb_jw_key(&w, "originalUriBaseIds");
		rb_jw_object(&w);
		rb_jw_key(&w, "%SRCROOT%");
		rb_jw_object(&w);
		rb_jw_kstr(&w, "uri", rb_buf_cstr(&u));
		rb_jw_end(&w, '}');
		rb_jw_end(&w, '}');
		rb_buf_free(&u);
	}
	rb_jw_key(&w, "results");
	rb_jw_array(&w);
	for (size_t i = 0; i < b->diags.n; i++)
		put_result(b, &w, &r, root, &b->diags.v[i]);
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	fputc('\n', f);
	rb_strmap_free(&r.at);
}
