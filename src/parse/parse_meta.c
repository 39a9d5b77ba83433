/* parse_meta.c: a scenario's metadata paragraph, written as bold keys
 * with values: **Severity:** P0 · **RTO:** 15 min · **Owner:** dba */
#include "parse/md_doc.h"
#include "model/build.h"
#include "model/format_words.h"
#include "base/buf.h"
#include "base/util.h"
#include <string.h>

/* Plain text of an inline subtree (no markup). */
static void inline_text(cmark_node *n, struct rb_buf *out)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *x = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(x);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
			rb_buf_puts(out, cmark_node_get_literal(x));
		else if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK)
			rb_buf_putc(out, '\n');
	}
	cmark_iter_free(it);
}

/* Strip separators (' · ', '|', ':', spaces) from both ends of a value. */
static char *clean_value(char *s)
{
	for (;;) {
		s = rb_trim(s);
		if (*s == ':' || *s == '|')
			s++;
		else if (strncmp(s, "\xC2\xB7", 2) == 0)
			s += 2;
		else
			break;
	}
	for (;;) {
		size_t n = strlen(s);
		if (n && (s[n - 1] == '|' || s[n - 1] == ':' || s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == ';' || s[n - 1] == ','))
			s[n - 1] = '\0';
		else if (n >= 2 && strncmp(s + n - 2, "\xC2\xB7", 2) == 0)
			s[n - 2] = '\0';
		else
			break;
	}
	return s;
}

/* Store one key/value pair on the scenario. */
static void set_meta(struct rb_build *b, struct rb_scenario *sc, const char *key, char *value,
		     struct rb_loc loc)
{
	struct rb_text text = {rb_arena_strdup(&b->arena, value), loc};
	enum rb_meta_key k = rb_format_words_meta_named(key);
	if (k == RB_META_SEVERITY) {
		sc->severity = text;
	} else if (k == RB_META_RTO || k == RB_META_RPO) {
		struct rb_duration *d = k == RB_META_RTO ? &sc->rto : &sc->rpo;
		long lo, hi;
		d->text = text.s;
		d->loc = loc;
		if (rb_parse_duration(value, &lo, &hi)) {
			d->set = true;
			d->lo = lo;
			d->hi = hi;
		} else {
			rb_diag(b, RB_D_BAD_DURATION, loc, "%s: '%s'", key, value);
		}
	} else if (k == RB_META_OWNER) {
		if (text.s[0] == '@')
			text.s++;
		sc->owner = text;
	} else if (k == RB_META_ALERTS) {
		sc->alerts = text;
	} else {
		const char *titles[RB_META__COUNT];
		struct rb_buf known;
		rb_buf_init(&known);
		for (int i = 0; i < RB_META__COUNT; i++) {
			titles[i] = rb_format_words_meta((enum rb_meta_key)i)->title;
			rb_buf_printf(&known, "%s%s", i ? ", " : "", titles[i]);
		}
		const char *near = rb_nearest(key, titles, RB_META__COUNT);
		rb_diag(b, RB_D_UNKNOWN_META, loc, "'%s'%s%s%s; known keys are %s", key, near ? " (did you mean '" : "",
			near ? near : "", near ? "'?)" : "", rb_buf_cstr(&known));
		rb_buf_free(&known);
	}
}

bool rb_parse_meta(struct rb_build *b, struct rb_runbook *rb, struct rb_scenario *sc, cmark_node *para)
{
	cmark_node *first = cmark_node_first_child(para);
	if (!first || cmark_node_get_type(first) != CMARK_NODE_STRONG)
		return false;
	struct rb_buf key, val;
	rb_buf_init(&key);
	rb_buf_init(&val);
	struct rb_loc key_loc = {0};
	bool have = false;
	sc->meta_loc = rb_doc_loc(rb, para);
	for (cmark_node *n = first;; n = cmark_node_next(n)) {
		if (!n || cmark_node_get_type(n) == CMARK_NODE_STRONG) {
			if (have) {
				char *k = clean_value((char *)rb_buf_cstr(&key));
				set_meta(b, sc, k, clean_value((char *)rb_buf_cstr(&val)), key_loc);
			}
			if (!n)
				break;
			rb_buf_reset(&key);
			rb_buf_reset(&val);
			inline_text(n, &key);
			key_loc = rb_doc_loc(rb, n);
			if (key_loc.line < sc->meta_loc.line)
				key_loc = sc->meta_loc;
			have = true;
			continue;
		}
		inline_text(n, &val);
	}
	rb_buf_free(&key);
	rb_buf_free(&val);
	return true;
}
