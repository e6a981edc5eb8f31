/*
 * Receipts: entropy, check digits, what people type, the lookup hash and
 * the reporter's key pair. Every typo the check digits promise to catch is
 * tried, exhaustively, on a few receipts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"

#define FAST_OPS	crypto_pwhash_OPSLIMIT_MIN
#define FAST_MEM	crypto_pwhash_MEMLIMIT_MIN
#define CANON		(RECEIPT_DIGITS + 1)

/* The IBAN standard's example GB82 WEST 1234 5698 7654 32, rearranged to
 * digits: 28 digits ending in its check digits 82, 1 mod 97. */
static const char IBAN_EXAMPLE[] = "3214282912345698765432161182";

/* Our own ISO 7064 MOD 97-10, written independently of the library's. */
static int
mod97_is_one(const char *d)
{
	unsigned long long r = 0;
	size_t i;

	for (i = 0; d[i] != '\0'; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r == 1;
}

/* A few receipts to test exhaustively: fixed ones, then fresh ones. */
static void
sample(int i, char canon[CANON])
{
	static const char *const fixed[] = { IBAN_EXAMPLE,
	    "0000000000000000000000000098", NULL };

	if (i < 2) {
		memcpy(canon, fixed[i], CANON);
		return;
	}
	receipt_new(canon);
}

static void
test_entropy_is_at_least_80_bits(void **state)
{
	(void)state;
	/* log2(10) > 3.321928: 26 digits give more than 86.37 bits */
	assert_int_equal(RECEIPT_RANDOM_DIGITS, 26);
	assert_true(RECEIPT_RANDOM_DIGITS * 3321928ULL >= 80 * 1000000ULL);
}

/* Fresh receipts are 28 digits, all distinct, and every digit is used. */
static void
test_new_receipts_are_random_digits(void **state)
{
	char (*r)[CANON] = malloc(2000 * CANON);
	size_t count[10] = { 0 };
	int i, j;

	(void)state;
	for (i = 0; i < 2000; i++) {
		receipt_new(r[i]);
		assert_int_equal(strlen(r[i]), RECEIPT_DIGITS);
		for (j = 0; j < RECEIPT_RANDOM_DIGITS; j++) {
			assert_true(r[i][j] >= '0' && r[i][j] <= '9');
			count[r[i][j] - '0']++;
		}
		for (j = 0; j < i; j++)
			assert_memory_not_equal(r[i], r[j],
			    RECEIPT_RANDOM_DIGITS);
	}
	/* 52,000 digits: each should be near 5,200; 4,500 is 10 sigma off */
	for (j = 0; j < 10; j++)
		assert_true(count[j] > 4500 && count[j] < 5900);
	free(r);
}

static void
test_new_receipts_carry_check_digits(void **state)
{
	char r[CANON], out[CANON];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		receipt_new(r);
		assert_true(mod97_is_one(r));
		assert_int_equal(receipt_parse(r, strlen(r), out), RECEIPT_OK);
		assert_string_equal(out, r);
	}
}

/* Known answer: the check digits are those ISO 13616 (IBAN) computes. */
static void
test_check_digits_known_answer(void **state)
{
	char out[CANON], wrong[CANON];

	(void)state;
	assert_true(mod97_is_one(IBAN_EXAMPLE));
	assert_int_equal(receipt_parse(IBAN_EXAMPLE, strlen(IBAN_EXAMPLE), out),
	    RECEIPT_OK);
	assert_string_equal(out, IBAN_EXAMPLE);
	memcpy(wrong, IBAN_EXAMPLE, CANON);
	wrong[RECEIPT_DIGITS - 1] = '3';	/* 83 instead of 82 */
	assert_int_equal(receipt_parse(wrong, strlen(wrong), out),
	    RECEIPT_ECHECK);
}

static void
test_format_groups_of_four(void **state)
{
	char canon[CANON], text[RECEIPT_TEXTLEN + 1], back[CANON];
	size_t i;

	(void)state;
	receipt_format(IBAN_EXAMPLE, text);
	assert_string_equal(text, "3214-2829-1234-5698-7654-3216-1182");
	receipt_new(canon);
	receipt_format(canon, text);
	assert_int_equal(strlen(text), RECEIPT_TEXTLEN);
	for (i = 0; i < RECEIPT_TEXTLEN; i++)
		assert_true(i % 5 == 4 ? text[i] == '-' :
		    (text[i] >= '0' && text[i] <= '9'));
	assert_int_equal(receipt_parse(text, strlen(text), back), RECEIPT_OK);
	assert_string_equal(back, canon);
}

static void
test_every_digit_substitution_is_caught(void **state)
{
	char canon[CANON], typo[CANON], out[CANON];
	int n, i, d;

	(void)state;
	for (n = 0; n < 6; n++) {
		sample(n, canon);
		for (i = 0; i < RECEIPT_DIGITS; i++)
			for (d = '0'; d <= '9'; d++) {
				if (canon[i] == d)
					continue;
				memcpy(typo, canon, CANON);
				typo[i] = (char)d;
				assert_int_equal(receipt_parse(typo,
				    RECEIPT_DIGITS, out), RECEIPT_ECHECK);
			}
	}
}

static void
test_every_adjacent_swap_is_caught(void **state)
{
	char canon[CANON], typo[CANON], out[CANON];
	int n, i, tried = 0;

	(void)state;
	for (n = 0; n < 6; n++) {
		sample(n, canon);
		for (i = 0; i + 1 < RECEIPT_DIGITS; i++) {
			if (canon[i] == canon[i + 1])
				continue;	/* swapping changes nothing */
			memcpy(typo, canon, CANON);
			typo[i] = canon[i + 1];
			typo[i + 1] = canon[i];
			assert_int_equal(receipt_parse(typo, RECEIPT_DIGITS,
			    out), RECEIPT_ECHECK);
			tried++;
		}
	}
	assert_true(tried > 100);
}

/* Spells canon into in: full-width digits if given, sep between groups. */
static size_t
spell(const char *canon, char *in, const char *const *digit_fw,
    const char *const *sep, size_t nsep)
{
	size_t i, o = 0, n;
	const char *t;

	for (i = 0; i < RECEIPT_DIGITS; i++) {
		if (i > 0 && i % 4 == 0 && nsep > 0) {
			t = sep[(i / 4) % nsep];
			n = strlen(t);
			memcpy(in + o, t, n);
			o += n;
		}
		if (digit_fw != NULL) {
			memcpy(in + o, digit_fw[canon[i] - '0'], 3);
			o += 3;
		} else
			in[o++] = canon[i];
	}
	return o;
}

static const char *const FULLWIDTH[] = { "０", "１", "２", "３", "４", "５",
    "６", "７", "８", "９" };

static void
test_full_width_input_parses(void **state)
{
	static const char typed[] =
	    "３２１４－２８２９－１２３４－５６９８－７６５４－３２１６－１１８２";
	static const char *const fw_hyphen[] = { "－" };
	char canon[CANON], out[CANON], in[RECEIPT_INPUT_MAX];
	size_t n;

	(void)state;
	assert_int_equal(receipt_parse(typed, strlen(typed), out), RECEIPT_OK);
	assert_string_equal(out, IBAN_EXAMPLE);
	receipt_new(canon);
	n = spell(canon, in, FULLWIDTH, fw_hyphen, 1);
	assert_int_equal(receipt_parse(in, n, out), RECEIPT_OK);
	assert_string_equal(out, canon);
	n = spell(canon, in, FULLWIDTH, NULL, 0);	/* no separators */
	assert_int_equal(receipt_parse(in, n, out), RECEIPT_OK);
	assert_string_equal(out, canon);
}

/* ASCII and full-width digits mixed, as an IME switching mode may give. */
static void
test_mixed_width_input_parses(void **state)
{
	static const char typed[] =
	    "3214-２８２９ 1234　5698ー7654‐3216−1182";
	char out[CANON];

	(void)state;
	assert_int_equal(receipt_parse(typed, strlen(typed), out), RECEIPT_OK);
	assert_string_equal(out, IBAN_EXAMPLE);
}

static void
test_every_separator_is_ignored(void **state)
{
	static const char *const seps[] = { " ", "\t", "-", "\xc2\xa0",
	    "　", "‐", "‑", "‒", "–", "—", "―", "−", "ー", "﹣", "－", "ｰ",
	    " - ", "－－", NULL };
	char out[CANON], in[RECEIPT_INPUT_MAX];
	size_t i, n;

	(void)state;
	for (i = 0; seps[i] != NULL; i++) {
		n = spell(IBAN_EXAMPLE, in, NULL, &seps[i], 1);
		assert_int_equal(receipt_parse(in, n, out), RECEIPT_OK);
		assert_string_equal(out, IBAN_EXAMPLE);
		/* leading and trailing separators too */
		memmove(in + strlen(seps[i]), in, n);
		memcpy(in, seps[i], strlen(seps[i]));
		n += strlen(seps[i]);
		memcpy(in + n, seps[i], strlen(seps[i]));
		n += strlen(seps[i]);
		assert_int_equal(receipt_parse(in, n, out), RECEIPT_OK);
		assert_string_equal(out, IBAN_EXAMPLE);
	}
}

static void
test_typo_in_full_width_is_echeck(void **state)
{
	static const char typed[] =
	    "３２１４－２８２９－１２３４－５６９８－７６５４－３２１６－１１８３";
	char out[CANON];

	(void)state;
	assert_int_equal(receipt_parse(typed, strlen(typed), out),
	    RECEIPT_ECHECK);
}

static void
test_garbage_is_eformat(void **state)
{
	static const char *const bad[] = {
	    "", "-", "　", "1234",
	    "321428291234569876543216118",		/* 27 digits */
	    "32142829123456987654321611820",		/* 29 digits */
	    "3214282912345698765432161182a",
	    "a3214282912345698765432161182",
	    "3214_2829_1234_5698_7654_3216_1182",
	    "3214.2829.1234.5698.7654.3216.1182",
	    "3214282912345698765432161182\n",
	    "'; DROP TABLE cases; --",
	    "３２１４２８２９１２３４５６９８７６５４３２１６１１８Ｚ",
	    "٣٢١٤٢٨٢٩١٢٣٤٥٦٩٨٧٦٥٤٣٢١٦١١٨٢",		/* Arabic-Indic */
	    "³214282912345698765432161182",		/* superscript */
	    "\xef\xbc",					/* cut UTF-8 */
	    "321428291234569876543216118\xef\xbc",
	    "\xff\xfe" "3214282912345698765432161182",
	    "〜3214282912345698765432161182",		/* wave dash */
	    NULL };
	char out[CANON];
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++) {
		assert_int_equal(receipt_parse(bad[i], strlen(bad[i]), out),
		    RECEIPT_EFORMAT);
		assert_int_equal(out[0], '\0');
	}
}

static void
test_embedded_nul_and_null_are_eformat(void **state)
{
	char in[RECEIPT_DIGITS + 2], out[CANON];

	(void)state;
	memcpy(in, "32142829123456\0", 15);
	memcpy(in + 15, IBAN_EXAMPLE + 14, 15);
	assert_int_equal(receipt_parse(in, RECEIPT_DIGITS + 1, out),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_parse(NULL, 0, out), RECEIPT_EFORMAT);
	assert_int_equal(receipt_parse(IBAN_EXAMPLE, 0, out), RECEIPT_EFORMAT);
}

/* RECEIPT_INPUT_MAX bytes are read; one more is refused unread. */
static void
test_input_length_limit(void **state)
{
	char in[RECEIPT_INPUT_MAX + 1], out[CANON];

	(void)state;
	memset(in, ' ', sizeof(in));
	memcpy(in, IBAN_EXAMPLE, RECEIPT_DIGITS);
	assert_int_equal(receipt_parse(in, RECEIPT_INPUT_MAX, out), RECEIPT_OK);
	assert_int_equal(receipt_parse(in, RECEIPT_INPUT_MAX + 1, out),
	    RECEIPT_EFORMAT);
}

static void
test_lookup_is_keyed(void **state)
{
	unsigned char *k1 = sodium_malloc(RECEIPT_LOOKUP_KEYBYTES);
	unsigned char *k2 = sodium_malloc(RECEIPT_LOOKUP_KEYBYTES);
	unsigned char a[RECEIPT_LOOKUPBYTES], b[RECEIPT_LOOKUPBYTES];
	unsigned char c[RECEIPT_LOOKUPBYTES];
	char r1[CANON], r2[CANON];

	(void)state;
	randombytes_buf(k1, RECEIPT_LOOKUP_KEYBYTES);
	randombytes_buf(k2, RECEIPT_LOOKUP_KEYBYTES);
	receipt_new(r1);
	receipt_new(r2);
	receipt_lookup(k1, r1, a);
	receipt_lookup(k1, r1, b);
	assert_memory_equal(a, b, sizeof(a));	/* deterministic */
	receipt_lookup(k2, r1, c);
	assert_memory_not_equal(a, c, sizeof(a));	/* per key */
	receipt_lookup(k1, r2, c);
	assert_memory_not_equal(a, c, sizeof(a));	/* per receipt */
	/* it is keyed BLAKE2b of the 28 canonical digits, nothing more */
	crypto_generichash(c, sizeof(c), (const unsigned char *)r1,
	    RECEIPT_DIGITS, k1, RECEIPT_LOOKUP_KEYBYTES);
	assert_memory_equal(a, c, sizeof(a));
	crypto_generichash(c, sizeof(c), (const unsigned char *)r1,
	    RECEIPT_DIGITS, NULL, 0);
	assert_memory_not_equal(a, c, sizeof(a));
	sodium_free(k1);
	sodium_free(k2);
}

static void
test_salts_differ(void **state)
{
	unsigned char a[RECEIPT_SALTBYTES], b[RECEIPT_SALTBYTES];

	(void)state;
	receipt_salt(a);
	receipt_salt(b);
	assert_memory_not_equal(a, b, RECEIPT_SALTBYTES);
}

static void
keypair(const char *r, const unsigned char *salt, unsigned char *pk,
    unsigned char *sk)
{
	assert_int_equal(receipt_keypair(r, salt, FAST_OPS, FAST_MEM, pk, sk),
	    RECEIPT_OK);
}

static void
test_keypair_is_deterministic(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES], pk[32], pk2[32];
	unsigned char *sk = sodium_malloc(32), *sk2 = sodium_malloc(32);
	unsigned char derived[32];
	char r[CANON];

	(void)state;
	receipt_new(r);
	receipt_salt(salt);
	keypair(r, salt, pk, sk);
	keypair(r, salt, pk2, sk2);
	assert_memory_equal(pk, pk2, 32);
	assert_memory_equal(sk, sk2, 32);
	/* pk belongs to sk */
	assert_int_equal(crypto_scalarmult_base(derived, sk), 0);
	assert_memory_equal(derived, pk, 32);
	sodium_free(sk);
	sodium_free(sk2);
}

static void
test_keypair_differs_per_receipt_and_salt(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES], salt2[RECEIPT_SALTBYTES];
	unsigned char pk[32], pk2[32], *sk = sodium_malloc(32);
	char r[CANON], other[CANON];

	(void)state;
	receipt_new(r);
	receipt_new(other);
	receipt_salt(salt);
	memcpy(salt2, salt, sizeof(salt));
	salt2[RECEIPT_SALTBYTES - 1] ^= 1;
	keypair(r, salt, pk, sk);
	keypair(other, salt, pk2, sk);
	assert_memory_not_equal(pk, pk2, 32);
	keypair(r, salt2, pk2, sk);
	assert_memory_not_equal(pk, pk2, 32);
	keypair(other, salt2, pk2, sk);
	assert_memory_not_equal(pk, pk2, 32);
	sodium_free(sk);
}

/* The reporter's copy of K: opens with the right receipt, nothing else. */
static void
test_sealed_key_opens_only_with_the_receipt(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES], salt2[RECEIPT_SALTBYTES];
	unsigned char pk[32], pk2[32], sealed[ENV_SEALED_KEYBYTES];
	unsigned char *sk = sodium_malloc(32), *k = env_key_new(), *got;
	char r[CANON], other[CANON], typo[CANON];

	(void)state;
	receipt_new(r);
	receipt_new(other);
	memcpy(typo, r, CANON);
	typo[0] = r[0] == '9' ? '0' : (char)(r[0] + 1);
	receipt_salt(salt);
	receipt_salt(salt2);
	keypair(r, salt, pk, sk);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	sodium_memzero(sk, 32);
	/* later, from the written-down receipt alone */
	keypair(r, salt, pk2, sk);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_OK);
	assert_memory_equal(got, k, ENV_KEYBYTES);
	env_secret_free(got);
	keypair(other, salt, pk2, sk);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_EDECRYPT);
	keypair(typo, salt, pk2, sk);	/* bad check digits, still a key */
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_EDECRYPT);
	keypair(r, salt2, pk2, sk);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_EDECRYPT);
	keypair(other, salt, pk2, sk);	/* right pk, wrong sk: swapped */
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk, &got),
	    ENV_EDECRYPT);
	assert_null(got);
	sodium_free(sk);
	env_secret_free(k);
}

static void
test_keypair_bad_arguments(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES] = { 0 }, pk[32];
	unsigned char *sk = sodium_malloc(32);
	char r[CANON];

	(void)state;
	receipt_new(r);
	assert_int_equal(receipt_keypair(r, salt, 0, FAST_MEM, pk, sk),
	    RECEIPT_EFORMAT);	/* below Argon2id's minimum */
	assert_int_equal(receipt_keypair(r, salt, FAST_OPS, FAST_MEM - 1, pk,
	    sk), RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair("1234", salt, FAST_OPS, FAST_MEM, pk,
	    sk), RECEIPT_EFORMAT);	/* not canonical: would read past */
	assert_int_equal(receipt_keypair("3214-2829-1234-5698-7654-3216-1182",
	    salt, FAST_OPS, FAST_MEM, pk, sk), RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair(NULL, salt, FAST_OPS, FAST_MEM, pk,
	    sk), RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair(r, NULL, FAST_OPS, FAST_MEM, pk, sk),
	    RECEIPT_EFORMAT);
	sodium_free(sk);
}

/*
 * Known answer computed outside libsodium (Python hashlib BLAKE2b with
 * salt and person, SHA-512, X25519 from the cryptography package), so the
 * stored derivation cannot drift without this test failing.
 */
static void
test_blake2b_keypair_known_answer(void **state)
{
	static const unsigned char want[32] = {
		0x7a, 0xfe, 0x76, 0x65, 0x54, 0xd9, 0xa0, 0x0b, 0xd9, 0x6a,
		0x29, 0xd5, 0x96, 0x5b, 0x12, 0x55, 0x4c, 0x69, 0x28, 0x8c,
		0x5c, 0xca, 0xc1, 0x36, 0x98, 0x5c, 0xe3, 0xd6, 0xad, 0xd2,
		0x76, 0x52
	};
	unsigned char salt[RECEIPT_SALTBYTES], pk[32], derived[32];
	unsigned char *sk = sodium_malloc(32);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(salt); i++)
		salt[i] = (unsigned char)i;
	assert_int_equal(receipt_keypair_blake2b("1234567890123456789012345678",
	    salt, pk, sk), RECEIPT_OK);
	assert_memory_equal(pk, want, 32);
	assert_int_equal(crypto_scalarmult_base(derived, sk), 0);
	assert_memory_equal(derived, pk, 32);
	sodium_free(sk);
}

static void
test_blake2b_keypair_differs_per_receipt_and_salt(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES], salt2[RECEIPT_SALTBYTES];
	unsigned char pk[32], pk2[32], pk3[32], *sk = sodium_malloc(32);
	char r[CANON], other[CANON];

	(void)state;
	receipt_new(r);
	receipt_new(other);
	receipt_salt(salt);
	receipt_salt(salt2);
	assert_int_equal(receipt_keypair_blake2b(r, salt, pk, sk), RECEIPT_OK);
	assert_int_equal(receipt_keypair_blake2b(other, salt, pk2, sk),
	    RECEIPT_OK);
	assert_memory_not_equal(pk, pk2, 32);
	assert_int_equal(receipt_keypair_blake2b(r, salt2, pk2, sk), RECEIPT_OK);
	assert_memory_not_equal(pk, pk2, 32);
	/* the same receipt and salt under Argon2id is another key */
	keypair(r, salt, pk3, sk);
	assert_memory_not_equal(pk, pk3, 32);
	sodium_free(sk);
}

/* A key sealed to the BLAKE2b key opens with it and with nothing else. */
static void
test_blake2b_sealed_key_opens_only_with_the_receipt(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES], pk[32], pk2[32];
	unsigned char sealed[ENV_SEALED_KEYBYTES];
	unsigned char *sk = sodium_malloc(32), *k = env_key_new(), *got = NULL;
	char r[CANON], other[CANON];

	(void)state;
	receipt_new(r);
	receipt_new(other);
	receipt_salt(salt);
	assert_int_equal(receipt_keypair_blake2b(r, salt, pk, sk), RECEIPT_OK);
	assert_int_equal(env_key_seal(k, pk, sealed), ENV_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk, sk, &got),
	    ENV_OK);
	assert_memory_equal(got, k, 32);
	env_secret_free(got);
	got = NULL;
	assert_int_equal(receipt_keypair_blake2b(other, salt, pk2, sk),
	    RECEIPT_OK);
	assert_int_equal(env_key_open(sealed, sizeof(sealed), pk2, sk, &got),
	    ENV_EDECRYPT);
	assert_null(got);
	sodium_free(sk);
	env_secret_free(k);
}

static void
test_blake2b_keypair_bad_arguments(void **state)
{
	unsigned char salt[RECEIPT_SALTBYTES] = { 0 }, pk[32];
	unsigned char *sk = sodium_malloc(32);
	char r[CANON];

	(void)state;
	receipt_new(r);
	assert_int_equal(receipt_keypair_blake2b("1234", salt, pk, sk),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair_blake2b(
	    "3214-2829-1234-5698-7654-3216-1182", salt, pk, sk),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair_blake2b(NULL, salt, pk, sk),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair_blake2b(r, NULL, pk, sk),
	    RECEIPT_EFORMAT);
	assert_int_equal(receipt_keypair_blake2b(r, salt, NULL, sk),
	    RECEIPT_EFORMAT);
	sodium_free(sk);
}

static void
test_kdf_names_round_trip(void **state)
{
	(void)state;
	assert_int_equal(receipt_kdf_parse(receipt_kdf_name(RECEIPT_KDF_BLAKE2B)),
	    RECEIPT_KDF_BLAKE2B);
	assert_int_equal(receipt_kdf_parse(receipt_kdf_name(RECEIPT_KDF_ARGON2ID)),
	    RECEIPT_KDF_ARGON2ID);
	assert_string_equal(receipt_kdf_name(RECEIPT_KDF_BLAKE2B), "blake2b");
	assert_string_equal(receipt_kdf_name(RECEIPT_KDF_ARGON2ID), "argon2id");
	assert_int_equal(receipt_kdf_parse("BLAKE2B"), 0);
	assert_int_equal(receipt_kdf_parse("argon2i"), 0);
	assert_int_equal(receipt_kdf_parse(""), 0);
	assert_int_equal(receipt_kdf_parse(NULL), 0);
	assert_null(receipt_kdf_name(0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entropy_is_at_least_80_bits),
		cmocka_unit_test(test_new_receipts_are_random_digits),
		cmocka_unit_test(test_new_receipts_carry_check_digits),
		cmocka_unit_test(test_check_digits_known_answer),
		cmocka_unit_test(test_format_groups_of_four),
		cmocka_unit_test(test_every_digit_substitution_is_caught),
		cmocka_unit_test(test_every_adjacent_swap_is_caught),
		cmocka_unit_test(test_full_width_input_parses),
		cmocka_unit_test(test_mixed_width_input_parses),
		cmocka_unit_test(test_every_separator_is_ignored),
		cmocka_unit_test(test_typo_in_full_width_is_echeck),
		cmocka_unit_test(test_garbage_is_eformat),
		cmocka_unit_test(test_embedded_nul_and_null_are_eformat),
		cmocka_unit_test(test_input_length_limit),
		cmocka_unit_test(test_lookup_is_keyed),
		cmocka_unit_test(test_salts_differ),
		cmocka_unit_test(test_keypair_is_deterministic),
		cmocka_unit_test(test_keypair_differs_per_receipt_and_salt),
		cmocka_unit_test(test_sealed_key_opens_only_with_the_receipt),
		cmocka_unit_test(test_keypair_bad_arguments),
		cmocka_unit_test(test_blake2b_keypair_known_answer),
		cmocka_unit_test(test_blake2b_keypair_differs_per_receipt_and_salt),
		cmocka_unit_test(test_blake2b_sealed_key_opens_only_with_the_receipt),
		cmocka_unit_test(test_blake2b_keypair_bad_arguments),
		cmocka_unit_test(test_kdf_names_round_trip),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
