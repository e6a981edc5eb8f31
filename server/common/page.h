/*
 * Pages: a template rendered with the common keys every page needs
 * (language, CSRF token, language switch) and sent with the headers.
 */
#ifndef MDG_PAGE_H
#define MDG_PAGE_H

#include "server/common/catalog.h"
#include "server/common/http.h"
#include "server/common/template.h"

struct page_ctx {
	const struct tmpl_set	*tmpl;
	const struct catalog	*cat;
};

/* Renders name with v (which it fills further) and frees v. */
enum MHD_Result	page_send(struct request *, const struct page_ctx *,
		    unsigned status, const char *name, struct view *v);
/* Renders name with v into out, in the request's language; 0 or -1. */
int		 page_render(struct request *, const struct page_ctx *,
		    const char *name, const struct view *v, struct buf *out);
/* The error page for status, from template tmpl, linking back to back. */
enum MHD_Result	page_error(struct request *, const struct page_ctx *,
		    unsigned status, const char *tmpl, const char *back);
/* The same with its own message (a msgid) saying what happened. */
enum MHD_Result	page_error_msg(struct request *, const struct page_ctx *,
		    unsigned status, const char *tmpl, const char *back,
		    const char *message);
/* The message for msgid in the request's language. */
const char	*page_msg(struct request *, const struct page_ctx *, const char *);

#endif
