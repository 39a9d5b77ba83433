/* cmd_build.c: `rbc build BOOK -o OUT`. For now it writes OUT/model.json;
 * the site, handbook and scripts stages plug in here. */
#include "check.h"
#include "cli.h"
#include "dump.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int rb_cmd_build(struct rb_build *b)
{
	if (!b->opt.out) {
		fputs("rbc: 'rbc build' needs an output folder: -o OUT\n", stderr);
		return RB_EXIT_USAGE;
	}
	if (!rb_check_load(b)) {
		rb_diag_print_all(b, stderr);
		return RB_EXIT_USAGE;
	}
	int code = rb_check_exit(b);
	if (code == RB_EXIT_OK) {
		if (mkdir(b->opt.out, 0777) < 0 && errno != EEXIST) {
			rb_diag(b, RB_D_IO_WRITE, (struct rb_loc){b->opt.out, 0, 0}, "%s", strerror(errno));
			code = RB_EXIT_USAGE;
		} else {
			char *path = rb_arena_printf(&b->arena, "%s/model.json", b->opt.out);
			json_t *model = rb_dump_model(b);
			if (json_dump_file(model, path, JSON_INDENT(2)) < 0) {
				rb_diag(b, RB_D_IO_WRITE, (struct rb_loc){path, 0, 0}, "%s", strerror(errno));
				code = RB_EXIT_USAGE;
			}
			json_decref(model);
		}
	}
	rb_diag_print_all(b, stderr);
	return code;
}
