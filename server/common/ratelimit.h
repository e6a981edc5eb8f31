/*
 * A global token bucket for receipt attempts: guessing is throttled for
 * everyone together, so no client address needs to be kept.
 */
#ifndef MDG_RATELIMIT_H
#define MDG_RATELIMIT_H

struct ratelimit;

struct ratelimit	*ratelimit_new(unsigned per_minute);
void			 ratelimit_free(struct ratelimit *);
/* 1 when a token was taken, 0 when the bucket is empty. */
int			 ratelimit_take(struct ratelimit *);

#endif
