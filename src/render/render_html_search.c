/* render_html_search.c: the site's search index, assets/search-index.js,
 * which templates/assets/site.js searches. It is a script setting
 * window.RBC_SEARCH (fetch() of a file:// URL is blocked). Version 2:
 *   {"version": 2, "docs": [[kind, title, url, context, words]...]}
 * kind "r" a runbook, "s" a scenario, "c" a contact; words: the doc's
 * distinct words, lower case, space-separated, in order of worth (for a
 * scenario: title, severity, alerts, runbook, service, symptoms, step
 * titles, commands, the other sections' text), cut at a byte budget so
 * that the index stays small (`make bench` prints its size for 1,000
 * runbooks). The index is written a runbook at a time, from the full read
 * of each (a summary holds no steps or commands). */
#include "render/render_html_site.h"
#include "base/json_write.h"
#include "base/util.h"

/* An arena copy of the first `max` bytes of s at a UTF-8 boundary, with
 * "…" when cut, runs of white space folded to one space. */
static const char *excerpt(struct rb_arena *a, const char *s, size_t max)
{
	if (!s)
		return NULL;
	struct rb_buf o;
	rb_buf_init(&o);
	bool space = false;
	for (const char *p = s; *p && o.len < max; p++) {
		bool ws = *p == ' ' || *p == '\n' || *p == '\t' || *p == '\r';
		if (ws && o.len)
			space = true;
		else if (!ws) {
			if (space)
				rb_buf_putc(&o, ' ');
			space = false;
			rb_buf_putc(&o, *p);
		}
		if (o.len >= max && p[1]) {
			while (o.len && ((unsigned char)o.data[o.len - 1] & 0xC0) == 0x80)
				o.len--;
			if (o.len && (unsigned char)o.data[o.len - 1] >= 0xC0)
				o.len--;
			rb_buf_puts(&o, "…");
			break;
		}
	}
	char *r = rb_arena_strdup(a, rb_buf_cstr(&o));
	rb_buf_free(&o);
	return r;
}

/* Bytes of distinct words kept per scenario, and per runbook or contact. */
#define SCENARIO_WORDS_MAX 3072
#define OTHER_WORDS_MAX 512

/* The distinct words of a doc being collected, up to a byte budget. */
struct words {
	struct rb_buf out;        /* "w1 w2 ..." */
	struct rb_strmap seen;    /* borrows keys from the page arena */
	struct rb_arena *arena;
	size_t max;
};

static void words_init(struct words *w, struct rb_arena *a, size_t max)
{
	rb_buf_init(&w->out);
	w->seen = (struct rb_strmap){0};
	w->arena = a;
	w->max = max;
}

static void words_free(struct words *w)
{
	rb_buf_free(&w->out);
	rb_strmap_free(&w->seen);
}

/* A byte that belongs to a word: ASCII letters and digits, '-', '_' and
 * every byte of a multi-byte UTF-8 character. */
static bool word_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c >= 0x80;
}

/* Add the words of text (lower-cased, trimmed of '-' and '_')
 * that w has not seen, while the budget lasts. A word is looked up
 * before it is copied: most words of a runbook's text are seen ones. */
static void words_add(struct words *w, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	char small[64];
	while (*p && w->out.len + 2 <= w->max) {   /* else no word fits */
		while (*p && !word_byte(*p))
			p++;
		const unsigned char *start = p;
		while (*p && word_byte(*p))
			p++;
		const unsigned char *end = p;
		while (start < end && (*start == '-' || *start == '_'))
			start++;
		while (end > start && (end[-1] == '-' || end[-1] == '_'))
			end--;
		size_t n = (size_t)(end - start);
		if (!n || w->out.len + n + 1 > w->max)
			continue;
		char *word = n < sizeof small ? small : rb_arena_alloc(w->arena, n + 1);
		for (size_t i = 0; i < n; i++)
			word[i] = (char)(start[i] >= 'A' && start[i] <= 'Z' ? start[i] - 'A' + 'a' : start[i]);
		word[n] = '\0';
		unsigned dummy;
		if (rb_strmap_get(&w->seen, word, &dummy))
			continue;
		if (word == small)
			word = rb_arena_strndup(w->arena, small, n);
		rb_strmap_put(&w->seen, word, 1);
		if (w->out.len)
			rb_buf_putc(&w->out, ' ');
		rb_buf_add(&w->out, word, n);
	}
}

/* The head of an entry: [kind, title, url, context, words (left open). */
static void entry_head(struct rb_jw *w, const char *kind, const char *title, const char *url, const char *context,
		       struct words *words)
{
	rb_jw_array(w);
	rb_jw_str(w, kind);
	rb_jw_str(w, title ? title : "");
	rb_jw_str(w, url);
	rb_jw_str(w, context ? context : "");
	rb_jw_str(w, rb_buf_cstr(&words->out));
}

/* Append search index text to its output file (ctx). */
static void put_search(void *ctx, const char *text, size_t len)
{
	rb_output_append(ctx, text, len);
}

/* A scenario's entry. Its words, most telling first, so that the budget
 * cuts the least useful: title, severity, alerts, runbook, service,
 * symptoms, step titles, commands, then the other sections' text. */
static void scenario_entry(struct rb_site *s, const struct rb_runbook *rb, const struct rb_scenario *sc)
{
	const struct rb_section *sym = rb_scenario_section(sc, RB_SEC_SYMPTOMS);
	const char *context = sym && sym->text && *sym->text ? excerpt(s->arena, sym->text, 140) : rb_site_runbook_title(rb);
	struct words w;
	words_init(&w, s->arena, SCENARIO_WORDS_MAX);
	words_add(&w, sc->title);
	words_add(&w, sc->severity.s);
	words_add(&w, sc->alerts.s);
	words_add(&w, rb_site_runbook_title(rb));
	words_add(&w, rb->service.s);
	if (sym)
		words_add(&w, sym->text);
	for (size_t i = 0; i < sc->nsections; i++)
		for (size_t j = 0; sc->sections[i].steps && j < sc->sections[i].nsteps; j++)
			words_add(&w, sc->sections[i].steps[j].title);
	for (size_t i = 0; i < sc->nsections; i++)
		for (size_t j = 0; sc->sections[i].steps && j < sc->sections[i].nsteps; j++)
			for (size_t k = 0; k < sc->sections[i].steps[j].ncommands; k++)
				words_add(&w, sc->sections[i].steps[j].commands[k].text);
	for (size_t i = 0; i < sc->nsections; i++)
		words_add(&w, sc->sections[i].text);
	entry_head(&s->search, "s", sc->title, rb_site_runbook_url(s, rb, sc->id), context, &w);
	rb_jw_end(&s->search, ']');
	words_free(&w);
}

void rb_site_search_begin(struct rb_site *s)
{
	s->search_file = rb_output_open_file(s->o, "assets/search-index.js", 0644);
	static const char head[] = "/* rbc search index: loaded as a script so that search works from file:// */\n"
				   "window.RBC_SEARCH = ";
	rb_output_append(s->search_file, head, sizeof head - 1);
	rb_jw_init(&s->search, 0, put_search, s->search_file);
	s->search.ascii = true;
	rb_jw_object(&s->search);
	rb_jw_kint(&s->search, "version", 2);
	rb_jw_key(&s->search, "docs");
	rb_jw_array(&s->search);
	rb_html_check_asset(s->check, "assets/search-index.js");
}

void rb_site_search_runbook(struct rb_site *s, const struct rb_runbook *rb)
{
	s->root = "";   /* the index's URLs are site-relative */
	struct words w;
	words_init(&w, s->arena, OTHER_WORDS_MAX);
	words_add(&w, rb_site_runbook_title(rb));
	words_add(&w, rb->id.s);
	words_add(&w, rb->service.s);
	for (size_t j = 0; j < rb->ntags; j++)
		words_add(&w, rb->tags[j].s);
	entry_head(&s->search, "r", rb_site_runbook_title(rb), rb_site_runbook_url(s, rb, NULL), rb->service.s, &w);
	rb_jw_end(&s->search, ']');
	words_free(&w);
	for (size_t j = 0; j < rb->nscenarios; j++)
		scenario_entry(s, rb, &rb->scenarios[j]);
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
}

void rb_site_search_end(struct rb_site *s)
{
	if (!s->search_file)
		return;
	s->root = "";
	for (size_t i = 0; i < s->b->book.ncontacts; i++) {
		const struct rb_contact *c = &s->b->book.contacts[i];
		struct words w;
		words_init(&w, s->arena, OTHER_WORDS_MAX);
		words_add(&w, c->id);
		words_add(&w, c->name.s);
		words_add(&w, c->role.s);
		words_add(&w, c->email.s);
		entry_head(&s->search, "c", c->name.s && *c->name.s ? c->name.s : c->id,
			   rb_site_url_to(s, "contacts.html", rb_arena_printf(s->arena, "contact-%s", c->id)), c->role.s, &w);
		rb_jw_end(&s->search, ']');
		words_free(&w);
	}
	rb_jw_end(&s->search, ']');
	rb_jw_end(&s->search, '}');
	rb_jw_finish(&s->search);
	rb_output_append(s->search_file, ";\n", 2);
	s->ok = rb_output_close_file(s->search_file) && s->ok;
	s->search_file = NULL;
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
}
