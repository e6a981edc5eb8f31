/* The pages that hold nothing personal: landing, style, language, errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/intake/intake.h"
#include "server/common/page.h"


struct page_ctx
intake_page(struct request *req)
{
	struct page_ctx p = { intake_of(req)->site.tmpl, intake_of(req)->site.cat };

	return p;
}

enum MHD_Result
intake_landing(struct request *req)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "landing.title");
	return page_send(req, &p, MHD_HTTP_OK, "landing", v);
}

/* Who reads a report, what HR sees, how long it is kept. */
enum MHD_Result
intake_how(struct request *req)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "how.title");
	return page_send(req, &p, MHD_HTTP_OK, "how", v);
}

enum MHD_Result
intake_static(struct request *req)
{
	return serve_static(req, &intake_of(req)->site);
}

/* Only a plain local path may be the place to go back to. */
static int
safe_next(const char *n)
{
	size_t i;

	if (n == NULL || n[0] != '/' || n[1] == '/' || strlen(n) > 64)
		return 0;
	for (i = 0; n[i] != '\0'; i++)
		if (!((n[i] >= 'a' && n[i] <= 'z') || n[i] == '/' || n[i] == '-'))
			return 0;
	return 1;
}

enum MHD_Result
intake_lang(struct request *req)
{
	const char *next = http_query(req, "next");

	if (strcmp(req->tail, "ja") != 0 && strcmp(req->tail, "en") != 0)
		return intake_error(req, MHD_HTTP_NOT_FOUND);
	http_set_cookie(req, HTTP_LANG_COOKIE, req->tail, INTAKE_LANG_COOKIE_AGE);
	return http_redirect(req, safe_next(next) ? next : "/");
}

enum MHD_Result
intake_error(struct request *req, unsigned status)
{
	struct page_ctx p = intake_page(req);

	return page_error(req, &p, status, "error", "/");
}

void
intake_limits_view(struct request *req, struct view *v)
{
	const struct config *cfg = intake_of(req)->cfg;

	view_setf(v, "max_upload_mb", "%zu", cfg->max_upload / (1024 * 1024));
	/* form.js refuses a file over these before it is sent */
	view_setf(v, "max_upload_bytes", "%zu", cfg->max_upload);
	view_setf(v, "max_body_bytes", "%zu", cfg->max_body);
	view_setf(v, "case_max_files", "%u", cfg->case_max_files);
	view_setf(v, "case_max_mb", "%zu", cfg->case_max_bytes / (1024 * 1024));
}
