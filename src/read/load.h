/* load.h: find a book's files and read them safely. The loader knows
 * nothing of what a command does with the runbooks: the command hands it
 * a per-file reader (struct rb_reader) that reads each runbook file in
 * full, as a summary, or from a cache (parse_file.h, xref_cache.h). */
#ifndef RB_LOAD_H
#define RB_LOAD_H
#include "model/build.h"
#include "read/load_file.h"

/* Read one runbook file: the file at path, book-relative rel, shown as
 * display in diagnostics. Returns the runbook to put in the book, or NULL
 * when the file is refused (its diagnostics say why). ctx is the
 * reader's own. */
typedef struct rb_runbook *rb_read_fn(void *ctx, struct rb_build *b, const char *path, const char *rel,
				      const char *display);
/* The per-file reader a command gives rb_load_book: the seam between
 * finding the book's files (here) and what a runbook becomes (the
 * command's choice). The stock readers are in parse/parse_file.h (full,
 * lean, summary) and read/xref_cache.h (stubs from the cache).
 *   runbook: called once per runbook file the walk finds, on a worker
 *            thread, with b a child build of the loader's (rb_build_fork:
 *            its own arena and diagnostics, joined in walk order), so it
 *            takes no lock on b; it may free what it read into b's arena.
 *   intro:   reads the book's introduction (README.md), on the loader's
 *            own build, strictly (b->opt.strict is set for the call); it
 *            is never a summary or stub: its links are checked.
 *   ctx:     passed to both. */
struct rb_reader {
	rb_read_fn *runbook;
	rb_read_fn *intro;
	void *ctx;
};
/* Load the whole book at b->opt.book: rbc.yaml, contacts.yaml, and every
 * runbook through r into b->book, in walk order. Returns false when the
 * book cannot be read at all (not a directory); per-file problems are
 * diagnostics. */
bool rb_load_book(struct rb_build *b, const struct rb_reader *r);
/* Read only the book's rbc.yaml (at b->opt.book) into b->book.config,
 * defaults first, as rb_load_book does: for a command that needs the
 * settings but not the runbooks (rbc verify's bundle: pubkey). True when
 * the book has an rbc.yaml; problems in it are diagnostics. */
bool rb_load_config(struct rb_build *b);
/* The name when book-relative path rel is the book's introduction
 * (README.md, readme.md or index.md at its root), else NULL. */
const char *rb_load_intro_name(const char *rel);
/* The introduction file present at the root of b's book (a regular
 * file, not a symlink), README.md first; NULL when there is none. */
const char *rb_load_find_intro(struct rb_build *b);
/* A new runbook from text read (and checked) by rb_load_file: its front
 * matter (a YAML runbook's whole mapping, turned into Markdown) read into
 * the model, its Markdown body left in rb->body for rb_parse_runbook.
 * Warns about mojibake. rel is the book-relative path. NULL when refused. */
struct rb_runbook *rb_load_runbook_meta(struct rb_build *b, const char *rel, struct rb_file *f);
/* After the body is parsed: the id from the file name when no 'id:' set one. */
void rb_load_default_id(struct rb_build *b, struct rb_runbook *rb);

#endif
