/* render_html_alerts.c: the site's alerts.html (every alert with its
 * severity, rule file:line, runbook link and where it lands; then the
 * scenarios no alert leads to) and the links from each scenario card to
 * its alerts' rows. Made only when rbc.yaml has alerts:. */
#include "render/render_html_site.h"
#include "render/md_html.h"
#include "model/alert.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* The id of alert i on alerts.html (rb_site_alerts_prepare made them). */
static const char *alert_id(struct rb_site *s, size_t i)
{
	return s->alert_ids[i];
}

/* The key of a scenario in alert_refs_at: "path#id" (build arena). */
static const char *scenario_key(struct rb_site *s, const struct rb_scenario *sc)
{
	return rb_arena_printf(&s->b->arena, "%s#%s", sc->runbook->path, sc->id);
}

void rb_site_alerts_prepare(struct rb_site *s)
{
	const struct rb_book *book = &s->b->book;
	struct rb_strmap used = {0};
	s->alert_ids = rb_arena_alloc(&s->b->arena, (book->nalerts + 1) * sizeof *s->alert_ids);
	for (size_t k = 0; k < book->nalerts; k++)   /* "alert-" + its slug, made unique */
		s->alert_ids[k] = rb_site_unique_anchor(s->b, &used, "alert-", book->alerts[k].name);
	rb_strmap_free(&used);
	/* the refs of one scenario are consecutive: each key names its first */
	for (size_t i = book->nalert_refs; book->config.alerts.set && i-- > 0;)
		rb_strmap_put(&s->alert_refs_at, scenario_key(s, book->alert_refs[i].scenario), (unsigned)i + 1);
}

struct rb_tvalue *rb_site_scenario_alerts(struct rb_site *s, const struct rb_scenario *sc)
{
	const struct rb_book *book = &s->b->book;
	if (!book->config.alerts.set || !book->nalert_refs)
		return NULL;
	unsigned at;
	char *key = rb_arena_printf(s->arena, "%s#%s", sc->runbook->path, sc->id);
	if (!rb_strmap_get(&s->alert_refs_at, key, &at))
		return NULL;
	struct rb_tvalue *list = rb_tv_list(s->arena);
	const struct rb_scenario *first = book->alert_refs[at - 1].scenario;
	for (size_t i = at - 1; i < book->nalert_refs && book->alert_refs[i].scenario == first; i++) {
		const struct rb_alert_ref *r = &book->alert_refs[i];
		struct rb_tvalue *v = rb_tv_map(s->arena);
		rb_tv_set_text(v, "name", r->name);
		if (r->alert)
			rb_tv_set_text(v, "url", rb_site_url_to(s, "alerts.html", alert_id(s, (size_t)(r->alert - book->alerts))));
		rb_tv_set_bool(v, "last", i + 1 == book->nalert_refs || book->alert_refs[i + 1].scenario != first);
		rb_tv_push(list, v);
	}
	return list;
}

/* One row of the alerts table. */
static struct rb_tvalue *alert_row(struct rb_site *s, const void *item)
{
	const struct rb_alert *a = *(const struct rb_alert *const *)item;
	const struct rb_book *book = &s->b->book;
	enum rb_alert_status st = rb_alert_status(a);
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "id", alert_id(s, (size_t)(a - book->alerts)));
	rb_tv_set_text(v, "name", a->name);
	rb_tv_set_text(v, "severity", a->severity);
	rb_tv_set_text(v, "rule", rb_arena_printf(s->arena, "%s:%u", a->path, a->loc.line));
	rb_tv_set_text(v, "link", a->link);
	rb_tv_set_text(v, "status", rb_alert_status_name(st));
	rb_tv_set_bool(v, "problem", st <= RB_AST_MISMATCH);
	if (a->runbook && a->anchor_ok) {
		rb_tv_set_text(v, "lands_url", rb_site_runbook_url(s, a->runbook, a->fragment));
		rb_tv_set_text(v, "lands", a->scenario ? a->scenario->title : rb_site_runbook_title(a->runbook));
	}
	if (a->ignore && !a->ignore->expired)
		rb_tv_set_text(v, "ignored", rb_arena_printf(s->arena, "until %s (%s): %s", a->ignore->until.text,
							     a->ignore->owner.s ? a->ignore->owner.s : "",
							     a->ignore->why.s ? a->ignore->why.s : ""));
	return v;
}

/* One row of the scenarios no alert leads to. */
static struct rb_tvalue *scenario_row(struct rb_site *s, const void *item)
{
	const struct rb_scenario *sc = *(const struct rb_scenario *const *)item;
	struct rb_tvalue *v = rb_tv_map(s->arena);
	rb_tv_set_text(v, "runbook", rb_site_runbook_title(sc->runbook));
	rb_tv_set_text(v, "title", sc->title);
	rb_tv_set_text(v, "url", rb_site_runbook_url(s, sc->runbook, sc->id));
	rb_tv_set_text(v, "alerts", sc->alerts.s);
	return v;
}

void rb_site_alerts_page(struct rb_site *s)
{
	const struct rb_book *book = &s->b->book;
	if (!book->config.alerts.set)
		return;
	struct rb_tvalue *ctx = rb_site_page_context(s, "alerts.html", "Alerts", "nav_alerts");
	const struct rb_alert **alerts = rb_xcalloc(book->nalerts + 1, sizeof *alerts);
	for (size_t i = 0; i < book->nalerts; i++)
		alerts[i] = &book->alerts[i];
	size_t n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		n += book->runbooks[i]->nscenarios;
	const struct rb_scenario **bare = rb_xcalloc(n + 1, sizeof *bare);
	n = 0;
	for (size_t i = 0; i < book->nrunbooks; i++)
		for (size_t j = 0; j < book->runbooks[i]->nscenarios; j++)
			if (!book->runbooks[i]->scenarios[j].alert_covered)
				bare[n++] = &book->runbooks[i]->scenarios[j];
	rb_tv_set_int(ctx, "nalerts", (long)book->nalerts);
	rb_tv_set_int(ctx, "nfiles", (long)book->nalert_files);
	rb_tv_set(ctx, "alerts", rb_site_lazy_rows(s, alerts, sizeof *alerts, book->nalerts, alert_row));
	rb_tv_set_bool(ctx, "has_bare", n > 0);
	if (n)
		rb_tv_set(ctx, "bare", rb_site_lazy_rows(s, bare, sizeof *bare, n, scenario_row));
	rb_site_write_page(s, "alerts.html", "alerts.html", ctx);
	free(alerts);
	free(bare);
}
