#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/common/addrlimit.h"
#include "server/common/ratelimit.h"

#define ADDRLIMIT_TAG	16	/* bytes of the keyed hash kept per address */

struct addrlimit_slot {
	unsigned char	tag[ADDRLIMIT_TAG];
	double		tokens;
	double		last;		/* monotonic seconds of the last refill */
	double		until;		/* no attempt before (after failures) */
	unsigned	fails;		/* failures in a row */
	int		used;
};

struct addrlimit {
	pthread_mutex_t		 mu;
	double			 capacity, per_second;
	unsigned char		 key[crypto_generichash_KEYBYTES];
	struct ratelimit	*global;
	struct addrlimit_slot	 slot[ADDRLIMIT_SLOTS];
};

struct addrlimit *
addrlimit_new(unsigned per_minute, unsigned global_per_minute)
{
	struct addrlimit *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return NULL;
	if ((a->global = ratelimit_new(global_per_minute)) == NULL) {
		free(a);
		return NULL;
	}
	pthread_mutex_init(&a->mu, NULL);
	a->capacity = per_minute;
	a->per_second = per_minute / 60.0;
	randombytes_buf(a->key, sizeof(a->key));
	return a;
}

void
addrlimit_free(struct addrlimit *a)
{
	if (a == NULL)
		return;
	ratelimit_free(a->global);
	pthread_mutex_destroy(&a->mu);
	sodium_memzero(a, sizeof(*a));
	free(a);
}

/*
 * The bytes that name a client: IPv4 (also when mapped into IPv6, as a
 * dual-stack listener reports it), else the first 64 bits of IPv6.
 */
static size_t
addrlimit_bytes(const struct sockaddr *sa, unsigned char out[9])
{
	static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	const struct sockaddr_in6 *s6;

	if (sa != NULL && sa->sa_family == AF_INET) {
		out[0] = 4;
		memcpy(out + 1, &((const struct sockaddr_in *)(const void *)sa)->
		    sin_addr, 4);
		return 5;
	}
	if (sa != NULL && sa->sa_family == AF_INET6) {
		s6 = (const struct sockaddr_in6 *)(const void *)sa;
		if (memcmp(s6->sin6_addr.s6_addr, mapped, 12) == 0) {
			out[0] = 4;
			memcpy(out + 1, s6->sin6_addr.s6_addr + 12, 4);
			return 5;
		}
		out[0] = 6;
		memcpy(out + 1, s6->sin6_addr.s6_addr, 8);
		return 9;
	}
	out[0] = 0;
	return 1;
}

static double
addrlimit_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * The slot of this tag, or the best one to reuse: an empty slot, else
 * the one whose bucket has refilled the most (forgetting a full bucket
 * forgets nothing).
 */
static struct addrlimit_slot *
addrlimit_find(struct addrlimit *a, const unsigned char *tag, double now)
{
	struct addrlimit_slot *s, *spare = NULL;
	double best = -1, full;
	size_t h, i;

	memcpy(&h, tag, sizeof(h));
	for (i = 0; i < ADDRLIMIT_PROBE; i++) {
		s = &a->slot[(h + i) % ADDRLIMIT_SLOTS];
		if (s->used && sodium_memcmp(s->tag, tag, ADDRLIMIT_TAG) == 0)
			return s;
		full = !s->used ? 1e300 : s->until > now ? -1 :
		    s->tokens + (now - s->last) * a->per_second;
		if (full > best) {
			best = full;
			spare = s;
		}
	}
	memcpy(spare->tag, tag, ADDRLIMIT_TAG);
	spare->tokens = a->capacity;
	spare->last = now;
	spare->until = 0;
	spare->fails = 0;
	spare->used = 1;
	return spare;
}

/* The slot of this address, with the lock held. */
static struct addrlimit_slot *
addrlimit_lock(struct addrlimit *a, const struct sockaddr *sa, double now)
{
	unsigned char raw[9], tag[ADDRLIMIT_TAG];

	crypto_generichash(tag, sizeof(tag), raw, addrlimit_bytes(sa, raw),
	    a->key, sizeof(a->key));
	sodium_memzero(raw, sizeof(raw));
	pthread_mutex_lock(&a->mu);
	return addrlimit_find(a, tag, now);
}

void
addrlimit_failed(struct addrlimit *a, const struct sockaddr *sa)
{
	double now = addrlimit_now(), delay;
	struct addrlimit_slot *s = addrlimit_lock(a, sa, now);

	if (++s->fails >= ADDRLIMIT_FREE_FAILS) {
		delay = s->fails - ADDRLIMIT_FREE_FAILS >= 10 ? ADDRLIMIT_MAX_DELAY :
		    (double)(1u << (s->fails - ADDRLIMIT_FREE_FAILS));
		s->until = now + (delay > ADDRLIMIT_MAX_DELAY ?
		    ADDRLIMIT_MAX_DELAY : delay);
	}
	pthread_mutex_unlock(&a->mu);
}

void
addrlimit_succeeded(struct addrlimit *a, const struct sockaddr *sa)
{
	struct addrlimit_slot *s = addrlimit_lock(a, sa, addrlimit_now());

	s->fails = 0;
	s->until = 0;
	pthread_mutex_unlock(&a->mu);
}

enum addrlimit_result
addrlimit_take(struct addrlimit *a, const struct sockaddr *sa)
{
	struct addrlimit_slot *s;
	double now = addrlimit_now();
	int ok;

	s = addrlimit_lock(a, sa, now);
	if (s->until > now) {
		pthread_mutex_unlock(&a->mu);
		return ADDRLIMIT_ADDRESS;
	}
	s->tokens += (now - s->last) * a->per_second;
	s->last = now;
	if (s->tokens > a->capacity)
		s->tokens = a->capacity;
	if ((ok = s->tokens >= 1.0))
		s->tokens -= 1.0;
	pthread_mutex_unlock(&a->mu);
	if (!ok)
		return ADDRLIMIT_ADDRESS;
	return ratelimit_take(a->global) ? ADDRLIMIT_OK : ADDRLIMIT_GLOBAL;
}
