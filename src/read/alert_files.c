/* alert_files.c: alert rule files → struct rb_alert (alert_files.h).
 * Real rule files are big, templated ({{ $labels.x }} in annotations) and
 * now and then use YAML anchors, aliases and merge keys: those are
 * expanded, up to a cap on the expanded size. Recording rules are
 * skipped; everything that is neither a recording nor an alerting rule is
 * an error at its own line. */
#include "read/alert_files.h"
#include "read/bookfs.h"
#include "read/load_file.h"
#include "read/yaml.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>

/* The largest alert rule file, and how many values its YAML may expand
 * to beyond its length in bytes (each value takes at least a byte, so
 * only aliases can pass it). */
#define ALERT_FILE_BYTES (8L * 1024 * 1024)
#define ALERT_ALIAS_EXTRA 1000000

/* The file being read and the alerts read so far (malloc'd). */
struct reader {
	struct rb_build *b;
	const char *rel;
	struct rb_alert *alerts;
	size_t n, cap;
};

bool rb_alert_files_match(const struct rb_build *b, const char *rel)
{
	static const char *const own[] = {"rbc.yaml", "rbc.yml", "contacts.yaml", "contacts.yml"};
	for (size_t i = 0; i < 4; i++)
		if (!strcmp(rel, own[i]))
			return false;   /* the book's settings, even under a glob like "*.yaml" */
	const struct rb_alerts_config *c = &b->book.config.alerts;
	for (size_t i = 0; i < c->nrules; i++)
		if (rb_bookfs_glob(c->rules[i].s, rel))
			return true;
	return false;
}

/* The location of key k in map m (its key), else m's own. */
static struct rb_loc key_loc(const struct rb_value *m, const char *k)
{
	for (size_t i = 0; m && m->kind == RB_V_MAP && i < m->n; i++)
		if (!strcmp(m->keys[i], k))
			return m->key_locs[i];
	return m ? m->loc : (struct rb_loc){0};
}

/* The scalar at key k of m, or NULL (absent, null or not a scalar). */
static const char *scalar_at(const struct rb_value *m, const char *k)
{
	const struct rb_value *v = rb_value_get(m, k);
	return v && v->kind == RB_V_SCALAR ? v->str : NULL;
}

/* labels: or annotations: of rule v: a mapping of single values, or
 * absent; else an error (false). */
static bool string_map(struct reader *r, const struct rb_value *v, const char *k, const struct rb_value **out)
{
	const struct rb_value *m = rb_value_get(v, k);
	*out = NULL;
	if (!m || m->kind == RB_V_NULL)
		return true;
	if (m->kind != RB_V_MAP) {
		rb_diag(r->b, RB_D_ALERT_RULE, m->loc, "'%s' must be a mapping of names to values, not %s", k,
			rb_value_kind_name(m->kind));
		return false;
	}
	for (size_t i = 0; i < m->n; i++)
		if (m->items[i]->kind == RB_V_SEQ || m->items[i]->kind == RB_V_MAP) {
			rb_diag(r->b, RB_D_ALERT_RULE, m->items[i]->loc, "%s: '%s' must be a single value, not %s",
				k, m->keys[i], rb_value_kind_name(m->items[i]->kind));
			return false;
		}
	*out = m;
	return true;
}

/* Add one alerting rule v named by key nkey ("alert" or "title"). */
static void add_alert(struct reader *r, const struct rb_value *v, const char *nkey, enum rb_alert_shape shape,
		      const char *group)
{
	const struct rb_value *name = rb_value_get(v, nkey);
	if (!name || name->kind != RB_V_SCALAR || !name->str[strspn(name->str, " \t")]) {
		rb_diag(r->b, RB_D_ALERT_RULE, name ? name->loc : v->loc, "the rule's '%s:' is %s; give the alert "
			"a name", nkey, !name ? "missing" : name->kind == RB_V_SCALAR ? "empty" : "not a single value");
		return;
	}
	struct rb_alert al = {.name = name->str, .loc = key_loc(v, nkey), .path = r->rel, .shape = shape,
			      .group = group};
	if (!string_map(r, v, "labels", &al.labels) || !string_map(r, v, "annotations", &al.annotations))
		return;
	al.severity = scalar_at(al.labels, "severity");
	al.link_key = "runbook_url";
	al.link = scalar_at(al.annotations, "runbook_url");
	if (!al.link) {
		al.link_key = "runbook";
		al.link = scalar_at(al.annotations, "runbook");
	}
	if (al.link)
		al.link_loc = rb_value_get(al.annotations, al.link_key)->loc;
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->alerts = rb_xrealloc(r->alerts, r->cap * sizeof *r->alerts);
	}
	r->alerts[r->n++] = al;
}

/* One rule of a group: an alerting rule is added, a recording rule
 * skipped, anything else is an error. */
static void read_rule(struct reader *r, const struct rb_value *v, enum rb_alert_shape shape, const char *group)
{
	if (v->kind != RB_V_MAP) {
		rb_diag(r->b, RB_D_ALERT_RULE, v->loc, "a rule must be a mapping, not %s", rb_value_kind_name(v->kind));
		return;
	}
	if (shape == RB_ALERT_GRAFANA) {
		add_alert(r, v, "title", shape, group);
		return;
	}
	if (rb_value_get(v, "record") && !rb_value_get(v, "alert"))
		return;   /* a recording rule */
	if (!rb_value_get(v, "alert")) {
		rb_diag(r->b, RB_D_ALERT_RULE, v->loc, "the rule has neither 'alert:' nor 'record:'");
		return;
	}
	add_alert(r, v, "alert", shape, group);
}

/* groups: [{name, rules: [...]}, ...] */
static void read_groups(struct reader *r, const struct rb_value *groups, enum rb_alert_shape shape)
{
	if (groups->kind == RB_V_NULL)
		return;
	if (groups->kind != RB_V_SEQ) {
		rb_diag(r->b, RB_D_ALERT_SHAPE, groups->loc, "'groups' must be a list, not %s",
			rb_value_kind_name(groups->kind));
		return;
	}
	for (size_t i = 0; i < groups->n; i++) {
		const struct rb_value *g = groups->items[i], *rules = rb_value_get(g, "rules");
		if (g->kind != RB_V_MAP) {
			rb_diag(r->b, RB_D_ALERT_SHAPE, g->loc, "a group must be a mapping with name and rules, not %s",
				rb_value_kind_name(g->kind));
			continue;
		}
		if (!rules || rules->kind == RB_V_NULL)
			continue;
		if (rules->kind != RB_V_SEQ) {
			rb_diag(r->b, RB_D_ALERT_SHAPE, rules->loc, "'rules' must be a list, not %s",
				rb_value_kind_name(rules->kind));
			continue;
		}
		for (size_t k = 0; k < rules->n; k++)
			read_rule(r, rules->items[k], shape, scalar_at(g, "name"));
	}
}

/* One YAML document: find its shape and read its groups. */
static void read_doc(struct reader *r, const struct rb_value *doc)
{
	if (doc->kind != RB_V_MAP) {
		rb_diag(r->b, RB_D_ALERT_SHAPE, doc->loc, "the document is %s, not a mapping",
			rb_value_kind_name(doc->kind));
		return;
	}
	const char *api = scalar_at(doc, "apiVersion"), *kind = scalar_at(doc, "kind");
	const struct rb_value *groups = rb_value_get(doc, "groups");
	if ((kind && !strcmp(kind, "PrometheusRule")) || (api && rb_starts_with(api, "monitoring.coreos.com/"))) {
		const struct rb_value *spec = rb_value_get(doc, "spec");
		const struct rb_value *sg = rb_value_get(spec, "groups");
		if (kind && strcmp(kind, "PrometheusRule"))
			rb_diag(r->b, RB_D_ALERT_SHAPE, key_loc(doc, "kind"), "kind is '%s'; only PrometheusRule "
				"objects hold alerts", kind);
		else if (!sg)
			rb_diag(r->b, RB_D_ALERT_SHAPE, spec ? spec->loc : doc->loc, "a PrometheusRule needs "
				"spec: groups:");
		else
			read_groups(r, sg, RB_ALERT_OPERATOR);
	} else if (kind) {
		rb_diag(r->b, RB_D_ALERT_SHAPE, key_loc(doc, "kind"), "a Kubernetes object of kind '%s'; only "
			"PrometheusRule objects hold alerts", kind);
	} else if (api && !strcmp(api, "1")) {
		if (groups)
			read_groups(r, groups, RB_ALERT_GRAFANA);   /* contact points alone hold no alerts */
	} else if (api) {
		rb_diag(r->b, RB_D_ALERT_SHAPE, key_loc(doc, "apiVersion"), "apiVersion '%s'; Grafana alerting "
			"provisioning has apiVersion: 1", api);
	} else if (groups) {
		read_groups(r, groups, RB_ALERT_PROMETHEUS);
	} else {
		const char *near = NULL;
		static const char *const top[] = {"groups", "apiVersion", "kind"};
		for (size_t i = 0; i < doc->n && !near; i++)
			near = rb_nearest(doc->keys[i], top, 3);
		rb_diag(r->b, RB_D_ALERT_SHAPE, doc->loc, "no 'groups:', 'apiVersion:' or 'kind:'%s%s%s",
			near ? "; did you mean '" : "", near ? near : "", near ? "'?" : "");
	}
}

/* Read one alert rule file. */
static void read_file(struct reader *r, const struct rb_alert_file *f)
{
	struct rb_file text;
	if (!rb_load_file(r->b, f->path, f->display, ALERT_FILE_BYTES, &text))
		return;
	const struct rb_value **docs;
	size_t ndocs, nonempty = 0;
	if (!rb_yaml_parse_stream(r->b, text.file, text.data, text.len, text.len + ALERT_ALIAS_EXTRA, &docs, &ndocs))
		return;
	r->rel = f->rel;
	for (size_t i = 0; i < ndocs; i++)
		if (docs[i]->kind != RB_V_NULL) {
			nonempty++;
			read_doc(r, docs[i]);
		}
	if (!nonempty)
		rb_diag(r->b, RB_D_ALERT_SHAPE, (struct rb_loc){text.file, 1, 1}, "the file is empty");
}

/* Each alerts: ignore entry must name an alert some rule file defines: one
 * that does not (a typo, a renamed or deleted alert) ignores nothing,
 * silently, so it is a warning at its alert: value with the nearest
 * defined name. Skipped while an alert file has an error (the names are
 * not all known). */
static void check_ignores(struct rb_build *b)
{
	const struct rb_book *book = &b->book;
	const struct rb_alerts_config *c = &book->config.alerts;
	if (book->alert_files_broken || !c->nignore)
		return;
	const char **names = rb_xcalloc(book->nalerts + 1, sizeof *names);
	for (size_t i = 0; i < book->nalerts; i++)
		names[i] = book->alerts[i].name;
	for (size_t i = 0; i < c->nignore; i++) {
		const struct rb_text *alert = &c->ignore[i].alert;
		bool defined = false;
		for (size_t k = 0; alert->s && k < book->nalerts && !defined; k++)
			defined = !strcmp(names[k], alert->s);
		if (!alert->s || defined)
			continue;
		const char *near = rb_nearest(alert->s, names, book->nalerts);
		rb_diag(b, RB_D_ALERT_IGNORE_UNKNOWN, alert->loc, "'%s'%s%s%s", alert->s,
			near ? " (renamed? did you mean '" : "", near ? near : "", near ? "'?)" : "");
	}
	free(names);
}

void rb_alert_files_read(struct rb_build *b, const struct rb_alert_file *files, size_t n)
{
	struct rb_book *book = &b->book;
	const struct rb_alerts_config *c = &book->config.alerts;
	for (size_t i = 0; i < c->nrules; i++) {
		bool hit = false;
		for (size_t k = 0; k < n && !hit; k++)
			hit = rb_bookfs_glob(c->rules[i].s, files[k].rel);
		if (!hit)
			rb_diag(b, RB_D_ALERT_GLOB_EMPTY, c->rules[i].loc, "'%s' (globs are relative to the book; "
				"hidden folders and exclude: are not searched)", c->rules[i].s);
	}
	struct reader r = {.b = b};
	unsigned errors = rb_diag_count(b, RB_ERROR);
	book->alert_files = rb_arena_alloc(&b->arena, (n + 1) * sizeof *book->alert_files);
	for (size_t i = 0; i < n; i++) {
		book->alert_files[book->nalert_files++] = files[i].rel;
		read_file(&r, &files[i]);
	}
	book->alerts = rb_arena_alloc(&b->arena, (r.n + 1) * sizeof *book->alerts);
	if (r.n)
		memcpy(book->alerts, r.alerts, r.n * sizeof *r.alerts);
	book->nalerts = r.n;
	book->alert_files_broken = rb_diag_count(b, RB_ERROR) > errors;
	free(r.alerts);
	check_ignores(b);
}
