/*
 * Counselor login: user name, password and TOTP. The password unwraps the
 * counselor's secret key into a server-side session; failures are
 * throttled globally and per account, and audited without the password.
 * Unknown users cost the same Argon2id work as known ones.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "crypto/totp.h"
#include "server/review/review.h"
#include "server/review/totp.h"

enum MHD_Result
review_session_prepare(struct request *req)
{
	sessions_get(review_of(req)->sessions,
	    http_cookie(req, REVIEW_SESSION_COOKIE), &req->session);
	return MHD_YES;
}

static enum MHD_Result
login_render(struct request *req, unsigned status, const char *msgid)
{
	struct page_ctx p = review_page(req);
	struct view *v = view_new();
	const char *u = formdata_get(&req->form, "username");

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "r.login.title");
	if (u != NULL && strlen(u) <= 64)
		view_set(v, "username", u);
	if (msgid != NULL)
		view_set(v, "error", msgid);
	if (http_query(req, "ready") != NULL)
		view_set(v, "notice", "r.setup.done");
	if (status == MHD_HTTP_TOO_MANY_REQUESTS || status == MHD_HTTP_SERVICE_UNAVAILABLE)
		http_retry_after(req, KDF_GATE_RETRY_AFTER);
	return page_send(req, &p, status, "r_login", v);
}

enum MHD_Result
review_login_form(struct request *req)
{
	return login_render(req, MHD_HTTP_OK, NULL);
}

/* Same Argon2id cost as a real account, so timing does not tell. */
static void
login_decoy(const char *pw)
{
	static const unsigned char salt[crypto_pwhash_SALTBYTES];
	unsigned char *k = sodium_malloc(ENV_SKBYTES);

	/* the result is thrown away: only the time it takes matters */
	if (k != NULL && crypto_pwhash(k, ENV_SKBYTES, pw, strlen(pw), salt, KEYWRAP_OPS,
	    KEYWRAP_MEM, crypto_pwhash_ALG_ARGON2ID13) != 0)
		sodium_memzero(k, ENV_SKBYTES);
	env_secret_free(k);
}

/* 1 with *sk set when password and code are right; 0 otherwise. */
static int
login_check(struct request *req, const struct review_user *u, const char *pw,
    const char *code, unsigned char **sk)
{
	struct keywrap kw;
	int ok;

	if (!u->has_key || !u->setup_done || !u->active || u->locked) {
		login_decoy(pw);
		return 0;
	}
	memcpy(kw.salt, u->kw.salt, sizeof(kw.salt));
	kw.ops = u->kw.ops;
	kw.mem = u->kw.mem;
	memcpy(kw.wrapped, u->kw.wrapped, sizeof(kw.wrapped));
	if ((*sk = sodium_malloc(ENV_SKBYTES)) == NULL)
		return 0;
	ok = keywrap_unwrap(pw, strlen(pw), &kw, u->id, *sk) == ENV_OK &&
	    review_totp_check(review_of(req), u, code);
	if (!ok) {
		env_secret_free(*sk);
		*sk = NULL;
	}
	return ok;
}

static enum MHD_Result
login_session(struct request *req, const struct review_user *u, unsigned char *sk)
{
	unsigned char aux[32] = { 0 };
	char cookie[SESSION_COOKIE_TEXT];
	int rc;

	rc = sessions_create(review_of(req)->sessions, u->id, aux, sk, cookie);
	env_secret_free(sk);
	if (rc == -1)
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	http_set_cookie(req, REVIEW_SESSION_COOKIE, cookie, -1);
	sodium_memzero(cookie, sizeof(cookie));
	return http_redirect(req, "/queue");
}

enum MHD_Result
review_login(struct request *req)
{
	struct review *app = review_of(req);
	const char *name = formdata_get(&req->form, "username");
	const char *pw = formdata_get(&req->form, "password");
	const char *code = formdata_get(&req->form, "code");
	unsigned char *sk = NULL;
	struct review_user u;
	int found, ok;

	if (req->body_status != 0 || name == NULL || pw == NULL || code == NULL ||
	    strlen(pw) > KEYWRAP_PASSWORD_MAX)
		return login_render(req, MHD_HTTP_BAD_REQUEST, "r.login.failed");
	if (!ratelimit_take(app->login_rl))
		return login_render(req, MHD_HTTP_TOO_MANY_REQUESTS, "error.429");
	if ((found = db_user_by_name(app->store, name, &u)) == REVIEW_EFAIL)
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	if (kdf_gate_enter(app->gate) == -1)
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	ok = found ? login_check(req, &u, pw, code, &sk) : (login_decoy(pw), 0);
	kdf_gate_leave(app->gate);
	/* no session without its audit entry (and the failure count) */
	if (db_login_record(app->store, found ? &u : NULL, ok, REVIEW_MAX_FAILED,
	    REVIEW_LOCK_MINUTES) != REVIEW_OK) {
		env_secret_free(sk);
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	}
	if (!ok)
		return login_render(req, MHD_HTTP_FORBIDDEN, "r.login.failed");
	return login_session(req, &u, sk);
}

enum MHD_Result
review_logout(struct request *req)
{
	struct review *app = review_of(req);
	struct review_user u;

	/* a logout happens even when it cannot be written down */
	if (review_current(req, &u) == 1)
		db_audit(app->store, u.username, "logout", NULL, NULL);
	sessions_destroy(app->sessions, http_cookie(req, REVIEW_SESSION_COOKIE));
	http_set_cookie(req, REVIEW_SESSION_COOKIE, "", 0);
	return http_redirect(req, "/login");
}
