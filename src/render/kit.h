/* kit.h: the offline DR kit's archive (doc/bundle.md). kit_pack.c lists a
 * staged folder, writes SHA256SUMS and packs it into a reproducible
 * .tar.gz with libarchive; kit_verify.c reads such an archive back and
 * checks it, offline. */
#ifndef RB_KIT_H
#define RB_KIT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "base/buf.h"

/* The one folder every entry of the archive lies in. */
#define RB_KIT_ROOT "dr-kit"

/* The files and folders of a staged kit, '/'-separated and relative to it,
 * in byte order (malloc'd). */
struct rb_kit_list {
	char **rel;
	bool *dir;
	bool *exec;
	size_t n, cap;
};

/* List folder dir, leaving out the top-level names in skip (NULL-ended).
 * False with a message in err (size errn) on a read error, a link or a
 * name that SHA256SUMS or tar cannot carry. */
bool rb_kit_list(const char *dir, const char *const *skip, struct rb_kit_list *l, char *err, size_t errn);
void rb_kit_list_free(struct rb_kit_list *l);
/* SHA256SUMS (coreutils' format, "HEX  PATH") of the listed files. */
bool rb_kit_sums(const char *dir, const struct rb_kit_list *l, struct rb_buf *out, char *err, size_t errn);
/* Pack the listed entries of dir into a gzip'd ustar archive at path,
 * every entry under RB_KIT_ROOT/, owner 0/0, mode 0755 for folders and
 * executables and 0644 otherwise, mtime at epoch; the gzip header carries
 * no name and no time. */
bool rb_kit_pack(const char *dir, const struct rb_kit_list *l, long long epoch, const char *path, char *err,
		 size_t errn);

/* What rbc verify checks; NULL fields are not checked. */
struct rb_kit_check {
	const char *archive;
	const char *sig;             /* the .minisig file, or NULL */
	const char *pubkey;          /* the public key file, or NULL */
	const char *key_from;        /* where pubkey was named ("--pubkey", "book/rbc.yaml"), for the report */
	long today;                  /* days since the epoch */
};
/* True when the file at path is a kit rbc wrote (a gzip'd tar whose
 * first entry is RB_KIT_ROOT/), so that a new kit may replace it. */
bool rb_kit_is_kit(const char *path);
/* Check a kit, printing one line per check to out; true when all hold. */
bool rb_kit_verify(const struct rb_kit_check *c, FILE *out);

#endif
