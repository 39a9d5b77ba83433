/* fuzz_lint.c: libFuzzer target for the lint pass: front matter plus
 * Markdown, the book checks, then every built-in Lua rule over the model
 * (in process: the watchdog's fork is left out, the budgets are not). */
#include "fuzz.h"
#include "lint/rules_guard.h"
#include "parse/parse.h"
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_memfd(data, size, path, sizeof path);
	if (fd < 0)
		return 0;
	struct rb_build b;
	fuzz_build_init(&b);
	b.book.root = "fuzz-book-without-lua-folder";
	b.as_of = 20779;   /* 2026-11-22 */
	struct rb_runbook *rb = rb_parse_file(&b, path, "runbooks/x.md", "runbooks/x.md");
	if (rb) {
		b.book.runbooks = &rb;
		b.book.nrunbooks = 1;
		rb_check_book(&b);
		struct rb_rules_guard in_process = {0};
		struct rb_rules_pass pass;
		rb_rules_run_here(&b, &in_process, &pass);
		free(pass.pos);
		rb_parse_free_doc(rb);
	}
	rb_build_free(&b);
	close(fd);
	return 0;
}
