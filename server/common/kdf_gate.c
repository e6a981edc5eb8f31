#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "server/common/kdf_gate.h"

struct kdf_gate {
	pthread_mutex_t	mu;
	pthread_cond_t	cv;
	unsigned	jobs, running;
	unsigned	queue, waiting;
};

struct kdf_gate *
kdf_gate_new(unsigned jobs, unsigned queue)
{
	struct kdf_gate *g;
	pthread_condattr_t ca;

	if (jobs == 0 || (g = calloc(1, sizeof(*g))) == NULL)
		return NULL;
	pthread_mutex_init(&g->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cv, &ca);
	pthread_condattr_destroy(&ca);
	g->jobs = jobs;
	g->queue = queue;
	return g;
}

void
kdf_gate_free(struct kdf_gate *g)
{
	if (g == NULL)
		return;
	pthread_mutex_destroy(&g->mu);
	pthread_cond_destroy(&g->cv);
	free(g);
}

int
kdf_gate_enter(struct kdf_gate *g)
{
	struct timespec until;
	int rc = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += KDF_GATE_WAIT_SECONDS;
	pthread_mutex_lock(&g->mu);
	if (g->running >= g->jobs && g->waiting >= g->queue) {
		pthread_mutex_unlock(&g->mu);
		return -1;
	}
	g->waiting++;
	while (g->running >= g->jobs && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&g->cv, &g->mu, &until);
	g->waiting--;
	if (g->running >= g->jobs) {
		pthread_mutex_unlock(&g->mu);
		return -1;
	}
	g->running++;
	pthread_mutex_unlock(&g->mu);
	return 0;
}

void
kdf_gate_leave(struct kdf_gate *g)
{
	pthread_mutex_lock(&g->mu);
	g->running--;
	pthread_cond_signal(&g->cv);
	pthread_mutex_unlock(&g->mu);
}
