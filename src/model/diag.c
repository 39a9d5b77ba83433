/* diag.c: the message table, the list of a build's diagnostics (struct
 * rb_diags) and printing one in gcc style; it needs no build (recording
 * into one is diag_record.c's). Machine formats (json, sarif, ...) live in
 * lint/lint_report.c. */
#include "model/diag.h"
#include "base/arena.h"
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

void rb_diags_sort(struct rb_diags *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof *l->v, cmp_diag);
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

void rb_diags_init(struct rb_diags *l)
{
	*l = (struct rb_diags){.worst = RB_NOTE};
}

void rb_diags_free(struct rb_diags *l)
{
	free(l->v);
	rb_diags_init(l);
}

void rb_diags_push(struct rb_diags *l, struct rb_diag d)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = rb_xrealloc(l->v, l->cap * sizeof *l->v);
	}
	d.seq = (unsigned)l->n;
	l->v[l->n++] = d;
	if (!l->any || d.level > l->worst)
		l->worst = d.level;
	l->any = true;
}

void rb_diags_append(struct rb_diags *l, struct rb_diags *from)
{
	for (size_t i = 0; i < from->n; i++)
		rb_diags_push(l, from->v[i]);
	rb_diags_free(from);
}

unsigned rb_diags_count(const struct rb_diags *l, enum rb_level level)
{
	unsigned n = 0;
	for (size_t i = 0; i < l->n; i++)
		n += l->v[i].level == level;
	return n;
}

int rb_diags_exit(const struct rb_diags *l)
{
	return l->any && l->worst >= RB_ERROR ? RB_EXIT_FINDINGS : RB_EXIT_OK;
}
