/* cmd_scripts.c: `rbc scripts BOOK -o DIR`. Loads and checks the book and
 * writes one step script per scenario as DIR/<runbook-id>/<scenario-id>.sh
 * (DIR is the scripts folder itself: `-o OUT/scripts` gives the same
 * layout as `rbc build`). DIR is replaced atomically. */
#include "cli/front.h"
#include "lint/check.h"
#include "cli/cli.h"
#include "parse/parse_file.h"
#include "render/output.h"
#include "render/render_script.h"
#include <stdio.h>

int rb_cmd_scripts(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc scripts' needs an output folder: -o DIR\nTry 'rbc help scripts'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	struct rb_reader full = {rb_parse_file_full, rb_parse_file_full, NULL};   /* scripts need the trees */
	if (!rb_front_load(b, &full)) {
		rb_parse_file_free_trees(&b->book);
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	int code = rb_diag_exit(b);
	if (code == RB_EXIT_OK) {
		struct rb_output *o = rb_output_open(b, b->opt.out);
		if (!o)
			code = RB_EXIT_USAGE;
		else if (!rb_render_scripts_at(b, o, "")) {
			rb_output_abort(o);
			code = RB_EXIT_USAGE;
		} else if (!rb_output_commit(o)) {
			code = RB_EXIT_USAGE;
		}
	}
	rb_parse_file_free_trees(&b->book);
	rb_diag_print_all(b, stderr);
	return code;
}
