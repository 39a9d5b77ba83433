/* procedure.h: procedures and the steps that call them, across the book.
 * A call names a runbook by path and a procedure by its anchor; these
 * lookups find it among the book's runbooks (full models or summaries,
 * which keep procedures whole), so that a procedure may live anywhere. */
#ifndef RB_PROCEDURE_H
#define RB_PROCEDURE_H
#include "base/arena.h"
#include "model/model.h"

/* Calls nested deeper than this are not followed (a cycle is reported by
 * lint; the sums and scripts stop here rather than loop). */
#define RB_MAX_CALL_DEPTH 16

/* The procedure of rb whose id is id (or whose heading has anchor id), or NULL. */
const struct rb_scenario *rb_runbook_procedure(const struct rb_runbook *rb, const char *id);
/* The procedure a call names, or NULL when it names none (a lenient call
 * of another document that names none is no call: an ordinary link). A
 * lenient call without an anchor names the linked document's only
 * procedure when that document holds no scenario. */
const struct rb_scenario *rb_call_target(const struct rb_book *book, const struct rb_call *call);
/* True when call is a words-only call: a lenient step that names a
 * procedure by its title and no link ("use the Failover procedure"). Its
 * path is NULL and its text the step's normalised words (rb_words_norm);
 * the book resolves it. The reader has already called any procedure of
 * the step's own document that the words name, so it is one of another
 * document: the one procedure of the book outside the caller's document
 * titled so, else none (rb_call_target is NULL, and the step stays words). */
bool rb_call_words(const struct rb_call *call);
/* The procedures outside the caller's document that a words-only call's
 * words name: those titled as the first name in its words that any of
 * them has ("VERB the TITLE procedure", or "VERB TITLE" in words that say
 * "procedure", the longest title first), up to max into out in book
 * order; returns how many there are (0 for any other call). */
size_t rb_call_named(const struct rb_book *book, const struct rb_call *call, const struct rb_scenario **out,
		     size_t max);
/* The procedures that a step of unit (a scenario or procedure) names in
 * its text as "TITLE procedure", each once and not unit itself, the
 * longest title first: one of unit's document, else of another document;
 * up to max into out in the order of the text; returns how many. */
size_t rb_step_procedures(const struct rb_book *book, const struct rb_scenario *unit, const char *text,
			  const struct rb_scenario **out, size_t max);
/* True when a step's normalised words could name a procedure to run: a
 * call verb and the word "procedure" among them. */
bool rb_procedure_words_may_call(const char *normed);
/* True when a step's text (as written) negates a call verb: one right
 * after not / never / don't / cannot / nor (or "not ever") in the same
 * clause ("Do not use the Fail Over procedure", "Never run ..."), but not
 * "If it is not, follow ...". Such a step calls nothing by its words, in
 * its own document or another. */
bool rb_procedure_words_negated(const char *text);
/* Add a section's estimates to *lo and *hi, a calling step counting its
 * procedure's sum (rb_procedure_estimate) when the procedure has one in
 * place of the step's own; true when any step has an estimate. depth is
 * the calls followed so far (0 for a scenario's section). */
bool rb_section_estimate_calls(const struct rb_book *book, const struct rb_section *sec, long *lo, long *hi,
			       int depth);
/* The sum of a procedure's estimates outside Rollback, calls counted. */
bool rb_procedure_estimate(const struct rb_book *book, const struct rb_scenario *proc, long *lo, long *hi,
			   int depth);
/* The scenarios and procedures of the book that call proc, in book order,
 * each once, as an array in a; returns how many. */
size_t rb_procedure_callers(struct rb_arena *a, const struct rb_book *book, const struct rb_scenario *proc,
			    const struct rb_scenario ***out);

/* Index the book's procedures by "path#id" (and a legacy heading's own
 * anchor) and list each one's callers, once the book's list of runbooks is
 * complete (rb_load_book does it): calls then resolve in constant time and
 * callers are looked up, not searched (a book of N procedures calling one
 * another took N^3 steps). The index names runbooks and units by their
 * places in the book, so a runbook swapped for its full read while it is
 * rendered (same procedures, same order) is seen as itself. Its tables are
 * in a; rb_procedure_index_free frees the hash map. Without it, the
 * lookups above search the book. */
void rb_procedure_index(struct rb_arena *a, struct rb_book *book);
void rb_procedure_index_free(struct rb_book *book);

#endif
