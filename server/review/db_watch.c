/*
 * The retaliation watch's statements (migrations/012_watch.sql): the
 * follow-up dates a closing sets, the dates a case page shows, and the
 * audit entries of reopenings by reporters' answers.
 */
#include <stdio.h>
#include <string.h>

#include "server/common/audit.h"
#include "server/review/db_int.h"

#define WATCH_DETAIL	64	/* "YYYY-MM-DD,YYYY-MM-DD" */

/* Each date given after today and within two years: 1, 0 not, -1 error. */
static int
watch_dates_ok(PGconn *c, const struct db_status *d)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int ok;

	db_text(&p, d->watch[0]);
	db_text(&p, d->watch[1]);
	if ((r = db_run(c, "SELECT count(*) = 0 FROM unnest(ARRAY[$1::date, "
	    "$2::date]) w(due) WHERE due <= current_date OR "
	    "due > current_date + interval '2 years'", &p, 0)) == NULL)
		return -1;
	ok = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return ok;
}

/* Inserts the dates; what was set into detail, "" for nothing. */
static int
watch_insert(PGconn *c, const struct db_status *d, char *detail, size_t len)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	size_t o = 0;
	int i;

	db_text(&p, d->case_id);
	/* a case closed again forgets the dates of an earlier closing left unanswered */
	if (db_cmd(c, "DELETE FROM case_watch w USING cases c WHERE "
	    "w.case_id = $1 AND c.id = w.case_id AND c.status <> 'closed' AND "
	    "NOT w.answered", &p) == -1)
		return -1;
	db_text(&p, d->watch[0]);
	db_text(&p, d->watch[1]);
	db_text(&p, d->watch_default ? "t" : "f");
	r = db_run(c, "INSERT INTO case_watch (case_id, due) SELECT c.id, w.due "
	    "FROM cases c CROSS JOIN unnest(CASE WHEN $4::boolean THEN "
	    "ARRAY[(current_date + interval '1 month')::date, "
	    "(current_date + interval '3 months')::date] "
	    "ELSE ARRAY[$2::date, $3::date] END) w(due) "
	    "WHERE c.id = $1 AND c.channel_id = 'harassment' AND "
	    "c.status <> 'closed' AND w.due IS NOT NULL "
	    "ON CONFLICT DO NOTHING RETURNING to_char(due, 'YYYY-MM-DD')", &p, 0);
	if (r == NULL)
		return -1;
	detail[0] = '\0';
	for (i = 0; i < PQntuples(r) && o + 12 < len; i++)
		o += (size_t)snprintf(detail + o, len - o, "%s%s", i ? "," : "",
		    PQgetvalue(r, i, 0));
	PQclear(r);
	return 0;
}

int
db_watch_close(PGconn *c, const struct db_status *d)
{
	char detail[WATCH_DETAIL];
	int ok;

	if (!d->watch_default && (ok = watch_dates_ok(c, d)) != 1)
		return ok == 0 ? REVIEW_EINPUT : REVIEW_EFAIL;
	if (watch_insert(c, d, detail, sizeof(detail)) == -1)
		return REVIEW_EFAIL;
	/* the close itself is audited as case.status by the caller */
	if (detail[0] != '\0' && audit_append(c, d->by->username, "case.watch",
	    d->case_id, detail) == -1)
		return REVIEW_EFAIL;
	return REVIEW_OK;
}

int
db_watch_get(struct store *s, const char *case_id, struct db_watch *w)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int i;

	memset(w, 0, sizeof(*w));
	db_text(&p, case_id);
	/* the defaults ride on every row, and on one row of NULLs if none */
	r = db_query(s, "SELECT to_char(current_date + interval '1 month', "
	    "'YYYY-MM-DD'), to_char(current_date + interval '3 months', "
	    "'YYYY-MM-DD'), to_char(w.due, 'YYYY-MM-DD'), w.answered, "
	    "w.due <= current_date FROM (SELECT 1) one LEFT JOIN case_watch w "
	    "ON w.case_id = $1 ORDER BY w.due", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	for (i = 0; i < PQntuples(r); i++) {
		db_col(r, i, 0, w->default_due[0], sizeof(w->default_due[0]));
		db_col(r, i, 1, w->default_due[1], sizeof(w->default_due[1]));
		if (PQgetisnull(r, i, 2) || w->n >= DB_WATCH_MAX)
			continue;
		db_col(r, i, 2, w->dates[w->n].due, sizeof(w->dates[w->n].due));
		w->dates[w->n].answered = PQgetvalue(r, i, 3)[0] == 't';
		w->dates[w->n].reached = PQgetvalue(r, i, 4)[0] == 't';
		w->n++;
	}
	PQclear(r);
	return 0;
}

/* Each pending reopening becomes an audit entry, in the same transaction. */
static int
watch_audit_tx(PGconn *c, const void *arg)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int i, rc = REVIEW_OK;

	(void)arg;
	/* a second drain at the same time waits, then finds the rows gone */
	r = db_run(c, "WITH gone AS (DELETE FROM watch_reopens "
	    "RETURNING id, case_id) SELECT case_id FROM gone ORDER BY id", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	/* the same detail as a counselor's status change would write */
	for (i = 0; i < PQntuples(r) && rc == REVIEW_OK; i++)
		if (audit_append(c, "reporter", "case.reopen", PQgetvalue(r, i, 0),
		    "follow-up status=reopened priority=urgent") == -1)
			rc = REVIEW_EFAIL;
	PQclear(r);
	return rc;
}

int
db_watch_audit(struct store *s)
{
	return db_tx(s, watch_audit_tx, NULL, "reporter", NULL, NULL, 0);
}
