/*
 * The administrator's status page: mail notices that could not be
 * delivered (an address the mail server refused, or none set) and those
 * still being retried, per counselor. It names no case and no content.
 */
#include <string.h>

#include "server/review/db_notify.h"
#include "server/review/notify.h"

static void
status_row(void *arg, const struct db_notify_problem *p)
{
	struct view *e = view_add(arg, "problems");

	if (e == NULL)
		return;
	view_set(e, "user", p->username);
	view_set(e, "failed", p->failed);
	view_set(e, "queued", p->queued);
	view_set(e, "error", p->last_error);
	view_set(e, "since", p->since);
}

enum MHD_Result
review_status_page(struct request *req)
{
	struct review *app = review_of(req);
	struct page_ctx p = review_page(req);
	struct review_user u;
	struct view *v;
	int rc = review_current(req, &u), n;

	if (rc != 1)
		return rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
	if (strcmp(u.role, "admin") != 0)
		return review_error(req, MHD_HTTP_FORBIDDEN);
	if ((v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "title", "r.notify.status.heading");
	view_set(v, "me", u.username);
	view_set_flag(v, "is_admin", 1);
	if ((n = db_notify_problems(app->store, status_row, v)) == -1) {
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	view_set_flag(v, "all_delivered", n == 0);
	return page_send(req, &p, MHD_HTTP_OK, "r_status", v);
}
