/* test_template.c: the template language: escaping, raw HTML only for
 * HTML values, sections over lists/maps/booleans, inverted sections,
 * dotted names and outward lookup, partials, standalone lines, book
 * overrides, lazy lists, templates rendered in place, and each syntax
 * error at its template line:col. */
#include "harness.h"
#include "model/build.h"
#include "render/template.h"
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* A scratch book folder with templates/NAME files; returns its path. */
static char *scratch_book(void)
{
	static char dir[] = "/tmp/rbc-unit-template-XXXXXX";
	char *d = mkdtemp(dir);
	char sub[128];
	snprintf(sub, sizeof sub, "%s/templates", d);
	mkdir(sub, 0755);
	return d;
}

static void put(const char *book, const char *name, const char *text)
{
	char path[256];
	snprintf(path, sizeof path, "%s/templates/%s", book, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
}

/* Render name in a fresh build over book; returns the output (malloc'd)
 * or "ERR line:col message" for the first diagnostic. With any_name, the
 * template may use names no built-in template does. */
static char *render(const char *book, const char *name, struct rb_tvalue *(*make)(struct rb_arena *),
		    bool any_name)
{
	struct rb_build b;
	rb_build_init(&b);
	b.book.root = book;
	b.template_any_name = any_name;   /* the engine alone, with made-up names */
	struct rb_arena a;
	rb_arena_init(&a);
	struct rb_buf out;
	rb_buf_init(&out);
	char *res;
	if (rb_template_render(&b, name, make(&a), &out))
		res = rb_xstrdup(rb_buf_cstr(&out));
	else {
		char msg[512];
		const struct rb_diag *d = b.diags.n ? &b.diags.v[0] : NULL;
		snprintf(msg, sizeof msg, "ERR %u:%u %s", d ? d->loc.line : 0, d ? d->loc.col : 0,
			 d && d->detail ? d->detail : "");
		res = rb_xstrdup(msg);
	}
	rb_buf_free(&out);
	rb_arena_free(&a);
	rb_build_free(&b);
	return res;
}

/* Lazy list items: item i is {n: i + 10}, made in the item's own arena;
 * *ctx counts the calls. */
static struct rb_tvalue *make_item(void *ctx, size_t i, struct rb_arena *a)
{
	(*(int *)ctx)++;
	struct rb_tvalue *it = rb_tv_map(a);
	rb_tv_set_int(it, "n", (long)i + 10);
	return it;
}

static int lazy_calls;

static struct rb_tvalue *ctx_page(struct rb_arena *a)
{
	struct rb_tvalue *m = rb_tv_map(a);
	rb_tv_set_text(m, "title", "<Orders> & \"DB\"");
	rb_tv_set_html(m, "body", "<p>safe</p>");
	rb_tv_set_text(m, "plain", "<b>not html</b>");
	rb_tv_set_bool(m, "yes", true);
	rb_tv_set_bool(m, "no", false);
	struct rb_tvalue *list = rb_tv_list(a);
	for (int i = 1; i <= 3; i++) {
		struct rb_tvalue *it = rb_tv_map(a);
		rb_tv_set_int(it, "n", i);
		rb_tv_push(list, it);
	}
	rb_tv_set(m, "items", list);
	rb_tv_set(m, "empty", rb_tv_list(a));
	struct rb_tvalue *owner = rb_tv_map(a);
	rb_tv_set_text(owner, "name", "DBA team");
	rb_tv_set(m, "owner", owner);
	struct rb_tvalue *tags = rb_tv_list(a);
	rb_tv_push(tags, rb_tv_text(a, "db"));
	rb_tv_push(tags, rb_tv_text(a, "<x>"));
	rb_tv_set(m, "tags", tags);
	rb_tv_set(m, "lazy", rb_tv_lazy_list(a, 3, make_item, &lazy_calls));
	rb_tv_set(m, "lazy_empty", rb_tv_lazy_list(a, 0, make_item, &lazy_calls));
	rb_tv_set(m, "inner", rb_tv_template(a, "inner.html"));
	return m;
}

static void check(const char *book, const char *name, const char *tpl, const char *want)
{
	put(book, "t.html", tpl);
	char *got = render(book, "t.html", ctx_page, true);
	STR_EQ(name, got, want);
	free(got);
}

/* The same with the site's vocabulary: only names rbc gives templates. */
static void check_site(const char *book, const char *name, const char *tpl, const char *want)
{
	put(book, "t.html", tpl);
	char *got = render(book, "t.html", ctx_page, false);
	STR_EQ(name, got, want);
	free(got);
}

UNIT_SUITE(template_suite)
static void template_suite(void)
{
	char *book = scratch_book();
	check(book, "template/escape", "{{title}}", "&lt;Orders&gt; &amp; &quot;DB&quot;");
	check(book, "template/raw-html", "{{{body}}}", "<p>safe</p>");
	check(book, "template/raw-text-still-escaped", "{{{plain}}}|{{&plain}}",
	      "&lt;b&gt;not html&lt;/b&gt;|&lt;b&gt;not html&lt;/b&gt;");
	check(book, "template/list", "{{#items}}[{{n}}]{{/items}}", "[1][2][3]");
	check(book, "template/dot", "{{#tags}}({{.}}){{/tags}}", "(db)(&lt;x&gt;)");
	check(book, "template/outward", "{{#items}}{{n}}{{title}};{{/items}}",
	      "1&lt;Orders&gt; &amp; &quot;DB&quot;;2&lt;Orders&gt; &amp; &quot;DB&quot;;3&lt;Orders&gt; &amp; &quot;DB&quot;;");
	check(book, "template/map-section", "{{#owner}}{{name}}{{/owner}}", "DBA team");
	check(book, "template/dotted", "{{owner.name}}|{{owner.missing}}|{{missing.name}}", "DBA team||");
	check(book, "template/bool", "{{#yes}}y{{/yes}}{{#no}}n{{/no}}{{^no}}!n{{/no}}{{^empty}}none{{/empty}}",
	      "y!nnone");
	check(book, "template/comment", "a{{! a comment }}b", "ab");
	check(book, "template/standalone", "<ul>\n  {{#items}}\n  <li>{{n}}</li>\n  {{/items}}\n</ul>\n",
	      "<ul>\n  <li>1</li>\n  <li>2</li>\n  <li>3</li>\n</ul>\n");
	put(book, "part.html", "<h1>{{title}}</h1>");
	check(book, "template/partial", "{{> part.html}}!", "<h1>&lt;Orders&gt; &amp; &quot;DB&quot;</h1>!");

	/* a lazy list renders like a list, one item made per item written
	 * (twice over: made again, not kept); an empty one is false */
	lazy_calls = 0;
	check(book, "template/lazy-list", "{{#lazy}}[{{n}}{{title}}]{{/lazy}}{{#lazy}}{{n}}{{/lazy}}",
	      "[10&lt;Orders&gt; &amp; &quot;DB&quot;][11&lt;Orders&gt; &amp; &quot;DB&quot;]"
	      "[12&lt;Orders&gt; &amp; &quot;DB&quot;]101112");
	OK("template/lazy-list-made-per-render", lazy_calls == 6);
	check(book, "template/lazy-empty", "{{#lazy_empty}}x{{/lazy_empty}}{{^lazy_empty}}none{{/lazy_empty}}", "none");
	/* a template value is rendered where it is written, with the outermost
	 * context (not the section's item), escaped unless raw, and is empty
	 * inside itself */
	put(book, "inner.html", "<b>{{title}}</b>{{#owner}}({{name}}){{/owner}}[{{{inner}}}]");
	check(book, "template/in-place", "<main>{{#items}}{{#yes}}{{/yes}}{{/items}}{{{inner}}}</main>",
	      "<main><b>&lt;Orders&gt; &amp; &quot;DB&quot;</b>(DBA team)[]</main>");
	check(book, "template/in-place-in-section", "{{#owner}}{{{inner}}}{{/owner}}",
	      "<b>&lt;Orders&gt; &amp; &quot;DB&quot;</b>(DBA team)[]");
	check(book, "template/in-place-escaped", "{{inner}}",
	      "&lt;b&gt;&amp;lt;Orders&amp;gt; &amp;amp; &amp;quot;DB&amp;quot;&lt;/b&gt;(DBA team)[]");

	check(book, "template/err-unclosed-tag", "a\n  {{title", "ERR 2:3 '{{' is never closed; add '}}'");
	check(book, "template/err-unclosed-section", "{{#items}}\nx", "ERR 1:1 '{{#items}}' is never closed; add '{{/items}}'");
	check(book, "template/err-mismatch", "{{#items}}{{/tags}}", "ERR 1:11 '{{/tags}}' closes '{{#items}}'");
	check(book, "template/err-bad-name", "{{ bad name }}", "ERR 1:1 '{{ bad name }}' is not a name; names hold letters, digits, '_', '-', '.' and '/'");
	check(book, "template/err-missing-partial", "{{> nope.html}}", "ERR 1:1 no template 'nope.html' in the book's templates/ or built into rbc");
	/* a book's template with the site's names: a name no template is
	 * given is an error at its tag (each part of a dotted name counts);
	 * a known name absent from the context renders empty as before */
	check_site(book, "template/names-known", "{{title}}{{#has_tags}}x{{/has_tags}}{{^edit_url}}-{{/edit_url}}",
		   "&lt;Orders&gt; &amp; &quot;DB&quot;-");
	check_site(book, "template/names-unknown", "{{title}}\n {{titel}}", "ERR 2:2 'titel'; did you mean 'title'? "
		   "(doc/templates.md lists each template's values)");
	check_site(book, "template/names-section", "{{#has_tag}}x{{/has_tag}}", "ERR 1:1 'has_tag'; did you mean "
		   "'has_tags'? (doc/templates.md lists each template's values)");
	check_site(book, "template/names-dotted-part", "{{owner.nmae}}", "ERR 1:1 'nmae'; did you mean 'name'? "
		   "(doc/templates.md lists each template's values)");
	check_site(book, "template/names-none-near", "{{zzzzqqq}}", "ERR 1:1 'zzzzqqq' "
		   "(doc/templates.md lists each template's values)");
	put(book, "loop.html", "{{> loop.html}}");
	check(book, "template/err-partial-loop", "{{> loop.html}}", "ERR 1:1 partials nested deeper than 16 (a partial includes itself?)");
	struct rb_build b;
	rb_build_init(&b);
	b.book.root = book;
	size_t len = 0;
	OK("template/no-escape-path", rb_template_text(&b, "../t.html", &len) == NULL);
	OK("template/book-file", rb_template_text(&b, "part.html", &len) && len == 18);
	rb_build_free(&b);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", book);
	if (system(cmd) != 0)
		printf("FAIL unit/template/cleanup: %s\n", cmd);
}
