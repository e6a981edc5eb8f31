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
#include "server/common/audit.h"
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
	view_set(v, "me", u->username);
	view_set_flag(v, strcmp(u->role, "counselor") == 0 ? "is_counselor" :
	    strcmp(u->role, "admin") == 0 ? "is_admin" : "is_analyst", 1);
	if (msgid != NULL)
		view_set(v, status == MHD_HTTP_OK ? "notice" : "error", msgid);
	return page_send(req, &p, status, "r_account", v);
}

enum MHD_Result
review_account(struct request *req)
{
	struct review_user u;
	int rc = review_current(req, &u);

	if (rc != 1)
		return rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
	return account_render(req, &u, MHD_HTTP_OK, NULL);
}

/* 0 changed, 1 current password wrong, -1 error. */
static int
account_rewrap(PGconn *c, const struct review_user *u, const char *cur,
    const char *pw)
{
	struct keywrap kw, nw;
	unsigned char *sk = sodium_malloc(ENV_SKBYTES);
	char ops[24], mem[24];
	const char *v[5];
	int len[5] = { 0 }, fmt[5] = { 0 }, rc = -1;
	PGresult *r;

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
		snprintf(ops, sizeof(ops), "%llu", nw.ops);
		snprintf(mem, sizeof(mem), "%zu", nw.mem);
		v[0] = u->id;
		v[1] = (char *)nw.wrapped; len[1] = sizeof(nw.wrapped); fmt[1] = 1;
		v[2] = (char *)nw.salt; len[2] = sizeof(nw.salt); fmt[2] = 1;
		v[3] = ops; v[4] = mem;
		r = store_query(c, "UPDATE counselors SET wrapped_sk = $2, wrap_salt = $3, "
		    "wrap_ops = $4, wrap_mem = $5 WHERE id = $1", 5, v, len, fmt, 0);
		rc = r != NULL ? 0 : -1;
		PQclear(r);
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
	const char *problem;
	struct review_user u;
	PGconn *c;
	int rc = review_current(req, &u);

	if (rc != 1)
		return rc == -1 ? review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE) :
		    http_redirect(req, "/login");
	if (!http_csrf_ok(req) || cur == NULL || pw == NULL || confirm == NULL ||
	    strlen(cur) > KEYWRAP_PASSWORD_MAX)
		return account_render(req, &u, MHD_HTTP_BAD_REQUEST, "error.csrf");
	if ((problem = review_password_problem(pw, confirm, u.username)) != NULL)
		return account_render(req, &u, MHD_HTTP_BAD_REQUEST, problem);
	/* guessing the current password here is guessing a login */
	if (u.locked || addrlimit_take(app->login_rl, http_client_addr(req)) !=
	    ADDRLIMIT_OK) {
		http_retry_after(req, KDF_GATE_RETRY_AFTER);
		return account_render(req, &u, MHD_HTTP_TOO_MANY_REQUESTS,
		    "error.429");
	}
	if (kdf_gate_enter(app->gate) == -1)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	if ((c = store_acquire(app->store)) == NULL) {
		kdf_gate_leave(app->gate);
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	}
	rc = account_rewrap(c, &u, cur, pw);
	kdf_gate_leave(app->gate);
	if (rc == 1) {
		review_user_failed(c, u.id);
		addrlimit_failed(app->login_rl, http_client_addr(req));
	}
	audit_append(c, u.username, rc == 0 ? "password.change" :
	    "password.change_failed", NULL, NULL);
	store_release(app->store, c);
	if (rc == 1)
		return account_render(req, &u, MHD_HTTP_FORBIDDEN, "r.account.wrong");
	if (rc != 0)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	/* a password change shuts out whoever else holds a session */
	sessions_destroy_subject(app->sessions, u.id,
	    http_cookie(req, REVIEW_SESSION_COOKIE));
	return account_render(req, &u, MHD_HTTP_OK, "r.account.changed");
}
