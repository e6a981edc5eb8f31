/*
 * The triage queue: urgent first, then overdue, then newest; filters and
 * pages. Only clear metadata is read here, so nothing is decrypted. A
 * counselor sees the channels they receive; the audit page is for
 * administrators.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

/* A filter value only if it is one of the allowed words. */
static const char *
allowed(const char *v, const char *const *ok)
{
	size_t i;

	for (i = 0; v != NULL && ok[i] != NULL; i++)
		if (strcmp(v, ok[i]) == 0)
			return ok[i];
	return NULL;
}

static const char *const q_status[] = { "new", "acknowledged", "in_progress",
    "waiting", "closed", "reopened", NULL };
static const char *const q_priority[] = { "low", "normal", "high", "urgent", NULL };
static const char *const q_channel[] = { "harassment", "mental_health", NULL };
static const char *const q_category[] = { "power", "sexual", "maternity",
    "customer", "sogi", "unsure", NULL };

/* Which clock the "due" column shows (the same CASE as the query's). */
static const char *
queue_due_kind(const char *status)
{
	if (strcmp(status, "new") == 0)
		return "r.due.ack";
	if (strcmp(status, "acknowledged") == 0 || strcmp(status, "reopened") == 0)
		return "r.due.response";
	return "r.due.feedback";
}

static void
queue_row(const PGresult *r, int i, struct view *v)
{
	struct view *c = view_add(v, "cases");

	view_set(c, "id", PQgetvalue(r, i, 0));
	view_set(c, "short_id", PQgetvalue(r, i, 1));
	view_setf(c, "channel", "channel.%s", PQgetvalue(r, i, 2));
	if (!PQgetisnull(r, i, 3))
		view_setf(c, "category", "o.category.%s", PQgetvalue(r, i, 3));
	view_setf(c, "status", "status.%s", PQgetvalue(r, i, 4));
	view_setf(c, "priority", "r.priority.%s", PQgetvalue(r, i, 5));
	view_set_flag(c, "urgent", strcmp(PQgetvalue(r, i, 5), "urgent") == 0);
	view_set(c, "assignee", PQgetvalue(r, i, 6));
	view_set(c, "age", PQgetvalue(r, i, 7));
	view_set(c, "due", PQgetvalue(r, i, 8));
	view_set(c, "due_kind", queue_due_kind(PQgetvalue(r, i, 4)));
	view_set_flag(c, "overdue", PQgetvalue(r, i, 9)[0] == 't');
	view_set(c, "labels", PQgetvalue(r, i, 10));
}

static int
queue_load(PGconn *c, const char *user, struct request *req, int page,
    struct view *v)
{
	const char *p[7];
	const char *mine = http_query(req, "mine");
	char off[16];
	PGresult *r;
	int i;

	snprintf(off, sizeof(off), "%d", page * REVIEW_QUEUE_PAGE);
	p[0] = user;
	p[1] = allowed(http_query(req, "status"), q_status);
	p[2] = allowed(http_query(req, "priority"), q_priority);
	p[3] = allowed(http_query(req, "channel"), q_channel);
	p[4] = off;
	p[5] = allowed(http_query(req, "category"), q_category);
	p[6] = mine != NULL && strcmp(mine, "1") == 0 ? user : NULL;
	/* next deadline: acknowledgement until acknowledged, then feedback */
	r = store_query(c, "SELECT c.id, left(c.id, 8), c.channel_id, c.category, "
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
	    "c.created_at DESC, c.id LIMIT " "51" " OFFSET $5::int",
	    7, p, NULL, NULL, 0);
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && i < REVIEW_QUEUE_PAGE; i++)
		queue_row(r, i, v);
	if (PQntuples(r) > REVIEW_QUEUE_PAGE)
		view_setf(v, "next_href", "?page=%d", page + 1);
	if (page > 0)
		view_setf(v, "prev_href", "?page=%d", page - 1);
	PQclear(r);
	return 0;
}

enum MHD_Result
review_queue(struct request *req)
{
	struct review *app = review_of(req);
	struct page_ctx p = review_page(req);
	const char *pg = http_query(req, "page");
	struct review_user u;
	struct view *v;
	PGconn *c;
	int rc, page = pg ? atoi(pg) : 0;

	if ((rc = review_current(req, &u)) != 1)
		return rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
	if (strcmp(u.role, "counselor") != 0)
		return http_redirect(req, strcmp(u.role, "admin") == 0 ? "/audit" : "/stats");
	if (page < 0 || page > 100000)
		page = 0;
	if ((v = view_new()) == NULL || (c = store_acquire(app->store)) == NULL) {
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	view_set(v, "title", "r.queue.title");
	view_set(v, "me", u.username);
	view_set_flag(v, "is_counselor", 1);
	rc = queue_load(c, u.id, req, page, v);
	store_release(app->store, c);
	if (rc == -1) {
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
	struct review_user u;
	struct view *v, *e;
	PGresult *r = NULL;
	PGconn *c;
	int i, rc;

	if ((rc = review_current(req, &u)) != 1)
		return rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
	if (strcmp(u.role, "admin") != 0)
		return review_error(req, MHD_HTTP_FORBIDDEN);
	if ((c = store_acquire(app->store)) != NULL) {
		r = store_query(c, "SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS'), "
		    "actor, action, coalesce(left(case_id, 8), ''), detail FROM "
		    "audit_log ORDER BY id DESC LIMIT 200", 0, NULL, NULL, NULL, 0);
		store_release(app->store, c);
	}
	if (r == NULL || (v = view_new()) == NULL) {
		PQclear(r);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	view_set(v, "title", "r.audit.title");
	view_set(v, "me", u.username);
	view_set_flag(v, "is_admin", 1);
	for (i = 0; i < PQntuples(r); i++) {
		e = view_add(v, "entries");
		view_set(e, "id", PQgetvalue(r, i, 0));
		view_set(e, "at", PQgetvalue(r, i, 1));
		view_set(e, "actor", PQgetvalue(r, i, 2));
		view_set(e, "action", PQgetvalue(r, i, 3));
		view_set(e, "case", PQgetvalue(r, i, 4));
		view_set(e, "detail", PQgetvalue(r, i, 5));
	}
	PQclear(r);
	return page_send(req, &p, MHD_HTTP_OK, "r_audit", v);
}
