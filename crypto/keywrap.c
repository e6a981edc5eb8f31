/*
 * Counselor key wrapping. Associated data is "madoguchi/v1" 0 "keywrap" 0
 * owner_id. Salt and Argon2id parameters are not in the associated data:
 * they already determine the wrapping key, so changing any of them makes
 * the tag fail just as a wrong password does.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"

#define KW_NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define KW_KEKBYTES	crypto_aead_xchacha20poly1305_ietf_KEYBYTES
#define KW_AD_PREFIX	"madoguchi/v1\0keywrap"	/* + its own NUL */
#define KW_AD_MAX	(sizeof(KW_AD_PREFIX) + ENV_ID_HEXLEN)

_Static_assert(KEYWRAP_BYTES == KW_NONCE + ENV_SKBYTES +
    crypto_aead_xchacha20poly1305_ietf_ABYTES, "nonce || ct || tag");
_Static_assert(KEYWRAP_SALTBYTES == crypto_pwhash_SALTBYTES, "Argon2id salt");

static int
keywrap_ad(const char *owner_id, unsigned char ad[KW_AD_MAX], size_t *len)
{
	if (!env_id_valid(owner_id))
		return -1;
	memcpy(ad, KW_AD_PREFIX, sizeof(KW_AD_PREFIX));
	memcpy(ad + sizeof(KW_AD_PREFIX), owner_id, ENV_ID_HEXLEN);
	*len = KW_AD_MAX;
	return 0;
}

static int
keywrap_params_ok(unsigned long long ops, size_t mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_MIN &&
	    ops <= crypto_pwhash_OPSLIMIT_MAX &&
	    mem >= crypto_pwhash_MEMLIMIT_MIN &&
	    mem <= crypto_pwhash_MEMLIMIT_MAX;
}

/* The wrapping key in locked memory; NULL if Argon2id gets no memory. */
static unsigned char *
keywrap_kek(const char *pw, size_t pwlen, const unsigned char *salt,
    unsigned long long ops, size_t mem)
{
	unsigned char *kek;

	if ((kek = sodium_malloc(KW_KEKBYTES)) == NULL)
		return NULL;
	if (crypto_pwhash(kek, KW_KEKBYTES, pw, pwlen, salt, ops, mem,
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
	int rc;

	if (password == NULL || pwlen == 0 || pwlen > KEYWRAP_PASSWORD_MAX ||
	    sk == NULL || out == NULL || !keywrap_params_ok(ops, mem) ||
	    keywrap_ad(owner_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	randombytes_buf(out->salt, sizeof(out->salt));
	out->ops = ops;
	out->mem = mem;
	if ((kek = keywrap_kek(password, pwlen, out->salt, ops, mem)) == NULL)
		return ENV_ENOMEM;
	randombytes_buf(out->wrapped, KW_NONCE);
	rc = crypto_aead_xchacha20poly1305_ietf_encrypt(out->wrapped + KW_NONCE,
	    NULL, sk, ENV_SKBYTES, ad, adlen, NULL, out->wrapped, kek);
	sodium_free(kek);
	return rc == 0 ? ENV_OK : ENV_EINVAL;
}

int
keywrap_unwrap(const char *password, size_t pwlen, const struct keywrap *in,
    const char *owner_id, unsigned char *sk)
{
	unsigned char ad[KW_AD_MAX], *kek;
	size_t adlen;
	int rc;

	if (password == NULL || pwlen > KEYWRAP_PASSWORD_MAX || in == NULL ||
	    sk == NULL || keywrap_ad(owner_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	/* whatever fails below, no stale key is left in the caller's buffer */
	sodium_memzero(sk, ENV_SKBYTES);
	/* parameters keywrap_wrap refuses cannot belong to a real record */
	if (!keywrap_params_ok(in->ops, in->mem))
		return ENV_EDECRYPT;
	if ((kek = keywrap_kek(password, pwlen, in->salt, in->ops,
	    in->mem)) == NULL)
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
