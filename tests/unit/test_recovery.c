/*
 * The organisation recovery phrase: the secret key written once on paper
 * and typed back in years later. Round trips, the forgiving reading
 * (case, I/L/O, spacing) and the typos the checksum must refuse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/recovery.h"

#define SK		32
#define CHARS		55	/* (32 + 2) * 8 bits in 5-bit characters */
#define TEXTLEN		(CHARS + CHARS / 5 - 1)	/* 11 groups of 5 */

static const char ALPHABET[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Fixed keys, so the exhaustive typo tests are the same on every run. */
static void
fixed_key(int which, unsigned char *sk)
{
	int i;

	for (i = 0; i < SK; i++)
		sk[i] = which == 0 ? 0x00 : which == 1 ? 0xff :
		    (unsigned char)(i * 37 + which);
}

static char *
encode(const unsigned char *sk)
{
	char *p = sodium_malloc(RECOVERY_PHRASE_MAX);

	assert_non_null(p);
	assert_int_equal(recovery_phrase_encode(sk, p, RECOVERY_PHRASE_MAX), 0);
	return p;
}

static void
decodes_to(const char *phrase, const unsigned char *want)
{
	unsigned char *got = sodium_malloc(SK);

	assert_int_equal(recovery_phrase_decode(phrase, got), 0);
	assert_memory_equal(got, want, SK);
	sodium_free(got);
}

static void
refused(const char *phrase)
{
	unsigned char *got = sodium_malloc(SK);

	memset(got, 0xaa, SK);
	assert_int_equal(recovery_phrase_decode(phrase, got), -1);
	assert_true(memcmp(got, "\xaa\xaa\xaa\xaa", 4) == 0); /* untouched */
	sodium_free(got);
}

static void
test_round_trip(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p;
	int i;

	(void)state;
	for (i = 0; i < 50; i++) {
		if (i < 4)
			fixed_key(i, sk);
		else
			randombytes_buf(sk, SK);
		p = encode(sk);
		decodes_to(p, sk);
		sodium_free(p);
	}
	sodium_free(sk);
}

/* 11 groups of 5 Crockford characters: no I, L, O or U to misread. */
static void
test_phrase_shape(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p;
	size_t i;

	(void)state;
	randombytes_buf(sk, SK);
	p = encode(sk);
	assert_int_equal(strlen(p), TEXTLEN);
	assert_true(TEXTLEN + 1 <= RECOVERY_PHRASE_MAX);
	for (i = 0; i < TEXTLEN; i++) {
		if (i % 6 == 5) {
			assert_int_equal(p[i], '-');
			continue;
		}
		assert_non_null(strchr(ALPHABET, p[i]));
		assert_null(strchr("ILOU", p[i]));
	}
	sodium_free(p);
	sodium_free(sk);
}

/* Known answer: all-zero key; its checksum is BLAKE2b-16 keyed. */
static void
test_known_answer(void **state)
{
	unsigned char sk[SK] = { 0 }, check[2];
	char *p;

	(void)state;
	crypto_generichash(check, 2, sk, SK,
	    (const unsigned char *)"madoguchi-recovery", 18);
	p = encode(sk);
	/* 256 zero bits are 51 '0' characters and one more bit of zeros */
	assert_memory_equal(p, "00000-00000-00000-00000-00000-00000-00000-"
	    "00000-00000-00000-0", 61);
	assert_int_equal(p[61], ALPHABET[check[0] >> 4]);
	sodium_free(p);
}

static void
test_encode_buffer_sizes(void **state)
{
	unsigned char sk[SK];
	char small[TEXTLEN], exact[TEXTLEN + 1], big[200];

	(void)state;
	randombytes_buf(sk, SK);
	assert_int_equal(recovery_phrase_encode(sk, small, sizeof(small)), -1);
	assert_int_equal(recovery_phrase_encode(sk, exact, sizeof(exact)), 0);
	assert_int_equal(recovery_phrase_encode(sk, big, sizeof(big)), 0);
	assert_string_equal(exact, big);
	assert_int_equal(recovery_phrase_encode(NULL, big, sizeof(big)), -1);
	assert_int_equal(recovery_phrase_encode(sk, NULL, sizeof(big)), -1);
}

static void
test_lowercase_accepted(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p;
	size_t i;

	(void)state;
	randombytes_buf(sk, SK);
	p = encode(sk);
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] >= 'A' && p[i] <= 'Z')
			p[i] = (char)(p[i] - 'A' + 'a');
	decodes_to(p, sk);
	sodium_free(p);
	sodium_free(sk);
}

/* Handwriting: I, i, L, l read as 1; O, o read as 0. */
static void
test_confusables_map(void **state)
{
	static const char ones[] = "IiLl", zeros[] = "Oo";
	unsigned char *sk = sodium_malloc(SK);
	char *p;
	size_t i, n1 = 0, n0 = 0;
	int which;

	(void)state;
	/* a key whose phrase has both a 1 and a 0 to replace */
	for (which = 2;; which++) {
		fixed_key(which, sk);
		p = encode(sk);
		if (strchr(p, '1') != NULL && strchr(p, '0') != NULL)
			break;
		sodium_free(p);
	}
	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] == '1')
			p[i] = ones[n1++ % 4];
		else if (p[i] == '0')
			p[i] = zeros[n0++ % 2];
	}
	assert_true(n1 > 0 && n0 > 0);
	decodes_to(p, sk);
	sodium_free(p);
	sodium_free(sk);
}

/* Spaces for hyphens, no separators, or both at once: all the same. */
static void
test_spacing_ignored(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p, bare[CHARS + 1], wide[3 * CHARS + 1];
	size_t i, n = 0, w = 0;

	(void)state;
	randombytes_buf(sk, SK);
	p = encode(sk);
	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] == '-')
			continue;
		bare[n++] = p[i];
		wide[w++] = p[i];
		wide[w++] = i % 2 ? ' ' : '-';
	}
	bare[n] = '\0';
	wide[w] = '\0';
	decodes_to(bare, sk);
	decodes_to(wide, sk);
	for (i = 0; p[i] != '\0'; i++)
		if (p[i] == '-')
			p[i] = ' ';
	decodes_to(p, sk);
	sodium_free(p);
	sodium_free(sk);
}

/*
 * Every single-character change, at every position to every other
 * character, on fixed keys. The checksum is 16 bits, so for an arbitrary
 * key a change in the secret part slips through with probability 2^-16;
 * these keys are known to have no such collision.
 */
static void
test_every_changed_character_fails(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p, bad[RECOVERY_PHRASE_MAX];
	size_t i, a, tried = 0;
	int which;

	(void)state;
	for (which = 0; which < 4; which++) {
		fixed_key(which, sk);
		p = encode(sk);
		for (i = 0; p[i] != '\0'; i++) {
			if (p[i] == '-')
				continue;
			for (a = 0; ALPHABET[a] != '\0'; a++) {
				if (ALPHABET[a] == p[i])
					continue;
				memcpy(bad, p, TEXTLEN + 1);
				bad[i] = ALPHABET[a];
				refused(bad);
				tried++;
			}
		}
		sodium_free(p);
	}
	assert_int_equal(tried, 4 * CHARS * 31);
	sodium_free(sk);
}

/* For any key, a change in the checksum characters is always caught. */
static void
test_changed_checksum_character_fails(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p, bad[RECOVERY_PHRASE_MAX];
	size_t i, a;
	int n;

	(void)state;
	for (n = 0; n < 20; n++) {
		randombytes_buf(sk, SK);
		p = encode(sk);
		for (i = TEXTLEN - 3; i < TEXTLEN; i++)	/* bits 260..274 */
			for (a = 0; ALPHABET[a] != '\0'; a++) {
				if (ALPHABET[a] == p[i])
					continue;
				memcpy(bad, p, TEXTLEN + 1);
				bad[i] = ALPHABET[a];
				refused(bad);
			}
		sodium_free(p);
	}
	sodium_free(sk);
}

static void
test_adjacent_swap_fails(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p, bad[RECOVERY_PHRASE_MAX];
	size_t i, j;
	int which;

	(void)state;
	for (which = 1; which < 4; which++) {
		fixed_key(which, sk);
		p = encode(sk);
		for (i = 0; i + 1 < TEXTLEN; i++) {
			/* across a hyphen, the neighbour is one further */
			j = p[i + 1] == '-' ? i + 2 : i + 1;
			if (p[i] == '-' || p[i] == p[j])
				continue;
			memcpy(bad, p, TEXTLEN + 1);
			bad[i] = p[j];
			bad[j] = p[i];
			refused(bad);
		}
		sodium_free(p);
	}
	sodium_free(sk);
}

/* The last character's 3 spare bits must be zero: one phrase per key. */
static void
test_noncanonical_padding_fails(void **state)
{
	unsigned char *sk = sodium_malloc(SK);
	char *p, bad[RECOVERY_PHRASE_MAX];
	const char *at;
	int v;

	(void)state;
	randombytes_buf(sk, SK);
	p = encode(sk);
	at = strchr(ALPHABET, p[TEXTLEN - 1]);
	assert_non_null(at);
	assert_int_equal((at - ALPHABET) & 7, 0);
	for (v = 1; v < 8; v++) {
		memcpy(bad, p, TEXTLEN + 1);
		bad[TEXTLEN - 1] = ALPHABET[(at - ALPHABET) | v];
		refused(bad);
	}
	sodium_free(p);
	sodium_free(sk);
}

static void
test_malformed_fails(void **state)
{
	unsigned char *sk = sodium_malloc(SK), *got = sodium_malloc(SK);
	char *p, bad[RECOVERY_PHRASE_MAX + 8];

	(void)state;
	randombytes_buf(sk, SK);
	p = encode(sk);
	refused("");
	refused("-----");
	refused("UUUUU");
	memcpy(bad, p, TEXTLEN + 1);
	bad[3] = 'U';		/* not in the alphabet, not a confusable */
	refused(bad);
	bad[3] = '*';
	refused(bad);
	memcpy(bad, p, TEXTLEN + 1);
	bad[TEXTLEN - 1] = '\0';	/* one character short */
	refused(bad);
	memcpy(bad, p, TEXTLEN + 1);
	bad[TEXTLEN] = '0';		/* one character too many */
	bad[TEXTLEN + 1] = '\0';
	refused(bad);
	memcpy(bad, p, TEXTLEN + 1);
	bad[10] = '\0';
	refused(bad);
	memcpy(bad, p, TEXTLEN + 1);
	bad[5] = '\t';		/* only spaces and hyphens are ignored */
	refused(bad);
	assert_int_equal(recovery_phrase_decode(NULL, got), -1);
	assert_int_equal(recovery_phrase_decode(p, NULL), -1);
	sodium_free(p);
	sodium_free(sk);
	sodium_free(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_phrase_shape),
		cmocka_unit_test(test_known_answer),
		cmocka_unit_test(test_encode_buffer_sizes),
		cmocka_unit_test(test_lowercase_accepted),
		cmocka_unit_test(test_confusables_map),
		cmocka_unit_test(test_spacing_ignored),
		cmocka_unit_test(test_every_changed_character_fails),
		cmocka_unit_test(test_changed_checksum_character_fails),
		cmocka_unit_test(test_adjacent_swap_fails),
		cmocka_unit_test(test_noncanonical_padding_fails),
		cmocka_unit_test(test_malformed_fails),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
