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

int
db_queue(struct store *s, const struct db_queue_filter *f,
    struct db_queue_row *out)
{
	struct db_params p = { .n = 0 };
	char off[24], lim[24];
	PGresult *r;
	int i, n;

	snprintf(off, sizeof(off), "%ld", f->offset);
	snprintf(lim, sizeof(lim), "%ld", f->limit);
	db_text(&p, f->counselor_id);
	db_text(&p, f->status);
	db_text(&p, f->priority);
	db_text(&p, f->channel);
	db_text(&p, off);
	db_text(&p, f->category);
	db_text(&p, f->mine ? f->counselor_id : NULL);
	db_text(&p, lim);
	/* next deadline: acknowledgement until acknowledged, then feedback */
	r = db_query(s, "SELECT c.id, c.channel_id, coalesce(c.category, ''), "
	    "c.status, c.priority, coalesce(a.username, ''), "
	    "(current_date - c.created_at::date) || 'd', d.due, "
	    "d.due < current_date AND c.status <> 'closed', "
	    "array_to_string(c.labels, ' '), w.due "
	    "FROM cases c LEFT JOIN counselors a ON a.id = c.assignee "
	    "CROSS JOIN LATERAL (SELECT CASE WHEN c.status = 'new' THEN c.ack_due "
	    "WHEN c.status IN ('acknowledged', 'reopened') THEN c.response_due "
	    "ELSE c.feedback_due END AS due) d "
	    /* a closed case whose follow-up date has come (migration 012) */
	    "CROSS JOIN LATERAL (SELECT c.status = 'closed' AND EXISTS (SELECT 1 "
	    "FROM case_watch cw WHERE cw.case_id = c.id AND NOT cw.answered AND "
	    "cw.due <= current_date) AS due) w "
	    "WHERE c.channel_id IN (SELECT channel_id FROM channel_recipients "
	    "WHERE counselor_id = $1) AND ($2::text IS NULL OR c.status = $2) "
	    "AND ($3::text IS NULL OR c.priority = $3) "
	    "AND ($4::text IS NULL OR c.channel_id = $4) "
	    "AND ($6::text IS NULL OR c.category = $6) "
	    "AND ($7::text IS NULL OR c.assignee = $7) "
	    "ORDER BY c.priority = 'urgent' DESC, "
	    "(d.due < current_date AND c.status <> 'closed') DESC, w.due DESC, "
	    "c.created_at DESC, c.id LIMIT $8::int OFFSET $5::int", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < f->limit ? PQntuples(r) : (int)f->limit;
	for (i = 0; i < n; i++)
		queue_row(r, i, &out[i]);
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
