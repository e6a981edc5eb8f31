/*
 * Cases a counselor cannot open, and requests for access to them
 * (migration 013). The gaps are kept by triggers; the review role only
 * reads them and marks a request. A grant is the case key sealed to the
 * requester (db_grant_add), whose new key row closes the gap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/db_int.h"

#define LOCKED_SQL "SELECT c.id, c.channel_id, coalesce(c.category, ''), " \
	"c.status, c.priority, current_date - c.created_at::date, " \
	"g.requested_at IS NOT NULL FROM access_gaps g JOIN cases c ON " \
	"c.id = g.case_id WHERE g.counselor_id = $1 "
#define LOCKED_ORDER "ORDER BY g.case_created DESC, g.case_id DESC " \
	"LIMIT $2::int"

/* The hour of filing of the cursor case, if it is a gap of counselor_id. */
static int
locked_cursor(struct store *s, const char *counselor_id, const char *after,
    char *at, size_t atlen)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int found;

	db_text(&p, counselor_id);
	db_text(&p, after);
	if ((r = db_query(s, "SELECT case_created FROM access_gaps WHERE "
	    "counselor_id = $1 AND case_id = $2", &p, 0)) == NULL)
		return REVIEW_EFAIL;
	if ((found = PQntuples(r) == 1))
		db_col(r, 0, 0, at, atlen);
	PQclear(r);
	return found;
}

/*
 * Newest first, read from the (counselor, case_created, case_id) index;
 * a page after a case starts below it (keyset, like the queue). An after
 * id that is no gap of the counselor's (granted since) starts at the top.
 */
int
db_locked(struct store *s, const char *counselor_id, const char *after,
    struct db_locked_row *out, size_t max)
{
	struct db_params p = { .n = 0 };
	char lim[24], at[64];
	PGresult *r;
	int i, n, cursor = 0;

	if (after != NULL && (cursor = locked_cursor(s, counselor_id, after, at,
	    sizeof(at))) == REVIEW_EFAIL)
		return REVIEW_EFAIL;
	snprintf(lim, sizeof(lim), "%zu", max);
	db_text(&p, counselor_id);
	db_text(&p, lim);
	if (cursor) {
		db_text(&p, at);
		db_text(&p, after);
	}
	r = db_query(s, cursor ? LOCKED_SQL "AND (g.case_created, g.case_id) < "
	    "($3::timestamptz, $4::text) " LOCKED_ORDER : LOCKED_SQL LOCKED_ORDER,
	    &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		db_col(r, i, 0, out[i].id, sizeof(out[i].id));
		db_col(r, i, 1, out[i].channel, sizeof(out[i].channel));
		db_col(r, i, 2, out[i].category, sizeof(out[i].category));
		db_col(r, i, 3, out[i].status, sizeof(out[i].status));
		db_col(r, i, 4, out[i].priority, sizeof(out[i].priority));
		out[i].days = atoi(PQgetvalue(r, i, 5));
		out[i].requested = PQgetvalue(r, i, 6)[0] == 't';
	}
	PQclear(r);
	return n;
}

static int
request_tx(PGconn *c, const void *arg)
{
	const char *const *ids = arg;
	struct db_params p = { .n = 0 };
	PGresult *r;
	int changed;

	db_text(&p, ids[0]);
	db_text(&p, ids[1]);
	/* the first request's hour stays: asking again changes nothing */
	r = db_run(c, "UPDATE access_gaps SET requested_at = coalesce("
	    "requested_at, date_trunc('hour', now())) WHERE case_id = $1 AND "
	    "counselor_id = $2", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	changed = strcmp(PQcmdTuples(r), "1") == 0;
	PQclear(r);
	return changed ? REVIEW_OK : REVIEW_ENOTFOUND;
}

int
db_access_request(struct store *s, const struct review_user *u,
    const char *case_id)
{
	const char *ids[2] = { case_id, u->id };
	struct db_audit_entry e = { "case.access_request", NULL };

	return db_tx(s, request_tx, ids, u->username, case_id, &e, 1);
}

/*
 * Requests the counselor can answer: for cases they hold the key to,
 * oldest request first. Requests are few (the partial index holds only
 * them), so the key check runs per request.
 */
int
db_access_pending(struct store *s, const char *counselor_id,
    const char *case_id, struct db_access_req *out, size_t max)
{
	struct db_params p = { .n = 0 };
	char lim[24];
	PGresult *r;
	int i, n;

	snprintf(lim, sizeof(lim), "%zu", max);
	db_text(&p, counselor_id);
	db_text(&p, case_id);
	db_text(&p, lim);
	/*
	 * The open requests first (few, a partial index), then the key
	 * check per request: OFFSET 0 keeps the planner from starting at
	 * every key the reader holds (20-40 ms at 6,800 keys, and growing).
	 */
	r = db_query(s, "SELECT g.case_id, u.username, to_char(g.requested_at "
	    "AT TIME ZONE 'Asia/Tokyo', 'YYYY-MM-DD HH24:MI') FROM (SELECT * "
	    "FROM access_gaps WHERE requested_at IS NOT NULL AND ($2::text IS "
	    "NULL OR case_id = $2) OFFSET 0) g JOIN counselors u ON u.id = "
	    "g.counselor_id WHERE u.active AND EXISTS (SELECT 1 FROM case_keys k "
	    "WHERE k.counselor_id = $1 AND k.case_id = g.case_id AND k.holder = "
	    "'counselor') ORDER BY g.requested_at, g.case_id, u.username "
	    "LIMIT $3::int", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		db_col(r, i, 0, out[i].case_id, sizeof(out[i].case_id));
		db_col(r, i, 1, out[i].username, sizeof(out[i].username));
		db_col(r, i, 2, out[i].at, sizeof(out[i].at));
	}
	PQclear(r);
	return n;
}
