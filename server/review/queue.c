/*
 * The triage queue: urgent first, then overdue, then newest; filters and
 * pages. Only clear metadata is read here, so nothing is decrypted. A
 * counselor sees the channels they receive; the audit page is for
 * administrators (server/review/routes.c says who may open what).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

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
queue_row(const struct db_queue_row *q, struct view *v)
{
	struct view *c = view_add(v, "cases");

	view_set(c, "id", q->id);
	view_setf(c, "short_id", "%.8s", q->id);
	view_setf(c, "channel", "channel.%s", q->channel);
	if (q->category[0] != '\0')
		view_setf(c, "category", "o.category.%s", q->category);
	view_setf(c, "status", "status.%s", q->status);
	view_setf(c, "priority", "r.priority.%s", q->priority);
	view_set_flag(c, "urgent", strcmp(q->priority, VOCAB_PRIORITY_URGENT) == 0);
	view_set(c, "assignee", q->assignee);
	view_set(c, "age", q->age);
	view_set(c, "due", q->due);
	view_set(c, "due_kind", queue_due_kind(q->status));
	view_set_flag(c, "overdue", q->overdue);
	view_set(c, "labels", q->labels);
	view_set_flag(c, "watch_due", q->watch_due);
}

/* One page of the queue; one row more than shown tells if there is a next. */
static int
queue_load(struct review *app, const char *user, struct request *req, int page,
    struct view *v)
{
	struct db_queue_row *rows = calloc(REVIEW_QUEUE_PAGE + 1, sizeof(*rows));
	const char *mine = http_query(req, "mine");
	struct db_queue_filter f = { .counselor_id = user };
	int i, n;

	if (rows == NULL)
		return REVIEW_EFAIL;
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
	f.offset = (long)page * REVIEW_QUEUE_PAGE;
	f.limit = REVIEW_QUEUE_PAGE + 1;
	n = db_queue(app->store, &f, rows);
	for (i = 0; i < n && i < REVIEW_QUEUE_PAGE; i++)
		queue_row(&rows[i], v);
	if (n > REVIEW_QUEUE_PAGE)
		view_setf(v, "next_href", "?page=%d", page + 1);
	if (page > 0)
		view_setf(v, "prev_href", "?page=%d", page - 1);
	free(rows);
	return n < 0 ? REVIEW_EFAIL : 0;
}

enum MHD_Result
review_queue(struct request *req)
{
	struct review *app = review_of(req);
	struct page_ctx p = review_page(req);
	const char *pg = http_query(req, "page");
	const struct review_user *u = &review_ctx(req)->u;
	struct view *v;
	int rc, page = pg ? atoi(pg) : 0;

	if (page < 0 || page > 100000)
		page = 0;
	if ((v = view_new()) == NULL)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	view_set(v, "title", "r.queue.title");
	review_nav(v, u);
	/* reopenings by reporters' answers are audited before they are listed */
	rc = db_watch_audit(app->store);
	if (rc == 0)
		rc = queue_load(app, u->id, req, page, v);
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
	for (i = 0; i < n; i++) {
		e = view_add(v, "entries");
		view_set(e, "id", ev[i].id);
		view_set(e, "at", ev[i].at);
		view_set(e, "actor", ev[i].actor);
		view_set(e, "action", ev[i].action);
		view_set(e, "case", ev[i].case_short);
		view_set(e, "detail", ev[i].detail);
	}
	free(ev);
	return page_send(req, &p, MHD_HTTP_OK, "r_audit", v);
}
