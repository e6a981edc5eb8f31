/*
 * Counselor secret keys wrapped under a password. A wrong password, a
 * wrong owner, or any change to the stored record must fail, and must not
 * leave a key behind in the output buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"

static const char OWNER[] = "00112233445566778899aabbccddeeff";
static const char OTHER[] = "ffeeddccbbaa99887766554433221100";
#define PW	"correct horse battery staple 馬"
#define PWLEN	(sizeof(PW) - 1)
#define OPS	crypto_pwhash_OPSLIMIT_MIN
#define MEM	crypto_pwhash_MEMLIMIT_MIN

struct fixture {
	unsigned char	 pk[ENV_PKBYTES];
	unsigned char	*sk;		/* the key that was wrapped */
	unsigned char	*got;		/* what unwrapping gives back */
	struct keywrap	 kw;
};

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || (f->sk = sodium_malloc(ENV_SKBYTES)) == NULL ||
	    (f->got = sodium_malloc(ENV_SKBYTES)) == NULL)
		return -1;
	if (env_keypair(f->pk, f->sk) != ENV_OK ||
	    keywrap_wrap(PW, PWLEN, f->sk, OWNER, OPS, MEM, &f->kw) != ENV_OK)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	sodium_free(f->sk);
	sodium_free(f->got);
	free(f);
	return 0;
}

/* Unwrapping must fail with want and leave got all zeros. */
static void
unwrap_fails(struct fixture *f, const char *pw, size_t pwlen,
    const struct keywrap *kw, const char *owner, int want)
{
	memset(f->got, 0xaa, ENV_SKBYTES);
	assert_int_equal(keywrap_unwrap(pw, pwlen, kw, owner, f->got), want);
	if (want == ENV_EDECRYPT)
		assert_true(sodium_is_zero(f->got, ENV_SKBYTES));
}

static void
test_round_trip(void **state)
{
	struct fixture *f = *state;
	unsigned char pk[ENV_PKBYTES];

	assert_int_equal(keywrap_unwrap(PW, PWLEN, &f->kw, OWNER, f->got),
	    ENV_OK);
	assert_memory_equal(f->got, f->sk, ENV_SKBYTES);
	assert_int_equal(crypto_scalarmult_base(pk, f->got), 0);
	assert_memory_equal(pk, f->pk, ENV_PKBYTES);
}

/* The cost travels with the record, so it can be raised later. */
static void
test_parameters_are_stored(void **state)
{
	struct fixture *f = *state;
	struct keywrap kw;

	assert_int_equal(f->kw.ops, OPS);
	assert_int_equal(f->kw.mem, MEM);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, OWNER, OPS + 1, MEM * 2,
	    &kw), ENV_OK);
	assert_int_equal(kw.ops, OPS + 1);
	assert_int_equal(kw.mem, MEM * 2);
	assert_int_equal(keywrap_unwrap(PW, PWLEN, &kw, OWNER, f->got), ENV_OK);
	assert_memory_equal(f->got, f->sk, ENV_SKBYTES);
}

/* A new salt and nonce each time: the same key and password look new. */
static void
test_wraps_differ(void **state)
{
	struct fixture *f = *state;
	struct keywrap kw;

	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, OWNER, OPS, MEM, &kw),
	    ENV_OK);
	assert_memory_not_equal(kw.salt, f->kw.salt, KEYWRAP_SALTBYTES);
	assert_memory_not_equal(kw.wrapped, f->kw.wrapped, KEYWRAP_BYTES);
}

static void
test_wrong_password_fails(void **state)
{
	struct fixture *f = *state;
	char pw[] = PW;

	unwrap_fails(f, "wrong", 5, &f->kw, OWNER, ENV_EDECRYPT);
	unwrap_fails(f, PW, PWLEN - 1, &f->kw, OWNER, ENV_EDECRYPT);
	unwrap_fails(f, PW "!", PWLEN + 1, &f->kw, OWNER, ENV_EDECRYPT);
	unwrap_fails(f, "", 0, &f->kw, OWNER, ENV_EDECRYPT);
	pw[0] = 'C';	/* one letter's case */
	unwrap_fails(f, pw, PWLEN, &f->kw, OWNER, ENV_EDECRYPT);
}

/* The owner id is associated data: the record cannot move accounts. */
static void
test_wrong_owner_fails(void **state)
{
	struct fixture *f = *state;
	char owner[] = "00112233445566778899aabbccddeefe";

	unwrap_fails(f, PW, PWLEN, &f->kw, OTHER, ENV_EDECRYPT);
	unwrap_fails(f, PW, PWLEN, &f->kw, owner, ENV_EDECRYPT);
}

/* Two accounts' records swapped, each with its own password: both fail. */
static void
test_swapped_records_fail(void **state)
{
	struct fixture *f = *state;
	struct keywrap other;

	assert_int_equal(keywrap_wrap("other pw", 8, f->sk, OTHER, OPS, MEM,
	    &other), ENV_OK);
	unwrap_fails(f, PW, PWLEN, &other, OWNER, ENV_EDECRYPT);
	unwrap_fails(f, "other pw", 8, &f->kw, OTHER, ENV_EDECRYPT);
	unwrap_fails(f, PW, PWLEN, &other, OTHER, ENV_EDECRYPT);
}

static void
test_tampered_salt_fails(void **state)
{
	struct fixture *f = *state;
	struct keywrap t;
	size_t i;

	for (i = 0; i < KEYWRAP_SALTBYTES; i++) {
		t = f->kw;
		t.salt[i] ^= 0x01;
		unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	}
}

static void
test_tampered_wrapped_fails(void **state)
{
	struct fixture *f = *state;
	struct keywrap t;
	size_t i;

	for (i = 0; i < KEYWRAP_BYTES; i++) {	/* nonce, ciphertext, tag */
		t = f->kw;
		t.wrapped[i] ^= 0x01;
		unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	}
}

/* The parameters decide the wrapping key: changing them fails too. */
static void
test_tampered_parameters_fail(void **state)
{
	struct fixture *f = *state;
	struct keywrap t;

	t = f->kw;
	t.ops = OPS + 1;
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	t = f->kw;
	t.mem = MEM * 2;
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	t = f->kw;
	t.ops = 0;	/* out of Argon2id's range: not a record of ours */
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	t = f->kw;
	t.mem = 0;
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
}

static void
test_zeroed_record_fails(void **state)
{
	struct fixture *f = *state;
	struct keywrap t;

	t = f->kw;
	memset(t.wrapped, 0, sizeof(t.wrapped));
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
	memset(t.salt, 0, sizeof(t.salt));
	unwrap_fails(f, PW, PWLEN, &t, OWNER, ENV_EDECRYPT);
}

static void
test_password_length_limits(void **state)
{
	struct fixture *f = *state;
	char *pw = sodium_malloc(KEYWRAP_PASSWORD_MAX + 1);
	struct keywrap kw;

	memset(pw, 'p', KEYWRAP_PASSWORD_MAX + 1);
	assert_int_equal(keywrap_wrap(pw, KEYWRAP_PASSWORD_MAX, f->sk, OWNER,
	    OPS, MEM, &kw), ENV_OK);
	assert_int_equal(keywrap_unwrap(pw, KEYWRAP_PASSWORD_MAX, &kw, OWNER,
	    f->got), ENV_OK);
	assert_memory_equal(f->got, f->sk, ENV_SKBYTES);
	assert_int_equal(keywrap_wrap(pw, KEYWRAP_PASSWORD_MAX + 1, f->sk,
	    OWNER, OPS, MEM, &kw), ENV_EINVAL);
	unwrap_fails(f, pw, KEYWRAP_PASSWORD_MAX + 1, &kw, OWNER, ENV_EINVAL);
	sodium_free(pw);
}

static void
test_bad_arguments(void **state)
{
	struct fixture *f = *state;
	struct keywrap kw;

	assert_int_equal(keywrap_wrap("", 0, f->sk, OWNER, OPS, MEM, &kw),
	    ENV_EINVAL);	/* an empty password wraps nothing */
	assert_int_equal(keywrap_wrap(NULL, 4, f->sk, OWNER, OPS, MEM, &kw),
	    ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, NULL, OWNER, OPS, MEM, &kw),
	    ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, "nothex", OPS, MEM,
	    &kw), ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, NULL, OPS, MEM, &kw),
	    ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, OWNER, 0, MEM, &kw),
	    ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, OWNER, OPS, MEM - 1,
	    &kw), ENV_EINVAL);
	assert_int_equal(keywrap_wrap(PW, PWLEN, f->sk, OWNER, OPS, MEM, NULL),
	    ENV_EINVAL);
	unwrap_fails(f, NULL, 0, &f->kw, OWNER, ENV_EINVAL);
	unwrap_fails(f, PW, PWLEN, NULL, OWNER, ENV_EINVAL);
	unwrap_fails(f, PW, PWLEN, &f->kw, "0011", ENV_EINVAL);
	assert_int_equal(keywrap_unwrap(PW, PWLEN, &f->kw, OWNER, NULL),
	    ENV_EINVAL);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_round_trip),
		T(test_parameters_are_stored),
		T(test_wraps_differ),
		T(test_wrong_password_fails),
		T(test_wrong_owner_fails),
		T(test_swapped_records_fail),
		T(test_tampered_salt_fails),
		T(test_tampered_wrapped_fails),
		T(test_tampered_parameters_fail),
		T(test_zeroed_record_fails),
		T(test_password_length_limits),
		T(test_bad_arguments),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
