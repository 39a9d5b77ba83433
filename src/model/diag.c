/* diag.c: the message table, recording diagnostics and printing them in
 * gcc style. Machine formats (json, sarif, ...) live in report.c. */
#include "model/diag.h"
#include "model/build.h"
#include "base/visible.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct diag_entry {
	enum rb_level level;
	const char *id;
	const char *text;
};

static const struct diag_entry table[RB_D__COUNT] = {
#define RB_DIAG_ROW(name, level, id, text) {level, id, text},
	RB_DIAG_TABLE(RB_DIAG_ROW)
#undef RB_DIAG_ROW
};

const char *rb_diag_id(enum rb_code code) { return table[code].id; }
const char *rb_diag_text(enum rb_code code) { return table[code].text; }
enum rb_level rb_diag_default_level(enum rb_code code) { return table[code].level; }

const char *rb_level_name(enum rb_level level)
{
	switch (level) {
	case RB_NOTE: return "note";
	case RB_WARNING: return "warning";
	case RB_ERROR: return "error";
	default: return "off";
	}
}

/* A message or detail as it is kept: a copy in b's arena with every
 * control, bidi or ill-formed character made visible (visible.h), so no
 * output format can print it raw or break a finding over two lines.
 * Called with b's lock held. */
static const char *kept_text(struct rb_build *b, const char *s)
{
	const char *v = rb_visible_str(&b->arena, s, 0);
	return v == s ? rb_arena_strdup(&b->arena, s) : v;
}

/* Append one diagnostic under the build lock; the level is already final. */
static void record(struct rb_build *b, struct rb_diag d)
{
	if (d.level == RB_OFF)
		return;
	pthread_mutex_lock(&b->lock);
	if (b->ndiags == b->capdiags) {
		b->capdiags = b->capdiags ? b->capdiags * 2 : 64;
		b->diags = rb_xrealloc(b->diags, b->capdiags * sizeof *b->diags);
	}
	d.seq = (unsigned)b->ndiags;
	d.loc.file = rb_arena_strdup(&b->arena, d.loc.file);
	b->diags[b->ndiags++] = d;
	if (!b->any_diag || d.level > b->worst)
		b->worst = d.level;
	b->any_diag = true;
	pthread_mutex_unlock(&b->lock);
}

void rb_diag(struct rb_build *b, enum rb_code code, struct rb_loc loc, const char *fmt, ...)
{
	struct rb_diag d = {0};
	d.code = code;
	d.id = table[code].id;
	d.level = rb_build_level(b, d.id, table[code].level);
	d.loc = loc;
	d.message = table[code].text;
	if (fmt) {
		va_list ap;
		va_start(ap, fmt);
		pthread_mutex_lock(&b->lock);
		d.detail = rb_visible_str(&b->arena, rb_arena_vprintf(&b->arena, fmt, ap), 0);
		pthread_mutex_unlock(&b->lock);
		va_end(ap);
	}
	record(b, d);
}

void rb_diag_move(struct rb_build *b, struct rb_build *from)
{
	for (size_t i = 0; i < from->ndiags; i++)
		record(b, from->diags[i]);
	free(from->diags);
	from->diags = NULL;
	from->ndiags = from->capdiags = 0;
}

void rb_diag_rehome(struct rb_build *b, struct rb_arena *a)
{
	for (size_t i = 0; i < b->ndiags; i++) {
		struct rb_diag *d = &b->diags[i];
		d->id = rb_arena_strdup(a, d->id);
		d->message = rb_arena_strdup(a, d->message);
		d->detail = rb_arena_strdup(a, d->detail);
		d->loc.file = rb_arena_strdup(a, d->loc.file);
	}
}

void rb_diag_add(struct rb_build *b, const struct rb_diag *src)
{
	struct rb_diag d = *src;
	pthread_mutex_lock(&b->lock);
	d.id = rb_arena_strdup(&b->arena, src->id);
	d.message = kept_text(b, src->message);
	d.detail = kept_text(b, src->detail);
	pthread_mutex_unlock(&b->lock);
	record(b, d);
}

void rb_diag_custom(struct rb_build *b, enum rb_code code, const char *id,
		    enum rb_level level, struct rb_loc loc, const char *message)
{
	struct rb_diag d = {0};
	d.code = code;
	pthread_mutex_lock(&b->lock);
	d.id = rb_arena_strdup(&b->arena, id);
	d.message = kept_text(b, message);
	pthread_mutex_unlock(&b->lock);
	d.level = level;
	d.loc = loc;
	record(b, d);
}

static int cmp_str(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

static int cmp_diag(const void *pa, const void *pb)
{
	const struct rb_diag *a = pa, *b = pb;
	int c = cmp_str(a->loc.file, b->loc.file);
	if (c)
		return c;
	if (a->loc.line != b->loc.line)
		return a->loc.line < b->loc.line ? -1 : 1;
	if (a->loc.col != b->loc.col)
		return a->loc.col < b->loc.col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void rb_diag_sort(struct rb_build *b)
{
	if (b->ndiags > 1)
		qsort(b->diags, b->ndiags, sizeof *b->diags, cmp_diag);
}

bool rb_diag_want_color(enum rb_color mode, FILE *f)
{
	if (mode == RB_COLOR_ALWAYS)
		return true;
	if (mode == RB_COLOR_NEVER)
		return false;
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(fileno(f));
}

void rb_diag_print(FILE *f, const struct rb_diag *d, bool color)
{
	static const char *colors[] = {"\033[1;36m", "\033[1;35m", "\033[1;31m", ""};
	const char *bold = color ? "\033[1m" : "", *reset = color ? "\033[0m" : "";
	fputs(bold, f);
	if (d->loc.file) {
		rb_visible_fputs(f, d->loc.file, 0);   /* a file name may hold anything */
		if (d->loc.line) {
			fprintf(f, ":%u", d->loc.line);
			if (d->loc.col)
				fprintf(f, ":%u", d->loc.col);
		}
		fputs(": ", f);
	} else {
		fputs("rbc: ", f);
	}
	fputs(reset, f);
	fprintf(f, "%s%s:%s ", color ? colors[d->level] : "", rb_level_name(d->level), reset);
	rb_visible_fputs(f, d->message, 0);
	if (d->detail && *d->detail) {
		fputs(": ", f);
		rb_visible_fputs(f, d->detail, 0);
	}
	fputs(" [", f);
	rb_visible_fputs(f, d->id, 0);   /* a Lua rule names its own id */
	fputs("]\n", f);
}

void rb_diag_print_all(struct rb_build *b, FILE *f)
{
	bool color = rb_diag_want_color(b->opt.color, f);
	rb_diag_sort(b);
	for (size_t i = 0; i < b->ndiags; i++)
		rb_diag_print(f, &b->diags[i], color);
}

unsigned rb_diag_count(const struct rb_build *b, enum rb_level level)
{
	unsigned n = 0;
	for (size_t i = 0; i < b->ndiags; i++)
		n += b->diags[i].level == level;
	return n;
}

int rb_diag_exit(const struct rb_build *b)
{
	return b->any_diag && b->worst >= RB_ERROR ? RB_EXIT_FINDINGS : RB_EXIT_OK;
}
