/*
 * mdg-totp SECRET [OFFSET]: the current 6-digit code for a base32 TOTP
 * secret, OFFSET seconds from now: the test client's authenticator app.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/totp.h"

static int
b32_decode(const char *s, unsigned char *out, size_t max)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned acc = 0, bits = 0;
	size_t n = 0;
	const char *p;

	for (; *s != '\0'; s++) {
		if ((p = strchr(a, toupper((unsigned char)*s))) == NULL || *s == '\0')
			return -1;
		acc = (acc << 5) | (unsigned)(p - a);
		bits += 5;
		if (bits >= 8) {
			if (n == max)
				return -1;
			out[n++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	return (int)n;
}

int
main(int argc, char *argv[])
{
	unsigned char key[64];
	long offset = argc > 2 ? atol(argv[2]) : 0;
	int n;

	if (argc < 2 || (n = b32_decode(argv[1], key, sizeof(key))) <= 0) {
		fprintf(stderr, "usage: mdg-totp BASE32-SECRET [OFFSET-SECONDS]\n");
		return 2;
	}
	printf("%06u\n", totp_at(key, (size_t)n, (uint64_t)(time(NULL) + offset) /
	    TOTP_STEP, TOTP_DIGITS));
	return 0;
}
