#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "server/common/ratelimit.h"

struct ratelimit {
	pthread_mutex_t	mu;
	double		tokens, capacity, per_second;
	struct timespec	last;
};

struct ratelimit *
ratelimit_new(unsigned per_minute)
{
	struct ratelimit *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	pthread_mutex_init(&r->mu, NULL);
	r->capacity = r->tokens = per_minute;
	r->per_second = per_minute / 60.0;
	clock_gettime(CLOCK_MONOTONIC, &r->last);
	return r;
}

void
ratelimit_free(struct ratelimit *r)
{
	if (r == NULL)
		return;
	pthread_mutex_destroy(&r->mu);
	free(r);
}

int
ratelimit_take(struct ratelimit *r)
{
	struct timespec now;
	double dt;
	int ok;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&r->mu);
	dt = (double)(now.tv_sec - r->last.tv_sec) +
	    (double)(now.tv_nsec - r->last.tv_nsec) / 1e9;
	r->last = now;
	r->tokens += dt * r->per_second;
	if (r->tokens > r->capacity)
		r->tokens = r->capacity;
	if ((ok = r->tokens >= 1.0))
		r->tokens -= 1.0;
	pthread_mutex_unlock(&r->mu);
	return ok;
}
