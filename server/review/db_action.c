/*
 * Changes a counselor makes to a case. Each runs inside db_tx, so the
 * change and its audit entry are committed together or not at all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/vocab.h"
#include "server/review/db_int.h"

static int
ok_or_fail(int rc)
{
	return rc == 0 ? REVIEW_OK : REVIEW_EFAIL;
}

static int
reply_tx(PGconn *c, const void *arg)
{
	const struct db_reply *d = arg;
	struct db_params p = { .n = 0 };
	PGresult *r;
	size_t i;
	int found;

	db_text(&p, d->case_id);
	db_text(&p, d->record_id);
	db_text(&p, d->by->id);
	db_bin(&p, d->body, d->len);
	if ((r = db_run(c, "SELECT review_append($1, $2, $3, $4) IS NOT NULL",
	    &p, 0)) == NULL)
		return REVIEW_EFAIL;
	found = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!found)
		return REVIEW_ENOTFOUND;
	for (i = 0; i < d->natts; i++)
		if (store_insert_attachment(c, d->case_id, &d->atts[i]) == -1)
			return REVIEW_EFAIL;
	if (!d->acknowledge)
		return REVIEW_OK;
	p.n = 0;
	db_text(&p, d->case_id);
	db_text(&p, VOCAB_STATUS_ACK);
	db_text(&p, VOCAB_STATUS_NEW);
	return ok_or_fail(db_cmd(c, "UPDATE cases SET status = $2 "
	    "WHERE id = $1 AND status = $3", &p));
}

int
db_reply_add(struct store *s, const struct db_reply *d)
{
	struct db_audit_entry e = { "case.reply", NULL };

	return db_tx(s, reply_tx, d, d->by->username, d->case_id, &e, 1);
}

int
db_case_holders(struct store *s, const char *case_id, struct db_holder *out,
    size_t max)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int i, n = 0;

	db_text(&p, case_id);
	r = db_query(s, "SELECT k.counselor_id, c.public_key FROM case_keys k "
	    "JOIN counselors c ON c.id = k.counselor_id WHERE k.case_id = $1 AND "
	    "k.holder = 'counselor' AND c.public_key IS NOT NULL", &p, 1);
	if (r == NULL)
		return REVIEW_EFAIL;
	for (i = 0; i < PQntuples(r); i++) {
		if (PQgetlength(r, i, 1) != DB_PK_BYTES)
			continue;
		if ((size_t)n >= max) {
			n = REVIEW_EFAIL;
			break;
		}
		db_col(r, i, 0, out[n].id, sizeof(out[n].id));
		memcpy(out[n].pk, PQgetvalue(r, i, 1), DB_PK_BYTES);
		n++;
	}
	PQclear(r);
	return n;
}

static int
note_tx(PGconn *c, const void *arg)
{
	const struct db_note_new *d = arg;
	struct db_params p = { .n = 0 };
	size_t i;

	for (i = 0; i < d->nkeys; i++) {
		p.n = 0;
		db_text(&p, d->case_id);
		db_text(&p, d->new_keys[i].counselor_id);
		db_bin(&p, d->new_keys[i].sealed, DB_SEALED_KEY);
		if (db_cmd(c, "INSERT INTO note_keys (case_id, counselor_id, "
		    "sealed_key) VALUES ($1, $2, $3)", &p) == -1)
			return REVIEW_EFAIL;
	}
	p.n = 0;
	db_text(&p, d->note_id);
	db_text(&p, d->case_id);
	db_text(&p, d->by->id);
	db_bin(&p, d->body, d->len);
	return ok_or_fail(db_cmd(c, "INSERT INTO notes (id, case_id, "
	    "counselor_id, body) VALUES ($1, $2, $3, $4)", &p));
}

int
db_note_add(struct store *s, const struct db_note_new *d)
{
	struct db_audit_entry e = { "case.note", NULL };

	return db_tx(s, note_tx, d, d->by->username, d->case_id, &e, 1);
}

static int
status_tx(PGconn *c, const void *arg)
{
	const struct db_status *d = arg;
	struct db_params p = { .n = 0 };
	int rc;

	/* before the update: the dates are set only as the case becomes closed */
	if (strcmp(d->status, VOCAB_STATUS_CLOSED) == 0 &&
	    (rc = db_watch_close(c, d)) != REVIEW_OK)
		return rc;
	db_text(&p, d->case_id);
	db_text(&p, d->status);
	db_text(&p, d->priority);
	db_text(&p, d->assign_me ? d->by->id : NULL);
	db_text(&p, d->outcome);
	db_text(&p, d->labels);
	return ok_or_fail(db_cmd(c, "UPDATE cases SET status = $2, priority = $3, "
	    "labels = $6, assignee = coalesce($4, assignee), "
	    "updated_at = date_trunc('hour', now()), "
	    "closed_at = CASE WHEN $2 = 'closed' THEN date_trunc('day', now()) END, "
	    "outcome = CASE WHEN $2 = 'closed' THEN $5 END WHERE id = $1", &p));
}

int
db_status_set(struct store *s, const struct db_status *d)
{
	struct db_audit_entry e = { "case.status", NULL };
	char detail[96];

	snprintf(detail, sizeof(detail), "status=%s priority=%s%s%s%s", d->status,
	    d->priority, d->assign_me ? " assigned" : "",
	    d->outcome ? " outcome=" : "", d->outcome ? d->outcome : "");
	e.detail = detail;
	return db_tx(s, status_tx, d, d->by->username, d->case_id, &e, 1);
}

int
db_channel_member(struct store *s, const char *case_id, const char *counselor_id)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int found;

	db_text(&p, case_id);
	db_text(&p, counselor_id);
	r = db_query(s, "SELECT 1 FROM channel_recipients cr JOIN cases c ON "
	    "c.channel_id = cr.channel_id WHERE c.id = $1 AND cr.counselor_id = $2",
	    &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	found = PQntuples(r) == 1;
	PQclear(r);
	return found;
}

static int
grant_tx(PGconn *c, const void *arg)
{
	const struct db_grant *d = arg;
	struct db_params p = { .n = 0 };

	db_text(&p, d->case_id);
	db_text(&p, d->to->id);
	db_bin(&p, d->case_key, DB_SEALED_KEY);
	if (db_cmd(c, "INSERT INTO case_keys (case_id, holder, counselor_id, "
	    "sealed_key) VALUES ($1, 'counselor', $2, $3) ON CONFLICT DO NOTHING",
	    &p) == -1)
		return REVIEW_EFAIL;
	if (!d->has_note_key)
		return REVIEW_OK;
	p.n = 2;
	db_bin(&p, d->note_key, DB_SEALED_KEY);
	return ok_or_fail(db_cmd(c, "INSERT INTO note_keys (case_id, counselor_id, "
	    "sealed_key) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", &p));
}

int
db_grant_add(struct store *s, const struct db_grant *d)
{
	struct db_audit_entry e = { "case.grant", d->to->username };

	return db_tx(s, grant_tx, d, d->by->username, d->case_id, &e, 1);
}
