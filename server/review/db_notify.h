/*
 * A counselor's mail notice settings (kept by the review server, read by
 * madoguchi-notify) and the delivery problems shown to administrators.
 * Each function borrows a connection from the pool for the call.
 */
#ifndef MDG_REVIEW_DB_NOTIFY_H
#define MDG_REVIEW_DB_NOTIFY_H
#include "server/common/mailaddr.h"
#include "server/common/store.h"

struct db_notify {
	char	email[MAILADDR_MAX + 1];	/* "" : no mail at all */
	int	urgent;				/* urgent cases at once */
	char	digest[8];			/* hourly | daily | off */
	int	reminders;			/* daily deadline reminders */
};

/* The defaults a counselor starts from: urgent on, daily digest, reminders on. */
void	db_notify_defaults(struct db_notify *);
/* 1 found, 0 none set (defaults filled), -1 the database failed. */
int	db_notify_get(struct store *, const char *counselor_id, struct db_notify *);
/*
 * Saves the settings (an empty address deletes them) with the language
 * the mails are to be written in, and its audit entry, in one
 * transaction. 0 or -1.
 */
int	db_notify_put(struct store *, const char *counselor_id,
	    const char *username, const struct db_notify *, const char *lang);

/* One line of the administrator's status page. */
struct db_notify_problem {
	const char	*username;
	const char	*failed;	/* notices given up */
	const char	*queued;	/* notices still being retried */
	const char	*last_error;
	const char	*since;		/* oldest, to the hour */
};
typedef void (*db_notify_problem_fn)(void *, const struct db_notify_problem *);
/* Calls fn per counselor with a problem; count, or -1. */
int	db_notify_problems(struct store *, db_notify_problem_fn, void *);

#endif
