/* cmd_build.c: `rbc build BOOK -o OUT`, the publishing job. Loads and
 * checks the book, then writes every output into a temporary folder that
 * replaces OUT only when all of it was written: OUT/model.json, the step
 * scripts (scripts/), the site (render_html.c) and the print handbook
 * (render_print.c, which frees each runbook's parse tree after use). */
#include "check.h"
#include "cli.h"
#include "dump.h"
#include "output.h"
#include "render_html.h"
#include "render_print.h"
#include "render_script.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Make every "file" value in j book-relative (BOOK/x.md -> x.md), so the
 * output names no folder of the machine that built it. */
static void relative_files(json_t *j, const char *root, size_t rootlen)
{
	const char *key;
	json_t *v;
	size_t i;
	if (json_is_object(j)) {
		json_object_foreach(j, key, v) {
			const char *s = json_string_value(v);
			if (!strcmp(key, "file") && s && !strncmp(s, root, rootlen) && s[rootlen] == '/')
				json_string_set(v, s + rootlen + 1);
			else
				relative_files(v, root, rootlen);
		}
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v)
			relative_files(v, root, rootlen);
	}
}

/* Write the model as JSON into the output. */
static bool write_model(struct rb_build *b, struct rb_output *o)
{
	json_t *model = rb_dump_model(b);
	if (b->book.root)
		relative_files(model, b->book.root, strlen(b->book.root));
	char *text = json_dumps(model, JSON_COMPACT);   /* for tools; `rbc dump` is the readable form */
	json_decref(model);
	bool ok = text && rb_output_write(o, "model.json", text, strlen(text), 0644);
	free(text);
	return ok;
}

int rb_cmd_build(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc build' needs an output folder: -o OUT\nTry 'rbc help build'.\n", stderr);
		return RB_EXIT_USAGE;
	}
	if (!rb_check_load(b)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	int code = rb_check_exit(b);
	if (code == RB_EXIT_OK) {
		struct rb_output *o = rb_output_open(b, b->opt.out);
		if (!o)
			code = RB_EXIT_USAGE;
		else if (!write_model(b, o) || !rb_render_scripts(b, o) || !rb_render_site(b, o) ||
			 !rb_render_print(b, o)) {
			rb_output_abort(o);
			code = RB_EXIT_USAGE;
		} else if (!rb_output_commit(o)) {
			code = RB_EXIT_USAGE;
		}
	}
	rb_diag_print_all(b, stderr);
	return code;
}
