/* cmd_verify.c: `rbc verify KIT.tar.gz [--pubkey FILE]`, the offline check
 * of a DR kit (render/kit_verify.c does the checks). */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/util.h"
#include "cli/front.h"
#include "render/kit.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int rb_cmd_verify(struct rb_build *b)
{
	const char *kit = b->opt.files[0];
	struct stat st;
	if (stat(kit, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "rbc: %s is not a kit file\nTry 'rbc help verify'.\n", kit);
		return RB_EXIT_USAGE;
	}
	if (!rb_front_as_of(b))
		return RB_EXIT_USAGE;
	char *sig = rb_xasprintf("%s.minisig", kit);
	struct rb_kit_check c = {kit, sig, b->opt.pubkey, b->as_of};
	if (b->opt.pubkey && access(sig, F_OK) != 0)
		fprintf(stderr, "rbc: %s: no signature beside the kit\n", sig);
	bool ok = rb_kit_verify(&c, stdout);
	free(sig);
	return ok ? RB_EXIT_OK : RB_EXIT_FINDINGS;
}
