/*
 * Cases a counselor cannot open, shown apart from the queue: they were
 * sealed before the counselor received the channel (or finished setup),
 * so no key of theirs opens them. Instead of a link that ends in 403,
 * each has a button that asks colleagues for access; a colleague who
 * holds the key sees the request on their queue and the case page and
 * grants it there (the existing grant: the case key sealed to the
 * requester's public key inside the granter's session).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/envelope.h"
#include "server/review/locked.h"

/* The locked cases of u's channels, newest first; a mark when more exist. */
static int
locked_view(struct review *app, const struct review_user *u, const char *after,
    struct view *v)
{
	struct db_locked_row *rows;
	struct view *c;
	int i, n;

	if ((rows = calloc(REVIEW_LOCKED_PAGE + 1, sizeof(*rows))) == NULL)
		return REVIEW_EFAIL;
	n = db_locked(app->store, u->id, after, rows, REVIEW_LOCKED_PAGE + 1);
	for (i = 0; i < n && i < REVIEW_LOCKED_PAGE; i++) {
		c = view_add(v, "locked");
		view_set(c, "id", rows[i].id);
		view_setf(c, "short_id", "%.8s", rows[i].id);
		view_setf(c, "channel", "channel.%s", rows[i].channel);
		if (rows[i].category[0] != '\0')
			view_setf(c, "category", "o.category.%s", rows[i].category);
		view_setf(c, "status", "status.%s", rows[i].status);
		view_setf(c, "priority", "r.priority.%s", rows[i].priority);
		view_setf(c, "days", "%d", rows[i].days);
		view_set_flag(c, "one_day", rows[i].days == 1);
		view_set_flag(c, "requested", rows[i].requested);
	}
	view_set_flag(v, "has_locked", n > 0);
	if (n > REVIEW_LOCKED_PAGE)
		view_setf(v, "locked_next", "/queue?locked_after=%s#locked-h",
		    rows[REVIEW_LOCKED_PAGE - 1].id);
	if (after != NULL)
		view_set(v, "locked_first", "/queue#locked-h");
	free(rows);
	return n < 0 ? REVIEW_EFAIL : 0;
}

/* Requests u can answer (case_id's only, if not NULL), into v. */
int
review_requests_view(struct review *app, const struct review_user *u,
    const char *case_id, struct view *v)
{
	struct db_access_req *req;
	struct view *c;
	int i, n;

	if ((req = calloc(REVIEW_REQUESTS_SHOWN, sizeof(*req))) == NULL)
		return REVIEW_EFAIL;
	n = db_access_pending(app->store, u->id, case_id, req,
	    REVIEW_REQUESTS_SHOWN);
	for (i = 0; i < n; i++) {
		c = view_add(v, "requests");
		view_set(c, "case_id", req[i].case_id);
		view_setf(c, "short_id", "%.8s", req[i].case_id);
		view_set(c, "username", req[i].username);
		view_set(c, "at", req[i].at);
	}
	view_set_flag(v, "has_requests", n > 0);
	free(req);
	return n < 0 ? REVIEW_EFAIL : 0;
}

int
review_locked_view(struct review *app, const struct review_user *u,
    const char *after, struct view *v)
{
	if (after != NULL && !env_id_valid(after))
		after = NULL;
	if (locked_view(app, u, after, v) != 0)
		return REVIEW_EFAIL;
	return review_requests_view(app, u, NULL, v);
}

/* POST /queue/request, case=ID: asks colleagues for access to the case. */
enum MHD_Result
review_access_request(struct request *req)
{
	const char *id = formdata_get(&req->form, "case");
	int rc;

	if (id == NULL || !env_id_valid(id))
		return review_error(req, MHD_HTTP_BAD_REQUEST);
	rc = db_access_request(review_of(req)->store, &review_ctx(req)->u, id);
	if (rc != REVIEW_OK)
		return review_error(req, review_rc_status(rc));
	return http_redirect(req, "/queue?asked=1#locked-h");
}
