/*
 * Downloading a file of one's own case: decrypted on the fly into memory
 * that is wiped after sending, and always offered as a download, never
 * rendered, so a crafted file cannot run in this origin.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/attachment.h"
#include "crypto/envelope.h"
#include "server/intake/intake.h"
#include "server/common/log.h"
#include "server/common/upload.h"

static int
file_sink(void *arg, const unsigned char *p, size_t n)
{
	return buf_append(arg, p, n);
}

static int
file_open(struct request *req, const unsigned char *meta, size_t mlen,
    const unsigned char *stream, size_t slen, struct buf *out, char *name,
    size_t namelen)
{
	unsigned char *m;
	size_t n;
	uint64_t size;
	int rc;

	if (env_record_open(req->session.k, req->case_id, "attachment",
	    req->tail, meta, mlen, &m, &n) != ENV_OK)
		return -1;
	rc = upload_meta_parse(m, n, name, namelen, &size);
	env_secret_free(m);
	if (rc == -1)
		return -1;
	out->max = ATT_MAX_PLAIN + 1;
	return att_decrypt(req->session.k, req->case_id, req->tail, stream,
	    slen, size, file_sink, out) == ENV_OK ? 0 : -1;
}

enum MHD_Result
case_file(struct request *req)
{
	struct intake *app = intake_of(req);
	unsigned char *meta = NULL, *stream = NULL;
	char name[UPLOAD_NAME_MAX + 1], disp[UPLOAD_NAME_MAX * 3 + 80];
	struct buf out = { 0 };
	size_t mlen, slen, len;
	PGconn *c;
	int rc = -1;

	if (req->session.k == NULL)
		return http_redirect(req, "/followup");
	if (!env_id_valid(req->tail))
		return intake_error(req, MHD_HTTP_NOT_FOUND);
	if ((c = store_acquire(app->store)) == NULL)
		return intake_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	rc = store_attachment_get(c, req->session.aux, req->tail, &meta,
	    &mlen, &stream, &slen);
	store_release(app->store, c);
	if (rc != 1)
		return intake_error(req, rc == 0 ? MHD_HTTP_NOT_FOUND :
		    MHD_HTTP_SERVICE_UNAVAILABLE);
	rc = file_open(req, meta, mlen, stream, slen, &out, name, sizeof(name));
	free(meta);
	free(stream);
	if (rc == -1) {
		buf_free(&out);
		log_warnx("an attachment does not open");	/* no case id */
		return intake_error(req, MHD_HTTP_INTERNAL_SERVER_ERROR);
	}
	http_disposition(name, disp, sizeof(disp));
	len = out.len;
	return http_send(req, MHD_HTTP_OK, "application/octet-stream",
	    buf_steal(&out, NULL), len, disp);
}
