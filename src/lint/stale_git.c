/* stale_git.c: the book's git history against its review dates.
 *
 * One `git log -p --unified=0` over every runbook of the book (run with
 * posix_spawnp and an argv array, never a shell) gives, per commit and
 * file, the changed lines. A change to a `reviewed:` line is a review; any
 * other changed line is content. Newest first, for each runbook:
 *   - the review commit R is the newest commit that changed `reviewed:`;
 *   - content committed after R on a day after the reviewed date was never
 *     reviewed: CHANGED;
 *   - R changed nothing but `reviewed:`: BUMPED, for the reviewer to confirm.
 * We use git rather than libgit2 because git is already on every machine
 * that has the book's history, one process reads the whole book, and the
 * patch text is all we need; libgit2 would add a link dependency and a
 * tree-diff walk per commit. Dates are committer dates (UTC days). */
#include "lint/stale_git.h"
#include "base/buf.h"
#include "base/git.h"
#include "base/util.h"
#include <stdlib.h>
#include <string.h>


/* The state of the parser inside one file's diff of one commit. */
struct git_parse {
	char commit[16];
	long day;
	struct rb_stale_history *file;    /* NULL: not a runbook */
	bool in_hunks;
	bool content, review;     /* changed lines seen so far */
	size_t ncommits;
	/* The commit's files, from its NUL-separated --raw list, in the order
	 * of its "diff --git" sections (git prints both from one queue); the
	 * names are taken from here because the patch headers quote names
	 * with spaces, quotes, newlines or control characters. */
	struct rb_stale_history **raw;
	size_t nraw, raw_cap, next_raw;
};

/* True when a changed line (after its '+' or '-') sets `reviewed:`. */
static bool is_review_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (n - i < 8 || strncmp(s + i, "reviewed", 8))
		return false;
	i += 8;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i < n && s[i] == ':';
}

/* Close the current file's diff: fold what it changed into its runbook. */
static void end_file(struct git_parse *p)
{
	struct rb_stale_history *f = p->file;
	p->file = NULL;
	if (!f || f->review_seen)
		return;
	if (p->content && p->day > f->rb->reviewed.days && !p->review) {
		if (!f->nchanged++) {
			memcpy(f->changed_commit, p->commit, sizeof f->changed_commit);
			f->changed_day = p->day;
		}
	}
	if (p->review) {
		f->review_seen = true;
		f->review_bump_only = !p->content;
		memcpy(f->review_commit, p->commit, sizeof f->review_commit);
		f->review_day = p->day;
	}
}

/* The runbook at a book-relative path, or NULL. */
static struct rb_stale_history *find_file(struct rb_stale_history *files, size_t n, const char *path, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(files[i].rb->path) == len && !strncmp(files[i].rb->path, path, len))
			return &files[i];
	return NULL;
}

/* Start a commit from its header "\x1e<hash> <committer time>". */
static void begin_commit(struct git_parse *p, const char *s, size_t n)
{
	end_file(p);
	const char *sp = memchr(s, ' ', n);
	size_t hl = sp ? (size_t)(sp - s - 1) : 0;
	if (hl > 12)
		hl = 12;
	memcpy(p->commit, s + 1, hl);
	p->commit[hl] = 0;
	p->day = sp ? strtol(sp + 1, NULL, 10) / 86400 : 0;
	p->ncommits++;
	p->nraw = p->next_raw = 0;
}

/* Note the next file of the commit's --raw list (NULL: not a runbook). */
static void add_raw(struct git_parse *p, struct rb_stale_history *f)
{
	if (p->nraw == p->raw_cap) {
		p->raw_cap = p->raw_cap ? 2 * p->raw_cap : 16;
		p->raw = rb_xrealloc(p->raw, p->raw_cap * sizeof *p->raw);
	}
	p->raw[p->nraw++] = f;
}

/* Read one line of a commit's patch. */
static void parse_line(struct git_parse *p, const char *s, size_t n)
{
	if (n >= 11 && !strncmp(s, "diff --git ", 11)) {
		end_file(p);
		p->file = p->next_raw < p->nraw ? p->raw[p->next_raw] : NULL;
		p->next_raw++;
		p->in_hunks = false;
		p->content = p->review = false;
		return;
	}
	if (!p->in_hunks) {
		if (n >= 2 && !strncmp(s, "@@", 2))
			p->in_hunks = true;
		else if (n >= 7 && !strncmp(s, "Binary ", 7))
			p->content = true;
		return;
	}
	if (n && (s[0] == '+' || s[0] == '-')) {
		if (is_review_line(s + 1, n - 1))
			p->review = true;
		else
			p->content = true;
	}
}

/* Read the whole `git log -z --raw -p` output: per commit, its header up to
 * a NUL, then ":<modes> <ids> <status>\0<path>\0" per file, a NUL, then the
 * patch as lines. */
static void parse_log(struct git_parse *p, struct rb_stale_history *files, size_t nfiles, const char *s, const char *end)
{
	while (s < end) {
		if (*s == '\x1e' || *s == ':') {
			const char *z = memchr(s, '\0', (size_t)(end - s));
			size_t n = z ? (size_t)(z - s) : (size_t)(end - s);
			if (*s == '\x1e') {
				begin_commit(p, s, n);
				s += n + 1;
			} else {          /* the path follows the status, up to its own NUL */
				const char *path = s + n + 1, *pz = path < end ? memchr(path, '\0', (size_t)(end - path)) : NULL;
				size_t pl = pz ? (size_t)(pz - path) : 0;
				add_raw(p, pz ? find_file(files, nfiles, path, pl) : NULL);
				s = pz ? pz + 1 : end;
			}
			continue;
		}
		if (*s == '\0' || *s == '\n') {
			s++;
			continue;
		}
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		parse_line(p, s, n);
		s += n + 1;
	}
	end_file(p);
}

/* The argv of the one `git log`: every runbook path as a pathspec. */
static char **git_argv(struct rb_build *b)
{
	static const char *const head[] = {
		"git", "--literal-pathspecs", "-C", NULL, "log", "-z", "--raw", "--no-color", "--no-ext-diff",
		"--no-textconv", "--no-renames", "--no-show-signature", "--relative", "--src-prefix=a/",
		"--dst-prefix=b/", "--unified=0", "-p", "--format=%x1e%H %ct", "--"};
	size_t nh = sizeof head / sizeof *head, n = nh + b->book.nrunbooks;
	char **argv = rb_arena_alloc(&b->arena, (n + 1) * sizeof *argv);
	for (size_t i = 0; i < nh; i++)
		argv[i] = (char *)head[i];
	argv[3] = (char *)b->book.root;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		argv[nh + i] = rb_arena_strdup(&b->arena, b->book.runbooks[i]->path);
	return argv;
}

int rb_stale_git_read(struct rb_build *b, struct rb_stale_history **out, size_t *nout, size_t *ncommits)
{
	struct rb_stale_history *files = rb_arena_alloc(&b->arena, (b->book.nrunbooks + 1) * sizeof *files);
	size_t nfiles = 0;
	for (size_t i = 0; i < b->book.nrunbooks; i++)
		if (b->book.runbooks[i]->reviewed.set)
			files[nfiles++].rb = b->book.runbooks[i];
	*out = files;
	*nout = 0;
	*ncommits = 0;
	struct rb_buf log;
	rb_buf_init(&log);
	int st = rb_git_run(git_argv(b), &log);
	if (st == 0) {
		struct git_parse p = {0};
		parse_log(&p, files, nfiles, rb_buf_cstr(&log), rb_buf_cstr(&log) + log.len);
		free(p.raw);
		*nout = nfiles;
		*ncommits = p.ncommits;
	}
	rb_buf_free(&log);
	return st;
}
