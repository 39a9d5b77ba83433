/* md_html.c: the cmark-gfm tree of a runbook as safe HTML. Raw HTML is
 * escaped as text, unsafe URL schemes are dropped, relative .md links
 * become site pages, @mentions link to contacts.html, and every heading,
 * scenario and step gets its anchor. */
#include "render/md_html.h"
#include "render/html_escape.h"
#include "model/format_words.h"
#include "parse/md_doc.h"
#include "read/load.h"
#include "base/util.h"
#include "base/visible.h"
#include "model/procedure.h"
#include <cmark-gfm-core-extensions.h>
#include "parse/remote_links.h"
#include <ctype.h>
#include <string.h>
#include <strings.h>

/* Pages the site itself writes at its root; a runbook at the book's root
 * with one of these stems gets "-runbook" added to its page name. */
static const char *const site_pages[] = {"index", "contacts", "rto", "review", "tags", "handbook", NULL};

char *rb_html_page_of(struct rb_build *b, const char *book_path)
{
	const char *dot = strrchr(book_path, '.');
	const char *slash = strrchr(book_path, '/');
	size_t n = dot && (!slash || dot > slash) ? (size_t)(dot - book_path) : strlen(book_path);
	const char *suffix = "";
	for (size_t i = 0; !slash && site_pages[i]; i++)
		if (strlen(site_pages[i]) == n && !strncasecmp(site_pages[i], book_path, n))
			suffix = "-runbook";
	if (!slash && b->book.config.alerts.set && n == 6 && !strncasecmp(book_path, "alerts", 6))
		suffix = "-runbook";   /* the site's alerts.html, made when rbc.yaml has alerts: */
	return rb_arena_printf(&b->arena, "%.*s%s.html", (int)n, book_path, suffix);
}

char *rb_html_root_of(struct rb_build *b, const char *page)
{
	struct rb_buf r;
	rb_buf_init(&r);
	for (const char *p = page; (p = strchr(p, '/')); p++)
		rb_buf_puts(&r, "../");
	char *s = rb_arena_strdup(&b->arena, rb_buf_cstr(&r));
	rb_buf_free(&r);
	return s;
}

/* --- the walk --- */

/* Scenario or procedure i of rb: scenarios first (i < nscenarios). */
static const struct rb_scenario *unit_of(const struct rb_runbook *rb, size_t i)
{
	return i < rb->nscenarios ? &rb->scenarios[i] : &rb->procedures[i - rb->nscenarios];
}

struct walk {
	struct rb_build *b;
	const struct rb_runbook *rb;
	const char *root;
	void (*on_scenario)(void *ctx, const struct rb_scenario *sc, struct rb_buf *out);
	void *ctx;
	struct rb_buf *out;
	size_t next_anchor;     /* rb->anchors[] are in heading order */
	bool print;             /* the handbook: one file, ids prefixed, no scripts */
	const char *id_prefix;  /* site ids prefixed (the index page's introduction), or NULL */
	unsigned card_meta_line;   /* the metadata paragraph the site's card replaces */
	unsigned *destructive;  /* the fence lines of the destructive code blocks, ascending */
	size_t ndestructive;
};

/* The fence lines of rb's destructive code blocks (as the script marks
 * them: the block's own check, or a destructive step's runnable block),
 * sorted, into w. */
static void find_destructive(struct walk *w)
{
	const struct rb_runbook *rb = w->rb;
	size_t n = 0, cap = 0;
	unsigned *lines = NULL;
	for (size_t i = 0; i < rb->nscenarios + rb->nprocedures; i++)
		for (size_t j = 0; j < unit_of(rb, i)->nsections; j++) {
			const struct rb_section *sec = &unit_of(rb, i)->sections[j];
			for (size_t k = 0; sec->steps && k < sec->nsteps; k++)
				for (size_t c = 0; c < sec->steps[k].ncommands; c++) {
					const struct rb_command *cmd = &sec->steps[k].commands[c];
					if (!cmd->destructive && !(sec->steps[k].destructive && !cmd->norun))
						continue;
					if (n == cap) {
						unsigned *grown = rb_arena_alloc(&w->b->arena, (cap = cap ? 2 * cap : 8) * sizeof *grown);
						if (n)
							memcpy(grown, lines, n * sizeof *lines);
						lines = grown;
					}
					size_t at = n++;
					while (at && lines[at - 1] > cmd->loc.line) {   /* kept sorted as it grows */
						lines[at] = lines[at - 1];
						at--;
					}
					lines[at] = cmd->loc.line;
				}
		}
	w->destructive = lines;
	w->ndestructive = n;
}

/* True when the code block node n is one of the destructive ones. */
static bool is_destructive_block(struct walk *w, cmark_node *n)
{
	unsigned line = rb_doc_loc(w->rb, n).line;
	size_t lo = 0, hi = w->ndestructive;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->destructive[mid] == line)
			return true;
		if (w->destructive[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* The badge of a destructive step: words, so that it survives print. */
static const char badge[] = "<span class=\"badge-destructive\" title=\"The step script asks for the step id "
			    "before it runs this step\">Destructive</span>";

/* An id attribute value: the handbook prefixes "<runbook-id>/". */
static void put_id(struct walk *w, const char *id)
{
	if (w->print) {
		rb_html_escape(w->out, w->rb->id.s);
		rb_buf_putc(w->out, '/');
	} else if (w->id_prefix) {
		rb_html_escape(w->out, w->id_prefix);
	}
	rb_html_escape(w->out, id);
}

static void render(struct walk *w, cmark_node *n);

static void children(struct walk *w, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		render(w, c);
}

/* Relative link target → site URL (runbook pages for .md/.yaml files,
 * other files of the book at their book path, where the site copies them). */
static void put_url(struct walk *w, const char *url)
{
	struct rb_buf *o = w->out;
	if ((w->print || w->id_prefix) && url[0] == '#' && url[1]) {
		rb_buf_putc(o, '#');
		put_id(w, url + 1);
		return;
	}
	if (strchr(url, ':') || url[0] == '/' || url[0] == '#') {
		rb_html_escape(o, url);
		return;
	}
	const char *hash = strchr(url, '#');
	size_t plen = hash ? (size_t)(hash - url) : strlen(url);
	char *path = rb_arena_strndup(&w->b->arena, url, plen);
	const char *slash = strrchr(w->rb->path, '/');
	char *joined = slash ? rb_arena_printf(&w->b->arena, "%.*s/%s", (int)(slash - w->rb->path),
					       w->rb->path, path) : path;
	const char *file = NULL;   /* the book path of a file that is not a runbook */
	const char *q = joined;
	while (!strncmp(q, "./", 2))   /* then "x/../" by the model's own rule, below */
		q += 2;
	const struct rb_runbook *to = rb_book_runbook_by_path(&w->b->book, q);   /* a look-up, not a walk of the book */
	for (size_t i = 0; i < w->rb->nlinks && !to; i++) {
		const struct rb_link *l = &w->rb->links[i];
		if (l->kind == RB_LINK_DOC && l->path && !strcmp(l->target, url)) {
			to = rb_book_runbook_by_path(&w->b->book, l->path);
			file = l->path;
		}
	}
	if (to && w->print) {
		rb_buf_putc(o, '#');
		rb_html_escape(o, to->id.s);
		if (hash && hash[1]) {
			rb_buf_putc(o, '/');
			rb_html_escape(o, hash + 1);
		}
	} else if (to || (file && plen)) {
		struct rb_buf u;
		rb_buf_init(&u);
		rb_buf_puts(&u, w->root);
		/* the introduction (README.md) is the index page's */
		rb_buf_url_path(&u, to ? rb_html_page_of(w->b, to->path) : rb_load_intro_name(file) ? "index.html" : file);
		if (hash)
			rb_buf_puts(&u, hash);
		rb_html_escape(o, rb_buf_cstr(&u));
		rb_buf_free(&u);
	} else {
		rb_html_escape(o, url);
	}
}

/* Text with @mentions of known contacts turned into links. */
static void text_with_mentions(struct walk *w, const char *s)
{
	const char *p = s, *m;
	size_t n;
	while ((m = rb_mention_next(s, p, &n))) {
		char *id = rb_arena_strndup(&w->b->arena, m + 1, n);
		rb_html_escape_n(w->out, p, (size_t)(m - p));
		if (rb_book_contact(&w->b->book, id)) {
			if (w->print)
				rb_buf_puts(w->out, "<a class=\"mention\" href=\"#contact:");
			else
				rb_buf_printf(w->out, "<a class=\"mention\" href=\"%scontacts.html#contact-", w->root);
			rb_html_escape(w->out, id);
			rb_buf_puts(w->out, "\">@");
			rb_html_escape(w->out, id);
			rb_buf_puts(w->out, "</a>");
		} else {
			rb_html_escape_n(w->out, m, n + 1);
		}
		p = m + 1 + n;
	}
	rb_html_escape(w->out, p);
}

static bool inside(cmark_node *n, cmark_node_type t)
{
	for (n = cmark_node_parent(n); n; n = cmark_node_parent(n))
		if (cmark_node_get_type(n) == t)
			return true;
	return false;
}

/* Plain text of a node's inline children (for alt text). */
static void plain(struct rb_buf *o, cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
		const char *lit = cmark_node_get_literal(c);
		if (lit && cmark_node_get_type(c) != CMARK_NODE_HTML_INLINE)
			rb_buf_puts(o, lit);
		plain(o, c);
	}
}

/* The step (and its scenario or procedure) that starts at node n, or NULL. */
static const struct rb_step *step_at(struct walk *w, cmark_node *n, const struct rb_scenario **scp)
{
	struct rb_loc loc = rb_doc_loc(w->rb, n);
	for (size_t i = 0; i < w->rb->nscenarios + w->rb->nprocedures; i++) {
		const struct rb_scenario *sc = unit_of(w->rb, i);
		for (size_t j = 0; j < sc->nsections; j++)
			for (size_t k = 0; k < sc->sections[j].nsteps; k++) {
				const struct rb_step *st = &sc->sections[j].steps[k];
				if (st->loc.line == loc.line) {
					*scp = sc;
					return st;
				}
			}
	}
	return NULL;
}

/* The id attribute of step st of unit sc: "<unit id>.<step id>". */
static void put_step_id(struct walk *w, const struct rb_scenario *sc, const struct rb_step *st)
{
	rb_buf_puts(w->out, " id=\"");
	put_id(w, sc->id);
	rb_buf_putc(w->out, '.');
	rb_html_escape(w->out, st->id);
	rb_buf_putc(w->out, '"');
}

/* The step attributes of node n (a list item or H4 that starts a step):
 * class and id. Returns the step, or NULL when n starts none. */
static const struct rb_step *step_id_attr(struct walk *w, cmark_node *n)
{
	const struct rb_scenario *sc;
	const struct rb_step *st = step_at(w, n, &sc);
	if (!st)
		return NULL;
	rb_buf_puts(w->out, st->destructive ? " class=\"step destructive\"" : " class=\"step\"");
	put_step_id(w, sc, st);
	return st;
}

/* The scenario whose heading is node n, or NULL. */
static const struct rb_scenario *scenario_at(struct walk *w, cmark_node *n)
{
	unsigned line = rb_doc_loc(w->rb, n).line;
	for (size_t i = 0; i < w->rb->nscenarios; i++)
		if (w->rb->scenarios[i].loc.line == line)
			return &w->rb->scenarios[i];
	return NULL;
}

/* The procedure whose heading is node n, or NULL. */
static const struct rb_scenario *procedure_at(struct walk *w, cmark_node *n)
{
	unsigned line = rb_doc_loc(w->rb, n).line;
	for (size_t i = 0; i < w->rb->nprocedures; i++)
		if (w->rb->procedures[i].loc.line == line)
			return &w->rb->procedures[i];
	return NULL;
}

/* A link to scenario or procedure u: "#id" on its own page, its runbook's
 * page otherwise; in the handbook "#<runbook-id>/<id>". */
static void put_unit_link(struct walk *w, const struct rb_scenario *u)
{
	rb_buf_puts(w->out, "<a href=\"");
	if (w->print) {
		rb_buf_putc(w->out, '#');
		rb_html_escape(w->out, u->runbook->id.s);
		rb_buf_putc(w->out, '/');
	} else {
		if (strcmp(u->runbook->path, w->rb->path)) {
			struct rb_buf url;
			rb_buf_init(&url);
			rb_buf_puts(&url, w->root);
			rb_buf_url_path(&url, rb_html_page_of(w->b, u->runbook->path));
			rb_html_escape(w->out, rb_buf_cstr(&url));
			rb_buf_free(&url);
		}
		rb_buf_putc(w->out, '#');
	}
	rb_html_escape(w->out, u->id);
	rb_buf_puts(w->out, "\">");
	rb_html_escape(w->out, u->title);
	rb_buf_puts(w->out, "</a>");
}

/* " (27m)": the summed estimate of procedure p, or "" when it has none. */
static const char *procedure_estimate(struct walk *w, const struct rb_scenario *p)
{
	long lo = 0, hi = 0;
	char l[32], h[32];
	if (!rb_procedure_estimate(&w->b->book, p, &lo, &hi, 0))
		return "";
	rb_format_duration(lo, l, sizeof l);
	rb_format_duration(hi, h, sizeof h);
	return lo == hi ? rb_arena_printf(&w->b->arena, ", %s in all", h)
			: rb_arena_printf(&w->b->arena, ", %s-%s in all", l, h);
}

/* After a procedure's heading: the scenarios and procedures that call it. */
static void used_by(struct walk *w, const struct rb_scenario *p)
{
	const struct rb_scenario **by;
	size_t n = rb_procedure_callers(&w->b->arena, &w->b->book, p, &by);
	rb_buf_puts(w->out, "<p class=\"used-by\">Used by: ");
	for (size_t i = 0; i < n; i++) {
		if (i)
			rb_buf_puts(w->out, ", ");
		put_unit_link(w, by[i]);
		if (strcmp(by[i]->runbook->path, w->rb->path)) {
			rb_buf_puts(w->out, " (");
			rb_html_escape(w->out, by[i]->runbook->title.s ? by[i]->runbook->title.s : by[i]->runbook->id.s);
			rb_buf_putc(w->out, ')');
		}
	}
	rb_buf_puts(w->out, n ? "</p>\n" : "no scenario yet</p>\n");
}

/* After a step that calls a procedure: its title, step count and summed
 * estimate, with a link to it. */
static void call_note(struct walk *w, const struct rb_step *st)
{
	const struct rb_scenario *p = st ? rb_call_target(&w->b->book, st->call) : NULL;
	if (!p)
		return;
	size_t steps = 0;
	for (size_t i = 0; i < p->nsections; i++)
		steps += p->sections[i].kind != RB_SEC_ROLLBACK ? p->sections[i].nsteps : 0;
	rb_buf_puts(w->out, "<p class=\"call\">Runs the procedure ");
	put_unit_link(w, p);
	rb_buf_printf(w->out, ": %zu step%s", steps, steps == 1 ? "" : "s");
	rb_html_escape(w->out, procedure_estimate(w, p));
	rb_buf_puts(w->out, ".</p>\n");
}

static void heading(struct walk *w, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	const char *id = w->next_anchor < w->rb->nanchors ? w->rb->anchors[w->next_anchor++].id : NULL;
	rb_buf_printf(w->out, "<h%d", level);
	if (id) {
		rb_buf_puts(w->out, " id=\"");
		put_id(w, id);
		rb_buf_putc(w->out, '"');
	}
	rb_buf_putc(w->out, '>');
	const struct rb_scenario *named = scenario_at(w, n);
	if (!named)
		named = procedure_at(w, n);
	if (named && (!id || strcmp(named->id, id))) {
		/* a heading read leniently as a scenario keeps its own slug and
		 * also carries the scenario's id, which the site links to */
		rb_buf_puts(w->out, "<span id=\"");
		put_id(w, named->id);
		rb_buf_puts(w->out, "\"></span>");
	}
	const struct rb_step *step = NULL;
	if (!named) {            /* an H4 step (or a lenient H3 one): its step anchor sits inside */
		size_t mark = w->out->len;
		rb_buf_puts(w->out, "<span");
		step = step_id_attr(w, n);
		if (!step)
			w->out->len = mark;
		else
			rb_buf_puts(w->out, "></span>");
	}
	if (step && step->destructive)
		rb_buf_puts(w->out, badge);
	children(w, n);
	if (id && !w->print) {   /* a visible permalink: copy it to point a colleague here */
		rb_buf_puts(w->out, " <a class=\"permalink\" href=\"#");
		put_id(w, id);
		rb_buf_puts(w->out, "\" aria-label=\"Link to this section\">#</a>");
	}
	rb_buf_printf(w->out, "</h%d>\n", level);
	call_note(w, step);
	const struct rb_scenario *proc = procedure_at(w, n);
	if (proc)
		used_by(w, proc);
	const struct rb_scenario *sc = scenario_at(w, n);
	if (sc && w->on_scenario) {
		w->on_scenario(w->ctx, sc, w->out);
		w->card_meta_line = w->print ? 0 : sc->meta_loc.line;
	}
}

/* True when every bold key of a metadata paragraph is one the scenario
 * card shows (every metadata key of format_words.h), so the card can
 * replace the paragraph without losing anything. */
static bool card_shows_all(cmark_node *para)
{
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_STRONG)
			continue;
		struct rb_buf k;
		rb_buf_init(&k);
		plain(&k, c);
		size_t n = k.len;
		char *s = (char *)rb_buf_cstr(&k);
		while (n && (s[n - 1] == ':' || s[n - 1] == ' '))
			n--;
		bool known = false;
		if (n) {   /* n > 0: s is the buffer's own memory */
			s[n] = '\0';
			known = rb_format_words_meta_named(s) != RB_META__COUNT;
		}
		rb_buf_free(&k);
		if (!known)
			return false;
	}
	return true;
}

/* Text inside a heading loses a trailing "{#custom-id}". */
static void text_node(struct walk *w, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);
	if (!s)
		return;
	if (inside(n, CMARK_NODE_HEADING) && !cmark_node_next(n)) {
		const char *open = strstr(s, "{#");
		size_t len = strlen(s);
		if (open && len && s[len - 1] == '}') {
			char *cut = rb_arena_strndup(&w->b->arena, s, (size_t)(open - s));
			s = rb_trim(cut);
		}
	}
	if (inside(n, CMARK_NODE_LINK))
		rb_html_escape(w->out, s);
	else
		text_with_mentions(w, s);
}

static void code_block(struct walk *w, cmark_node *n)
{
	const char *info = cmark_node_get_fence_info(n);
	bool destructive = is_destructive_block(w, n);
	rb_buf_puts(w->out, destructive ? "<div class=\"code destructive\" title=\"Destructive command\""
					: "<div class=\"code\"");
	/* a step that is a code block, not a list item (the lenient
	 * reader's): the step's anchor is on it */
	const struct rb_scenario *sc;
	const struct rb_step *st = cmark_node_get_type(cmark_node_parent(n)) != CMARK_NODE_ITEM
					   ? step_at(w, n, &sc) : NULL;
	if (st)
		put_step_id(w, sc, st);
	rb_buf_puts(w->out, "><pre><code");
	if (info && *info) {
		rb_buf_puts(w->out, " class=\"language-");
		for (const char *p = info; *p && (isalnum((unsigned char)*p) || *p == '-' || *p == '_'); p++)
			rb_buf_putc(w->out, *p);
		rb_buf_putc(w->out, '"');
	}
	rb_buf_putc(w->out, '>');
	/* bidi and zero-width characters shown too: the reader sees what runs */
	rb_html_escape(w->out, rb_visible_str(&w->b->arena, cmark_node_get_literal(n), RB_VISIBLE_TAB | RB_VISIBLE_NL | RB_VISIBLE_ZERO_WIDTH));
	if (w->print)
		rb_buf_puts(w->out, "</code></pre></div>\n");
	else if (destructive)   /* site.js asks before it copies (data-confirm) */
		rb_buf_puts(w->out, "</code></pre><button type=\"button\" class=\"copy\" data-confirm=\"This command is "
				    "destructive. Copy it anyway?\" hidden>Copy</button></div>\n");
	else
		rb_buf_puts(w->out, "</code></pre><button type=\"button\" class=\"copy\" hidden>Copy</button></div>\n");
}

static void link_node(struct walk *w, cmark_node *n, bool image)
{
	const char *url = cmark_node_get_url(n);
	bool ok = url && *url && rb_html_url_safe(url);
	bool as_link = w->print ? ok && (strchr(url, ':') || url[0] == '/')
				: ok && rb_remote_url(url) && !w->b->book.config.remote_images;
	if (image && as_link) {
		/* the handbook loads nothing, the site nothing remote (unless
		 * rbc.yaml allows it): such an image becomes its link */
		rb_buf_puts(w->out, "<a class=\"image\" href=\"");
		rb_html_escape(w->out, url);
		rb_buf_puts(w->out, "\">");
		image = false;
		struct rb_buf alt;
		rb_buf_init(&alt);
		plain(&alt, n);
		rb_html_escape(w->out, alt.len ? rb_buf_cstr(&alt) : "image");
		rb_buf_free(&alt);
		rb_buf_puts(w->out, "</a>");
		return;
	}
	if (image) {
		struct rb_buf alt;
		rb_buf_init(&alt);
		plain(&alt, n);
		if (ok) {
			rb_buf_puts(w->out, "<img src=\"");
			put_url(w, url);
			rb_buf_puts(w->out, "\" alt=\"");
			rb_html_escape(w->out, rb_buf_cstr(&alt));
			rb_buf_puts(w->out, "\">");
		} else {
			rb_html_escape(w->out, rb_buf_cstr(&alt));
		}
		rb_buf_free(&alt);
		return;
	}
	if (!ok) {
		rb_buf_puts(w->out, "<span class=\"unsafe-link\">");
		children(w, n);
		rb_buf_puts(w->out, "</span>");
		return;
	}
	rb_buf_puts(w->out, "<a href=\"");
	put_url(w, url);
	rb_buf_putc(w->out, '"');
	if (w->print) {         /* an autolink shows its URL already: print it once */
		struct rb_buf text;
		rb_buf_init(&text);
		plain(&text, n);
		if (!strcmp(rb_buf_cstr(&text), url))
			rb_buf_puts(w->out, " class=\"bare\"");
		rb_buf_free(&text);
	}
	const char *title = cmark_node_get_title(n);
	if (title && *title) {
		rb_buf_puts(w->out, " title=\"");
		rb_html_escape(w->out, title);
		rb_buf_putc(w->out, '"');
	}
	rb_buf_putc(w->out, '>');
	children(w, n);
	rb_buf_puts(w->out, "</a>");
}

static bool tight(cmark_node *para)
{
	cmark_node *item = cmark_node_parent(para);
	if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM)
		return false;
	cmark_node *list = cmark_node_parent(item);
	return list && cmark_node_get_list_tight(list);
}

static void list_node(struct walk *w, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	int start = cmark_node_get_list_start(n);
	if (ordered && start != 1)
		rb_buf_printf(w->out, "<ol start=\"%d\">\n", start);
	else
		rb_buf_puts(w->out, ordered ? "<ol>\n" : "<ul>\n");
	children(w, n);
	rb_buf_puts(w->out, ordered ? "</ol>\n" : "</ul>\n");
}

static void item_node(struct walk *w, cmark_node *n)
{
	rb_buf_puts(w->out, "<li");
	const struct rb_step *st = step_id_attr(w, n);
	rb_buf_putc(w->out, '>');
	if (st && st->destructive)
		rb_buf_puts(w->out, badge);
	const char *ts = cmark_node_get_type_string(n);
	if (ts && !strcmp(ts, "tasklist"))
		rb_buf_puts(w->out, cmark_gfm_extensions_get_tasklist_item_checked(n)
				    ? "<input type=\"checkbox\" disabled checked> " : "<input type=\"checkbox\" disabled> ");
	children(w, n);
	call_note(w, st);
	rb_buf_puts(w->out, "</li>\n");
}

/* Tables and strikethrough come from extensions: matched by type name. */
static bool extension_node(struct walk *w, cmark_node *n)
{
	const char *t = cmark_node_get_type_string(n);
	if (!t)
		return false;
	if (!strcmp(t, "table")) {
		rb_buf_puts(w->out, "<div class=\"table\"><table>\n");
		children(w, n);
		rb_buf_puts(w->out, "</table></div>\n");
	} else if (!strcmp(t, "table_row")) {
		rb_buf_puts(w->out, "<tr>");
		children(w, n);
		rb_buf_puts(w->out, "</tr>\n");
	} else if (!strcmp(t, "table_cell")) {
		cmark_node *row = cmark_node_parent(n);
		bool head = row && cmark_gfm_extensions_get_table_row_is_header(row);
		rb_buf_puts(w->out, head ? "<th>" : "<td>");
		children(w, n);
		rb_buf_puts(w->out, head ? "</th>" : "</td>");
	} else if (!strcmp(t, "strikethrough")) {
		rb_buf_puts(w->out, "<del>");
		children(w, n);
		rb_buf_puts(w->out, "</del>");
	} else {
		return false;
	}
	return true;
}

/* Render one node and its children. Depth is bounded by parse.c's limit. */
static void render(struct walk *w, cmark_node *n)
{
	struct rb_buf *o = w->out;
	if (extension_node(w, n))
		return;
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT: children(w, n); break;
	case CMARK_NODE_BLOCK_QUOTE:
		rb_buf_puts(o, "<blockquote>\n");
		children(w, n);
		rb_buf_puts(o, "</blockquote>\n");
		break;
	case CMARK_NODE_LIST: list_node(w, n); break;
	case CMARK_NODE_ITEM: item_node(w, n); break;
	case CMARK_NODE_CODE_BLOCK: code_block(w, n); break;
	case CMARK_NODE_HTML_BLOCK:
		rb_buf_puts(o, "<pre class=\"raw-html\">");
		rb_html_escape(o, cmark_node_get_literal(n));
		rb_buf_puts(o, "</pre>\n");
		break;
	case CMARK_NODE_PARAGRAPH:
		if (w->card_meta_line && rb_doc_loc(w->rb, n).line == w->card_meta_line && card_shows_all(n)) {
			w->card_meta_line = 0;   /* the scenario card above says all of it */
		} else if (tight(n)) {
			children(w, n);
			rb_buf_putc(o, '\n');
		} else {
			rb_buf_puts(o, "<p>");
			children(w, n);
			rb_buf_puts(o, "</p>\n");
		}
		break;
	case CMARK_NODE_HEADING: heading(w, n); break;
	case CMARK_NODE_THEMATIC_BREAK: rb_buf_puts(o, "<hr>\n"); break;
	case CMARK_NODE_TEXT: text_node(w, n); break;
	case CMARK_NODE_SOFTBREAK: rb_buf_putc(o, '\n'); break;
	case CMARK_NODE_LINEBREAK: rb_buf_puts(o, "<br>\n"); break;
	case CMARK_NODE_CODE:
		rb_buf_puts(o, "<code>");
		rb_html_escape(o, cmark_node_get_literal(n));
		rb_buf_puts(o, "</code>");
		break;
	case CMARK_NODE_HTML_INLINE:
		rb_buf_puts(o, "<code class=\"raw-html\">");
		rb_html_escape(o, cmark_node_get_literal(n));
		rb_buf_puts(o, "</code>");
		break;
	case CMARK_NODE_EMPH:
		rb_buf_puts(o, "<em>");
		children(w, n);
		rb_buf_puts(o, "</em>");
		break;
	case CMARK_NODE_STRONG:
		rb_buf_puts(o, "<strong>");
		children(w, n);
		rb_buf_puts(o, "</strong>");
		break;
	case CMARK_NODE_LINK: link_node(w, n, false); break;
	case CMARK_NODE_IMAGE: link_node(w, n, true); break;
	default: children(w, n); break;
	}
}

void rb_md_html_runbook(struct rb_build *b, const struct rb_runbook *rb, const char *root,
			void (*on_scenario)(void *ctx, const struct rb_scenario *sc, struct rb_buf *out),
			void *ctx, struct rb_buf *out)
{
	if (!rb->doc || !rb->doc->root)
		return;
	struct walk w = {.b = b, .rb = rb, .root = root, .on_scenario = on_scenario, .ctx = ctx, .out = out};
	find_destructive(&w);
	render(&w, rb->doc->root);
}

void rb_md_html_runbook_print(struct rb_build *b, const struct rb_runbook *rb,
			      void (*on_scenario)(void *ctx, const struct rb_scenario *sc, struct rb_buf *out),
			      void *ctx, struct rb_buf *out)
{
	if (!rb->doc || !rb->doc->root)
		return;
	struct walk w = {.b = b, .rb = rb, .root = "", .on_scenario = on_scenario, .ctx = ctx, .out = out,
			 .print = true};
	find_destructive(&w);
	render(&w, rb->doc->root);
}

void rb_md_html_intro(struct rb_build *b, const struct rb_runbook *rb, struct rb_buf *out)
{
	if (!rb->doc || !rb->doc->root)
		return;
	struct walk w = {.b = b, .rb = rb, .root = "", .out = out, .id_prefix = "intro-"};
	render(&w, rb->doc->root);
}
