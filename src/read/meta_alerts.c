/* meta_alerts.c: rbc.yaml's alerts: settings (doc/alerts.md). A setting
 * rbc does not know is an error here, not a warning: a misspelt key would
 * turn a check off without a word. */
#include "read/meta_alerts.h"
#include "read/meta_value.h"
#include "base/util.h"
#include <string.h>

/* An unknown key of the alerts: settings (or of an ignore entry): an
 * error with the nearest known key. */
static void unknown(struct rb_build *b, struct rb_loc loc, const char *key, const char *const *known, size_t n,
		    const char *where)
{
	const char *near = rb_nearest(key, known, n);
	rb_diag(b, RB_D_CONFIG, loc, "%s: unknown key '%s'%s%s%s", where, key, near ? "; did you mean '" : "",
		near ? near : "", near ? "'?" : "");
}

/* A string or a list of strings into an arena array of texts; false
 * with a diagnostic when it is something else. */
static bool read_words(struct rb_build *b, const struct rb_value *v, const char *key, const char *want,
		       struct rb_text **out, size_t *n)
{
	size_t count = v->kind == RB_V_SEQ ? v->n : 1;
	if (v->kind != RB_V_SEQ && v->kind != RB_V_SCALAR) {
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: %s must be %s, not %s", key, want, rb_value_kind_name(v->kind));
		return false;
	}
	*out = rb_arena_alloc(&b->arena, (count + 1) * sizeof **out);
	*n = 0;
	for (size_t i = 0; i < count; i++) {
		const struct rb_value *w = v->kind == RB_V_SEQ ? v->items[i] : v;
		if (w->kind != RB_V_SCALAR || !w->str[0] || strlen(w->str) >= 4096)
			rb_diag(b, RB_D_CONFIG, w->loc, "alerts: %s: each item must be %s", key, want);
		else
			(*out)[(*n)++] = (struct rb_text){w->str, w->loc};
	}
	return true;
}

/* base_url: an http(s) address, kept with a final '/'. */
static void read_base_url(struct rb_build *b, const struct rb_value *v, struct rb_alerts_config *c)
{
	if (v->kind != RB_V_SCALAR || (strncmp(v->str, "https://", 8) && strncmp(v->str, "http://", 7))) {
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: base_url must be the http(s) address the site is "
			"published at, such as https://runbooks.example.com/");
		return;
	}
	size_t n = strlen(v->str);
	c->base_url.s = n && v->str[n - 1] == '/' ? v->str : rb_arena_printf(&b->arena, "%s/", v->str);
	c->base_url.loc = v->loc;
}

/* One ignore entry: {alert, owner, until, why}, every key required. */
static void read_ignore_entry(struct rb_build *b, const struct rb_value *v, struct rb_alert_ignore *e)
{
	static const char *const keys[] = {"alert", "owner", "until", "why"};
	e->loc = v->loc;
	if (v->kind != RB_V_MAP) {
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: ignore: each entry must be a mapping such as "
			"{alert: Watchdog, owner: sre-oncall, until: 2027-06-30, why: \"heartbeat\"}");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->keys[i];
		const struct rb_value *x = v->items[i];
		if (!strcmp(k, "alert"))
			rb_meta_text(b, x, k, &e->alert);
		else if (!strcmp(k, "owner"))
			rb_meta_text(b, x, k, &e->owner);
		else if (!strcmp(k, "why"))
			rb_meta_text(b, x, k, &e->why);
		else if (!strcmp(k, "until"))
			rb_meta_date(b, x, k, &e->until);
		else
			unknown(b, v->key_locs[i], k, keys, 4, "alerts: ignore");
	}
	const char *missing = NULL;
	for (size_t i = 0; i < 4 && !missing; i++)
		if (!rb_value_get(v, keys[i]))
			missing = keys[i];
	if (missing)
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: ignore: the entry has no '%s'; an exception names the "
			"alert, its owner, the date it ends and why", missing);
}

/* ignore: a list of entries. */
static void read_ignore(struct rb_build *b, const struct rb_value *v, struct rb_alerts_config *c)
{
	if (v->kind != RB_V_SEQ) {
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: ignore must be a list of {alert, owner, until, why}");
		return;
	}
	c->ignore = rb_arena_alloc(&b->arena, (v->n + 1) * sizeof *c->ignore);
	for (size_t i = 0; i < v->n; i++)
		read_ignore_entry(b, v->items[i], &c->ignore[c->nignore++]);
}

void rb_meta_alerts(struct rb_build *b, const struct rb_value *v, struct rb_config *cfg)
{
	static const char *const keys[] = {"rules", "base_url", "require_severity", "ignore"};
	struct rb_alerts_config *c = &cfg->alerts;
	c->set = true;
	c->loc = v->loc;
	if (v->kind != RB_V_MAP) {
		rb_diag(b, RB_D_CONFIG, v->loc, "alerts: must be a mapping with rules, base_url, "
			"require_severity and ignore");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const char *k = v->keys[i];
		const struct rb_value *x = v->items[i];
		if (!strcmp(k, "rules"))
			read_words(b, x, k, "a glob such as alerts/*.yaml", &c->rules, &c->nrules);
		else if (!strcmp(k, "base_url"))
			read_base_url(b, x, c);
		else if (!strcmp(k, "require_severity"))
			read_words(b, x, k, "a severity label value such as critical", &c->require_severity,
				   &c->nrequire);
		else if (!strcmp(k, "ignore"))
			read_ignore(b, x, c);
		else
			unknown(b, v->key_locs[i], k, keys, 4, "alerts");
	}
}
