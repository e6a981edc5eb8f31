/*
 * What a counselor does to a case: reply to the reporter (sealed under
 * the case key, so the reporter reads it with the receipt), keep an
 * internal note (sealed under the notes key, which only counselors hold),
 * and change status, priority or assignee. Each change is written with
 * its audit entry in one transaction (server/review/db_action.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/review/case.h"
#include "server/review/watch.h"

#define REVIEW_CASE_HOLDERS	256	/* counselors holding one case's key */

static int
act_reply(struct request *req, const struct review_user *u,
    const struct review_case *rc, const char *text)
{
	struct store_attachment atts[UPLOAD_MAX_FILES];
	struct db_reply d = { .case_id = rc->id, .by = u, .atts = atts };
	char id[DB_ID_TEXT];
	unsigned char *body;
	int r;

	env_random_id(id);
	/* the reply's files, sealed as they arrived, are stored under it */
	if (req->k != NULL && req->uploads.n > 0) {
		if (upload_finish(&req->uploads, req->k, rc->id) != UPLOAD_OK)
			return REVIEW_EFAIL;
		d.natts = upload_to_store(&req->uploads, id, atts, UPLOAD_MAX_FILES);
	}
	if (env_record_seal(rc->k, rc->id, "message", id, (const unsigned char *)text,
	    strlen(text), &body, &d.len) != ENV_OK)
		return REVIEW_EFAIL;
	d.record_id = id;
	d.body = body;
	d.acknowledge = strcmp(rc->status, VOCAB_STATUS_NEW) == 0;
	r = db_reply_add(review_of(req)->store, &d);
	free(body);
	return r;
}

/* A new notes key sealed to every counselor holding the case key: count. */
static int
note_key_create(struct review *app, const char *case_id, unsigned char **nk,
    struct db_sealed_for *keys, size_t max)
{
	struct db_holder *h = calloc(max, sizeof(*h));
	int i, n;

	if (h == NULL)
		return REVIEW_EFAIL;
	if ((n = db_case_holders(app->store, case_id, h, max)) >= 0 &&
	    (*nk = env_key_new()) == NULL)
		n = REVIEW_EFAIL;
	for (i = 0; i < n; i++) {
		memcpy(keys[i].counselor_id, h[i].id, sizeof(keys[i].counselor_id));
		if (env_key_seal(*nk, h[i].pk, keys[i].sealed) != ENV_OK)
			n = REVIEW_EFAIL;
	}
	free(h);
	if (n < 0) {
		env_secret_free(*nk);
		*nk = NULL;
	}
	return n;
}

static int
act_note(struct review *app, const struct review_user *u,
    const unsigned char *sk, const struct review_case *rc, const char *text)
{
	struct db_note_new d = { .case_id = rc->id, .by = u };
	struct db_sealed_for *keys = NULL;
	unsigned char *nk = NULL, *body;
	char id[DB_ID_TEXT];
	int have, r;

	if ((have = review_note_key(app, u, sk, rc->id, &nk)) == REVIEW_EFAIL)
		return REVIEW_EFAIL;
	if (have == 0) {
		if ((keys = calloc(REVIEW_CASE_HOLDERS, sizeof(*keys))) == NULL ||
		    (r = note_key_create(app, rc->id, &nk, keys,
		    REVIEW_CASE_HOLDERS)) < 0) {
			free(keys);
			return REVIEW_EFAIL;
		}
		d.new_keys = keys;
		d.nkeys = (size_t)r;
	}
	env_random_id(id);
	r = env_record_seal(nk, rc->id, "note", id, (const unsigned char *)text,
	    strlen(text), &body, &d.len);
	env_secret_free(nk);
	if (r != ENV_OK) {
		free(keys);
		return REVIEW_EFAIL;
	}
	d.note_id = id;
	d.body = body;
	r = db_note_add(app->store, &d);
	free(body);
	free(keys);
	return r;
}

/* The checked labels as a PostgreSQL array literal; -1 for an unknown one. */
static int
act_labels(struct formdata *fd, char *out, size_t outlen)
{
	size_t i, o = 0;

	out[o++] = '{';
	for (i = 0; i < fd->n; i++) {
		if (strcmp(fd->v[i].name, "label") != 0)
			continue;
		if (vocab_find(vocab_labels, fd->v[i].value) == NULL)
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
act_status(struct review *app, const struct review_user *u,
    const struct review_case *rc, struct formdata *fd)
{
	const char *mine = formdata_get(fd, "assign");
	const char *outcome = formdata_get(fd, "outcome");
	struct db_status d = { .case_id = rc->id, .by = u };
	char labels[DB_LABELS_TEXT];

	d.status = vocab_find(vocab_statuses, formdata_get(fd, "status"));
	d.priority = vocab_find(vocab_priorities, formdata_get(fd, "priority"));
	/* "" (or no field) is no outcome; anything else must be a word */
	d.outcome = outcome != NULL && outcome[0] != '\0' ?
	    vocab_find(vocab_outcomes, outcome) : NULL;
	if (d.status == NULL || d.priority == NULL ||
	    (d.outcome == NULL && outcome != NULL && outcome[0] != '\0') ||
	    act_labels(fd, labels, sizeof(labels)) == -1 ||
	    review_watch_form(fd, &d) == -1)
		return REVIEW_EINPUT;
	d.labels = labels;
	d.assign_me = mine != NULL && strcmp(mine, "me") == 0;
	return db_status_set(app->store, &d);
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
act_grant(struct review *app, const struct review_user *u,
    const unsigned char *sk, const struct review_case *rc, const char *name)
{
	struct db_grant d = { .case_id = rc->id, .by = u };
	struct review_user t;
	unsigned char *nk = NULL;
	int r = 0;

	if (name == NULL || (r = db_user_by_name(app->store, name, &t)) == 0 ||
	    !(t.role_bit & REVIEW_ROLE_COUNSELOR) || !t.has_key || !t.setup_done ||
	    !t.active)
		return r == REVIEW_EFAIL ? REVIEW_EFAIL : REVIEW_EINPUT;
	if ((r = db_channel_member(app->store, rc->id, t.id)) != 1)
		return r == 0 ? REVIEW_EINPUT : REVIEW_EFAIL;
	d.to = &t;
	if (env_key_seal(rc->k, t.pk, d.case_key) != ENV_OK)
		return REVIEW_EFAIL;
	if ((r = review_note_key(app, u, sk, rc->id, &nk)) == REVIEW_EFAIL)
		return REVIEW_EFAIL;
	d.has_note_key = r == 1 && env_key_seal(nk, t.pk, d.note_key) == ENV_OK;
	env_secret_free(nk);
	return db_grant_add(app->store, &d);
}

static int
act_run(struct request *req, const struct review_user *u,
    const struct review_case *rc, const char *verb)
{
	struct review *app = review_of(req);
	const char *t;

	if (strcmp(verb, "status") == 0)
		return act_status(app, u, rc, &req->form);
	if (strcmp(verb, "reply") == 0)
		return (t = act_text(&req->form, "message")) ?
		    act_reply(req, u, rc, t) : REVIEW_EINPUT;
	if (strcmp(verb, "grant") == 0)
		return act_grant(app, u, req->session.k, rc,
		    formdata_get(&req->form, "username"));
	if (strcmp(verb, "note") == 0)
		return (t = act_text(&req->form, "note")) ?
		    act_note(app, u, req->session.k, rc, t) : REVIEW_EINPUT;
	return REVIEW_ENOTFOUND;
}

/* The case is open and the form's token checked already (RA_CASE, RA_CSRF). */
enum MHD_Result
review_case_post(struct request *req)
{
	struct review_ctx *x = review_ctx(req);
	char back[64];
	int rc_act;

	if (x->arg[0] != '\0')
		return review_error(req, MHD_HTTP_NOT_FOUND);
	if (req->body_status != 0)
		return review_error(req, req->body_status);
	rc_act = act_run(req, &x->u, &x->rc, x->verb);
	if (rc_act != REVIEW_OK)
		return review_error(req, review_rc_status(rc_act));
	snprintf(back, sizeof(back), "/c/%s?done=1", x->id);
	return http_redirect(req, back);
}
