/*
 * Check-in codes. The check digits work as for receipts (receipt.c):
 * MOD 97-10 catches every single substituted digit and every adjacent
 * swap. The hash input is prefixed by what it is ("code:", "link:") so a
 * code can never be taken for a link token or the other way round.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/checkin_code.h"

_Static_assert(CHECKIN_DIGITS == CHECKIN_RANDOM_DIGITS + 2, "two check digits");
_Static_assert(CHECKIN_TEXTLEN == CHECKIN_DIGITS + CHECKIN_DIGITS / 3 - 1,
    "groups of three");
_Static_assert(CHECKIN_KEYBYTES >= crypto_generichash_KEYBYTES_MIN &&
    CHECKIN_KEYBYTES <= crypto_generichash_KEYBYTES_MAX, "check-in key");

static unsigned
checkin_mod97(const char *d, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r;
}

void
checkin_code_new(char canon[CHECKIN_DIGITS + 1])
{
	unsigned check;
	size_t i;

	for (i = 0; i < CHECKIN_RANDOM_DIGITS; i++)
		canon[i] = (char)('0' + randombytes_uniform(10));
	canon[CHECKIN_RANDOM_DIGITS] = canon[CHECKIN_RANDOM_DIGITS + 1] = '0';
	check = 98 - checkin_mod97(canon, CHECKIN_DIGITS);
	canon[CHECKIN_RANDOM_DIGITS] = (char)('0' + check / 10);
	canon[CHECKIN_RANDOM_DIGITS + 1] = (char)('0' + check % 10);
	canon[CHECKIN_DIGITS] = '\0';
}

void
checkin_code_format(const char *canon, char out[CHECKIN_TEXTLEN + 1])
{
	size_t i, o = 0;

	for (i = 0; i < CHECKIN_DIGITS && canon[i] != '\0'; i++) {
		if (i > 0 && i % 3 == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	out[o] = '\0';
}

/* What phones and Japanese IMEs put between groups; all ignored. */
static const char *const checkin_ignored[] = {
	" ", "\t", "-",
	"\xc2\xa0",		/* U+00A0 no-break space */
	"\xe3\x80\x80",		/* U+3000 ideographic space */
	"\xe2\x80\x90", "\xe2\x80\x91", "\xe2\x80\x92", "\xe2\x80\x93",
	"\xe2\x80\x94", "\xe2\x80\x95",	/* U+2010..2015 hyphens and dashes */
	"\xe2\x88\x92",		/* U+2212 minus sign */
	"\xe3\x83\xbc",		/* U+30FC katakana long vowel mark */
	"\xef\xb9\xa3",		/* U+FE63 small hyphen-minus */
	"\xef\xbc\x8d",		/* U+FF0D full-width hyphen-minus */
	"\xef\xbd\xb0",		/* U+FF70 half-width long vowel mark */
	NULL
};

static size_t
checkin_separator(const unsigned char *p, size_t left)
{
	size_t i, n;

	for (i = 0; checkin_ignored[i] != NULL; i++) {
		n = strlen(checkin_ignored[i]);
		if (n <= left && memcmp(p, checkin_ignored[i], n) == 0)
			return n;
	}
	return 0;
}

static size_t
checkin_digit(const unsigned char *p, size_t left, char *d)
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
checkin_code_parse(const char *in, size_t len, char canon[CHECKIN_DIGITS + 1])
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, n = 0, step;
	char d;

	memset(canon, 0, CHECKIN_DIGITS + 1);
	if (in == NULL || len > CHECKIN_INPUT_MAX)
		return CHECKIN_EFORMAT;
	while (i < len) {
		if ((step = checkin_separator(u + i, len - i)) > 0) {
			i += step;
			continue;
		}
		if ((step = checkin_digit(u + i, len - i, &d)) == 0 ||
		    n == CHECKIN_DIGITS)
			break;
		canon[n++] = d;
		i += step;
	}
	if (i < len || n != CHECKIN_DIGITS) {
		memset(canon, 0, CHECKIN_DIGITS + 1);
		return CHECKIN_EFORMAT;
	}
	return checkin_mod97(canon, n) == 1 ? CHECKIN_OK : CHECKIN_ECHECK;
}

static void
checkin_hash(const unsigned char *key, const char *kind, const char *s,
    size_t len, unsigned char out[CHECKIN_LOOKUPBYTES])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, key, CHECKIN_KEYBYTES, CHECKIN_LOOKUPBYTES);
	crypto_generichash_update(&st, (const unsigned char *)kind, strlen(kind));
	crypto_generichash_update(&st, (const unsigned char *)s, len);
	crypto_generichash_final(&st, out, CHECKIN_LOOKUPBYTES);
	sodium_memzero(&st, sizeof(st));
}

void
checkin_code_lookup(const unsigned char *key, const char *canon,
    unsigned char out[CHECKIN_LOOKUPBYTES])
{
	checkin_hash(key, "code:", canon, strnlen(canon, CHECKIN_DIGITS), out);
}

void
checkin_link_new(char token[CHECKIN_LINK_TEXT])
{
	unsigned char raw[CHECKIN_LINK_BYTES];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(token, CHECKIN_LINK_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int
checkin_link_lookup(const unsigned char *key, const char *token,
    unsigned char out[CHECKIN_LOOKUPBYTES])
{
	unsigned char raw[CHECKIN_LINK_BYTES];
	size_t n;

	if (token == NULL || strlen(token) != CHECKIN_LINK_TEXT - 1 ||
	    sodium_base642bin(raw, sizeof(raw), token, strlen(token), NULL, &n,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    n != sizeof(raw))
		return -1;
	sodium_memzero(raw, sizeof(raw));
	checkin_hash(key, "link:", token, strlen(token), out);
	return 0;
}
