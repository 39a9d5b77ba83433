/* test_serve_findings.c: the overlay's list in rbc serve
 * (serve/findings.c): `rbc lint --format json` output read back, notes
 * and junk left out, the build's diagnostics and the lint's findings
 * merged without repeats, and the stream cap of serve/events.c. */
#include "harness.h"
#include "serve/events.h"
#include "serve/findings.h"
#include "model/build.h"
#include <stdlib.h>
#include <string.h>

static void test_serve_findings(void)
{
	struct rb_findings lint, built;
	rb_findings_init(&lint);
	rb_findings_init(&built);
	static const char json[] =
		"[{\"file\":\"b/x.md\",\"line\":3,\"col\":5,\"level\":\"error\",\"rule\":\"link-broken\","
		"\"message\":\"broken link: 'n.md': no such file in the book\"},"
		"{\"file\":\"b/x.md\",\"line\":1,\"col\":1,\"level\":\"note\",\"rule\":\"id-from-name\",\"message\":\"n\"},"
		"{\"file\":\"b/y.md\",\"line\":1,\"col\":1,\"level\":\"warning\",\"rule\":\"no-todo\",\"message\":\"TODO\"}]";
	OK("findings/lint-reads", rb_findings_from_lint(&lint, json, sizeof json - 1));
	OK("findings/lint-no-notes", lint.list.n == 2);
	OK("findings/lint-not-json", !rb_findings_from_lint(&built, "rbc: oops", 9) && built.list.n == 0);

	struct rb_build b;
	rb_build_init(&b);
	rb_diag(&b, RB_D_LINK_BROKEN, (struct rb_loc){"b/x.md", 3, 5}, "'n.md': no such file in the book");
	rb_findings_from_build(&built, &b);
	OK("findings/build-copied", built.list.n == 1 && !strcmp(built.list.v[0].message,
		"broken link: 'n.md': no such file in the book"));
	rb_build_free(&b);     /* the copy owns its strings */
	OK("findings/build-same-as-lint", rb_findings_has(&lint, &built.list.v[0]));
	char *s = rb_findings_json(false, &built, &lint);
	STR_EQ("findings/json-merged", s,
	       "{\"ok\":false,\"errors\":1,\"warnings\":1,\"items\":[{\"file\":\"b/x.md\",\"line\":3,\"col\":5,"
	       "\"level\":\"error\",\"message\":\"broken link: 'n.md': no such file in the book\",\"rule\":"
	       "\"link-broken\"},{\"file\":\"b/y.md\",\"line\":1,\"col\":1,\"level\":\"warning\",\"message\":"
	       "\"TODO\",\"rule\":\"no-todo\"}]}");
	free(s);
	rb_findings_drop(&lint, &built);
	OK("findings/drop", lint.list.n == 1 && !strcmp(lint.list.v[0].id, "no-todo"));
	rb_findings_from_lint(&lint, "[]", 2);
	rb_build_init(&b);
	rb_findings_from_build(&built, &b);
	rb_build_free(&b);
	s = rb_findings_json(true, &built, &lint);
	STR_EQ("findings/json-clean", s, "{\"ok\":true,\"errors\":0,\"warnings\":0,\"items\":[]}");
	free(s);
	rb_findings_free(&lint);
	rb_findings_free(&built);

	struct rb_events e;
	rb_events_init(&e);
	struct rb_events_stream *open[RB_EVENTS_MAX];
	for (int i = 0; i < RB_EVENTS_MAX; i++)
		open[i] = rb_events_open(&e, -1);
	OK("findings/events-cap", open[RB_EVENTS_MAX - 1] && !rb_events_open(&e, -1));
	rb_events_close(open[0]);
	struct rb_events_stream *again = rb_events_open(&e, -1);
	OK("findings/events-slot-back", again != NULL);
	rb_events_close(again);
	for (int i = 1; i < RB_EVENTS_MAX; i++)
		rb_events_close(open[i]);
	rb_events_free(&e);
}
UNIT_SUITE(test_serve_findings)
