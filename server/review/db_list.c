/* The triage queue and the statistics: clear metadata only, nothing sealed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/db_int.h"

static void
queue_row(const PGresult *r, int i, struct db_queue_row *q)
{
	memset(q, 0, sizeof(*q));
	db_col(r, i, 0, q->id, sizeof(q->id));
	db_col(r, i, 1, q->channel, sizeof(q->channel));
	db_col(r, i, 2, q->category, sizeof(q->category));
	db_col(r, i, 3, q->status, sizeof(q->status));
	db_col(r, i, 4, q->priority, sizeof(q->priority));
	db_col(r, i, 5, q->assignee, sizeof(q->assignee));
	db_col(r, i, 6, q->age, sizeof(q->age));
	db_col(r, i, 7, q->due, sizeof(q->due));
	q->overdue = PQgetvalue(r, i, 8)[0] == 't';
	db_col(r, i, 9, q->labels, sizeof(q->labels));
	q->watch_due = PQgetvalue(r, i, 10)[0] == 't';
}

/*
 * Queue order: urgent before the rest, overdue before the rest, then newest
 * first. The order is cut into segments by the first keys, each read
 * newest-first from an index with its own LIMIT, so no page sorts or skips
 * the whole table; a page after a case starts in that case's segment,
 * below its (created_at, id). The segments are asked for one after the
 * other until the page is full: the first page of a busy queue reads one.
 * Migration 011 adds the indexes: (created_at, id), the same for urgent
 * cases, and the due date of open cases (QUEUE_DUE is that index's
 * expression, word for word).
 */
#define QUEUE_DUE "(CASE WHEN c.status = 'new' THEN c.ack_due " \
	"WHEN c.status IN ('acknowledged', 'reopened') THEN c.response_due " \
	"ELSE c.feedback_due END)"
#define QUEUE_LATE "(c.status <> 'closed' AND " QUEUE_DUE " < current_date)"
#define QUEUE_ONTIME "(c.status = 'closed' OR " QUEUE_DUE " >= current_date)"
/* a closed case whose follow-up date has come (migration 012) */
#define QUEUE_WATCH "(c.status = 'closed' AND EXISTS (SELECT 1 FROM " \
	"case_watch cw WHERE cw.case_id = c.id AND NOT cw.answered AND " \
	"cw.due <= current_date))"
/* due follow-ups come after what is urgent or late, before the rest */
#define QUEUE_SEGMENTS 5
static const char *const queue_segment[QUEUE_SEGMENTS] = {
	"c.priority = 'urgent' AND " QUEUE_LATE,
	"c.priority = 'urgent' AND " QUEUE_ONTIME,
	"c.priority <> 'urgent' AND " QUEUE_LATE,
	"c.priority <> 'urgent' AND " QUEUE_ONTIME " AND " QUEUE_WATCH,
	"c.priority <> 'urgent' AND " QUEUE_ONTIME " AND NOT " QUEUE_WATCH,
};
/*
 * A case $1 holds the key to (migration 013 indexes the lookup): the
 * queue lists only cases its reader can open; the others of their
 * channels are listed apart (db_access.c), to ask a colleague for access.
 * OFFSET 0 keeps this a probe per row of the segment's index walk: as a
 * join, the planner may start from the reader's keys instead, which at
 * 100,000 cases and 10,000 keys held cost 110 ms a page against 30 ms.
 */
#define QUEUE_HELD "EXISTS (SELECT 1 FROM case_keys k WHERE " \
	"k.counselor_id = $1 AND k.case_id = c.id AND k.holder = 'counselor' " \
	"OFFSET 0)"
/*
 * In the reader's channels ($8, their names), held by them, and the
 * filters $2..$6. The channels are passed as values, not a subquery, so
 * the planner weighs each segment by the cases' own statistics: joined to
 * channel_recipients it took an urgent segment of 1,400 cases for 5 and
 * sorted them all (17 ms a page at 100,000 cases, 1.8 ms by the index).
 */
#define QUEUE_WHERE "c.channel_id = ANY ($8::text[]) AND " QUEUE_HELD " " \
	"AND ($2::text IS NULL OR c.status = $2) " \
	"AND ($3::text IS NULL OR c.priority = $3) " \
	"AND ($4::text IS NULL OR c.channel_id = $4) " \
	"AND ($5::text IS NULL OR c.category = $5) " \
	"AND ($6::text IS NULL OR c.assignee = $6) "
#define QUEUE_SQL_MAX	4096

/* The segment, created_at and id of the cursor case; 0, 1 none, -1. */
static int
queue_cursor(struct store *s, const char *counselor_id, const char *after,
    int *seg, char *at, size_t atlen)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int rc = 1;

	db_text(&p, after);
	db_text(&p, counselor_id);
	r = db_query(s, "SELECT CASE WHEN c.priority = 'urgent' THEN CASE WHEN "
	    QUEUE_LATE " THEN 0 ELSE 1 END WHEN " QUEUE_LATE " THEN 2 WHEN "
	    QUEUE_WATCH " THEN 3 ELSE 4 END, c.created_at "
	    "FROM cases c WHERE c.id = $1 AND c.channel_id IN (SELECT "
	    "channel_id FROM channel_recipients WHERE counselor_id = $2) AND "
	    "EXISTS (SELECT 1 FROM case_keys k WHERE k.counselor_id = $2 AND "
	    "k.case_id = c.id AND k.holder = 'counselor')",
	    &p, 0);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		*seg = atoi(PQgetvalue(r, 0, 0));
		db_col(r, 0, 1, at, atlen);
		rc = *seg >= 0 && *seg < QUEUE_SEGMENTS ? 0 : 1;
	}
	PQclear(r);
	return rc;
}

/* The reader's channels as an array literal (malloc'd), or NULL. */
static char *
queue_channels(struct store *s, const char *counselor_id)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	char *v = NULL;

	db_text(&p, counselor_id);
	r = db_query(s, "SELECT coalesce(array_agg(channel_id), '{}') FROM "
	    "channel_recipients WHERE counselor_id = $1", &p, 0);
	if (r == NULL)
		return NULL;
	if (PQntuples(r) == 1)
		v = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

/* One segment's rows: $7 limit, $9/$10 the cursor if 'cursor'. */
static int
queue_sql(char *sql, size_t len, int seg, int cursor)
{
	int n;

	n = snprintf(sql, len, "SELECT c.id, c.channel_id, "
	    "coalesce(c.category, ''), c.status, c.priority, "
	    "coalesce(a.username, ''), (current_date - c.created_at::date) "
	    "::text, c.due, %d IN (0, 2), array_to_string(c.labels, ' '), "
	    "c.watch FROM (SELECT c.id, c.channel_id, c.category, c.status, "
	    "c.priority, c.assignee, c.created_at, c.labels, " QUEUE_DUE
	    " AS due, " QUEUE_WATCH " AS watch FROM cases c WHERE "
	    QUEUE_WHERE "AND %s%s ORDER BY c.created_at DESC, c.id DESC "
	    "LIMIT $7::int) c LEFT JOIN counselors a ON a.id = c.assignee "
	    "ORDER BY c.created_at DESC, c.id DESC", seg, queue_segment[seg],
	    cursor ? " AND (c.created_at, c.id) < ($9::timestamptz, $10::text)"
	    : "");
	return n > 0 && (size_t)n < len ? 0 : -1;
}

/* Appends up to f->limit - n rows of segment seg; the new n, or -1. */
static int
queue_segment_rows(struct store *s, const struct db_queue_filter *f,
    const char *channels, int seg, const char *at, struct db_queue_row *out,
    int n)
{
	struct db_params p = { .n = 0 };
	char lim[24], sql[QUEUE_SQL_MAX];
	PGresult *r;
	int i;

	if (queue_sql(sql, sizeof(sql), seg, at != NULL) == -1)
		return -1;
	snprintf(lim, sizeof(lim), "%ld", f->limit - n);
	db_text(&p, f->counselor_id);
	db_text(&p, f->status);
	db_text(&p, f->priority);
	db_text(&p, f->channel);
	db_text(&p, f->category);
	db_text(&p, f->mine ? f->counselor_id : NULL);
	db_text(&p, lim);
	db_text(&p, channels);
	if (at != NULL) {
		db_text(&p, at);
		db_text(&p, f->after);
	}
	if ((r = db_query(s, sql, &p, 0)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && n < f->limit; i++)
		queue_row(r, i, &out[n++]);
	PQclear(r);
	return n;
}

int
db_queue(struct store *s, const struct db_queue_filter *f,
    struct db_queue_row *out)
{
	char at[64], *channels;
	int n = 0, seg = 0, cursor = 0;

	if (f->after != NULL) {
		if ((cursor = queue_cursor(s, f->counselor_id, f->after, &seg,
		    at, sizeof(at))) == -1)
			return REVIEW_EFAIL;
		cursor = cursor == 0;
	}
	if (!cursor)
		seg = 0;
	if ((channels = queue_channels(s, f->counselor_id)) == NULL)
		return REVIEW_EFAIL;
	for (; seg < QUEUE_SEGMENTS && n >= 0 && n < f->limit; seg++) {
		n = queue_segment_rows(s, f, channels, seg, cursor ? at : NULL,
		    out, n);
		cursor = 0;
	}
	free(channels);
	return n < 0 ? REVIEW_EFAIL : n;
}

int
db_urgent_recent(struct store *s, const char *counselor_id)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int n;

	db_text(&p, counselor_id);
	r = db_query(s, "SELECT count(*) FROM cases c WHERE c.priority = 'urgent' "
	    "AND c.created_at >= date_trunc('hour', now()) - interval '1 hour' "
	    "AND c.channel_id IN (SELECT channel_id FROM channel_recipients "
	    "WHERE counselor_id = $1)", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = atoi(PQgetvalue(r, 0, 0));
	PQclear(r);
	return n;
}

/* The cases counted, with their 年度 and month in Japan time. */
#define STATS_CASES \
	"(SELECT c.*, extract(year FROM (c.created_at AT TIME ZONE 'Asia/Tokyo') " \
	"- interval '3 months')::int AS fy, to_char(c.created_at AT TIME ZONE " \
	"'Asia/Tokyo', 'YYYY-MM') AS month FROM cases c " \
	"WHERE c.created_at < stats_cutoff($1::int)) c "

static const char *const stats_sql[DB_STATS_TABLES] = {
	[DB_STATS_BY_YEAR] =
	"SELECT c.fy, c.channel_id, coalesce(c.form, '-'), count(*), "
	"count(*) FILTER (WHERE c.status = 'closed') FROM " STATS_CASES
	"GROUP BY 1, 2, 3 ORDER BY 1 DESC, 2, 3",
	[DB_STATS_BY_MONTH] =
	"SELECT c.month, c.channel_id, count(*), "
	"count(*) FILTER (WHERE c.status = 'closed'), "
	"coalesce(round(avg(extract(epoch FROM f.first - c.created_at) / 86400)"
	"::numeric, 1)::text, '-') FROM " STATS_CASES "LEFT JOIN LATERAL "
	"(SELECT min(at) AS first FROM audit_log a WHERE a.case_id = c.id AND "
	"a.action IN ('case.reply', 'case.status')) f ON true GROUP BY 1, 2 "
	"ORDER BY 1 DESC, 2",
	[DB_STATS_BY_CATEGORY] =
	"SELECT c.fy, coalesce(c.category, '-'), count(*) FROM " STATS_CASES
	"WHERE c.channel_id = 'harassment' GROUP BY 1, 2 ORDER BY 1 DESC, 2",
	[DB_STATS_BY_CONSENT] =
	"SELECT c.fy, coalesce(c.record_consent, '-'), count(*) FROM " STATS_CASES
	"WHERE c.channel_id = 'harassment' GROUP BY 1, 2 ORDER BY 1 DESC, 2",
	[DB_STATS_BY_STATUS] =
	"SELECT c.status, count(*), coalesce(round(avg(extract(epoch FROM "
	"c.closed_at - c.created_at) / 86400)::numeric, 1)::text, '-') FROM "
	STATS_CASES "GROUP BY 1 ORDER BY 1",
};

int
db_stats_current(struct store *s, int min)
{
	struct db_params p = { .n = 0 };
	char m[16];
	PGresult *r;
	int rc;

	snprintf(m, sizeof(m), "%d", min);
	db_text(&p, m);
	if ((r = db_query(s, "SELECT stats_cutoff($1::int) = 'infinity'", &p,
	    0)) == NULL)
		return REVIEW_EFAIL;
	rc = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return rc;
}

int
db_stats(struct store *s, enum db_stats_table t, int min, db_cells_fn fn,
    void *arg)
{
	struct db_params p = { .n = 0 };
	char m[16];
	const char *cells[DB_STATS_MAX_COLS];
	PGresult *r;
	int i, j, n;

	if ((unsigned)t >= DB_STATS_TABLES)
		return REVIEW_EFAIL;
	snprintf(m, sizeof(m), "%d", min);
	db_text(&p, m);
	if ((r = db_query(s, stats_sql[t], &p, 0)) == NULL)
		return REVIEW_EFAIL;
	n = PQnfields(r) < DB_STATS_MAX_COLS ? PQnfields(r) : DB_STATS_MAX_COLS;
	for (i = 0; i < PQntuples(r); i++) {
		for (j = 0; j < n; j++)
			cells[j] = PQgetvalue(r, i, j);
		fn(arg, cells, n);
	}
	PQclear(r);
	return 0;
}

/*
 * The reports of a page of the queue, sealed, with the reader's sealed
 * case key: one statement for the page, nothing decrypted here.
 */
int
db_queue_reports(struct store *s, const char *counselor_id,
    const struct db_queue_row *rows, int n, db_report_fn fn, void *arg)
{
	struct db_params p = { .n = 0 };
	struct db_sealed_report rep;
	char *ids;
	PGresult *r;
	size_t o = 0, cap = (size_t)n * DB_ID_TEXT + 3;
	int i;

	if (n <= 0)
		return 0;
	if ((ids = malloc(cap)) == NULL)
		return REVIEW_EFAIL;
	/* ids are 32 hex digits (the queue's own rows): safe in a literal */
	ids[o++] = '{';
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(ids + o, cap - o, "%s%s", i ? "," : "",
		    rows[i].id);
	snprintf(ids + o, cap - o, "}");
	db_text(&p, counselor_id);
	db_text(&p, ids);
	/*
	 * Driven from the page's ids, one index probe each: as a join the
	 * planner hashed every key the reader holds (100,000 in the bench:
	 * 130 ms a page).
	 */
	r = db_query(s, "SELECT u.id, r.id, k.sealed_key, r.body FROM "
	    "unnest($2::text[]) AS u(id) CROSS JOIN LATERAL (SELECT id, body "
	    "FROM records WHERE case_id = u.id AND kind = 'report' ORDER BY seq "
	    "LIMIT 1) r CROSS JOIN LATERAL (SELECT sealed_key FROM case_keys "
	    "WHERE case_id = u.id AND holder = 'counselor' AND counselor_id = $1 "
	    "LIMIT 1) k", &p, 1);
	free(ids);
	if (r == NULL)
		return REVIEW_EFAIL;
	for (i = 0; i < PQntuples(r); i++) {
		if (PQgetlength(r, i, 2) != DB_SEALED_KEY)
			continue;
		snprintf(rep.case_id, sizeof(rep.case_id), "%s", PQgetvalue(r, i, 0));
		snprintf(rep.record_id, sizeof(rep.record_id), "%s",
		    PQgetvalue(r, i, 1));
		memcpy(rep.sealed_key, PQgetvalue(r, i, 2), DB_SEALED_KEY);
		rep.body = (const unsigned char *)PQgetvalue(r, i, 3);
		rep.len = (size_t)PQgetlength(r, i, 3);
		fn(arg, &rep);
	}
	PQclear(r);
	return 0;
}
