/* findings.c: the build's and the lint's findings for the overlay and
 * the terminal. See findings.h. */
#include "serve/findings.h"
#include "base/buf.h"
#include "base/json_write.h"
#include "model/build.h"
#include <jansson.h>
#include <string.h>

void rb_findings_init(struct rb_findings *f)
{
	rb_arena_init(&f->arena);
	rb_diags_init(&f->list);
}

void rb_findings_free(struct rb_findings *f)
{
	rb_diags_free(&f->list);
	rb_arena_free(&f->arena);
}

/* Add one finding, its strings copied into f's arena. */
static void add(struct rb_findings *f, const char *file, unsigned line, unsigned col, enum rb_level level,
		const char *rule, const char *message, const char *detail)
{
	struct rb_diag d = {.level = level, .loc = {rb_arena_strdup(&f->arena, file), line, col},
			    .id = rb_arena_strdup(&f->arena, rule ? rule : "")};
	d.message = detail && *detail ? rb_arena_printf(&f->arena, "%s: %s", message, detail)
				      : rb_arena_strdup(&f->arena, message ? message : "");
	rb_diags_push(&f->list, d);
}

void rb_findings_from_build(struct rb_findings *f, const struct rb_build *b)
{
	rb_findings_free(f);
	rb_findings_init(f);
	for (size_t i = 0; i < b->diags.n; i++) {
		const struct rb_diag *d = &b->diags.v[i];
		if (d->level >= RB_WARNING && d->level <= RB_ERROR)
			add(f, d->loc.file, d->loc.line, d->loc.col, d->level, d->id, d->message, d->detail);
	}
	rb_diags_sort(&f->list);
}

/* The level named s ("warning", "error"), or RB_NOTE for anything else. */
static enum rb_level level_named(const char *s)
{
	return !strcmp(s, "error") ? RB_ERROR : !strcmp(s, "warning") ? RB_WARNING : RB_NOTE;
}

bool rb_findings_from_lint(struct rb_findings *f, const char *text, size_t n)
{
	rb_findings_free(f);
	rb_findings_init(f);
	json_error_t err;
	json_t *all = json_loadb(text, n, 0, &err);
	if (!json_is_array(all)) {
		json_decref(all);
		return false;
	}
	size_t i;
	json_t *o;
	json_array_foreach(all, i, o) {
		const char *level = json_string_value(json_object_get(o, "level"));
		const char *message = json_string_value(json_object_get(o, "message"));
		if (!level || !message || level_named(level) == RB_NOTE)
			continue;
		add(f, json_string_value(json_object_get(o, "file")),
		    (unsigned)json_integer_value(json_object_get(o, "line")),
		    (unsigned)json_integer_value(json_object_get(o, "col")), level_named(level),
		    json_string_value(json_object_get(o, "rule")), message, NULL);
	}
	json_decref(all);
	return true;
}

/* Equal strings, NULL equal only to NULL. */
static bool same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool rb_findings_has(const struct rb_findings *f, const struct rb_diag *d)
{
	for (size_t i = 0; i < f->list.n; i++) {
		const struct rb_diag *e = &f->list.v[i];
		if (e->loc.line == d->loc.line && e->loc.col == d->loc.col && e->level == d->level &&
		    same(e->loc.file, d->loc.file) && same(e->id, d->id) && same(e->message, d->message))
			return true;
	}
	return false;
}

void rb_findings_drop(struct rb_findings *f, const struct rb_findings *of)
{
	size_t k = 0;
	for (size_t i = 0; i < f->list.n; i++)
		if (!rb_findings_has(of, &f->list.v[i]))
			f->list.v[k++] = f->list.v[i];
	f->list.n = k;
}

void rb_findings_print(const struct rb_findings *f, const struct rb_findings *seen, FILE *out, bool color)
{
	for (size_t i = 0; i < f->list.n; i++)
		if (!seen || !rb_findings_has(seen, &f->list.v[i]))
			rb_diag_print(out, &f->list.v[i], color);
	fflush(out);
}

/* Count by level the findings of f that skip (when given) does not hold,
 * and write them to w when w is given. */
static void put_items(struct rb_jw *w, const struct rb_findings *f, const struct rb_findings *skip,
		      unsigned count[RB_OFF])
{
	for (size_t i = 0; i < f->list.n; i++) {
		const struct rb_diag *d = &f->list.v[i];
		if (skip && rb_findings_has(skip, d))
			continue;
		count[d->level]++;
		if (!w)
			continue;
		rb_jw_object(w);
		rb_jw_kstr(w, "file", d->loc.file ? d->loc.file : "");
		rb_jw_kint(w, "line", d->loc.line);
		rb_jw_kint(w, "col", d->loc.col);
		rb_jw_kstr(w, "level", rb_level_name(d->level));
		rb_jw_kstr(w, "message", d->message);
		rb_jw_kstr(w, "rule", d->id);
		rb_jw_end(w, '}');
	}
}

char *rb_findings_json(bool ok, const struct rb_findings *a, const struct rb_findings *b)
{
	unsigned count[RB_OFF] = {0};
	put_items(NULL, a, NULL, count);
	put_items(NULL, b, a, count);
	struct rb_buf text;
	rb_buf_init(&text);
	struct rb_jw w;
	rb_jw_init(&w, 0, rb_jw_put_buf, &text);
	rb_jw_object(&w);
	rb_jw_kbool(&w, "ok", ok);
	rb_jw_kint(&w, "errors", count[RB_ERROR]);
	rb_jw_kint(&w, "warnings", count[RB_WARNING]);
	rb_jw_key(&w, "items");
	rb_jw_array(&w);
	memset(count, 0, sizeof count);
	put_items(&w, a, NULL, count);
	put_items(&w, b, a, count);
	rb_jw_end(&w, ']');
	rb_jw_end(&w, '}');
	rb_jw_finish(&w);
	return rb_buf_detach(&text);
}
