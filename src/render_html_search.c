/* render_html_search.c: the site's search index, assets/search-index.js,
 * which templates/assets/site.js searches. It is a script setting
 * window.RBC_SEARCH (fetch() of a file:// URL is blocked). */
#include "render_html_site.h"
#include "json_write.h"
#include "util.h"
#include <stdlib.h>
#include <string.h>

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

/* One search entry: [kind, title, url, context, lower-case text]. */
static void search_entry(struct rb_jw *w, const char *kind, const char *title, const char *url,
			 const char *context, const char *text)
{
	char *lower = rb_xstrdup(text ? text : "");
	for (char *p = lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	rb_jw_array(w);
	rb_jw_str(w, kind);
	rb_jw_str(w, title ? title : "");
	rb_jw_str(w, url);
	rb_jw_str(w, context ? context : "");
	rb_jw_str(w, lower);
	rb_jw_end(w, ']');
	free(lower);
}

/* Append search index text to its output file (ctx). */
static void put_search(void *ctx, const char *text, size_t len)
{
	rb_output_append(ctx, text, len);
}

/* Searchable text of a scenario: title, severity, alerts and symptoms. */
static const char *scenario_text(struct site *s, const struct rb_scenario *sc)
{
	const struct rb_section *sym = rb_scenario_section(sc, RB_SEC_SYMPTOMS);
	return rb_arena_printf(s->arena, "%s %s %s %s %s %s", sc->title, sc->severity.s ? sc->severity.s : "",
			       sc->alerts.s ? sc->alerts.s : "", rb_site_runbook_title(sc->runbook),
			       sc->runbook->service.s ? sc->runbook->service.s : "", sym && sym->text ? sym->text : "");
}

/* assets/search-index.js: window.RBC_SEARCH = {...}, loaded as a script
 * because fetch() of a file:// URL is blocked. URLs are site-relative. */
void rb_site_search_index(struct site *s)
{
	s->root = "";
	struct rb_output_file *f = rb_output_open_file(s->o, "assets/search-index.js", 0644);
	static const char head[] = "/* rbc search index: loaded as a script so that search works from file:// */\n"
				   "window.RBC_SEARCH = ";
	rb_output_append(f, head, sizeof head - 1);
	struct rb_jw w;
	rb_jw_init(&w, 0, put_search, f);
	w.ascii = true;
	rb_jw_object(&w);
	rb_jw_kint(&w, "version", 1);
	rb_jw_key(&w, "docs");
	rb_jw_array(&w);
	for (size_t i = 0; i < s->b->book.nrunbooks; i++) {
		const struct rb_runbook *rb = s->b->book.runbooks[i];
		struct rb_buf text;
		rb_buf_init(&text);
		rb_buf_printf(&text, "%s %s %s", rb_site_runbook_title(rb), rb->id.s, rb->service.s ? rb->service.s : "");
		for (size_t j = 0; j < rb->ntags; j++)
			rb_buf_printf(&text, " %s", rb->tags[j].s ? rb->tags[j].s : "");
		search_entry(&w, "r", rb_site_runbook_title(rb), rb_site_runbook_url(s, rb, NULL), rb->service.s, rb_buf_cstr(&text));
		rb_buf_free(&text);
		for (size_t j = 0; j < rb->nscenarios; j++) {
			const struct rb_scenario *sc = &rb->scenarios[j];
			const struct rb_section *sym = rb_scenario_section(sc, RB_SEC_SYMPTOMS);
			const char *context = sym && sym->text && *sym->text ? excerpt(s->arena, sym->text, 140)
									   : rb_site_runbook_title(rb);
			search_entry(&w, "s", sc->title, rb_site_runbook_url(s, rb, sc->id), context, scenario_text(s, sc));
		}
		rb_arena_free(&s->page);
		rb_arena_init(&s->page);
	}
	for (size_t i = 0; i < s->b->book.ncontacts; i++) {
		const struct rb_contact *c = &s->b->book.contacts[i];
		const char *text = rb_arena_printf(s->arena, "%s %s %s %s", c->id, c->name.s ? c->name.s : "",
						   c->role.s ? c->role.s : "", c->email.s ? c->email.s : "");
		search_entry(&w, "c", c->name.s && *c->name.s ? c->name.s : c->id,
			     rb_site_url_to(s, "contacts.html", rb_arena_printf(s->arena, "contact-%s", c->id)), c->role.s, text);
	}
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	rb_output_append(f, ";\n", 2);
	s->ok = rb_output_close_file(f) && s->ok;
	rb_html_check_asset(s->check, "assets/search-index.js");
	rb_arena_free(&s->page);
	rb_arena_init(&s->page);
}

