/*
 * "Review before sending": a report form's answers shown back as they
 * will be sent, with "send" and "change". Nothing is claimed, counted or
 * kept for it: the form token stays unclaimed (filing.c), the address's
 * filing budget is not touched, and the answers travel in the page's own
 * hidden inputs (no-store, like the form). Files cannot travel that way:
 * their names and sizes are listed and they must be chosen again; the
 * bytes received are dropped with the request, never finished or stored.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "server/common/forms.h"
#include "server/intake/intake.h"
#include "server/common/page.h"

/* "812 B", "34 KB", "2.5 MB": rounded up, so a limit is never understated. */
static void
review_size(uint64_t b, char *out, size_t len)
{
	if (b < 1024)
		snprintf(out, len, "%" PRIu64 " B", b);
	else if (b < 1024 * 1024)
		snprintf(out, len, "%" PRIu64 " KB", (b + 1023) / 1024);
	else	/* in tenths, so 1.95 MB rounds up to 2.0, not to "1.10" */
		snprintf(out, len, "%" PRIu64 ".%" PRIu64 " MB",
		    (b * 10 + 1024 * 1024 - 1) / (1024 * 1024) / 10,
		    (b * 10 + 1024 * 1024 - 1) / (1024 * 1024) % 10);
}

/* The files the browser sent, by name and size; the file input's name. */
static int
review_files(struct request *req, const struct form_def *def, struct view *v)
{
	const struct field *f;
	struct view *c;
	char size[32];
	size_t i;
	int rc = 0, any = 0;

	for (i = 0; i < req->uploads.n; i++) {
		if (upload_received(&req->uploads, i) == 0)
			continue;	/* an empty file input */
		if ((c = view_add(v, "files")) == NULL)
			return -1;
		review_size(upload_received(&req->uploads, i), size, sizeof(size));
		rc |= view_set(c, "name", req->uploads.f[i].name);
		rc |= view_set(c, "size", size);
		any = 1;
	}
	rc |= view_set_flag(v, "has_files", any);
	for (f = def->fields; any && f->name != NULL; f++)
		if (f->type == FIELD_FILES)
			rc |= view_set(v, "files_name", f->name);
	return rc;
}

enum MHD_Result
report_review(struct request *req, const struct form_def *def)
{
	struct page_ctx p = intake_page(req);
	struct view *v;

	if ((v = view_new()) == NULL)
		return MHD_NO;
	if (forms_review_view(def, &req->form, v) == -1 ||
	    review_files(req, def, v) == -1) {
		view_free(v);
		return intake_error(req, MHD_HTTP_INTERNAL_SERVER_ERROR);
	}
	report_view_common(req, def, v);
	view_set(v, "title", "review.title");
	view_set_flag(v, "crisis_lines", strcmp(def->channel, "mental_health") == 0);
	return page_send(req, &p, MHD_HTTP_OK, "form_review", v);
}
