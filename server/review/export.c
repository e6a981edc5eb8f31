/*
 * Export one case as a ZIP (libzip, in memory): the decrypted case as a
 * self-contained HTML page, and its files. Audited. The archive is built
 * in memory and wiped after sending; nothing is written to disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zip.h>

#include "server/common/case_view.h"
#include "server/review/case.h"
#include "server/common/view.h"

#define EXPORT_MAX (200u * 1024 * 1024)

/* The archive's bytes, read back out of libzip's buffer source. */
static char *
zip_bytes(zip_source_t *src, size_t *len)
{
	zip_stat_t st;
	char *out;

	if (zip_source_open(src) < 0)
		return NULL;
	if (zip_source_stat(src, &st) < 0 || st.size > EXPORT_MAX ||
	    (out = malloc(st.size ? st.size : 1)) == NULL) {
		zip_source_close(src);
		return NULL;
	}
	*len = (size_t)zip_source_read(src, out, st.size);
	zip_source_close(src);
	return out;
}

static int
zip_put(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);

	if (s == NULL)
		return -1;
	if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

/* Adds every file of the case; bufs keep the plaintext until zip_close. */
static int
export_files(struct review *app, const struct review_case *rc, zip_t *z,
    struct buf *bufs, size_t *nbufs)
{
	char (*ids)[DB_ID_TEXT] = calloc(CASE_VIEW_MAX_FILES, sizeof(*ids));
	char name[UPLOAD_NAME_MAX + 1], path[UPLOAD_NAME_MAX + 64];
	int i, n;

	if (ids == NULL)
		return REVIEW_EFAIL;
	n = db_attachment_ids(app->store, rc->id, ids, CASE_VIEW_MAX_FILES);
	for (i = 0; i < n && *nbufs < CASE_VIEW_MAX_FILES; i++) {
		struct buf *b = &bufs[(*nbufs)++];
		if (review_case_file(app, rc, ids[i], b, name, sizeof(name)) != 0)
			continue;
		/*
		 * A page or script opened from the unpacked export would run
		 * with file:// rights: such files are marked and made text.
		 */
		snprintf(path, sizeof(path), "files/%.8s-%s%s", ids[i], name,
		    upload_name_active(name) ? ".ACTIVE-CONTENT.txt" : "");
		zip_put(z, path, b->data ? b->data : "", b->len);
	}
	free(ids);
	return n < 0 ? REVIEW_EFAIL : 0;
}

static char *
export_zip(struct review *app, const struct review_case *rc, const char *html,
    size_t hlen, size_t *len)
{
	struct buf *bufs = calloc(CASE_VIEW_MAX_FILES, sizeof(*bufs));
	zip_source_t *src;
	zip_error_t err;
	char *out = NULL;
	size_t nbufs = 0, i;
	zip_t *z;

	zip_error_init(&err);
	if (bufs == NULL || (src = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL) {
		free(bufs);
		return NULL;
	}
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &err)) != NULL) {
		if (zip_put(z, "case.html", html, hlen) == 0 &&
		    export_files(app, rc, z, bufs, &nbufs) == 0 && zip_close(z) == 0)
			out = zip_bytes(src, len);
		else
			zip_discard(z);
	}
	zip_source_free(src);
	for (i = 0; i < nbufs; i++)
		buf_free(&bufs[i]);
	free(bufs);
	zip_error_fini(&err);
	return out;
}

static int
export_html(struct request *req, const struct review_user *u,
    const struct review_case *rc, struct buf *html)
{
	struct page_ctx p = review_page(req);
	struct view *v = view_new();
	int seen, rc_fill;

	if (v == NULL)
		return -1;
	view_set(v, "lang", lang_code(req->lang));
	rc_fill = review_case_fill(review_of(req), u, req->session.k, rc, v, &seen);
	if (rc_fill == 0)
		rc_fill = page_render(req, &p, "r_export", v, html);
	view_free(v);
	return rc_fill;
}

/* The archive goes out only after its audit entry is committed. */
enum MHD_Result
review_case_export(struct request *req)
{
	struct review *app = review_of(req);
	struct review_ctx *x = review_ctx(req);
	char disp[96], *zipped = NULL;
	struct buf html = { 0 };
	size_t len = 0;
	int audited = 0;

	if (export_html(req, &x->u, &x->rc, &html) == 0 &&
	    (zipped = export_zip(app, &x->rc, html.data, html.len, &len)) != NULL)
		audited = db_audit(app->store, x->u.username, "case.export", x->id,
		    NULL) == REVIEW_OK;
	buf_free(&html);
	if (zipped != NULL && !audited) {
		sodium_memzero(zipped, len);
		free(zipped);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	if (zipped == NULL)
		return review_error(req, MHD_HTTP_INTERNAL_SERVER_ERROR);
	snprintf(disp, sizeof(disp), "attachment; filename=\"case-%.8s.zip\"", x->id);
	return http_send(req, MHD_HTTP_OK, "application/zip", zipped, len, disp);
}
