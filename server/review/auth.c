/*
 * Counselor login: user name, password and TOTP. The password unwraps the
 * counselor's secret key into a server-side session; failures are
 * throttled per address and per account (never by extending a running
 * lock), and audited without the password.
 * Unknown users cost the same Argon2id work as known ones.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "crypto/totp.h"
#include "server/common/log.h"
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

/*
 * The stored public key must be the unwrapped secret key's: cases are
 * sealed to the stored one, so a swapped public key (or a swapped
 * wrapped key) would send future cases to someone else.
 */
static int
login_key_matches(const struct review_user *u, const unsigned char *sk)
{
	unsigned char pk[crypto_scalarmult_BYTES];
	int ok;

	if (crypto_scalarmult_base(pk, sk) != 0)
		return 0;
	ok = sodium_memcmp(pk, u->pk, sizeof(pk)) == 0;
	if (!ok)
		log_warnx("login: %s: stored public key does not match the "
		    "secret key (changed outside setup?)", u->username);
	return ok;
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
	    login_key_matches(u, *sk) &&
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
	if (addrlimit_take(app->login_rl, http_client_addr(req)) != ADDRLIMIT_OK)
		return login_render(req, MHD_HTTP_TOO_MANY_REQUESTS, "error.429");
	if ((found = db_user_by_name(app->store, name, &u)) == REVIEW_EFAIL)
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	if (kdf_gate_enter(app->gate) == -1)
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	ok = found ? login_check(req, &u, pw, code, &sk) : (login_decoy(pw), 0);
	kdf_gate_leave(app->gate);
	if (ok)
		addrlimit_succeeded(app->login_rl, http_client_addr(req));
	else
		addrlimit_failed(app->login_rl, http_client_addr(req));
	/* no session without its audit entry (and the failure count) */
	if (db_login_record(app->store, found ? &u : NULL, ok, REVIEW_MAX_FAILED,
	    REVIEW_LOCK_BASE, REVIEW_LOCK_MAX) != REVIEW_OK) {
		env_secret_free(sk);
		return login_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	}
	if (!ok)
		return login_render(req, MHD_HTTP_FORBIDDEN, "r.login.failed");
	return login_session(req, &u, sk);
}

/*
 * A logout ends the server session (and wipes the unwrapped key) as soon
 * as the request arrives, whether or not its form token then checks out:
 * a refused logout must not leave the key alive. The cookie is
 * SameSite=Strict, so another site cannot send it.
 */
enum MHD_Result
review_logout_prepare(struct request *req)
{
	struct review *app = review_of(req);
	struct review_user u;

	review_session_prepare(req);
	if (review_current(req, &u) == 1)
		db_audit(app->store, u.username, "logout", NULL, NULL);
	sessions_destroy(app->sessions, http_cookie(req, REVIEW_SESSION_COOKIE));
	return MHD_YES;
}

enum MHD_Result
review_logout(struct request *req)
{
	http_set_cookie(req, REVIEW_SESSION_COOKIE, "", 0);
	return http_redirect(req, "/login");
}
