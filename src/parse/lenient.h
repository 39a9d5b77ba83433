/* lenient.h: how the lenient reader (parse_lenient.c) read a legacy
 * runbook: one role per top-level Markdown block, plus what it found
 * outside the scenarios (metadata lines, contact tables). parse.c follows
 * the roles to build the model; `rbc import` follows them to rewrite the
 * document into the canonical format. No library types here. */
#ifndef RB_LENIENT_H
#define RB_LENIENT_H
#include "model/model.h"

enum rb_role_kind {
	RB_ROLE_NONE,          /* read as the canonical reader would */
	RB_ROLE_SCENARIO,      /* a heading that starts a scenario */
	RB_ROLE_CLOSE,         /* a heading outside any scenario (ends one) */
	RB_ROLE_SECTION,       /* a heading inside a scenario that starts a section */
	RB_ROLE_STEP,          /* a heading inside a scenario that is a step */
	RB_ROLE_LABELS,        /* a paragraph of bold labels: a section start and/or objectives */
	RB_ROLE_PROCEDURE      /* a heading that starts a procedure (explicit documents) */
};

/* What one top-level block was read as. Lines are body lines (1-based,
 * as cmark counts them). */
struct rb_role {
	enum rb_role_kind kind;
	unsigned first_line, last_line;
	int level;                     /* heading level, 0 for a paragraph */
	const char *title;             /* SCENARIO, PROCEDURE: its title; SECTION/STEP: heading text */
	bool appendix;                 /* CLOSE: it ends a scenario from below H2 */
	bool alert_file;               /* SCENARIO: the H1 of a one-alert file (also the runbook's title) */
	/* LABELS (and SECTION) */
	bool section;                  /* starts a section */
	enum rb_section_kind sec_kind;
	const char *label;             /* the label as written, without its colon */
	const char *rest;              /* plain text after the label, or NULL */
	unsigned label_line;           /* body line of the label */
	size_t label_col, label_len;   /* bytes: where the label starts in that line, and
					  its length with the colon (0: not a clean prefix) */
	/* SCENARIO and LABELS: values read for the scenario */
	struct rb_text severity, owner;
	struct rb_text alerts;         /* SCENARIO of a one-alert file: the alert's name */
	struct rb_duration rto, rpo;
};

/* One row of a contact table. */
struct rb_legacy_contact {
	const char *role;
	const char *details;           /* the other cells, joined with " | " */
	const char *missing;           /* the columns that are TBD or placeholders, or NULL */
	struct rb_loc loc;
};

/* Per-component or per-severity objective from a table or a list. */
struct rb_objective {
	const char *key;               /* "Database", "P0 incidents" */
	bool rpo;                      /* false: RTO */
	struct rb_duration value;
};

struct rb_lenient {
	size_t nroles;
	struct rb_role *roles;         /* one per top-level block, in order */
	size_t ncontacts;
	struct rb_legacy_contact *contacts;
	size_t nobjectives;
	struct rb_objective *objectives;
	struct rb_text version, owner_text, next_review, review_cycle;
};

struct rb_build;
/* After parse.c built the model from the roles: apply per-component and
 * per-severity objectives to the scenarios, and note step time windows. */
void rb_lenient_finish(struct rb_build *b, struct rb_runbook *rb);
/* Once the links and anchors are collected: a step of a scenario or
 * procedure whose first line links to one of the document's (other)
 * procedures (its id or its heading's anchor), with other words around
 * the link ("Follow [Database Restore](#database-restore)"), calls it,
 * with a note. One whose first line links to another document of the
 * book gets a candidate call of what the link names there: a call once
 * the book is read when that is a procedure (model/procedure.h), else
 * nothing (the link stays an ordinary link). A step left that names a
 * procedure in words alone ("use the Failover procedure") gets a
 * words-only candidate call (rb_call_words), resolved the same way. */
void rb_lenient_link_calls(struct rb_build *b, struct rb_runbook *rb);
/* For rbc import, whose book is the one file: the candidate calls of
 * other documents resolved against the Markdown files they link to
 * (dir/TARGET, dir the file's folder or NULL; lenient_import.c): a call of the procedure
 * the fragment names there, or of the only one of a document without
 * scenarios ("See [the cleanup helper](../helpers/prune-images.md)"),
 * the others dropped. The other files' findings are not reported. */
void rb_lenient_import_calls(struct rb_build *b, struct rb_runbook *rb, const char *dir);
/* The step of rb's scenarios and procedures whose first line is line and
 * that calls nothing yet (its section in *sec, its scenario or procedure
 * in *unit), or NULL (lenient.c, for lenient_import.c). */
struct rb_step *rb_lenient_step_at(struct rb_runbook *rb, unsigned line, struct rb_section **sec,
				   const struct rb_scenario **unit);
/* Make step st of section sec a call of target (path#fragment as written),
 * text the procedure's title, with a note saying why (NULL: none). */
void rb_lenient_add_call(struct rb_build *b, struct rb_section *sec, struct rb_step *st, const char *text,
			 const char *target, const char *path, const char *fragment, const char *why);

#endif
