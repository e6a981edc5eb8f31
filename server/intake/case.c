/*
 * The reporter's case page: status, their report, the thread with the
 * counselors and the files, all decrypted with the session's key for this
 * response only; and the reply and identity forms.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/case_view.h"
#include "server/common/forms.h"
#include "server/intake/intake.h"
#include "server/intake/watch.h"
#include "server/common/log.h"
#include "server/common/page.h"
#include "server/common/quota.h"

struct case_render {
	struct request		*req;
	struct case_view	 cv;
};

/* Case metadata and the decrypted thread into the view; -1 on database error. */
static int
case_load(struct case_render *cr)
{
	struct intake *app = intake_of(cr->req);
	const unsigned char *lookup = cr->req->session.aux;
	struct store_case sc;
	struct store_dates d;
	PGconn *c;
	int rc = -1;

	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	if (store_case_open(c, lookup, &sc) == 1 &&
	    store_case_dates(c, lookup, &d) == 1 &&
	    store_attachments(c, lookup, case_view_file, &cr->cv) == 0 &&
	    store_thread(c, lookup, case_view_record, &cr->cv) == 0)
		rc = 0;
	store_release(app->store, c);
	if (rc == 0) {
		view_setf(cr->cv.v, "status", "status.%s", sc.status);
		view_setf(cr->cv.v, "channel", "channel.%s", sc.channel);
		view_set(cr->cv.v, "created", sc.created);
		case_next_view(cr->cv.v, sc.status, &d, cr->cv.nanswers > 0);
	}
	return rc;
}

/*
 * The newest record at the reporter's last visit. The first page of a
 * session moves the stored mark to the newest record now and keeps the
 * old one in the session, so answers stay marked new for the whole visit.
 * (Here, not when the receipt is entered: that answer must take the same
 * time for a real receipt as for an unknown one.) On a database error
 * nothing is marked rather than everything.
 */
static int
case_seen(struct request *req)
{
	struct intake *app = intake_of(req);
	int prev = INT_MAX;
	PGconn *c;

	if (req->session.mark != SESSION_MARK_UNSET)
		return req->session.mark;
	if ((c = store_acquire(app->store)) == NULL)
		return prev;
	if (store_case_visit(c, req->session.aux, &prev) != 1)
		prev = INT_MAX;
	store_release(app->store, c);
	sessions_mark(app->sessions, http_cookie(req, INTAKE_SESSION_COOKIE),
	    prev);
	return prev;
}

/* The page; on a failed reply, with the error and the text kept. */
enum MHD_Result
case_render(struct request *req, unsigned status, const char *reply_error)
{
	struct page_ctx p = intake_page(req);
	struct case_render *cr;
	enum MHD_Result r;
	const char *typed = formdata_get(&req->form, "message");

	if ((cr = calloc(1, sizeof(*cr))) == NULL)
		return MHD_NO;
	cr->req = req;
	cr->cv.k = req->session.k;
	cr->cv.case_id = req->case_id;
	cr->cv.href = "/case/file/";
	cr->cv.mark_new = 1;
	cr->cv.seen = case_seen(req);
	if ((cr->cv.v = view_new()) == NULL) {
		free(cr);
		return MHD_NO;
	}
	view_set(cr->cv.v, "title", "case.title");
	intake_limits_view(req, cr->cv.v);
	if (case_load(cr) == -1 && status == MHD_HTTP_OK) {
		status = MHD_HTTP_SERVICE_UNAVAILABLE;
		reply_error = "error.503";
	} else
		watch_fill(req, cr->cv.v);
	if (reply_error != NULL)
		view_set(cr->cv.v, "reply_error", reply_error);
	if (typed != NULL)
		view_set(cr->cv.v, "reply_text", typed);
	if (http_query(req, "sent") != NULL)
		view_set(cr->cv.v, "notice", "reply.sent");
	if (http_query(req, "identity") != NULL)
		view_set(cr->cv.v, "notice", "identity.sent");
	if (http_query(req, "watch") != NULL)
		view_set(cr->cv.v, "notice", strcmp(http_query(req, "watch"),
		    "reopened") == 0 ? "watch.sent.reopened" : "watch.sent");
	r = page_send(req, &p, status, "case", cr->cv.v);
	sodium_memzero(cr, sizeof(*cr));
	free(cr);
	return r;
}

enum MHD_Result
case_page(struct request *req)
{
	if (req->session.k == NULL)
		return http_redirect(req, "/followup");
	return case_render(req, MHD_HTTP_OK, NULL);
}

/* Returned by case_append besides store_append's answers. */
#define CASE_TOO_FAST	(-3)

/* The per-case limits from the configuration. */
static struct case_quota
case_quota(struct request *req)
{
	const struct config *cfg = intake_of(req)->cfg;
	struct case_quota q = { cfg->case_max_bytes, cfg->case_max_files };

	return q;
}

/*
 * Stores the record and files unless they would pass the session's upload
 * rate or the case's quota; what a refused request counted is given back.
 */
static int
case_store(struct request *req, const struct store_record *rec,
    const struct store_attachment *atts, size_t n)
{
	struct intake *app = intake_of(req);
	const char *cookie = http_cookie(req, INTAKE_SESSION_COOKIE);
	struct case_quota q = case_quota(req);
	uint64_t files, bytes;
	PGconn *c;
	int rc = -1;

	quota_of_uploads(&req->uploads, &files, &bytes);
	if (n > 0 && !sessions_spend(app->sessions, cookie, bytes,
	    app->cfg->upload_per_min))
		return CASE_TOO_FAST;
	if ((c = store_acquire(app->store)) != NULL) {
		rc = store_append(c, req->session.aux, rec, atts, n, &q);
		store_release(app->store, c);
	}
	if (rc != 1 && n > 0)
		sessions_refund(app->sessions, cookie, bytes);
	return rc;
}

/* Seals and appends one reporter record with the request's files. */
static int
case_append(struct request *req, const char *kind, const unsigned char *plain,
    size_t len)
{
	struct store_attachment atts[UPLOAD_MAX_FILES];
	struct store_record rec;
	size_t n = 0;
	int rc;

	env_random_id(rec.id);
	rec.kind = kind;
	if (env_record_seal(req->session.k, req->case_id, kind, rec.id, plain,
	    len, &rec.body, &rec.len) != ENV_OK)
		return -1;
	if (req->k != NULL) {
		if (upload_finish(&req->uploads, req->k, req->case_id) != UPLOAD_OK) {
			free(rec.body);
			return -1;
		}
		n = upload_to_store(&req->uploads, rec.id, atts, UPLOAD_MAX_FILES);
	}
	rc = case_store(req, &rec, atts, n);
	free(rec.body);
	return rc;
}

/* The page for a reply or identity that was not stored. */
static enum MHD_Result
case_refused(struct request *req, int rc)
{
	if (rc == STORE_FULL)
		return case_render(req, MHD_HTTP_CONTENT_TOO_LARGE,
		    "case.error.full");
	if (rc == CASE_TOO_FAST) {
		http_retry_after(req, "60");
		return case_render(req, MHD_HTTP_TOO_MANY_REQUESTS,
		    "case.error.too_fast");
	}
	return case_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
}

/* The common gate of the posts: session, body, CSRF. */
enum MHD_Result
case_post_check(struct request *req, int *ok)
{
	*ok = 0;
	if (req->session.k == NULL)
		return followup_expired(req);
	if (req->body_status != 0)
		return case_render(req, req->body_status,
		    req->body_status == MHD_HTTP_CONTENT_TOO_LARGE ?
		    "error.413" : "error.400");
	if (!http_csrf_ok(req) || req->csrf_checked < 0)
		return case_render(req, MHD_HTTP_FORBIDDEN, "error.csrf");
	*ok = 1;
	return MHD_YES;
}

enum MHD_Result
case_reply(struct request *req)
{
	const char *msg = formdata_get(&req->form, "message");
	enum MHD_Result r;
	int ok, rc;

	if ((r = case_post_check(req, &ok)) != MHD_YES || !ok)
		return r;
	if (msg == NULL)
		msg = "";
	if (strlen(msg) > INTAKE_REPLY_MAX)
		return case_render(req, MHD_HTTP_CONTENT_TOO_LARGE, "error.413");
	if (msg[0] == '\0' && req->uploads.n == 0)
		return case_render(req, MHD_HTTP_BAD_REQUEST, "reply.error.empty");
	rc = case_append(req, "message", (const unsigned char *)msg, strlen(msg));
	if (rc != 1)
		return case_refused(req, rc);
	return http_redirect(req, "/case?sent=1");
}

/* What will be sent, that it cannot be undone, and the way back. */
static enum MHD_Result
case_identity_confirm(struct request *req, const char *name,
    const char *contact)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "case.identity.confirm.heading");
	view_set(v, "name", name);
	view_set(v, "contact", contact);
	return page_send(req, &p, MHD_HTTP_OK, "case_identity", v);
}

enum MHD_Result
case_identity(struct request *req)
{
	const char *name = formdata_get(&req->form, "name");
	const char *contact = formdata_get(&req->form, "contact");
	const char *confirm;
	struct buf rec = { 0 };
	enum MHD_Result r;
	int ok, rc;

	if ((r = case_post_check(req, &ok)) != MHD_YES || !ok)
		return r;
	name = name ? name : "";
	contact = contact ? contact : "";
	if (strlen(name) > INTAKE_IDENTITY_MAX || strlen(contact) > INTAKE_IDENTITY_MAX)
		return case_render(req, MHD_HTTP_CONTENT_TOO_LARGE, "error.413");
	if (name[0] == '\0' && contact[0] == '\0')
		return case_render(req, MHD_HTTP_BAD_REQUEST, "identity.error.empty");
	/* saying who you are cannot be taken back: first a page that says so */
	confirm = formdata_get(&req->form, "confirm");
	if (confirm == NULL || strcmp(confirm, "yes") != 0)
		return case_identity_confirm(req, name, contact);
	/* the same record format as every form (forms_record_view reads it) */
	rc = forms_record(&forms_reveal, &req->form, 1, &rec) == -1 ? -1 :
	    case_append(req, "identity", (unsigned char *)rec.data, rec.len);
	buf_free(&rec);
	if (rc != 1)
		return case_refused(req, rc);
	return http_redirect(req, "/case?identity=1");
}
