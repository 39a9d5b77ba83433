/* test_proc_words.c: a step that names a procedure in words alone
 * (rb_call_words, procedure.h): which procedures of other documents its
 * words name, the same through the book's index of procedures as without. */
#include "harness.h"
#include "model/procedure.h"
#include <stdlib.h>

/* A runbook at path holding procedures of the given titles (NULL-ended). */
static struct rb_runbook *runbook(struct rb_arena *a, const char *path, const char *const *titles)
{
	struct rb_runbook *rb = rb_arena_alloc(a, sizeof *rb);
	rb->path = rb->file = path;
	while (titles[rb->nprocedures])
		rb->nprocedures++;
	rb->procedures = rb_arena_alloc(a, (rb->nprocedures + 1) * sizeof *rb->procedures);
	for (size_t i = 0; i < rb->nprocedures; i++) {
		struct rb_scenario *p = &rb->procedures[i];
		p->title = titles[i];
		p->id = rb_arena_printf(a, "procedure-%zu", i);
		p->runbook = rb;
		p->procedure = true;
		p->loc = (struct rb_loc){path, (unsigned)(10 + i), 1};
	}
	return rb;
}

/* A words-only call from file with the normalised words text. */
static struct rb_call words(const char *file, const char *text)
{
	return (struct rb_call){.loc = {file, 3, 1}, .text = text, .lenient = true};
}

/* "path#id" of the procedure call resolves to, "-" for none, "n=N" for
 * an ambiguous one (N procedures named). */
static const char *resolved(struct rb_arena *a, const struct rb_book *book, const char *file, const char *text)
{
	struct rb_call c = words(file, text);
	const struct rb_scenario *named[4], *p = rb_call_target(book, &c);
	size_t n = rb_call_named(book, &c, named, 4);
	if (n > 1)
		return p ? "ambiguous-yet-resolved" : rb_arena_printf(a, "n=%zu", n);
	if (!p != !n || (p && p != named[0]))
		return "target-and-named-disagree";
	return p ? rb_arena_printf(a, "%s#%s", p->runbook->path, p->id) : "-";
}

/* The checks, run on book as it is (indexed or not). */
static void checks(struct rb_arena *a, const struct rb_book *book, const char *how)
{
	char name[96];
#define CASE(tag, file, text, want) do { \
	snprintf(name, sizeof name, "proc-words/%s/%s", how, tag); \
	STR_EQ(name, resolved(a, book, file, text), want); \
} while (0)
	CASE("other-document", "a.md", "use the drain traffic procedure", "b.md#procedure-1");
	CASE("ambiguous", "c.md", "use the fail over procedure if it is gone", "n=2");
	CASE("own-document-left-out", "b.md", "use the fail over procedure", "a.md#procedure-0");
	CASE("the-whole-title", "a.md", "follow the db fail over procedure now", "c.md#procedure-0");
	CASE("verb-then-longest-title", "a.md", "run drain traffic as the procedure says", "b.md#procedure-1");
	CASE("verb-then-title", "a.md", "run drain as the procedure says", "c.md#procedure-1");
	CASE("no-procedure-word", "a.md", "run drain traffic now", "-");
	CASE("unknown-title", "a.md", "follow the page the vendor procedure", "-");
	CASE("first-name-that-resolves", "c.md", "see the page the vendor procedure then use the drain traffic procedure",
	     "b.md#procedure-1");
	CASE("words-not-title", "a.md", "follow the procedure for drain traffic", "-");
#undef CASE
	struct rb_call link = {.loc = {"a.md", 3, 1}, .text = "drain traffic", .path = "b.md", .lenient = true};
	snprintf(name, sizeof name, "proc-words/%s/link-call-not-words", how);
	OK(name, !rb_call_words(&link) && rb_call_named(book, &link, NULL, 0) == 0);
}

UNIT_SUITE(proc_words_suite)
static void proc_words_suite(void)
{
	struct rb_arena a;
	rb_arena_init(&a);
	static const char *const ta[] = {"Fail Over", NULL}, *const tb[] = {"Fail over!", "Drain Traffic", NULL},
				 *const tc[] = {"DB Fail Over", "Drain", NULL};
	struct rb_runbook *rbs[] = {runbook(&a, "a.md", ta), runbook(&a, "b.md", tb), runbook(&a, "c.md", tc)};
	struct rb_book book = {.nrunbooks = 3, .runbooks = rbs};
	checks(&a, &book, "searched");
	rb_procedure_index(&a, &book);
	checks(&a, &book, "indexed");
	rb_procedure_index_free(&book);
	OK("proc-words/may-call", rb_procedure_words_may_call("follow the fail over procedure") &&
				       rb_procedure_words_may_call("use fail over see procedure") &&
				       !rb_procedure_words_may_call("restart the fail over service") &&
				       !rb_procedure_words_may_call("the fail over procedure"));
	rb_arena_free(&a);
}
