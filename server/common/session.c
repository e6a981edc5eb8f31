#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/session.h"

#define SESSION_ID_BYTES 32

struct session {
	int		 used;
	unsigned char	 id_hash[32];	/* BLAKE2b of the cookie's bytes */
	char		 subject[33];
	unsigned char	 aux[32];
	unsigned char	*k;
	time_t		 created, seen;
	int		 mark;
	uint64_t	 spent;		/* bytes in the window below */
	time_t		 spent_since;	/* start of the current minute */
};

struct sessions {
	pthread_mutex_t	 mu;
	struct session	*s;
	unsigned	 max, idle, absolute;
};

static time_t
now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

struct sessions *
sessions_new(unsigned max, unsigned idle, unsigned absolute)
{
	struct sessions *t;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	if ((t->s = calloc(max, sizeof(*t->s))) == NULL) {
		free(t);
		return NULL;
	}
	pthread_mutex_init(&t->mu, NULL);
	t->max = max;
	t->idle = idle;
	t->absolute = absolute;
	return t;
}

static void
session_wipe(struct session *s)
{
	env_secret_free(s->k);
	sodium_memzero(s, sizeof(*s));
}

void
sessions_free(struct sessions *t)
{
	unsigned i;

	if (t == NULL)
		return;
	for (i = 0; i < t->max; i++)
		session_wipe(&t->s[i]);
	pthread_mutex_destroy(&t->mu);
	free(t->s);
	free(t);
}

static int
session_hash(const char *cookie, unsigned char out[32])
{
	unsigned char id[SESSION_ID_BYTES];
	size_t len;

	if (cookie == NULL || strlen(cookie) != SESSION_COOKIE_TEXT - 1 ||
	    sodium_base642bin(id, sizeof(id), cookie, strlen(cookie), NULL,
	    &len, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(id))
		return -1;
	crypto_generichash(out, 32, id, sizeof(id), NULL, 0);
	sodium_memzero(id, sizeof(id));
	return 0;
}

static int
session_expired(const struct sessions *t, const struct session *s, time_t now)
{
	return now - s->seen > (time_t)t->idle ||
	    now - s->created > (time_t)t->absolute;
}

/* A free slot, expiring stale sessions on the way. Lock held. */
static struct session *
session_slot(struct sessions *t, time_t now)
{
	struct session *free_slot = NULL;
	unsigned i;

	for (i = 0; i < t->max; i++) {
		if (t->s[i].used && session_expired(t, &t->s[i], now))
			session_wipe(&t->s[i]);
		if (!t->s[i].used && free_slot == NULL)
			free_slot = &t->s[i];
	}
	return free_slot;
}

int
sessions_create(struct sessions *t, const char *subject,
    const unsigned char *aux, const unsigned char *k,
    char cookie[SESSION_COOKIE_TEXT])
{
	unsigned char id[SESSION_ID_BYTES], h[32], *kc;
	struct session *s;
	time_t now = now_mono();

	if ((kc = env_key_dup(k)) == NULL)
		return -1;
	randombytes_buf(id, sizeof(id));
	sodium_bin2base64(cookie, SESSION_COOKIE_TEXT, id, sizeof(id),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(id, sizeof(id));
	session_hash(cookie, h);
	pthread_mutex_lock(&t->mu);
	if ((s = session_slot(t, now)) == NULL) {
		pthread_mutex_unlock(&t->mu);
		env_secret_free(kc);
		return -1;
	}
	s->used = 1;
	memcpy(s->id_hash, h, sizeof(h));
	snprintf(s->subject, sizeof(s->subject), "%s", subject);
	memcpy(s->aux, aux, sizeof(s->aux));
	s->k = kc;
	s->created = s->seen = s->spent_since = now;
	s->mark = SESSION_MARK_UNSET;
	pthread_mutex_unlock(&t->mu);
	return 0;
}

/* The live session for h, or NULL. Lock held. */
static struct session *
session_find(struct sessions *t, const unsigned char h[32], time_t now)
{
	unsigned i;

	for (i = 0; i < t->max; i++) {
		if (!t->s[i].used || sodium_memcmp(t->s[i].id_hash, h, 32) != 0)
			continue;
		if (session_expired(t, &t->s[i], now)) {
			session_wipe(&t->s[i]);
			return NULL;
		}
		return &t->s[i];
	}
	return NULL;
}

int
sessions_get(struct sessions *t, const char *cookie, struct session_view *out)
{
	unsigned char h[32];
	struct session *s;
	time_t now = now_mono();

	memset(out, 0, sizeof(*out));
	if (session_hash(cookie, h) == -1)
		return 0;
	pthread_mutex_lock(&t->mu);
	if ((s = session_find(t, h, now)) != NULL &&
	    (out->k = env_key_dup(s->k)) != NULL) {
		s->seen = now;
		memcpy(out->subject, s->subject, sizeof(out->subject));
		memcpy(out->aux, s->aux, sizeof(out->aux));
		out->mark = s->mark;
	}
	pthread_mutex_unlock(&t->mu);
	return out->k != NULL;
}

void
sessions_mark(struct sessions *t, const char *cookie, int mark)
{
	unsigned char h[32];
	struct session *s;

	if (session_hash(cookie, h) == -1)
		return;
	pthread_mutex_lock(&t->mu);
	if ((s = session_find(t, h, now_mono())) != NULL)
		s->mark = mark;
	pthread_mutex_unlock(&t->mu);
}

void
sessions_destroy(struct sessions *t, const char *cookie)
{
	unsigned char h[32];
	struct session *s;

	if (session_hash(cookie, h) == -1)
		return;
	pthread_mutex_lock(&t->mu);
	if ((s = session_find(t, h, now_mono())) != NULL)
		session_wipe(s);
	pthread_mutex_unlock(&t->mu);
}

unsigned
sessions_destroy_subject(struct sessions *t, const char *subject,
    const char *keep)
{
	unsigned char h[32];
	unsigned i, n = 0;
	int have_keep = keep != NULL && session_hash(keep, h) == 0;

	pthread_mutex_lock(&t->mu);
	for (i = 0; i < t->max; i++) {
		if (!t->s[i].used || strcmp(t->s[i].subject, subject) != 0)
			continue;
		if (have_keep && sodium_memcmp(t->s[i].id_hash, h, 32) == 0)
			continue;
		session_wipe(&t->s[i]);
		n++;
	}
	pthread_mutex_unlock(&t->mu);
	return n;
}

/*
 * A fixed one-minute window per session: simpler than a bucket and good
 * enough, since the case quota bounds the total anyway; at most twice the
 * rate passes across a window's edge.
 */
int
sessions_spend(struct sessions *t, const char *cookie, uint64_t bytes,
    uint64_t per_minute)
{
	unsigned char h[32];
	struct session *s;
	time_t now = now_mono();
	int ok = 0;

	if (session_hash(cookie, h) == -1)
		return 0;
	pthread_mutex_lock(&t->mu);
	if ((s = session_find(t, h, now)) != NULL) {
		if (now - s->spent_since >= 60) {
			s->spent_since = now;
			s->spent = 0;
		}
		if (bytes <= per_minute && s->spent <= per_minute - bytes) {
			s->spent += bytes;
			ok = 1;
		}
	}
	pthread_mutex_unlock(&t->mu);
	return ok;
}

void
sessions_refund(struct sessions *t, const char *cookie, uint64_t bytes)
{
	unsigned char h[32];
	struct session *s;

	if (session_hash(cookie, h) == -1)
		return;
	pthread_mutex_lock(&t->mu);
	if ((s = session_find(t, h, now_mono())) != NULL)
		s->spent = s->spent > bytes ? s->spent - bytes : 0;
	pthread_mutex_unlock(&t->mu);
}

void
session_view_clear(struct session_view *v)
{
	env_secret_free(v->k);
	sodium_memzero(v, sizeof(*v));
}
