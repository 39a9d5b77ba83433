/* parse.h: Markdown → model. The only place (with md_html.c) that sees
 * cmark-gfm. */
#ifndef RB_PARSE_H
#define RB_PARSE_H
#include "build.h"

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
/* Find a trailing time estimate "(5 min)" / "(0-5 min)" in a step title;
 * on success fills d and returns the title's length without it. */
size_t rb_parse_estimate(const char *title, struct rb_duration *d);

#endif
