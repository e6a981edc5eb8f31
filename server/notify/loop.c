/*
 * The loop: one database connection that LISTENs for new events, and a
 * sweep every notify_sweep seconds whether or not a signal came, so that
 * events written while the notifier was down or disconnected are picked
 * up. Each pass: events become notices; digests and reminders are queued
 * when their time has come; due notices are sent, each marked sent only
 * after the mail server accepted it. A kill between the two repeats that
 * one mail (with the same Message-ID) on restart, and never loses one.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "server/common/log.h"
#include "server/notify/notify.h"

static volatile sig_atomic_t notify_stop;

static void
notify_signal(int sig)
{
	(void)sig;
	notify_stop = 1;
}

static PGconn *
notify_connect(const struct config *cfg)
{
	PGconn *c = PQconnectdb(cfg->db_notify);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK) {
		log_warnx("notify: database: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, "LISTEN " NOTIFY_CHANNEL);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		log_warnx("notify: LISTEN: %s", PQerrorMessage(c));
		PQclear(r);
		PQfinish(c);
		return NULL;
	}
	PQclear(r);
	log_info("notify: connected, listening");
	return c;
}

/* Sends every notice due now; -1 when the database failed. */
static int
notify_send_due(PGconn *c, const struct config *cfg, const struct catalog *cat,
    const char *pw)
{
	static struct notice due[NOTIFY_SEND_BATCH];
	static char msg[NOTIFY_MAIL_MAX];
	char err[256];
	enum smtp_result res;
	int i, n, len, rc = 0;

	if ((n = queue_due(c, due, NOTIFY_SEND_BATCH)) == -1)
		return -1;
	for (i = 0; i < n && !notify_stop && rc == 0; i++) {
		if (due[i].email[0] == '\0') {
			log_warnx("notify: notice %s for %s: no mail address set",
			    due[i].id, due[i].username);
			rc = queue_mark_failed(c, &due[i], "no mail address");
			continue;
		}
		if ((len = mail_compose(cat, cfg, &due[i], time(NULL), msg,
		    sizeof(msg))) == -1) {
			log_warnx("notify: notice %s for %s: cannot compose (bad address)",
			    due[i].id, due[i].username);
			rc = queue_mark_failed(c, &due[i], "bad mail address");
			continue;
		}
		res = smtp_send(cfg, pw, due[i].email, msg, (size_t)len, err,
		    sizeof(err));
		if (res == SMTP_SENT) {
			log_info("notify: notice %s (%s) sent", due[i].id, due[i].kind);
			rc = queue_mark_sent(c, &due[i]);
		} else if (res == SMTP_REFUSED ||
		    due[i].attempts + 1 >= NOTIFY_MAX_ATTEMPTS) {
			log_warnx("notify: notice %s for %s refused: %s", due[i].id,
			    due[i].username, err);
			rc = queue_mark_failed(c, &due[i], err);
		} else {
			log_warnx("notify: notice %s for %s not sent, will retry: %s",
			    due[i].id, due[i].username, err);
			rc = queue_mark_retry(c, &due[i], schedule_backoff(
			    due[i].attempts + 1, cfg->notify_retry,
			    cfg->notify_retry_max), err);
		}
	}
	return rc;
}

/* The periodic steps whose time has come; -1 when the database failed. */
static int
notify_periodic(PGconn *c, const struct config *cfg)
{
	time_t now = time(NULL);
	long long last;

	if ((last = queue_last_run(c, "hourly")) == -1)
		return -1;
	if (schedule_batch_due((time_t)last, now, cfg->notify_batch) &&
	    queue_flush(c, "hourly") == -1)
		return -1;
	if ((last = queue_last_run(c, "daily")) == -1)
		return -1;
	if (schedule_daily_due((time_t)last, now, cfg->notify_daily_hour) &&
	    queue_flush(c, "daily") == -1)
		return -1;
	if ((last = queue_last_run(c, "reminders")) == -1)
		return -1;
	if (schedule_daily_due((time_t)last, now, cfg->notify_daily_hour) &&
	    queue_reminders(c) == -1)
		return -1;
	return 0;
}

static int
notify_pass(PGconn *c, const struct config *cfg, const struct catalog *cat,
    const char *pw)
{
	int n;

	do {
		if ((n = queue_take_events(c)) == -1)
			return -1;
	} while (n == NOTIFY_EVENTS_BATCH && !notify_stop);
	if (notify_periodic(c, cfg) == -1)
		return -1;
	return notify_send_due(c, cfg, cat, pw);
}

/* Milliseconds to wait: the sweep, the next retry or the next boundary. */
static int
notify_wait_ms(PGconn *c, const struct config *cfg)
{
	long long wait = cfg->notify_sweep, next = queue_next_due(c);
	time_t now = time(NULL);
	long long boundary = cfg->notify_batch - now % cfg->notify_batch;

	if (next >= 0 && next < wait)
		wait = next;
	if (boundary < wait)
		wait = boundary;
	return (int)(wait * 1000) + (wait == 0 ? 50 : 0);
}

/* Waits for a signal from PostgreSQL or the timeout; -1 if the link broke. */
static int
notify_wait(PGconn *c, int ms)
{
	struct pollfd p = { .fd = PQsocket(c), .events = POLLIN };
	PGnotify *n;

	if (p.fd < 0)
		return -1;
	if (poll(&p, 1, ms) == -1 && errno != EINTR)
		return -1;
	if (PQconsumeInput(c) == 0)
		return -1;
	while ((n = PQnotifies(c)) != NULL)
		PQfreemem(n);
	return PQstatus(c) == CONNECTION_OK ? 0 : -1;
}

int
notify_run(const struct config *cfg, const struct catalog *cat, const char *pw)
{
	struct sigaction sa;
	unsigned backoff = 1;
	PGconn *c = NULL;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = notify_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	log_info("notify: started (sweep %us, batch %us)", cfg->notify_sweep,
	    cfg->notify_batch);
	while (!notify_stop) {
		if (c == NULL && (c = notify_connect(cfg)) == NULL) {
			sleep(backoff);
			backoff = backoff * 2 > NOTIFY_DB_RETRY_MAX ?
			    NOTIFY_DB_RETRY_MAX : backoff * 2;
			continue;
		}
		backoff = 1;
		if (notify_pass(c, cfg, cat, pw) == -1 ||
		    notify_wait(c, notify_wait_ms(c, cfg)) == -1) {
			if (PQstatus(c) != CONNECTION_OK) {
				log_warnx("notify: lost the database, reconnecting");
				PQfinish(c);
				c = NULL;
			} else
				sleep(1);	/* a failed statement: do not spin */
		}
	}
	log_info("notify: stopping");
	PQfinish(c);
	return 0;
}
