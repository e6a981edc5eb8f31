/*
 * The recovery phrase: 34 bytes (secret || checksum) are 272 bits, written
 * big-endian 5 bits a character as 55 characters (the last 3 bits are
 * zero), in 11 groups of 5. The checksum is BLAKE2b-16 keyed with a
 * domain string, so it is nobody else's checksum of the same bytes.
 *
 * A 16-bit checksum misses a random error with probability 2^-16; in the
 * checksum characters themselves any change is caught. Decoding accepts
 * only the canonical encoding (zero trailing bits), so no two phrases
 * decode to the same key.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/recovery.h"

#define REC_SECRET	32
#define REC_CHECK	2
#define REC_BYTES	(REC_SECRET + REC_CHECK)
#define REC_BITS	5
#define REC_CHARS	((REC_BYTES * 8 + REC_BITS - 1) / REC_BITS)	/* 55 */
#define REC_GROUP	5
#define REC_TEXTLEN	(REC_CHARS + (REC_CHARS - 1) / REC_GROUP)	/* 65 */
#define REC_CHECK_KEY	"madoguchi-recovery"

_Static_assert(REC_TEXTLEN + 1 <= RECOVERY_PHRASE_MAX, "phrase buffer");

/* Crockford's base32: digits and letters without I, L, O, U. */
static const char rec_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
rec_check(const unsigned char *sk, unsigned char out[REC_CHECK])
{
	crypto_generichash(out, REC_CHECK, sk, REC_SECRET,
	    (const unsigned char *)REC_CHECK_KEY, sizeof(REC_CHECK_KEY) - 1);
}

/* Bit i of b, big-endian; bits past the end read as 0. */
static unsigned
rec_bit(const unsigned char *b, size_t i)
{
	if (i / 8 >= REC_BYTES)
		return 0;
	return (b[i / 8] >> (7 - i % 8)) & 1;
}

int
recovery_phrase_encode(const unsigned char *sk, char *out, size_t outlen)
{
	unsigned char b[REC_BYTES];
	unsigned v;
	size_t c, j, o = 0;

	if (sk == NULL || out == NULL || outlen < REC_TEXTLEN + 1)
		return -1;
	memcpy(b, sk, REC_SECRET);
	rec_check(sk, b + REC_SECRET);
	for (c = 0; c < REC_CHARS; c++) {
		if (c > 0 && c % REC_GROUP == 0)
			out[o++] = '-';
		for (v = 0, j = 0; j < REC_BITS; j++)
			v = (v << 1) | rec_bit(b, c * REC_BITS + j);
		out[o++] = rec_alphabet[v];
	}
	out[o] = '\0';
	sodium_memzero(b, sizeof(b));
	sodium_memzero(&v, sizeof(v));
	return 0;
}

/* Value of a typed character, or -1: any case, I and L read as 1, O as 0. */
static int
rec_value(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'I' || c == 'L')
		c = '1';
	else if (c == 'O')
		c = '0';
	if (c == '\0' || (p = strchr(rec_alphabet, c)) == NULL)
		return -1;
	return (int)(p - rec_alphabet);
}

/* Sets bit i of b from v; a set bit past the end is a non-canonical phrase. */
static int
rec_set_bit(unsigned char *b, size_t i, unsigned v)
{
	if (i / 8 >= REC_BYTES)
		return v ? -1 : 0;
	b[i / 8] |= (unsigned char)(v << (7 - i % 8));
	return 0;
}

/* Exactly REC_CHARS characters, spaces and hyphens between them ignored. */
static int
rec_unpack(const char *phrase, unsigned char b[REC_BYTES])
{
	size_t c = 0, j;
	int v;

	memset(b, 0, REC_BYTES);
	for (; *phrase != '\0'; phrase++) {
		if (*phrase == '-' || *phrase == ' ')
			continue;
		if (c == REC_CHARS || (v = rec_value(*phrase)) == -1)
			return -1;
		for (j = 0; j < REC_BITS; j++)
			if (rec_set_bit(b, c * REC_BITS + j,
			    ((unsigned)v >> (REC_BITS - 1 - j)) & 1) == -1)
				return -1;
		c++;
	}
	return c == REC_CHARS ? 0 : -1;
}

int
recovery_phrase_decode(const char *phrase, unsigned char *sk)
{
	unsigned char b[REC_BYTES], check[REC_CHECK];
	int rc = -1;

	if (phrase == NULL || sk == NULL)
		return -1;
	if (rec_unpack(phrase, b) == 0) {
		rec_check(b, check);
		if (sodium_memcmp(check, b + REC_SECRET, REC_CHECK) == 0) {
			memcpy(sk, b, REC_SECRET);
			rc = 0;
		}
	}
	sodium_memzero(b, sizeof(b));
	return rc;
}
