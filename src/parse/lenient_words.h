/* lenient_words.h: word tests on heading and label text for the lenient
 * reader. See lenient_words.c. */
#ifndef RB_LENIENT_WORDS_H
#define RB_LENIENT_WORDS_H
#include "base/words.h"
#include "model/build.h"
#include <stdbool.h>
#include <stddef.h>

const char *rb_strip_number(const char *s);
bool rb_is_numbered(const char *s);
const char *rb_scenario_heading_title(const char *text);
bool rb_is_parent_title(const char *text);
bool rb_is_procedures_title(const char *text);
const char *rb_procedure_heading_title(const char *text);
bool rb_is_step_heading(const char *text);
const char *rb_severity_in(struct rb_build *b, const char *text);
const char *rb_id_from_text(struct rb_build *b, const char *s);

#endif
