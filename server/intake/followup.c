/*
 * Coming back with a receipt: the receipt opens the case key once, which
 * then lives in a server-side session (locked memory, timeouts) so the
 * person can read the thread, reply, add files and reveal who they are.
 * Wrong and unknown receipts get the same answer after the same work.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "server/common/forms.h"
#include "server/intake/intake.h"
#include "server/common/log.h"
#include "server/common/page.h"

static enum MHD_Result
followup_render(struct request *req, unsigned status, const char *msgid)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();
	const char *typed = formdata_get(&req->form, "receipt");
	const char *kept = formdata_get(&req->form, "message");

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "followup.title");
	if (typed != NULL && strlen(typed) <= RECEIPT_INPUT_MAX)
		view_set(v, "receipt_input", typed);
	if (kept != NULL)
		view_set(v, "kept_text", kept);	/* a reply whose session ended */
	if (msgid != NULL)
		view_set(v, "error", msgid);
	if (status == MHD_HTTP_TOO_MANY_REQUESTS ||
	    status == MHD_HTTP_SERVICE_UNAVAILABLE)
		http_retry_after(req, KDF_GATE_RETRY_AFTER);
	return page_send(req, &p, status, "followup", v);
}

enum MHD_Result
followup_form(struct request *req)
{
	return followup_render(req, MHD_HTTP_OK, NULL);
}

/*
 * 1 opened (*k set), 0 no such case, -1 database, RKEY_BUSY. An unknown
 * receipt does the work of opening a new case before it is told so.
 */
static int
followup_open(struct request *req, const char *canon, struct store_case *sc,
    unsigned char *lookup, unsigned char **k)
{
	struct intake *app = intake_of(req);
	PGconn *c;
	int found;

	receipt_lookup(app->lookup_key, canon, lookup);
	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	found = store_case_open(c, lookup, sc);
	store_release(app->store, c);
	if (found != 1) {
		reporter_key_decoy(app, canon);
		return found;
	}
	switch (reporter_key_open(app, canon, sc, k)) {
	case RKEY_OK:
		return 1;
	case RKEY_BUSY:
		return RKEY_BUSY;
	case RKEY_WRONG:
		return 0;	/* a lookup collision: no case for this receipt */
	default:
		return -1;
	}
}

static enum MHD_Result
followup_session(struct request *req, const struct store_case *sc,
    const unsigned char *lookup, unsigned char *k)
{
	char cookie[SESSION_COOKIE_TEXT];
	int rc;

	rc = sessions_create(intake_of(req)->sessions, sc->id, lookup, k, cookie);
	env_secret_free(k);
	if (rc == -1)
		return followup_render(req, MHD_HTTP_SERVICE_UNAVAILABLE,
		    "error.503");
	http_set_cookie(req, INTAKE_SESSION_COOKIE, cookie, -1);
	sodium_memzero(cookie, sizeof(cookie));
	return http_redirect(req, "/case");
}

enum MHD_Result
followup_submit(struct request *req)
{
	const char *in = formdata_get(&req->form, "receipt");
	char canon[RECEIPT_DIGITS + 1];
	unsigned char lookup[RECEIPT_LOOKUPBYTES], *k = NULL;
	struct store_case sc;
	int rc;

	if (req->body_status != 0)
		return followup_render(req, req->body_status, "error.400");
	if (!http_csrf_ok(req))
		return followup_render(req, MHD_HTTP_FORBIDDEN, "error.csrf");
	rc = in == NULL ? RECEIPT_EFORMAT : receipt_parse(in, strlen(in), canon);
	if (rc != RECEIPT_OK)
		return followup_render(req, MHD_HTTP_BAD_REQUEST,
		    rc == RECEIPT_ECHECK ? "followup.error.typo" :
		    "followup.error.format");
	if (addrlimit_take(intake_limits(req)->followup,
	    http_client_addr(req)) != ADDRLIMIT_OK)
		return followup_render(req, MHD_HTTP_TOO_MANY_REQUESTS, "error.429");
	rc = followup_open(req, canon, &sc, lookup, &k);
	sodium_memzero(canon, sizeof(canon));
	if (rc == -1 || rc == RKEY_BUSY)
		return followup_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	if (rc == 0)
		return followup_render(req, MHD_HTTP_NOT_FOUND,
		    "followup.error.unknown");
	return followup_session(req, &sc, lookup, k);
}

/* Every /case route: the session, and its key for encrypting files. */
enum MHD_Result
case_prepare(struct request *req)
{
	struct intake *app = intake_of(req);

	if (!sessions_get(app->sessions, http_cookie(req, INTAKE_SESSION_COOKIE),
	    &req->session))
		return MHD_YES;	/* the handler decides what no session means */
	memcpy(req->case_id, req->session.subject, sizeof(req->case_id));
	if (req->route->flags & ROUTE_FILES)
		req->k = env_key_dup(req->session.k);
	return MHD_YES;
}

enum MHD_Result
case_logout(struct request *req)
{
	/*
	 * Always: a logout that left the key in memory because a token was
	 * missing would be worse than a forged logout (the cookie is
	 * SameSite=Strict, and ending a session only asks for the receipt).
	 */
	sessions_destroy(intake_of(req)->sessions,
	    http_cookie(req, INTAKE_SESSION_COOKIE));
	http_set_cookie(req, INTAKE_SESSION_COOKIE, "", 0);
	return http_redirect(req, "/");
}

enum MHD_Result
followup_expired(struct request *req)
{
	return followup_render(req, MHD_HTTP_FORBIDDEN, "followup.error.expired");
}
