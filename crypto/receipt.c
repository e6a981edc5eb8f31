#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"

/* ISO 7064 MOD 97-10 over a string of decimal digits. */
static unsigned
receipt_mod97(const char *d, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r;
}

void
receipt_new(char canon[RECEIPT_DIGITS + 1])
{
	unsigned check;
	size_t i;

	for (i = 0; i < RECEIPT_RANDOM_DIGITS; i++)
		canon[i] = (char)('0' + randombytes_uniform(10));
	/* append two zeros, then choose the pair that makes the total 1 mod 97 */
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

	for (i = 0; i < RECEIPT_DIGITS; i++) {
		if (i > 0 && i % 4 == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	out[o] = '\0';
}

/* Separators a phone keyboard or an IME may produce, all ignored. */
static const char *const receipt_ignored[] = {
	" ", "\t", "-", "\xe3\x80\x80" /* ideographic space */,
	"\xef\xbc\x8d" /* fullwidth hyphen-minus */,
	"\xe3\x83\xbc" /* katakana long vowel mark */,
	"\xef\xbd\xb0" /* halfwidth long vowel mark */,
	"\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92", "\xe2\x80\x93",
	"\xe2\x80\x94" /* hyphens and dashes */, "\xe2\x88\x92" /* minus */,
	NULL
};

/* Length of a separator at p, or 0. */
static size_t
receipt_separator(const char *p, size_t left)
{
	size_t i, n;

	for (i = 0; receipt_ignored[i] != NULL; i++) {
		n = strlen(receipt_ignored[i]);
		if (n <= left && memcmp(p, receipt_ignored[i], n) == 0)
			return n;
	}
	return 0;
}

int
receipt_parse(const char *in, size_t len, char canon[RECEIPT_DIGITS + 1])
{
	size_t i = 0, n = 0, sep;
	const unsigned char *u = (const unsigned char *)in;

	if (in == NULL || len > RECEIPT_INPUT_MAX)
		return RECEIPT_EFORMAT;
	while (i < len) {
		char d;
		if (u[i] >= '0' && u[i] <= '9') {
			d = (char)u[i];
			i++;
		} else if (len - i >= 3 && u[i] == 0xef && u[i + 1] == 0xbc &&
		    u[i + 2] >= 0x90 && u[i + 2] <= 0x99) {
			d = (char)('0' + (u[i + 2] - 0x90));	/* full-width */
			i += 3;
		} else if ((sep = receipt_separator(in + i, len - i)) > 0) {
			i += sep;
			continue;
		} else
			return RECEIPT_EFORMAT;
		if (n >= RECEIPT_DIGITS)
			return RECEIPT_EFORMAT;
		canon[n++] = d;
	}
	canon[n] = '\0';
	if (n != RECEIPT_DIGITS)
		return RECEIPT_EFORMAT;
	return receipt_mod97(canon, n) == 1 ? RECEIPT_OK : RECEIPT_ECHECK;
}

void
receipt_lookup(const unsigned char *lookup_key, const char *canon,
    unsigned char out[RECEIPT_LOOKUPBYTES])
{
	crypto_generichash(out, RECEIPT_LOOKUPBYTES,
	    (const unsigned char *)canon, RECEIPT_DIGITS,
	    lookup_key, RECEIPT_LOOKUP_KEYBYTES);
}

void
receipt_salt(unsigned char salt[RECEIPT_SALTBYTES])
{
	randombytes_buf(salt, RECEIPT_SALTBYTES);
}

int
receipt_keypair(const char *canon, const unsigned char *salt,
    unsigned long long ops, size_t mem, unsigned char *pk, unsigned char *sk)
{
	unsigned char *seed = sodium_malloc(crypto_box_SEEDBYTES);
	int rc;

	if (seed == NULL)
		return RECEIPT_ENOMEM;
	if (ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN) {
		sodium_free(seed);
		return RECEIPT_EFORMAT;
	}
	rc = crypto_pwhash(seed, crypto_box_SEEDBYTES, canon, RECEIPT_DIGITS,
	    salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
	if (rc == 0)
		crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	return rc == 0 ? RECEIPT_OK : RECEIPT_ENOMEM;
}
