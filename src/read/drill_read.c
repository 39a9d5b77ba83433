/* drill_read.c: the drill records under a runs folder, read and checked
 * line by line. A record is one run of a step script: one JSON object a
 * line, each line's "prev" the SHA-256 of the line before, its line end
 * included (64 zeros on
 * the first), "seq" its line number, run_start first and seal last
 * (doc/drills.md). jansson parses each line (it reports where a line
 * stops being JSON); the hashes are over the bytes as stored. */
#include "read/drill_read.h"
#include "base/buf.h"
#include "base/sha256.h"
#include "base/util.h"
#include "read/bookfs.h"
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_RECORD_BYTES (64L * 1024 * 1024)
#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* The events a record may hold, in no particular order. */
static const char *const events[] = {"run_start", "step_start", "command", "command_end", "step_end", "confirm",
	"skip", "retry", "rollback", "stop", "run_end", "seal"};
#define NEVENTS (sizeof events / sizeof *events)

/* One record being read. */
struct rec {
	struct rb_build *b;
	const char *disp;           /* the path shown in diagnostics */
	const char *text;           /* the current line (not NUL-terminated) */
	size_t len;
	unsigned line;
	long next_seq;              /* the seq the line should hold */
	bool bad;                   /* a problem was reported: the run is not kept */
	bool started, ended, sealed;
	struct rb_drill_run *run;
	size_t capsteps;
};

/* Column (1-based) of "key": in the current line, else 1. */
static unsigned key_col(const struct rec *c, const char *key)
{
	char pat[64];
	int n = snprintf(pat, sizeof pat, "\"%s\":", key);
	for (size_t i = 0; n > 0 && i + (size_t)n <= c->len; i++)
		if (!memcmp(c->text + i, pat, (size_t)n))
			return (unsigned)i + 1;
	return 1;
}

/* Report a problem with the current line at the column of key (NULL: 1). */
static void problem(struct rec *c, enum rb_code code, const char *key, const char *fmt, const char *arg)
{
	struct rb_loc at = {c->disp, c->line, key ? key_col(c, key) : 1};
	rb_diag(c->b, code, at, fmt, arg);
	c->bad = true;
}

/* The string member key of o, or NULL after a problem (when required). */
static const char *str_of(struct rec *c, json_t *o, const char *key, bool required)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return rb_arena_strdup(&c->b->arena, json_string_value(v));
	if (required || (v && !json_is_null(v)))
		problem(c, RB_D_DRILL_RECORD, v ? key : NULL, v ? "'%s' must be a string" : "'%s' is missing", key);
	return NULL;
}

/* The integer member key of o, or dflt after a problem. */
static long int_of(struct rec *c, json_t *o, const char *key, long dflt)
{
	json_t *v = json_object_get(o, key);
	if (json_is_integer(v))
		return (long)json_integer_value(v);
	problem(c, RB_D_DRILL_RECORD, v ? key : NULL, v ? "'%s' must be a whole number" : "'%s' is missing", key);
	return dflt;
}

/* "2026-11-02T10:00:00Z" as seconds since the epoch; -1 when malformed. */
static long parse_time(const char *s)
{
	unsigned y, mo, d, h, mi, se;
	char z;
	int end = 0;
	if (!s || strlen(s) != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    sscanf(s, "%4u-%2u-%2uT%2u:%2u:%2u%c%n", &y, &mo, &d, &h, &mi, &se, &z, &end) != 7 || z != 'Z' ||
	    end != 20 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
		return -1;
	return rb_days_from_civil((long)y, mo, d) * 86400L + (long)(h * 3600 + mi * 60 + se);
}

/* The step of the run named by the line's "step", or NULL after a problem. */
static struct rb_drill_step *step_of(struct rec *c, json_t *o)
{
	const char *id = str_of(c, o, "step", true);
	if (!id)
		return NULL;
	for (size_t i = 0; i < c->run->nsteps; i++)
		if (!strcmp(c->run->steps[i].id, id))
			return &c->run->steps[i];
	problem(c, RB_D_DRILL_RECORD, "step", "step '%s' is not among the steps run_start lists", id);
	return NULL;
}

/* run_start: the run's facts and its steps with their estimates. */
static void read_start(struct rec *c, json_t *o, long t)
{
	struct rb_drill_run *r = c->run;
	if (int_of(c, o, "record", 0) != RB_DRILL_RECORD_VERSION)
		problem(c, RB_D_DRILL_RECORD, "record", "'record' is not %s, the record format this rbc reads", "1");
	r->runbook = str_of(c, o, "runbook", true);
	r->scenario = str_of(c, o, "scenario", true);
	r->title = str_of(c, o, "title", true);
	r->book_commit = str_of(c, o, "book_commit", false);
	r->script_sha256 = str_of(c, o, "script_sha256", true);
	r->scenario_sha256 = str_of(c, o, "scenario_sha256", true);
	r->operator_name = str_of(c, o, "operator", true);
	r->host = str_of(c, o, "host", true);
	const char *mode = str_of(c, o, "mode", true);
	if (mode && strcmp(mode, "drill") && strcmp(mode, "real"))
		problem(c, RB_D_DRILL_RECORD, "mode", "mode is '%s'; a record's mode is drill or real", mode);
	r->drill = mode && !strcmp(mode, "drill");
	r->rto_text = str_of(c, o, "rto", true);
	if (r->rto_text && !*r->rto_text)
		r->rto_text = NULL;
	r->rto_seconds = int_of(c, o, "rto_seconds", 0);
	r->start = t;
	r->loc = (struct rb_loc){c->disp, c->line, 1};
	json_t *steps = json_object_get(o, "steps");
	if (!json_is_array(steps)) {
		problem(c, RB_D_DRILL_RECORD, steps ? "steps" : NULL, "'%s' must be a list of steps", "steps");
		return;
	}
	r->nsteps = json_array_size(steps);
	r->steps = rb_arena_alloc(&c->b->arena, (r->nsteps + 1) * sizeof *r->steps);
	for (size_t i = 0; i < r->nsteps; i++) {
		json_t *s = json_array_get(steps, i);
		struct rb_drill_step *st = &r->steps[i];
		*st = (struct rb_drill_step){.started = -1, .ended = -1, .status = -1};
		if (!json_is_object(s) || !(st->id = str_of(c, s, "id", true)) || !(st->phase = str_of(c, s, "phase", true))) {
			problem(c, RB_D_DRILL_RECORD, "steps", "every step needs an id and a phase%s", "");
			r->nsteps = i;
			return;
		}
		st->selected = json_is_true(json_object_get(s, "selected"));
		if (json_object_get(s, "estimate_lo")) {
			st->est_set = true;
			st->est_lo = int_of(c, s, "estimate_lo", 0);
			st->est_hi = int_of(c, s, "estimate_hi", 0);
		}
	}
}

/* One event other than run_start, applied to the run. */
static void read_event(struct rec *c, json_t *o, const char *ev, long t)
{
	struct rb_drill_run *r = c->run;
	struct rb_drill_step *st;
	if (!strcmp(ev, "run_end")) {
		r->status = (int)int_of(c, o, "status", 1);
		r->end = t;
		c->ended = true;
	} else if (!strcmp(ev, "seal")) {
		if (!c->ended)
			problem(c, RB_D_DRILL_RECORD, "event", "seal before run_end%s", "");
		c->sealed = true;
	} else if (!strcmp(ev, "rollback")) {
		r->rolled_back = true;
	} else if ((st = step_of(c, o))) {
		if (!strcmp(ev, "step_start")) {
			st->started = t;
		} else if (!strcmp(ev, "step_end")) {
			st->ended = t;
			st->status = (int)int_of(c, o, "status", 1);
			st->done = st->status == 0;
			st->failed |= st->status != 0;
		} else if (!strcmp(ev, "command_end")) {
			st->failed |= int_of(c, o, "status", 1) != 0;
		} else if (!strcmp(ev, "skip")) {
			st->skipped = true;
			st->ended = t;
		} else if (!strcmp(ev, "retry")) {
			st->retried = true;
		}
	}
}

/* Check and apply one line: JSON, seq, prev, time, event. want is the
 * hash the line's prev must hold. */
static void read_line(struct rec *c, const char *want)
{
	json_error_t err;
	json_t *o = json_loadb(c->text, c->len, JSON_REJECT_DUPLICATES | JSON_DISABLE_EOF_CHECK, &err);
	if (!o || !json_is_object(o)) {
		struct rb_loc at = {c->disp, c->line, o ? 1 : (unsigned)(err.column > 0 ? err.column : 1)};
		rb_diag(c->b, RB_D_DRILL_RECORD, at, "not a JSON object%s%s", o ? "" : ": ", o ? "" : err.text);
		c->bad = true;
		json_decref(o);
		return;
	}
	long seq = int_of(c, o, "seq", -1);
	bool seq_bad = seq >= 0 && seq != c->next_seq;
	if (seq_bad) {
		/* said once: the lines after it are counted from its seq */
		char m[96];
		snprintf(m, sizeof m, "seq is %ld where %ld belongs", seq, c->next_seq);
		problem(c, RB_D_DRILL_CHAIN, "seq", "%s: lines before it were removed, or lines were moved", m);
	}
	c->next_seq = seq >= 0 ? seq + 1 : c->next_seq + 1;
	const char *prev = str_of(c, o, "prev", true);
	if (prev && strcmp(prev, want) && !seq_bad) {
		char m[160];
		if (c->line == 1)
			snprintf(m, sizeof m, "the first line's prev is not 64 zeros: lines before it were removed");
		else
			snprintf(m, sizeof m, "prev is not the SHA-256 of line %u: line %u or this line was edited, or "
				 "lines were removed or moved", c->line - 1, c->line - 1);
		problem(c, RB_D_DRILL_CHAIN, "prev", "%s", m);
	}
	const char *ts = str_of(c, o, "time", true);
	long t = parse_time(ts);
	if (ts && t < 0)
		problem(c, RB_D_DRILL_RECORD, "time", "time '%s' is not a UTC time such as 2026-11-02T10:00:00Z", ts);
	const char *ev = str_of(c, o, "event", true);
	size_t k = NEVENTS;
	for (size_t i = 0; ev && i < NEVENTS; i++)
		if (!strcmp(ev, events[i]))
			k = i;
	if (ev && k == NEVENTS) {
		const char *near = rb_nearest(ev, events, NEVENTS);
		char m[160];
		snprintf(m, sizeof m, "unknown event '%.60s'%s%s%s", ev, near ? "; did you mean '" : "", near ? near : "",
			 near ? "'?" : "");
		problem(c, RB_D_DRILL_RECORD, "event", "%s", m);
	} else if (ev && c->line == 1 && strcmp(ev, "run_start")) {
		problem(c, RB_D_DRILL_RECORD, "event", "a record starts with run_start, not %s", ev);
	} else if (ev && c->line > 1 && !strcmp(ev, "run_start")) {
		problem(c, RB_D_DRILL_RECORD, "event", "a second %s: each record holds one run", ev);
	} else if (ev && c->sealed) {
		problem(c, RB_D_DRILL_RECORD, "event", "%s after the seal: the record was sealed", ev);
	} else if (ev && c->ended && strcmp(ev, "seal")) {
		problem(c, RB_D_DRILL_RECORD, "event", "%s after run_end", ev);
	} else if (ev && !strcmp(ev, "run_start")) {
		c->started = true;
		read_start(c, o, t);
	} else if (ev && c->started) {
		read_event(c, o, ev, t);
	}
	json_decref(o);
}

/* Read the whole of file path into a malloc'd buffer; NULL after a
 * diagnostic when it cannot be read or is too large. */
static char *slurp(struct rb_build *b, const char *path, const char *disp, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct rb_buf buf;
	rb_buf_init(&buf);
	char chunk[65536];
	size_t n;
	while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0 && buf.len <= (size_t)MAX_RECORD_BYTES)
		rb_buf_add(&buf, chunk, n);
	if (!f || ferror(f) || buf.len > (size_t)MAX_RECORD_BYTES) {
		rb_diag(b, f && !ferror(f) ? RB_D_TOO_LARGE : RB_D_IO, (struct rb_loc){disp, 0, 0}, "%s",
			f && !ferror(f) ? "a drill record is at most 64 MiB" : strerror(errno));
		if (f)
			fclose(f);
		rb_buf_free(&buf);
		return NULL;
	}
	fclose(f);
	*len = buf.len;
	rb_buf_putc(&buf, '\0');
	return buf.data;
}

/* Derive what the report needs from a run's steps: flags, the measured
 * time and whether it passed. */
static void finish_run(struct rb_drill_run *r)
{
	long reach = -1;
	bool all = true, any = false, done = true;
	for (size_t i = 0; i < r->nsteps; i++) {
		const struct rb_drill_step *st = &r->steps[i];
		r->failed |= st->failed;
		r->skipped |= st->skipped;
		r->retried |= st->retried;
		if (strcmp(st->phase, "recovery") && strcmp(st->phase, "verification"))
			continue;
		any = true;
		done &= st->done;
		if (st->ended < 0)
			all = false;
		else if (st->ended > reach)
			reach = st->ended;
	}
	r->measured = any && all && reach >= r->start ? reach - r->start : -1;
	/* a step that failed and then succeeded on a retry does not fail the run */
	r->passed = r->measured >= 0 && r->status == 0 && done && !r->skipped;
}

/* Read record path (shown as disp): check it line by line; keep its run
 * in runs when nothing was wrong. */
static void read_record(struct rb_build *b, const char *path, const char *disp, struct rb_drill_run **runs,
			size_t *n, size_t *cap, struct rb_sha256 *all, const char *rel)
{
	size_t len;
	char *data = slurp(b, path, disp, &len);
	if (!data)
		return;
	struct rb_drill_run *run = rb_arena_alloc(&b->arena, sizeof *run);
	*run = (struct rb_drill_run){.path = rb_arena_strdup(&b->arena, disp), .rel = rel, .status = -1, .end = -1};
	run->shown = run->path;
	struct rec c = {.b = b, .disp = run->path, .run = run, .next_seq = 1};
	char want[RB_SHA256_HEX] = ZERO_HASH;
	rb_sha256_of(data, len, run->sha256);
	/* the records' hash: the lines `sha256sum` prints, sorted by path */
	rb_sha256_add(all, run->sha256, 64);
	rb_sha256_add(all, "  ", 2);
	rb_sha256_add(all, rel, strlen(rel));
	rb_sha256_add(all, "\n", 1);
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(data + at, '\n', len - at);
		c.text = data + at;
		c.len = nl ? (size_t)(nl - c.text) : len - at;
		c.line++;
		if (!nl) {
			problem(&c, RB_D_DRILL_RECORD, NULL, "the last line has no line end: the record was cut off%s", "");
			break;
		}
		read_line(&c, want);
		rb_sha256_of(c.text, c.len + 1, want);   /* with its line end, as sha256sum sees it */
		at += c.len + 1;
	}
	if (!c.line) {
		problem(&c, RB_D_DRILL_RECORD, NULL, "the record is empty%s", "");
	} else if (!c.bad && !c.sealed) {
		problem(&c, RB_D_DRILL_RECORD, NULL, c.ended ? "the record ends after run_end without its seal: its last "
			"line was removed%s" : "the record ends before run_end: the run was killed, or its last lines were "
			"removed%s", "");
	}
	free(data);
	if (c.bad)
		return;
	finish_run(run);
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*runs = rb_xrealloc(*runs, *cap * sizeof **runs);
	}
	(*runs)[(*n)++] = *run;
}

/* Whether record entry path (lstat st) may be read: a plain file, or a
 * symlink to one inside the runs folder whose real path is real_dir. A
 * FIFO or device would block the read, a symlink out of the folder would
 * show another file's lines: both get a diagnostic and are left out. */
static bool record_readable(struct rb_build *b, const char *path, const struct stat *st, const char *real_dir)
{
	if (S_ISREG(st->st_mode))
		return true;
	struct stat to;
	if (S_ISLNK(st->st_mode) && stat(path, &to) == 0 && S_ISREG(to.st_mode)) {
		char *real = realpath(path, NULL);
		size_t dl = real_dir ? strlen(real_dir) : 0;
		bool inside = real && real_dir && !strncmp(real, real_dir, dl) && real[dl] == '/';
		free(real);
		if (inside)
			return true;
	}
	if (S_ISLNK(st->st_mode))
		rb_diag(b, RB_D_SYMLINK_OUTSIDE, (struct rb_loc){path, 0, 0}, "%s",
			"a drill record is a file in the runs folder; this one was not read");
	else
		rb_diag(b, RB_D_NOT_REGULAR, (struct rb_loc){path, 0, 0}, "it is %s", rb_bookfs_kind(st->st_mode));
	return false;
}

/* Collect the book-relative paths of the records under dir/rel, any depth
 * (real_dir: dir's real path, for the symlink check). */
static void walk(struct rb_build *b, const char *dir, const char *real_dir, const char *rel, char ***paths, size_t *n,
		 size_t *cap)
{
	const char *full = *rel ? rb_arena_printf(&b->arena, "%s/%s", dir, rel) : dir;
	DIR *d = opendir(full);
	if (!d)
		return;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		const char *r = *rel ? rb_arena_printf(&b->arena, "%s/%s", rel, e->d_name) : rb_arena_strdup(&b->arena, e->d_name);
		struct stat st;
		const char *path = rb_arena_printf(&b->arena, "%s/%s", dir, r);
		if (lstat(path, &st) != 0)
			continue;
		size_t nl = strlen(e->d_name);
		if (S_ISDIR(st.st_mode)) {
			walk(b, dir, real_dir, r, paths, n, cap);
		} else if (nl > 6 && !strcmp(e->d_name + nl - 6, ".jsonl") && record_readable(b, path, &st, real_dir)) {
			if (*n == *cap) {
				*cap = *cap ? *cap * 2 : 32;
				*paths = rb_xrealloc(*paths, *cap * sizeof **paths);
			}
			(*paths)[(*n)++] = (char *)r;
		}
	}
	closedir(d);
}

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_start(const void *a, const void *b)
{
	const struct rb_drill_run *x = a, *y = b;
	return x->start != y->start ? (x->start < y->start ? -1 : 1) : strcmp(x->path, y->path);
}

bool rb_drill_read_dir(struct rb_build *b, const char *dir, struct rb_drill_report *r)
{
	struct stat st;
	bool missing = stat(dir, &st) != 0;
	if (missing || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "rbc: the runs folder '%s': %s\n", dir, missing ? strerror(errno) : "not a folder");
		return false;
	}
	char **paths = NULL;
	size_t npaths = 0, cap = 0, ncap = 0;
	char *real_dir = realpath(dir, NULL);
	walk(b, dir, real_dir, "", &paths, &npaths, &cap);
	free(real_dir);
	if (npaths > 1) /* qsort's base may not be NULL, even for no elements */
		qsort(paths, npaths, sizeof *paths, cmp_path);
	struct rb_sha256 all;
	rb_sha256_init(&all);
	r->runs_dir = r->runs_shown = dir;
	r->runs = NULL;
	r->nruns = 0;
	size_t dl = strlen(dir);
	while (dl > 1 && dir[dl - 1] == '/')
		dl--;
	for (size_t i = 0; i < npaths; i++) {
		const char *full = rb_arena_printf(&b->arena, "%.*s/%s", (int)dl, dir, paths[i]);
		read_record(b, full, full, &r->runs, &r->nruns, &ncap, &all, paths[i]);
	}
	r->nrecords = npaths;
	rb_sha256_hex(&all, r->records_sha256);
	free(paths);
	if (r->nruns) {
		/* keep the runs in the arena: the report holds them */
		struct rb_drill_run *keep = rb_arena_alloc(&b->arena, r->nruns * sizeof *keep);
		memcpy(keep, r->runs, r->nruns * sizeof *keep);
		free(r->runs);
		r->runs = keep;
		qsort(r->runs, r->nruns, sizeof *r->runs, cmp_start);
	}
	return true;
}
