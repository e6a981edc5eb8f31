/*
 * Statistics for the HR department, from clear metadata only: counts by
 * month and channel, by category, by status, and days to acknowledge and
 * to close. Any count under STATS_MIN is shown as "<5", so no one is
 * singled out. Analysts and administrators only; no report is opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

#define STATS_MIN 5

struct stats_table {
	const char	*title;		/* msgid */
	const char	*headers[6];	/* msgids, NULL-terminated */
	const char	*sql;
	int		 first_count;	/* columns from here on are figures */
	unsigned	 counts;	/* bit j: column j is a count */
};

static const struct stats_table stats_tables[] = {
	{ "r.stats.by_month", { "r.stats.month", "case.channel", "r.stats.cases",
	    "r.stats.closed", "r.stats.days_ack", NULL },
	  "SELECT to_char(c.created_at, 'YYYY-MM'), c.channel_id, count(*), "
	  "count(*) FILTER (WHERE c.status = 'closed'), "
	  "coalesce(round(avg(extract(epoch FROM f.first - c.created_at) / 86400)"
	  "::numeric, 1)::text, '-') FROM cases c LEFT JOIN LATERAL (SELECT min(at) "
	  "AS first FROM audit_log a WHERE a.case_id = c.id AND a.action IN "
	  "('case.reply', 'case.status')) f ON true GROUP BY 1, 2 ORDER BY 1 DESC, 2", 2, 0x0c },
	{ "r.stats.by_category", { "r.queue.category", "r.stats.cases", NULL },
	  "SELECT coalesce(category, '-'), count(*) FROM cases GROUP BY 1 ORDER BY 1",
	  1, 0x02 },
	{ "r.stats.by_status", { "case.status", "r.stats.cases", "r.stats.days_close", NULL },
	  "SELECT status, count(*), coalesce(round(avg(extract(epoch FROM closed_at - "
	  "created_at) / 86400)::numeric, 1)::text, '-') FROM cases GROUP BY 1 "
	  "ORDER BY 1", 1, 0x02 },
};

/*
 * Every count below the threshold becomes "<5"; when the row's total is
 * that small, its averages are hidden too.
 */
static const char *
stats_cell(const PGresult *r, int i, int j, const struct stats_table *t,
    int *small_row)
{
	int small = atoi(PQgetvalue(r, i, j)) < STATS_MIN;

	if (j == t->first_count)
		*small_row = small;
	if (t->counts & (1u << j))
		return small ? "<5" : PQgetvalue(r, i, j);
	if (j > t->first_count && *small_row)
		return "-";
	return PQgetvalue(r, i, j);
}

static int
stats_table(PGconn *c, const struct stats_table *t, struct view *v,
    struct buf *csv)
{
	PGresult *r = store_query(c, t->sql, 0, NULL, NULL, NULL, 0);
	struct view *tv, *row;
	int i, j, small;
	size_t h;

	if (r == NULL)
		return -1;
	tv = view_add(v, "tables");
	view_set(tv, "title", t->title);
	for (h = 0; t->headers[h] != NULL; h++)
		view_set(view_add(tv, "headers"), "msgid", t->headers[h]);
	for (i = 0; i < PQntuples(r); i++) {
		row = view_add(tv, "rows");
		small = 0;
		if (csv != NULL)
			buf_printf(csv, "%s", t->title + strlen("r.stats."));
		for (j = 0; j < PQnfields(r); j++) {
			const char *cell = stats_cell(r, i, j, t, &small);
			view_set(view_add(row, "cells"), "value", cell);
			if (csv != NULL)	/* values are ours: words, digits, "<5" */
				buf_printf(csv, ",\"%s\"", cell);
		}
		if (csv != NULL)
			buf_puts(csv, "\r\n");
	}
	PQclear(r);
	return 0;
}

static int
stats_gate(struct request *req, struct review_user *u, enum MHD_Result *a)
{
	int rc = review_current(req, u);

	if (rc != 1) {
		*a = rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
		return 0;
	}
	if (strcmp(u->role, "analyst") != 0 && strcmp(u->role, "admin") != 0) {
		*a = review_error(req, MHD_HTTP_FORBIDDEN);
		return 0;
	}
	return 1;
}

static int
stats_fill(struct request *req, struct view *v, struct buf *csv)
{
	struct review *app = review_of(req);
	PGconn *c = store_acquire(app->store);
	size_t i;
	int rc = 0;

	if (c == NULL)
		return -1;
	for (i = 0; i < sizeof(stats_tables) / sizeof(stats_tables[0]) && rc == 0; i++)
		rc = stats_table(c, &stats_tables[i], v, csv);
	store_release(app->store, c);
	return rc;
}

enum MHD_Result
review_stats(struct request *req)
{
	struct page_ctx p = review_page(req);
	struct review_user u;
	struct buf csv = { 0 };
	enum MHD_Result a;
	struct view *v;
	size_t len;
	int want_csv = strcmp(req->url, "/stats.csv") == 0;

	if (!stats_gate(req, &u, &a))
		return a;
	if ((v = view_new()) == NULL)
		return MHD_NO;
	if (want_csv)
		buf_puts(&csv, "table,key,key2,value,value2,value3\r\n");
	if (stats_fill(req, v, want_csv ? &csv : NULL) == -1) {
		view_free(v);
		buf_free(&csv);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	if (want_csv) {
		view_free(v);
		len = csv.len;
		return http_send(req, MHD_HTTP_OK, "text/csv; charset=utf-8",
		    buf_steal(&csv, NULL), len, "attachment; filename=\"madoguchi-stats.csv\"");
	}
	view_set(v, "title", "r.stats.title");
	view_set(v, "me", u.username);
	view_set_flag(v, strcmp(u.role, "admin") == 0 ? "is_admin" : "is_analyst", 1);
	return page_send(req, &p, MHD_HTTP_OK, "r_stats", v);
}
