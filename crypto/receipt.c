/*
 * Receipt codes. ISO 7064 MOD 97-10 is used because 97 is prime and larger
 * than any digit difference: a single substituted digit changes the value
 * by d * 10^i, an adjacent swap by 9 * (a - b) * 10^i, and neither is ever
 * a multiple of 97. Both are therefore always caught.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"

_Static_assert(RECEIPT_LOOKUPBYTES >= crypto_generichash_BYTES_MIN &&
    RECEIPT_LOOKUPBYTES <= crypto_generichash_BYTES_MAX, "lookup size");
_Static_assert(RECEIPT_LOOKUP_KEYBYTES >= crypto_generichash_KEYBYTES_MIN &&
    RECEIPT_LOOKUP_KEYBYTES <= crypto_generichash_KEYBYTES_MAX, "lookup key");
_Static_assert(RECEIPT_SALTBYTES == crypto_pwhash_SALTBYTES, "Argon2id salt");
_Static_assert(RECEIPT_SALTBYTES == crypto_generichash_blake2b_SALTBYTES,
    "BLAKE2b salt");
_Static_assert(sizeof(RECEIPT_KDF_PERSONAL) - 1 ==
    crypto_generichash_blake2b_PERSONALBYTES, "BLAKE2b personalisation");
_Static_assert(RECEIPT_DIGITS == RECEIPT_RANDOM_DIGITS + 2, "two check digits");
_Static_assert(RECEIPT_TEXTLEN == RECEIPT_DIGITS + RECEIPT_DIGITS / 4 - 1,
    "groups of four");

/* ISO 7064 MOD 97-10 remainder of a string of decimal digits. */
static unsigned
receipt_mod97(const char *d, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r;
}

/* 1 if canon is exactly RECEIPT_DIGITS ASCII digits and a NUL. */
static int
receipt_canon_valid(const char *canon)
{
	size_t i;

	if (canon == NULL)
		return 0;
	for (i = 0; i < RECEIPT_DIGITS; i++)
		if (canon[i] < '0' || canon[i] > '9')
			return 0;
	return canon[RECEIPT_DIGITS] == '\0';
}

void
receipt_new(char canon[RECEIPT_DIGITS + 1])
{
	unsigned check;
	size_t i;

	/* randombytes_uniform: no modulo bias, each digit log2(10) bits */
	for (i = 0; i < RECEIPT_RANDOM_DIGITS; i++)
		canon[i] = (char)('0' + randombytes_uniform(10));
	/* with "00" appended, 98 - r makes the whole number 1 mod 97 */
	canon[RECEIPT_RANDOM_DIGITS] = canon[RECEIPT_RANDOM_DIGITS + 1] = '0';
	check = 98 - receipt_mod97(canon, RECEIPT_DIGITS);
	canon[RECEIPT_RANDOM_DIGITS] = (char)('0' + check / 10);
	canon[RECEIPT_RANDOM_DIGITS + 1] = (char)('0' + check % 10);
	canon[RECEIPT_DIGITS] = '\0';
}

void
receipt_format(const char *canon, char out[RECEIPT_TEXTLEN + 1])
{
	size_t i, o = 0;

	for (i = 0; i < RECEIPT_DIGITS && canon[i] != '\0'; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	out[o] = '\0';
}

/*
 * What a phone keyboard or a Japanese IME may put between the groups, all
 * ignored: spaces (ASCII, tab, no-break, ideographic), hyphens and minus
 * signs (ASCII, Unicode, full-width, small), the long vowel mark ー that
 * an IME gives for '-' in kana mode, and dashes.
 */
static const char *const receipt_ignored[] = {
	" ", "\t", "-",
	"\xc2\xa0",		/* U+00A0 no-break space */
	"\xe3\x80\x80",		/* U+3000 ideographic space */
	"\xe2\x80\x90",		/* U+2010 hyphen */
	"\xe2\x80\x91",		/* U+2011 non-breaking hyphen */
	"\xe2\x80\x92",		/* U+2012 figure dash */
	"\xe2\x80\x93",		/* U+2013 en dash */
	"\xe2\x80\x94",		/* U+2014 em dash */
	"\xe2\x80\x95",		/* U+2015 horizontal bar */
	"\xe2\x88\x92",		/* U+2212 minus sign */
	"\xe3\x83\xbc",		/* U+30FC katakana long vowel mark */
	"\xef\xb9\xa3",		/* U+FE63 small hyphen-minus */
	"\xef\xbc\x8d",		/* U+FF0D full-width hyphen-minus */
	"\xef\xbd\xb0",		/* U+FF70 half-width long vowel mark */
	NULL
};

/* Length of an ignored separator at p, or 0. */
static size_t
receipt_separator(const unsigned char *p, size_t left)
{
	size_t i, n;

	for (i = 0; receipt_ignored[i] != NULL; i++) {
		n = strlen(receipt_ignored[i]);
		if (n <= left && memcmp(p, receipt_ignored[i], n) == 0)
			return n;
	}
	return 0;
}

/* Length of a digit at p (ASCII or full-width U+FF10..FF19), or 0. */
static size_t
receipt_digit(const unsigned char *p, size_t left, char *d)
{
	if (p[0] >= '0' && p[0] <= '9') {
		*d = (char)p[0];
		return 1;
	}
	if (left >= 3 && p[0] == 0xef && p[1] == 0xbc &&
	    p[2] >= 0x90 && p[2] <= 0x99) {
		*d = (char)('0' + (p[2] - 0x90));
		return 3;
	}
	return 0;
}

int
receipt_parse(const char *in, size_t len, char canon[RECEIPT_DIGITS + 1])
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, n = 0, step;
	char d;

	/* on RECEIPT_EFORMAT canon is left empty, never half-filled */
	memset(canon, 0, RECEIPT_DIGITS + 1);
	if (in == NULL || len > RECEIPT_INPUT_MAX)
		return RECEIPT_EFORMAT;
	while (i < len) {
		if ((step = receipt_separator(u + i, len - i)) > 0) {
			i += step;
			continue;
		}
		if ((step = receipt_digit(u + i, len - i, &d)) == 0 ||
		    n == RECEIPT_DIGITS)
			break;
		canon[n++] = d;
		i += step;
	}
	if (i < len || n != RECEIPT_DIGITS) {
		memset(canon, 0, RECEIPT_DIGITS + 1);
		return RECEIPT_EFORMAT;
	}
	return receipt_mod97(canon, n) == 1 ? RECEIPT_OK : RECEIPT_ECHECK;
}

void
receipt_lookup(const unsigned char *lookup_key, const char *canon,
    unsigned char out[RECEIPT_LOOKUPBYTES])
{
	/* strnlen: a short string is hashed as it is, never read past */
	crypto_generichash(out, RECEIPT_LOOKUPBYTES,
	    (const unsigned char *)canon, strnlen(canon, RECEIPT_DIGITS),
	    lookup_key, RECEIPT_LOOKUP_KEYBYTES);
}

void
receipt_salt(unsigned char salt[RECEIPT_SALTBYTES])
{
	randombytes_buf(salt, RECEIPT_SALTBYTES);
}

/*
 * Arguments that cannot be right (not a canonical receipt, Argon2id
 * parameters out of its range) are RECEIPT_EFORMAT; a failure of
 * crypto_pwhash with valid parameters can only be memory.
 */
int
receipt_keypair(const char *canon, const unsigned char *salt,
    unsigned long long ops, size_t mem, unsigned char *pk, unsigned char *sk)
{
	unsigned char *seed;
	int rc;

	if (!receipt_canon_valid(canon) || salt == NULL || pk == NULL ||
	    sk == NULL)
		return RECEIPT_EFORMAT;
	if (ops < crypto_pwhash_OPSLIMIT_MIN ||
	    ops > crypto_pwhash_OPSLIMIT_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN ||
	    mem > crypto_pwhash_MEMLIMIT_MAX)
		return RECEIPT_EFORMAT;
	if ((seed = sodium_malloc(crypto_box_SEEDBYTES)) == NULL)
		return RECEIPT_ENOMEM;
	rc = crypto_pwhash(seed, crypto_box_SEEDBYTES, canon, RECEIPT_DIGITS,
	    salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
	if (rc == 0)
		rc = crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	if (rc != 0) {
		sodium_memzero(sk, crypto_box_SECRETKEYBYTES);
		return RECEIPT_ENOMEM;
	}
	return RECEIPT_OK;
}

const char *
receipt_kdf_name(enum receipt_kdf kdf)
{
	switch (kdf) {
	case RECEIPT_KDF_BLAKE2B:
		return RECEIPT_KDF_BLAKE2B_NAME;
	case RECEIPT_KDF_ARGON2ID:
		return RECEIPT_KDF_ARGON2ID_NAME;
	}
	return NULL;
}

enum receipt_kdf
receipt_kdf_parse(const char *name)
{
	if (name == NULL)
		return 0;
	if (strcmp(name, RECEIPT_KDF_BLAKE2B_NAME) == 0)
		return RECEIPT_KDF_BLAKE2B;
	if (strcmp(name, RECEIPT_KDF_ARGON2ID_NAME) == 0)
		return RECEIPT_KDF_ARGON2ID;
	return 0;
}

/*
 * The salt makes the derivation per case (one guess tests one case); the
 * personalisation keeps this hash apart from the lookup hash of the same
 * digits. crypto_box_seed_keypair hashes the seed once more (SHA-512).
 */
int
receipt_keypair_blake2b(const char *canon, const unsigned char *salt,
    unsigned char *pk, unsigned char *sk)
{
	unsigned char *seed;
	int rc;

	if (!receipt_canon_valid(canon) || salt == NULL || pk == NULL ||
	    sk == NULL)
		return RECEIPT_EFORMAT;
	if ((seed = sodium_malloc(crypto_box_SEEDBYTES)) == NULL)
		return RECEIPT_ENOMEM;
	rc = crypto_generichash_blake2b_salt_personal(seed,
	    crypto_box_SEEDBYTES, (const unsigned char *)canon, RECEIPT_DIGITS,
	    NULL, 0, salt, (const unsigned char *)RECEIPT_KDF_PERSONAL);
	if (rc == 0)
		rc = crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	if (rc != 0) {
		sodium_memzero(sk, crypto_box_SECRETKEYBYTES);
		return RECEIPT_ENOMEM;
	}
	return RECEIPT_OK;
}
