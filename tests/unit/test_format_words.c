/* test_format_words.c: the format's one table of words (format_words.h)
 * and the readers that use it: every section kind has a name, a heading
 * and the synonyms that lead to it; the metadata keys read in any case. */
#include "harness.h"
#include "model/format_words.h"
#include "parse/parse.h"
#include <ctype.h>

/* True when title is name with its first letter in upper case. */
static bool title_of(const char *title, const char *name)
{
	return toupper((unsigned char)name[0]) == title[0] && !strcmp(title + 1, name + 1);
}

UNIT_SUITE(format_words_suite)
static void format_words_suite(void)
{
	bool named = true, titled = true, exact = true, own = true;
	char required[128] = "";
	for (int k = 0; k < RB_SEC_OTHER; k++) {
		const struct rb_section_word *w = rb_format_words_section((enum rb_section_kind)k);
		named = named && rb_format_words_section_named(w->name) == (enum rb_section_kind)k &&
			!strcmp(rb_section_kind_name((enum rb_section_kind)k), w->name);
		titled = titled && title_of(w->title, w->name);
		exact = exact && rb_section_kind_exact(w->title) == (enum rb_section_kind)k &&
			rb_section_kind_from_title(w->title) == (enum rb_section_kind)k;
		if (w->required)
			snprintf(required + strlen(required), sizeof required - strlen(required), "%s%s",
				 *required ? "," : "", w->name);
	}
	OK("format-words/section-named", named);
	OK("format-words/section-titled", titled);
	OK("format-words/section-headings-read", exact);
	STR_EQ("format-words/required", required, "symptoms,diagnosis,recovery,rollback");
	STR_EQ("format-words/other", rb_format_words_section(RB_SEC__COUNT)->name, "other");
	OK("format-words/not-a-kind", rb_format_words_section_named("other") == RB_SEC_OTHER &&
					  rb_format_words_section_named("Rollback") == RB_SEC_OTHER);

	/* every synonym reads as its own kind: no word is claimed by two kinds,
	 * and none is shadowed by a shorter one before it */
	size_t n;
	const struct rb_section_synonym *syn = rb_format_words_synonyms(&n);
	bool consistent = n > 20;
	for (size_t i = 0; i < n; i++) {
		consistent = consistent && syn[i].kind < RB_SEC_OTHER &&
			     rb_section_kind_from_title(syn[i].word) == syn[i].kind;
		if (!consistent) {
			printf("FAIL unit/format-words/synonym-%s\n", syn[i].word);
			break;
		}
	}
	OK("format-words/synonyms-consistent", consistent);
	for (int k = 0; k < RB_SEC_OTHER; k++) {
		bool listed = false;
		for (size_t i = 0; i < n; i++)
			listed = listed || !strcmp(syn[i].word, rb_format_words_section((enum rb_section_kind)k)->name);
		own = own && listed;
	}
	OK("format-words/names-are-synonyms", own);
	OK("format-words/synonym-phrase", rb_section_kind_from_title("Roll back plan") == RB_SEC_ROLLBACK &&
					     rb_section_kind_from_title("Recovery steps for the primary") == RB_SEC_RECOVERY);

	bool keys = true;
	for (int k = 0; k < RB_META__COUNT; k++) {
		const struct rb_meta_word *w = rb_format_words_meta((enum rb_meta_key)k);
		keys = keys && rb_format_words_meta_named(w->key) == (enum rb_meta_key)k &&
		       rb_format_words_meta_named(w->title) == (enum rb_meta_key)k && !strcasecmp(w->key, w->title);
	}
	OK("format-words/meta-keys", keys);
	OK("format-words/meta-alias", rb_format_words_meta_named("ALERT") == RB_META_ALERTS);
	OK("format-words/meta-unknown", rb_format_words_meta_named("Sevrity") == RB_META__COUNT &&
					   rb_format_words_meta_named("") == RB_META__COUNT);
	STR_EQ("format-words/meta-order", rb_format_words_meta(RB_META_RPO)->title, "RPO");

	size_t nmd, nyaml;
	const char *const *front = rb_format_words_front_keys(&nmd, &nyaml);
	OK("format-words/front-keys", nmd == 10 && nyaml == 13 && !strcmp(front[0], "id") &&
					 !strcmp(front[nmd], "description") && !strcmp(front[nyaml - 1], "procedures"));
}
