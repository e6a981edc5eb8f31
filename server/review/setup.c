/*
 * The one-time setup link: the first visit sets a password (checked for
 * strength), creates the counselor's key pair (the secret stored only
 * wrapped under the password) and a TOTP secret, shown as a QR code and
 * as text. The account works only after a first correct code, which also
 * spends the link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>
#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "server/common/buf.h"
#include "server/review/review.h"
#include "server/review/totp.h"

#define SETUP_TOKEN_BYTES 32	/* the invitation's secret */
#define SETUP_TOKEN_TEXT 43	/* SETUP_TOKEN_BYTES in base64url */

/* The invited, not yet finished account the token names; 1 if valid. */
static int
setup_find(struct request *req, const char *token, struct review_user *u)
{
	unsigned char raw[SETUP_TOKEN_BYTES], hash[32];	/* stored: BLAKE2b-256 */
	size_t len;

	if (token == NULL || strlen(token) != SETUP_TOKEN_TEXT ||
	    sodium_base642bin(raw, sizeof(raw), token, strlen(token), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != SETUP_TOKEN_BYTES)
		return 0;
	crypto_generichash(hash, sizeof(hash), raw, sizeof(raw), NULL, 0);
	return db_user_by_invite(review_of(req)->store, hash, u);
}

static enum MHD_Result
setup_render(struct request *req, unsigned status, const char *tmpl,
    const char *token, const char *msgid, struct view *v)
{
	struct page_ctx p = review_page(req);

	if (v == NULL && (v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "title", "r.setup.title");
	if (token != NULL)
		view_set(v, "token", token);
	if (msgid != NULL)
		view_set(v, "error", msgid);
	return page_send(req, &p, status, tmpl, v);
}

/* Looks the token up for a handler; answers for it when invalid. */
static int
setup_gate(struct request *req, const char *token, struct review_user *u,
    enum MHD_Result *answer)
{
	int rc;

	if ((rc = setup_find(req, token, u)) == 1)
		return 1;
	*answer = rc == REVIEW_EFAIL ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
	    setup_render(req, MHD_HTTP_NOT_FOUND, "r_setup", NULL,
	    "r.setup.invalid", NULL);
	return 0;
}

enum MHD_Result
review_setup_form(struct request *req)
{
	const char *token = http_query(req, "token");
	struct review_user u;
	enum MHD_Result a;

	if (!setup_gate(req, token, &u, &a))
		return a;
	return setup_render(req, MHD_HTTP_OK, "r_setup", token, NULL, NULL);
}

/* Long enough, not the user name, not all one kind of character. */
const char *
review_password_problem(const char *pw, const char *confirm, const char *user)
{
	size_t i, n = strlen(pw), chars = 0, kinds = 0;
	int lower = 0, upper = 0, digit = 0, other = 0;

	if (strcmp(pw, confirm) != 0)
		return "r.setup.mismatch";
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)pw[i];
		chars += (ch & 0xC0) != 0x80;	/* count characters, not bytes */
		lower |= ch >= 'a' && ch <= 'z';
		upper |= ch >= 'A' && ch <= 'Z';
		digit |= ch >= '0' && ch <= '9';
		other |= !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z') &&
		    !(ch >= '0' && ch <= '9');
	}
	kinds = (size_t)(lower + upper + digit + other);
	if (chars < REVIEW_PASSWORD_MIN || n > KEYWRAP_PASSWORD_MAX)
		return "r.setup.short";
	if (kinds < 2 || strstr(pw, user) != NULL)
		return "r.setup.weak";
	return NULL;
}

/* Key pair and TOTP secret for u, stored; the link stays until confirmed. */
static int
setup_keys(struct request *req, const struct review_user *u, const char *pw)
{
	unsigned char pk[ENV_PKBYTES], *sk = sodium_malloc(ENV_SKBYTES);
	unsigned char *secret = sodium_malloc(TOTP_SECRET_BYTES);
	unsigned char sealed[TOTP_SEALED];
	struct keywrap kw;
	struct db_wrap w;
	int rc = REVIEW_EFAIL;

	if (sk != NULL && secret != NULL && env_keypair(pk, sk) == ENV_OK &&
	    keywrap_wrap(pw, strlen(pw), sk, u->id, KEYWRAP_OPS, KEYWRAP_MEM,
	    &kw) == ENV_OK) {
		randombytes_buf(secret, TOTP_SECRET_BYTES);
		totp_seal(review_of(req)->server_key, secret, sealed);
		memcpy(w.wrapped, kw.wrapped, sizeof(w.wrapped));
		memcpy(w.salt, kw.salt, sizeof(w.salt));
		w.ops = kw.ops;
		w.mem = kw.mem;
		rc = db_user_set_keys(review_of(req)->store, u->id, pk, &w, sealed,
		    sizeof(sealed));
	}
	env_secret_free(sk);
	env_secret_free(secret);
	return rc;
}

static enum MHD_Result
setup_show_totp(struct request *req, const char *token, const char *msgid)
{
	const char *name = formdata_get(&req->form, "username");
	struct review_user u;
	unsigned char *secret;
	char b32[TOTP_BASE32_MAX];
	struct view *v;

	if (db_user_by_name(review_of(req)->store, name ? name : "", &u) != 1 ||
	    (secret = review_totp_open(review_of(req), u.totp_sealed,
	    u.totp_len)) == NULL)
		return review_error(req, MHD_HTTP_INTERNAL_SERVER_ERROR);
	totp_base32(secret, TOTP_SECRET_BYTES, b32, sizeof(b32));
	sodium_free(secret);
	if ((v = view_new()) == NULL)
		return MHD_NO;
	view_set(v, "secret", b32);
	view_set(v, "username", u.username);
	view_setf(v, "qr_href", "/setup/qr.svg?token=%s", token);
	sodium_memzero(b32, sizeof(b32));
	return setup_render(req, msgid ? MHD_HTTP_BAD_REQUEST : MHD_HTTP_OK,
	    "r_setup_totp", token, msgid, v);
}

enum MHD_Result
review_setup(struct request *req)
{
	const char *token = formdata_get(&req->form, "token");
	const char *pw = formdata_get(&req->form, "password");
	const char *confirm = formdata_get(&req->form, "confirm");
	const char *problem;
	struct review_user u;
	enum MHD_Result a;
	int rc;

	if (req->body_status != 0 || pw == NULL || confirm == NULL)
		return setup_render(req, MHD_HTTP_BAD_REQUEST, "r_setup", token,
		    "error.csrf", NULL);
	if (!setup_gate(req, token, &u, &a))
		return a;
	if ((problem = review_password_problem(pw, confirm, u.username)) != NULL)
		return setup_render(req, MHD_HTTP_BAD_REQUEST, "r_setup", token,
		    problem, NULL);
	if (kdf_gate_enter(review_of(req)->gate) == -1)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	rc = setup_keys(req, &u, pw);
	kdf_gate_leave(review_of(req)->gate);
	formdata_set(&req->form, "username", u.username);
	return rc == REVIEW_OK ? setup_show_totp(req, token, NULL) :
	    review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
}

enum MHD_Result
review_setup_confirm(struct request *req)
{
	const char *token = formdata_get(&req->form, "token");
	struct review_user u;
	enum MHD_Result a;

	if (!setup_gate(req, token, &u, &a))
		return a;
	if (!u.has_key || !review_totp_check(review_of(req), &u,
	    formdata_get(&req->form, "code"))) {
		formdata_set(&req->form, "username", u.username);
		return setup_show_totp(req, token, "r.setup.code_wrong");
	}
	return db_user_setup_done(review_of(req)->store, &u) == REVIEW_OK ?
	    http_redirect(req, "/login?ready=1") :
	    review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
}

/* The QR code as SVG, drawn from libqrencode's modules. */
static char *
setup_qr_svg(const char *text, size_t *len)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	struct buf b = { 0 };
	int x, y;

	if (q == NULL)
		return NULL;
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "width=\"240\" height=\"240\" shape-rendering=\"crispEdges\">"
	    "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/><path d=\"",
	    q->width + 8, q->width + 8);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(&b, "M%d %dh1v1h-1z", x + 4, y + 4);
	buf_puts(&b, "\" fill=\"#000\"/></svg>");
	QRcode_free(q);
	return b.failed ? (buf_free(&b), NULL) : buf_steal(&b, len);
}

enum MHD_Result
review_setup_qr(struct request *req)
{
	const char *token = http_query(req, "token");
	char b32[TOTP_BASE32_MAX], uri[256], *svg;
	unsigned char *secret;
	struct review_user u;
	enum MHD_Result a;
	size_t len;

	if (!setup_gate(req, token, &u, &a))
		return a;
	if ((secret = review_totp_open(review_of(req), u.totp_sealed,
	    u.totp_len)) == NULL)
		return review_error(req, MHD_HTTP_NOT_FOUND);
	totp_base32(secret, TOTP_SECRET_BYTES, b32, sizeof(b32));
	sodium_free(secret);
	snprintf(uri, sizeof(uri), "otpauth://totp/Madoguchi:%s?secret=%s&"
	    "issuer=Madoguchi&digits=6&period=30", u.username, b32);
	svg = setup_qr_svg(uri, &len);
	sodium_memzero(uri, sizeof(uri));
	sodium_memzero(b32, sizeof(b32));
	if (svg == NULL)
		return review_error(req, MHD_HTTP_INTERNAL_SERVER_ERROR);
	return http_send(req, MHD_HTTP_OK, "image/svg+xml", svg, len, NULL);
}
