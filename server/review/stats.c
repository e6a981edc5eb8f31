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

#define STATS_MIN	5	/* counts below this are not shown */
#define STATS_STR(x)	#x
#define STATS_XSTR(x)	STATS_STR(x)
#define STATS_SMALL	"<" STATS_XSTR(STATS_MIN)	/* shown instead */

struct stats_table {
	enum db_stats_table	 which;
	const char		*title;		/* msgid */
	const char		*headers[DB_STATS_MAX_COLS];	/* msgids, NULL-terminated */
	int			 first_count;	/* columns from here on are figures */
	unsigned		 counts;	/* bit j: column j is a count */
};

static const struct stats_table stats_tables[] = {
	{ DB_STATS_BY_MONTH, "r.stats.by_month", { "r.stats.month",
	    "case.channel", "r.stats.cases", "r.stats.closed", "r.stats.days_ack",
	    NULL }, 2, 0x0c },
	{ DB_STATS_BY_CATEGORY, "r.stats.by_category", { "r.queue.category",
	    "r.stats.cases", NULL }, 1, 0x02 },
	{ DB_STATS_BY_STATUS, "r.stats.by_status", { "case.status",
	    "r.stats.cases", "r.stats.days_close", NULL }, 1, 0x02 },
};

/*
 * Every count below the threshold becomes STATS_SMALL; when the row's
 * total is that small, its averages are hidden too.
 */
static const char *
stats_cell(const char *value, int j, const struct stats_table *t,
    int *small_row)
{
	int small = atoi(value) < STATS_MIN;

	if (j == t->first_count)
		*small_row = small;
	if (t->counts & (1u << j))
		return small ? STATS_SMALL : value;
	if (j > t->first_count && *small_row)
		return "-";
	return value;
}

struct stats_out {
	const struct stats_table	*t;
	struct view			*tv;
	struct buf			*csv;
};

static void
stats_row(void *arg, const char *const *cells, int n)
{
	struct stats_out *o = arg;
	struct view *row = view_add(o->tv, "rows");
	int j, small = 0;

	if (o->csv != NULL)
		buf_printf(o->csv, "%s", o->t->title + strlen("r.stats."));
	for (j = 0; j < n; j++) {
		const char *cell = stats_cell(cells[j], j, o->t, &small);
		view_set(view_add(row, "cells"), "value", cell);
		if (o->csv != NULL)	/* values are ours: words, digits, "<5" */
			buf_printf(o->csv, ",\"%s\"", cell);
	}
	if (o->csv != NULL)
		buf_puts(o->csv, "\r\n");
}

static int
stats_table(struct review *app, const struct stats_table *t, struct view *v,
    struct buf *csv)
{
	struct stats_out o = { t, view_add(v, "tables"), csv };
	size_t h;

	view_set(o.tv, "title", t->title);
	for (h = 0; t->headers[h] != NULL; h++)
		view_set(view_add(o.tv, "headers"), "msgid", t->headers[h]);
	return db_stats(app->store, t->which, stats_row, &o);
}

static int
stats_fill(struct request *req, struct view *v, struct buf *csv)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(stats_tables) / sizeof(stats_tables[0]) && rc == 0; i++)
		rc = stats_table(review_of(req), &stats_tables[i], v, csv);
	return rc;
}

enum MHD_Result
review_stats(struct request *req)
{
	struct page_ctx p = review_page(req);
	struct buf csv = { 0 };
	struct view *v;
	size_t len;
	int want_csv = strcmp(req->url, "/stats.csv") == 0;

	if ((v = view_new()) == NULL)
		return MHD_NO;
	if (want_csv)
		buf_puts(&csv, "table,key,key2,value,value2,value3\r\n");
	if (stats_fill(req, v, want_csv ? &csv : NULL) != 0) {
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
	review_nav(v, &review_ctx(req)->u);
	return page_send(req, &p, MHD_HTTP_OK, "r_stats", v);
}
