#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"

#define KW_NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KW_AD_MAX 64

static int
keywrap_ad(const char *owner_id, unsigned char *ad, size_t *len)
{
	size_t n;

	if (!env_id_valid(owner_id))
		return -1;
	n = strlen(owner_id);
	memcpy(ad, "madoguchi/v1\0keywrap\0", 21);
	memcpy(ad + 21, owner_id, n);
	*len = 21 + n;
	return 0;
}

/* The wrapping key: Argon2id of the password under the stored parameters. */
static unsigned char *
keywrap_kek(const char *pw, size_t pwlen, const unsigned char *salt,
    unsigned long long ops, size_t mem)
{
	unsigned char *kek = sodium_malloc(32);

	if (kek == NULL)
		return NULL;
	if (ops < crypto_pwhash_OPSLIMIT_MIN || mem < crypto_pwhash_MEMLIMIT_MIN ||
	    crypto_pwhash(kek, 32, pw, pwlen, salt, ops, mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_free(kek);
		return NULL;
	}
	return kek;
}

int
keywrap_wrap(const char *password, size_t pwlen, const unsigned char *sk,
    const char *owner_id, unsigned long long ops, size_t mem,
    struct keywrap *out)
{
	unsigned char ad[KW_AD_MAX], *kek;
	size_t adlen;

	if (password == NULL || pwlen == 0 || pwlen > KEYWRAP_PASSWORD_MAX ||
	    sk == NULL || keywrap_ad(owner_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	randombytes_buf(out->salt, sizeof(out->salt));
	out->ops = ops;
	out->mem = mem;
	if ((kek = keywrap_kek(password, pwlen, out->salt, ops, mem)) == NULL)
		return ENV_ENOMEM;
	randombytes_buf(out->wrapped, KW_NONCE);
	crypto_aead_xchacha20poly1305_ietf_encrypt(out->wrapped + KW_NONCE, NULL,
	    sk, ENV_SKBYTES, ad, adlen, NULL, out->wrapped, kek);
	sodium_free(kek);
	return ENV_OK;
}

int
keywrap_unwrap(const char *password, size_t pwlen, const struct keywrap *in,
    const char *owner_id, unsigned char *sk)
{
	unsigned char ad[KW_AD_MAX], *kek;
	size_t adlen;
	int rc;

	if (password == NULL || pwlen > KEYWRAP_PASSWORD_MAX ||
	    keywrap_ad(owner_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	if ((kek = keywrap_kek(password, pwlen, in->salt, in->ops, in->mem)) == NULL)
		return ENV_ENOMEM;
	rc = crypto_aead_xchacha20poly1305_ietf_decrypt(sk, NULL, NULL,
	    in->wrapped + KW_NONCE, KEYWRAP_BYTES - KW_NONCE, ad, adlen,
	    in->wrapped, kek);
	sodium_free(kek);
	if (rc != 0) {
		sodium_memzero(sk, ENV_SKBYTES);
		return ENV_EDECRYPT;
	}
	return ENV_OK;
}
