#include <string.h>

#include <sodium.h>

#include "crypto/recovery.h"

#define REC_SECRET	32
#define REC_CHECK	2
#define REC_BYTES	(REC_SECRET + REC_CHECK)
#define REC_CHARS	55	/* ceil(34 * 8 / 5) */
#define REC_GROUP	5

static const char rec_alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void
rec_check(const unsigned char *sk, unsigned char out[REC_CHECK])
{
	crypto_generichash(out, REC_CHECK, sk, REC_SECRET,
	    (const unsigned char *)"madoguchi-recovery", 18);
}

int
recovery_phrase_encode(const unsigned char *sk, char *out, size_t outlen)
{
	unsigned char b[REC_BYTES];
	unsigned acc = 0, bits = 0;
	size_t i, chars = 0, o = 0;

	if (outlen < REC_CHARS + REC_CHARS / REC_GROUP + 1 ||
	    outlen > RECOVERY_PHRASE_MAX)
		return -1;
	memcpy(b, sk, REC_SECRET);
	rec_check(sk, b + REC_SECRET);
	for (i = 0; i < REC_BYTES || bits > 0; ) {
		if (bits < 5 && i < REC_BYTES) {
			acc = (acc << 8) | b[i++];
			bits += 8;
		}
		if (bits < 5) {		/* the last bits, zero-filled */
			acc <<= 5 - bits;
			bits = 5;
		}
		if (chars > 0 && chars % REC_GROUP == 0)
			out[o++] = '-';
		out[o++] = rec_alphabet[(acc >> (bits - 5)) & 31];
		bits -= 5;
		chars++;
	}
	out[o] = '\0';
	sodium_memzero(b, sizeof(b));
	sodium_memzero(&acc, sizeof(acc));
	return 0;
}

static int
rec_value(char c)
{
	const char *p;

	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == 'I' || c == 'L')
		c = '1';
	if (c == 'O')
		c = '0';
	p = strchr(rec_alphabet, c);
	return p == NULL || c == '\0' ? -1 : (int)(p - rec_alphabet);
}

int
recovery_phrase_decode(const char *phrase, unsigned char *sk)
{
	unsigned char b[REC_BYTES], check[REC_CHECK];
	unsigned acc = 0, bits = 0;
	size_t n = 0, chars = 0;
	int v, rc;

	for (; *phrase != '\0'; phrase++) {
		if (*phrase == '-' || *phrase == ' ')
			continue;
		if ((v = rec_value(*phrase)) == -1 || ++chars > REC_CHARS)
			return -1;
		acc = (acc << 5) | (unsigned)v;
		bits += 5;
		if (bits >= 8) {
			if (n < REC_BYTES)
				b[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
		acc &= (1u << bits) - 1;
	}
	if (chars != REC_CHARS || n != REC_BYTES)
		return -1;
	rec_check(b, check);
	rc = sodium_memcmp(check, b + REC_SECRET, REC_CHECK) == 0 ? 0 : -1;
	if (rc == 0)
		memcpy(sk, b, REC_SECRET);
	sodium_memzero(b, sizeof(b));
	return rc;
}
