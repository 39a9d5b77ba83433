/* sha256.c: SHA-256 through libsodium's crypto_hash_sha256. */
#include "base/sha256.h"
#include <sodium.h>
#include <string.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(struct rb_sha256), "rb_sha256 too small");

/* The libsodium state inside h. */
static crypto_hash_sha256_state *state(struct rb_sha256 *h)
{
	return (crypto_hash_sha256_state *)(void *)h->state;
}

void rb_sha256_init(struct rb_sha256 *h)
{
	memset(h, 0, sizeof *h);
	crypto_hash_sha256_init(state(h));
}

void rb_sha256_add(struct rb_sha256 *h, const void *data, size_t len)
{
	crypto_hash_sha256_update(state(h), data, len);
}

void rb_sha256_hex(struct rb_sha256 *h, char out[RB_SHA256_HEX])
{
	unsigned char d[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_final(state(h), d);
	sodium_bin2hex(out, RB_SHA256_HEX, d, sizeof d);
}

void rb_sha256_of(const void *data, size_t len, char out[RB_SHA256_HEX])
{
	struct rb_sha256 h;
	rb_sha256_init(&h);
	rb_sha256_add(&h, data, len);
	rb_sha256_hex(&h, out);
}
