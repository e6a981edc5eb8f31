/*
 * After a check-in: the result, crisis lines first when the answers say
 * so, and the way on to an ordinary mental-health consultation. What the
 * person agrees to share is carried in their own form (hidden fields of
 * the answers they just gave) to the consultation form, pre-filled; the
 * server keeps nothing in between, and the case is made by the ordinary
 * /report path, so its receipt, thread and sealing are those of any case.
 */
#include <stdio.h>
#include <string.h>

#include "server/common/filing.h"
#include "server/intake/checkin.h"

/* The answers that may travel on to a consultation. */
static const char *const checkin_carried[] = {
	"k6_1", "k6_2", "k6_3", "k6_4", "k6_5", "k6_6", "selfharm",
	"ci_sleep", "ci_overtime", "ci_talk", NULL
};
static const char *const checkin_health[] = {
	"k6_1", "k6_2", "k6_3", "k6_4", "k6_5", "k6_6", "selfharm", NULL
};

enum MHD_Result
checkin_done(struct request *req, const struct assessment *as,
    const unsigned char *lookup, int link)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new(), *h;
	struct checkin_round cr;
	const char *val;
	size_t i;

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "checkin.done.title");
	view_set_flag(v, "crisis", as->urgent);
	view_set_flag(v, "doctor", !as->urgent && as->show_crisis);
	view_set_flag(v, "wants_counselor",
	    formdata_has(&req->form, "ci_counselor", "yes"));
	if (as->k6_score >= 0) {
		view_setf(v, "k6_score", "%d", as->k6_score);
		view_set(v, "k6_band", as->k6_band);
		view_set_flag(v, "k6_estimated", as->k6_estimated);
	} else if (as->k6_answered > 0)
		view_set_flag(v, "k6_partial", 1);
	for (i = 0; checkin_carried[i] != NULL; i++)
		if ((val = formdata_get(&req->form, checkin_carried[i])) != NULL &&
		    val[0] != '\0' && (h = view_add(v, "carry")) != NULL) {
			view_set(h, "name", checkin_carried[i]);
			view_set(h, "value", val);
		}
	if (checkin_lookup_status(req, lookup, link, &cr) == 0 &&
	    cr.name_ja[0] != '\0')
		view_setf(v, "cohort", "%s %s", req->lang == LANG_EN ?
		    cr.name_en : cr.name_ja, cr.label);
	return page_send(req, &p, MHD_HTTP_OK, "checkin_done", v);
}

/* The carried answers, checked by the check-in's own table. */
static int
checkin_carry_in(const struct formdata *in, struct formdata *out)
{
	struct form_error errs[FORM_MAX_ERRORS];
	const char *v;
	size_t i;

	for (i = 0; checkin_carried[i] != NULL; i++)
		if ((v = formdata_get(in, checkin_carried[i])) != NULL &&
		    formdata_set(out, checkin_carried[i], v) == -1)
			return -1;
	return forms_validate(&checkin_form_link, out, errs) == 0 ? 0 : -1;
}

/* "label: answer" for one carried work question, in the page's language. */
static void
checkin_work_line(struct request *req, const struct page_ctx *p,
    const struct formdata *carried, const char *name, const char *set,
    struct buf *b)
{
	const char *v = formdata_get(carried, name);
	char label[64], opt[64];

	if (v == NULL || v[0] == '\0')
		return;
	snprintf(label, sizeof(label), "f.%s", name);
	snprintf(opt, sizeof(opt), "o.%s.%s", set, v);
	buf_printf(b, "%s: %s\n", page_msg(req, p, label), page_msg(req, p, opt));
}

static int
checkin_prefill(struct request *req, const struct page_ctx *p,
    const struct formdata *carried, struct formdata *fd)
{
	const char *cohort = formdata_get(&req->form, "cohort"), *v;
	struct buf work = { 0 };
	size_t i;
	int rc = 0;

	if (formdata_has(&req->form, "share_health", "yes"))
		for (i = 0; checkin_health[i] != NULL; i++)
			if ((v = formdata_get(carried, checkin_health[i])) != NULL)
				rc |= formdata_set(fd, checkin_health[i], v);
	if (formdata_has(&req->form, "share_work", "yes")) {
		checkin_work_line(req, p, carried, "ci_sleep", "ci_sleep", &work);
		checkin_work_line(req, p, carried, "ci_overtime", "ci_overtime", &work);
		checkin_work_line(req, p, carried, "ci_talk", "yn", &work);
		if (work.len > 0)
			rc |= formdata_set(fd, "work_effect", work.data);
	}
	buf_free(&work);
	/* the cohort only when asked for, and never more than a line */
	if (formdata_has(&req->form, "share_cohort", "yes") && cohort != NULL &&
	    cohort[0] != '\0' && strlen(cohort) <= CHECKIN_COHORT_MAX) {
		buf_printf(&work, "%s %s\n", page_msg(req, p, "checkin.talk.from"),
		    cohort);
		rc |= formdata_set(fd, "worry", work.data);
		buf_free(&work);
	}
	return rc == 0 ? 0 : -1;
}

enum MHD_Result
checkin_talk(struct request *req)
{
	const struct form_def *def = forms_find("wellbeing-self");
	struct page_ctx p = intake_page(req);
	struct formdata carried = { 0 }, fd = { 0 };
	char tok[FILING_TOKEN_TEXT];
	struct view *v;
	int rc;

	if (req->body_status != 0)
		return intake_error(req, req->body_status);
	if (!http_csrf_ok(req))
		return intake_error(req, MHD_HTTP_FORBIDDEN);
	if (def == NULL || (v = view_new()) == NULL)
		return MHD_NO;
	rc = checkin_carry_in(&req->form, &carried);
	if (rc == 0)
		rc = checkin_prefill(req, &p, &carried, &fd);
	formdata_free(&carried);
	if (rc == -1) {
		formdata_free(&fd);
		view_free(v);
		return intake_error(req, MHD_HTTP_BAD_REQUEST);
	}
	forms_view(def, &fd, NULL, 0, v);
	formdata_free(&fd);
	/* the consultation form files once, like every report form */
	if (filing_token_new(intake_of(req)->filings, req->csrf_nonce, tok) == 0)
		view_set(v, "form_token", tok);
	view_set(v, "action", "/report/wellbeing-self");
	view_setf(v, "max_upload_mb", "%zu",
	    intake_of(req)->cfg->max_upload / (1024 * 1024));
	return page_send(req, &p, MHD_HTTP_OK, "form", v);
}
