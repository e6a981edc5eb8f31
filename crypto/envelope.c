#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"

#define ENV_AD_PREFIX	"madoguchi/v1"
#define ENV_AD_MAX	128
#define ENV_KIND_MAX	16
#define ENV_NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ENV_TAG		crypto_aead_xchacha20poly1305_ietf_ABYTES
#define ENV_KDF_CTX	"mdgrecrd"	/* records; attachments use their own */
#define ENV_KDF_RECORD	1

int
env_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

unsigned char *
env_key_new(void)
{
	unsigned char *k = sodium_malloc(ENV_KEYBYTES);

	if (k != NULL)
		randombytes_buf(k, ENV_KEYBYTES);
	return k;
}

unsigned char *
env_key_dup(const unsigned char *src)
{
	unsigned char *k = sodium_malloc(ENV_KEYBYTES);

	if (k != NULL)
		memcpy(k, src, ENV_KEYBYTES);
	return k;
}

void
env_secret_free(void *p)
{
	if (p != NULL)
		sodium_free(p);	/* wipes before freeing */
}

void
env_random_id(char out[ENV_ID_HEXLEN + 1])
{
	unsigned char b[ENV_ID_HEXLEN / 2];

	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, ENV_ID_HEXLEN + 1, b, sizeof(b));
}

int
env_id_valid(const char *s)
{
	size_t i;

	if (s == NULL)
		return 0;
	for (i = 0; i < ENV_ID_HEXLEN; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[ENV_ID_HEXLEN] == '\0';
}

static int
env_kind_valid(const char *k)
{
	size_t i;

	for (i = 0; k != NULL && k[i] != '\0'; i++)
		if (k[i] < 'a' || k[i] > 'z' || i >= ENV_KIND_MAX)
			return 0;
	return k != NULL && i > 0;
}

/* "madoguchi/v1" 0 case_id 0 kind 0 record_id */
static int
env_ad(const char *case_id, const char *kind, const char *record_id,
    unsigned char ad[ENV_AD_MAX], size_t *adlen)
{
	int n;

	if (!env_id_valid(case_id) || !env_id_valid(record_id) ||
	    !env_kind_valid(kind))
		return ENV_EINVAL;
	n = snprintf((char *)ad, ENV_AD_MAX, "%s%c%s%c%s%c%s", ENV_AD_PREFIX,
	    0, case_id, 0, kind, 0, record_id);
	if (n < 0 || n >= ENV_AD_MAX)
		return ENV_EINVAL;
	*adlen = (size_t)n;
	return ENV_OK;
}

/* Records are sealed under a subkey, never under K itself. */
static unsigned char *
env_record_key(const unsigned char *k)
{
	unsigned char *sub = sodium_malloc(ENV_KEYBYTES);

	if (sub != NULL && crypto_kdf_derive_from_key(sub, ENV_KEYBYTES,
	    ENV_KDF_RECORD, ENV_KDF_CTX, k) != 0) {
		sodium_free(sub);
		return NULL;
	}
	return sub;
}

static size_t
env_padded_len(size_t plen)
{
	return (plen / ENV_RECORD_PAD + 1) * ENV_RECORD_PAD;
}

size_t
env_record_sealed_len(size_t plen)
{
	return ENV_NONCE + env_padded_len(plen) + ENV_TAG;
}

int
env_record_seal(const unsigned char *k, const char *case_id, const char *kind,
    const char *record_id, const unsigned char *plain, size_t plen,
    unsigned char **out, size_t *outlen)
{
	unsigned char ad[ENV_AD_MAX], *padded, *sub, *o;
	size_t adlen, padlen, used;
	unsigned long long clen;
	int rc;

	*out = NULL;
	if (k == NULL || plen > ENV_RECORD_MAX || (plain == NULL && plen > 0))
		return ENV_EINVAL;
	if ((rc = env_ad(case_id, kind, record_id, ad, &adlen)) != ENV_OK)
		return rc;
	padlen = env_padded_len(plen);
	padded = sodium_malloc(padlen);
	sub = env_record_key(k);
	o = malloc(env_record_sealed_len(plen));
	rc = ENV_ENOMEM;
	if (padded != NULL && sub != NULL && o != NULL) {
		if (plen > 0)
			memcpy(padded, plain, plen);
		sodium_pad(&used, padded, plen, ENV_RECORD_PAD, padlen);
		randombytes_buf(o, ENV_NONCE);
		crypto_aead_xchacha20poly1305_ietf_encrypt(o + ENV_NONCE, &clen,
		    padded, used, ad, adlen, NULL, o, sub);
		*out = o;
		*outlen = ENV_NONCE + (size_t)clen;
		o = NULL;
		rc = ENV_OK;
	}
	env_secret_free(padded);
	env_secret_free(sub);
	free(o);
	return rc;
}

static int
env_record_decrypt(const unsigned char *sub, const unsigned char *ad,
    size_t adlen, const unsigned char *sealed, size_t slen,
    unsigned char **plain, size_t *plen)
{
	size_t mlen = slen - ENV_NONCE - ENV_TAG, unpadded;
	unsigned char *m = sodium_malloc(mlen + 1);

	if (m == NULL)
		return ENV_ENOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, NULL, NULL,
	    sealed + ENV_NONCE, slen - ENV_NONCE, ad, adlen, sealed, sub) != 0 ||
	    sodium_unpad(&unpadded, m, mlen, ENV_RECORD_PAD) != 0) {
		sodium_free(m);
		return ENV_EDECRYPT;
	}
	m[unpadded] = '\0';
	*plain = m;
	*plen = unpadded;
	return ENV_OK;
}

int
env_record_open(const unsigned char *k, const char *case_id, const char *kind,
    const char *record_id, const unsigned char *sealed, size_t slen,
    unsigned char **plain, size_t *plen)
{
	unsigned char ad[ENV_AD_MAX], *sub;
	size_t adlen;
	int rc;

	*plain = NULL;
	if (k == NULL || sealed == NULL)
		return ENV_EINVAL;
	if ((rc = env_ad(case_id, kind, record_id, ad, &adlen)) != ENV_OK)
		return rc;
	if (slen < ENV_NONCE + ENV_TAG + ENV_RECORD_PAD ||
	    slen > env_record_sealed_len(ENV_RECORD_MAX))
		return ENV_EDECRYPT;
	if ((sub = env_record_key(k)) == NULL)
		return ENV_ENOMEM;
	rc = env_record_decrypt(sub, ad, adlen, sealed, slen, plain, plen);
	sodium_free(sub);
	return rc;
}

int
env_key_seal(const unsigned char *k, const unsigned char *pk, unsigned char *out)
{
	if (k == NULL || pk == NULL)
		return ENV_EINVAL;
	return crypto_box_seal(out, k, ENV_KEYBYTES, pk) == 0 ? ENV_OK :
	    ENV_EINVAL;
}

int
env_key_open(const unsigned char *sealed, size_t slen, const unsigned char *pk,
    const unsigned char *sk, unsigned char **k)
{
	unsigned char *key;

	*k = NULL;
	if (sealed == NULL || slen != ENV_SEALED_KEYBYTES)
		return ENV_EDECRYPT;
	if ((key = sodium_malloc(ENV_KEYBYTES)) == NULL)
		return ENV_ENOMEM;
	if (crypto_box_seal_open(key, sealed, slen, pk, sk) != 0) {
		sodium_free(key);
		return ENV_EDECRYPT;
	}
	*k = key;
	return ENV_OK;
}

int
env_keypair(unsigned char *pk, unsigned char *sk)
{
	return crypto_box_keypair(pk, sk) == 0 ? ENV_OK : ENV_EINVAL;
}
