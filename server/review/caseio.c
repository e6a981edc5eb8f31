#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/review/caseio.h"

static void
cp(const PGresult *r, int c, char *dst, size_t size)
{
	snprintf(dst, size, "%s", PQgetvalue(r, 0, c));
}

static int
case_meta(const PGresult *r, struct review_case *rc)
{
	cp(r, 0, rc->channel, sizeof(rc->channel));
	cp(r, 1, rc->category, sizeof(rc->category));
	cp(r, 2, rc->status, sizeof(rc->status));
	cp(r, 3, rc->priority, sizeof(rc->priority));
	cp(r, 4, rc->assignee, sizeof(rc->assignee));
	cp(r, 5, rc->created, sizeof(rc->created));
	cp(r, 6, rc->ack_due, sizeof(rc->ack_due));
	cp(r, 7, rc->response_due, sizeof(rc->response_due));
	cp(r, 8, rc->feedback_due, sizeof(rc->feedback_due));
	return 0;
}

int
review_case_open(PGconn *c, const struct review_user *u, const unsigned char *sk,
    const char *id, struct review_case *rc)
{
	const char *v[2] = { id, u->id };
	size_t n;
	PGresult *r;
	unsigned char *sealed;
	int ok;

	memset(rc, 0, sizeof(*rc));
	if (strcmp(u->role, "counselor") != 0 || !env_id_valid(id))
		return 0;
	r = store_query(c, "SELECT c.channel_id, coalesce(c.category, ''), c.status, "
	    "c.priority, coalesce(a.username, ''), to_char(c.created_at, "
	    "'YYYY-MM-DD HH24:00'), c.ack_due, c.response_due, c.feedback_due, "
	    "k.sealed_key, c.labels::text FROM cases c JOIN case_keys k ON k.case_id = c.id AND "
	    "k.holder = 'counselor' AND k.counselor_id = $2 LEFT JOIN counselors a "
	    "ON a.id = c.assignee WHERE c.id = $1", 2, v, NULL, NULL, 0);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return 0;
	}
	case_meta(r, rc);
	cp(r, 10, rc->labels, sizeof(rc->labels));
	snprintf(rc->id, sizeof(rc->id), "%s", id);
	sealed = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 9), &n);
	PQclear(r);
	ok = sealed != NULL && env_key_open(sealed, n, u->pk, sk, &rc->k) == ENV_OK;
	PQfreemem(sealed);
	return ok ? 1 : 0;
}

void
review_case_close(struct review_case *rc)
{
	env_secret_free(rc->k);
	rc->k = NULL;
}

int
review_note_key(PGconn *c, const struct review_user *u, const unsigned char *sk,
    const char *case_id, unsigned char **nk)
{
	const char *v[2] = { case_id, u->id };
	unsigned char *sealed;
	PGresult *r;
	size_t n;
	int rc;

	*nk = NULL;
	r = store_query(c, "SELECT sealed_key FROM note_keys WHERE case_id = $1 "
	    "AND counselor_id = $2", 2, v, NULL, NULL, 0);
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return 0;
	}
	sealed = PQunescapeBytea((const unsigned char *)PQgetvalue(r, 0, 0), &n);
	PQclear(r);
	rc = sealed != NULL && env_key_open(sealed, n, u->pk, sk, nk) == ENV_OK ?
	    1 : -1;
	PQfreemem(sealed);
	return rc;
}
