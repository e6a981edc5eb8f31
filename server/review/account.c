/*
 * Changing one's password: the secret key is unwrapped with the current
 * password and wrapped again under the new one; the key pair, and so
 * every case key sealed to it, stays the same. Wrong current passwords
 * count as failed logins; a change ends the user's other sessions.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "server/review/notify.h"
#include "server/review/review.h"

static enum MHD_Result
account_render(struct request *req, const struct review_user *u, unsigned status,
    const char *msgid)
{
	struct page_ctx p = review_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "r.account.title");
	review_nav(v, u);
	if (msgid != NULL)
		view_set(v, status == MHD_HTTP_OK ? "notice" : "error", msgid);
	review_notify_view(req, v, u);
	return page_send(req, &p, status, "r_account", v);
}

enum MHD_Result
review_account(struct request *req)
{
	return account_render(req, &review_ctx(req)->u, MHD_HTTP_OK, NULL);
}

/* REVIEW_OK changed, 1 current password wrong, REVIEW_EFAIL. */
static int
account_rewrap(struct review *app, const struct review_user *u,
    const char *cur, const char *pw)
{
	struct keywrap kw, nw;
	struct db_wrap w;
	unsigned char *sk = sodium_malloc(ENV_SKBYTES);
	int rc = REVIEW_EFAIL;

	memcpy(kw.salt, u->kw.salt, sizeof(kw.salt));
	kw.ops = u->kw.ops;
	kw.mem = u->kw.mem;
	memcpy(kw.wrapped, u->kw.wrapped, sizeof(kw.wrapped));
	if (sk == NULL || keywrap_unwrap(cur, strlen(cur), &kw, u->id, sk) != ENV_OK) {
		env_secret_free(sk);
		return 1;
	}
	if (keywrap_wrap(pw, strlen(pw), sk, u->id, KEYWRAP_OPS, KEYWRAP_MEM,
	    &nw) == ENV_OK) {
		memcpy(w.wrapped, nw.wrapped, sizeof(w.wrapped));
		memcpy(w.salt, nw.salt, sizeof(w.salt));
		w.ops = nw.ops;
		w.mem = nw.mem;
		rc = db_user_set_wrap(app->store, u, &w);
	}
	env_secret_free(sk);
	return rc;
}

enum MHD_Result
review_password(struct request *req)
{
	struct review *app = review_of(req);
	const char *cur = formdata_get(&req->form, "current");
	const char *pw = formdata_get(&req->form, "password");
	const char *confirm = formdata_get(&req->form, "confirm");
	const struct review_user *u = &review_ctx(req)->u;
	const char *problem;
	int rc;

	if (cur == NULL || pw == NULL || confirm == NULL ||
	    strlen(cur) > KEYWRAP_PASSWORD_MAX)
		return account_render(req, u, MHD_HTTP_BAD_REQUEST, "error.csrf");
	if ((problem = review_password_problem(pw, confirm, u->username)) != NULL)
		return account_render(req, u, MHD_HTTP_BAD_REQUEST, problem);
	/* guessing the current password here is guessing a login */
	if (u->locked || addrlimit_take(app->login_rl, http_client_addr(req)) !=
	    ADDRLIMIT_OK) {
		http_retry_after(req, KDF_GATE_RETRY_AFTER);
		return account_render(req, u, MHD_HTTP_TOO_MANY_REQUESTS,
		    "error.429");
	}
	if (kdf_gate_enter(app->gate) == -1)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	rc = account_rewrap(app, u, cur, pw);
	kdf_gate_leave(app->gate);
	if (rc == 1) {
		/* counted like a failed login, for the account and the address */
		addrlimit_failed(app->login_rl, http_client_addr(req));
		db_login_failed(app->store, u, "password.change_failed",
		    REVIEW_MAX_FAILED, REVIEW_LOCK_BASE, REVIEW_LOCK_MAX);
		return account_render(req, u, MHD_HTTP_FORBIDDEN, "r.account.wrong");
	}
	if (rc != REVIEW_OK)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	/* a password change shuts out whoever else holds a session */
	sessions_destroy_subject(app->sessions, u->id,
	    http_cookie(req, REVIEW_SESSION_COOKIE));
	return account_render(req, u, MHD_HTTP_OK, "r.account.changed");
}
