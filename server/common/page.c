#include <stdio.h>
#include <string.h>

#include "server/common/log.h"
#include "server/common/page.h"
#include "server/common/view.h"

struct page_tr {
	const struct catalog	*cat;
	enum lang		 lang;
};

static const char *
page_translate(void *arg, const char *msgid)
{
	struct page_tr *t = arg;

	return catalog_get(t->cat, t->lang, msgid);
}

const char *
page_msg(struct request *req, const struct page_ctx *p, const char *msgid)
{
	return catalog_get(p->cat, req->lang, msgid);
}

/* The switch sends the reader back to where they were (paths only). */
static void
page_lang_switch(struct request *req, struct view *v)
{
	const char *other = req->lang == LANG_JA ? "en" : "ja";
	const char *u = req->url;
	size_t i;

	if (view_lookup(v, "lang_switch_href") != NULL)
		return;		/* the page has its own (a form keeps its text) */
	for (i = 0; u[i] != '\0'; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || u[i] == '/' || u[i] == '-'))
			break;
	if (u[i] != '\0' || u[0] != '/' || strncmp(u, "//", 2) == 0 ||
	    strcmp(req->method, "GET") != 0)
		u = "/";
	view_setf(v, "lang_switch_href", "/lang/%s?next=%s", other, u);
}

enum MHD_Result
page_error(struct request *req, const struct page_ctx *p, unsigned status,
    const char *tmpl, const char *back)
{
	return page_error_msg(req, p, status, tmpl, back, NULL);
}

enum MHD_Result
page_error_msg(struct request *req, const struct page_ctx *p, unsigned status,
    const char *tmpl, const char *back, const char *message)
{
	struct view *v = view_new();
	char msgid[32];

	if (v == NULL)
		return MHD_NO;
	snprintf(msgid, sizeof(msgid), "error.%u", status);
	view_setf(v, "status_code", "%u", status);
	if (message != NULL)
		snprintf(msgid, sizeof(msgid), "%s", message);
	view_set(v, "title", msgid);
	view_set(v, "message", msgid);
	view_set(v, "back_href", back);
	if (status == MHD_HTTP_SERVICE_UNAVAILABLE ||
	    status == MHD_HTTP_TOO_MANY_REQUESTS)
		http_retry_after(req, "30");
	return page_send(req, p, status, tmpl, v);
}

int
page_render(struct request *req, const struct page_ctx *p, const char *name,
    const struct view *v, struct buf *out)
{
	struct page_tr tr = { p->cat, req->lang };

	return tmpl_render(p->tmpl, name, v, page_translate, &tr, out);
}

enum MHD_Result
page_send(struct request *req, const struct page_ctx *p, unsigned status,
    const char *name, struct view *v)
{
	char token[CSRF_TOKEN_TEXT];
	struct buf out = { 0 };
	size_t len;
	char *body;

	http_csrf_token(req, token);
	view_set(v, "lang", lang_code(req->lang));
	view_set(v, "csrf", token);
	/* the ward names its own units: pages take the name from configuration */
	if (req->srv != NULL && req->srv->cfg != NULL)
		view_set(v, "unit_hr", req->lang == LANG_JA ?
		    req->srv->cfg->unit_hr : req->srv->cfg->unit_hr_en);
	page_lang_switch(req, v);
	if (page_render(req, p, name, v, &out) == -1) {
		log_warnx("page: cannot render %s", name);
		view_free(v);
		buf_free(&out);
		if ((body = strdup("500")) == NULL)
			return MHD_NO;
		return http_send(req, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "text/plain; charset=utf-8", body, 3, NULL);
	}
	view_free(v);
	body = buf_steal(&out, &len);
	return http_send(req, status, "text/html; charset=utf-8", body, len, NULL);
}
