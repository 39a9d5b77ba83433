/* xref_cache.c: the per-runbook cross-reference summary cache of
 * `rbc lint BOOK FILE...` (see xref_cache.h). Entries are small text files:
 *
 *   rbc-xref 4 <rbc version> <strict> <fix-encoding>
 *   path <book-relative path>
 *   stat <size> <mtime> <ctime> <inode> <device>
 *   key <32 hex digits: hash of version, options, path and bytes>
 *   id <line> <col> <id>       or "none" when the file is not a runbook
 *   anchor <id>  /  scenario <id>  /  procedure <id>
 *   title <line> <col> <title>   (of the last procedure, where its heading is)
 *   step <id>    (a step of the last scenario or procedure)
 *
 * Lint checks a link's fragment against all of these (model.h:
 * rb_runbook_has_anchor), so the stub knows every anchor the runbook's
 * page has: a legacy procedure's id is no heading's anchor. A procedure's
 * title is what a words-only call names (model/procedure.h), so that the
 * stubs resolve those as the whole book does.
 */
#include "read/xref_cache.h"
#include "read/cache_dir.h"
#include "base/util.h"
#include "read/load.h"
#include "base/buf.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XREF_MAX_ENTRY (1L << 20)

/* The 128-bit key of a runbook's bytes as 32 hex digits in out[33]:
 * version, reading options, path and contents, in two independent lanes. */
static void entry_key(const struct rb_build *b, const char *rel, const char *data, size_t len, char out[33])
{
	char head[256];
	int n = snprintf(head, sizeof head, "%s|%d|%d|%s|%zu|", RB_VERSION, b->opt.strict, b->opt.fix_encoding,
			 rel, len);
	size_t hn = n < 0 ? 0 : (size_t)n < sizeof head ? (size_t)n : sizeof head - 1;
	uint64_t a = 0x9e3779b97f4a7c15ULL, c = 0xc2b2ae3d27d4eb4fULL;
	a = rb_hash64_mix(a, 0x100000001b3ULL, head, hn);
	c = rb_hash64_mix(c, 0xff51afd7ed558ccdULL, head, hn);
	a = rb_hash64_mix(a, 0x100000001b3ULL, data, len);
	c = rb_hash64_mix(c, 0xff51afd7ed558ccdULL, data, len);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)rb_hash64_finish(a),
		 (unsigned long long)rb_hash64_finish(c ^ a));
}

/* The cache file of a runbook: <cache folder dir>/<hash of rel>. */
static char *entry_path(struct rb_build *b, const char *dir, const char *rel)
{
	uint64_t h = rb_hash64_finish(rb_hash64_mix(0x84222325cbf29ce4ULL, 0x100000001b3ULL, rel, strlen(rel)));
	return rb_arena_printf(&b->arena, "%s/%016llx", dir, (unsigned long long)h);
}

const char *rb_xref_open(struct rb_build *b, struct rb_xref *x)
{
	char *book = realpath(b->opt.book, NULL);
	x->dir = book ? rb_cache_dir_open(b, "xref", book) : NULL;
	free(book);
	return x->dir;
}

/* A new file at path for writing, never through a symlink; NULL when it
 * exists or cannot be made. */
static FILE *create_entry(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "wb");
	if (fd >= 0 && !f)
		close(fd);
	return f;
}

/* The entry's first lines up to the key: what must match before the stat
 * stamp is believed. */
static void entry_head(const struct rb_build *b, const char *rel, struct rb_buf *out)
{
	rb_buf_printf(out, "rbc-xref 4 %s %d %d\npath %s\n", RB_VERSION, b->opt.strict, b->opt.fix_encoding, rel);
}

/* The file's stat stamp: size, mtime, ctime (ns), inode, device. Any write
 * to the file changes its ctime, so an equal stamp means equal bytes. */
static bool stat_stamp(const char *path, char *out, size_t n)
{
	struct stat st;
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	snprintf(out, n, "stat %lld %lld.%09ld %lld.%09ld %llu %llu\n", (long long)st.st_size,
		 (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec, (long long)st.st_ctim.tv_sec,
		 st.st_ctim.tv_nsec, (unsigned long long)st.st_ino, (unsigned long long)st.st_dev);
	return true;
}

/* Read a whole small file into a malloc'd string; NULL when absent. */
static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return NULL;
	struct stat st;
	char *s = NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < XREF_MAX_ENTRY) {
		s = rb_xmalloc((size_t)st.st_size + 1);
		ssize_t n = read(fd, s, (size_t)st.st_size);
		if (n != st.st_size) {
			free(s);
			s = NULL;
		} else {
			s[n] = '\0';
		}
	}
	close(fd);
	return s;
}

/* Append one id to a growing arena array of strings. */
static void push_str(struct rb_build *b, const char ***arr, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 8;
		const char **fresh = rb_arena_alloc(&b->arena, ncap * sizeof *fresh);
		if (*n)
			memcpy(fresh, *arr, *n * sizeof *fresh);
		*arr = fresh;
		*cap = ncap;
	}
	(*arr)[(*n)++] = rb_arena_strdup(&b->arena, s);
}

/* Give unit sc (a scenario or procedure, or NULL) its steps (one section
 * holds them all). */
static void close_steps(struct rb_build *b, struct rb_scenario *sc, const char **steps, size_t n)
{
	if (!sc || !n)
		return;
	sc->nsections = 1;
	sc->sections = rb_arena_alloc(&b->arena, sizeof *sc->sections);
	sc->sections[0].loc = sc->loc;
	sc->sections[0].nsteps = n;
	sc->sections[0].steps = rb_arena_alloc(&b->arena, n * sizeof *sc->sections[0].steps);
	for (size_t i = 0; i < n; i++) {
		sc->sections[0].steps[i].id = steps[i];
		sc->sections[0].steps[i].loc = sc->loc;
	}
}

/* Count the lines of text that start with tag and a space. */
static size_t count_tag(const char *text, const char *tag)
{
	size_t n = 0, tl = strlen(tag);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, tag, tl) && p[tl] == ' ')
			n++;
	return n;
}

/* Build a stub runbook from an entry's lines after the key. Sets *none when
 * the entry says the file is not a runbook. False when the entry is bad. */
static bool parse_entry(struct rb_build *b, char *text, struct rb_runbook *rb, bool *none)
{
	size_t nsc = count_tag(text, "scenario"), np = count_tag(text, "procedure"), na = count_tag(text, "anchor");
	rb->scenarios = rb_arena_alloc(&b->arena, (nsc + 1) * sizeof *rb->scenarios);
	rb->procedures = rb_arena_alloc(&b->arena, (np + 1) * sizeof *rb->procedures);
	rb->anchors = rb_arena_alloc(&b->arena, (na + 1) * sizeof *rb->anchors);
	struct rb_scenario *unit = NULL;     /* the one the step lines belong to */
	const char **steps = NULL;
	size_t nsteps = 0, capsteps = 0;
	bool have_id = false;
	struct rb_loc top = {rb->file, 1, 1};
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (!next)
			return false;     /* every line ends in a newline */
		*next++ = '\0';
		char *sp = strchr(line, ' ');
		const char *arg = sp ? sp + 1 : "";
		if (sp)
			*sp = '\0';
		unsigned l, c;
		int used = 0;
		if (!strcmp(line, "none")) {
			*none = true;
		} else if (!strcmp(line, "id") && sscanf(arg, "%u %u %n", &l, &c, &used) == 2 && used) {
			rb->id.s = rb_arena_strdup(&b->arena, arg + used);
			rb->id.loc = (struct rb_loc){rb->file, l, c};
			have_id = true;
		} else if (!strcmp(line, "anchor") && rb->nanchors < na) {
			rb->anchors[rb->nanchors++] = (struct rb_anchor){rb_arena_strdup(&b->arena, arg), top};
		} else if ((!strcmp(line, "scenario") && rb->nscenarios < nsc) ||
			   (!strcmp(line, "procedure") && rb->nprocedures < np)) {
			close_steps(b, unit, steps, nsteps);
			nsteps = 0;
			bool proc = line[0] == 'p';
			unit = proc ? &rb->procedures[rb->nprocedures++] : &rb->scenarios[rb->nscenarios++];
			unit->id = rb_arena_strdup(&b->arena, arg);
			unit->runbook = rb;
			/* a procedure's line is unknown (0) until its title line */
			unit->loc = proc ? (struct rb_loc){rb->file, 0, 0} : top;
			unit->procedure = proc;
		} else if (!strcmp(line, "title") && unit && unit->procedure && !unit->title &&
			   sscanf(arg, "%u %u %n", &l, &c, &used) == 2 && used) {
			unit->title = rb_arena_strdup(&b->arena, arg + used);
			unit->loc = (struct rb_loc){rb->file, l, c};
		} else if (!strcmp(line, "step") && unit) {
			push_str(b, &steps, &nsteps, &capsteps, arg);
		} else {
			return false;
		}
	}
	close_steps(b, unit, steps, nsteps);
	return *none || have_id;
}

/* A stub from an entry's text after its key line (NULL when bad); *none
 * is set when the entry records that the file is not a runbook. */
static struct rb_runbook *stub_from(struct rb_build *b, char *body, const char *rel, const char *display,
				    bool *none)
{
	struct rb_runbook *rb = rb_arena_alloc(&b->arena, sizeof *rb);
	rb->path = rb_arena_strdup(&b->arena, rel);
	rb->file = rb_arena_strdup(&b->arena, display);
	rb->stub = true;
	*none = false;
	if (!parse_entry(b, body, rb, none)) {
		*none = false;
		return NULL;
	}
	return rb;
}

/* Split an entry into its head (up to the stat line), stat line, key and
 * body; false when it is not in the format. */
static bool split_entry(char *text, const char *head, char **stamp, char **key, char **body)
{
	size_t hl = strlen(head);
	if (strncmp(text, head, hl) != 0)
		return false;
	*stamp = text + hl;
	char *nl = strchr(*stamp, '\n');
	if (!nl || strncmp(*stamp, "stat ", 5) != 0 || strncmp(nl + 1, "key ", 4) != 0)
		return false;
	*key = nl + 5;
	char *knl = strchr(*key, '\n');
	if (!knl || knl - *key != 32)
		return false;
	*body = knl + 1;
	return true;
}

/* A one-line field, or false when it would break the entry's format. */
static bool put_field(struct rb_buf *out, const char *tag, const char *s)
{
	if (!s || strchr(s, '\n'))
		return false;
	rb_buf_printf(out, "%s %s\n", tag, s);
	return true;
}

/* The lines of unit u (a scenario or procedure, by tag): its id, a
 * procedure's title and place, then its steps' ids; false when one cannot
 * be written faithfully. */
static bool put_unit(struct rb_buf *out, const char *tag, const struct rb_scenario *u)
{
	bool ok = put_field(out, tag, u->id);
	if (u->procedure && u->title) {
		ok &= !strchr(u->title, '\n');
		rb_buf_printf(out, "title %u %u %s\n", u->loc.line, u->loc.col, ok ? u->title : "");
	}
	for (size_t j = 0; j < u->nsections; j++)
		for (size_t k = 0; k < u->sections[j].nsteps; k++)
			ok &= put_field(out, "step", u->sections[j].steps[k].id);
	return ok;
}

/* The entry text for rb (NULL: not a runbook); false when it cannot be
 * written faithfully. */
static bool format_entry(struct rb_buf *out, const char *key, const struct rb_runbook *rb)
{
	/* the head and stat line are already in out */
	rb_buf_printf(out, "key %s\n", key);
	if (!rb) {
		rb_buf_puts(out, "none\n");
		return true;
	}
	if (!rb->id.s || strchr(rb->id.s, '\n'))
		return false;
	rb_buf_printf(out, "id %u %u %s\n", rb->id.loc.line, rb->id.loc.col, rb->id.s);
	bool ok = true;
	for (size_t i = 0; i < rb->nanchors; i++)
		ok &= put_field(out, "anchor", rb->anchors[i].id);
	for (size_t i = 0; i < rb->nscenarios; i++)
		ok &= put_unit(out, "scenario", &rb->scenarios[i]);
	for (size_t i = 0; i < rb->nprocedures; i++)
		ok &= put_unit(out, "procedure", &rb->procedures[i]);
	return ok;
}

/* Write an entry atomically (temporary file, then rename); a book that
 * cannot be written to simply goes uncached. */
static void store_entry(struct rb_build *b, const char *file, const char *rel, const char *stamp,
			const char *key, const struct rb_runbook *rb)
{
	struct rb_buf out;
	rb_buf_init(&out);
	entry_head(b, rel, &out);
	rb_buf_puts(&out, stamp);
	if (format_entry(&out, key, rb)) {
		char *tmp = rb_arena_printf(&b->arena, "%s.%ld.tmp", file, (long)getpid());
		FILE *f = create_entry(tmp);
		if (f) {
			bool ok = fwrite(out.data, 1, out.len, f) == out.len;
			ok &= fclose(f) == 0;
			if (!ok || rename(tmp, file) != 0)
				unlink(tmp);
		}
	}
	rb_buf_free(&out);
}

/* The entry rewritten with a new stat stamp (same key and body), so that
 * the next run believes the stamp again. */
static void restamp(struct rb_build *b, const char *file, const char *rel, const char *stamp,
		    const char *key, const char *body)
{
	struct rb_buf out;
	rb_buf_init(&out);
	entry_head(b, rel, &out);
	rb_buf_printf(&out, "%skey %.32s\n%s", stamp, key, body);
	char *tmp = rb_arena_printf(&b->arena, "%s.%ld.tmp", file, (long)getpid());
	FILE *f = create_entry(tmp);
	if (f) {
		bool ok = fwrite(out.data, 1, out.len, f) == out.len;
		ok &= fclose(f) == 0;
		if (!ok || rename(tmp, file) != 0)
			unlink(tmp);
	}
	rb_buf_free(&out);
}

struct rb_runbook *rb_xref_runbook(void *ctx, struct rb_build *b, const char *path, const char *rel,
				   const char *display)
{
	const struct rb_xref *x = ctx;
	char stamp[160] = "", key[33] = "";
	if (!x->dir)     /* no cache folder: read in full */
		return x->miss.runbook(x->miss.ctx, b, path, rel, display);
	char *file = entry_path(b, x->dir, rel), *text = slurp(file), *estamp, *ekey, *body;
	struct rb_buf head;
	rb_buf_init(&head);
	entry_head(b, rel, &head);
	bool valid = text && split_entry(text, rb_buf_cstr(&head), &estamp, &ekey, &body);
	rb_buf_free(&head);
	bool none = false;
	struct rb_runbook *rb = NULL;
	/* 1. the file's stamp is unchanged: believe the entry without reading */
	if (valid && stat_stamp(path, stamp, sizeof stamp) && !strncmp(estamp, stamp, strlen(stamp))) {
		rb = stub_from(b, body, rel, display, &none);
		if (rb || none)
			goto done;
	}
	/* 2. read the bytes: refused exactly as a full read would refuse them */
	struct rb_file f;
	if (!rb_load_file(b, path, display, RB_MAX_FILE_BYTES, &f))
		goto done;
	entry_key(b, rel, f.data, f.len, key);
	if (valid && !strncmp(ekey, key, 32)) {
		char *saved = rb_xstrdup(body);
		rb = stub_from(b, body, rel, display, &none);
		if ((rb || none) && stamp[0])
			restamp(b, file, rel, stamp, key, saved);
		free(saved);
		if (rb || none)
			goto done;
	}
	/* 3. a miss: read it in full (a refused file's diagnostics included) */
	size_t before = b->diags.n;
	rb = x->miss.runbook(x->miss.ctx, b, path, rel, display);
	if ((rb || b->diags.n > before) && (stamp[0] || stat_stamp(path, stamp, sizeof stamp)))
		store_entry(b, file, rel, stamp, key, rb);
done:
	free(text);
	return none ? NULL : rb;
}
