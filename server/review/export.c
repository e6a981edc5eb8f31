/*
 * Export one case as a ZIP (libzip, in memory): the decrypted case as a
 * self-contained HTML page, and its files. Audited. The size limit is
 * checked on the stored ciphertext lengths before anything is decrypted,
 * and each file is decrypted only while libzip reads it, then wiped, so
 * at most one file's plaintext is in memory at a time. The archive is
 * built in memory and wiped after sending; nothing is written to disk.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <zip.h>

#include "crypto/envelope.h"
#include "server/common/case_view.h"
#include "server/review/case.h"
#include "server/review/export.h"
#include "server/common/view.h"

/* The archive's bytes, read back out of libzip's buffer source. */
static char *
zip_bytes(zip_source_t *src, size_t max, size_t *len)
{
	zip_stat_t st;
	char *out;

	if (zip_source_open(src) < 0)
		return NULL;
	if (zip_source_stat(src, &st) < 0 || st.size > max ||
	    (out = malloc(st.size ? st.size : 1)) == NULL) {
		zip_source_close(src);
		return NULL;
	}
	*len = (size_t)zip_source_read(src, out, st.size);
	zip_source_close(src);
	return out;
}

static int
zip_put(zip_t *z, const char *name, zip_source_t *s)
{
	if (s == NULL)
		return -1;
	if (zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(s);
		return -1;
	}
	return 0;
}

/* The archive path of a file, and its plaintext size, from its metadata. */
static int
export_name(const struct review_case *rc, const struct db_export_file *f,
    char *path, size_t pathlen, uint64_t *size)
{
	char name[UPLOAD_NAME_MAX + 1];
	unsigned char *m;
	size_t n;
	int rc_parse;

	if (env_record_open(rc->k, rc->id, "attachment", f->id, f->meta,
	    f->mlen, &m, &n) != ENV_OK)
		return -1;
	rc_parse = upload_meta_parse(m, n, name, sizeof(name), size);
	env_secret_free(m);
	if (rc_parse == -1)
		return -1;
	/*
	 * A page or script opened from the unpacked export would run with
	 * file:// rights: such files are marked and made text.
	 */
	snprintf(path, pathlen, "files/%.8s-%s%s", f->id, name,
	    upload_name_active(name) ? ".ACTIVE-CONTENT.txt" : "");
	return 0;
}

/* Adds every file of the case, each as a source decrypted on demand. */
static int
export_files(struct review *app, const struct review_case *rc, zip_t *z,
    const struct db_export_file *files, size_t n)
{
	char path[UPLOAD_NAME_MAX + 64];
	struct export_src *x;
	uint64_t size;
	size_t i;

	for (i = 0; i < n; i++) {
		if (export_name(rc, &files[i], path, sizeof(path), &size) == -1)
			continue;	/* as before: a file that does not open */
		if ((x = export_src_new(app, rc, files[i].id, size)) == NULL)
			return -1;
		if (zip_put(z, path, export_src_zip(z, x)) == -1)
			return -1;
	}
	return 0;
}

static char *
export_zip(struct review *app, const struct review_case *rc, const char *html,
    size_t hlen, const struct db_export_file *files, size_t n, size_t *len)
{
	zip_source_t *src;
	zip_error_t err;
	char *out = NULL;
	zip_t *z;

	zip_error_init(&err);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &err)) == NULL) {
		zip_error_fini(&err);
		return NULL;
	}
	zip_source_keep(src);
	if ((z = zip_open_from_source(src, ZIP_TRUNCATE, &err)) != NULL) {
		/* zip_close reads the sources one by one: one plaintext at a time */
		if (zip_put(z, "case.html", zip_source_buffer(z, html, hlen, 0)) == 0 &&
		    export_files(app, rc, z, files, n) == 0 && zip_close(z) == 0)
			out = zip_bytes(src, app->cfg->export_max, len);
		else
			zip_discard(z);
	}
	zip_source_free(src);
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

/* Stored bytes of the files: plaintext is never longer than its ciphertext. */
static uint64_t
export_stored(const struct db_export_file *files, size_t n)
{
	uint64_t sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += files[i].stored;
	return sum;
}

/* Too large to export: said before any file is fetched or decrypted. */
static enum MHD_Result
export_too_big(struct request *req)
{
	struct review *app = review_of(req);
	struct review_ctx *x = review_ctx(req);
	struct page_ctx p = review_page(req);
	struct view *v;

	/* the refusal is audited too: someone tried to take the case out */
	if (db_audit(app->store, x->u.username, "case.export_refused", x->id,
	    NULL) != REVIEW_OK)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	if ((v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "status_code", "413");
	view_set(v, "title", "r.export.too_big.title");
	view_set(v, "message", "r.export.too_big");
	view_setf(v, "back_href", "/c/%s", x->id);
	return page_send(req, &p, MHD_HTTP_CONTENT_TOO_LARGE, "r_error", v);
}

/* The archive of files; NULL on failure. The audit entry comes after. */
static char *
export_build(struct request *req, const struct db_export_file *files,
    size_t n, size_t *len)
{
	struct review_ctx *x = review_ctx(req);
	struct buf html = { 0 };
	char *zipped = NULL;

	/* the finished archive is checked against export_max once more */
	if (export_html(req, &x->u, &x->rc, &html) == 0)
		zipped = export_zip(review_of(req), &x->rc, html.data, html.len,
		    files, n, len);
	buf_free(&html);
	return zipped;
}

/* The archive goes out only after its audit entry is committed. */
enum MHD_Result
review_case_export(struct request *req)
{
	struct review *app = review_of(req);
	struct review_ctx *x = review_ctx(req);
	struct db_export_file *files;
	char disp[96], *zipped = NULL;
	size_t len = 0;
	int n, audited = 0;

	if ((files = calloc(CASE_VIEW_MAX_FILES, sizeof(*files))) == NULL)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	n = db_export_files(app->store, x->id, files, CASE_VIEW_MAX_FILES);
	if (n >= 0 && export_stored(files, (size_t)n) > app->cfg->export_max) {
		db_export_files_free(files, (size_t)n);
		free(files);
		return export_too_big(req);
	}
	if (n >= 0 && (zipped = export_build(req, files, (size_t)n, &len)) != NULL)
		audited = db_audit(app->store, x->u.username, "case.export", x->id,
		    NULL) == REVIEW_OK;
	if (n >= 0)
		db_export_files_free(files, (size_t)n);
	free(files);
	if (zipped != NULL && !audited) {
		sodium_memzero(zipped, len);
		free(zipped);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	if (zipped == NULL)
		return review_error(req, n < 0 ? MHD_HTTP_SERVICE_UNAVAILABLE :
		    MHD_HTTP_INTERNAL_SERVER_ERROR);
	snprintf(disp, sizeof(disp), "attachment; filename=\"case-%.8s.zip\"", x->id);
	return http_send(req, MHD_HTTP_OK, "application/zip", zipped, len, disp);
}
