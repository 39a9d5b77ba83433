/* load.c: the book's directory walk, safe file reading, and front matter
 * splitting. Hands each runbook file to the command's reader (load.h). */
#include "read/load.h"
#include "model/procedure.h"
#include "read/load_file.h"
#include "read/alert_files.h"
#include "read/bookfs.h"
#include "model/alert.h"
#include "read/meta.h"
#include "base/pool.h"
#include "base/strmap.h"
#include "read/mojibake.h"
#include "base/util.h"
#include "read/yaml.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A line that is exactly "---" (or "..." to close), optionally trailed by spaces. */
static bool is_fence_line(const char *p, const char *end, const char *mark)
{
	if (end - p < 3 || memcmp(p, mark, 3) != 0)
		return false;
	for (p += 3; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

/* Split off YAML front matter. On success *body points past the closing
 * fence and *body_line is its line number. Returns false on error. */
static bool split_front_matter(struct rb_build *b, struct rb_file *f, const struct rb_value **front,
			       const char **body, unsigned *body_line)
{
	const char *s = f->data, *end = f->data + f->len;
	const char *nl = memchr(s, '\n', f->len);
	*front = NULL;
	*body = s;
	*body_line = 1;
	if (!is_fence_line(s, nl ? nl : end, "---"))
		return true;
	unsigned line = 2;
	for (const char *p = nl ? nl + 1 : end; p < end; line++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		if (is_fence_line(p, e, "---") || is_fence_line(p, e, "...")) {
			const char *yaml = nl + 1;
			size_t ylen = (size_t)(p - yaml);
			if (ylen > RB_MAX_FRONT_MATTER) {
				rb_diag(b, RB_D_TOO_LARGE, (struct rb_loc){f->file, 1, 1},
					"front matter is %zu bytes; the limit is %ld KiB", ylen, RB_MAX_FRONT_MATTER / 1024);
				return false;
			}
			*front = rb_yaml_parse(b, f->file, yaml, ylen, 1);
			*body = e < end ? e + 1 : end;
			*body_line = line + 1;
			return *front != NULL;
		}
		p = e + 1;
	}
	rb_diag(b, RB_D_FM_UNTERMINATED, (struct rb_loc){f->file, 1, 1}, NULL);
	return false;
}

/* The file's stem: "db/orders-db.md" → "orders-db". */
static const char *file_stem(struct rb_build *b, const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	const char *dot = strrchr(base, '.');
	return rb_arena_strndup(&b->arena, base, dot ? (size_t)(dot - base) : strlen(base));
}

/* Default the id from the file name, slugging names that are not plain ids. */
void rb_load_default_id(struct rb_build *b, struct rb_runbook *rb)
{
	if (rb->id.s)
		return;
	const char *stem = file_stem(b, rb->path);
	rb->id.loc = (struct rb_loc){rb->file, 1, 1};
	if (rb_is_plain_id(stem)) {
		rb->id.s = stem;
		return;
	}
	/* keep ASCII letters, digits, '_' and '.'; everything else becomes one '-' */
	char *slug = rb_arena_strdup(&b->arena, stem), *d = slug;
	for (const char *p = stem; *p; p++) {
		unsigned char ch = (unsigned char)*p;
		if (ch < 0x80 && (isalnum(ch) || ch == '_' || ch == '.'))
			*d++ = (char)tolower(ch);
		else if (d > slug && d[-1] != '-')
			*d++ = '-';
	}
	while (d > slug && d[-1] == '-')
		d--;
	*d = '\0';
	rb->id.s = *slug ? slug : "runbook";
	rb_diag(b, RB_D_ID_FROM_NAME, rb->id.loc, "using id '%s'; set 'id:' in the front matter to choose one",
		rb->id.s);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

struct rb_runbook *rb_load_runbook_meta(struct rb_build *b, const char *rel, struct rb_file *fp)
{
	struct rb_file f = *fp;
	const char *display = f.file;
	rb_mojibake_check(b, display, f.data, f.len, 1);
	const char *p = f.data;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (!*p) {
		rb_diag(b, RB_D_EMPTY_FILE, (struct rb_loc){display, 1, 1}, NULL);
		return NULL;
	}
	struct rb_runbook *rb = rb_arena_alloc(&b->arena, sizeof *rb);
	rb->path = rb_arena_strdup(&b->arena, rel);
	rb->file = rb_arena_strdup(&b->arena, display);
	rb->source_hash = rb_hash64(f.data, f.len);
	rb->review_every_default = true;
	bool yaml_form = !has_suffix(rel, ".md") && !has_suffix(rel, ".markdown");
	if (yaml_form) {
		rb->format = RB_FMT_YAML;
		const struct rb_value *root = rb_yaml_parse(b, rb->file, f.data, f.len, 0);
		if (!root)
			return NULL;
		if (root->kind != RB_V_MAP) {
			rb_diag(b, RB_D_FM_NOT_MAP, root->loc, "a YAML runbook is a mapping with id, title and scenarios");
			return NULL;
		}
		rb_meta_front_matter(b, rb, root, true);
		struct rb_buf md;
		rb_buf_init(&md);
		rb_meta_yaml_body(b, root, &md, (struct rb_loc **)&rb->line_map, &rb->nline_map);
		rb->body_len = md.len;
		rb->body = rb_arena_strndup(&b->arena, rb_buf_cstr(&md), md.len);
		rb->body_line = 1;
		rb_buf_free(&md);
	} else {
		const struct rb_value *front;
		const char *body;
		if (!split_front_matter(b, &f, &front, &body, &rb->body_line))
			return NULL;
		rb_meta_front_matter(b, rb, front, false);
		rb->body = body;
		rb->body_len = f.len - (size_t)(body - f.data);
	}
	if (!rb->review_every.set)
		rb->review_every = b->book.config.review_every;
	return rb;
}

/* --- the directory walk --- */

struct walk {
	struct rb_build *b;
	char root_real[PATH_MAX];
	char out_real[PATH_MAX];      /* "" when no output folder inside the book */
	dev_t dev[64];
	ino_t ino[64];
	int depth;
	struct walk_file *list;      /* the runbook files found, in walk order */
	size_t n, cap;
	struct rb_alert_file *alert_files;   /* the alert rule files found (alerts: rules:) */
	size_t nalert, capalert;
	const struct rb_reader *reader;   /* the command's, for each file */
};

/* One runbook file found by the walk, and what reading it produced. */
struct walk_file {
	const char *path, *rel, *display;
	struct rb_build child;       /* the task's arena and diagnostics */
	struct rb_runbook *rb;       /* NULL when the file was refused */
};

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_runbook_name(const char *name)
{
	if (!strcmp(name, "contacts.yaml") || !strcmp(name, "contacts.yml") ||
	    !strcmp(name, "rbc.yaml") || !strcmp(name, "rbc.yml"))
		return false;
	return has_suffix(name, ".md") || has_suffix(name, ".markdown") ||
	       has_suffix(name, ".yaml") || has_suffix(name, ".yml");
}

/* The book's introduction files, in the order the site prefers them. */
static const char *const intro_names[] = {"README.md", "readme.md", "index.md", NULL};

const char *rb_load_intro_name(const char *rel)
{
	for (size_t i = 0; intro_names[i]; i++)
		if (!strcmp(rel, intro_names[i]))
			return intro_names[i];
	return NULL;
}

const char *rb_load_find_intro(struct rb_build *b)
{
	for (size_t i = 0; intro_names[i]; i++) {
		struct stat st;
		char *path = rb_arena_printf(&b->arena, "%s/%s", b->book.root, intro_names[i]);
		if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && !rb_bookfs_excluded(b, intro_names[i], false))
			return intro_names[i];
	}
	return NULL;
}

static void walk_dir(struct walk *w, const char *dir, const char *rel);

/* Handle one directory entry: recurse into folders, load runbooks. */
static void walk_entry(struct walk *w, const char *path, const char *rel, const char *display)
{
	struct rb_build *b = w->b;
	struct stat lst, st;
	if (lstat(path, &lst) < 0) {
		if (errno == ENAMETOOLONG)
			rb_diag(b, RB_D_PATH_TOO_LONG, (struct rb_loc){display, 0, 0}, "%zu bytes", strlen(path));
		else if (errno != ENOENT)
			rb_diag(b, RB_D_IO, (struct rb_loc){display, 0, 0}, "%s", strerror(errno));
		return;   /* ENOENT: vanished, nothing to read */
	}
	if (rb_bookfs_excluded(b, rel, S_ISDIR(lst.st_mode)))
		return;   /* rbc.yaml's exclude: */
	if (S_ISLNK(lst.st_mode)) {
		char real[PATH_MAX];
		if (!realpath(path, real)) {
			if (errno == ELOOP)
				rb_diag(b, RB_D_SYMLINK_LOOP, (struct rb_loc){display, 0, 0}, "%s", strerror(errno));
			else
				rb_diag(b, RB_D_IO, (struct rb_loc){display, 0, 0}, "broken symlink: %s", strerror(errno));
			return;
		}
		size_t rl = strlen(w->root_real);
		if (strncmp(real, w->root_real, rl) != 0 || (real[rl] != '/' && real[rl] != '\0')) {
			rb_diag(b, RB_D_SYMLINK_OUTSIDE, (struct rb_loc){display, 0, 0}, NULL);
			return;
		}
	}
	if (stat(path, &st) < 0) {
		rb_diag(b, errno == ELOOP ? RB_D_SYMLINK_LOOP : RB_D_IO, (struct rb_loc){display, 0, 0}, "%s",
			strerror(errno));
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		char real[PATH_MAX];
		if (w->out_real[0] && realpath(path, real) && strcmp(real, w->out_real) == 0)
			return;
		for (int i = 0; i < w->depth; i++) {
			if (w->dev[i] == st.st_dev && w->ino[i] == st.st_ino) {
				rb_diag(b, RB_D_SYMLINK_LOOP, (struct rb_loc){display, 0, 0},
					"this folder contains itself; remove the symlink");
				return;
			}
		}
		if (w->depth >= 64) {
			rb_diag(b, RB_D_TOO_DEEP, (struct rb_loc){display, 0, 0}, "folders nested deeper than 64");
			return;
		}
		w->dev[w->depth] = st.st_dev;
		w->ino[w->depth] = st.st_ino;
		w->depth++;
		walk_dir(w, path, rel);
		w->depth--;
		return;
	}
	const char *name = strrchr(rel, '/');
	name = name ? name + 1 : rel;
	if (!S_ISREG(st.st_mode) && is_runbook_name(name)) {
		/* a FIFO, socket or device named like a runbook: never opened (it
		 * could block), and never skipped in silence */
		rb_diag(b, RB_D_NOT_REGULAR, (struct rb_loc){display, 0, 0}, "it is %s", rb_bookfs_kind(st.st_mode));
		return;
	}
	if (S_ISREG(st.st_mode) && rb_alert_files_match(b, rel)) {
		if (w->nalert == w->capalert)   /* an alert rule file: never a runbook */
			w->alert_files = rb_xrealloc(w->alert_files, (w->capalert = w->capalert ? 2 * w->capalert : 16) *
						     sizeof *w->alert_files);
		w->alert_files[w->nalert++] = (struct rb_alert_file){path, rel, display};
		return;
	}
	if (!S_ISREG(st.st_mode) || !is_runbook_name(name) || rb_load_intro_name(rel))
		return;   /* README.md at the root introduces the site's index: not a runbook */
	if (!strcmp(name, "_index.md") || (!strcmp(name, "index.md") && strchr(rel, '/')))
		return;   /* Hugo's and MkDocs' folder introductions: not runbooks */
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->list = rb_xrealloc(w->list, w->cap * sizeof *w->list);
	}
	w->list[w->n++] = (struct walk_file){.path = path, .rel = rel, .display = display};
}

/* Join a display path: "BOOK/rel", or rel when the book is ".". */
static char *display_path(struct rb_build *b, const char *rel)
{
	size_t n = rb_bookfs_root_len(b->opt.book);
	if (!n)
		return rb_arena_strdup(&b->arena, rel);
	return rb_arena_printf(&b->arena, "%.*s/%s", (int)n, b->opt.book, rel);
}

/* Read a directory's entries in byte order (independent of locale and of
 * the file system's order) and walk each. */
static void walk_dir(struct walk *w, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	if (!d) {
		rb_diag(w->b, errno == ENAMETOOLONG ? RB_D_PATH_TOO_LONG : RB_D_IO,
			(struct rb_loc){rel[0] ? display_path(w->b, rel) : w->b->opt.book, 0, 0}, "%s", strerror(errno));
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;       /* hidden, ".", ".." */
		if (!rel[0] && (!strcmp(e->d_name, "templates") || !strcmp(e->d_name, "lua")))
			continue;       /* the book's own templates and rules */
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			names = rb_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = rb_xstrdup(e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path = rb_arena_printf(&w->b->arena, "%s/%s", dir, names[i]);
		char *r = rel[0] ? rb_arena_printf(&w->b->arena, "%s/%s", rel, names[i])
				 : rb_arena_strdup(&w->b->arena, names[i]);
		walk_entry(w, path, r, display_path(w->b, r));
		free(names[i]);
	}
	free(names);
}

/* Read an optional YAML file at the book's root; NULL when absent or
 * refused (a symlink out of the book, a FIFO...: bookfs.h). */
static const struct rb_value *load_root_yaml(struct rb_build *b, const char *name, const char **found)
{
	char *path = rb_arena_printf(&b->arena, "%s/%s", b->opt.book, name);
	const char *display = display_path(b, name);
	int fd = rb_bookfs_open(b, path, display);
	struct rb_file f;
	if (fd < 0 || !rb_load_fd(b, fd, display, RB_MAX_YAML_BYTES, &f))
		return NULL;
	*found = rb_arena_strdup(&b->arena, name);
	return rb_yaml_parse(b, f.file, f.data, f.len, 0);
}

/* contacts.yaml is there but did not load (its error is reported): say
 * once that the checks that need it are skipped, rather than report every
 * mention and owner as unknown (check.c, and rbc.contact in rules). */
static void contacts_broken(struct rb_build *b)
{
	const char *name = "contacts.yaml";
	char *path = rb_arena_printf(&b->arena, "%s/%s", b->opt.book, name);
	if (access(path, F_OK) != 0)
		return;
	b->book.contacts_broken = true;
	rb_diag(b, RB_D_CONTACTS_SKIPPED, (struct rb_loc){display_path(b, name), 0, 0},
		"contact mentions, and the rules that look a contact up (runbook-owner, scenario-owner, ...); "
		"they run again once its error is fixed");
}

/* The book's introduction (README.md at its root): read like a runbook
 * but never leniently (its headings are no scenarios), and kept apart
 * from the runbooks, so no runbook rule applies to it; its links are
 * checked like a runbook's. */
static void load_intro(struct rb_build *b, const struct rb_reader *r)
{
	const char *name = rb_load_find_intro(b);
	if (!name)
		return;
	bool strict = b->opt.strict;
	b->opt.strict = true;
	b->book.intro = r->intro(r->ctx, b, rb_arena_printf(&b->arena, "%s/%s", b->opt.book, name), name,
				 display_path(b, name));
	b->opt.strict = strict;
}

/* Runbooks whose ids come from file names that repeat across folders
 * (a/Foo.md, b/Foo.md) take their folders into the id: "a-Foo", "b-Foo".
 * An id set in the front matter (its position is past line 1) stays. */
static void ids_by_path(struct rb_build *b)
{
	struct rb_book *book = &b->book;
	struct rb_strmap count = {0};
	for (size_t i = 0; i < book->nrunbooks; i++) {
		unsigned n = 0;
		rb_strmap_get(&count, book->runbooks[i]->id.s, &n);
		rb_strmap_put(&count, book->runbooks[i]->id.s, n + 1);
	}
	for (size_t i = 0; i < book->nrunbooks; i++) {
		struct rb_runbook *rb = book->runbooks[i];
		unsigned n = 0;
		rb_strmap_get(&count, rb->id.s, &n);
		if (n < 2 || rb->id.loc.line != 1 || rb->id.loc.col != 1 || !strchr(rb->path, '/'))
			continue;
		char *id = rb_arena_strdup(&b->arena, rb->path), *dot = strrchr(id, '.');
		if (dot && dot > strrchr(id, '/'))
			*dot = '\0';
		for (char *p = id; *p; p++)
			if (!(isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-'))
				*p = '-';
		rb->id.s = id;
	}
	rb_strmap_free(&count);
}

/* Runbook ids must be unique across the book: each repeat is reported
 * against the first runbook with that id (a hash map keeps it linear). */
static void check_duplicate_ids(struct rb_build *b)
{
	struct rb_book *book = &b->book;
	struct rb_strmap first = {0};
	ids_by_path(b);
	for (size_t i = 0; i < book->nrunbooks; i++) {
		unsigned j;
		if (rb_strmap_get(&first, book->runbooks[i]->id.s, &j))
			rb_diag(b, RB_D_DUP_RUNBOOK, book->runbooks[i]->id.loc,
				"'%s' is also the id of %s; set a different 'id:'", book->runbooks[i]->id.s,
				book->runbooks[j]->file);
		else
			rb_strmap_put(&first, book->runbooks[i]->id.s, (unsigned)i);
	}
	rb_strmap_free(&first);
}

/* Pool task: read runbook file i through the command's reader into its
 * own child build. */
static void load_task(void *ctx, size_t i)
{
	struct walk *w = ctx;
	struct walk_file *f = &w->list[i];
	rb_build_fork(w->b, &f->child);
	f->rb = w->reader->runbook(w->reader->ctx, &f->child, f->path, f->rel, f->display);
}

/* Pool label: the runbook's path in the book. */
static const char *load_label(void *ctx, size_t i)
{
	return ((struct walk *)ctx)->list[i].rel;
}

/* Read every runbook the walk found on the thread pool, then take the
 * results in walk order: runbooks into the book, diagnostics into b. */
static void load_runbooks(struct rb_build *b, struct walk *w)
{
	struct rb_progress progress;
	rb_progress_start(&progress, stderr, w->n, b->opt.quiet);
	rb_pool_run(b->opt.jobs ? b->opt.jobs : rb_pool_default_jobs(), w->n, load_task, load_label, w,
		    &progress);
	rb_progress_end(&progress);
	b->book.runbooks = rb_arena_alloc(&b->arena, (w->n + 1) * sizeof *b->book.runbooks);
	b->book.nrunbooks = 0;
	for (size_t i = 0; i < w->n; i++) {
		rb_build_join(b, &w->list[i].child);
		if (w->list[i].rb)
			b->book.runbooks[b->book.nrunbooks++] = w->list[i].rb;
	}
	rb_book_index(&b->book);
}

bool rb_load_config(struct rb_build *b)
{
	rb_meta_config_defaults(&b->book.config);
	b->book.root = b->opt.book;
	const struct rb_value *cfg = load_root_yaml(b, "rbc.yaml", &b->book.config.path);
	if (cfg)
		rb_meta_config(b, cfg, &b->book.config);
	return b->book.config.path != NULL;
}

bool rb_load_book(struct rb_build *b, const struct rb_reader *r)
{
	struct walk *w = rb_xcalloc(1, sizeof *w);
	struct stat st;
	w->b = b;
	w->reader = r;
	errno = 0;
	if (stat(b->opt.book, &st) < 0 || !S_ISDIR(st.st_mode) || !realpath(b->opt.book, w->root_real)) {
		rb_diag(b, RB_D_NOT_A_BOOK, (struct rb_loc){b->opt.book, 0, 0}, "%s",
			errno ? strerror(errno) : "give the folder that holds the runbooks");
		free(w);
		return false;
	}
	if (b->opt.out && !realpath(b->opt.out, w->out_real))
		w->out_real[0] = '\0';
	rb_load_config(b);
	const struct rb_value *contacts = load_root_yaml(b, "contacts.yaml", &b->book.contacts_path);
	if (contacts)
		rb_meta_contacts(b, contacts, &b->book);
	else
		contacts_broken(b);
	rb_bookfs_check_dir(b, "templates");   /* read only when the site is made */
	w->dev[0] = st.st_dev;
	w->ino[0] = st.st_ino;
	w->depth = 1;
	walk_dir(w, b->opt.book, "");
	load_runbooks(b, w);
	load_intro(b, r);
	rb_alert_files_read(b, w->alert_files, w->nalert);
	rb_alerts_resolve(&b->arena, &b->book, b->as_of);
	free(w->list);
	free(w->alert_files);
	free(w);
	check_duplicate_ids(b);
	rb_procedure_index(&b->arena, &b->book);
	return true;
}
