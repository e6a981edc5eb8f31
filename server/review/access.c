/*
 * The one access check of the review server: every route declares in
 * the route table who may use it (roles) and what a request must bring
 * (a session, a CSRF token, a case the counselor holds the key to).
 * The guard runs before the handler; no handler checks roles itself.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/case.h"

static int
deny(struct request *req, enum MHD_Result *a, unsigned status)
{
	*a = review_error(req, status);
	return 0;
}

/* A refusal that says what happened, not "the form may have expired". */
static int
deny_msg(struct request *req, enum MHD_Result *a, unsigned status,
    const char *msgid)
{
	*a = review_error_msg(req, status, msgid);
	return 0;
}

/* The user of the session, of an allowed role. */
static int
access_login(struct request *req, struct review_ctx *x, unsigned acc,
    enum MHD_Result *a)
{
	int rc;

	if (req->session.k == NULL)
		review_session_prepare(req);
	if ((rc = review_current(req, &x->u)) == REVIEW_EFAIL)
		return deny(req, a, MHD_HTTP_SERVICE_UNAVAILABLE);
	if (rc != 1) {
		*a = http_redirect(req, "/login");
		return 0;
	}
	x->logged_in = 1;
	if ((x->u.role_bit & acc & REVIEW_ROLES_ALL) != 0)
		return 1;
	if (acc & RA_HOME) {
		*a = http_redirect(req, review_home(&x->u));
		return 0;
	}
	return deny_msg(req, a, MHD_HTTP_FORBIDDEN, "r.error.403.role");
}

/* The case the path names, opened with the user's key. */
static int
access_case(struct request *req, struct review_ctx *x, enum MHD_Result *a)
{
	int rc;

	if (!review_case_path(req->tail, x->id, x->verb, x->arg))
		return deny(req, a, MHD_HTTP_NOT_FOUND);
	rc = review_case_open(review_of(req), &x->u, req->session.k, x->id, &x->rc);
	if (rc == REVIEW_EFAIL)
		return deny(req, a, MHD_HTTP_SERVICE_UNAVAILABLE);
	if (rc != 1)
		return deny_msg(req, a, MHD_HTTP_FORBIDDEN, "r.error.403.case");
	x->has_case = 1;
	return 1;
}

int
review_access_guard(struct request *req, enum MHD_Result *a)
{
	unsigned acc = req->route->access;
	struct review_ctx *x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return deny(req, a, MHD_HTTP_SERVICE_UNAVAILABLE);
	req->ctx = x;
	if (acc & RA_CSRF) {
		/* a broken body may have lost the token: say what broke */
		if (req->body_status != 0)
			return deny(req, a, req->body_status);
		if (!http_csrf_ok(req))
			return deny(req, a, MHD_HTTP_FORBIDDEN);
	}
	if ((acc & RA_LOGIN) && !access_login(req, x, acc, a))
		return 0;
	if ((acc & RA_CASE) && !access_case(req, x, a))
		return 0;
	return 1;
}

void
review_access_free(void *p)
{
	struct review_ctx *x = p;

	review_case_close(&x->rc);
	free(x);
}

/* "METHOD PATH [prefix] what..." with the roles last, or "public". */
void
review_access_print(FILE *f)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{ RA_LOGIN, "login" }, { RA_CSRF, "csrf" }, { RA_CASE, "case" },
		{ RA_HOME, "home" }, { REVIEW_ROLE_COUNSELOR, "counselor" },
		{ REVIEW_ROLE_ANALYST, "analyst" }, { REVIEW_ROLE_ADMIN, "admin" },
	};
	const struct route *r;
	size_t i;

	for (r = review_routes; r->path != NULL; r++) {
		fprintf(f, "%s %s%s", r->method, r->path,
		    (r->flags & ROUTE_PREFIX) ? " prefix" : "");
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (r->access & names[i].bit)
				fprintf(f, " %s", names[i].name);
		fprintf(f, "%s\n", r->access == 0 ? " public" : "");
	}
}
