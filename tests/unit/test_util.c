/* test_util.c: durations, dates, slugs, UTF-8 and string distance. */
#include "harness.h"
#include "base/util.h"
#include "parse/parse.h"

/* Parse s and print "lo-hi" (or "ERR") for comparison. */
static const char *dur(const char *s)
{
	static char buf[64];
	long lo, hi;
	if (!rb_parse_duration(s, &lo, &hi))
		return "ERR";
	snprintf(buf, sizeof buf, "%ld-%ld", lo, hi);
	return buf;
}

UNIT_SUITE(durations)
static void durations(void)
{
	STR_EQ("duration/15m", dur("15m"), "900-900");
	STR_EQ("duration/15 min", dur("15 min"), "900-900");
	STR_EQ("duration/1 hour", dur("1 hour"), "3600-3600");
	STR_EQ("duration/4h", dur("4h"), "14400-14400");
	STR_EQ("duration/90d", dur("90d"), "7776000-7776000");
	STR_EQ("duration/< 1 hour", dur("< 1 hour"), "0-3600");
	STR_EQ("duration/10-15 minutes", dur("10-15 minutes"), "600-900");
	STR_EQ("duration/2-4 hours", dur("2-4 hours"), "7200-14400");
	STR_EQ("duration/1h30m", dur("1h30m"), "5400-5400");
	STR_EQ("duration/30 min - 1 hour", dur("30 min - 1 hour"), "1800-3600");
	STR_EQ("duration/1.5 hours", dur("1.5 hours"), "5400-5400");
	STR_EQ("duration/2 weeks", dur("2 weeks"), "1209600-1209600");
	STR_EQ("duration/reject words", dur("soon"), "ERR");
	STR_EQ("duration/reject bare number", dur("15"), "ERR");
	STR_EQ("duration/reject reversed range", dur("15-10 min"), "ERR");
	STR_EQ("duration/reject trailing junk", dur("15 min please"), "ERR");
	STR_EQ("duration/reject empty", dur(""), "ERR");
	char buf[32];
	rb_format_duration(5400, buf, sizeof buf);
	STR_EQ("duration/format 1h30m", buf, "1h30m");
	rb_format_duration(7776000, buf, sizeof buf);
	STR_EQ("duration/format 90d", buf, "90d");
}

UNIT_SUITE(dates)
static void dates(void)
{
	long d;
	char buf[16];
	OK("date/epoch", rb_parse_date("1970-01-01", &d) && d == 0);
	OK("date/leap day 2024", rb_parse_date("2024-02-29", &d));
	OK("date/no leap day 2026", !rb_parse_date("2026-02-29", &d));
	OK("date/century not leap", !rb_parse_date("1900-02-29", &d));
	OK("date/400 leap", rb_parse_date("2000-02-29", &d));
	OK("date/bad month", !rb_parse_date("2026-13-01", &d));
	OK("date/bad shape", !rb_parse_date("2026-1-01", &d));
	OK("date/trailing", !rb_parse_date("2026-01-01x", &d));
	rb_parse_date("2026-11-22", &d);
	rb_format_date(d + 40, buf, sizeof buf);
	STR_EQ("date/round trip +40", buf, "2027-01-01");
}

UNIT_SUITE(slugs)
static void slugs(void)
{
	struct rb_arena a;
	rb_arena_init(&a);
	STR_EQ("slug/scenario", rb_slug(&a, "Scenario: Primary database down"), "scenario-primary-database-down");
	STR_EQ("slug/punctuation", rb_slug(&a, "What's up? (v2.0)"), "whats-up-v20");
	STR_EQ("slug/keeps dash underscore", rb_slug(&a, "a_b-c"), "a_b-c");
	STR_EQ("slug/unicode kept", rb_slug(&a, "Café down"), "café-down");
	STR_EQ("slug/double space", rb_slug(&a, "A  B"), "a--b");
	rb_arena_free(&a);
}

UNIT_SUITE(file_components)
static void file_components(void)
{
	struct rb_arena a;
	rb_arena_init(&a);
	STR_EQ("file/plain id stays", rb_file_component(&a, "primary-down_2.x"), "primary-down_2.x");
	STR_EQ("file/umlaut O", rb_file_component(&a, "scenario-\xC3\x96lpumpe"), "scenario-u00d6lpumpe");
	STR_EQ("file/umlaut A differs", rb_file_component(&a, "scenario-\xC3\x84lpumpe"), "scenario-u00c4lpumpe");
	STR_EQ("file/3-byte", rb_file_component(&a, "\xE6\x97\xA5"), "u65e5");
	STR_EQ("file/4-byte", rb_file_component(&a, "\xF0\x9F\x93\x8B"), "u1f4cb");
	STR_EQ("file/max code point", rb_file_component(&a, "\xF4\x8F\xBF\xBF"), "u10ffff");
	STR_EQ("file/other ascii", rb_file_component(&a, "a b/c"), "a-b-c");
	STR_EQ("file/stray byte", rb_file_component(&a, "a\x80" "b"), "a-b");
	STR_EQ("file/cut sequence", rb_file_component(&a, "a\xC3"), "a-");
	STR_EQ("file/leading dot", rb_file_component(&a, ".hidden"), "_hidden");
	STR_EQ("file/empty", rb_file_component(&a, ""), "unnamed");
	rb_arena_free(&a);
}

UNIT_SUITE(utf8)
static void utf8(void)
{
	OK("utf8/ascii", rb_utf8_invalid("abc", 3) == (size_t)-1);
	OK("utf8/valid 4-byte", rb_utf8_invalid("\xF0\x9F\x93\x8B", 4) == (size_t)-1);
	OK("utf8/overlong", rb_utf8_invalid("a\xC0\xAF", 3) == 1);
	OK("utf8/surrogate", rb_utf8_invalid("\xED\xA0\x80", 3) == 0);
	OK("utf8/truncated", rb_utf8_invalid("ab\xE2\x82", 4) == 2);
	/* past runs of eight ASCII bytes, at every offset */
	OK("utf8/after-ascii-runs", rb_utf8_invalid("0123456789abcdef\xC3\xA9xyz\xFF", 22) == 21 &&
	   rb_utf8_invalid("0123456789abcdefghi\x80", 20) == 19 && rb_utf8_invalid("01234567\xE2\x82", 10) == 8 &&
	   rb_utf8_invalid("0123456789abcdefgh", 18) == (size_t)-1);
	OK("utf8/latin1 byte", rb_utf8_invalid("caf\xE9", 4) == 3);
}

UNIT_SUITE(nearest)
static void nearest(void)
{
	static const char *const keys[] = {"id", "title", "owner", "reviewed", "review_every"};
	STR_EQ("nearest/typo", rb_nearest("revieved", keys, 5), "reviewed");
	STR_EQ("nearest/case", rb_nearest("Title", keys, 5), "title");
	OK("nearest/none", rb_nearest("zzzzzzzz", keys, 5) == NULL);
	/* an abbreviation beats a word three slips away: Sev is not RTO */
	static const char *const meta[] = {"Severity", "RTO", "RPO", "Owner", "Alerts"};
	STR_EQ("nearest/abbreviation", rb_nearest("Sev", meta, 5), "Severity");
	STR_EQ("nearest/first-part", rb_nearest("reviewed_on", keys, 5), "reviewed");
	OK("nearest/not-a-prefix-word", rb_nearest("Ownership", meta, 5) == NULL);
	/* a short word may miss by one letter only */
	static const char *const kinds[] = {"symptoms", "impact", "diagnosis", "recovery", "rollback", "verification"};
	OK("nearest/short-two-away", rb_nearest("import", kinds, 6) == NULL);
	STR_EQ("nearest/long-one-away", rb_nearest("Verfication", kinds, 6), "verification");
	/* ties: the word's first letter, then its length */
	static const char *const shells[] = {"bash", "sh", "shell", "zsh", "ksh", "dash"};
	STR_EQ("nearest/tie-first-letter", rb_nearest("bsh", shells, 6), "bash");
	STR_EQ("nearest/tie-transposed", rb_nearest("zhs", shells, 6), "zsh");
	STR_EQ("nearest/transposed", rb_nearest("bahs", shells, 6), "bash");
}

/* A heading that begins with the word Scenario but has no colon gives
 * its title; the canonical heading and other words give NULL. */
UNIT_SUITE(scenario_near)
static void scenario_near(void)
{
	STR_EQ("scenario-near/space", rb_scenario_near_title("Scenario Consumer lag grows"), "Consumer lag grows");
	STR_EQ("scenario-near/dash", rb_scenario_near_title("Scenario - Lag"), "Lag");
	STR_EQ("scenario-near/en-dash", rb_scenario_near_title("Scenario\xE2\x80\x93 Lag"), "Lag");
	STR_EQ("scenario-near/numbered", rb_scenario_near_title("Scenario 2: Lag"), "Lag");
	OK("scenario-near/canonical", rb_scenario_near_title("scenario: lag") == NULL);
	OK("scenario-near/plural", rb_scenario_near_title("Scenarios") == NULL);
	OK("scenario-near/compound", rb_scenario_near_title("Scenario-specific notes") == NULL);
	OK("scenario-near/alone", rb_scenario_near_title("Scenario") == NULL);
}

/* The fence table: shells run, known languages are quiet, a slip from a
 * shell is suggested, flags come after the language. */
UNIT_SUITE(fence)
static void fence(void)
{
	struct rb_fence f;
	rb_fence_read("", &f);
	OK("fence/none-runs", f.shell && !f.near);
	rb_fence_read("Bash destructive", &f);
	OK("fence/bash-destructive", f.shell && f.destructive && !f.norun && f.lang_len == 4);
	rb_fence_read("console norun", &f);
	OK("fence/console-manual", !f.shell && f.norun && !f.near);
	rb_fence_read("sh-session", &f);
	OK("fence/sh-session-quiet", !f.shell && !f.near);
	rb_fence_read("csh", &f);
	OK("fence/csh-quiet", !f.shell && !f.near);
	rb_fence_read("promql", &f);
	OK("fence/promql-quiet", !f.shell && !f.near);
	rb_fence_read("shel{.x}", &f);
	OK("fence/shel-manual", !f.shell && f.lang_len == 4);
	STR_EQ("fence/shel-near", f.near, "shell");
}

/* Mojibake ("CafÃ©" for "Café") is found past long ASCII runs, at its
 * line and byte column, once a line, on the last line without a newline
 * too. */
#include "model/build.h"
#include "read/mojibake.h"
UNIT_SUITE(mojibake)
static void mojibake(void)
{
	static const char text[] = "plain ascii words here and more Caf\xC3\x83\xC2\xA9 x\nno\n"
				   "0123456789012345678 na\xC3\x83\xC2\xAFve and Caf\xC3\x83\xC2\xA9\n\n"
				   "\xC3\xA9t\xC3\xA9 is fine, na\xC3\x83\xC2\xAFve is not";
	struct rb_build b;
	rb_build_init(&b);
	rb_mojibake_check(&b, "m.md", text, sizeof text - 1, 5);
	char got[256] = "", *p = got;
	for (size_t i = 0; i < b.diags.n; i++)
		p += snprintf(p, sizeof got - (size_t)(p - got), "%u:%u ", b.diags.v[i].loc.line, b.diags.v[i].loc.col);
	STR_EQ("mojibake/positions", got, "5:36 7:23 9:18 ");
	rb_build_free(&b);
}

/* Runbooks by path: the same answers from the index and from a scan, in
 * walk order (not strcmp order: "a/b.md" comes before "a.md"). */
#include "model/model.h"
UNIT_SUITE(book_by_path)
static void book_by_path(void)
{
	struct rb_runbook r[3] = {{.path = "a/b.md"}, {.path = "a.md"}, {.path = "c d.md"}};
	struct rb_runbook *list[3] = {&r[0], &r[1], &r[2]};
	struct rb_book book = {.nrunbooks = 3, .runbooks = list};
	for (int indexed = 0; indexed < 2; indexed++) {
		if (indexed)
			rb_book_index(&book);
		OK(indexed ? "book/by-path-indexed" : "book/by-path-scan",
		   rb_book_runbook_by_path(&book, "a.md") == &r[1] && rb_book_runbook_by_path(&book, "a/b.md") == &r[0] &&
		   rb_book_runbook_by_path(&book, "c d.md") == &r[2] && !rb_book_runbook_by_path(&book, "b.md") &&
		   !rb_book_runbook_by_path(&book, NULL));
	}
	rb_strmap_free(&book.by_path);
}

UNIT_SUITE(url_schemes)
static void url_schemes(void)
{
	OK("scheme/https", rb_url_has_scheme("https://example.org/x"));
	OK("scheme/mailto", rb_url_has_scheme("mailto:a@b"));
	OK("scheme/plus dash dot digit", rb_url_has_scheme("x-y+z.1:rest"));
	OK("scheme/one letter", rb_url_has_scheme("c:thing"));
	OK("scheme/not a leading digit", !rb_url_has_scheme("1x:y.md"));
	OK("scheme/not a relative path", !rb_url_has_scheme("orders-db.md#scenario-x"));
	OK("scheme/not a colon in the path", !rb_url_has_scheme("dir/a:b.md"));
	OK("scheme/not a bare colon", !rb_url_has_scheme(":x"));
	OK("scheme/not empty", !rb_url_has_scheme(""));
}

UNIT_SUITE(arena_printf)
static void arena_printf(void)
{
	struct rb_arena a;
	rb_arena_init(&a);
	STR_EQ("arena-printf/short", rb_arena_printf(&a, "%s.%u", "recovery", 3u), "recovery.3");
	STR_EQ("arena-printf/empty", rb_arena_printf(&a, "%s", ""), "");
	/* 255, 256 and 5,000 characters: the stack buffer's edge and past it */
	for (size_t n = 255; n <= 5000; n = n == 255 ? 256 : n == 256 ? 5000 : 5001) {
		char *s = rb_arena_printf(&a, "%0*d", (int)n, 7);
		char name[48];
		snprintf(name, sizeof name, "arena-printf/%zu chars", n);
		OK(name, strlen(s) == n && s[n - 1] == '7' && s[0] == '0');
	}
	rb_arena_free(&a);
}
