/*
 * What a counselor does to a case: reply to the reporter (sealed under
 * the case key, so the reporter reads it with the receipt), keep an
 * internal note (sealed under the notes key, which only counselors hold),
 * and change status, priority or assignee. Each is audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/audit.h"
#include "server/review/case.h"

/* The reply's files, sealed as they arrived, stored under the reply. */
static int
act_reply_files(struct request *req, PGconn *c, const struct review_case *rc,
    const char *record_id)
{
	struct store_attachment atts[UPLOAD_MAX_FILES];
	size_t i, n;

	if (req->k == NULL || req->uploads.n == 0)
		return 0;
	if (upload_finish(&req->uploads, req->k, rc->id) != UPLOAD_OK)
		return -1;
	n = upload_to_store(&req->uploads, record_id, atts, UPLOAD_MAX_FILES);
	for (i = 0; i < n; i++)
		if (store_insert_attachment(c, rc->id, &atts[i]) == -1)
			return -1;
	return 0;
}

static int
act_reply(struct request *req, PGconn *c, const struct review_user *u,
    const struct review_case *rc, const char *text)
{
	char id[33];
	unsigned char *body;
	size_t len;
	const char *v[4];
	int lens[4] = { 0 }, fmt[4] = { 0 };
	PGresult *r;

	env_random_id(id);
	if (env_record_seal(rc->k, rc->id, "message", id, (const unsigned char *)text,
	    strlen(text), &body, &len) != ENV_OK)
		return -1;
	v[0] = rc->id; v[1] = id; v[2] = u->id;
	v[3] = (const char *)body; lens[3] = (int)len; fmt[3] = 1;
	r = store_query(c, "BEGIN", 0, NULL, NULL, NULL, 0);
	PQclear(r);
	r = store_query(c, "SELECT review_append($1, $2, $3, $4)", 4, v, lens, fmt, 0);
	free(body);
	if (r == NULL || act_reply_files(req, c, rc, id) == -1) {
		PQclear(r);
		PQclear(store_query(c, "ROLLBACK", 0, NULL, NULL, NULL, 0));
		return -1;
	}
	PQclear(r);
	if ((r = store_query(c, "COMMIT", 0, NULL, NULL, NULL, 0)) == NULL)
		return -1;
	PQclear(r);
	if (strcmp(rc->status, "new") == 0) {
		r = store_query(c, "UPDATE cases SET status = 'acknowledged' WHERE id = $1",
		    1, v, NULL, NULL, 0);
		PQclear(r);
	}
	return audit_append(c, u->username, "case.reply", rc->id, NULL);
}

/* A new notes key, sealed to every counselor holding the case key. */
static int
note_key_create(PGconn *c, const char *case_id, unsigned char **nk)
{
	const char *v[3] = { case_id };
	unsigned char sealed[ENV_SEALED_KEYBYTES], pk[32];
	int lens[3] = { 0, 0, sizeof(sealed) }, fmt[3] = { 0, 0, 1 }, i, ok = 1;
	PGresult *r, *w;

	r = store_query(c, "SELECT k.counselor_id, c.public_key FROM case_keys k "
	    "JOIN counselors c ON c.id = k.counselor_id WHERE k.case_id = $1 AND "
	    "k.holder = 'counselor' AND c.public_key IS NOT NULL", 1, v, NULL, NULL, 1);
	if (r == NULL || (*nk = env_key_new()) == NULL) {
		PQclear(r);
		return -1;
	}
	for (i = 0; ok && i < PQntuples(r); i++) {
		if (PQgetlength(r, i, 1) != 32)
			continue;
		memcpy(pk, PQgetvalue(r, i, 1), 32);
		v[1] = PQgetvalue(r, i, 0);
		v[2] = (const char *)sealed;
		ok = env_key_seal(*nk, pk, sealed) == ENV_OK &&
		    (w = store_query(c, "INSERT INTO note_keys (case_id, counselor_id, "
		    "sealed_key) VALUES ($1, $2, $3)", 3, v, lens, fmt, 0)) != NULL;
		if (ok)
			PQclear(w);
	}
	PQclear(r);
	return ok ? 0 : -1;
}

static int
act_note(PGconn *c, const struct review_user *u, const unsigned char *sk,
    const struct review_case *rc, const char *text)
{
	unsigned char *nk = NULL, *body;
	const char *v[4];
	int lens[4] = { 0 }, fmt[4] = { 0 }, have;
	char id[33];
	size_t len;
	PGresult *r;

	if ((have = review_note_key(c, u, sk, rc->id, &nk)) == -1 ||
	    (have == 0 && note_key_create(c, rc->id, &nk) == -1))
		return -1;
	env_random_id(id);
	have = env_record_seal(nk, rc->id, "note", id, (const unsigned char *)text,
	    strlen(text), &body, &len);
	env_secret_free(nk);
	if (have != ENV_OK)
		return -1;
	v[0] = id; v[1] = rc->id; v[2] = u->id;
	v[3] = (const char *)body; lens[3] = (int)len; fmt[3] = 1;
	r = store_query(c, "INSERT INTO notes (id, case_id, counselor_id, body) "
	    "VALUES ($1, $2, $3, $4)", 4, v, lens, fmt, 0);
	free(body);
	if (r == NULL)
		return -1;
	PQclear(r);
	return audit_append(c, u->username, "case.note", rc->id, NULL);
}

static int
one_of(const char *v, const char *const *ok)
{
	size_t i;

	for (i = 0; v != NULL && ok[i] != NULL; i++)
		if (strcmp(v, ok[i]) == 0)
			return 1;
	return 0;
}

const char *const review_labels[] = { "follow_up", "needs_investigation",
    "hr_informed", "medical_referral", "retaliation_check", "third_party", NULL };

/* The checked labels as a PostgreSQL array literal; -1 for an unknown one. */
static int
act_labels(struct formdata *fd, char *out, size_t outlen)
{
	size_t i, o = 0;

	out[o++] = '{';
	for (i = 0; i < fd->n; i++) {
		if (strcmp(fd->v[i].name, "label") != 0)
			continue;
		if (!one_of(fd->v[i].value, review_labels))
			return -1;
		o += (size_t)snprintf(out + o, outlen - o, "%s%s", o > 1 ? "," : "",
		    fd->v[i].value);
		if (o >= outlen - 2)
			return -1;
	}
	out[o++] = '}';
	out[o] = '\0';
	return 0;
}

static int
act_status(PGconn *c, const struct review_user *u, const struct review_case *rc,
    struct formdata *fd)
{
	static const char *const st[] = { "new", "acknowledged", "in_progress",
	    "waiting", "closed", "reopened", NULL };
	static const char *const pr[] = { "low", "normal", "high", "urgent", NULL };
	const char *s = formdata_get(fd, "status"), *p = formdata_get(fd, "priority");
	static const char *const oc[] = { "", "resolved", "advice_given",
	    "no_harassment", "withdrawn", "referred", NULL };
	const char *mine = formdata_get(fd, "assign");
	const char *outcome = formdata_get(fd, "outcome");
	const char *v[6];
	char labels[256];
	char detail[96];
	PGresult *r;

	if (!one_of(s, st) || !one_of(p, pr) ||
	    (outcome != NULL && !one_of(outcome, oc)) ||
	    act_labels(fd, labels, sizeof(labels)) == -1)
		return -2;
	v[0] = rc->id; v[1] = s; v[2] = p;
	v[3] = mine != NULL && strcmp(mine, "me") == 0 ? u->id : NULL;
	v[4] = outcome != NULL && outcome[0] != '\0' ? outcome : NULL;
	v[5] = labels;
	r = store_query(c, "UPDATE cases SET status = $2, priority = $3, labels = $6, "
	    "assignee = coalesce($4, assignee), updated_at = date_trunc('hour', now()), "
	    "closed_at = CASE WHEN $2 = 'closed' THEN date_trunc('day', now()) END, "
	    "outcome = CASE WHEN $2 = 'closed' THEN $5 END "
	    "WHERE id = $1", 6, v, NULL, NULL, 0);
	if (r == NULL)
		return -1;
	PQclear(r);
	snprintf(detail, sizeof(detail), "status=%s priority=%s%s%s%s", s, p,
	    v[3] ? " assigned" : "", v[4] ? " outcome=" : "", v[4] ? v[4] : "");
	return audit_append(c, u->username, "case.status", rc->id, detail);
}

/* The text field of a reply or note: present, not blank, bounded. */
static const char *
act_text(struct formdata *fd, const char *name)
{
	const char *t = formdata_get(fd, name);

	if (t == NULL || t[strspn(t, " \t\r\n")] == '\0' ||
	    strlen(t) > REVIEW_NOTE_MAX)
		return NULL;
	return t;
}

/*
 * Gives another counselor of the case's channel access to an older case:
 * the case key (and the notes key, if any) sealed to their public key.
 */
static int
act_grant(PGconn *c, const struct review_user *u, const unsigned char *sk,
    const struct review_case *rc, const char *name)
{
	unsigned char sealed[ENV_SEALED_KEYBYTES], *nk = NULL;
	const char *v[3];
	int lens[3] = { 0, 0, sizeof(sealed) }, fmt[3] = { 0, 0, 1 }, ok;
	struct review_user t;
	PGresult *r;

	if (name == NULL || review_user_by_name(c, name, &t) != 1 ||
	    strcmp(t.role, "counselor") != 0 || !t.has_key || !t.setup_done ||
	    !t.active)
		return -2;
	v[0] = rc->id; v[1] = t.id;
	r = store_query(c, "SELECT 1 FROM channel_recipients cr JOIN cases c ON "
	    "c.channel_id = cr.channel_id WHERE c.id = $1 AND cr.counselor_id = $2",
	    2, v, NULL, NULL, 0);
	ok = r != NULL && PQntuples(r) == 1;
	PQclear(r);
	if (!ok || env_key_seal(rc->k, t.pk, sealed) != ENV_OK)
		return -2;
	v[2] = (const char *)sealed;
	r = store_query(c, "INSERT INTO case_keys (case_id, holder, counselor_id, "
	    "sealed_key) VALUES ($1, 'counselor', $2, $3) ON CONFLICT DO NOTHING",
	    3, v, lens, fmt, 0);
	if (r == NULL)
		return -1;
	PQclear(r);
	if (review_note_key(c, u, sk, rc->id, &nk) == 1 &&
	    env_key_seal(nk, t.pk, sealed) == ENV_OK) {
		r = store_query(c, "INSERT INTO note_keys (case_id, counselor_id, "
		    "sealed_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", 3, v,
		    lens, fmt, 0);
		PQclear(r);
	}
	env_secret_free(nk);
	return audit_append(c, u->username, "case.grant", rc->id, t.username);
}

static int
act_run(struct request *req, PGconn *c, const struct review_user *u,
    const struct review_case *rc, const char *verb)
{
	const char *t;

	if (strcmp(verb, "status") == 0)
		return act_status(c, u, rc, &req->form);
	if (strcmp(verb, "reply") == 0)
		return (t = act_text(&req->form, "message")) ?
		    act_reply(req, c, u, rc, t) : -2;
	if (strcmp(verb, "grant") == 0)
		return act_grant(c, u, req->session.k, rc,
		    formdata_get(&req->form, "username"));
	if (strcmp(verb, "note") == 0)
		return (t = act_text(&req->form, "note")) ?
		    act_note(c, u, req->session.k, rc, t) : -2;
	return -3;
}

enum MHD_Result
review_case_post(struct request *req)
{
	char id[33], verb[16], arg[33], back[64];
	struct review_user u;
	struct review_case rc;
	enum MHD_Result a;
	PGconn *c;
	int rc_act;

	if (!review_case_path(req->tail, id, verb, arg) || arg[0] != '\0')
		return review_error(req, MHD_HTTP_NOT_FOUND);
	if (req->body_status != 0 || !http_csrf_ok(req))
		return review_error(req, req->body_status ? req->body_status :
		    MHD_HTTP_FORBIDDEN);
	if (!review_case_enter(req, id, &u, &rc, &c, &a))
		return a;
	rc_act = act_run(req, c, &u, &rc, verb);
	review_case_close(&rc);
	store_release(review_of(req)->store, c);
	if (rc_act == -3)
		return review_error(req, MHD_HTTP_NOT_FOUND);
	if (rc_act == -2)
		return review_error(req, MHD_HTTP_BAD_REQUEST);
	if (rc_act == -1)
		return review_error(req, MHD_HTTP_SERVICE_UNAVAILABLE);
	snprintf(back, sizeof(back), "/c/%s?done=1", id);
	return http_redirect(req, back);
}
