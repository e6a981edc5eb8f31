/*
 * Statistics for the HR department, from clear metadata only: counts by
 * 年度 (April to March) with the form used (the person themself or someone
 * else), by month, by category and record consent per 年度, by status,
 * and days to act and to close. Every code is shown in words, in the page
 * and in the CSV. Any count under STATS_MIN is shown as "<5", and the
 * current month counts only once it has STATS_MIN cases, so two looks a
 * day apart cannot tell what one new case was about. Analysts and
 * administrators only; no report is opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

#define STATS_MIN	5	/* counts below this are not shown */
#define STATS_STR(x)	#x
#define STATS_XSTR(x)	STATS_STR(x)
#define STATS_SMALL	"<" STATS_XSTR(STATS_MIN)	/* shown instead */

/* What a column holds, so it is shown in words, never as a code. */
enum stats_kind {
	K_END,
	K_YEAR,		/* 2026 -> 2026年度 */
	K_MONTH,	/* 2026-04 -> 2026年4月 */
	K_CODE,		/* a code shown through the catalog as prefix + code */
	K_COUNT,	/* a count: small ones are hidden */
	K_VALUE		/* an average: hidden with its row's small count */
};

struct stats_col {
	enum stats_kind	 kind;
	const char	*header;	/* msgid */
	const char	*prefix;	/* K_CODE: msgid prefix */
};

struct stats_table {
	enum db_stats_table	 which;
	const char		*title;		/* msgid */
	struct stats_col	 cols[DB_STATS_MAX_COLS + 1];
};

static const struct stats_table stats_tables[] = {
	{ DB_STATS_BY_YEAR, "r.stats.by_year", {
	    { K_YEAR, "r.stats.year", NULL },
	    { K_CODE, "case.channel", "channel." },
	    { K_CODE, "r.case.form", "r.form." },
	    { K_COUNT, "r.stats.cases", NULL },
	    { K_COUNT, "r.stats.closed", NULL }, { K_END, NULL, NULL } } },
	{ DB_STATS_BY_MONTH, "r.stats.by_month", {
	    { K_MONTH, "r.stats.month", NULL },
	    { K_CODE, "case.channel", "channel." },
	    { K_COUNT, "r.stats.cases", NULL },
	    { K_COUNT, "r.stats.closed", NULL },
	    { K_VALUE, "r.stats.days_ack", NULL }, { K_END, NULL, NULL } } },
	{ DB_STATS_BY_CATEGORY, "r.stats.by_category", {
	    { K_YEAR, "r.stats.year", NULL },
	    { K_CODE, "r.queue.category", "o.category." },
	    { K_COUNT, "r.stats.cases", NULL }, { K_END, NULL, NULL } } },
	{ DB_STATS_BY_CONSENT, "r.stats.by_consent", {
	    { K_YEAR, "r.stats.year", NULL },
	    { K_CODE, "r.case.record_consent", "r.record_consent." },
	    { K_COUNT, "r.stats.cases", NULL }, { K_END, NULL, NULL } } },
	{ DB_STATS_BY_STATUS, "r.stats.by_status", {
	    { K_CODE, "case.status", "status." },
	    { K_COUNT, "r.stats.cases", NULL },
	    { K_VALUE, "r.stats.days_close", NULL }, { K_END, NULL, NULL } } },
};

struct stats_out {
	struct request			*req;
	const struct page_ctx		*p;
	const struct stats_table	*t;
	struct view			*tv;
	struct buf			*csv;
};

static const char *
stats_tr(const struct stats_out *o, const char *msgid)
{
	return catalog_get(o->p->cat, o->req->lang, msgid);
}

/*
 * One cell in words. Codes the catalog does not know ("-" for none, a
 * value from before a change) show as "none" rather than as themselves.
 */
static void
stats_word(const struct stats_out *o, const struct stats_col *c,
    const char *value, char *out, size_t len)
{
	char msgid[96];
	const char *w;
	int y, m;

	switch (c->kind) {
	case K_YEAR:	/* 年度 begins in April of that year */
		if (o->req->lang == LANG_JA)
			snprintf(out, len, "%s年度", value);
		else
			snprintf(out, len, "FY%s", value);
		return;
	case K_MONTH:
		/* the month in words: 2026年4月, April 2026 (not 2026-04) */
		if (sscanf(value, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12) {
			snprintf(out, len, "%s", value);
			return;
		}
		snprintf(msgid, sizeof(msgid), "r.stats.month.%d", m);
		if (o->req->lang == LANG_JA)
			snprintf(out, len, "%d年%s", y, stats_tr(o, msgid));
		else
			snprintf(out, len, "%s %d", stats_tr(o, msgid), y);
		return;
	case K_CODE:
		snprintf(msgid, sizeof(msgid), "%s%s", c->prefix,
		    strcmp(value, "-") == 0 ? "none" : value);
		w = stats_tr(o, msgid);
		snprintf(out, len, "%s", strcmp(w, msgid) == 0 ?
		    stats_tr(o, "r.stats.none") : w);
		return;
	default:
		snprintf(out, len, "%s", value);
	}
}

/*
 * Every count below the threshold becomes STATS_SMALL; when the row's
 * first count is that small, its averages are hidden too.
 */
static void
stats_cell(const struct stats_out *o, int j, const char *value,
    int *small_row, char *out, size_t len)
{
	const struct stats_col *c = &o->t->cols[j];
	int small = atoi(value) < STATS_MIN;

	if (c->kind == K_COUNT && *small_row == -1)
		*small_row = small;
	if (c->kind == K_COUNT)
		snprintf(out, len, "%s", small ? STATS_SMALL : value);
	else if (c->kind == K_VALUE && *small_row == 1)
		snprintf(out, len, "-");
	else
		stats_word(o, c, value, out, len);
}

/* A CSV field: every value is quoted, quotes doubled. */
static void
stats_csv_field(struct buf *csv, const char *v, int first)
{
	const char *q;

	buf_puts(csv, first ? "\"" : ",\"");
	for (; (q = strchr(v, '"')) != NULL; v = q + 1) {
		buf_append(csv, v, (size_t)(q - v));
		buf_puts(csv, "\"\"");
	}
	buf_puts(csv, v);
	buf_puts(csv, "\"");
}

static void
stats_row(void *arg, const char *const *cells, int n)
{
	struct stats_out *o = arg;
	struct view *row = view_add(o->tv, "rows");
	char cell[256];
	int j, small = -1;

	if (o->csv != NULL)
		stats_csv_field(o->csv, stats_tr(o, o->t->title), 1);
	for (j = 0; j < n && o->t->cols[j].kind != K_END; j++) {
		stats_cell(o, j, cells[j], &small, cell, sizeof(cell));
		view_set(view_add(row, "cells"), "value", cell);
		if (o->csv != NULL)
			stats_csv_field(o->csv, cell, 0);
	}
	if (o->csv != NULL)
		buf_puts(o->csv, "\r\n");
}

static int
stats_table(struct request *req, const struct page_ctx *p,
    const struct stats_table *t, struct view *v, struct buf *csv)
{
	struct stats_out o = { req, p, t, view_add(v, "tables"), csv };
	size_t h;

	view_set(o.tv, "title", t->title);
	if (csv != NULL)
		stats_csv_field(csv, stats_tr(&o, "r.stats.table"), 1);
	for (h = 0; t->cols[h].kind != K_END; h++) {
		view_set(view_add(o.tv, "headers"), "msgid", t->cols[h].header);
		if (csv != NULL)
			stats_csv_field(csv, stats_tr(&o, t->cols[h].header), 0);
	}
	if (csv != NULL)
		buf_puts(csv, "\r\n");
	return db_stats(review_of(req)->store, t->which, STATS_MIN, stats_row,
	    &o);
}

static int
stats_fill(struct request *req, const struct page_ctx *p, struct view *v,
    struct buf *csv)
{
	size_t i;
	int rc, current;

	current = db_stats_current(review_of(req)->store, STATS_MIN);
	if (current == REVIEW_EFAIL)
		return -1;
	/* say which period the figures cover */
	view_set(v, "period", current ? "r.stats.period.all" :
	    "r.stats.period.last_month");
	rc = 0;
	for (i = 0; i < sizeof(stats_tables) / sizeof(stats_tables[0]) &&
	    rc == 0; i++)
		rc = stats_table(req, p, &stats_tables[i], v, csv);
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
	if (want_csv)	/* a BOM, so spreadsheet programs read UTF-8 */
		buf_puts(&csv, "\xef\xbb\xbf");
	if (stats_fill(req, &p, v, want_csv ? &csv : NULL) != 0) {
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
