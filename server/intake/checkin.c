/*
 * /checkin: a cohort's one-time code (typed, or from the card's QR
 * link), the short questionnaire, and the answer, which only adds to
 * count cells in the transaction that spends the code. Nothing about
 * the person or their answers is kept: the result page is built from the
 * answers in this request, and what it offers to carry into a
 * consultation travels in the person's own form, not on the server.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "server/common/addrlimit.h"
#include "server/intake/checkin.h"

/* The code's or link's round; a missing key means no check-in here. */
int
checkin_lookup_status(struct request *req, const unsigned char *lookup,
    int link, struct checkin_round *cr)
{
	struct intake *app = intake_of(req);
	PGconn *c;
	int rc;

	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	rc = checkin_store_status(c, lookup, link, cr);
	store_release(app->store, c);
	return rc;
}

static void
checkin_round_view(struct request *req, const struct checkin_round *cr,
    struct view *v)
{
	view_set(v, "cohort", req->lang == LANG_EN ? cr->name_en : cr->name_ja);
	view_set(v, "round_label", cr->label);
}

/* The friendly page for a code that cannot be used, or a typo. */
enum MHD_Result
checkin_state_page(struct request *req, unsigned status, const char *state)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();
	char msg[64];

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "checkin.title");
	snprintf(msg, sizeof(msg), "checkin.state.%s", state);
	view_set(v, "heading", msg);
	snprintf(msg, sizeof(msg), "checkin.state.%s.text", state);
	view_set(v, "message", msg);
	if (status == MHD_HTTP_TOO_MANY_REQUESTS)
		http_retry_after(req, "60");
	return page_send(req, &p, status, "checkin_state", v);
}

static enum MHD_Result
checkin_entry(struct request *req, unsigned status, const char *typed,
    const char *error)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "checkin.title");
	if (typed != NULL && strlen(typed) <= CHECKIN_INPUT_MAX)
		view_set(v, "code_input", typed);
	if (error != NULL)
		view_set(v, "error", error);
	return page_send(req, &p, status, "checkin", v);
}

/* The questions, with what was typed and why it did not go through. */
static enum MHD_Result
checkin_questions(struct request *req, unsigned status,
    const struct form_def *def, const struct formdata *fd,
    const struct form_error *errs, size_t nerr, const char *link,
    const struct checkin_round *cr)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	forms_view(def, fd, errs, nerr, v);
	if (link != NULL)
		view_setf(v, "action", "/checkin/answer?r=%s", link);
	else
		view_set(v, "action", "/checkin/answer");
	view_set_flag(v, "unverified", link != NULL);
	if (cr != NULL)
		checkin_round_view(req, cr, v);
	return page_send(req, &p, status, "checkin_form", v);
}

/* What a code or link token becomes: its lookup hash, or a page. */
static int
checkin_key_of(struct request *req, const char *code, const char *link,
    unsigned char *lookup, enum MHD_Result *a)
{
	struct intake *app = intake_of(req);
	char canon[CHECKIN_DIGITS + 1];
	int rc;

	if (app->checkin_key == NULL) {
		*a = checkin_state_page(req, MHD_HTTP_NOT_FOUND, "unknown");
		return -1;
	}
	if (link != NULL) {
		if (checkin_link_lookup(app->checkin_key, link, lookup) == -1) {
			*a = checkin_state_page(req, MHD_HTTP_NOT_FOUND, "unknown");
			return -1;
		}
		return 0;
	}
	rc = checkin_code_parse(code, strlen(code), canon);
	if (rc != CHECKIN_OK) {
		*a = checkin_entry(req, MHD_HTTP_BAD_REQUEST, code,
		    rc == CHECKIN_ECHECK ? "checkin.error.typo" :
		    "checkin.error.format");
		return -1;
	}
	checkin_code_lookup(app->checkin_key, canon, lookup);
	sodium_memzero(canon, sizeof(canon));
	return 0;
}

static unsigned
checkin_state_status(const char *state)
{
	return strcmp(state, "unknown") == 0 ? MHD_HTTP_NOT_FOUND : MHD_HTTP_GONE;
}

enum MHD_Result
checkin_get(struct request *req)
{
	const char *code = http_query(req, "c"), *link = http_query(req, "r");
	unsigned char lookup[CHECKIN_LOOKUPBYTES];
	struct formdata fd = { 0 };
	struct checkin_round cr;
	enum MHD_Result a;

	if (code == NULL && link == NULL)
		return checkin_entry(req, MHD_HTTP_OK, NULL, NULL);
	if (checkin_key_of(req, code, link, lookup, &a) == -1)
		return a;
	/* the status answers "is this a code?": throttled like a spend */
	if (addrlimit_take(intake_limits(req)->checkin,
	    http_client_addr(req)) != ADDRLIMIT_OK)
		return checkin_state_page(req, MHD_HTTP_TOO_MANY_REQUESTS, "busy");
	if (checkin_lookup_status(req, lookup, link != NULL, &cr) == -1)
		return intake_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	if (strcmp(cr.state, "open") != 0)
		return checkin_state_page(req, checkin_state_status(cr.state),
		    cr.state);
	if (link == NULL && formdata_set(&fd, "code", code) != 0)
		return MHD_NO;
	a = checkin_questions(req, MHD_HTTP_OK, link != NULL ?
	    &checkin_form_link : &checkin_form_code, &fd, NULL, 0, link, &cr);
	formdata_free(&fd);
	return a;
}

static int
checkin_spend(struct request *req, const unsigned char *lookup, int link,
    const char *cells, char state[16])
{
	struct intake *app = intake_of(req);
	PGconn *c;
	int rc;

	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	rc = checkin_store_spend(c, lookup, link, cells, state);
	store_release(app->store, c);
	return rc;
}

enum MHD_Result
checkin_answer(struct request *req)
{
	const char *link = http_query(req, "r");
	const struct form_def *def = link != NULL ? &checkin_form_link :
	    &checkin_form_code;
	const char *code = formdata_get(&req->form, "code");
	struct form_error errs[FORM_MAX_ERRORS];
	unsigned char lookup[CHECKIN_LOOKUPBYTES];
	char cells[256], state[16];
	struct assessment as;
	enum MHD_Result a;
	size_t nerr;

	if (req->body_status != 0 || !http_csrf_ok(req)) {
		formdata_set(&req->form, "csrf", "");
		return checkin_questions(req, req->body_status ? req->body_status :
		    MHD_HTTP_FORBIDDEN, def, &req->form, NULL, 0, link, NULL);
	}
	if ((nerr = forms_validate(def, &req->form, errs)) > 0)
		return checkin_questions(req, MHD_HTTP_BAD_REQUEST, def,
		    &req->form, errs, nerr, link, NULL);
	if (checkin_key_of(req, code != NULL ? code : "", link, lookup, &a) == -1)
		return a;
	if (addrlimit_take(intake_limits(req)->checkin,
	    http_client_addr(req)) != ADDRLIMIT_OK)
		return checkin_state_page(req, MHD_HTTP_TOO_MANY_REQUESTS, "busy");
	forms_assess(def, &req->form, &as);
	if (checkin_cells(&req->form, &as, cells, sizeof(cells)) == -1 ||
	    checkin_spend(req, lookup, link != NULL, cells, state) == -1)
		return intake_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	sodium_memzero(cells, sizeof(cells));
	if (strcmp(state, "unknown") == 0 && link == NULL) {
		/* a well-formed code nobody issued: keep the answers, fix the code */
		errs[0].field = "code";
		errs[0].msgid = "checkin.error.unknown";
		return checkin_questions(req, MHD_HTTP_NOT_FOUND, def, &req->form,
		    errs, 1, NULL, NULL);
	}
	if (strcmp(state, "counted") != 0)
		return checkin_state_page(req, checkin_state_status(state), state);
	/* no log line: its time would be finer than the round's dates */
	return checkin_done(req, &as, lookup, link != NULL);
}
