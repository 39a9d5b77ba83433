/* parse.h: Markdown → model. The only place (with md_html.c) that sees
 * cmark-gfm. */
#ifndef RB_PARSE_H
#define RB_PARSE_H
#include "model/build.h"

/* Register cmark-gfm's extensions; call once before any thread starts. */
void rb_parse_init(void);
/* Parse rb->body and fill rb's title, scenarios, sections, steps, links
 * and anchors. Keeps the parse tree in rb->doc for the renderers. */
void rb_parse_runbook(struct rb_build *b, struct rb_runbook *rb);
/* Free rb->doc once every renderer is done with it. */
void rb_parse_free_doc(struct rb_runbook *rb);
/* Map a section heading ("Recovery steps", "Mitigation") to its kind;
 * RB_SEC_OTHER when it is not a known section. */
enum rb_section_kind rb_section_kind_from_title(const char *title);
/* True when a fence language is a shell that scripts may run. */
bool rb_lang_is_shell(const char *lang);
/* True when a code block in fence language lang holding text destroys
 * something when run: rm -r, kill -9, git push --force, DROP TABLE...
 * (destructive.c; the list is in doc/scripts.md). */
bool rb_command_is_destructive(const char *lang, const char *text);
/* True when destructive.c's program table is sorted (for the unit test). */
bool rb_destructive_table_sorted(void);
/* What a fence's info string makes of its block (parse_util.c's table):
 * the language is info's first lang_len bytes; near is the shell it is
 * a typo of ("bsh" → "bash"), or NULL when the language is known or is
 * not close to a shell. */
struct rb_fence {
	size_t lang_len;
	bool shell, norun, destructive;
	const char *near;
};
void rb_fence_read(const char *info, struct rb_fence *f);
/* The title of a heading that begins with the word Scenario without its
 * colon ("Scenario Lag grows", "Scenario - Lag grows", "Scenario 2: Lag
 * grows"); NULL for "Scenario: Title" and for any other heading. */
const char *rb_scenario_near_title(const char *text);
/* The kind whose own name the heading is ("Recovery", any case), else
 * RB_SEC_OTHER; synonyms do not count. */
enum rb_section_kind rb_section_kind_exact(const char *title);
/* A heading that is a near miss of a section word ("Rollbak"): the word
 * it misses, capitalised, in arena a, with its kind in *kind; or NULL. */
const char *rb_section_near(struct rb_arena *a, const char *title, enum rb_section_kind *kind);
/* Find a trailing time estimate "(5 min)" / "(0-5 min)" in a step title;
 * on success fills d and returns the title's length without it. */
size_t rb_parse_estimate(const char *title, struct rb_duration *d);

#endif
