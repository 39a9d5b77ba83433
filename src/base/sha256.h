/* sha256.h: SHA-256 as lower-case hex, through libsodium. The drill
 * records' hash chains, their scripts' and scenarios' fingerprints and the
 * evidence report's hash of its records all use it, so each can be checked
 * with sha256sum. */
#ifndef RB_SHA256_H
#define RB_SHA256_H
#include <stddef.h>

enum { RB_SHA256_HEX = 65 };   /* 64 hex digits and a NUL */

/* An incremental hash: init, add any number of times, then hex. */
struct rb_sha256 {
	_Alignas(16) unsigned char state[128];   /* crypto_hash_sha256_state, opaque here */
};

void rb_sha256_init(struct rb_sha256 *h);
void rb_sha256_add(struct rb_sha256 *h, const void *data, size_t len);
/* Finish h and write its digest to out as 64 hex digits and a NUL. */
void rb_sha256_hex(struct rb_sha256 *h, char out[RB_SHA256_HEX]);
/* The digest of len bytes at data, as hex into out. */
void rb_sha256_of(const void *data, size_t len, char out[RB_SHA256_HEX]);

#endif
