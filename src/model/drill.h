/* drill.h: drills, as the step scripts record them and as rbc judges them.
 *
 * A step script run (not --dry-run) writes a JSON-lines record beside its
 * text transcript: one event per line, each line carrying the SHA-256 of
 * the line before it (doc/drills.md). read/drill_read.c reads the records
 * into struct rb_drill_run, checking every chain; lint/drills.c sets the
 * runs against the book (declared RTO, step estimates, the scenario's
 * content digest, the tier's drill policy) and gives each scenario one
 * status; render/render_drills.c writes the report. Plain structs, no I/O. */
#ifndef RB_DRILL_H
#define RB_DRILL_H
#include <stdbool.h>
#include <stddef.h>
#include "model/model.h"

#define RB_DRILL_RECORD_VERSION 1
#define RB_DRILL_SCHEMA_VERSION 1

/* One step as the record saw it: its estimate at run time and what
 * happened to it. Times are seconds since the epoch, -1 when absent. */
struct rb_drill_step {
	const char *id, *phase;
	bool est_set;
	long est_lo, est_hi;
	long started, ended;
	int status;               /* the step_end status, -1 when it never ended */
	bool selected;            /* the run meant to run it */
	bool done, failed, skipped, retried;
};

/* One run: the record of one execution of a step script. */
struct rb_drill_run {
	const char *path;         /* the record's file: the runs folder as given/rel */
	const char *rel;          /* its path inside the runs folder */
	const char *shown;        /* as reports show it: book-relative when the runs
				     folder is inside the book (never a machine
				     path then), else path */
	struct rb_loc loc;        /* its run_start line */
	const char *runbook, *scenario, *title;
	const char *book_commit;  /* NULL outside git */
	const char *script_sha256, *scenario_sha256;
	const char *operator_name, *host;
	bool drill;               /* run with --drill; else a real recovery */
	const char *rto_text;     /* the declared RTO at run time, or NULL */
	long rto_seconds;         /* 0 when none */
	long start, end;          /* run_start and run_end times */
	long measured;            /* run start to the end of the last recovery or
				     verification step; -1 when the run did not
				     reach the end of every one of them */
	int status;               /* the script's exit status */
	bool failed, skipped, retried, rolled_back;
	bool passed;              /* measured, status 0, every recovery and
				     verification step done (a retry may have
				     been needed), nothing skipped */
	char sha256[65];          /* the record file's own digest */
	size_t nsteps;
	struct rb_drill_step *steps;
	const struct rb_scenario *sc;   /* the book's scenario; set by lint/drills.c */
};

/* The scenario statuses, worst first. */
enum rb_drill_status {
	RB_DRILL_OVER_RTO, RB_DRILL_NOT_VERIFIED, RB_DRILL_DUE, RB_DRILL_NEVER, RB_DRILL_OK
};

/* One phase of a run: the time its steps took against their estimates. */
struct rb_drill_phase {
	const char *name;
	long took;                /* sum of its steps' start-to-end, -1 when none ended */
	bool est_set;
	long est_lo, est_hi;
};

/* One scenario of the book and the runs of it. */
struct rb_drill_scenario {
	const struct rb_scenario *sc;
	struct rb_loc loc;                 /* the scenario's heading (its sc->loc) */
	const struct rb_duration *rto;     /* declared (scenario, else runbook), or NULL */
	const struct rb_duration *every;   /* the tier's drill_every, or NULL */
	bool steps_any;
	long steps_lo, steps_hi;           /* summed estimates, rollback left out */
	size_t nruns;
	const struct rb_drill_run **runs;  /* oldest first */
	size_t nmeasured, ndrills, nreal;
	long last, median, worst;          /* measured times, -1 when none */
	const struct rb_drill_run *last_run, *last_pass;
	bool failed, skipped, retried;     /* in any run */
	enum rb_drill_status status;
	const char *why;                   /* the status in a sentence */
	long due;                          /* days: when the next drill is due, -1 none */
	struct rb_drill_phase phases[4];   /* of the last measured run (else last run) */
};

/* The whole report. */
struct rb_drill_report {
	const char *runs_dir;     /* as given */
	const char *runs_shown;   /* as reports show it: book-relative when inside
				     the book ("drills"), else as given */
	long as_of;               /* days */
	long since;               /* days, -1 when not given */
	long first, last;         /* the period the runs cover, days, -1 when none */
	size_t nrecords;          /* records read (before --since) */
	char records_sha256[65];  /* doc/drills.md: sha256 over "HASH  PATH\n" lines */
	size_t nruns;
	struct rb_drill_run *runs;          /* every run in scope, oldest first */
	size_t nscenarios;
	struct rb_drill_scenario *scenarios;   /* in book order */
	size_t counts[5];         /* scenarios per status */
};

/* The name of status s: "OVER RTO", "NOT VERIFIED", "DUE", "NEVER DRILLED", "OK". */
const char *rb_drill_status_name(enum rb_drill_status s);
/* The same as a CSS class or JSON word: "over-rto", "not-verified", "due", "never", "ok". */
const char *rb_drill_status_slug(enum rb_drill_status s);
/* The drill-current message of status s (RB_DIAG_TABLE: its text and
 * default level); false for OK, which has none. */
bool rb_drill_status_diag(enum rb_drill_status s, enum rb_code *code);
/* Write scenario s's content digest (SHA-256, hex) into out: its title,
 * metadata, sections, steps and commands, each length-prefixed. A step
 * script records it, so a later change to the scenario is seen. */
void rb_scenario_digest(const struct rb_scenario *s, char out[65]);

#endif
