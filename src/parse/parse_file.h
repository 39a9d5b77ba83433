/* parse_file.h: one runbook file → the model (load.h reads it, parse.h
 * parses its body), and the stock per-file readers (struct rb_reader,
 * read/load.h) that a command hands rb_load_book:
 *   full:    every runbook keeps its parse tree (rbc scripts renders it);
 *   lean:    the tree is freed as soon as the model is extracted (lint,
 *            stale, dump: bounded memory);
 *   summary: only the runbook's summary (model/summary.h) is kept, in the
 *            reader's own arena; everything else it read is freed at once
 *            (build, which reads each runbook again to render it);
 *   bounded: lean until the runbooks kept whole take a budget of memory,
 *            then summary (lint of a big book: its rules read the rest
 *            again, one runbook at a time, lint/rules.c).
 * The cache reader (stubs of runbooks lint does not report on) is in
 * read/xref_cache.h. */
#ifndef RB_PARSE_FILE_H
#define RB_PARSE_FILE_H
#include <pthread.h>
#include "base/arena.h"
#include "base/strmap.h"
#include "read/load.h"

/* Read and parse the runbook file at path (Markdown or YAML), keeping its
 * parse tree; NULL when refused. */
struct rb_runbook *rb_parse_file(struct rb_build *b, const char *path, const char *rel, const char *display);
/* The same for text already read (and checked) by rb_load_file. */
struct rb_runbook *rb_parse_file_text(struct rb_build *b, const char *rel, struct rb_file *f);

/* Free the parse trees the full reader left in book's runbooks and its
 * introduction (the arena frees the rest with the build). */
void rb_parse_file_free_trees(struct rb_book *book);

/* rb_read_fn readers; ctx is unused by full and lean. */
rb_read_fn rb_parse_file_full, rb_parse_file_lean, rb_parse_file_summary, rb_parse_file_bounded;

/* The summary reader's ctx: where the summaries and their diagnostics'
 * strings are kept. Init before rb_load_book; then rb_parse_file_keep_end
 * moves the arena into b's, so the summaries live as long as b.
 * With a budget for full reads (rb_parse_file_keep_full), the summary
 * reader also keeps the full reads (parse trees and all) of the runbooks
 * it reads first, while their estimated size fits in it, so that a build
 * need not read them again: rb_parse_file_keep_take hands one out,
 * rb_parse_file_keep_free frees those never taken. */
struct rb_parse_file_kept {
	struct rb_runbook *rb;    /* the full read; NULL: none, or taken */
	struct rb_arena arena;    /* what it lives in (its tree is cmark's) */
};
struct rb_parse_file_keep {
	struct rb_arena arena;
	pthread_mutex_t lock;
	size_t budget;    /* bounded: bytes of runbooks to keep whole (init: no limit) */
	size_t used;      /* bounded: bytes they take so far */
	size_t full_budget, full_used;   /* summary: bytes of full reads to keep (init: none); kept */
	struct rb_strmap full;    /* summary: book path -> index into kept */
	struct rb_parse_file_kept *kept;
	size_t nkept, capkept;
};
void rb_parse_file_keep_init(struct rb_parse_file_keep *k);
/* Have the summary reader keep full reads up to about bytes of memory. */
void rb_parse_file_keep_full(struct rb_parse_file_keep *k, size_t bytes);
void rb_parse_file_keep_end(struct rb_parse_file_keep *k, struct rb_build *b);
/* Take the full read of the runbook at book path rel when one was kept:
 * it and its arena move to *out (free them with rb_parse_free_doc and
 * rb_arena_free). On any thread once the book is loaded, each path taken
 * by one thread at most. False when none was kept. */
bool rb_parse_file_keep_take(struct rb_parse_file_keep *k, const char *rel, struct rb_parse_file_kept *out);
/* Free the full reads never taken (after rb_parse_file_keep_end). */
void rb_parse_file_keep_free(struct rb_parse_file_keep *k);

#endif
