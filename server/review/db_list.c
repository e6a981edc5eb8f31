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
	    "array_to_string(c.labels, ' ') "
	    "FROM cases c LEFT JOIN counselors a ON a.id = c.assignee "
	    "CROSS JOIN LATERAL (SELECT CASE WHEN c.status = 'new' THEN c.ack_due "
	    "WHEN c.status IN ('acknowledged', 'reopened') THEN c.response_due "
	    "ELSE c.feedback_due END AS due) d "
	    "WHERE c.channel_id IN (SELECT channel_id FROM channel_recipients "
	    "WHERE counselor_id = $1) AND ($2::text IS NULL OR c.status = $2) "
	    "AND ($3::text IS NULL OR c.priority = $3) "
	    "AND ($4::text IS NULL OR c.channel_id = $4) "
	    "AND ($6::text IS NULL OR c.category = $6) "
	    "AND ($7::text IS NULL OR c.assignee = $7) "
	    "ORDER BY c.priority = 'urgent' DESC, "
	    "(d.due < current_date AND c.status <> 'closed') DESC, "
	    "c.created_at DESC, c.id LIMIT $8::int OFFSET $5::int", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < f->limit ? PQntuples(r) : (int)f->limit;
	for (i = 0; i < n; i++)
		queue_row(r, i, &out[i]);
	PQclear(r);
	return n;
}

static const char *const stats_sql[DB_STATS_TABLES] = {
	[DB_STATS_BY_MONTH] =
	"SELECT to_char(c.created_at, 'YYYY-MM'), c.channel_id, count(*), "
	"count(*) FILTER (WHERE c.status = 'closed'), "
	"coalesce(round(avg(extract(epoch FROM f.first - c.created_at) / 86400)"
	"::numeric, 1)::text, '-') FROM cases c LEFT JOIN LATERAL (SELECT min(at) "
	"AS first FROM audit_log a WHERE a.case_id = c.id AND a.action IN "
	"('case.reply', 'case.status')) f ON true GROUP BY 1, 2 ORDER BY 1 DESC, 2",
	[DB_STATS_BY_CATEGORY] =
	"SELECT coalesce(category, '-'), count(*) FROM cases GROUP BY 1 ORDER BY 1",
	[DB_STATS_BY_STATUS] =
	"SELECT status, count(*), coalesce(round(avg(extract(epoch FROM closed_at - "
	"created_at) / 86400)::numeric, 1)::text, '-') FROM cases GROUP BY 1 "
	"ORDER BY 1",
};

int
db_stats(struct store *s, enum db_stats_table t, db_cells_fn fn, void *arg)
{
	struct db_params p = { .n = 0 };
	const char *cells[DB_STATS_MAX_COLS];
	PGresult *r;
	int i, j, n;

	if ((unsigned)t >= DB_STATS_TABLES)
		return REVIEW_EFAIL;
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
