/* cmd_verify.c: `rbc verify KIT.tar.gz [--pubkey FILE | --book DIR]`, the
 * offline check of a DR kit (render/kit_verify.c does the checks), and
 * which public key it trusts: --pubkey, else the book's rbc.yaml
 * bundle: {pubkey: FILE} (doc/bundle.md). */
#include "cli/cli.h"
#include "base/arena.h"
#include "base/util.h"
#include "cli/front.h"
#include "read/bookfs.h"
#include "read/load.h"
#include "render/kit.h"
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* The key the book configures: rbc.yaml's bundle: {pubkey: FILE} of --book
 * DIR, else of the current folder when it holds an rbc.yaml. Sets c->pubkey
 * (left NULL when no key is configured) and c->key_from. False after a
 * message when the book, its rbc.yaml or the key cannot be read. */
static bool configured_key(struct rb_build *b, struct rb_kit_check *c)
{
	const char *dir = b->opt.key_book;
	if (dir && !rb_is_dir(dir)) {
		fprintf(stderr, "rbc: --book %s is not a folder\nTry 'rbc help verify'.\n", dir);
		return false;
	}
	if (!dir && access("rbc.yaml", F_OK) != 0)
		return true;                 /* not in a book: nothing configured */
	b->opt.book = dir ? dir : ".";
	bool found = rb_load_config(b);
	rb_diag_print_all(b, stderr);
	const struct rb_config *cfg = &b->book.config;
	const char *yaml = rb_bookfs_root_len(b->opt.book) ? rb_arena_printf(&b->arena, "%s/rbc.yaml", b->opt.book)
							  : "rbc.yaml";
	if (rb_diag_count(b, RB_ERROR)) {
		fprintf(stderr, "rbc: %s has errors, so its bundle: pubkey cannot be trusted; fix it, or give "
			"--pubkey FILE\n", yaml);
		return false;
	}
	if (!found && dir) {
		fprintf(stderr, "rbc: --book %s has no rbc.yaml, so it names no key; give --pubkey FILE, or write "
			"bundle: {pubkey: FILE} in %s\n", dir, yaml);
		return false;
	}
	if (!cfg->bundle_pubkey.s) {
		if (!dir)
			return true;         /* a book without a key: the report says how to give one */
		fprintf(stderr, "rbc: %s names no key; add bundle: {pubkey: FILE} to it, or give --pubkey FILE\n", yaml);
		return false;
	}
	c->pubkey = rb_bookfs_root_len(b->opt.book)
		    ? rb_arena_printf(&b->arena, "%s/%s", b->opt.book, cfg->bundle_pubkey.s) : cfg->bundle_pubkey.s;
	c->key_from = rb_arena_printf(&b->arena, "%s bundle: pubkey:", yaml);
	return true;
}

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
	struct rb_kit_check c = {kit, sig, b->opt.pubkey, "--pubkey", b->as_of};
	int code = RB_EXIT_USAGE;
	if (b->opt.pubkey || configured_key(b, &c))
		code = rb_kit_verify(&c, stdout) ? RB_EXIT_OK : RB_EXIT_FINDINGS;
	free(sig);
	return code;
}
