/*
 * madoguchi-notify: tells counselors by mail that cases are waiting. It
 * reads clear metadata only (its database role can read nothing else) and
 * its mails carry no content: a channel, "urgent" or not, counts, and the
 * review server's address. Every mail is a row in notify_outbox before it
 * is sent and is marked sent after.
 */
#ifndef MDG_NOTIFY_H
#define MDG_NOTIFY_H
#include <stddef.h>
#include <time.h>

#include <libpq-fe.h>

#include "server/common/catalog.h"
#include "server/common/config.h"

#define NOTIFY_CHANNEL		"madoguchi_notify"	/* LISTEN name */
#define NOTIFY_EVENTS_BATCH	200	/* events turned into notices per step */
#define NOTIFY_SEND_BATCH	50	/* mails sent per step */
#define NOTIFY_MAX_ATTEMPTS	100	/* then the notice is given up and shown */
#define NOTIFY_MAX_CHANNELS	8	/* channels named in one mail */
#define NOTIFY_MAIL_MAX		(16u * 1024)	/* one composed mail */
#define NOTIFY_PASSWORD_MAX	512	/* bytes of the SMTP password file */
#define NOTIFY_DB_RETRY_MAX	30	/* s between attempts to reach PostgreSQL */

/* One queued notice, as read back from notify_outbox. */
struct notice {
	char		 id[24];
	char		 kind[16];		/* urgent | digest | reminder | test | access */
	char		 message_id[33];
	enum lang	 lang;
	char		 channels[NOTIFY_MAX_CHANNELS][33];
	int		 nchannels;
	int		 n_new, n_replies, n_waiting, n_due, n_overdue;
	int		 attempts;
	char		 email[256];
	char		 username[65];
};

/* schedule.c: when periodic steps are due (pure, unit-tested). */
/* 1 if a batch boundary (a multiple of period since the epoch) lies in (last, now]. */
int	schedule_batch_due(time_t last, time_t now, unsigned period);
/* 1 if the daily step has not run today (local time) and it is hour or later. */
int	schedule_daily_due(time_t last, time_t now, unsigned hour);
/* Seconds to wait before attempt number attempts+1 (attempts >= 1). */
unsigned schedule_backoff(int attempts, unsigned base, unsigned max);

/* mail.c: the message, headers and body (pure, unit-tested). */
/* Writes the whole RFC 5322 message into out; its length, or -1. */
int	mail_compose(const struct catalog *, const struct config *,
	    const struct notice *, time_t now, char *out, size_t outlen);

/* smtp.c: one mail through libcurl. */
enum smtp_result { SMTP_SENT, SMTP_RETRY, SMTP_REFUSED };
enum smtp_result smtp_send(const struct config *, const char *password,
	    const char *to, const char *msg, size_t len, char *err, size_t errlen);

/* queue.c: the database side. */
int	queue_take_events(PGconn *);			/* events handled, -1 */
int	queue_flush(PGconn *, const char *digest);	/* mails queued, -1 */
int	queue_reminders(PGconn *);			/* mails queued, -1 */
/* Seconds since the epoch of a step's last run; 0 never, -1 error. */
long long queue_last_run(PGconn *, const char *name);
/* Up to max notices due now; count or -1. */
int	queue_due(PGconn *, struct notice *, int max);
int	queue_mark_sent(PGconn *, const struct notice *);
int	queue_mark_retry(PGconn *, const struct notice *, unsigned delay,
	    const char *err);
int	queue_mark_failed(PGconn *, const struct notice *, const char *err);
/* Seconds until the next notice is due (capped by the caller), -1 error. */
long long queue_next_due(PGconn *);

/* loop.c: runs until SIGTERM or SIGINT; the process exit code. */
int	notify_run(const struct config *, const struct catalog *, const char *password);

/* sandbox_notify.c: the notifier's own seccomp allow-list. */
void	sandbox_notify_seccomp(void);

#endif
