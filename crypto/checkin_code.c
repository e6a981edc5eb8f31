/*
 * Check-in codes. The check digits work as for receipts (receipt.c):
 * MOD 97-10 catches every single substituted digit and every adjacent
 * swap. The hash input is prefixed by what it is ("code:", "link:") so a
 * code can never be taken for a link token or the other way round.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/checkin_code.h"
#include "crypto/digit_code.h"

_Static_assert(CHECKIN_DIGITS == CHECKIN_RANDOM_DIGITS + 2, "two check digits");
_Static_assert(CHECKIN_TEXTLEN == CHECKIN_DIGITS + CHECKIN_DIGITS / 3 - 1,
    "groups of three");
_Static_assert(CHECKIN_KEYBYTES >= crypto_generichash_KEYBYTES_MIN &&
    CHECKIN_KEYBYTES <= crypto_generichash_KEYBYTES_MAX, "check-in key");

void
checkin_code_new(char canon[CHECKIN_DIGITS + 1])
{
	digit_code_new(canon, CHECKIN_RANDOM_DIGITS);
}

void
checkin_code_format(const char *canon, char out[CHECKIN_TEXTLEN + 1])
{
	digit_code_format(canon, CHECKIN_DIGITS, 3, out);
}

int
checkin_code_parse(const char *in, size_t len, char canon[CHECKIN_DIGITS + 1])
{
	switch (digit_code_parse(in, len, CHECKIN_INPUT_MAX, canon,
	    CHECKIN_DIGITS)) {
	case DIGIT_CODE_OK:
		return CHECKIN_OK;
	case DIGIT_CODE_ECHECK:
		return CHECKIN_ECHECK;
	default:
		return CHECKIN_EFORMAT;
	}
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
