/*
 * Attachments as a crypto_secretstream under a subkey of K (context
 * "mdgattch", distinct from the records' subkey). Every chunk's associated
 * data is "madoguchi/v1" 0 "attachment" 0 case_id 0 att_id.
 *
 * The writer holds back one chunk of plaintext: a full chunk is encrypted
 * only once more data shows it is not the last, so the last chunk always
 * gets TAG_FINAL, even when the size is an exact multiple of ATT_CHUNK.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"

#define ATT_HEADER	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ATT_ABYTES	crypto_secretstream_xchacha20poly1305_ABYTES
#define ATT_CCHUNK	(ATT_CHUNK + ATT_ABYTES)
#define ATT_MAX_CHUNKS	((ATT_MAX_PLAIN + ATT_CHUNK - 1) / ATT_CHUNK)
#define ATT_KEYBYTES	crypto_secretstream_xchacha20poly1305_KEYBYTES
#define ATT_KDF_CTX	"mdgattch"
#define ATT_KDF_ID	2
#define ATT_AD_PREFIX	"madoguchi/v1\0attachment"	/* + its own NUL */
#define ATT_AD_MAX	(sizeof(ATT_AD_PREFIX) + 2 * ENV_ID_HEXLEN + 1)
#define ATT_TAG_MESSAGE	crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define ATT_TAG_FINAL	crypto_secretstream_xchacha20poly1305_TAG_FINAL

/* The header documents the layout in these numbers; hold libsodium to it. */
_Static_assert(ATT_HEADER == 24, "stream header is 24 bytes");
_Static_assert(ATT_ABYTES == 17, "each chunk grows by 17 bytes");
_Static_assert(ATT_KEYBYTES == ENV_KEYBYTES, "subkey size");
_Static_assert(sizeof(ATT_KDF_CTX) - 1 == crypto_kdf_CONTEXTBYTES, "context");

struct att_writer {
	crypto_secretstream_xchacha20poly1305_state *st; /* sodium_malloc */
	unsigned char	*chunk;		/* ATT_CHUNK of plaintext, locked */
	size_t		 fill;
	uint64_t	 total;
	int		 done;		/* FINAL written, stream closed */
	unsigned char	 ad[ATT_AD_MAX];
	size_t		 adlen;
	unsigned char	*out;		/* ciphertext so far */
	size_t		 outlen, outcap;
};

static int
att_ad(const char *case_id, const char *att_id, unsigned char *ad,
    size_t *len)
{
	size_t n = sizeof(ATT_AD_PREFIX);

	if (!env_id_valid(case_id) || !env_id_valid(att_id))
		return -1;
	memcpy(ad, ATT_AD_PREFIX, n);
	memcpy(ad + n, case_id, ENV_ID_HEXLEN + 1);
	n += ENV_ID_HEXLEN + 1;
	memcpy(ad + n, att_id, ENV_ID_HEXLEN);
	*len = n + ENV_ID_HEXLEN;
	return 0;
}

/* The stream's key, in locked memory; NULL on failure. */
static unsigned char *
att_subkey(const unsigned char *k)
{
	unsigned char *sub;

	if ((sub = sodium_malloc(ATT_KEYBYTES)) == NULL)
		return NULL;
	if (crypto_kdf_derive_from_key(sub, ATT_KEYBYTES, ATT_KDF_ID,
	    ATT_KDF_CTX, k) != 0) {
		sodium_free(sub);
		return NULL;
	}
	return sub;
}

static int
att_out_reserve(struct att_writer *w, size_t more)
{
	size_t cap;
	unsigned char *p;

	if (w->outlen + more <= w->outcap)
		return 0;
	cap = w->outcap ? w->outcap : ATT_HEADER + 4 * ATT_CCHUNK;
	while (cap < w->outlen + more)
		cap *= 2;
	if ((p = realloc(w->out, cap)) == NULL)	/* ciphertext: no wipe needed */
		return -1;
	w->out = p;
	w->outcap = cap;
	return 0;
}

static int
att_writer_start(struct att_writer *w, const unsigned char *k)
{
	unsigned char *sub;
	int rc;

	if ((sub = att_subkey(k)) == NULL)
		return -1;
	rc = crypto_secretstream_xchacha20poly1305_init_push(w->st, w->out,
	    sub);
	sodium_free(sub);
	if (rc != 0)
		return -1;
	w->outlen = ATT_HEADER;
	return 0;
}

struct att_writer *
att_writer_new(const unsigned char *k, const char *case_id, const char *att_id)
{
	struct att_writer *w;

	if (k == NULL || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	if (att_ad(case_id, att_id, w->ad, &w->adlen) == -1 ||
	    (w->st = sodium_malloc(sizeof(*w->st))) == NULL ||
	    (w->chunk = sodium_malloc(ATT_CHUNK)) == NULL ||
	    att_out_reserve(w, ATT_HEADER) == -1) {
		att_writer_free(w);
		return NULL;
	}
	/* sodium_malloc fills with 0xdb; the padding must be zeros */
	sodium_memzero(w->chunk, ATT_CHUNK);
	if (att_writer_start(w, k) == -1) {
		att_writer_free(w);
		return NULL;
	}
	return w;
}

/* Encrypts the whole chunk buffer (zero-padded) and empties it. */
static int
att_emit(struct att_writer *w, unsigned char tag)
{
	if (att_out_reserve(w, ATT_CCHUNK) == -1)
		return -1;
	if (crypto_secretstream_xchacha20poly1305_push(w->st,
	    w->out + w->outlen, NULL, w->chunk, ATT_CHUNK, w->ad, w->adlen,
	    tag) != 0)
		return -1;
	w->outlen += ATT_CCHUNK;
	sodium_memzero(w->chunk, ATT_CHUNK);
	w->fill = 0;
	return 0;
}

int
att_writer_push(struct att_writer *w, const unsigned char *p, size_t n)
{
	size_t take;

	if (w == NULL || w->done || (p == NULL && n > 0))
		return -1;
	if (n > ATT_MAX_PLAIN || w->total + n > ATT_MAX_PLAIN)
		return -1;
	while (n > 0) {
		if (w->fill == ATT_CHUNK && att_emit(w, ATT_TAG_MESSAGE) == -1)
			return -1;
		take = ATT_CHUNK - w->fill < n ? ATT_CHUNK - w->fill : n;
		memcpy(w->chunk + w->fill, p, take);
		w->fill += take;
		w->total += take;
		p += take;
		n -= take;
	}
	return 0;
}

int
att_writer_finish(struct att_writer *w, unsigned char **out, size_t *outlen,
    uint64_t *plain_size)
{
	if (w == NULL || w->done || out == NULL || outlen == NULL ||
	    plain_size == NULL)
		return -1;
	if (att_emit(w, ATT_TAG_FINAL) == -1)
		return -1;
	w->done = 1;
	*out = w->out;
	*outlen = w->outlen;
	*plain_size = w->total;
	w->out = NULL;
	w->outlen = w->outcap = 0;
	return 0;
}

uint64_t
att_writer_size(const struct att_writer *w)
{
	return w == NULL ? 0 : w->total;
}

void
att_writer_free(struct att_writer *w)
{
	if (w == NULL)
		return;
	sodium_free(w->st);
	sodium_free(w->chunk);
	free(w->out);
	free(w);
}

/*
 * The stream's shape must agree with the size before anything is opened:
 * whole chunks, no more than a file may have, and plain_size falling in
 * the last one (an empty file is one chunk of padding).
 */
static int
att_shape(size_t slen, uint64_t plain_size, size_t *nchunks)
{
	size_t n;

	if (slen < ATT_HEADER + ATT_CCHUNK || (slen - ATT_HEADER) % ATT_CCHUNK)
		return -1;
	n = (slen - ATT_HEADER) / ATT_CCHUNK;
	if (n > ATT_MAX_CHUNKS || plain_size > ATT_MAX_PLAIN)
		return -1;
	if (plain_size > (uint64_t)n * ATT_CHUNK)
		return -1;
	if (n > 1 && plain_size <= (uint64_t)(n - 1) * ATT_CHUNK)
		return -1;
	*nchunks = n;
	return 0;
}

/*
 * Opens one chunk into m. Only the last may, and must, carry TAG_FINAL;
 * every other must be a plain MESSAGE (we never write PUSH or REKEY). The
 * last chunk's bytes past the true size must be the writer's zeros, which
 * catches a plain_size that is too small within that chunk.
 */
static int
att_pull_one(crypto_secretstream_xchacha20poly1305_state *st,
    const unsigned char *ad, size_t adlen, const unsigned char *c, int last,
    size_t keep, unsigned char *m)
{
	unsigned char tag;

	if (crypto_secretstream_xchacha20poly1305_pull(st, m, NULL, &tag, c,
	    ATT_CCHUNK, ad, adlen) != 0)
		return -1;
	if (tag != (last ? ATT_TAG_FINAL : ATT_TAG_MESSAGE))
		return -1;
	if (last && !sodium_is_zero(m + keep, ATT_CHUNK - keep))
		return -1;
	return 0;
}

static int
att_pull_all(crypto_secretstream_xchacha20poly1305_state *st,
    const unsigned char *ad, size_t adlen, const unsigned char *s,
    size_t nchunks, uint64_t left, att_sink sink, void *arg)
{
	unsigned char *m;
	size_t i, give;
	int rc = ENV_OK;

	if ((m = sodium_malloc(ATT_CHUNK)) == NULL)
		return ENV_ENOMEM;
	for (i = 0; i < nchunks; i++, s += ATT_CCHUNK) {
		give = left < ATT_CHUNK ? (size_t)left : ATT_CHUNK;
		if (att_pull_one(st, ad, adlen, s, i == nchunks - 1, give,
		    m) == -1) {
			rc = ENV_EDECRYPT;
			break;
		}
		/* the caller's refusal is not a decryption failure */
		if (give > 0 && sink(arg, m, give) != 0) {
			rc = ENV_EINVAL;
			break;
		}
		left -= give;
	}
	sodium_free(m);
	return rc;
}

int
att_decrypt(const unsigned char *k, const char *case_id, const char *att_id,
    const unsigned char *stream, size_t slen, uint64_t plain_size,
    att_sink sink, void *arg)
{
	crypto_secretstream_xchacha20poly1305_state *st;
	unsigned char ad[ATT_AD_MAX], *sub;
	size_t adlen, nchunks;
	int rc;

	if (k == NULL || sink == NULL || (stream == NULL && slen > 0) ||
	    att_ad(case_id, att_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	if (att_shape(slen, plain_size, &nchunks) == -1)
		return ENV_EDECRYPT;
	if ((st = sodium_malloc(sizeof(*st))) == NULL)
		return ENV_ENOMEM;
	if ((sub = att_subkey(k)) == NULL) {
		sodium_free(st);
		return ENV_ENOMEM;
	}
	rc = ENV_EDECRYPT;
	if (crypto_secretstream_xchacha20poly1305_init_pull(st, stream,
	    sub) == 0)
		rc = att_pull_all(st, ad, adlen, stream + ATT_HEADER, nchunks,
		    plain_size, sink, arg);
	sodium_free(sub);
	sodium_free(st);
	return rc;
}
