/*
 * Filing a report: the form, and the submission that seals it. The receipt
 * is shown only after the database has committed every part of the case;
 * any failure re-renders the form with everything the person typed.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "server/common/forms.h"
#include "server/intake/intake.h"
#include "server/common/log.h"
#include "server/common/page.h"
#include "server/common/quota.h"
#include "server/common/vocab.h"

/* Everything a new case is made of, owned here until it is stored. */
struct sealing {
	struct store_new_case	 nc;
	struct store_key	 keys[INTAKE_MAX_RECIPIENTS + 1];
	char			 counselor_ids[INTAKE_MAX_RECIPIENTS][33];
	struct store_record	 recs[2];
	struct store_attachment	 atts[UPLOAD_MAX_FILES];
	char			 receipt[RECEIPT_DIGITS + 1];
	struct deadlines	 due;
};

/* The posted form token while it is good, else a fresh one. */
void
report_view_common(struct request *req, const struct form_def *def,
    struct view *v)
{
	struct filings *f = intake_of(req)->filings;
	const char *posted = formdata_get(&req->form, "form_token");
	char tok[FILING_TOKEN_TEXT];

	if (posted != NULL && filing_token_ok(f, req->csrf_nonce, posted))
		view_set(v, "form_token", posted);
	else if (filing_token_new(f, req->csrf_nonce, tok) == 0)
		view_set(v, "form_token", tok);
	view_setf(v, "action", "/report/%s", def->slug);
	/* the header's language link goes to the form's own switch */
	view_set(v, "lang_switch_href", "#switch-lang");
	intake_limits_view(req, v);
}

/* The form again, with what was typed and why it did not go through. */
static enum MHD_Result
report_rerender(struct request *req, const struct form_def *def,
    unsigned status, const struct form_error *errs, size_t nerr,
    const char *msgid)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new(), *e;

	if (v == NULL)
		return MHD_NO;
	formdata_set(&req->form, "csrf", "");
	forms_view(def, &req->form, errs, nerr, v);
	report_view_common(req, def, v);
	if (msgid != NULL && (e = view_add(v, "errors")) != NULL) {
		view_set(e, "msgid", msgid);
		view_set_flag(v, "has_errors", 1);
	}
	if (msgid != NULL && req->uploads.n > 0 &&
	    strcmp(msgid, "form.files_again") != 0 &&
	    (e = view_add(v, "errors")) != NULL)
		view_set(e, "msgid", "form.files_again");
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE ||
	    status == MHD_HTTP_TOO_MANY_REQUESTS)
		http_retry_after(req, KDF_GATE_RETRY_AFTER);
	return page_send(req, &p, status, "form", v);
}

enum MHD_Result
report_prepare(struct request *req)
{
	if (forms_find(req->tail) == NULL)
		return intake_error(req, MHD_HTTP_NOT_FOUND);
	if (strcmp(req->method, "POST") != 0)
		return MHD_YES;
	/* files are encrypted as they arrive, so the key exists first */
	env_random_id(req->case_id);
	if ((req->k = env_key_new()) == NULL)
		return intake_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	return MHD_YES;
}

enum MHD_Result
report_form(struct request *req)
{
	const struct form_def *def = forms_find(req->tail);
	struct page_ctx p = intake_page(req);
	struct formdata empty = { 0 };
	struct view *v;

	if (def == NULL)
		return intake_error(req, MHD_HTTP_NOT_FOUND);
	if ((v = view_new()) == NULL)
		return MHD_NO;
	forms_view(def, &empty, NULL, 0, v);
	report_view_common(req, def, v);
	return page_send(req, &p, MHD_HTTP_OK, "form", v);
}

static int
seal_record(struct request *req, const struct form_def *def, int identity,
    const char *kind, struct store_record *rec)
{
	struct buf plain = { 0 };
	int rc;

	env_random_id(rec->id);
	rec->kind = kind;
	if (forms_record(def, &req->form, identity, &plain) == -1) {
		buf_free(&plain);
		return -1;
	}
	rc = env_record_seal(req->k, req->case_id, kind, rec->id,
	    (unsigned char *)plain.data, plain.len, &rec->body, &rec->len);
	buf_free(&plain);
	return rc == ENV_OK ? 0 : -1;
}

static int
has_identity(const struct form_def *def, const struct formdata *fd)
{
	const struct field *f;
	const char *v;

	for (f = def->fields; f->name != NULL; f++)
		if ((f->flags & FIELD_IDENTITY) &&
		    (v = formdata_get(fd, f->name)) != NULL && v[0] != '\0')
			return 1;
	return 0;
}

/* K sealed to the reporter's receipt-derived key. */
static int
seal_for_reporter(struct request *req, struct sealing *s)
{
	unsigned char pk[ENV_PKBYTES];
	int rc;

	receipt_new(s->receipt);
	receipt_lookup(intake_of(req)->lookup_key, s->receipt, s->nc.lookup);
	if ((rc = reporter_key_new(intake_of(req), s->receipt, &s->nc, pk)) !=
	    RKEY_OK)
		return rc;
	s->keys[0].holder = "reporter";
	s->nc.nkeys = 1;
	return env_key_seal(req->k, pk, s->keys[0].sealed) == ENV_OK ? 0 : -1;
}

static int
seal_for_recipients(struct request *req, PGconn *c, const char *channel,
    struct sealing *s)
{
	struct store_recipient r[INTAKE_MAX_RECIPIENTS];
	struct store_key *k;
	int i, n;

	if ((n = store_recipients(c, channel, r, INTAKE_MAX_RECIPIENTS)) < 0)
		return -1;
	for (i = 0; i < n; i++) {
		k = &s->keys[s->nc.nkeys++];
		k->holder = strcmp(r[i].holder, "recovery") == 0 ?
		    "recovery" : "counselor";
		if (k->holder[0] == 'c') {
			memcpy(s->counselor_ids[i], r[i].counselor_id, 33);
			k->counselor_id = s->counselor_ids[i];
		}
		if (env_key_seal(req->k, r[i].pk, k->sealed) != ENV_OK)
			return -1;
	}
	return 0;
}

/* 0, -1, or RKEY_BUSY when Argon2id (if configured) found no slot. */
static int
seal_parts(struct request *req, const struct form_def *def,
    const struct assessment *a, struct sealing *s)
{
	int rc;

	memcpy(s->nc.id, req->case_id, sizeof(s->nc.id));
	s->nc.channel = def->channel;
	s->nc.category = forms_clear_category(def, &req->form);
	s->nc.form = def->slug;
	s->nc.record_consent = forms_clear_value(def, &req->form,
	    "consent_record");
	s->nc.priority = a->urgent ? VOCAB_PRIORITY_URGENT : VOCAB_PRIORITY_NORMAL;
	if (deadlines_for(&intake_of(req)->cal, intake_of(req)->cfg, a->urgent,
	    time(NULL), &s->due) == -1)
		return -1;
	s->nc.ack_due = s->due.ack;
	s->nc.response_due = s->due.response;
	s->nc.feedback_due = s->due.feedback;
	s->nc.keys = s->keys;
	s->nc.records = s->recs;
	s->nc.atts = s->atts;
	if ((rc = seal_for_reporter(req, s)) != 0)
		return rc;
	if (seal_record(req, def, 0, "report", &s->recs[0]) == -1)
		return -1;
	s->nc.nrecords = 1;
	if (has_identity(def, &req->form)) {
		if (seal_record(req, def, 1, "identity", &s->recs[1]) == -1)
			return -1;
		s->nc.nrecords = 2;
	}
	if (upload_finish(&req->uploads, req->k, req->case_id) != UPLOAD_OK)
		return -1;
	s->nc.natts = upload_to_store(&req->uploads, s->recs[0].id, s->atts,
	    UPLOAD_MAX_FILES);
	return 0;
}

/* A new case holds nothing yet: its own files must fit the case quota. */
static int
report_fits(struct request *req)
{
	const struct config *cfg = intake_of(req)->cfg;
	struct case_quota q = { cfg->case_max_bytes, cfg->case_max_files };
	uint64_t files, bytes;

	quota_of_uploads(&req->uploads, &files, &bytes);
	return quota_fits(&q, 0, 0, files, bytes);
}

/* 0 stored; -1 failed, -2 busy, -3 the files are more than a case holds. */
static int
report_store(struct request *req, const struct form_def *def,
    const struct assessment *a, struct sealing *s)
{
	struct intake *app = intake_of(req);
	PGconn *c;
	int rc;

	/* the files' stored sizes are known once sealed */
	if ((rc = seal_parts(req, def, a, s)) != 0)
		return rc;
	if (!report_fits(req))
		return -3;
	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	rc = seal_for_recipients(req, c, def->channel, s);
	if (rc == 0)
		rc = store_case_insert(c, &s->nc);
	store_release(app->store, c);
	/* no log line per filing: journald would time-stamp each one */
	return rc;
}

static void
sealing_free(struct sealing *s)
{
	size_t i;

	for (i = 0; i < 2; i++)
		free(s->recs[i].body);
	sodium_memzero(s->receipt, sizeof(s->receipt));
}

/*
 * Redirects to the receipt page, which shows the receipt from memory; when
 * none can be held the receipt is shown right here, never lost.
 */
static enum MHD_Result
report_filed(struct request *req, const struct form_def *def,
    const struct assessment *a, const char *canon, const char *token)
{
	struct filing_receipt r;
	char loc[32 + FILING_TOKEN_TEXT];
	enum MHD_Result rc;

	memset(&r, 0, sizeof(r));
	memcpy(r.code, canon, sizeof(r.code));
	r.crisis = a->show_crisis;
	r.urgent = a->urgent;
	r.k6_score = a->k6_score;
	r.k6_band = a->k6_band;
	r.k6_estimated = a->k6_estimated;
	r.k6_answered = a->k6_answered;
	/* honest about who can act: without a contact, only the reporter */
	r.no_contact = !has_identity(def, &req->form);
	r.routes = strcmp(def->channel, "harassment") == 0;
	if (filing_done(intake_of(req)->filings, token, &r) == 0) {
		snprintf(loc, sizeof(loc), "/receipt?t=%s", token);
		rc = http_redirect(req, loc);
	} else
		rc = receipt_send(req, &r, token, 0);
	sodium_memzero(&r, sizeof(r));
	return rc;
}

/* A second POST of a form that filed (or is filing) files nothing new. */
static enum MHD_Result
report_again(struct request *req, const char *token)
{
	char loc[32 + FILING_TOKEN_TEXT];

	snprintf(loc, sizeof(loc), "/receipt?t=%s", token);
	return http_redirect(req, loc);
}

/*
 * The language switch inside a form: the same form in the other language
 * with everything typed (files must be chosen again); nothing is filed.
 */
static enum MHD_Result
report_switch_lang(struct request *req, const struct form_def *def,
    const char *code)
{
	if (strcmp(code, "ja") != 0 && strcmp(code, "en") != 0)
		return report_rerender(req, def, MHD_HTTP_BAD_REQUEST, NULL, 0,
		    "error.400");
	req->lang = lang_from_code(code);
	http_set_cookie(req, HTTP_LANG_COOKIE, code, INTAKE_LANG_COOKIE_AGE);
	return report_rerender(req, def, MHD_HTTP_OK, NULL, 0,
	    req->uploads.n > 0 ? "form.files_again" : NULL);
}

enum MHD_Result
report_submit(struct request *req)
{
	const struct form_def *def = forms_find(req->tail);
	struct form_error errs[FORM_MAX_ERRORS];
	struct assessment a;
	struct sealing s;
	const char *token, *lang;
	enum MHD_Result r;
	size_t nerr;
	int rc;

	if (req->body_status != 0)
		return report_rerender(req, def, req->body_status, NULL, 0,
		    req->body_status == MHD_HTTP_CONTENT_TOO_LARGE ?
		    "error.413" : "error.400");
	if (req->csrf_checked < 0 || !http_csrf_ok(req))
		return report_rerender(req, def, MHD_HTTP_FORBIDDEN, NULL, 0,
		    "error.csrf");
	if ((lang = formdata_get(&req->form, "lang_to")) != NULL)
		return report_switch_lang(req, def, lang);
	/* "change" on the review page: the form again, nothing filed */
	if (formdata_get(&req->form, "change") != NULL)
		return report_rerender(req, def, MHD_HTTP_OK, NULL, 0,
		    req->uploads.n > 0 ? "form.files_again" : NULL);
	if ((nerr = forms_validate(def, &req->form, errs)) > 0)
		return report_rerender(req, def, MHD_HTTP_BAD_REQUEST, errs,
		    nerr, NULL);
	/* before the filing budget and the token: a review files nothing */
	if (formdata_get(&req->form, "review") != NULL)
		return report_review(req, def);
	/* counted once the form is valid, so a typo costs nothing */
	if (addrlimit_take(intake_limits(req)->report, http_client_addr(req)) !=
	    ADDRLIMIT_OK)
		return report_rerender(req, def, MHD_HTTP_TOO_MANY_REQUESTS,
		    NULL, 0, "error.429");
	token = formdata_get(&req->form, "form_token");
	switch (filing_claim(intake_of(req)->filings, req->csrf_nonce, token)) {
	case FILING_BAD:
		return report_rerender(req, def, MHD_HTTP_BAD_REQUEST, NULL, 0,
		    "form.token_old");
	case FILING_PENDING:
	case FILING_DONE:
		return report_again(req, token);
	case FILING_NEW:
		break;
	}
	forms_assess(def, &req->form, &a);
	memset(&s, 0, sizeof(s));
	if ((rc = report_store(req, def, &a, &s)) != 0) {
		filing_release(intake_of(req)->filings, token);
		sealing_free(&s);
		if (rc == -3)
			return report_rerender(req, def,
			    MHD_HTTP_CONTENT_TOO_LARGE, NULL, 0,
			    "form.error.case_full");
		return report_rerender(req, def, MHD_HTTP_SERVICE_UNAVAILABLE,
		    NULL, 0, "error.503");
	}
	r = report_filed(req, def, &a, s.receipt, token);
	sealing_free(&s);
	return r;
}
