/*
 * The counselor's case page: decrypted report, thread, files, notes and
 * the forms to act on the case. Every view is audited, and so is every
 * view of a revealed identity.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"
#include "server/common/case_view.h"
#include "server/review/case.h"
#include "server/review/events.h"
#include "server/review/locked.h"
#include "server/review/watch.h"
#include "server/common/view.h"

/* Splits "<id>[/<verb>[/<arg>]]" into its parts; 0 if malformed. */
int
review_case_path(const char *tail, char id[DB_ID_TEXT], char verb[REVIEW_VERB_TEXT],
    char arg[DB_ID_TEXT])
{
	const char *s = strchr(tail, '/'), *t;

	verb[0] = arg[0] = '\0';
	if ((s ? (size_t)(s - tail) : strlen(tail)) != DB_ID_TEXT - 1)
		return 0;
	memcpy(id, tail, DB_ID_TEXT - 1);
	id[DB_ID_TEXT - 1] = '\0';
	if (!env_id_valid(id))
		return 0;
	if (s == NULL)
		return 1;
	t = strchr(s + 1, '/');
	if ((t ? (size_t)(t - s - 1) : strlen(s + 1)) >= REVIEW_VERB_TEXT)
		return 0;
	snprintf(verb, REVIEW_VERB_TEXT, "%.*s", (int)(t ? t - s - 1 : (long)strlen(s + 1)), s + 1);
	if (t != NULL && strlen(t + 1) != DB_ID_TEXT - 1)
		return 0;
	if (t != NULL)
		memcpy(arg, t + 1, DB_ID_TEXT);
	return 1;
}

struct note_ctx {
	const unsigned char	*nk;
	const char		*case_id;
	struct view		*v;
};

static void
case_note(void *arg, const struct db_note *n)
{
	struct note_ctx *x = arg;
	unsigned char *plain;
	struct view *nv;
	size_t len;

	if (env_record_open(x->nk, x->case_id, "note", n->id, n->body, n->len,
	    &plain, &len) != ENV_OK)
		return;
	nv = view_add(x->v, "notes");
	view_set(nv, "author", n->author);
	view_set(nv, "date", n->date);
	view_set(nv, "text", (const char *)plain);
	env_secret_free(plain);
}

static int
case_notes(struct review *app, const struct review_user *u,
    const unsigned char *sk, const char *case_id, struct view *v)
{
	struct note_ctx x = { NULL, case_id, v };
	unsigned char *nk;
	int rc;

	if ((rc = review_note_key(app, u, sk, case_id, &nk)) != 1)
		return rc;
	x.nk = nk;
	rc = db_notes(app->store, case_id, case_note, &x);
	env_secret_free(nk);
	return rc;
}

static int
case_history(struct review *app, const char *case_id, struct view *v)
{
	struct db_event *ev = calloc(REVIEW_HISTORY_MAX, sizeof(*ev));
	struct view *h;
	int i, n;

	if (ev == NULL)
		return REVIEW_EFAIL;
	n = db_history(app->store, case_id, ev, REVIEW_HISTORY_MAX);
	for (i = 0; i < n; i++) {
		h = view_add(v, "history");
		review_event_view(h, &ev[i]);
	}
	free(ev);
	return n < 0 ? REVIEW_EFAIL : 0;
}

/* 1 when the array literal {a,b} holds label. */
static int
label_has(const char *arr, const char *label)
{
	size_t n = strlen(label);
	const char *p = arr;

	while ((p = strstr(p, label)) != NULL) {
		if (p > arr && (p[-1] == '{' || p[-1] == ',') &&
		    (p[n] == '}' || p[n] == ','))
			return 1;
		p += n;
	}
	return 0;
}

static void
case_meta_view(const struct review_case *rc, struct view *v)
{
	struct view *o;
	size_t i;

	view_set(v, "case_id", rc->id);
	view_setf(v, "channel", "channel.%s", rc->channel);
	if (rc->category[0] != '\0')
		view_setf(v, "category", "o.category.%s", rc->category);
	view_setf(v, "status", "status.%s", rc->status);
	view_setf(v, "priority", "r.priority.%s", rc->priority);
	view_set(v, "assignee", rc->assignee);
	view_set(v, "created", rc->created);
	view_set(v, "ack_due", rc->ack_due);
	view_set(v, "response_due", rc->response_due);
	view_set(v, "feedback_due", rc->feedback_due);
	if (rc->form[0] != '\0')
		view_setf(v, "form", "r.form.%s", rc->form);
	/* asked on the harassment forms only; older cases have no answer */
	if (strcmp(rc->channel, "harassment") == 0)
		view_setf(v, "record_consent", "r.record_consent.%s",
		    rc->record_consent[0] != '\0' ? rc->record_consent : "none");
	review_choices(v, "statuses", vocab_statuses, "status.", rc->status);
	review_choices(v, "priorities", vocab_priorities, "r.priority.",
	    rc->priority);
	review_choices(v, "outcomes", vocab_outcomes, "r.outcome.", NULL);
	for (i = 0; vocab_labels[i] != NULL; i++) {
		o = view_add(v, "labels");
		view_set(o, "value", vocab_labels[i]);
		view_setf(o, "label", "r.label.%s", vocab_labels[i]);
		view_set_flag(o, "checked", label_has(rc->labels, vocab_labels[i]));
	}
}

/* Everything the page and the export show, into v. */
int
review_case_fill(struct review *app, const struct review_user *u,
    const unsigned char *sk, const struct review_case *rc, struct view *v,
    int *identity_seen)
{
	struct case_view *cv = calloc(1, sizeof(*cv));
	char href[64];
	int ok;

	if (cv == NULL)
		return REVIEW_EFAIL;
	snprintf(href, sizeof(href), "/c/%s/file/", rc->id);
	cv->k = rc->k;
	cv->case_id = rc->id;
	cv->v = v;
	cv->href = href;
	cv->show_identity = 1;
	ok = db_case_rows(app->store, rc->id, case_view_file, case_view_record,
	    cv) == 0;
	free(cv);
	if (!ok)
		return REVIEW_EFAIL;
	case_meta_view(rc, v);
	if (review_watch_view(app, rc, v) == REVIEW_EFAIL ||
	    case_notes(app, u, sk, rc->id, v) == REVIEW_EFAIL ||
	    case_history(app, rc->id, v) == REVIEW_EFAIL)
		return REVIEW_EFAIL;
	*identity_seen = view_lookup_flag(v, "identity_revealed");
	return 0;
}

/*
 * The views are audited before anything decrypted leaves: if the audit
 * entries cannot be committed, the page is thrown away unsent.
 */
static int
case_page_audit(struct review *app, const struct review_user *u,
    const char *case_id, int identity_seen)
{
	const struct db_audit_entry e[2] = {
		{ "case.view", NULL }, { "identity.view", NULL }
	};

	return db_audit_many(app->store, u->username, case_id, e,
	    identity_seen ? 2 : 1);
}

static enum MHD_Result
case_page(struct request *req)
{
	struct review *app = review_of(req);
	struct review_ctx *x = review_ctx(req);
	struct page_ctx p = review_page(req);
	struct view *v;
	int seen = 0, rc_fill;

	if ((v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "title", "r.case.title");
	review_nav(v, &x->u);
	if (http_query(req, "done") != NULL)
		view_set(v, "notice", "r.case.saved");
	/* reopenings by reporters' answers reach the history first */
	rc_fill = db_watch_audit(app->store);
	if (rc_fill == 0)
		rc_fill = review_case_fill(app, &x->u, req->session.k, &x->rc, v,
		    &seen);
	/* colleagues asking for this case, to grant with one button */
	if (rc_fill == 0)
		rc_fill = review_requests_view(app, &x->u, x->id, v);
	if (rc_fill == 0)
		rc_fill = case_page_audit(app, &x->u, x->id, seen);
	if (rc_fill != 0) {
		view_free(v);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	return page_send(req, &p, MHD_HTTP_OK, "r_case", v);
}

static int
file_sink(void *arg, const unsigned char *p, size_t n)
{
	return buf_append(arg, p, n);
}

/* One attachment decrypted into out; its name into name. */
int
review_case_file(struct review *app, const struct review_case *rc,
    const char *att, struct buf *out, char *name, size_t namelen)
{
	unsigned char *meta = NULL, *stream = NULL, *m;
	size_t mlen, slen, n;
	uint64_t size;
	int ok = 0;

	if (db_attachment(app->store, rc->id, att, &meta, &mlen, &stream,
	    &slen) != 1)
		return REVIEW_EFAIL;
	if (env_record_open(rc->k, rc->id, "attachment", att, meta, mlen, &m,
	    &n) == ENV_OK) {
		out->max = ATT_MAX_PLAIN + 1;
		ok = upload_meta_parse(m, n, name, namelen, &size) == 0 &&
		    att_decrypt(rc->k, rc->id, att, stream, slen, size, file_sink,
		    out) == ENV_OK;
		env_secret_free(m);
	}
	free(meta);
	free(stream);
	return ok ? 0 : REVIEW_EFAIL;
}

/* The file goes out only after its audit entry is committed. */
static enum MHD_Result
case_download(struct request *req, const char *att)
{
	char name[UPLOAD_NAME_MAX + 1], disp[UPLOAD_NAME_MAX * 3 + 80];
	struct review *app = review_of(req);
	struct review_ctx *x = review_ctx(req);
	struct buf out = { 0 };
	size_t len;
	int found, audited = 0;

	found = review_case_file(app, &x->rc, att, &out, name, sizeof(name)) == 0;
	if (found)
		audited = db_audit(app->store, x->u.username, "case.file", x->id,
		    att) == REVIEW_OK;
	if (!found || !audited) {
		buf_free(&out);
		return review_error(req, found ? MHD_HTTP_SERVICE_UNAVAILABLE :
		    MHD_HTTP_NOT_FOUND);
	}
	http_disposition(name, disp, sizeof(disp));
	len = out.len;
	return http_send(req, MHD_HTTP_OK, "application/octet-stream",
	    buf_steal(&out, NULL), len, disp);
}

/*
 * Before a reply's body arrives: its files are encrypted as they stream
 * in, so the case key must be open first. Without access there is no key
 * and any file is dropped; the handler then answers 403.
 */
enum MHD_Result
review_case_prepare(struct request *req)
{
	char id[DB_ID_TEXT], verb[REVIEW_VERB_TEXT], arg[DB_ID_TEXT];
	struct review_user u;
	struct review_case rc;

	review_session_prepare(req);
	if (!review_case_path(req->tail, id, verb, arg) ||
	    strcmp(verb, "reply") != 0 || review_current(req, &u) != 1)
		return MHD_YES;
	if (review_case_open(review_of(req), &u, req->session.k, id, &rc) == 1) {
		req->k = rc.k;		/* freed with the request */
		memcpy(req->case_id, id, sizeof(req->case_id));
	}
	return MHD_YES;
}

/* The case is open already (RA_CASE): which view of it. */
enum MHD_Result
review_case_get(struct request *req)
{
	struct review_ctx *x = review_ctx(req);

	if (x->verb[0] == '\0' && x->arg[0] == '\0')
		return case_page(req);
	if (strcmp(x->verb, "file") == 0 && env_id_valid(x->arg))
		return case_download(req, x->arg);
	if (strcmp(x->verb, "export") == 0 && x->arg[0] == '\0')
		return review_case_export(req);
	return review_error(req, MHD_HTTP_NOT_FOUND);
}
