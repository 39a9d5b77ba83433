/* test_minisign.c: minisign's formats round-trip through rbc's writer and
 * reader; a known public key from `minisign -G` parses to its key id; a
 * changed file, trusted comment or key fails verification. (Interop with
 * the real minisign binary is in tests/e2e/bundle_sign.sh.) */
#include "harness.h"
#include "base/minisign.h"
#include <stdlib.h>
#include <string.h>

UNIT_SUITE(minisign_suite)

/* Replace the first occurrence of from in text (a malloc'd copy). */
static char *replaced(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	if (!p || !out)
		return out ? strcpy(out, text) : NULL;
	snprintf(out, n, "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	return out;
}

static void minisign_suite(void)
{
	const char *err = NULL;
	struct rb_minisign_pub pk, pk2;
	char id[17], b64[57];
	/* a public key made by minisign 0.11 (-G -W) */
	const char *known = "untrusted comment: minisign public key 88C9CC5C49AB717D\n"
			    "RWR9catJXMzJiDN55bca6N7Iz3YQ6kFrcuLkIPClyDHyvu7EHWRcd6YC\n";
	OK("minisign/pub-parse", rb_minisign_pub_parse(known, strlen(known), &pk, &err));
	rb_minisign_key_id(pk.id, id);
	STR_EQ("minisign/key-id", id, "88C9CC5C49AB717D");
	rb_minisign_pub_base64(&pk, b64);
	STR_EQ("minisign/pub-base64", b64, "RWR9catJXMzJiDN55bca6N7Iz3YQ6kFrcuLkIPClyDHyvu7EHWRcd6YC");
	OK("minisign/pub-bad", !rb_minisign_pub_parse("untrusted comment: x\nnot base64\n", 30, &pk2, &err) && err);

	struct rb_minisign_key key, back;
	struct rb_minisign_sec sec;
	struct rb_buf text, pubtext, sig;
	rb_buf_init(&text), rb_buf_init(&pubtext), rb_buf_init(&sig);
	rb_minisign_keygen(&key);
	rb_minisign_key_public(&key, &pk);
	rb_minisign_pub_format(&pk, &pubtext);
	OK("minisign/pub-roundtrip", rb_minisign_pub_parse(pubtext.data, pubtext.len, &pk2, &err) && !memcmp(&pk, &pk2, sizeof pk));
	OK("minisign/sec-format", rb_minisign_sec_format(&key, NULL, &text, &err));
	OK("minisign/sec-parse", rb_minisign_sec_parse(text.data, text.len, &sec, &err) && !sec.encrypted);
	OK("minisign/sec-unlock", rb_minisign_sec_unlock(&sec, NULL, &back, &err) && !memcmp(&key, &back, sizeof key));
	sec.raw[100] ^= 1;   /* inside the secret key: the checksum no longer matches */
	OK("minisign/sec-damaged", !rb_minisign_sec_unlock(&sec, NULL, &back, &err) && strstr(err, "damaged"));

	unsigned char hash[RB_MINISIGN_HASH] = {1, 2, 3};
	char *tc = NULL;
	rb_minisign_sign(&key, hash, "untrusted", "commit:abc valid-until:2027-01-01", &sig);
	OK("minisign/verify", rb_minisign_verify(&pk, sig.data, sig.len, hash, &tc, &err));
	STR_EQ("minisign/trusted-comment", tc, "commit:abc valid-until:2027-01-01");
	free(tc);
	char *moved = replaced(sig.data, "2027-01-01", "2099-01-01");
	OK("minisign/trusted-comment-changed", !rb_minisign_verify(&pk, moved, strlen(moved), hash, &tc, &err) &&
	   strstr(err, "trusted comment"));
	free(moved);
	char *other = replaced(sig.data, ": untrusted\n", ": anything at all\n");
	OK("minisign/untrusted-comment-free", rb_minisign_verify(&pk, other, strlen(other), hash, &tc, &err));
	free(tc);
	free(other);
	hash[0] ^= 1;
	OK("minisign/file-changed", !rb_minisign_verify(&pk, sig.data, sig.len, hash, &tc, &err) && strstr(err, "does not match"));
	hash[0] ^= 1;
	struct rb_minisign_key key2;
	rb_minisign_keygen(&key2);
	rb_minisign_key_public(&key2, &pk2);
	OK("minisign/other-key", !rb_minisign_verify(&pk2, sig.data, sig.len, hash, &tc, &err) && strstr(err, "another key"));
	rb_minisign_wipe(&key), rb_minisign_wipe(&key2), rb_minisign_wipe(&back);
	rb_buf_free(&text), rb_buf_free(&pubtext), rb_buf_free(&sig);
}
