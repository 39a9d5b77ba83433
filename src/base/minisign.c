/* minisign.c: minisign's key and signature formats over libsodium (see
 * minisign.h for the layouts). */
#include "base/minisign.h"
#include <errno.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Offsets in the secret key file's 158 bytes. */
enum { SK_ALG = 0, SK_KDF = 2, SK_CHKALG = 4, SK_SALT = 6, SK_OPS = 38, SK_MEM = 46, SK_ID = 54, SK_KEY = 62,
       SK_CHK = 126, SK_LEN = 158, SK_SECRET = 104 /* id | key | checksum, what scrypt's output covers */ };
/* Above this a key's scrypt memory limit is taken for damage, not strength. */
#define MAX_MEMLIMIT (8ULL << 30)
#define UNTRUSTED "untrusted comment: "
#define TRUSTED "trusted comment: "

/* Start libsodium (idempotent; it keeps its own state). */
static void start(void)
{
	if (sodium_init() < 0) {
		fputs("rbc: libsodium cannot start\n", stderr);
		abort();
	}
}

/* A little-endian 64-bit number at p. */
static unsigned long long le64(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Store v little-endian in 8 bytes at p. */
static void put_le64(unsigned char *p, unsigned long long v)
{
	for (int i = 0; i < 8; i++, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

/* The n-th line (0-based) of text: its start and length without the
 * newline (and a '\r' before it); false when there are fewer lines. */
static bool line_at(const char *text, size_t len, int n, const char **s, size_t *l)
{
	size_t i = 0;
	for (; n > 0; n--) {
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			return false;
		i = (size_t)(nl - text) + 1;
	}
	if (i >= len)
		return false;
	const char *nl = memchr(text + i, '\n', len - i);
	*s = text + i;
	*l = (nl ? (size_t)(nl - text) : len) - i;
	if (*l && (*s)[*l - 1] == '\r')
		(*l)--;
	return true;
}

/* Decode base64 line (s, l) into exactly n bytes at out. */
static bool b64_exact(const char *s, size_t l, unsigned char *out, size_t n)
{
	size_t got = 0;
	return sodium_base642bin(out, n, s, l, " \t", &got, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 && got == n;
}

/* Append n bytes at p to out as one base64 line. */
static void put_b64(struct rb_buf *out, const unsigned char *p, size_t n)
{
	size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *s = malloc(cap);
	if (!s)
		abort();
	sodium_bin2base64(s, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	rb_buf_puts(out, s);
	rb_buf_putc(out, '\n');
	free(s);
}

void rb_minisign_key_id(const unsigned char id[8], char *out)
{
	snprintf(out, 17, "%016llX", le64(id));
}

bool rb_minisign_pub_parse(const char *text, size_t len, struct rb_minisign_pub *pk, const char **err)
{
	const char *s;
	size_t l;
	unsigned char raw[42];
	int n = len >= strlen(UNTRUSTED) && !memcmp(text, UNTRUSTED, strlen(UNTRUSTED)) ? 1 : 0;
	start();
	if (!line_at(text, len, n, &s, &l) || !b64_exact(s, l, raw, sizeof raw)) {
		*err = "not a minisign public key (a comment line, then 56 characters of base64)";
		return false;
	}
	if (memcmp(raw, "Ed", 2)) {
		*err = "a public key for an algorithm other than Ed25519";
		return false;
	}
	memcpy(pk->id, raw + 2, 8);
	memcpy(pk->pk, raw + 10, 32);
	return true;
}

/* The 42 bytes of a public key. */
static void pub_raw(const struct rb_minisign_pub *pk, unsigned char raw[42])
{
	memcpy(raw, "Ed", 2);
	memcpy(raw + 2, pk->id, 8);
	memcpy(raw + 10, pk->pk, 32);
}

void rb_minisign_pub_base64(const struct rb_minisign_pub *pk, char *out)
{
	unsigned char raw[42];
	pub_raw(pk, raw);
	sodium_bin2base64(out, 57, raw, sizeof raw, sodium_base64_VARIANT_ORIGINAL);
}

void rb_minisign_pub_format(const struct rb_minisign_pub *pk, struct rb_buf *out)
{
	char id[17], b64[57];
	rb_minisign_key_id(pk->id, id);
	rb_minisign_pub_base64(pk, b64);
	rb_buf_printf(out, UNTRUSTED "minisign public key %s\n%s\n", id, b64);
}

bool rb_minisign_sec_parse(const char *text, size_t len, struct rb_minisign_sec *sec, const char **err)
{
	const char *s;
	size_t l;
	start();
	memset(sec, 0, sizeof *sec);
	if (len < strlen(UNTRUSTED) || memcmp(text, UNTRUSTED, strlen(UNTRUSTED)) || !line_at(text, len, 1, &s, &l) ||
	    !b64_exact(s, l, sec->raw, SK_LEN)) {
		*err = "not a minisign secret key (a comment line, then 212 characters of base64)";
		return false;
	}
	if (memcmp(sec->raw + SK_ALG, "Ed", 2) || memcmp(sec->raw + SK_CHKALG, "B2", 2)) {
		*err = "a secret key for an algorithm other than Ed25519 with a BLAKE2b checksum";
		return false;
	}
	if (!memcmp(sec->raw + SK_KDF, "Sc", 2))
		sec->encrypted = true;
	else if (sec->raw[SK_KDF] || sec->raw[SK_KDF + 1]) {
		*err = "a secret key encrypted with a key derivation other than scrypt";
		return false;
	}
	sec->opslimit = le64(sec->raw + SK_OPS);
	sec->memlimit = le64(sec->raw + SK_MEM);
	if (sec->encrypted && (sec->memlimit > MAX_MEMLIMIT || sec->opslimit > (1ULL << 40))) {
		*err = "a secret key whose scrypt limits are out of range (damaged?)";
		return false;
	}
	return true;
}

/* BLAKE2b-256 of "Ed" | id | sk: the secret key's checksum. */
static void key_checksum(const unsigned char *id, const unsigned char *sk, unsigned char chk[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)"Ed", 2);
	crypto_generichash_update(&st, id, 8);
	crypto_generichash_update(&st, sk, 64);
	crypto_generichash_final(&st, chk, 32);
}

/* scrypt's stream for password and the key's salt and limits; false when
 * it cannot run (memory). */
static bool key_stream(const unsigned char *raw, const char *password, unsigned long long ops,
		       unsigned long long mem, unsigned char stream[SK_SECRET])
{
	return crypto_pwhash_scryptsalsa208sha256(stream, SK_SECRET, password, strlen(password), raw + SK_SALT, ops,
						  (size_t)mem) == 0;
}

bool rb_minisign_sec_unlock(const struct rb_minisign_sec *sec, const char *password,
			    struct rb_minisign_key *key, const char **err)
{
	unsigned char secret[SK_SECRET], chk[32];
	start();
	memcpy(secret, sec->raw + SK_ID, SK_SECRET);
	if (sec->encrypted) {
		unsigned char stream[SK_SECRET];
		if (!key_stream(sec->raw, password ? password : "", sec->opslimit, sec->memlimit, stream)) {
			*err = "scrypt could not derive the key from the password (out of memory?)";
			return false;
		}
		for (size_t i = 0; i < SK_SECRET; i++)
			secret[i] ^= stream[i];
		sodium_memzero(stream, sizeof stream);
	}
	key_checksum(secret, secret + 8, chk);
	/* minisign -W leaves an unencrypted key's checksum all zeros */
	bool zero = sodium_is_zero(secret + 72, 32);
	bool ok = sodium_memcmp(chk, secret + 72, 32) == 0 || (!sec->encrypted && zero);
	unsigned char pk[32];
	ok = ok && crypto_sign_ed25519_sk_to_pk(pk, secret + 8) == 0 && !memcmp(pk, secret + 8 + 32, 32);
	if (ok) {
		memcpy(key->id, secret, 8);
		memcpy(key->sk, secret + 8, 64);
	} else {
		*err = sec->encrypted ? "wrong password for this secret key (or the key file is damaged)"
				      : "the secret key's checksum does not match: the key file is damaged";
	}
	sodium_memzero(secret, sizeof secret);
	return ok;
}

void rb_minisign_key_public(const struct rb_minisign_key *key, struct rb_minisign_pub *pk)
{
	memcpy(pk->id, key->id, 8);
	crypto_sign_ed25519_sk_to_pk(pk->pk, key->sk);
}

void rb_minisign_keygen(struct rb_minisign_key *key)
{
	unsigned char pk[32];
	start();
	crypto_sign_keypair(pk, key->sk);
	randombytes_buf(key->id, sizeof key->id);
}

bool rb_minisign_sec_format(const struct rb_minisign_key *key, const char *password, struct rb_buf *out,
			    const char **err)
{
	unsigned char raw[SK_LEN] = {0};
	start();
	memcpy(raw + SK_ALG, "Ed", 2);
	memcpy(raw + SK_CHKALG, "B2", 2);
	memcpy(raw + SK_ID, key->id, 8);
	memcpy(raw + SK_KEY, key->sk, 64);
	key_checksum(key->id, key->sk, raw + SK_CHK);
	if (password) {
		unsigned long long ops = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE;
		unsigned long long mem = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE;
		unsigned char stream[SK_SECRET];
		memcpy(raw + SK_KDF, "Sc", 2);
		randombytes_buf(raw + SK_SALT, 32);
		put_le64(raw + SK_OPS, ops);
		put_le64(raw + SK_MEM, mem);
		if (!key_stream(raw, password, ops, mem, stream)) {
			sodium_memzero(raw, sizeof raw);
			*err = "scrypt could not derive a key from the password (out of memory?)";
			return false;
		}
		for (size_t i = 0; i < SK_SECRET; i++)
			raw[SK_ID + i] ^= stream[i];
		sodium_memzero(stream, sizeof stream);
	}
	rb_buf_printf(out, UNTRUSTED "minisign %s secret key\n", password ? "encrypted" : "unencrypted");
	put_b64(out, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
	return true;
}

bool rb_minisign_hash_file(const char *path, unsigned char hash[RB_MINISIGN_HASH])
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	crypto_generichash_state st;
	unsigned char buf[65536];
	size_t n;
	start();
	crypto_generichash_init(&st, NULL, 0, RB_MINISIGN_HASH);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		crypto_generichash_update(&st, buf, n);
	bool ok = !ferror(f);
	int e = errno;
	fclose(f);
	crypto_generichash_final(&st, hash, RB_MINISIGN_HASH);
	errno = e;
	return ok;
}

/* Ed25519 over sig (64) followed by the trusted comment. */
static void comment_message(const unsigned char sig[64], const char *trusted, size_t tl, unsigned char **msg,
			    size_t *n)
{
	*n = 64 + tl;
	*msg = malloc(*n);
	if (!*msg)
		abort();
	memcpy(*msg, sig, 64);
	memcpy(*msg + 64, trusted, tl);
}

void rb_minisign_sign(const struct rb_minisign_key *key, const unsigned char hash[RB_MINISIGN_HASH],
		      const char *untrusted, const char *trusted, struct rb_buf *out)
{
	unsigned char sig[74], global[64], *msg;
	size_t n;
	start();
	memcpy(sig, "ED", 2);
	memcpy(sig + 2, key->id, 8);
	crypto_sign_detached(sig + 10, NULL, hash, RB_MINISIGN_HASH, key->sk);
	comment_message(sig + 10, trusted, strlen(trusted), &msg, &n);
	crypto_sign_detached(global, NULL, msg, n, key->sk);
	free(msg);
	rb_buf_printf(out, UNTRUSTED "%s\n", untrusted);
	put_b64(out, sig, sizeof sig);
	rb_buf_printf(out, TRUSTED "%s\n", trusted);
	put_b64(out, global, sizeof global);
}

bool rb_minisign_verify(const struct rb_minisign_pub *pk, const char *text, size_t len,
			const unsigned char hash[RB_MINISIGN_HASH], char **trusted, const char **err)
{
	const char *s[4];
	size_t l[4];
	unsigned char sig[74], global[64];
	start();
	*trusted = NULL;
	for (int i = 0; i < 4; i++)
		if (!line_at(text, len, i, &s[i], &l[i])) {
			*err = "not a minisign signature (four lines)";
			return false;
		}
	size_t tp = strlen(TRUSTED);
	if (l[0] < strlen(UNTRUSTED) || memcmp(s[0], UNTRUSTED, strlen(UNTRUSTED)) || l[2] < tp ||
	    memcmp(s[2], TRUSTED, tp) || !b64_exact(s[1], l[1], sig, sizeof sig) ||
	    !b64_exact(s[3], l[3], global, sizeof global)) {
		*err = "not a minisign signature (comment, signature, trusted comment, comment signature)";
		return false;
	}
	if (memcmp(sig, "ED", 2)) {
		*err = !memcmp(sig, "Ed", 2) ? "a legacy (not prehashed) signature; sign again with rbc or minisign 0.10+"
					     : "a signature algorithm other than Ed25519";
		return false;
	}
	if (memcmp(sig + 2, pk->id, 8)) {
		*err = "the signature was made with another key (its key id differs from the public key's)";
		return false;
	}
	if (crypto_sign_verify_detached(sig + 10, hash, RB_MINISIGN_HASH, pk->pk) != 0) {
		*err = "the signature does not match the file";
		return false;
	}
	unsigned char *msg;
	size_t n;
	comment_message(sig + 10, s[2] + tp, l[2] - tp, &msg, &n);
	bool ok = crypto_sign_verify_detached(global, msg, n, pk->pk) == 0;
	free(msg);
	if (!ok) {
		*err = "the trusted comment's signature does not match: the comment was changed";
		return false;
	}
	*trusted = strndup(s[2] + tp, l[2] - tp);
	if (!*trusted)
		abort();
	return true;
}

void rb_minisign_wipe(struct rb_minisign_key *key)
{
	sodium_memzero(key, sizeof *key);
}
