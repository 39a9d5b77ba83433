/* lenient_plan.h: the lenient reader's state during its one pass over a
 * document's blocks (parse_lenient.c), shared with the part that reads
 * tables and lists of objectives and contacts (lenient_tables.c). Private
 * to the parse stage. */
#ifndef RB_LENIENT_PLAN_H
#define RB_LENIENT_PLAN_H
#include "parse/lenient.h"
#include "model/build.h"
#include <cmark-gfm.h>

#define MAX_DEPTH 8

/* One enclosing heading that is not a scenario. */
struct parent {
	int level;
	bool is_parent;          /* its title names a list of scenarios */
	bool procs;              /* its title names a list of procedures */
	int child_level;         /* level of its first sub-heading, 0 until seen */
	const char *severity;    /* "P0" when the heading names one */
};

struct rb_lenient_plan {
	struct rb_build *b;
	struct rb_runbook *rb;
	struct rb_lenient *L;
	size_t cap_roles, cap_contacts, cap_obj;
	struct parent stack[MAX_DEPTH];
	int depth;
	int sc_level;            /* level of the open scenario's heading, 0: none */
	bool in_proc;            /* the open one is a procedure */
	bool alert_file;         /* one alert per file: the H1 is the one scenario */
	bool helper;             /* a step document in a helpers/ folder: the H1 is a procedure */
	bool explicit_sc;        /* the document writes "Scenario N:" headings: only
				    those are scenarios, and step-bearing sections
				    under "Procedures", "Runbooks"... are procedures */
	bool section_open;
	bool objective_list;     /* the previous block was "**RTO**:" with no value */
	bool objective_rpo;
};

/* A duration from an objective's value ("5-15 minutes", "Up to 1 hour
 * (RPO)", "None") into *d at loc; false when it holds none. */
bool rb_lenient_tables_duration(struct rb_build *b, const char *value, struct rb_duration *d, struct rb_loc loc);
/* True when the normalised label names the RTO, or the RPO. */
bool rb_lenient_tables_is_rto(const char *normed);
bool rb_lenient_tables_is_rpo(const char *normed);
/* A list under "**RTO**:" of "P0 incidents: < 1 hour" items: objectives per severity or component. */
void rb_lenient_tables_list(struct rb_lenient_plan *p, cmark_node *list);
/* True when n is a GFM table. */
bool rb_lenient_tables_is_table(cmark_node *n);
/* A table: of objectives per component (RTO/RPO columns), or of contacts. */
void rb_lenient_tables_table(struct rb_lenient_plan *p, cmark_node *t);

#endif
