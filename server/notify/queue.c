/*
 * The notifier's side of the database. Turning events into notices runs
 * in SQL functions that execute with this role's own narrow rights
 * (migrations/008_notify.sql); this file calls them and walks the outbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/log.h"
#include "server/notify/notify.h"

static PGresult *
queue_exec(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		log_warnx("notify: database: %s", PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	return r;
}

/* The one integer a function call returns, or -1. */
static long long
queue_int(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = queue_exec(c, sql, n, v);
	long long x = -1;

	if (r != NULL && PQntuples(r) == 1)
		x = PQgetisnull(r, 0, 0) ? 0 : atoll(PQgetvalue(r, 0, 0));
	PQclear(r);
	return x;
}

int
queue_take_events(PGconn *c)
{
	char max[16];
	const char *v[1] = { max };

	snprintf(max, sizeof(max), "%d", NOTIFY_EVENTS_BATCH);
	return (int)queue_int(c, "SELECT notify_take_events($1::int)", 1, v);
}

int
queue_flush(PGconn *c, const char *digest)
{
	const char *v[1] = { digest };

	return (int)queue_int(c, "SELECT notify_flush($1)", 1, v);
}

int
queue_reminders(PGconn *c)
{
	return (int)queue_int(c, "SELECT notify_reminders()", 0, NULL);
}

long long
queue_last_run(PGconn *c, const char *name)
{
	const char *v[1] = { name };

	return queue_int(c, "SELECT coalesce((SELECT extract(epoch FROM last_run)"
	    "::bigint FROM notify_state WHERE name = $1), 0)", 1, v);
}

long long
queue_next_due(PGconn *c)
{
	return queue_int(c, "SELECT coalesce(greatest(0, ceil(extract(epoch FROM "
	    "min(next_try) - now())))::bigint, -2) FROM notify_outbox "
	    "WHERE sent_at IS NULL AND failed_at IS NULL", 0, NULL);
}

/* "{a,b}" from PostgreSQL into the notice's channel list. */
static void
queue_channels(struct notice *n, const char *arr)
{
	const char *p = arr, *e;
	size_t len;

	n->nchannels = 0;
	if (*p == '{')
		p++;
	while (*p != '\0' && *p != '}' && n->nchannels < NOTIFY_MAX_CHANNELS) {
		e = p + strcspn(p, ",}");
		len = (size_t)(e - p);
		if (len > 0 && len < sizeof(n->channels[0])) {
			memcpy(n->channels[n->nchannels], p, len);
			n->channels[n->nchannels++][len] = '\0';
		}
		p = *e == ',' ? e + 1 : e;
	}
}

int
queue_due(PGconn *c, struct notice *out, int max)
{
	char lim[16];
	const char *v[1] = { lim };
	struct notice *n;
	PGresult *r;
	int i;

	snprintf(lim, sizeof(lim), "%d", max);
	r = queue_exec(c, "SELECT o.id, o.kind, o.message_id, o.lang, o.channels, "
	    "o.n_new, o.n_replies, o.n_waiting, o.n_due, o.n_overdue, o.attempts, "
	    "coalesce(s.email, ''), u.username FROM notify_outbox o "
	    "JOIN counselors u ON u.id = o.counselor_id "
	    "LEFT JOIN notify_settings s ON s.counselor_id = o.counselor_id "
	    "WHERE o.sent_at IS NULL AND o.failed_at IS NULL AND o.next_try <= now() "
	    "ORDER BY (o.kind IN ('urgent', 'access')) DESC, o.id LIMIT $1::int", 1, v);
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && i < max; i++) {
		n = &out[i];
		memset(n, 0, sizeof(*n));
		snprintf(n->id, sizeof(n->id), "%s", PQgetvalue(r, i, 0));
		snprintf(n->kind, sizeof(n->kind), "%s", PQgetvalue(r, i, 1));
		snprintf(n->message_id, sizeof(n->message_id), "%s", PQgetvalue(r, i, 2));
		n->lang = lang_from_code(PQgetvalue(r, i, 3));
		queue_channels(n, PQgetvalue(r, i, 4));
		n->n_new = atoi(PQgetvalue(r, i, 5));
		n->n_replies = atoi(PQgetvalue(r, i, 6));
		n->n_waiting = atoi(PQgetvalue(r, i, 7));
		n->n_due = atoi(PQgetvalue(r, i, 8));
		n->n_overdue = atoi(PQgetvalue(r, i, 9));
		n->attempts = atoi(PQgetvalue(r, i, 10));
		snprintf(n->email, sizeof(n->email), "%s", PQgetvalue(r, i, 11));
		snprintf(n->username, sizeof(n->username), "%s", PQgetvalue(r, i, 12));
	}
	PQclear(r);
	return i;
}

static int
queue_update(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = queue_exec(c, sql, n, v);

	PQclear(r);
	return r == NULL ? -1 : 0;
}

int
queue_mark_sent(PGconn *c, const struct notice *n)
{
	const char *v[1] = { n->id };

	return queue_update(c, "UPDATE notify_outbox SET sent_at = now(), "
	    "attempts = attempts + 1, last_error = '' WHERE id = $1::bigint", 1, v);
}

int
queue_mark_retry(PGconn *c, const struct notice *n, unsigned delay,
    const char *err)
{
	char d[16], e[200];
	const char *v[3] = { n->id, d, e };

	snprintf(d, sizeof(d), "%u", delay);
	snprintf(e, sizeof(e), "%s", err);
	return queue_update(c, "UPDATE notify_outbox SET attempts = attempts + 1, "
	    "next_try = now() + make_interval(secs => $2::int), last_error = $3 "
	    "WHERE id = $1::bigint", 3, v);
}

int
queue_mark_failed(PGconn *c, const struct notice *n, const char *err)
{
	char e[200];
	const char *v[2] = { n->id, e };

	snprintf(e, sizeof(e), "%s", err);
	return queue_update(c, "UPDATE notify_outbox SET attempts = attempts + 1, "
	    "failed_at = now(), last_error = $2 WHERE id = $1::bigint", 2, v);
}
