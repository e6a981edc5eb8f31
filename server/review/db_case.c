/* Reading a case as a counselor: metadata, sealed keys, rows, notes, history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/db_int.h"

int
db_case_get(struct store *s, const char *case_id, const char *counselor_id,
    struct review_case *rc, unsigned char sealed[DB_SEALED_KEY])
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int found;

	memset(rc, 0, sizeof(*rc));
	db_text(&p, case_id);
	db_text(&p, counselor_id);
	r = db_query(s, "SELECT c.channel_id, coalesce(c.category, ''), c.status, "
	    "c.priority, coalesce(a.username, ''), to_char(c.created_at, "
	    "'YYYY-MM-DD HH24:00'), c.ack_due, c.response_due, c.feedback_due, "
	    "k.sealed_key, c.labels::text, coalesce(c.form, ''), "
	    "coalesce(c.record_consent, '') FROM cases c JOIN case_keys k ON "
	    "k.case_id = c.id AND k.holder = 'counselor' AND k.counselor_id = $2 "
	    "LEFT JOIN counselors a ON a.id = c.assignee WHERE c.id = $1", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	if ((found = PQntuples(r) == 1)) {
		snprintf(rc->id, sizeof(rc->id), "%s", case_id);
		db_col(r, 0, 0, rc->channel, sizeof(rc->channel));
		db_col(r, 0, 1, rc->category, sizeof(rc->category));
		db_col(r, 0, 2, rc->status, sizeof(rc->status));
		db_col(r, 0, 3, rc->priority, sizeof(rc->priority));
		db_col(r, 0, 4, rc->assignee, sizeof(rc->assignee));
		db_col(r, 0, 5, rc->created, sizeof(rc->created));
		db_col(r, 0, 6, rc->ack_due, sizeof(rc->ack_due));
		db_col(r, 0, 7, rc->response_due, sizeof(rc->response_due));
		db_col(r, 0, 8, rc->feedback_due, sizeof(rc->feedback_due));
		db_col(r, 0, 10, rc->labels, sizeof(rc->labels));
		db_col(r, 0, 11, rc->form, sizeof(rc->form));
		db_col(r, 0, 12, rc->record_consent, sizeof(rc->record_consent));
		if (db_col_bytes(r, 0, 9, sealed, DB_SEALED_KEY) == -1)
			found = 0;
	}
	PQclear(r);
	return found;
}

int
db_note_key(struct store *s, const char *case_id, const char *counselor_id,
    unsigned char sealed[DB_SEALED_KEY])
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int rc;

	db_text(&p, case_id);
	db_text(&p, counselor_id);
	r = db_query(s, "SELECT sealed_key FROM note_keys WHERE case_id = $1 "
	    "AND counselor_id = $2", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	rc = PQntuples(r) != 1 ? 0 :
	    db_col_bytes(r, 0, 0, sealed, DB_SEALED_KEY) == 0 ? 1 : REVIEW_EFAIL;
	PQclear(r);
	return rc;
}

int
db_case_rows(struct store *s, const char *case_id, store_row_fn files,
    store_row_fn records, void *arg)
{
	PGconn *c = store_acquire(s);
	int ok;

	if (c == NULL)
		return REVIEW_EFAIL;
	ok = store_attachments_by_case(c, case_id, files, arg) == 0 &&
	    store_thread_by_case(c, case_id, records, arg) == 0;
	store_release(s, c);
	return ok ? 0 : REVIEW_EFAIL;
}

int
db_attachment(struct store *s, const char *case_id, const char *att_id,
    unsigned char **meta, size_t *mlen, unsigned char **stream, size_t *slen)
{
	PGconn *c = store_acquire(s);
	int rc;

	if (c == NULL)
		return REVIEW_EFAIL;
	rc = store_attachment_by_case(c, case_id, att_id, meta, mlen, stream, slen);
	store_release(s, c);
	return rc == -1 ? REVIEW_EFAIL : rc;
}

int
db_attachment_ids(struct store *s, const char *case_id, char (*ids)[DB_ID_TEXT],
    size_t max)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int i, n;

	db_text(&p, case_id);
	r = db_query(s, "SELECT id FROM attachments WHERE case_id = $1 "
	    "ORDER BY created_at, id", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++)
		db_col(r, i, 0, ids[i], DB_ID_TEXT);
	PQclear(r);
	return n;
}

int
db_notes(struct store *s, const char *case_id, db_note_fn fn, void *arg)
{
	struct db_params p = { .n = 0 };
	struct db_note n;
	PGresult *r;
	int i;

	db_text(&p, case_id);
	r = db_query(s, "SELECT n.id, a.username, to_char(n.created_at, "
	    "'YYYY-MM-DD HH24:MI'), n.body FROM notes n JOIN counselors a ON "
	    "a.id = n.counselor_id WHERE n.case_id = $1 ORDER BY n.created_at, n.id",
	    &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	for (i = 0; i < PQntuples(r); i++) {
		memset(&n, 0, sizeof(n));
		db_col(r, i, 0, n.id, sizeof(n.id));
		db_col(r, i, 1, n.author, sizeof(n.author));
		db_col(r, i, 2, n.date, sizeof(n.date));
		n.body = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 3),
		    &n.len);
		if (n.body != NULL)
			fn(arg, &n);
		PQfreemem(n.body);
	}
	PQclear(r);
	return 0;
}

static int
db_events(PGresult *r, struct db_event *ev, size_t max)
{
	int i, n;

	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		db_col(r, i, 0, ev[i].id, sizeof(ev[i].id));
		db_col(r, i, 1, ev[i].at, sizeof(ev[i].at));
		db_col(r, i, 2, ev[i].actor, sizeof(ev[i].actor));
		db_col(r, i, 3, ev[i].action, sizeof(ev[i].action));
		db_col(r, i, 4, ev[i].case_short, sizeof(ev[i].case_short));
		db_col(r, i, 5, ev[i].detail, sizeof(ev[i].detail));
	}
	PQclear(r);
	return n;
}

int
db_history(struct store *s, const char *case_id, struct db_event *ev, size_t max)
{
	struct db_params p = { .n = 0 };
	char lim[24];

	snprintf(lim, sizeof(lim), "%zu", max);
	db_text(&p, case_id);
	db_text(&p, lim);
	/* the newest max entries, shown oldest first */
	return db_events(db_query(s, "SELECT * FROM (SELECT id, to_char(at, "
	    "'YYYY-MM-DD HH24:MI'), actor, action, left(case_id, 8), detail "
	    "FROM audit_log WHERE case_id = $1 ORDER BY id DESC LIMIT $2::int) h "
	    "ORDER BY 1", &p, 0), ev, max);
}

int
db_audit_recent(struct store *s, struct db_event *ev, size_t max)
{
	struct db_params p = { .n = 0 };
	char lim[24];

	snprintf(lim, sizeof(lim), "%zu", max);
	db_text(&p, lim);
	return db_events(db_query(s, "SELECT id, to_char(at, 'YYYY-MM-DD HH24:MI:SS'), "
	    "actor, action, coalesce(left(case_id, 8), ''), detail FROM "
	    "audit_log ORDER BY id DESC LIMIT $1::int", &p, 0), ev, max);
}
