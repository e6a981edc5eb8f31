/* Shared pieces of the review pages: context, errors, style, who is in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

struct page_ctx
review_page(struct request *req)
{
	struct page_ctx p = { review_of(req)->site.tmpl, review_of(req)->site.cat };

	return p;
}

enum MHD_Result
review_error(struct request *req, unsigned status)
{
	struct page_ctx p = review_page(req);

	return page_error(req, &p, status, "r_error", "/queue");
}

enum MHD_Result
review_error_msg(struct request *req, unsigned status, const char *msgid)
{
	struct page_ctx p = review_page(req);

	return page_error_msg(req, &p, status, "r_error", "/queue", msgid);
}

unsigned
review_rc_status(int rc)
{
	switch (rc) {
	case REVIEW_OK:
		return MHD_HTTP_OK;
	case REVIEW_EINPUT:
		return MHD_HTTP_BAD_REQUEST;
	case REVIEW_ENOTFOUND:
		return MHD_HTTP_NOT_FOUND;
	default:
		return MHD_HTTP_SERVICE_UNAVAILABLE;
	}
}

enum MHD_Result
review_static(struct request *req)
{
	return serve_static(req, &review_of(req)->site);
}

enum MHD_Result
review_lang(struct request *req)
{
	if (strcmp(req->tail, "ja") != 0 && strcmp(req->tail, "en") != 0)
		return review_error(req, MHD_HTTP_NOT_FOUND);
	http_set_cookie(req, HTTP_LANG_COOKIE, req->tail, 365L * 24 * 3600);
	return http_redirect(req, "/queue");
}

int
review_current(struct request *req, struct review_user *u)
{
	int rc;

	if (req->session.k == NULL)
		return 0;
	rc = db_user_by_id(review_of(req)->store, req->session.subject, u);
	return rc == 1 && u->active ? 1 : rc == REVIEW_EFAIL ? REVIEW_EFAIL : 0;
}

const char *
review_home(const struct review_user *u)
{
	if (u->role_bit & REVIEW_ROLE_COUNSELOR)
		return "/queue";
	if (u->role_bit & REVIEW_ROLE_ADMIN)
		return "/audit";
	return "/stats";
}

void
review_nav(struct view *v, const struct review_user *u)
{
	view_set(v, "me", u->username);
	if (u->role_bit & REVIEW_ROLE_COUNSELOR)
		view_set_flag(v, "is_counselor", 1);
	else if (u->role_bit & REVIEW_ROLE_ADMIN)
		view_set_flag(v, "is_admin", 1);
	else
		view_set_flag(v, "is_analyst", 1);
}

void
review_choices(struct view *v, const char *key, const char *const *words,
    const char *msgid_prefix, const char *selected)
{
	struct view *o;
	size_t i;

	for (i = 0; words[i] != NULL; i++) {
		o = view_add(v, key);
		view_set(o, "value", words[i]);
		view_setf(o, "label", "%s%s", msgid_prefix, words[i]);
		view_set_flag(o, "selected", selected != NULL &&
		    strcmp(words[i], selected) == 0);
	}
}
