/* minisign.h: minisign's key and signature files, read and written with
 * libsodium, so that `minisign -V` checks what rbc signs and rbc reads the
 * keys `minisign -G` makes. Formats (all base64 lines under a comment line):
 *   public key   "Ed" | key id (8) | Ed25519 public key (32)
 *   secret key   "Ed" | kdf "Sc" or 0,0 | "B2" | salt (32) | opslimit (8, LE)
 *                | memlimit (8, LE) | [key id (8) | secret key (64) |
 *                BLAKE2b-256 checksum (32)], the bracket XORed with scrypt's
 *                output when the kdf is "Sc"
 *   signature    "ED" | key id (8) | Ed25519 over BLAKE2b-512 of the file (64),
 *                then "trusted comment: T" and Ed25519 over signature || T.
 * Errors come back as a static English sentence in *err. */
#ifndef RB_MINISIGN_H
#define RB_MINISIGN_H
#include <stdbool.h>
#include <stddef.h>
#include "base/buf.h"

#define RB_MINISIGN_HASH 64      /* BLAKE2b-512, the prehash of "ED" signatures */

struct rb_minisign_pub {
	unsigned char id[8];
	unsigned char pk[32];
};

/* A secret key file as read: the fields, still encrypted when kdf is "Sc". */
struct rb_minisign_sec {
	unsigned char raw[158];
	bool encrypted;
	unsigned long long opslimit, memlimit;
};

/* An unlocked secret key; wipe it with rb_minisign_wipe. */
struct rb_minisign_key {
	unsigned char id[8];
	unsigned char sk[64];
};

/* A public key file's text (or its bare base64 line). */
bool rb_minisign_pub_parse(const char *text, size_t len, struct rb_minisign_pub *pk, const char **err);
/* The public key file: the comment line with the key id, then the base64 line. */
void rb_minisign_pub_format(const struct rb_minisign_pub *pk, struct rb_buf *out);
/* The key id as minisign prints it: 16 upper-case hex digits (out >= 17). */
void rb_minisign_key_id(const unsigned char id[8], char *out);
/* The public key's base64 line, the one minisign -P takes (out >= 57). */
void rb_minisign_pub_base64(const struct rb_minisign_pub *pk, char *out);
/* A secret key file's text. */
bool rb_minisign_sec_parse(const char *text, size_t len, struct rb_minisign_sec *sec, const char **err);
/* Decrypt (or, unencrypted, take) the key; password is ignored when the
 * key is not encrypted. False on a wrong password or a damaged key. */
bool rb_minisign_sec_unlock(const struct rb_minisign_sec *sec, const char *password,
			    struct rb_minisign_key *key, const char **err);
/* The public half of an unlocked key. */
void rb_minisign_key_public(const struct rb_minisign_key *key, struct rb_minisign_pub *pk);
/* A new key pair from the system's random source. */
void rb_minisign_keygen(struct rb_minisign_key *key);
/* The secret key file for key, encrypted with scrypt at minisign's own
 * strength when password is not NULL. False when scrypt fails. */
bool rb_minisign_sec_format(const struct rb_minisign_key *key, const char *password, struct rb_buf *out,
			    const char **err);
/* BLAKE2b-512 of the file at path; false (errno set) when it cannot be read. */
bool rb_minisign_hash_file(const char *path, unsigned char hash[RB_MINISIGN_HASH]);
/* The signature file for a file whose prehash is hash. The comments are
 * one line each (no newline). */
void rb_minisign_sign(const struct rb_minisign_key *key, const unsigned char hash[RB_MINISIGN_HASH],
		      const char *untrusted, const char *trusted, struct rb_buf *out);
/* Check signature file text against pk and hash; on success *trusted is
 * the trusted comment (malloc'd). */
bool rb_minisign_verify(const struct rb_minisign_pub *pk, const char *text, size_t len,
			const unsigned char hash[RB_MINISIGN_HASH], char **trusted, const char **err);
/* Wipe an unlocked key. */
void rb_minisign_wipe(struct rb_minisign_key *key);

#endif
