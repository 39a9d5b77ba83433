/* dump.c: `rbc dump` prints the whole model as JSON through jansson. The
 * layout is versioned by "schema" and documented in doc/format.md. */
#include "dump.h"
#include "check.h"
#include "cli.h"
#include "util.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Add "file", "line" and "col" keys for a location. */
static void put_loc(json_t *o, struct rb_loc loc)
{
	json_object_set_new(o, "file", loc.file ? json_string(loc.file) : json_null());
	json_object_set_new(o, "line", json_integer(loc.line));
	json_object_set_new(o, "col", json_integer(loc.col));
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A duration as {"text", "min", "max"} (seconds), or null. */
static json_t *duration_json(const struct rb_duration *d)
{
	if (!d->set)
		return d->text ? json_pack("{s:s,s:n,s:n}", "text", d->text, "min", "max") : json_null();
	return json_pack("{s:s?,s:I,s:I}", "text", d->text, "min", (json_int_t)d->lo, "max", (json_int_t)d->hi);
}

static json_t *date_json(const struct rb_date *d)
{
	char buf[16];
	if (!d->set)
		return json_null();
	rb_format_date(d->days, buf, sizeof buf);
	return json_string(buf);
}

static json_t *command_json(const struct rb_command *c)
{
	json_t *o = json_pack("{s:s,s:s,s:s,s:b,s:b,s:b}", "lang", c->lang, "info", c->info, "text", c->text,
			      "shell", c->shell, "norun", c->norun, "destructive", c->destructive);
	put_loc(o, c->loc);
	return o;
}

static json_t *step_json(const struct rb_step *st)
{
	json_t *cmds = json_array();
	for (size_t i = 0; i < st->ncommands; i++)
		json_array_append_new(cmds, command_json(&st->commands[i]));
	json_t *o = json_pack("{s:s,s:I,s:s,s:s,s:o,s:b,s:o}", "id", st->id, "index", (json_int_t)st->index,
			      "title", st->title, "text", st->text, "estimate", duration_json(&st->estimate),
			      "destructive", st->destructive, "commands", cmds);
	put_loc(o, st->loc);
	return o;
}

static json_t *section_json(const struct rb_section *s)
{
	json_t *steps = json_array();
	for (size_t i = 0; i < s->nsteps; i++)
		json_array_append_new(steps, step_json(&s->steps[i]));
	json_t *o = json_pack("{s:s,s:s,s:b,s:b,s:s,s:o}", "kind", rb_section_kind_name(s->kind), "title", s->title,
			      "empty", s->empty, "lenient", s->lenient, "text", s->text, "steps", steps);
	put_loc(o, s->loc);
	json_object_set_new(o, "end_line", json_integer(s->last_line));
	return o;
}

static json_t *scenario_json(const struct rb_scenario *sc)
{
	json_t *secs = json_array();
	for (size_t i = 0; i < sc->nsections; i++)
		json_array_append_new(secs, section_json(&sc->sections[i]));
	json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o,s:b}", "id", sc->id, "title", sc->title,
			      "severity", str_or_null(sc->severity.s), "rto", duration_json(&sc->rto),
			      "rpo", duration_json(&sc->rpo), "owner", str_or_null(sc->owner.s),
			      "owner_effective", str_or_null(sc->owner_effective), "alerts", str_or_null(sc->alerts.s),
			      "lenient", sc->lenient);
	put_loc(o, sc->loc);
	json_object_set_new(o, "meta_line", json_integer(sc->meta_loc.line));
	json_object_set_new(o, "end_line", json_integer(sc->last_line));
	json_object_set_new(o, "sections", secs);
	return o;
}

static json_t *link_json(const struct rb_link *l)
{
	static const char *kinds[] = {"doc", "contact", "external"};
	json_t *o = json_pack("{s:s,s:s,s:o,s:o,s:o}", "kind", kinds[l->kind], "target", l->target,
			      "path", str_or_null(l->path), "fragment", str_or_null(l->fragment),
			      "scenario", str_or_null(l->scenario_id));
	put_loc(o, l->loc);
	return o;
}

static json_t *runbook_json(const struct rb_runbook *rb)
{
	json_t *tags = json_array(), *scs = json_array(), *links = json_array(), *anchors = json_array();
	for (size_t i = 0; i < rb->ntags; i++)
		json_array_append_new(tags, json_string(rb->tags[i].s));
	for (size_t i = 0; i < rb->nscenarios; i++)
		json_array_append_new(scs, scenario_json(&rb->scenarios[i]));
	for (size_t i = 0; i < rb->nlinks; i++)
		json_array_append_new(links, link_json(&rb->links[i]));
	for (size_t i = 0; i < rb->nanchors; i++)
		json_array_append_new(anchors, json_string(rb->anchors[i].id));
	struct rb_date due = {0};
	if (rb->reviewed.set) {
		due.set = true;
		due.days = rb->reviewed.days + rb->review_every.hi / 86400;
	}
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o}", "id", rb->id.s, "path", rb->path, "file", rb->file,
			      "format", rb->format == RB_FMT_YAML ? "yaml" : "markdown", "title", str_or_null(rb->title.s),
			      "service", str_or_null(rb->service.s), "owner", str_or_null(rb->owner.s));
	json_object_set_new(o, "tier", rb->tier ? json_integer(rb->tier) : json_null());
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "reviewed", date_json(&rb->reviewed));
	json_object_set_new(o, "review_every", duration_json(&rb->review_every));
	json_object_set_new(o, "review_due", date_json(&due));
	json_object_set_new(o, "rto", duration_json(&rb->rto));
	json_object_set_new(o, "rpo", duration_json(&rb->rpo));
	json_object_set_new(o, "lenient", json_boolean(rb->lenient));
	json_object_set_new(o, "scenarios", scs);
	json_object_set_new(o, "links", links);
	json_object_set_new(o, "anchors", anchors);
	return o;
}

static json_t *contacts_json(const struct rb_book *book)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < book->ncontacts; i++) {
		const struct rb_contact *c = &book->contacts[i];
		json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "id", c->id, "name", str_or_null(c->name.s),
				      "role", str_or_null(c->role.s), "email", str_or_null(c->email.s),
				      "phone", str_or_null(c->phone.s), "pager", str_or_null(c->pager.s),
				      "verified", date_json(&c->verified));
		put_loc(o, c->loc);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *escalation_json(const struct rb_book *book)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < book->nescalation; i++) {
		const struct rb_escalation *e = &book->escalation[i];
		json_t *o = json_pack("{s:s,s:o}", "contact", e->contact.s, "after", duration_json(&e->after));
		put_loc(o, e->loc);
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *config_json(const struct rb_config *c)
{
	json_t *tiers = json_object();
	for (int t = 1; t <= 3; t++) {
		char k[2] = {(char)('0' + t), 0};
		json_object_set_new(tiers, k, json_pack("{s:o,s:o}", "rto", duration_json(&c->tiers[t].rto),
							"rpo", duration_json(&c->tiers[t].rpo)));
	}
	json_t *rules = json_object();
	for (size_t i = 0; i < c->nrules; i++)
		json_object_set_new(rules, c->rules[i].id,
				    c->rules[i].has_level ? json_string(rb_level_name(c->rules[i].level)) : json_null());
	return json_pack("{s:o,s:o,s:o,s:o,s:o}", "title", str_or_null(c->title.s),
			 "review_every", duration_json(&c->review_every),
			 "contact_verify_every", duration_json(&c->contact_verify_every), "tiers", tiers, "rules", rules);
}

/* The model's top level (schema, generator, config, contacts,
 * escalation) without its runbooks. */
static json_t *model_head(const struct rb_build *b)
{
	const struct rb_book *book = &b->book;
	return json_pack("{s:i,s:s,s:o,s:o,s:o}", "schema", RB_SCHEMA_VERSION, "generator", "rbc " RB_VERSION,
			 "config", config_json(&book->config), "contacts", contacts_json(book),
			 "escalation", escalation_json(book));
}

/* Dump one part compactly through put, after fix; false when jansson
 * cannot (out of memory). Consumes j. */
static bool put_part(json_t *j, size_t cut, void (*fix)(json_t *, void *), void (*put)(void *, const char *, size_t),
		     void *ctx)
{
	if (fix)
		fix(j, ctx);
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!text)
		return false;
	size_t n = strlen(text);
	put(ctx, text, n > cut ? n - cut : 0);
	free(text);
	return true;
}

bool rb_dump_model_stream(const struct rb_build *b, void (*fix)(json_t *, void *),
			  void (*put)(void *, const char *, size_t), void *ctx)
{
	/* {"schema":..,"escalation":[..] + ,"runbooks":[ + rb,rb... + ]} */
	if (!put_part(model_head(b), 1, fix, put, ctx))
		return false;
	put(ctx, ",\"runbooks\":[", strlen(",\"runbooks\":["));
	for (size_t i = 0; i < b->book.nrunbooks; i++) {
		if (i)
			put(ctx, ",", 1);
		if (!put_part(runbook_json(b->book.runbooks[i]), 0, fix, put, ctx))
			return false;
	}
	put(ctx, "]}", 2);
	return true;
}

json_t *rb_dump_model(const struct rb_build *b)
{
	const struct rb_book *book = &b->book;
	json_t *rbs = json_array();
	for (size_t i = 0; i < book->nrunbooks; i++)
		json_array_append_new(rbs, runbook_json(book->runbooks[i]));
	return json_pack("{s:i,s:s,s:o,s:o,s:o,s:o}", "schema", RB_SCHEMA_VERSION, "generator", "rbc " RB_VERSION,
			 "config", config_json(&book->config), "contacts", contacts_json(book),
			 "escalation", escalation_json(book), "runbooks", rbs);
}

int rb_cmd_dump(struct rb_build *b)
{
	b->drop_docs = true;     /* the JSON needs no parse trees: bounded memory */
	if (!rb_check_load(b)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	json_t *model = rb_dump_model(b);
	json_dumpf(model, stdout, JSON_INDENT(2));
	fputc('\n', stdout);
	json_decref(model);
	rb_diag_print_all(b, stderr);
	return rb_check_exit(b);
}
