/*
 * Check-in figures for HR (analysts and administrators): per cohort and
 * round, codes issued, answers, response rate, the K6 bands and every
 * question, as a table and a server-drawn SVG chart with the trend
 * across rounds and the all-staff cohort beside it. A round's figures
 * appear only once it is closed (no answer can change them afterwards)
 * and has checkin_min_answers answers; counts under checkin_min_cell are
 * "<N", with complementary suppression (server/common/suppress.c). No
 * figure is summed across rounds, so one round cannot be worked out
 * from another.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/suppress.h"
#include "server/review/cohort.h"
#include "server/review/review.h"

#define COHORT_CHART_W	560	/* SVG units of a full bar */
#define COHORT_BAR_H	22
#define COHORT_BAR_GAP	12
#define COHORT_LABEL_W	0	/* labels sit above their bars */

/* The questions, in the order the check-in asks them. */
static const char *const cohort_questions[] = {
	"k6_band", "sleep", "overtime", "talk", "counselor", NULL
};

/*
 * The route table lets only analysts and administrators in (routes.c,
 * checked by review_access_guard before any handler); this is the user
 * it found.
 */
static int
cohort_gate(struct request *req, struct review_user *u, enum MHD_Result *a)
{
	const struct review_ctx *x = review_ctx(req);

	if (x == NULL || !x->logged_in) {
		*a = review_error(req, MHD_HTTP_FORBIDDEN);
		return 0;
	}
	*u = x->u;
	return 1;
}

static void
cohort_me(struct view *v, const struct review_user *u)
{
	review_nav(v, u);
}

/* The catalog message for one answer of one question. */
static void
cohort_answer_msgid(const char *q, const char *a, char *out, size_t len)
{
	if (strcmp(a, "none") == 0 && strcmp(q, "k6_band") != 0)
		snprintf(out, len, "r.ci.none");
	else if (strcmp(q, "k6_band") == 0)
		snprintf(out, len, strcmp(a, "unscored") == 0 ? "r.ci.unscored" :
		    "k6.band.%s", a);
	else if (strcmp(q, "sleep") == 0)
		snprintf(out, len, "o.ci_sleep.%s", a);
	else if (strcmp(q, "overtime") == 0)
		snprintf(out, len, "o.ci_overtime.%s", a);
	else if (strcmp(q, "talk") == 0)
		snprintf(out, len, "o.yn.%s", a);
	else
		snprintf(out, len, "r.ci.counselor.%s", a);
}

/* One question's cells of a round, suppressed, into its figures. */
struct cohort_q {
	const char		*question;
	const struct db_cell	*cells[DB_COHORT_MAX_CELLS];
	int			 n[SUPPRESS_MAX_CELLS];
	enum suppress_mark	 mark[SUPPRESS_MAX_CELLS];
	size_t			 k;
	int			 withheld;
};

static int
cohort_q_fill(struct cohort_q *q, const char *question,
    const struct db_cell *cells, int ncells, int min_cell)
{
	int i, rc;

	memset(q, 0, sizeof(*q));
	q->question = question;
	for (i = 0; i < ncells && q->k < SUPPRESS_MAX_CELLS; i++)
		if (strcmp(cells[i].question, question) == 0) {
			q->cells[q->k] = &cells[i];
			q->n[q->k++] = cells[i].n;
		}
	rc = suppress_cells(q->n, q->k, min_cell, q->mark);
	q->withheld = rc != 0;
	return rc < 0 ? -1 : 0;
}

/* What a cell shows: its count, "<N" or "x". */
static void
cohort_cell_text(const struct cohort_q *q, size_t i, int min_cell,
    char *out, size_t len)
{
	if (q->withheld || q->mark[i] == SUPPRESS_COMPLEMENT)
		snprintf(out, len, "x");
	else if (q->mark[i] == SUPPRESS_SMALL)
		snprintf(out, len, "<%d", min_cell);
	else
		snprintf(out, len, "%d", q->n[i]);
}

static void
cohort_q_view(const struct cohort_q *q, int min_cell, struct view *rv,
    struct buf *csv, const struct db_round *r)
{
	struct view *qv = view_add(rv, "questions"), *cv;
	char msgid[64], text[16];
	size_t i;

	snprintf(msgid, sizeof(msgid), "r.ci.q.%s", q->question);
	view_set(qv, "title", msgid);
	view_set_flag(qv, "withheld", q->withheld);
	for (i = 0; i < q->k; i++) {
		cohort_answer_msgid(q->question, q->cells[i]->answer, msgid,
		    sizeof(msgid));
		cohort_cell_text(q, i, min_cell, text, sizeof(text));
		cv = view_add(qv, "cells");
		view_set(cv, "answer", msgid);
		view_set(cv, "count", text);
		if (csv != NULL)	/* every value is ours: slugs, words, digits */
			buf_printf(csv, "%s,%d,%s,%s,%d,%d,%s,%s,%s\r\n", r->cohort,
			    r->id, r->closes, r->mode, r->issued, r->answered,
			    q->question, q->cells[i]->answer, text);
	}
}

/*
 * One stacked bar of K6 bands: each shown band as wide as its share,
 * every hidden one merged into one grey part (their sum is the total
 * minus the shown ones anyway, so the merge tells nothing new).
 */
static void
cohort_bar(struct view *chart, const char *label, const struct cohort_q *q,
    int total, int *y)
{
	struct view *bar = view_add(chart, "bars"), *seg;
	int x = 0, hidden = 0, w;
	size_t i;

	view_set(bar, "label", label);
	view_setf(bar, "ty", "%d", *y + 14);
	*y += 18;
	for (i = 0; i < q->k && total > 0; i++) {
		if (q->withheld || q->mark[i] != SUPPRESS_SHOWN) {
			hidden += q->n[i];
			continue;
		}
		w = q->n[i] * COHORT_CHART_W / total;
		seg = view_add(bar, "segs");
		view_setf(seg, "x", "%d", x);
		view_setf(seg, "y", "%d", *y);
		view_setf(seg, "w", "%d", w);
		view_setf(seg, "cls", "band-%s", q->cells[i]->answer);
		x += w;
	}
	if (hidden > 0 || x < COHORT_CHART_W) {
		seg = view_add(bar, "segs");
		view_setf(seg, "x", "%d", x);
		view_setf(seg, "y", "%d", *y);
		view_setf(seg, "w", "%d", COHORT_CHART_W - x);
		view_set(seg, "cls", "band-hidden");
	}
	*y += COHORT_BAR_H + COHORT_BAR_GAP;
}

struct cohort_ctx {
	struct request	*req;
	struct view	*v;
	struct view	*chart;
	struct buf	*csv;
	int		 min_answers, min_cell;
	int		 y;
	int		 shown;		/* rounds with figures */
};

static const char *
cohort_name(struct request *req, const struct db_round *r)
{
	return req->lang == LANG_EN ? r->name_en : r->name_ja;
}

/* One round's figures (or why there are none); 0 or -1. */
static int
cohort_round(struct cohort_ctx *x, const struct db_round *r, int in_chart_only)
{
	struct db_cell cells[DB_COHORT_MAX_CELLS];
	struct cohort_q q;
	struct view *rv = NULL;
	char label[DB_COHORT_NAME * 2 + 8];
	int n, i;

	if (!in_chart_only) {
		rv = view_add(x->v, "rounds");
		view_set(rv, "label", r->label);
		view_set(rv, "closes", r->closes);
		view_setf(rv, "issued", "%d", r->issued);
		view_set_flag(rv, "unverified", strcmp(r->mode, "link") == 0);
	}
	if (!r->closed || r->answered < x->min_answers) {
		if (rv != NULL)
			view_set(rv, "why", !r->closed ? "r.ci.why_open" :
			    "r.ci.why_few");
		return 0;
	}
	if ((n = db_round_cells(review_of(x->req)->store, r->id, x->min_answers,
	    cells, DB_COHORT_MAX_CELLS)) < 0)
		return -1;
	if (n == 0)
		return 0;
	if (rv != NULL) {
		view_setf(rv, "answered", "%d", r->answered);
		if (r->issued > 0)
			view_setf(rv, "rate", "%d%%", (r->answered * 200 +
			    r->issued) / (2 * r->issued));	/* rounded */
		view_set_flag(rv, "figures", 1);
	}
	for (i = 0; cohort_questions[i] != NULL; i++) {
		if (cohort_q_fill(&q, cohort_questions[i], cells, n,
		    x->min_cell) == -1)
			return -1;
		if (rv != NULL)
			cohort_q_view(&q, x->min_cell, rv, x->csv, r);
		if (i == 0) {
			snprintf(label, sizeof(label), "%s%s%s", in_chart_only ?
			    cohort_name(x->req, r) : "", in_chart_only ? " — " : "",
			    r->label);
			cohort_bar(x->chart, label, &q, r->answered, &x->y);
		}
	}
	x->shown++;
	return 0;
}

/* The latest round of an all-staff cohort that may be shown, beside ours. */
static int
cohort_compare(struct cohort_ctx *x, const struct db_round *all, int nall,
    const char *slug)
{
	int i;

	for (i = nall - 1; i >= 0; i--)
		if (all[i].all_staff && strcmp(all[i].cohort, slug) != 0 &&
		    all[i].closed && all[i].answered >= x->min_answers) {
			view_set_flag(x->v, "compare", 1);
			return cohort_round(x, &all[i], 1);
		}
	return 0;
}

static int
cohort_fill(struct cohort_ctx *x, const char *slug)
{
	struct db_round *all = calloc(DB_COHORT_MAX_ROUNDS, sizeof(*all));
	int n, i, found = 0, rc = 0;

	if (all == NULL)
		return -1;
	if ((n = db_rounds(review_of(x->req)->store, NULL, all,
	    DB_COHORT_MAX_ROUNDS)) < 0) {
		free(all);
		return -1;
	}
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(all[i].cohort, slug) != 0)
			continue;
		if (!found++) {
			view_set(x->v, "cohort", cohort_name(x->req, &all[i]));
			view_set(x->v, "slug", slug);
		}
		rc = cohort_round(x, &all[i], 0);
	}
	if (rc == 0 && found)
		rc = cohort_compare(x, all, n, slug);
	view_setf(x->v, "chart_h", "%d", x->y + 4);
	view_setf(x->v, "chart_w", "%d", COHORT_CHART_W);
	view_set_flag(x->v, "has_chart", x->shown > 0);
	view_setf(x->v, "min_answers", "%d", x->min_answers);
	view_setf(x->v, "min_cell", "%d", x->min_cell);
	free(all);
	return rc == 0 ? found : -1;
}

/* /cohorts/SLUG and /cohorts/SLUG.csv */
enum MHD_Result
review_cohort(struct request *req)
{
	const struct config *cfg = review_of(req)->cfg;
	struct cohort_ctx x = { req, NULL, NULL, NULL, (int)cfg->checkin_min_answers,
	    (int)cfg->checkin_min_cell, 0, 0 };
	struct page_ctx p = review_page(req);
	char slug[33], disp[96];
	struct review_user u;
	struct buf csv = { 0 };
	enum MHD_Result a;
	size_t len = strlen(req->tail);
	int want_csv = len > 4 && strcmp(req->tail + len - 4, ".csv") == 0, rc;

	if (!cohort_gate(req, &u, &a))
		return a;
	if (want_csv)
		len -= 4;
	if (len == 0 || len >= sizeof(slug) || strspn(req->tail,
	    "abcdefghijklmnopqrstuvwxyz0123456789_-") < len)
		return review_error(req, MHD_HTTP_NOT_FOUND);
	memcpy(slug, req->tail, len);
	slug[len] = '\0';
	if ((x.v = view_new()) == NULL || (x.chart = view_add(x.v, "chart")) == NULL)
		return MHD_NO;
	if (want_csv) {
		x.csv = &csv;
		buf_puts(&csv, "cohort,round,closes,mode,issued,answered,question,"
		    "answer,count\r\n");
	}
	rc = cohort_fill(&x, slug);
	if (rc <= 0) {
		view_free(x.v);
		buf_free(&csv);
		return review_error(req, rc == 0 ? MHD_HTTP_NOT_FOUND :
		    MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	if (want_csv) {
		view_free(x.v);
		len = csv.len;
		snprintf(disp, sizeof(disp), "attachment; filename=\"checkin-%s.csv\"",
		    slug);
		return http_send(req, MHD_HTTP_OK, "text/csv; charset=utf-8",
		    buf_steal(&csv, NULL), len, disp);
	}
	view_set(x.v, "title", "r.ci.title");
	cohort_me(x.v, &u);
	return page_send(req, &p, MHD_HTTP_OK, "r_cohort", x.v);
}

/* /cohorts: every cohort and round, with the forms to add and close. */
static enum MHD_Result
cohort_list_page(struct request *req, const struct review_user *u,
    unsigned status, const char *msg)
{
	struct page_ctx p = review_page(req);
	struct db_round *r = calloc(DB_COHORT_MAX_ROUNDS, sizeof(*r));
	struct db_cohort c[64];
	struct view *v, *cv, *rv;
	int nr, nc, i, j;

	if (r == NULL || (v = view_new()) == NULL) {
		free(r);
		return MHD_NO;
	}
	nc = db_cohorts(review_of(req)->store, c, 64);
	nr = nc < 0 ? -1 : db_rounds(review_of(req)->store, NULL, r,
	    DB_COHORT_MAX_ROUNDS);
	if (nc < 0 || nr < 0) {
		free(r);
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	for (i = 0; i < nc; i++) {
		cv = view_add(v, "cohorts");
		view_set(cv, "slug", c[i].slug);
		view_set(cv, "name", req->lang == LANG_EN ? c[i].name_en : c[i].name_ja);
		view_set_flag(cv, "all_staff", c[i].all_staff);
		for (j = 0; j < nr; j++) {
			if (strcmp(r[j].cohort, c[i].slug) != 0)
				continue;
			rv = view_add(cv, "rounds");
			view_setf(rv, "id", "%d", r[j].id);
			view_set(rv, "label", r[j].label);
			view_set(rv, "closes", r[j].closes);
			view_setf(rv, "issued", "%d", r[j].issued);
			view_set_flag(rv, "open", !r[j].closed);
			view_set_flag(rv, "unverified", strcmp(r[j].mode, "link") == 0);
			if (r[j].answered >= 0)
				view_setf(rv, "answered", "%d", r[j].answered);
		}
	}
	free(r);
	if (msg != NULL)
		view_set(v, "message", msg);
	view_set(v, "title", "r.ci.title");
	cohort_me(v, u);
	return page_send(req, &p, status, "r_cohorts", v);
}

enum MHD_Result
review_cohorts(struct request *req)
{
	struct review_user u;
	enum MHD_Result a;

	if (!cohort_gate(req, &u, &a))
		return a;
	return cohort_list_page(req, &u, MHD_HTTP_OK, NULL);
}

enum MHD_Result
review_cohort_add(struct request *req)
{
	const char *slug = formdata_get(&req->form, "slug");
	const char *ja = formdata_get(&req->form, "name_ja");
	const char *en = formdata_get(&req->form, "name_en");
	struct review_user u;
	enum MHD_Result a;
	int rc;

	if (!cohort_gate(req, &u, &a))
		return a;
	if (req->body_status != 0)
		return review_error(req, req->body_status);
	if (slug == NULL || ja == NULL || en == NULL)
		return cohort_list_page(req, &u, MHD_HTTP_BAD_REQUEST, "r.ci.add_bad");
	/* the table's checks (slug pattern, name lengths) decide; a refusal
	 * changes nothing */
	rc = db_cohort_add(review_of(req)->store, u.username, slug, ja, en,
	    formdata_has(&req->form, "all_staff", "yes"));
	if (rc == REVIEW_EINPUT)
		return cohort_list_page(req, &u, MHD_HTTP_BAD_REQUEST, "r.ci.add_bad");
	if (rc != REVIEW_OK)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	return http_redirect(req, "/cohorts");
}

enum MHD_Result
review_round_close(struct request *req)
{
	const char *id = formdata_get(&req->form, "round");
	struct review_user u;
	enum MHD_Result a;
	char *end;
	long n;
	int rc;

	if (!cohort_gate(req, &u, &a))
		return a;
	if (req->body_status != 0)
		return review_error(req, req->body_status);
	n = id != NULL ? strtol(id, &end, 10) : 0;
	if (id == NULL || *end != '\0' || n < 1 || n > 2000000000L)
		return review_error(req, MHD_HTTP_BAD_REQUEST);
	rc = db_round_close(review_of(req)->store, u.username, (int)n);
	if (rc == REVIEW_ENOTFOUND)
		return review_error(req, MHD_HTTP_NOT_FOUND);
	if (rc != REVIEW_OK)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	return http_redirect(req, "/cohorts");
}
