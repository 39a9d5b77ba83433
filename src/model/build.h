/* build.h: struct rb_build carries all the state of one rbc run: options,
 * the arena, the book model and the diagnostics. There are no mutable
 * globals, so several builds can run in one process. */
#ifndef RB_BUILD_H
#define RB_BUILD_H
#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include "base/arena.h"
#include "model/diag.h"
#include "model/model.h"

/* Limits that protect the readers; see doc/format.md, "Limits". */
#define RB_MAX_FILE_BYTES      (8L * 1024 * 1024)   /* one runbook */
#define RB_MAX_FRONT_MATTER    (64L * 1024)
#define RB_MAX_YAML_BYTES      (4L * 1024 * 1024)   /* contacts.yaml, rbc.yaml, YAML runbooks */
#define RB_MAX_YAML_DEPTH      32
#define RB_MAX_MD_DEPTH        100                  /* nested lists/quotes */
#define RB_MAX_LINES           200000
#define RB_MAX_LINE_BYTES      (64L * 1024)

/* Options from the command line; every subcommand reads what it needs. */
struct rb_options {
	const char *book;          /* BOOK directory, default "." */
	const char *out;           /* -o OUT */
	const char *format;        /* --format */
	const char *as_of;         /* --as-of DATE */
	const char *baseline;      /* --baseline FILE */
	const char *within;        /* --within DURATION */
	const char *owner;         /* --owner ID */
	const char *fail_on;       /* --fail-on overdue|due */
	const char *paper;         /* --paper a4|letter */
	const char *runs;          /* drills --runs DIR */
	const char *since;         /* drills --since DATE */
	bool drills_verify;        /* rbc drills verify DIR (DIR in files[0]) */
	long max_warnings;         /* --max-warnings N, -1: no limit */
	int jobs;                  /* -j N, 0: number of cores */
	long lua_max[RB_LUA_NLIMITS];   /* --lua-limits, 0: the built-in maximum */
	bool strict;               /* --strict: no lenient reading */
	bool quiet;                /* -q */
	bool urls;                 /* alerts --urls */
	bool fix_encoding;         /* --fix-encoding */
	bool force_clean;          /* --force-clean: OUT's old files are all rbc's */
	bool no_cache;             /* --no-cache: neither read nor write the build cache */
	const char *sign;          /* bundle --sign KEY: a minisign secret key file */
	const char *pubkey;        /* verify --pubkey FILE */
	const char *key_book;      /* verify --book DIR: the book whose bundle: pubkey to trust */
	const char *password_file; /* bundle --password-file FILE: the key's password */
	bool pdf;                  /* bundle --pdf: add handbook.pdf (WeasyPrint) */
	bool force;                /* bundle --force: replace a file rbc did not write */
	bool no_password;          /* bundle keygen --no-password */
	enum rb_color color;
	const char *serve_bind;    /* serve --bind ADDR, default 127.0.0.1 */
	int serve_port;            /* serve --port N, default 8000; 0: any free port */
	long serve_poll_ms;        /* serve --poll INTERVAL; 0: inotify */
	bool serve_open;           /* serve --open: start a browser */
	const char **files;        /* FILE... operands after BOOK */
	size_t nfiles;
};

struct rb_template;
struct rb_drill_report;

struct rb_build {
	struct rb_arena arena;
	struct rb_options opt;
	struct rb_book book;
	long as_of;                /* days since epoch */
	pthread_mutex_t lock;      /* guards diags and arena in parallel stages */
	struct rb_diags diags;     /* this build's own (diag.h); recorded
				      through diag_record.c under lock */
	pthread_mutex_t *cmark_lock; /* serialises cmark-gfm's inline pass (see
				      parse.c); shared by a build's children */
	pthread_mutex_t cmark_mutex;
	const struct rb_drill_report *drills;   /* build: the book's drill runs (drill.h), or NULL */
	struct rb_template *templates;   /* read and tokenised on first use (template.c) */
	bool template_any_name;    /* a book template may name values no built-in
				      template uses (the engine's unit tests) */
};

void rb_build_init(struct rb_build *b);
void rb_build_free(struct rb_build *b);
/* Start a child build for one task of a parallel stage (pool.h): it shares
 * the parent's options, as_of and book read-only and has its own arena and
 * diagnostics, so the task takes no lock. */
void rb_build_fork(const struct rb_build *parent, struct rb_build *child);
/* Move a child's arena and diagnostics into its parent, after the pool has
 * finished; join children in task order for a deterministic result. */
void rb_build_join(struct rb_build *parent, struct rb_build *child);
/* Free a child build without joining it: its arena and diagnostics go. */
void rb_build_discard(struct rb_build *child);

#endif
