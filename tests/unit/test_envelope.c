/* The case envelope: records and sealed keys, and every way they must fail. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"

static const char CASE[] = "00112233445566778899aabbccddeeff";
static const char CASE2[] = "ffeeddccbbaa99887766554433221100";
static const char REC[] = "0123456789abcdef0123456789abcdef";
static const char REC2[] = "fedcba9876543210fedcba9876543210";
static const unsigned char MSG[] = "怒鳴られた。記録があります。";

static unsigned char *
seal(const unsigned char *k, size_t *len)
{
	unsigned char *out;

	assert_int_equal(env_record_seal(k, CASE, "report", REC, MSG,
	    sizeof(MSG) - 1, &out, len), ENV_OK);
	return out;
}

static void
test_record_round_trip(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	s = seal(k, &slen);
	assert_int_equal(env_record_open(k, CASE, "report", REC, s, slen, &p,
	    &plen), ENV_OK);
	assert_int_equal(plen, sizeof(MSG) - 1);
	assert_memory_equal(p, MSG, plen);
	assert_int_equal(p[plen], '\0');
	env_secret_free(p);
	free(s);
	env_secret_free(k);
}

static void
test_record_is_padded(void **state)
{
	unsigned char *k = env_key_new(), *a, *b;
	size_t alen, blen;

	(void)state;
	assert_int_equal(env_record_seal(k, CASE, "message", REC,
	    (const unsigned char *)"a", 1, &a, &alen), ENV_OK);
	assert_int_equal(env_record_seal(k, CASE, "message", REC,
	    (const unsigned char *)"abcdefghijklmnopqrstuvwxyz", 26, &b, &blen), ENV_OK);
	assert_int_equal(alen, blen);	/* both round up to one block */
	assert_int_equal(alen, env_record_sealed_len(1));
	free(a);
	free(b);
	env_secret_free(k);
}

static void
test_record_empty_round_trip(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	assert_int_equal(env_record_seal(k, CASE, "message", REC, NULL, 0, &s,
	    &slen), ENV_OK);
	assert_int_equal(env_record_open(k, CASE, "message", REC, s, slen, &p,
	    &plen), ENV_OK);
	assert_int_equal(plen, 0);
	env_secret_free(p);
	free(s);
	env_secret_free(k);
}

static void
test_record_wrong_key_fails(void **state)
{
	unsigned char *k = env_key_new(), *k2 = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	s = seal(k, &slen);
	assert_int_equal(env_record_open(k2, CASE, "report", REC, s, slen, &p,
	    &plen), ENV_EDECRYPT);
	assert_null(p);
	free(s);
	env_secret_free(k);
	env_secret_free(k2);
}

static void
test_record_moved_fails(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	s = seal(k, &slen);
	assert_int_equal(env_record_open(k, CASE2, "report", REC, s, slen, &p,
	    &plen), ENV_EDECRYPT);	/* other case */
	assert_int_equal(env_record_open(k, CASE, "message", REC, s, slen, &p,
	    &plen), ENV_EDECRYPT);	/* other kind */
	assert_int_equal(env_record_open(k, CASE, "report", REC2, s, slen, &p,
	    &plen), ENV_EDECRYPT);	/* other row */
	free(s);
	env_secret_free(k);
}

static void
test_record_tampered_fails(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen, i;

	(void)state;
	s = seal(k, &slen);
	for (i = 0; i < slen; i += 37) {
		s[i] ^= 0x01;
		assert_int_equal(env_record_open(k, CASE, "report", REC, s,
		    slen, &p, &plen), ENV_EDECRYPT);
		s[i] ^= 0x01;
	}
	free(s);
	env_secret_free(k);
}

static void
test_record_truncated_fails(void **state)
{
	unsigned char *k = env_key_new(), *s, *p;
	size_t slen, plen;

	(void)state;
	s = seal(k, &slen);
	assert_int_equal(env_record_open(k, CASE, "report", REC, s, slen - 1,
	    &p, &plen), ENV_EDECRYPT);
	assert_int_equal(env_record_open(k, CASE, "report", REC, s, 0, &p,
	    &plen), ENV_EDECRYPT);
	assert_int_equal(env_record_open(k, CASE, "report", REC, s, 40, &p,
	    &plen), ENV_EDECRYPT);
	free(s);
	env_secret_free(k);
}

static void
test_record_bad_arguments(void **state)
{
	unsigned char *k = env_key_new(), *s;
	size_t slen;

	(void)state;
	assert_int_equal(env_record_seal(k, "not-hex", "report", REC, MSG, 3,
	    &s, &slen), ENV_EINVAL);
	assert_int_equal(env_record_seal(k, CASE, "Report", REC, MSG, 3, &s,
	    &slen), ENV_EINVAL);
	assert_int_equal(env_record_seal(k, CASE, "", REC, MSG, 3, &s, &slen),
	    ENV_EINVAL);
	assert_int_equal(env_record_seal(k, CASE, "report", REC, MSG,
	    ENV_RECORD_MAX + 1, &s, &slen), ENV_EINVAL);
	assert_int_equal(env_record_seal(NULL, CASE, "report", REC, MSG, 3,
	    &s, &slen), ENV_EINVAL);
	env_secret_free(k);
}

static void
test_key_seal_round_trip(void **state)
{
	unsigned char pk[32], *sk = sodium_malloc(32), sealed[ENV_SEALED_KEYBYTES];
	unsigned char *k = env_key_new(), *got;

	(void)state;
	assert_int_equal(env_keypair(pk, sk), ENV_OK);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk, &got), ENV_OK);
	assert_memory_equal(got, k, ENV_KEYBYTES);
	env_secret_free(got);
	env_secret_free(k);
	sodium_free(sk);
}

static void
test_key_seal_wrong_recipient_fails(void **state)
{
	unsigned char pk[32], pk2[32], sealed[ENV_SEALED_KEYBYTES], *got;
	unsigned char *sk = sodium_malloc(32), *sk2 = sodium_malloc(32);
	unsigned char *k = env_key_new();

	(void)state;
	env_keypair(pk, sk);
	env_keypair(pk2, sk2);
	env_key_seal(k, pk, sealed);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk2, &got),
	    ENV_EDECRYPT);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk2, &got),
	    ENV_EDECRYPT);	/* swapped keys */
	assert_int_equal(env_key_open(sealed, sizeof(sealed) - 1, pk, sk, &got),
	    ENV_EDECRYPT);
	sealed[5] ^= 1;
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk, &got),
	    ENV_EDECRYPT);
	assert_null(got);
	env_secret_free(k);
	sodium_free(sk);
	sodium_free(sk2);
}

static void
test_ids(void **state)
{
	char a[33], b[33];

	(void)state;
	env_random_id(a);
	env_random_id(b);
	assert_true(env_id_valid(a));
	assert_string_not_equal(a, b);
	assert_false(env_id_valid("0123"));
	assert_false(env_id_valid("0123456789ABCDEF0123456789abcdef"));
	assert_false(env_id_valid("0123456789abcdef0123456789abcdef0"));
	assert_false(env_id_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_record_round_trip),
		cmocka_unit_test(test_record_is_padded),
		cmocka_unit_test(test_record_empty_round_trip),
		cmocka_unit_test(test_record_wrong_key_fails),
		cmocka_unit_test(test_record_moved_fails),
		cmocka_unit_test(test_record_tampered_fails),
		cmocka_unit_test(test_record_truncated_fails),
		cmocka_unit_test(test_record_bad_arguments),
		cmocka_unit_test(test_key_seal_round_trip),
		cmocka_unit_test(test_key_seal_wrong_recipient_fails),
		cmocka_unit_test(test_ids),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
