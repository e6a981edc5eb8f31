/*
 * The administrator's status page: mail notices that could not be
 * delivered (an address the mail server refused, or none set) and those
 * still being retried, per counselor. It names no case and no content.
 */
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

/* The route admits administrators only. */
enum MHD_Result
review_status_page(struct request *req)
{
	struct page_ctx p = review_page(req);
	struct view *v;
	int n;

	if ((v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "title", "r.notify.status.heading");
	review_nav(v, &review_ctx(req)->u);
	if ((n = db_notify_problems(review_of(req)->store, status_row, v)) == -1) {
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	view_set_flag(v, "all_delivered", n == 0);
	return page_send(req, &p, MHD_HTTP_OK, "r_status", v);
}
