#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "crypto/totp.h"

uint32_t
totp_at(const unsigned char *key, size_t keylen, uint64_t step, int digits)
{
	unsigned char msg[8], mac[EVP_MAX_MD_SIZE];
	unsigned int maclen = 0, off;
	uint32_t bin, mod = 1;
	int i;

	for (i = 7; i >= 0; i--, step >>= 8)
		msg[i] = (unsigned char)(step & 0xff);
	if (HMAC(EVP_sha1(), key, (int)keylen, msg, sizeof(msg), mac, &maclen) == NULL ||
	    maclen < 20)
		return UINT32_MAX;	/* never a valid code */
	off = mac[maclen - 1] & 0x0f;
	bin = ((uint32_t)(mac[off] & 0x7f) << 24) | ((uint32_t)mac[off + 1] << 16) |
	    ((uint32_t)mac[off + 2] << 8) | mac[off + 3];
	for (i = 0; i < digits; i++)
		mod *= 10;
	sodium_memzero(mac, sizeof(mac));
	return bin % mod;
}

static int
totp_parse(const char *code, uint32_t *v)
{
	size_t i;

	*v = 0;
	if (code == NULL || strlen(code) != TOTP_DIGITS)
		return -1;
	for (i = 0; i < TOTP_DIGITS; i++) {
		if (code[i] < '0' || code[i] > '9')
			return -1;
		*v = *v * 10 + (uint32_t)(code[i] - '0');
	}
	return 0;
}

int
totp_verify(const unsigned char *key, size_t keylen, const char *code,
    uint64_t now, uint64_t *last_step)
{
	uint64_t step = now / TOTP_STEP, s;
	uint32_t want;
	int ok = 0;

	if (totp_parse(code, &want) == -1 || step == 0)
		return 0;
	/* every candidate is computed, so timing does not tell which matched */
	for (s = step - 1; s <= step + 1; s++) {
		uint32_t got = totp_at(key, keylen, s, TOTP_DIGITS);
		if (got == want && s > *last_step && !ok) {
			*last_step = s;
			ok = 1;
		}
	}
	return ok;
}

void
totp_base32(const unsigned char *key, size_t keylen, char *out, size_t outlen)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned acc = 0, bits = 0;
	size_t i, o = 0;

	for (i = 0; i < keylen && o + 1 < outlen; i++) {
		acc = (acc << 8) | key[i];
		bits += 8;
		while (bits >= 5 && o + 1 < outlen) {
			out[o++] = a[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0 && o + 1 < outlen)
		out[o++] = a[(acc << (5 - bits)) & 31];
	out[o] = '\0';
}

int
totp_seal(const unsigned char *server_key, const unsigned char *secret,
    unsigned char *out)
{
	randombytes_buf(out, crypto_secretbox_NONCEBYTES);
	return crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, secret,
	    TOTP_SECRET_BYTES, out, server_key);
}

_Static_assert(TOTP_SEALED == crypto_secretbox_NONCEBYTES + TOTP_SECRET_BYTES +
    crypto_secretbox_MACBYTES, "sealed TOTP layout");
