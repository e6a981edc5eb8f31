/*
 * The decoders of stored bytes: a sealed record, an attachment stream, a
 * sealed key, under a fixed key. Nothing forged may open or crash.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char CASE[] = "00112233445566778899aabbccddeeff";
static const char REC[] = "0123456789abcdef0123456789abcdef";

static int
sink(void *arg, const unsigned char *p, size_t len)
{
	(void)arg;
	(void)p;
	(void)len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static unsigned char *k;
	unsigned char *plain, pk[32], sk[32], *kk;
	size_t plen;

	if (k == NULL) {
		env_init();
		k = env_key_new();
	}
	if (env_record_open(k, CASE, "report", REC, d, n, &plain, &plen) == ENV_OK)
		abort();	/* a forgery opened */
	att_decrypt(k, CASE, REC, d, n, n > 8 ? d[0] * 65536ULL : 0, sink, NULL);
	crypto_box_keypair(pk, sk);
	if (env_key_open(d, n, pk, sk, &kk) == ENV_OK)
		abort();
	return 0;
}
