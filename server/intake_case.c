/*
 * The reporter's case page: status, their report, the thread with the
 * counselors and the files, all decrypted with the session's key for this
 * response only; and the reply and identity forms.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/forms.h"
#include "server/intake.h"
#include "server/log.h"
#include "server/page.h"

#define CASE_MAX_FILES	256	/* files listed on one page */

struct case_file {
	char		id[33];
	char		record_id[33];
	char		name[UPLOAD_NAME_MAX + 1];
	uint64_t	size;
};

struct case_render {
	struct request		*req;
	struct view		*v;
	struct case_file	 files[CASE_MAX_FILES];
	size_t			 nfiles;
	int			 bad;	/* a record did not open */
};

static int
case_collect_file(void *arg, const struct store_row *row)
{
	struct case_render *cr = arg;
	struct case_file *f;
	unsigned char *meta;
	size_t mlen;

	if (cr->nfiles >= CASE_MAX_FILES)
		return 0;
	f = &cr->files[cr->nfiles];
	if (env_record_open(cr->req->session.k, cr->req->case_id, "attachment",
	    row->id, row->body, row->len, &meta, &mlen) != ENV_OK) {
		cr->bad = 1;
		return 0;
	}
	if (upload_meta_parse(meta, mlen, f->name, sizeof(f->name),
	    &f->size) == 0) {
		memcpy(f->id, row->id, sizeof(f->id));
		memcpy(f->record_id, row->record_id, sizeof(f->record_id));
		cr->nfiles++;
	}
	env_secret_free(meta);
	return 0;
}

static void
case_add_files(struct case_render *cr, const char *record_id, struct view *v,
    const char *key)
{
	struct view *a;
	size_t i;

	for (i = 0; i < cr->nfiles; i++) {
		if (strcmp(cr->files[i].record_id, record_id) != 0 ||
		    (a = view_add(v, key)) == NULL)
			continue;
		view_setf(a, "href", "/case/file/%s", cr->files[i].id);
		view_set(a, "name", cr->files[i].name);
		view_setf(a, "size", "%" PRIu64 " KB",
		    (cr->files[i].size + 1023) / 1024);
	}
}

static void
case_add_record(struct case_render *cr, const struct store_row *row,
    const unsigned char *plain, size_t len)
{
	struct view *m;

	if (strcmp(row->kind, "report") == 0) {
		forms_record_view((const char *)plain, len, cr->v, "report");
		case_add_files(cr, row->id, cr->v, "report_attachments");
	} else if (strcmp(row->kind, "identity") == 0) {
		view_set_flag(cr->v, "identity_revealed", 1);
	} else if ((m = view_add(cr->v, "messages")) != NULL) {
		view_set_flag(m, strcmp(row->author, "reporter") == 0 ?
		    "from_reporter" : "from_counselor", 1);
		view_set(m, "date", row->created);
		view_set(m, "text", (const char *)plain);
		case_add_files(cr, row->id, m, "attachments");
	}
}

static int
case_record(void *arg, const struct store_row *row)
{
	struct case_render *cr = arg;
	unsigned char *plain;
	size_t len;

	if (env_record_open(cr->req->session.k, cr->req->case_id, row->kind,
	    row->id, row->body, row->len, &plain, &len) != ENV_OK) {
		cr->bad = 1;
		log_warnx("case %s: record %s does not open", cr->req->case_id,
		    row->id);
		return 0;
	}
	case_add_record(cr, row, plain, len);
	env_secret_free(plain);
	return 0;
}

/* Case metadata and the decrypted thread into cr->v; -1 on database error. */
static int
case_load(struct case_render *cr)
{
	struct intake *app = intake_of(cr->req);
	const unsigned char *lookup = cr->req->session.lookup;
	struct store_case sc;
	PGconn *c;
	int rc = -1;

	if ((c = store_acquire(app->store)) == NULL)
		return -1;
	if (store_case_open(c, lookup, &sc) == 1 &&
	    store_attachments(c, lookup, case_collect_file, cr) == 0 &&
	    store_thread(c, lookup, case_record, cr) == 0)
		rc = 0;
	store_release(app->store, c);
	if (rc == 0) {
		view_setf(cr->v, "status", "status.%s", sc.status);
		view_setf(cr->v, "channel", "channel.%s", sc.channel);
		view_set(cr->v, "created", sc.created);
	}
	return rc;
}

/* The page; on a failed reply, with the error and the text kept. */
static enum MHD_Result
case_render(struct request *req, unsigned status, const char *reply_error)
{
	struct page_ctx p = intake_page(req);
	struct case_render *cr;
	enum MHD_Result r;
	const char *typed = formdata_get(&req->form, "message");

	if ((cr = calloc(1, sizeof(*cr))) == NULL)
		return MHD_NO;
	cr->req = req;
	if ((cr->v = view_new()) == NULL) {
		free(cr);
		return MHD_NO;
	}
	view_set(cr->v, "title", "case.title");
	view_setf(cr->v, "max_upload_mb", "%zu",
	    intake_of(req)->cfg->max_upload / (1024 * 1024));
	if (case_load(cr) == -1 && status == MHD_HTTP_OK) {
		status = MHD_HTTP_SERVICE_UNAVAILABLE;
		reply_error = "error.503";
	}
	if (reply_error != NULL)
		view_set(cr->v, "reply_error", reply_error);
	if (typed != NULL)
		view_set(cr->v, "reply_text", typed);
	if (http_query(req, "sent") != NULL)
		view_set(cr->v, "notice", "reply.sent");
	if (http_query(req, "identity") != NULL)
		view_set(cr->v, "notice", "identity.sent");
	r = page_send(req, &p, status, "case", cr->v);
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

/* Seals and appends one reporter record with the request's files. */
static int
case_append(struct request *req, const char *kind, const unsigned char *plain,
    size_t len)
{
	struct intake *app = intake_of(req);
	struct store_attachment atts[UPLOAD_MAX_FILES];
	struct store_record rec;
	size_t n = 0;
	PGconn *c;
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
	rc = -1;
	if ((c = store_acquire(app->store)) != NULL) {
		rc = store_append(c, req->session.lookup, &rec, atts, n);
		store_release(app->store, c);
	}
	free(rec.body);
	return rc;
}

/* The common gate of the two posts: session, body, CSRF. */
static enum MHD_Result
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
		return case_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	log_info("reporter replied");
	return http_redirect(req, "/case?sent=1");
}

enum MHD_Result
case_identity(struct request *req)
{
	const char *name = formdata_get(&req->form, "name");
	const char *contact = formdata_get(&req->form, "contact");
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
	buf_append(&rec, "form\0reveal\0name", 17);
	buf_append(&rec, name, strlen(name) + 1);
	buf_append(&rec, "contact", 8);
	buf_append(&rec, contact, strlen(contact) + 1);
	rc = rec.failed ? -1 : case_append(req, "identity",
	    (unsigned char *)rec.data, rec.len);
	buf_free(&rec);
	if (rc != 1)
		return case_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	log_info("reporter revealed identity");
	return http_redirect(req, "/case?identity=1");
}
