#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"

#define ATT_HEADER	crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define ATT_ABYTES	crypto_secretstream_xchacha20poly1305_ABYTES
#define ATT_CCHUNK	(ATT_CHUNK + ATT_ABYTES)
#define ATT_KDF_CTX	"mdgattch"
#define ATT_KDF_ID	2
#define ATT_AD_MAX	96

struct att_writer {
	crypto_secretstream_xchacha20poly1305_state	*st;	/* sodium_malloc */
	unsigned char	*chunk;		/* ATT_CHUNK bytes of plaintext, locked */
	size_t		 fill;
	uint64_t	 total;
	unsigned char	 ad[ATT_AD_MAX];
	size_t		 adlen;
	unsigned char	*out;		/* ciphertext so far */
	size_t		 outlen, outcap;
};

static int
att_ad(const char *case_id, const char *att_id, unsigned char *ad, size_t *len)
{
	size_t a, b;

	if (!env_id_valid(case_id) || !env_id_valid(att_id))
		return -1;
	a = strlen(case_id);
	b = strlen(att_id);
	memcpy(ad, "madoguchi/v1\0attachment\0", 24);
	memcpy(ad + 24, case_id, a);
	ad[24 + a] = '\0';
	memcpy(ad + 25 + a, att_id, b);
	*len = 25 + a + b;
	return 0;
}

static int
att_subkey(const unsigned char *k, unsigned char sub[32])
{
	return crypto_kdf_derive_from_key(sub, 32, ATT_KDF_ID, ATT_KDF_CTX, k);
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

struct att_writer *
att_writer_new(const unsigned char *k, const char *case_id, const char *att_id)
{
	struct att_writer *w;
	unsigned char *sub;

	if (k == NULL || (w = calloc(1, sizeof(*w))) == NULL)
		return NULL;
	sub = sodium_malloc(32);
	w->st = sodium_malloc(sizeof(*w->st));
	w->chunk = sodium_malloc(ATT_CHUNK);
	if (sub == NULL || w->st == NULL || w->chunk == NULL ||
	    att_ad(case_id, att_id, w->ad, &w->adlen) == -1 ||
	    att_subkey(k, sub) != 0 || att_out_reserve(w, ATT_HEADER) == -1) {
		env_secret_free(sub);
		att_writer_free(w);
		return NULL;
	}
	crypto_secretstream_xchacha20poly1305_init_push(w->st, w->out, sub);
	w->outlen = ATT_HEADER;
	sodium_free(sub);
	return w;
}

static int
att_emit(struct att_writer *w, unsigned char tag)
{
	if (att_out_reserve(w, ATT_CCHUNK) == -1)
		return -1;
	crypto_secretstream_xchacha20poly1305_push(w->st, w->out + w->outlen,
	    NULL, w->chunk, ATT_CHUNK, w->ad, w->adlen, tag);
	w->outlen += ATT_CCHUNK;
	sodium_memzero(w->chunk, ATT_CHUNK);
	w->fill = 0;
	return 0;
}

int
att_writer_push(struct att_writer *w, const unsigned char *p, size_t n)
{
	size_t take;

	if (w == NULL || n > ATT_MAX_PLAIN || w->total + n > ATT_MAX_PLAIN)
		return -1;
	while (n > 0) {
		/* a full chunk is sent only once more data shows it is not the last */
		if (w->fill == ATT_CHUNK &&
		    att_emit(w, crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) == -1)
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
	if (w == NULL || w->out == NULL ||
	    att_emit(w, crypto_secretstream_xchacha20poly1305_TAG_FINAL) == -1)
		return -1;
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
	env_secret_free(w->st);
	env_secret_free(w->chunk);
	free(w->out);
	free(w);
}

/* The stream's shape must agree with the size before anything is opened. */
static int
att_shape(size_t slen, uint64_t plain_size, size_t *nchunks)
{
	if (slen < ATT_HEADER + ATT_CCHUNK || (slen - ATT_HEADER) % ATT_CCHUNK)
		return -1;
	*nchunks = (slen - ATT_HEADER) / ATT_CCHUNK;
	if (plain_size > (uint64_t)*nchunks * ATT_CHUNK)
		return -1;
	if (*nchunks > 1 && plain_size <= (uint64_t)(*nchunks - 1) * ATT_CHUNK)
		return -1;
	return 0;
}

static int
att_pull_all(crypto_secretstream_xchacha20poly1305_state *st,
    const unsigned char *ad, size_t adlen, const unsigned char *s,
    size_t nchunks, uint64_t left, att_sink sink, void *arg)
{
	unsigned char *m = sodium_malloc(ATT_CHUNK), tag;
	size_t i, give;
	int rc = ENV_OK;

	if (m == NULL)
		return ENV_ENOMEM;
	for (i = 0; i < nchunks && rc == ENV_OK; i++, s += ATT_CCHUNK) {
		if (crypto_secretstream_xchacha20poly1305_pull(st, m, NULL, &tag,
		    s, ATT_CCHUNK, ad, adlen) != 0 ||
		    (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) !=
		    (i == nchunks - 1)) {
			rc = ENV_EDECRYPT;
			break;
		}
		give = left < ATT_CHUNK ? (size_t)left : ATT_CHUNK;
		if (give > 0 && sink(arg, m, give) != 0)
			rc = ENV_EINVAL;
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
	int rc = ENV_ENOMEM;

	if (k == NULL || stream == NULL ||
	    att_ad(case_id, att_id, ad, &adlen) == -1)
		return ENV_EINVAL;
	if (att_shape(slen, plain_size, &nchunks) == -1)
		return ENV_EDECRYPT;
	sub = sodium_malloc(32);
	st = sodium_malloc(sizeof(*st));
	if (sub != NULL && st != NULL && att_subkey(k, sub) == 0) {
		rc = ENV_EDECRYPT;
		if (crypto_secretstream_xchacha20poly1305_init_pull(st, stream,
		    sub) == 0)
			rc = att_pull_all(st, ad, adlen, stream + ATT_HEADER,
			    nchunks, plain_size, sink, arg);
	}
	env_secret_free(sub);
	env_secret_free(st);
	return rc;
}
