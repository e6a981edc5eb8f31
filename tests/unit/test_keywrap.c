/* Counselor keys wrapped under a password, and the recovery phrase. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "crypto/recovery.h"

static const char OWNER[] = "00112233445566778899aabbccddeeff";
static const char OTHER[] = "ffeeddccbbaa99887766554433221100";
#define PW "correct horse battery staple"
#define OPS crypto_pwhash_OPSLIMIT_MIN
#define MEM crypto_pwhash_MEMLIMIT_MIN

static void
wrap(struct keywrap *kw, unsigned char *sk)
{
	unsigned char pk[32];

	env_keypair(pk, sk);
	assert_int_equal(keywrap_wrap(PW, strlen(PW), sk, OWNER, OPS, MEM, kw), ENV_OK);
}

static void
test_unwrap_round_trip(void **state)
{
	unsigned char *sk = sodium_malloc(32), *got = sodium_malloc(32);
	struct keywrap kw;

	(void)state;
	wrap(&kw, sk);
	assert_int_equal(keywrap_unwrap(PW, strlen(PW), &kw, OWNER, got), ENV_OK);
	assert_memory_equal(sk, got, 32);
	assert_int_equal(kw.ops, OPS);	/* parameters are kept with the record */
	sodium_free(sk);
	sodium_free(got);
}

static void
test_wrong_password_or_owner_fails(void **state)
{
	unsigned char *sk = sodium_malloc(32), *got = sodium_malloc(32);
	struct keywrap kw;

	(void)state;
	wrap(&kw, sk);
	assert_int_equal(keywrap_unwrap("wrong", 5, &kw, OWNER, got), ENV_EDECRYPT);
	assert_int_equal(keywrap_unwrap(PW, strlen(PW) - 1, &kw, OWNER, got), ENV_EDECRYPT);
	assert_int_equal(keywrap_unwrap(PW, strlen(PW), &kw, OTHER, got), ENV_EDECRYPT);
	sodium_free(sk);
	sodium_free(got);
}

static void
test_tampered_record_fails(void **state)
{
	unsigned char *sk = sodium_malloc(32), *got = sodium_malloc(32);
	struct keywrap kw, t;

	(void)state;
	wrap(&kw, sk);
	t = kw;
	t.salt[0] ^= 1;
	assert_int_equal(keywrap_unwrap(PW, strlen(PW), &t, OWNER, got), ENV_EDECRYPT);
	t = kw;
	t.wrapped[30] ^= 1;
	assert_int_equal(keywrap_unwrap(PW, strlen(PW), &t, OWNER, got), ENV_EDECRYPT);
	t = kw;
	t.ops = OPS + 1;
	assert_int_equal(keywrap_unwrap(PW, strlen(PW), &t, OWNER, got), ENV_EDECRYPT);
	sodium_free(sk);
	sodium_free(got);
}

static void
test_bad_arguments(void **state)
{
	unsigned char *sk = sodium_malloc(32);
	struct keywrap kw;

	(void)state;
	assert_int_equal(keywrap_wrap("", 0, sk, OWNER, OPS, MEM, &kw), ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, strlen(PW), sk, "nothex", OPS, MEM, &kw),
	    ENV_EINVAL);
	sodium_free(sk);
}

static void
test_recovery_round_trip(void **state)
{
	unsigned char sk[32], got[32];
	char phrase[RECOVERY_PHRASE_MAX];
	size_t i;

	(void)state;
	randombytes_buf(sk, sizeof(sk));
	assert_int_equal(recovery_phrase_encode(sk, phrase, sizeof(phrase)), 0);
	assert_int_equal(recovery_phrase_decode(phrase, got), 0);
	assert_memory_equal(sk, got, 32);
	for (i = 0; phrase[i] != '\0'; i++)	/* typed in lower case */
		if (phrase[i] >= 'A' && phrase[i] <= 'Z')
			phrase[i] = (char)(phrase[i] - 'A' + 'a');
	assert_int_equal(recovery_phrase_decode(phrase, got), 0);
	assert_memory_equal(sk, got, 32);
}

static void
test_recovery_confusables_map(void **state)
{
	unsigned char sk[32], got[32];
	char phrase[RECOVERY_PHRASE_MAX];
	size_t i;

	(void)state;
	memset(sk, 0, sizeof(sk));	/* encodes to many zeros */
	recovery_phrase_encode(sk, phrase, sizeof(phrase));
	for (i = 0; phrase[i] != '\0'; i++)
		if (phrase[i] == '0')
			phrase[i] = 'O';
	assert_int_equal(recovery_phrase_decode(phrase, got), 0);
	assert_memory_equal(sk, got, 32);
}

static void
test_recovery_typo_fails(void **state)
{
	unsigned char sk[32], got[32];
	char phrase[RECOVERY_PHRASE_MAX], bad[RECOVERY_PHRASE_MAX];
	size_t i, caught = 0, tried = 0;

	(void)state;
	randombytes_buf(sk, sizeof(sk));
	recovery_phrase_encode(sk, phrase, sizeof(phrase));
	for (i = 0; phrase[i] != '\0'; i++) {
		if (phrase[i] == '-')
			continue;
		memcpy(bad, phrase, sizeof(bad));
		bad[i] = phrase[i] == 'A' ? 'B' : 'A';
		tried++;
		caught += recovery_phrase_decode(bad, got) == -1;
	}
	/* a 16-bit checksum: all but a negligible share of typos are caught */
	assert_true(caught >= tried - 1);
	assert_int_equal(recovery_phrase_decode("", got), -1);
	assert_int_equal(recovery_phrase_decode("UUUU", got), -1);
	phrase[10] = '\0';
	assert_int_equal(recovery_phrase_decode(phrase, got), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unwrap_round_trip),
		cmocka_unit_test(test_wrong_password_or_owner_fails),
		cmocka_unit_test(test_tampered_record_fails),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_recovery_round_trip),
		cmocka_unit_test(test_recovery_confusables_map),
		cmocka_unit_test(test_recovery_typo_fails),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
