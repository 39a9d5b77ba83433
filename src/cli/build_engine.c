/* build_engine.c: `rbc build`'s engine (build_engine.h). Reads and checks
 * the book keeping only each runbook's summary (summary.h), then writes
 * every output into a temporary folder that replaces OUT only when all of
 * it was written. The whole book's pages come from the summaries; each
 * runbook's own outputs (its model.json entry, step scripts, page and
 * handbook chapter) from a fresh full read of its file, one runbook at a
 * time, freed before the next: memory holds the summaries and one runbook.
 *
 * The build cache: before reading the book, the engine hashes everything
 * the build reads (fingerprint.h: rbc's own bytes, the options, the as-of
 * day, the book's commit and every file of the book) and compares it with
 * the state the last successful build into the same OUT left in the cache
 * folder:
 *
 *   rbc-build-state 1 <rbc version>
 *   key <32 hex digits>
 *   outdir <device> <inode>
 *   diag <code> <level> <line> <col> <id> <file> <message> <detail>
 *   out <size> <mtime> <ctime> <inode> <device> <OUT-relative path>
 *
 * (fields of diag lines are escaped: \t \n \\ and \0 for a missing detail).
 * When the key is the same and every file of OUT still has the stat stamp
 * it had when that build finished, the build's result is that build's:
 * its diagnostics are given again and nothing is read or written. */
#include "cli/build_engine.h"
#include "cli/cli.h"
#include "lint/check.h"
#include "parse/parse.h"
#include "parse/parse_file.h"
#include "read/cache_dir.h"
#include "read/fingerprint.h"
#include "read/load.h"
#include "render/dump.h"
#include "render/output.h"
#include "render/render_html.h"
#include "render/render_print.h"
#include "render/render_script.h"
#include "base/buf.h"
#include "base/util.h"
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAX (256L << 20)

/* Every writer of the build, open across the runbooks. */
struct writers {
	struct rb_output_file *model;
	struct rb_dump *dump;
	const char *commit;          /* the book's git commit, for the scripts */
	struct rb_site *site;
	struct rb_print *print;
};

/* Append text to the model file (ctx). */
static void put_model(void *ctx, const char *text, size_t len)
{
	rb_output_append(ctx, text, len);
}

/* Open every writer: model.json is compact JSON with book-relative file
 * names (the output names no folder of the machine that built it). False
 * when the site or handbook cannot start (their diagnostics say why). */
static bool open_writers(struct rb_build *b, struct rb_output *o, struct writers *w)
{
	w->model = rb_output_open_file(o, "model.json", 0644);
	w->dump = rb_dump_begin(b, 0, b->book.root, put_model, w->model);
	w->commit = rb_script_commit(b);
	w->site = rb_site_begin(b, o);
	w->print = w->site ? rb_print_begin(b, o, w->commit) : NULL;
	return w->site && w->print;
}

/* Close every writer; true when all of them wrote their files. complete:
 * every runbook was rendered; if not, the site stops where it is (its
 * book-wide pages would link to the pages missing). */
static bool close_writers(struct writers *w, bool complete)
{
	rb_dump_end(w->dump);
	bool ok = rb_output_close_file(w->model);
	ok = (!w->site || rb_site_end(w->site, complete)) && ok;
	ok = (!w->print || rb_print_end(w->print)) && ok;
	return ok;
}

/* Read summary sum's file again in full into scratch (a child build whose
 * diagnostics are discarded with it: the first read reported them). NULL, with an
 * error on b, when the file is gone or its bytes changed since then. */
static struct rb_runbook *read_full(struct rb_build *b, struct rb_build *scratch, const struct rb_runbook *sum)
{
	rb_build_fork(b, scratch);
	char *path = rb_arena_printf(&scratch->arena, "%s/%s", b->book.root, sum->path);
	struct rb_runbook *rb = rb_parse_file(scratch, path, sum->path, sum->file);
	if (rb && rb->source_hash == sum->source_hash)
		return rb;
	if (rb)
		rb_parse_free_doc(rb);
	rb_diag(b, RB_D_CHANGED, (struct rb_loc){sum->file, 0, 0}, NULL);
	return NULL;
}

/* Runbook i's own outputs, from a full read of its file put in the book
 * in place of its summary for the time it takes. */
static bool render_runbook(struct rb_build *b, struct rb_output *o, struct writers *w, size_t i)
{
	struct rb_runbook *sum = b->book.runbooks[i];
	struct rb_build scratch;
	struct rb_runbook *rb = read_full(b, &scratch, sum);
	bool ok = rb != NULL;
	if (rb) {
		b->book.runbooks[i] = rb;
		rb_dump_runbook(w->dump, rb);
		ok = rb_render_runbook_scripts(b, o, rb, w->commit, "scripts/");
		rb_site_runbook(w->site, i);
		rb_print_runbook(w->print, rb);
		b->book.runbooks[i] = sum;
		rb_parse_free_doc(rb);
	}
	rb_build_discard(&scratch);
	return ok;
}

/* Every output of the build into o; false when any of them failed. */
static bool write_outputs(struct rb_build *b, struct rb_output *o)
{
	struct writers w = {0};
	bool ok = open_writers(b, o, &w);
	for (size_t i = 0; ok && i < b->book.nrunbooks; i++)
		ok = render_runbook(b, o, &w, i);
	return close_writers(&w, ok) && ok;
}

/* --- the build cache --- */

/* What the engine knows of the cache for one build. */
struct cache {
	const char *dir;          /* the cache folder; NULL: no cache */
	const char *state;        /* the state file's name in it */
	char key[33];             /* the fingerprint of this build's inputs */
	const char *out;          /* OUT as given */
	struct rb_buf files;      /* the "out" lines of the new state */
	void (*changed)(void *ctx, const char *rel);
	void *ctx;
};

/* OUT's absolute path (it need not exist yet), malloc'd. */
static char *absolute_out(const char *out)
{
	char *real = realpath(out, NULL);
	if (real)
		return real;
	char *c1 = rb_xstrdup(out), *c2 = rb_xstrdup(out);
	char *parent = realpath(dirname(c1), NULL), *abs = NULL;
	if (parent) {
		abs = rb_xmalloc(strlen(parent) + strlen(c2) + 2);
		sprintf(abs, "%s/%s", parent, basename(c2));
	}
	free(parent), free(c1), free(c2);
	return abs;
}

/* Add to f the folder at path as one to skip, when it exists. */
static void skip_dir(struct rb_fingerprint_skip *skip, size_t *n, const char *path)
{
	struct stat st;
	if (path && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		skip[(*n)++] = (struct rb_fingerprint_skip){(unsigned long long)st.st_dev, (unsigned long long)st.st_ino};
}

/* Hash everything the build reads into c->key. False (no caching) when
 * rbc's own file or the book cannot be hashed. */
static bool fingerprint(struct rb_build *b, struct cache *c)
{
	struct rb_fingerprint f;
	rb_fingerprint_init(&f);
	rb_fingerprint_str(&f, "rbc-build-state 1 " RB_VERSION);
	char *exe = realpath("/proc/self/exe", NULL);
	bool ok = exe && rb_fingerprint_file(b, &f, exe, c->dir);
	free(exe);
	char opts[512];
	snprintf(opts, sizeof opts, "as_of=%ld strict=%d fix=%d force=%d", b->as_of, b->opt.strict,
		 b->opt.fix_encoding, b->opt.force_clean);
	rb_fingerprint_str(&f, opts);
	for (int i = 0; i < RB_LUA_NLIMITS; i++)
		rb_fingerprint_add(&f, &b->opt.lua_max[i], sizeof b->opt.lua_max[i]);
	rb_fingerprint_str(&f, b->opt.book);
	rb_fingerprint_str(&f, c->out);
	rb_fingerprint_str(&f, b->opt.paper);
	rb_fingerprint_str(&f, rb_script_commit(b));
	struct rb_fingerprint_skip skip[2];
	size_t nskip = 0;
	skip_dir(skip, &nskip, c->out);
	char *top = rb_arena_printf(&b->arena, "%s/..", c->dir);   /* the rbc cache, should it be in the book */
	skip_dir(skip, &nskip, top);
	ok = ok && rb_fingerprint_tree(b, &f, b->opt.book, c->dir, skip, nskip);
	rb_fingerprint_hex(&f, c->key);
	return ok;
}

/* Append s to out with tab, newline and backslash escaped; NULL is \0. */
static void put_field(struct rb_buf *out, const char *s)
{
	rb_buf_putc(out, '\t');
	if (!s) {
		rb_buf_puts(out, "\\0");
		return;
	}
	for (; *s; s++) {
		if (*s == '\t')
			rb_buf_puts(out, "\\t");
		else if (*s == '\n')
			rb_buf_puts(out, "\\n");
		else if (*s == '\\')
			rb_buf_puts(out, "\\\\");
		else
			rb_buf_putc(out, *s);
	}
}

/* Cut the next tab-separated field off *p and unescape it in place;
 * NULL for \0. *p is NULL after the last field (then *bad when asked for
 * one more). */
static char *take_field(char **p, bool *bad)
{
	if (!*p) {
		*bad = true;
		return NULL;
	}
	char *s = *p, *tab = strchr(s, '\t');
	*p = tab ? tab + 1 : NULL;
	if (tab)
		*tab = '\0';
	if (!strcmp(s, "\\0"))
		return NULL;
	char *d = s;
	for (char *q = s; *q; q++) {
		if (*q == '\\' && q[1]) {
			q++;
			*d++ = *q == 't' ? '\t' : *q == 'n' ? '\n' : *q;
		} else {
			*d++ = *q;
		}
	}
	*d = '\0';
	return s;
}

/* The stat stamp of st as text, or "" when it is no regular file. */
static void stamp_text(const struct stat *st, char *out, size_t n)
{
	if (!S_ISREG(st->st_mode)) {
		out[0] = '\0';
		return;
	}
	snprintf(out, n, "%lld %lld.%09ld %lld.%09ld %llu %llu", (long long)st->st_size, (long long)st->st_mtim.tv_sec,
		 st->st_mtim.tv_nsec, (long long)st->st_ctim.tv_sec, st->st_ctim.tv_nsec,
		 (unsigned long long)st->st_ino, (unsigned long long)st->st_dev);
}

/* The stat stamp of path (never followed) as text, "" when none. */
static void stamp_of(const char *path, char *out, size_t n)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		st.st_mode = 0;
	stamp_text(&st, out, n);
}

/* Stat stamps of files of one folder tree, a folder open at a time (the
 * files come folder by folder), so each look-up is one name. */
struct stamper {
	const char *root;
	char *dir;                /* the folder open, relative to root */
	int fd;
};

/* The stamp of root/rel into out ("" when it is no regular file). */
static void stamper_get(struct stamper *s, const char *rel, char *out, size_t n)
{
	const char *slash = strrchr(rel, '/');
	size_t dl = slash ? (size_t)(slash - rel) : 0;
	if (!s->dir || strlen(s->dir) != dl || strncmp(s->dir, rel, dl)) {
		if (s->fd >= 0)
			close(s->fd);
		free(s->dir);
		s->dir = rb_xmalloc(dl + 1);
		memcpy(s->dir, rel, dl);
		s->dir[dl] = '\0';
		char *path = rb_xmalloc(strlen(s->root) + dl + 2);
		sprintf(path, "%s%s%s", s->root, dl ? "/" : "", s->dir);
		s->fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		free(path);
	}
	struct stat st;
	if (s->fd < 0 || fstatat(s->fd, slash ? slash + 1 : rel, &st, AT_SYMLINK_NOFOLLOW) != 0)
		st.st_mode = 0;
	stamp_text(&st, out, n);
}

/* Close the folder a stamper holds open. */
static void stamper_end(struct stamper *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->dir);
}

/* OUT's own device and inode as text ("" when it is no folder). */
static void dir_id(const char *path, char *out, size_t n)
{
	struct stat st;
	if (lstat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		out[0] = '\0';
	else
		snprintf(out, n, "%llu %llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
}

/* Give the state text's diagnostics to b (they become b's). False when a
 * line is malformed. */
static bool replay_diag(struct rb_build *b, char *line)
{
	int code, level;
	unsigned l, col;
	int used = 0;
	if (sscanf(line, "%d %d %u %u%n", &code, &level, &l, &col, &used) != 4 || code < 0 || level < RB_NOTE ||
	    level > RB_ERROR)
		return false;
	char *p = line[used] == '\t' ? line + used + 1 : NULL;
	bool bad = false;
	char *id = take_field(&p, &bad), *file = take_field(&p, &bad), *msg = take_field(&p, &bad);
	char *detail = take_field(&p, &bad);
	if (bad || !id || !msg)
		return false;
	struct rb_diag d = {.code = (enum rb_code)code, .level = (enum rb_level)level, .id = id,
			    .loc = {file, l, col}, .message = msg, .detail = detail};
	rb_diag_add(b, &d);
	return true;
}

/* When the state of the last build into OUT has this build's key and OUT
 * is as that build left it, give b its diagnostics and return its exit
 * status; otherwise -1 (and b is as it was). */
static int reuse_state(struct rb_build *b, struct cache *c)
{
	char *text = rb_cache_dir_read(c->dir, c->state, STATE_MAX, NULL);
	if (!text)
		return -1;
	char head[128], stamp[160];
	snprintf(head, sizeof head, "rbc-build-state 1 %s\nkey %s\noutdir ", RB_VERSION, c->key);
	char *p = text;
	bool same = !strncmp(p, head, strlen(head));
	if (same) {
		p += strlen(head);
		char *nl = strchr(p, '\n');
		dir_id(c->out, stamp, sizeof stamp);
		same = nl && stamp[0] && (size_t)(nl - p) == strlen(stamp) && !strncmp(p, stamp, strlen(stamp));
		p = nl ? nl + 1 : p;
	}
	/* first every file of OUT, then the diagnostics */
	struct stamper st = {c->out, NULL, -1};
	for (char *q = p; same && *q;) {
		char *nl = strchr(q, '\n');
		if (!nl)
			break;
		if (!strncmp(q, "out ", 4)) {
			char *tab = memchr(q, '\t', (size_t)(nl - q));
			if (!tab) {
				same = false;
				break;
			}
			*nl = '\0';
			stamper_get(&st, tab + 1, stamp, sizeof stamp);
			same = (size_t)(tab - q - 4) == strlen(stamp) && !strncmp(q + 4, stamp, strlen(stamp));
			*nl = '\n';
		}
		q = nl + 1;
	}
	stamper_end(&st);
	int code = -1;
	if (same) {
		code = RB_EXIT_OK;
		for (char *q = p; *q;) {
			char *nl = strchr(q, '\n');
			if (!nl)
				break;
			*nl = '\0';
			if (!strncmp(q, "diag ", 5) && !replay_diag(b, q + 5))
				code = RB_EXIT_USAGE;   /* cannot be: the state is bad; build afresh */
			q = nl + 1;
		}
		if (code != RB_EXIT_OK) {
			free(b->diags);
			b->diags = NULL;
			b->ndiags = b->capdiags = 0;
			b->any_diag = false;
			b->worst = RB_NOTE;
			code = -1;
		}
	}
	free(text);
	return code;
}

/* output.h's report: note each file of the new OUT, pass changes on. */
static void note_file(void *ctx, const char *rel, bool changed)
{
	struct cache *c = ctx;
	if (changed && c->changed)
		c->changed(c->ctx, rel);
	char *path = rb_xmalloc(strlen(c->out) + strlen(rel) + 2);
	sprintf(path, "%s/%s", c->out, rel);
	char stamp[160];
	stamp_of(path, stamp, sizeof stamp);
	free(path);
	if (stamp[0])
		rb_buf_printf(&c->files, "out %s\t%s\n", stamp, rel);
}

/* Record this successful build's state: its key, OUT, its diagnostics. */
static void save_state(struct rb_build *b, struct cache *c)
{
	struct rb_buf s;
	rb_buf_init(&s);
	char id[64];
	dir_id(c->out, id, sizeof id);
	rb_buf_printf(&s, "rbc-build-state 1 %s\nkey %s\noutdir %s\n", RB_VERSION, c->key, id);
	if (c->files.len)
		rb_buf_add(&s, c->files.data, c->files.len);
	rb_diag_sort(b);
	for (size_t i = 0; i < b->ndiags; i++) {
		const struct rb_diag *d = &b->diags[i];
		rb_buf_printf(&s, "diag %d %d %u %u", (int)d->code, (int)d->level, d->loc.line, d->loc.col);
		put_field(&s, d->id);
		put_field(&s, d->loc.file);
		put_field(&s, d->message);
		put_field(&s, d->detail);
		rb_buf_putc(&s, '\n');
	}
	if (!id[0] || !rb_cache_dir_write(c->dir, c->state, s.data, s.len))
		(void)0;   /* the cache only saves time: the next build is a full one */
	rb_buf_free(&s);
}

/* Find the cache folder and this build's key; c->dir NULL: build without. */
static void open_cache(struct rb_build *b, struct cache *c, const char *out)
{
	c->out = out;
	char *book = realpath(b->opt.book, NULL), *abs = absolute_out(out);
	if (!b->opt.no_cache && book && abs) {
		c->dir = rb_cache_dir_open(b, "build", book);
		uint64_t h = rb_hash64(abs, strlen(abs));
		c->state = rb_arena_printf(&b->arena, "state-%016llx", (unsigned long long)h);
	}
	if (c->dir && !fingerprint(b, c))
		c->dir = NULL;
	free(book), free(abs);
}

/* The build itself, after the cache had nothing to give. */
static int build(struct rb_build *b, struct cache *c)
{
	/* keep only summaries: runbooks are read again one at a time */
	struct rb_parse_file_keep keep;
	rb_parse_file_keep_init(&keep);
	struct rb_reader summary = {rb_parse_file_summary, rb_parse_file_lean, &keep};
	bool loaded = rb_load_book(b, &summary);
	rb_parse_file_keep_end(&keep, b);
	if (!loaded)
		return RB_EXIT_USAGE;
	rb_check_book(b);
	int code = rb_check_exit(b);
	if (code != RB_EXIT_OK)
		return code;
	struct rb_output *o = rb_output_open(b, c->out);
	if (!o)
		return RB_EXIT_USAGE;
	rb_output_report(o, note_file, c);
	if (!write_outputs(b, o)) {
		rb_output_abort(o);
		return RB_EXIT_USAGE;
	}
	return rb_output_commit(o) ? RB_EXIT_OK : RB_EXIT_USAGE;
}

int rb_build_engine_run(struct rb_build *b, const char *out, void (*changed)(void *ctx, const char *rel),
			void *ctx)
{
	if (!rb_check_as_of(b))
		return RB_EXIT_USAGE;
	struct cache c = {.changed = changed, .ctx = ctx};
	rb_buf_init(&c.files);
	open_cache(b, &c, out);
	int code = c.dir ? reuse_state(b, &c) : -1;
	if (code < 0) {
		code = build(b, &c);
		if (c.dir && code == RB_EXIT_OK)
			save_state(b, &c);
	}
	rb_buf_free(&c.files);
	return code;
}
