/* dump.c: the model as JSON (`rbc dump`, cli/cmd_dump.c, and model.json), written as it goes
 * (json_write.h) so that no copy of the model is ever built. The layout is
 * versioned by "schema" and documented in doc/format.md. */
#include "render/dump.h"
#include "base/util.h"
#include "base/json_write.h"
#include "model/alert.h"
#include "model/procedure.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A model being written: the writer and the book root to strip from
 * file names (NULL: names as they are). */
struct dump {
	struct rb_jw w;
	const struct rb_book *book;   /* for calls and callers */
	const char *root;
	size_t rootlen;
};

/* A file name, book-relative when the dump strips the root. */
static void put_file(struct dump *d, const char *key, const char *file)
{
	if (file && d->root && !strncmp(file, d->root, d->rootlen) && file[d->rootlen] == '/')
		file += d->rootlen + 1;
	rb_jw_kstr(&d->w, key, file);
}

/* "file", "line" and "col" keys for a location. */
static void put_loc(struct dump *d, struct rb_loc loc)
{
	put_file(d, "file", loc.file);
	rb_jw_kint(&d->w, "line", loc.line);
	rb_jw_kint(&d->w, "col", loc.col);
}

/* A duration as {"text", "min", "max"} (seconds), or null. */
static void put_duration(struct dump *d, const char *key, const struct rb_duration *du)
{
	struct rb_jw *w = &d->w;
	rb_jw_key(w, key);
	if (!du->set && !du->text) {
		rb_jw_null(w);
		return;
	}
	rb_jw_object(w);
	rb_jw_kstr(w, "text", du->text);
	if (du->set) {
		rb_jw_kint(w, "min", du->lo);
		rb_jw_kint(w, "max", du->hi);
	} else {
		rb_jw_key(w, "min"), rb_jw_null(w);
		rb_jw_key(w, "max"), rb_jw_null(w);
	}
	rb_jw_end(w, '}');
}

/* A date as "YYYY-MM-DD", or null. */
static void put_date(struct dump *d, const char *key, const struct rb_date *date)
{
	char buf[16];
	if (date->set)
		rb_format_date(date->days, buf, sizeof buf);
	rb_jw_kstr(&d->w, key, date->set ? buf : NULL);
}

static void put_command(struct dump *d, const struct rb_command *c)
{
	struct rb_jw *w = &d->w;
	rb_jw_object(w);
	rb_jw_kstr(w, "lang", c->lang);
	rb_jw_kstr(w, "info", c->info);
	rb_jw_kstr(w, "text", c->text);
	rb_jw_kbool(w, "shell", c->shell);
	rb_jw_kbool(w, "norun", c->norun);
	rb_jw_kbool(w, "destructive", c->destructive);
	put_loc(d, c->loc);
	rb_jw_end(w, '}');
}

static void put_step(struct dump *d, const struct rb_step *st)
{
	struct rb_jw *w = &d->w;
	rb_jw_object(w);
	rb_jw_kstr(w, "id", st->id);
	rb_jw_kint(w, "index", (long long)st->index);
	rb_jw_kstr(w, "title", st->title);
	rb_jw_kstr(w, "text", st->text);
	put_duration(d, "estimate", &st->estimate);
	rb_jw_kbool(w, "destructive", st->destructive);
	const struct rb_scenario *p = rb_call_target(d->book, st->call);
	/* only on a calling step, so other dumps keep their shape; a lenient
	 * link to another document that names no procedure calls nothing */
	if (st->call && (p || !st->call->lenient)) {
		rb_jw_key(w, "call");
		rb_jw_object(w);
		rb_jw_kstr(w, "target", st->call->target);
		rb_jw_kstr(w, "path", st->call->path);
		rb_jw_kstr(w, "fragment", st->call->fragment);
		if (rb_call_words(st->call))    /* named in words alone: what the book resolved */
			rb_jw_kstr(w, "words", st->call->text);
		rb_jw_kstr(w, "procedure", p ? p->id : NULL);
		rb_jw_kstr(w, "procedure_runbook", p ? p->runbook->path : NULL);
		rb_jw_end(w, '}');
	}
	rb_jw_key(w, "commands");
	rb_jw_array(w);
	for (size_t i = 0; i < st->ncommands; i++)
		put_command(d, &st->commands[i]);
	rb_jw_end(w, ']');
	put_loc(d, st->loc);
	rb_jw_end(w, '}');
}

static void put_section(struct dump *d, const struct rb_section *s)
{
	struct rb_jw *w = &d->w;
	rb_jw_object(w);
	rb_jw_kstr(w, "kind", rb_section_kind_name(s->kind));
	rb_jw_kstr(w, "title", s->title);
	rb_jw_kbool(w, "empty", s->empty);
	rb_jw_kbool(w, "lenient", s->lenient);
	rb_jw_kstr(w, "text", s->text);
	rb_jw_key(w, "steps");
	rb_jw_array(w);
	for (size_t i = 0; i < s->nsteps; i++)
		put_step(d, &s->steps[i]);
	rb_jw_end(w, ']');
	put_loc(d, s->loc);
	rb_jw_kint(w, "end_line", s->last_line);
	rb_jw_end(w, '}');
}

/* A procedure's own keys: description, needs, its summed estimate and
 * the scenarios and procedures that call it ("runbook-path#id"). */
static void put_procedure(struct dump *d, const struct rb_scenario *p)
{
	struct rb_jw *w = &d->w;
	struct rb_arena tmp;
	rb_arena_init(&tmp);
	rb_jw_kstr(w, "description", p->description);
	rb_jw_key(w, "needs");
	rb_jw_array(w);
	for (size_t i = 0; i < p->nneeds; i++)
		rb_jw_str(w, p->needs[i].s);
	rb_jw_end(w, ']');
	struct rb_duration sum = {0};
	sum.set = rb_procedure_estimate(d->book, p, &sum.lo, &sum.hi, 0);
	put_duration(d, "estimate", &sum);
	const struct rb_scenario **by;
	size_t n = rb_procedure_callers(&tmp, d->book, p, &by);
	rb_jw_key(w, "used_by");
	rb_jw_array(w);
	for (size_t i = 0; i < n; i++)
		rb_jw_str(w, rb_arena_printf(&tmp, "%s#%s", by[i]->runbook->path, by[i]->id));
	rb_jw_end(w, ']');
	rb_arena_free(&tmp);
}

static void put_scenario(struct dump *d, const struct rb_scenario *sc)
{
	struct rb_jw *w = &d->w;
	rb_jw_object(w);
	rb_jw_kstr(w, "id", sc->id);
	rb_jw_kstr(w, "title", sc->title);
	rb_jw_kstr(w, "severity", sc->severity.s);
	put_duration(d, "rto", &sc->rto);
	put_duration(d, "rpo", &sc->rpo);
	rb_jw_kstr(w, "owner", sc->owner.s);
	rb_jw_kstr(w, "owner_effective", sc->owner_effective);
	rb_jw_kstr(w, "alerts", sc->alerts.s);
	rb_jw_kbool(w, "lenient", sc->lenient);
	if (sc->procedure)
		put_procedure(d, sc);
	put_loc(d, sc->loc);
	rb_jw_kint(w, "meta_line", sc->meta_loc.line);
	rb_jw_kint(w, "end_line", sc->last_line);
	rb_jw_key(w, "sections");
	rb_jw_array(w);
	for (size_t i = 0; i < sc->nsections; i++)
		put_section(d, &sc->sections[i]);
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
}

static void put_link(struct dump *d, const struct rb_link *l)
{
	static const char *kinds[] = {"doc", "contact", "external"};
	struct rb_jw *w = &d->w;
	rb_jw_object(w);
	rb_jw_kstr(w, "kind", kinds[l->kind]);
	rb_jw_kstr(w, "target", l->target);
	rb_jw_kstr(w, "path", l->path);
	rb_jw_kstr(w, "fragment", l->fragment);
	rb_jw_kstr(w, "scenario", l->scenario_id);
	put_loc(d, l->loc);
	rb_jw_end(w, '}');
}

static void put_runbook(struct dump *d, const struct rb_runbook *rb)
{
	struct rb_jw *w = &d->w;
	struct rb_date due = {0};
	if (rb->reviewed.set) {
		due.set = true;
		due.days = rb->reviewed.days + rb->review_every.hi / 86400;
	}
	rb_jw_object(w);
	rb_jw_kstr(w, "id", rb->id.s);
	rb_jw_kstr(w, "path", rb->path);
	put_file(d, "file", rb->file);
	rb_jw_kstr(w, "format", rb->format == RB_FMT_YAML ? "yaml" : "markdown");
	rb_jw_kstr(w, "title", rb->title.s);
	rb_jw_kstr(w, "service", rb->service.s);
	rb_jw_kstr(w, "owner", rb->owner.s);
	rb_jw_key(w, "tier");
	if (rb->tier)
		rb_jw_int(w, rb->tier);
	else
		rb_jw_null(w);
	rb_jw_key(w, "tags");
	rb_jw_array(w);
	for (size_t i = 0; i < rb->ntags; i++)
		rb_jw_str(w, rb->tags[i].s);
	rb_jw_end(w, ']');
	put_date(d, "reviewed", &rb->reviewed);
	put_duration(d, "review_every", &rb->review_every);
	put_date(d, "review_due", &due);
	put_duration(d, "rto", &rb->rto);
	put_duration(d, "rpo", &rb->rpo);
	rb_jw_kbool(w, "lenient", rb->lenient);
	rb_jw_key(w, "scenarios");
	rb_jw_array(w);
	for (size_t i = 0; i < rb->nscenarios; i++)
		put_scenario(d, &rb->scenarios[i]);
	rb_jw_end(w, ']');
	if (rb->nprocedures) {     /* only when there are any, as "call" */
		rb_jw_key(w, "procedures");
		rb_jw_array(w);
		for (size_t i = 0; i < rb->nprocedures; i++)
			put_scenario(d, &rb->procedures[i]);
		rb_jw_end(w, ']');
	}
	rb_jw_key(w, "links");
	rb_jw_array(w);
	for (size_t i = 0; i < rb->nlinks; i++)
		put_link(d, &rb->links[i]);
	rb_jw_end(w, ']');
	rb_jw_key(w, "anchors");
	rb_jw_array(w);
	for (size_t i = 0; i < rb->nanchors; i++)
		rb_jw_str(w, rb->anchors[i].id);
	rb_jw_end(w, ']');
	rb_jw_end(w, '}');
}

static void put_contacts(struct dump *d, const struct rb_book *book)
{
	struct rb_jw *w = &d->w;
	rb_jw_key(w, "contacts");
	rb_jw_array(w);
	for (size_t i = 0; i < book->ncontacts; i++) {
		const struct rb_contact *c = &book->contacts[i];
		rb_jw_object(w);
		rb_jw_kstr(w, "id", c->id);
		rb_jw_kstr(w, "name", c->name.s);
		rb_jw_kstr(w, "role", c->role.s);
		rb_jw_kstr(w, "email", c->email.s);
		rb_jw_kstr(w, "phone", c->phone.s);
		rb_jw_kstr(w, "pager", c->pager.s);
		put_date(d, "verified", &c->verified);
		put_loc(d, c->loc);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
}

static void put_escalation(struct dump *d, const struct rb_book *book)
{
	struct rb_jw *w = &d->w;
	rb_jw_key(w, "escalation");
	rb_jw_array(w);
	for (size_t i = 0; i < book->nescalation; i++) {
		const struct rb_escalation *e = &book->escalation[i];
		rb_jw_object(w);
		rb_jw_kstr(w, "contact", e->contact.s);
		put_duration(d, "after", &e->after);
		put_loc(d, e->loc);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
}

static void put_config(struct dump *d, const struct rb_config *c)
{
	struct rb_jw *w = &d->w;
	rb_jw_key(w, "config");
	rb_jw_object(w);
	rb_jw_kstr(w, "title", c->title.s);
	put_duration(d, "review_every", &c->review_every);
	put_duration(d, "contact_verify_every", &c->contact_verify_every);
	rb_jw_key(w, "tiers");
	rb_jw_object(w);
	for (int t = 1; t <= 3; t++) {
		char k[2] = {(char)('0' + t), 0};
		rb_jw_key(w, k);
		rb_jw_object(w);
		put_duration(d, "rto", &c->tiers[t].rto);
		put_duration(d, "rpo", &c->tiers[t].rpo);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, '}');
	rb_jw_key(w, "rules");
	rb_jw_object(w);
	for (size_t i = 0; i < c->nrules; i++)
		rb_jw_kstr(w, c->rules[i].id, c->rules[i].has_level ? rb_level_name(c->rules[i].level) : NULL);
	rb_jw_end(w, '}');
	rb_jw_end(w, '}');
}

/* A YAML value (labels, annotations) as JSON: scalars as strings. */
static void put_value(struct dump *d, const struct rb_value *v)
{
	struct rb_jw *w = &d->w;
	if (!v || v->kind == RB_V_NULL) {
		rb_jw_null(w);
		return;
	}
	if (v->kind == RB_V_SCALAR) {
		rb_jw_str(w, v->str);
		return;
	}
	v->kind == RB_V_MAP ? rb_jw_object(w) : rb_jw_array(w);
	for (size_t i = 0; i < v->n; i++) {
		if (v->kind == RB_V_MAP)
			rb_jw_key(w, v->keys[i]);
		put_value(d, v->items[i]);
	}
	rb_jw_end(w, v->kind == RB_V_MAP ? '}' : ']');
}

/* The alerts of the alert rule files (doc/alerts.md), when rbc.yaml has
 * alerts:; each with where its runbook link lands. */
static void put_alerts(struct dump *d, const struct rb_book *book)
{
	struct rb_jw *w = &d->w;
	if (!book->config.alerts.set)
		return;
	rb_jw_key(w, "alerts");
	rb_jw_array(w);
	for (size_t i = 0; i < book->nalerts; i++) {
		const struct rb_alert *a = &book->alerts[i];
		rb_jw_object(w);
		rb_jw_kstr(w, "name", a->name);
		put_loc(d, a->loc);
		rb_jw_kstr(w, "shape", rb_alert_shape_name(a->shape));
		rb_jw_kstr(w, "group", a->group);
		rb_jw_kstr(w, "severity", a->severity);
		rb_jw_key(w, "labels");
		put_value(d, a->labels);
		rb_jw_key(w, "annotations");
		put_value(d, a->annotations);
		rb_jw_kstr(w, "link", a->link);
		rb_jw_kstr(w, "link_kind", rb_alert_link_name(a->link_kind));
		rb_jw_kstr(w, "runbook", a->runbook ? a->runbook->path : NULL);
		rb_jw_kstr(w, "anchor", a->fragment);
		rb_jw_kbool(w, "lands", a->link_kind == RB_ALINK_BOOK && a->anchor_ok);
		rb_jw_kstr(w, "scenario", a->scenario ? a->scenario->id : NULL);
		rb_jw_kbool(w, "named_by_scenario", a->named);
		rb_jw_kbool(w, "required", a->required);
		rb_jw_kstr(w, "ignored_until", a->ignore && !a->ignore->expired ? a->ignore->until.text : NULL);
		rb_jw_end(w, '}');
	}
	rb_jw_end(w, ']');
}

struct rb_dump *rb_dump_begin(const struct rb_build *b, int indent, const char *root,
			      void (*put)(void *, const char *, size_t), void *ctx)
{
	const struct rb_book *book = &b->book;
	struct dump *d = rb_xcalloc(1, sizeof *d);
	*d = (struct dump){.book = book, .root = root, .rootlen = root ? strlen(root) : 0};
	rb_jw_init(&d->w, indent, put, ctx);
	rb_jw_object(&d->w);
	rb_jw_kint(&d->w, "schema", RB_SCHEMA_VERSION);
	rb_jw_kstr(&d->w, "generator", "rbc " RB_VERSION);
	put_config(d, &book->config);
	put_contacts(d, book);
	put_escalation(d, book);
	put_alerts(d, book);
	rb_jw_key(&d->w, "runbooks");
	rb_jw_array(&d->w);
	return (struct rb_dump *)d;
}

void rb_dump_runbook(struct rb_dump *d, const struct rb_runbook *rb)
{
	put_runbook((struct dump *)d, rb);
}

void rb_dump_runbook_text(const struct rb_build *b, int indent, const char *root, const struct rb_runbook *rb,
			  bool first, struct rb_buf *out)
{
	struct dump d = {.book = &b->book, .root = root, .rootlen = root ? strlen(root) : 0};
	rb_jw_init_inside(&d.w, indent, rb_jw_put_buf, out, 2, !first);   /* {"runbooks": [ */
	put_runbook(&d, rb);
	rb_jw_finish(&d.w);
}

void rb_dump_flush(struct rb_dump *d)
{
	rb_jw_flush(&((struct dump *)d)->w);
}

void rb_dump_replay(struct rb_dump *d, const char *text, size_t len)
{
	rb_jw_replay(&((struct dump *)d)->w, text, len);
}

void rb_dump_replay_by(struct rb_dump *d, size_t len, void (*put)(void *arg), void *arg)
{
	rb_jw_replay_by(&((struct dump *)d)->w, len, put, arg);
}

void rb_dump_end(struct rb_dump *dump)
{
	struct dump *d = (struct dump *)dump;
	rb_jw_end(&d->w, ']');
	rb_jw_end(&d->w, '}');
	rb_jw_finish(&d->w);
	free(d);
}

void rb_dump_model(const struct rb_build *b, int indent, const char *root,
		   void (*put)(void *, const char *, size_t), void *ctx)
{
	struct rb_dump *d = rb_dump_begin(b, indent, root, put, ctx);
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		rb_dump_runbook(d, b->book.runbooks[i]);
	rb_dump_end(d);
}
