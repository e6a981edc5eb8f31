/*
 * A counselor's mail notice settings: a work address, urgent cases at
 * once, a digest (hourly, daily or off) and daily deadline reminders.
 * Mails are written in the language the page was shown in when the
 * settings were saved. A refused form is shown again with what was typed.
 */
#include <stdio.h>
#include <string.h>

#include "server/review/db_notify.h"
#include "server/review/notify.h"

static void
notify_fill(struct view *v, const struct db_notify *n)
{
	view_set_flag(v, "notify", 1);
	view_set(v, "n_email", n->email);
	view_set_flag(v, "n_urgent", n->urgent);
	view_set_flag(v, "n_reminders", n->reminders);
	view_set_flag(v, "n_hourly", strcmp(n->digest, "hourly") == 0);
	view_set_flag(v, "n_daily", strcmp(n->digest, "daily") == 0);
	view_set_flag(v, "n_off", strcmp(n->digest, "off") == 0);
}

void
review_notify_view(struct request *req, struct view *v, const struct review_user *u)
{
	struct db_notify n;

	if (!(u->role_bit & REVIEW_ROLE_COUNSELOR))
		return;
	if (db_notify_get(review_of(req)->store, u->id, &n) == -1)
		return;		/* the password form still works */
	notify_fill(v, &n);
	if (n.email[0] == '\0')
		view_set(v, "n_cleared", "r.notify.cleared");
}

static enum MHD_Result
notify_render(struct request *req, const struct review_user *u,
    const struct db_notify *n, unsigned status, const char *msgid)
{
	struct page_ctx p = review_page(req);
	struct view *v = view_new();

	if (v == NULL)
		return MHD_NO;
	view_set(v, "title", "r.account.title");
	review_nav(v, u);
	notify_fill(v, n);
	view_set(v, status == MHD_HTTP_OK ? "n_notice" : "n_error", msgid);
	return page_send(req, &p, status, "r_account", v);
}

/* The form into n; 0, or -1 if a value is not one the form offers. */
static int
notify_parse(struct request *req, struct db_notify *n)
{
	const char *email = formdata_get(&req->form, REVIEW_NOTIFY_EMAIL_FIELD);
	const char *digest = formdata_get(&req->form, "digest");
	size_t len;

	db_notify_defaults(n);
	if (email == NULL || digest == NULL)
		return -1;
	/* spaces around a pasted address are not part of it */
	while (*email == ' ')
		email++;
	len = strlen(email);
	while (len > 0 && email[len - 1] == ' ')
		len--;
	if (len > MAILADDR_MAX) {
		snprintf(n->email, sizeof(n->email), "%.*s", MAILADDR_MAX, email);
		return -1;
	}
	snprintf(n->email, sizeof(n->email), "%.*s", (int)len, email);
	n->urgent = formdata_get(&req->form, "urgent") != NULL;
	n->reminders = formdata_get(&req->form, "reminders") != NULL;
	if (strcmp(digest, "hourly") != 0 && strcmp(digest, "daily") != 0 &&
	    strcmp(digest, "off") != 0)
		return -1;
	snprintf(n->digest, sizeof(n->digest), "%s", digest);
	return n->email[0] == '\0' || mailaddr_ok(n->email) ? 0 : -1;
}

/* The route admits counselors only, logged in, with the form's CSRF token. */
enum MHD_Result
review_notify_save(struct request *req)
{
	const struct review_user *u = &review_ctx(req)->u;
	struct db_notify n;

	if (notify_parse(req, &n) == -1)
		return notify_render(req, u, &n, MHD_HTTP_BAD_REQUEST,
		    "r.notify.bad_email");
	if (db_notify_put(review_of(req)->store, u->id, u->username, &n,
	    lang_code(req->lang)) == -1)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	return notify_render(req, u, &n, MHD_HTTP_OK, n.email[0] == '\0' ?
	    "r.notify.cleared" : "r.notify.saved");
}
