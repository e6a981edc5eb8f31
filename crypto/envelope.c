/*
 * The case envelope. K never encrypts anything itself: records use a
 * subkey derived from K (context "mdgrecrd"), attachments another
 * (attachment.c, "mdgattch"), so the AEAD and the stream never share a key.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"

#define ENV_AD_PREFIX	"madoguchi/v1"
#define ENV_KIND_MAX	16
/* prefix, three NULs, two ids, the longest kind */
#define ENV_AD_MAX	(sizeof(ENV_AD_PREFIX) - 1 + 3 + 2 * ENV_ID_HEXLEN + \
			    ENV_KIND_MAX)
#define ENV_NONCE	crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ENV_TAG		crypto_aead_xchacha20poly1305_ietf_ABYTES
#define ENV_KDF_CTX	"mdgrecrd"
#define ENV_KDF_RECORD	1

/* The header's sizes are libsodium's; if libsodium changes, fail here. */
_Static_assert(ENV_KEYBYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES,
    "K is an XChaCha20-Poly1305 key");
_Static_assert(ENV_KEYBYTES == crypto_kdf_KEYBYTES, "K is a KDF master key");
_Static_assert(ENV_PKBYTES == crypto_box_PUBLICKEYBYTES, "X25519 pk");
_Static_assert(ENV_SKBYTES == crypto_box_SECRETKEYBYTES, "X25519 sk");
_Static_assert(ENV_SEALED_KEYBYTES == ENV_KEYBYTES + crypto_box_SEALBYTES,
    "sealed K");
_Static_assert(sizeof(ENV_KDF_CTX) - 1 == crypto_kdf_CONTEXTBYTES, "context");

int
env_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

unsigned char *
env_key_new(void)
{
	unsigned char *k;

	if ((k = sodium_malloc(ENV_KEYBYTES)) == NULL)
		return NULL;
	crypto_aead_xchacha20poly1305_ietf_keygen(k);
	return k;
}

unsigned char *
env_key_dup(const unsigned char *src)
{
	unsigned char *k;

	if (src == NULL || (k = sodium_malloc(ENV_KEYBYTES)) == NULL)
		return NULL;
	memcpy(k, src, ENV_KEYBYTES);
	return k;
}

void
env_secret_free(void *p)
{
	sodium_free(p);		/* wipes first; NULL is a no-op */
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
		if ((s[i] < '0' || s[i] > '9') && (s[i] < 'a' || s[i] > 'f'))
			return 0;
	return s[ENV_ID_HEXLEN] == '\0';
}

/* Lowercase ASCII letters only: a kind can never contain the NUL separator. */
static int
env_kind_valid(const char *k)
{
	size_t i;

	if (k == NULL)
		return 0;
	for (i = 0; k[i] != '\0'; i++)
		if (i >= ENV_KIND_MAX || k[i] < 'a' || k[i] > 'z')
			return 0;
	return i > 0;
}

static size_t
env_ad_put(unsigned char *ad, size_t at, const char *s, size_t n)
{
	memcpy(ad + at, s, n);
	return at + n;
}

/*
 * "madoguchi/v1" 0 case_id 0 kind 0 record_id. The ids are fixed-length
 * hex and the kind has no NUL, so the encoding is unambiguous.
 */
static int
env_ad(const char *case_id, const char *kind, const char *record_id,
    unsigned char ad[ENV_AD_MAX], size_t *adlen)
{
	size_t n = 0;

	if (!env_id_valid(case_id) || !env_id_valid(record_id) ||
	    !env_kind_valid(kind))
		return ENV_EINVAL;
	n = env_ad_put(ad, n, ENV_AD_PREFIX, sizeof(ENV_AD_PREFIX));
	n = env_ad_put(ad, n, case_id, ENV_ID_HEXLEN + 1);
	n = env_ad_put(ad, n, kind, strlen(kind) + 1);
	n = env_ad_put(ad, n, record_id, ENV_ID_HEXLEN);
	*adlen = n;
	return ENV_OK;
}

/* Records are sealed under a subkey of K, never under K itself. */
static int
env_record_subkey(unsigned char *sub, const unsigned char *k)
{
	return crypto_kdf_derive_from_key(sub, ENV_KEYBYTES, ENV_KDF_RECORD,
	    ENV_KDF_CTX, k) == 0 ? ENV_OK : ENV_EINVAL;
}

/* The subkey in locked memory of its own, or NULL. */
static unsigned char *
env_record_key(const unsigned char *k)
{
	unsigned char *sub;

	if ((sub = sodium_malloc(ENV_KEYBYTES)) == NULL)
		return NULL;
	if (env_record_subkey(sub, k) != ENV_OK) {
		sodium_free(sub);
		return NULL;
	}
	return sub;
}

/* Always at least one byte of padding: sodium_pad needs room for its 0x80. */
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

/* Pads in locked memory and encrypts into o (nonce || ciphertext). */
static int
env_record_encrypt(const unsigned char *sub, const unsigned char *ad,
    size_t adlen, const unsigned char *plain, size_t plen, unsigned char *o)
{
	size_t padlen = env_padded_len(plen), used;
	unsigned char *padded;
	int rc = ENV_EINVAL;

	if ((padded = sodium_malloc(padlen)) == NULL)
		return ENV_ENOMEM;
	if (plen > 0)
		memcpy(padded, plain, plen);
	if (sodium_pad(&used, padded, plen, ENV_RECORD_PAD, padlen) == 0 &&
	    used == padlen) {
		randombytes_buf(o, ENV_NONCE);
		if (crypto_aead_xchacha20poly1305_ietf_encrypt(o + ENV_NONCE,
		    NULL, padded, used, ad, adlen, NULL, o, sub) == 0)
			rc = ENV_OK;
	}
	sodium_free(padded);
	return rc;
}

int
env_record_seal(const unsigned char *k, const char *case_id, const char *kind,
    const char *record_id, const unsigned char *plain, size_t plen,
    unsigned char **out, size_t *outlen)
{
	unsigned char ad[ENV_AD_MAX], *sub, *o;
	size_t adlen;
	int rc;

	if (out == NULL || outlen == NULL)
		return ENV_EINVAL;
	*out = NULL;
	*outlen = 0;
	if (k == NULL || plen > ENV_RECORD_MAX || (plain == NULL && plen > 0))
		return ENV_EINVAL;
	if ((rc = env_ad(case_id, kind, record_id, ad, &adlen)) != ENV_OK)
		return rc;
	if ((o = malloc(env_record_sealed_len(plen))) == NULL)
		return ENV_ENOMEM;
	if ((sub = env_record_key(k)) == NULL) {
		free(o);
		return ENV_ENOMEM;
	}
	rc = env_record_encrypt(sub, ad, adlen, plain, plen, o);
	sodium_free(sub);
	if (rc != ENV_OK) {
		free(o);
		return rc;
	}
	*out = o;
	*outlen = env_record_sealed_len(plen);
	return ENV_OK;
}

/* Only lengths env_record_seal can produce are worth a decryption. */
static int
env_record_shape_ok(size_t slen)
{
	size_t body;

	if (slen < env_record_sealed_len(0) ||
	    slen > env_record_sealed_len(ENV_RECORD_MAX))
		return 0;
	body = slen - ENV_NONCE - ENV_TAG;
	return body % ENV_RECORD_PAD == 0;
}

/*
 * Decrypts and unpads into m, which has room for the padded text and one
 * byte more for the convenience NUL; the text's length into *plen.
 */
static int
env_record_decrypt_into(const unsigned char *sub, const unsigned char *ad,
    size_t adlen, const unsigned char *sealed, size_t slen, unsigned char *m,
    size_t *plen)
{
	size_t mlen = slen - ENV_NONCE - ENV_TAG, unpadded;

	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, NULL, NULL,
	    sealed + ENV_NONCE, slen - ENV_NONCE, ad, adlen, sealed,
	    sub) != 0 ||
	    sodium_unpad(&unpadded, m, mlen, ENV_RECORD_PAD) != 0)
		return ENV_EDECRYPT;
	m[unpadded] = '\0';
	*plen = unpadded;
	return ENV_OK;
}

static int
env_record_decrypt(const unsigned char *sub, const unsigned char *ad,
    size_t adlen, const unsigned char *sealed, size_t slen,
    unsigned char **plain, size_t *plen)
{
	unsigned char *m;

	if ((m = sodium_malloc(slen - ENV_NONCE - ENV_TAG + 1)) == NULL)
		return ENV_ENOMEM;
	if (env_record_decrypt_into(sub, ad, adlen, sealed, slen, m,
	    plen) != ENV_OK) {
		sodium_free(m);
		return ENV_EDECRYPT;
	}
	*plain = m;
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

	if (plain == NULL || plen == NULL)
		return ENV_EINVAL;
	*plain = NULL;
	*plen = 0;
	if (k == NULL || (sealed == NULL && slen > 0))
		return ENV_EINVAL;
	if ((rc = env_ad(case_id, kind, record_id, ad, &adlen)) != ENV_OK)
		return rc;
	/* a stored blob of the wrong length is treated like a forged one */
	if (!env_record_shape_ok(slen))
		return ENV_EDECRYPT;
	if ((sub = env_record_key(k)) == NULL)
		return ENV_ENOMEM;
	rc = env_record_decrypt(sub, ad, adlen, sealed, slen, plain, plen);
	sodium_free(sub);
	return rc;
}

int
env_key_seal(const unsigned char *k, const unsigned char *pk,
    unsigned char *out)
{
	if (k == NULL || pk == NULL || out == NULL)
		return ENV_EINVAL;
	/* fails only for a public key that is not a usable X25519 point */
	if (crypto_box_seal(out, k, ENV_KEYBYTES, pk) != 0)
		return ENV_EINVAL;
	return ENV_OK;
}

int
env_key_open(const unsigned char *sealed, size_t slen, const unsigned char *pk,
    const unsigned char *sk, unsigned char **k)
{
	unsigned char *key;

	if (k == NULL)
		return ENV_EINVAL;
	*k = NULL;
	if (pk == NULL || sk == NULL)
		return ENV_EINVAL;
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
	if (pk == NULL || sk == NULL)
		return ENV_EINVAL;
	return crypto_box_keypair(pk, sk) == 0 ? ENV_OK : ENV_EINVAL;
}

/*
 * An opener keeps K, the record subkey and the plaintext in locked
 * memory it allocates once, so a loop over many records (the summaries
 * of a queue page) does not pay three guarded allocations per record.
 */
struct env_opener {
	unsigned char	*k;	/* ENV_KEYBYTES */
	unsigned char	*sub;	/* ENV_KEYBYTES */
	unsigned char	*m;	/* cap bytes: a padded plaintext and its NUL */
	size_t		 cap;
};

struct env_opener *
env_opener_new(void)
{
	struct env_opener *o = calloc(1, sizeof(*o));

	if (o == NULL)
		return NULL;
	if ((o->k = sodium_malloc(ENV_KEYBYTES)) == NULL ||
	    (o->sub = sodium_malloc(ENV_KEYBYTES)) == NULL) {
		env_opener_free(o);
		return NULL;
	}
	return o;
}

void
env_opener_free(struct env_opener *o)
{
	if (o == NULL)
		return;
	sodium_free(o->k);
	sodium_free(o->sub);
	sodium_free(o->m);	/* sodium_free wipes */
	free(o);
}

/* Room for a padded plaintext of mlen bytes and a NUL; grows only. */
static int
env_opener_room(struct env_opener *o, size_t mlen)
{
	if (mlen + 1 <= o->cap)
		return ENV_OK;
	sodium_free(o->m);
	o->cap = 0;
	if ((o->m = sodium_malloc(mlen + 1)) == NULL)
		return ENV_ENOMEM;
	o->cap = mlen + 1;
	return ENV_OK;
}

int
env_opener_open(struct env_opener *o, const unsigned char *sealed_key,
    size_t klen, const unsigned char *pk, const unsigned char *sk,
    const char *case_id, const char *kind, const char *record_id,
    const unsigned char *sealed, size_t slen, const char **plain,
    size_t *plen)
{
	unsigned char ad[ENV_AD_MAX];
	size_t adlen;
	int rc;

	if (o == NULL || plain == NULL || plen == NULL || pk == NULL ||
	    sk == NULL)
		return ENV_EINVAL;
	*plain = NULL;
	*plen = 0;
	if (sealed_key == NULL || klen != ENV_SEALED_KEYBYTES ||
	    (sealed == NULL && slen > 0) || !env_record_shape_ok(slen))
		return ENV_EDECRYPT;
	if ((rc = env_ad(case_id, kind, record_id, ad, &adlen)) != ENV_OK)
		return rc;
	if ((rc = env_opener_room(o, slen - ENV_NONCE - ENV_TAG)) != ENV_OK)
		return rc;
	if (crypto_box_seal_open(o->k, sealed_key, klen, pk, sk) != 0 ||
	    env_record_subkey(o->sub, o->k) != ENV_OK ||
	    env_record_decrypt_into(o->sub, ad, adlen, sealed, slen, o->m,
	    plen) != ENV_OK) {
		sodium_memzero(o->m, o->cap);
		return ENV_EDECRYPT;
	}
	*plain = (const char *)o->m;
	return ENV_OK;
}
