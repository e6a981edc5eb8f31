#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/common/filing.h"

#define FILING_RAND	16
#define FILING_TIME	8
#define FILING_MAC	16
#define FILING_RAW	(FILING_RAND + FILING_TIME + FILING_MAC)

enum used_state { USED_FREE = 0, USED_PENDING, USED_DONE };

/* A token that has filed or is filing, until the token itself expires. */
struct used {
	enum used_state	 state;
	unsigned char	 id[FILING_RAND];
	time_t		 expires;
	int		 slot;		/* receipt slot, or -1 */
};

/* A receipt waiting to be shown; in locked memory, wiped when done. */
struct held {
	int			 used;
	time_t			 until;
	struct filing_receipt	 r;
};

struct filings {
	pthread_mutex_t	 mu;
	unsigned char	*key;		/* sodium_malloc'd MAC key */
	struct used	*u;
	unsigned	 nu;
	struct held	*h;		/* sodium_malloc'd */
	unsigned	 nh;
	unsigned	 ttl, show;
};

/* Monotonic: the key dies with the process, so boot time is enough. */
static time_t
filing_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct filings *
filings_new(unsigned max_tokens, unsigned max_receipts, unsigned token_ttl,
    unsigned show_secs)
{
	struct filings *f;

	if (max_tokens == 0 || max_receipts == 0 ||
	    (f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	f->u = calloc(max_tokens, sizeof(*f->u));
	f->key = sodium_malloc(crypto_generichash_KEYBYTES);
	f->h = sodium_allocarray(max_receipts, sizeof(*f->h));
	if (f->u == NULL || f->key == NULL || f->h == NULL) {
		free(f->u);
		if (f->key != NULL)
			sodium_free(f->key);
		if (f->h != NULL)
			sodium_free(f->h);
		free(f);
		return NULL;
	}
	sodium_memzero(f->h, max_receipts * sizeof(*f->h));
	crypto_generichash_keygen(f->key);
	pthread_mutex_init(&f->mu, NULL);
	f->nu = max_tokens;
	f->nh = max_receipts;
	f->ttl = token_ttl;
	f->show = show_secs;
	return f;
}

void
filings_free(struct filings *f)
{
	if (f == NULL)
		return;
	pthread_mutex_destroy(&f->mu);
	sodium_free(f->key);
	sodium_free(f->h);
	free(f->u);
	free(f);
}

static void
filing_mac(const struct filings *f, const unsigned char *raw,
    const char *nonce, unsigned char mac[FILING_MAC])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, f->key, crypto_generichash_KEYBYTES,
	    FILING_MAC);
	crypto_generichash_update(&st, raw, FILING_RAND + FILING_TIME);
	crypto_generichash_update(&st, (const unsigned char *)nonce,
	    strlen(nonce));
	crypto_generichash_final(&st, mac, FILING_MAC);
}

int
filing_token_new(struct filings *f, const char *nonce,
    char out[FILING_TOKEN_TEXT])
{
	unsigned char raw[FILING_RAW];
	unsigned long long t = (unsigned long long)filing_now();
	int i;

	out[0] = '\0';
	if (nonce == NULL || nonce[0] == '\0')
		return -1;
	randombytes_buf(raw, FILING_RAND);
	for (i = 0; i < FILING_TIME; i++)
		raw[FILING_RAND + i] = (unsigned char)(t >> (8 * (7 - i)));
	filing_mac(f, raw, nonce, raw + FILING_RAND + FILING_TIME);
	sodium_bin2base64(out, FILING_TOKEN_TEXT, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

/* Decodes and checks token; fills id and its expiry. 0 or -1. */
static int
filing_parse(const struct filings *f, const char *nonce, const char *token,
    unsigned char id[FILING_RAND], time_t *expires)
{
	unsigned char raw[FILING_RAW], mac[FILING_MAC];
	unsigned long long t = 0;
	size_t len;
	int i;

	if (nonce == NULL || nonce[0] == '\0' || token == NULL ||
	    strlen(token) != FILING_TOKEN_TEXT - 1 ||
	    sodium_base642bin(raw, sizeof(raw), token, strlen(token), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(raw))
		return -1;
	filing_mac(f, raw, nonce, mac);
	if (sodium_memcmp(mac, raw + FILING_RAND + FILING_TIME, FILING_MAC) != 0)
		return -1;
	for (i = 0; i < FILING_TIME; i++)
		t = (t << 8) | raw[FILING_RAND + i];
	if ((time_t)t > filing_now() || filing_now() - (time_t)t > (time_t)f->ttl)
		return -1;
	memcpy(id, raw, FILING_RAND);
	*expires = (time_t)t + (time_t)f->ttl;
	return 0;
}

int
filing_token_ok(struct filings *f, const char *nonce, const char *token)
{
	unsigned char id[FILING_RAND];
	time_t exp;

	return filing_parse(f, nonce, token, id, &exp) == 0;
}

static void
held_wipe(struct filings *f, struct used *u)
{
	if (u->slot >= 0)
		sodium_memzero(&f->h[u->slot], sizeof(f->h[u->slot]));
	u->slot = -1;
}

/* Expired tokens and receipts past their window go. Lock held. */
static void
filing_sweep(struct filings *f, time_t now)
{
	unsigned i;

	for (i = 0; i < f->nu; i++) {
		if (f->u[i].state == USED_FREE)
			continue;
		if (f->u[i].slot >= 0 && f->h[f->u[i].slot].until < now)
			held_wipe(f, &f->u[i]);
		if (f->u[i].state == USED_DONE && f->u[i].expires < now) {
			held_wipe(f, &f->u[i]);
			memset(&f->u[i], 0, sizeof(f->u[i]));
		}
	}
}

static struct used *
used_find(struct filings *f, const unsigned char id[FILING_RAND])
{
	unsigned i;

	for (i = 0; i < f->nu; i++)
		if (f->u[i].state != USED_FREE &&
		    sodium_memcmp(f->u[i].id, id, FILING_RAND) == 0)
			return &f->u[i];
	return NULL;
}

/* A free entry; when none, the done one that expires first. Lock held. */
static struct used *
used_slot(struct filings *f)
{
	struct used *oldest = NULL;
	unsigned i;

	for (i = 0; i < f->nu; i++) {
		if (f->u[i].state == USED_FREE)
			return &f->u[i];
		if (f->u[i].state == USED_DONE &&
		    (oldest == NULL || f->u[i].expires < oldest->expires))
			oldest = &f->u[i];
	}
	if (oldest != NULL) {
		held_wipe(f, oldest);
		memset(oldest, 0, sizeof(*oldest));
	}
	return oldest;
}

enum filing_state
filing_claim(struct filings *f, const char *nonce, const char *token)
{
	unsigned char id[FILING_RAND];
	enum filing_state st;
	struct used *u;
	time_t exp;

	if (filing_parse(f, nonce, token, id, &exp) == -1)
		return FILING_BAD;
	pthread_mutex_lock(&f->mu);
	filing_sweep(f, filing_now());
	if ((u = used_find(f, id)) != NULL)
		st = u->state == USED_PENDING ? FILING_PENDING : FILING_DONE;
	else if ((u = used_slot(f)) == NULL)
		st = FILING_PENDING;	/* every entry is filing right now */
	else {
		u->state = USED_PENDING;
		memcpy(u->id, id, FILING_RAND);
		u->expires = exp;
		u->slot = -1;
		st = FILING_NEW;
	}
	pthread_mutex_unlock(&f->mu);
	return st;
}

/* The entry for a well-formed token (no nonce check: the caller claimed it). */
static struct used *
used_by_token(struct filings *f, const char *token)
{
	unsigned char raw[FILING_RAW];
	size_t len;

	if (token == NULL || sodium_base642bin(raw, sizeof(raw), token,
	    strlen(token), NULL, &len, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || len != sizeof(raw))
		return NULL;
	return used_find(f, raw);
}

void
filing_release(struct filings *f, const char *token)
{
	struct used *u;

	pthread_mutex_lock(&f->mu);
	if ((u = used_by_token(f, token)) != NULL && u->state == USED_PENDING)
		memset(u, 0, sizeof(*u));
	pthread_mutex_unlock(&f->mu);
}

int
filing_done(struct filings *f, const char *token, const struct filing_receipt *r)
{
	struct used *u;
	unsigned i;
	int rc = -1;

	pthread_mutex_lock(&f->mu);
	if ((u = used_by_token(f, token)) != NULL) {
		u->state = USED_DONE;
		for (i = 0; i < f->nh && rc == -1; i++) {
			if (f->h[i].used)
				continue;
			f->h[i].used = 1;
			f->h[i].until = filing_now() + (time_t)f->show;
			f->h[i].r = *r;
			u->slot = (int)i;
			rc = 0;
		}
	}
	pthread_mutex_unlock(&f->mu);
	return rc;
}

enum filing_show
filing_show(struct filings *f, const char *nonce, const char *token,
    struct filing_receipt *out)
{
	unsigned char id[FILING_RAND];
	enum filing_show st = FILING_UNKNOWN;
	struct used *u;
	time_t exp;

	memset(out, 0, sizeof(*out));
	if (filing_parse(f, nonce, token, id, &exp) == -1)
		return FILING_UNKNOWN;
	pthread_mutex_lock(&f->mu);
	filing_sweep(f, filing_now());
	if ((u = used_find(f, id)) == NULL)
		st = FILING_UNKNOWN;
	else if (u->state == USED_PENDING)
		st = FILING_WAIT;
	else if (u->slot < 0)
		st = FILING_GONE;
	else {
		*out = f->h[u->slot].r;
		st = FILING_SHOW;
	}
	pthread_mutex_unlock(&f->mu);
	return st;
}

void
filing_forget(struct filings *f, const char *nonce, const char *token)
{
	unsigned char id[FILING_RAND];
	struct used *u;
	time_t exp;

	if (filing_parse(f, nonce, token, id, &exp) == -1)
		return;
	pthread_mutex_lock(&f->mu);
	if ((u = used_find(f, id)) != NULL && u->state == USED_DONE)
		held_wipe(f, u);
	pthread_mutex_unlock(&f->mu);
}
