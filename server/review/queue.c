/*
 * The triage queue: urgent first, then overdue, then newest; filters and
 * pages. Only clear metadata is read here, so nothing is decrypted. A
 * counselor sees the channels they receive; the audit page is for
 * administrators (server/review/routes.c says who may open what).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/review/events.h"
#include "server/review/locked.h"
#include "server/review/summary.h"

/* Which clock the "due" column shows (the same CASE as the query's). */
static const char *
queue_due_kind(const char *status)
{
	if (strcmp(status, VOCAB_STATUS_NEW) == 0)
		return "r.due.ack";
	if (strcmp(status, VOCAB_STATUS_ACK) == 0 ||
	    strcmp(status, "reopened") == 0)
		return "r.due.response";
	return "r.due.feedback";
}

static void
queue_row(const struct db_queue_row *q, const char *summary, struct view *v)
{
	struct view *c = view_add(v, "cases");

	view_set(c, "id", q->id);
	if (summary[0] != '\0')
		view_set(c, "summary", summary);
	view_setf(c, "short_id", "%.8s", q->id);
	view_setf(c, "channel", "channel.%s", q->channel);
	if (q->category[0] != '\0')
		view_setf(c, "category", "o.category.%s", q->category);
	view_setf(c, "status", "status.%s", q->status);
	view_setf(c, "priority", "r.priority.%s", q->priority);
	view_set_flag(c, "urgent", strcmp(q->priority, VOCAB_PRIORITY_URGENT) == 0);
	view_set(c, "assignee", q->assignee);
	view_set(c, "age", q->age);
	view_set_flag(c, "one_day", strcmp(q->age, "1") == 0);
	view_set(c, "due", q->due);
	view_set(c, "due_kind", queue_due_kind(q->status));
	view_set_flag(c, "overdue", q->overdue);
	view_set(c, "labels", q->labels);
	view_set_flag(c, "watch_due", q->watch_due);
}

/* A case id as the queue prints it (32 hex digits), or NULL. */
static const char *
queue_after(const char *v)
{
	size_t i;

	if (v == NULL || strlen(v) != 32)
		return NULL;
	for (i = 0; i < 32; i++)
		if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
			return NULL;
	return v;
}

/* The filters as a query string for the pager ("" or "&k=v..."). */
static void
queue_filter_query(const struct db_queue_filter *f, char *q, size_t len)
{
	snprintf(q, len, "%s%s%s%s%s%s%s%s%s", f->status ? "&status=" : "",
	    f->status ? f->status : "", f->priority ? "&priority=" : "",
	    f->priority ? f->priority : "", f->channel ? "&channel=" : "",
	    f->channel ? f->channel : "", f->category ? "&category=" : "",
	    f->category ? f->category : "", f->mine ? "&mine=1" : "");
}

/*
 * One page of the queue after the case ?after= names (keyset pagination);
 * one row more than shown tells if there is a next page.
 */
static int
queue_load(struct review *app, const struct review_user *u, struct request *req,
    struct view *v)
{
	struct db_queue_row *rows = calloc(REVIEW_QUEUE_PAGE + 1, sizeof(*rows));
	struct review_summary *sum = calloc(REVIEW_QUEUE_PAGE, sizeof(*sum));
	const char *mine = http_query(req, "mine");
	struct db_queue_filter f = { .counselor_id = u->id };
	char q[160];
	int i, n;

	if (rows == NULL || sum == NULL) {
		free(rows);
		free(sum);
		return REVIEW_EFAIL;
	}
	/* a filter is used only if it is one of the words */
	f.status = vocab_find(vocab_statuses, http_query(req, "status"));
	f.priority = vocab_find(vocab_priorities, http_query(req, "priority"));
	f.channel = vocab_find(vocab_channels, http_query(req, "channel"));
	f.category = vocab_find(vocab_categories, http_query(req, "category"));
	review_choices(v, "statuses", vocab_statuses, "status.", f.status);
	review_choices(v, "priorities", vocab_priorities, "r.priority.", f.priority);
	review_choices(v, "channels", vocab_channels, "channel.", f.channel);
	review_choices(v, "categories", vocab_categories, "o.category.", f.category);
	f.mine = mine != NULL && strcmp(mine, "1") == 0;
	view_set_flag(v, "mine", f.mine);	/* the filter keeps its value */
	f.after = queue_after(http_query(req, "after"));
	f.limit = REVIEW_QUEUE_PAGE + 1;
	n = db_queue(app->store, &f, rows);
	/* the page's rows only: their reports opened with the reader's key */
	if (n > 0 && review_summaries(app, u, req->session.k, rows,
	    n < REVIEW_QUEUE_PAGE ? n : REVIEW_QUEUE_PAGE, sum) != 0)
		n = REVIEW_EFAIL;
	for (i = 0; i < n && i < REVIEW_QUEUE_PAGE; i++)
		queue_row(&rows[i], sum[i].text, v);
	queue_filter_query(&f, q, sizeof(q));
	if (n > REVIEW_QUEUE_PAGE)
		view_setf(v, "next_href", "/queue?after=%s%s",
		    rows[REVIEW_QUEUE_PAGE - 1].id, q);
	if (f.after != NULL)
		view_setf(v, "first_href", "/queue?%s", q[0] ? q + 1 : "");
	free(rows);
	sodium_memzero(sum, REVIEW_QUEUE_PAGE * sizeof(*sum));
	free(sum);
	return n < 0 ? REVIEW_EFAIL : 0;
}

/*
 * More urgent cases than usual: a warning above the queue, so a wave of
 * them (after an incident at work, say) is seen before the first page is
 * read. Counted from the clear hour-rounded times; nothing finer exists.
 */
static int
queue_burst(struct review *app, const char *user, struct view *v)
{
	int n = db_urgent_recent(app->store, user);

	if (n < 0)
		return REVIEW_EFAIL;
	if ((unsigned)n > app->cfg->urgent_burst) {
		view_set_flag(v, "burst", 1);
		view_setf(v, "burst_count", "%d", n);
	}
	return 0;
}

enum MHD_Result
review_queue(struct request *req)
{
	struct review *app = review_of(req);
	struct page_ctx p = review_page(req);
	const struct review_user *u = &review_ctx(req)->u;
	struct view *v;
	int rc;

	if ((v = view_new()) == NULL)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	view_set(v, "title", "r.queue.title");
	review_nav(v, u);
	/* reopenings by reporters' answers are audited before they are listed */
	rc = db_watch_audit(app->store);
	if (rc == 0)
		rc = queue_load(app, u, req, v);
	if (rc == 0)
		rc = queue_burst(app, u->id, v);
	/* cases without a key and colleagues' requests: on the first page */
	if (rc == 0 && http_query(req, "after") == NULL)
		rc = review_locked_view(app, u, http_query(req, "locked_after"), v);
	if (http_query(req, "asked") != NULL)
		view_set(v, "notice", "r.locked.asked");
	if (rc != 0) {
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	return page_send(req, &p, MHD_HTTP_OK, "r_queue", v);
}

enum MHD_Result
review_audit_page(struct request *req)
{
	struct review *app = review_of(req);
	struct page_ctx p = review_page(req);
	struct db_event *ev;
	struct view *v, *e;
	int i, n;

	if ((ev = calloc(REVIEW_AUDIT_PAGE, sizeof(*ev))) == NULL)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	if ((n = db_audit_recent(app->store, ev, REVIEW_AUDIT_PAGE)) < 0 ||
	    (v = view_new()) == NULL) {
		free(ev);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	view_set(v, "title", "r.audit.title");
	review_nav(v, &review_ctx(req)->u);
	/* the heading says how many entries the page shows */
	view_setf(v, "count", "%d", n);
	for (i = 0; i < n; i++) {
		e = view_add(v, "entries");
		view_set(e, "id", ev[i].id);
		view_set(e, "case", ev[i].case_short);
		review_event_view(e, &ev[i]);
	}
	free(ev);
	return page_send(req, &p, MHD_HTTP_OK, "r_audit", v);
}
