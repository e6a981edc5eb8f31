/*
 * The receipt page, after the redirect that follows a filing. It shows the
 * receipt held in memory for this browser and form token; reloading shows
 * it again for a few minutes, then the page says it was already shown. "I
 * have written it down" wipes it at once. /receipt/print is the same
 * receipt on a page made to be printed (no script needed to print it).
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/receipt.h"
#include "server/intake/intake.h"
#include "server/common/page.h"

/* Refresh interval of the page shown while the same form is still filing. */
#define RECEIPT_WAIT_REFRESH	"2"
/* Characters of a v3 onion name before ".onion" (rend-spec-v3). */
#define RECEIPT_ONION_NAME	56

/* A v3 onion name: 56 base32 characters, ".onion", an optional port. */
static int
receipt_onion_host(const char *h)
{
	size_t n;

	if (h == NULL || strspn(h, "abcdefghijklmnopqrstuvwxyz234567") !=
	    RECEIPT_ONION_NAME || strncmp(h + RECEIPT_ONION_NAME, ".onion", 6) != 0)
		return 0;
	h += RECEIPT_ONION_NAME + 6;
	if (*h == '\0')
		return 1;
	n = strspn(h + 1, "0123456789");
	return h[0] == ':' && n > 0 && n <= 5 && h[1 + n] == '\0';
}

/*
 * The address the printout names is the one this page was reached
 * through. Someone who came over Tor must not be sent to the public
 * address: their network would then see the visit the onion hid. On the
 * onion listener that is onion_url, else the onion name the browser asked
 * for (Tor Browser sends it; checked as a v3 name, so nothing else is
 * printed), else no address at all rather than the public one.
 */
static void
receipt_followup_url(struct request *req, struct view *v)
{
	const struct config *cfg = intake_of(req)->cfg;
	const char *host;

	if (!req->srv->shared_address) {
		view_setf(v, "followup_url", "%s/followup", cfg->public_url);
		return;
	}
	if (cfg->onion_url[0] != '\0') {
		view_setf(v, "followup_url", "%s/followup", cfg->onion_url);
		return;
	}
	host = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	if (receipt_onion_host(host))
		view_setf(v, "followup_url", "http://%s/followup", host);
}

/* The code, the address to come back to and the token: both pages. */
static struct view *
receipt_view(struct request *req, const struct filing_receipt *r,
    const char *token)
{
	char text[RECEIPT_TEXTLEN + 1];
	struct view *v = view_new();

	if (v == NULL)
		return NULL;
	receipt_format(r->code, text);
	view_set(v, "receipt", text);
	sodium_memzero(text, sizeof(text));
	view_set(v, "form_token", token);
	/* the printout is read away from this page: it names the full address */
	receipt_followup_url(req, v);
	return v;
}

enum MHD_Result
receipt_send(struct request *req, const struct filing_receipt *r,
    const char *token, int held)
{
	struct page_ctx p = intake_page(req);
	struct view *v = receipt_view(req, r, token);

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "receipt.title");
	/* the print page finds the receipt in memory: only a held one prints */
	view_set_flag(v, "can_print", held);
	view_set_flag(v, "crisis", r->crisis);
	view_set_flag(v, "urgent", r->urgent);
	view_set_flag(v, "no_contact", r->no_contact);
	view_set_flag(v, "routes", r->routes);
	if (r->k6_score >= 0 && r->k6_band != NULL) {
		view_setf(v, "k6_score", "%d", r->k6_score);
		view_set(v, "k6_band", r->k6_band);
		view_set_flag(v, "k6_estimated", r->k6_estimated);
	} else if (r->k6_answered > 0)
		view_set_flag(v, "k6_partial", 1);
	return page_send(req, &p, MHD_HTTP_OK, "receipt", v);
}

/* Filed and shown, still filing, or nothing here for this browser. */
static enum MHD_Result
receipt_status(struct request *req, unsigned status, const char *what,
    int wait)
{
	struct page_ctx p = intake_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", what);
	view_set(v, "heading", what);
	view_setf(v, "message", "%s.text", what);
	if (wait)
		view_set(v, "refresh", RECEIPT_WAIT_REFRESH);
	return page_send(req, &p, status, "receipt_gone", v);
}

/* The printable copy: the code, the address, what to do with the paper. */
static enum MHD_Result
receipt_print_send(struct request *req, const struct filing_receipt *r,
    const char *token)
{
	struct page_ctx p = intake_page(req);
	struct view *v = receipt_view(req, r, token);

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "receipt.print.title");
	return page_send(req, &p, MHD_HTTP_OK, "receipt_print", v);
}

static enum MHD_Result
receipt_show(struct request *req, int print)
{
	const char *token = http_query(req, "t");
	struct filing_receipt r;
	enum MHD_Result rc;

	switch (filing_show(intake_of(req)->filings, req->csrf_nonce, token,
	    &r)) {
	case FILING_SHOW:
		rc = print ? receipt_print_send(req, &r, token) :
		    receipt_send(req, &r, token, 1);
		sodium_memzero(&r, sizeof(r));
		return rc;
	case FILING_WAIT:
		return receipt_status(req, MHD_HTTP_OK, "receipt.wait", 1);
	case FILING_GONE:
		return receipt_status(req, MHD_HTTP_GONE, "receipt.gone", 0);
	case FILING_UNKNOWN:
		break;
	}
	return receipt_status(req, MHD_HTTP_NOT_FOUND, "receipt.unknown", 0);
}

enum MHD_Result
receipt_page(struct request *req)
{
	return receipt_show(req, 0);
}

enum MHD_Result
receipt_print(struct request *req)
{
	return receipt_show(req, 1);
}

enum MHD_Result
receipt_forget(struct request *req)
{
	if (req->body_status != 0 || !http_csrf_ok(req))
		return intake_error(req, MHD_HTTP_FORBIDDEN);
	filing_forget(intake_of(req)->filings, req->csrf_nonce,
	    formdata_get(&req->form, "form_token"));
	return http_redirect(req, "/followup");
}
