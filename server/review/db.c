/*
 * The review data module's glue: parameters, columns, and the one
 * transaction path every change and its audit entries go through.
 */
#include <stdio.h>
#include <string.h>

#include "server/common/audit.h"
#include "server/common/log.h"
#include "server/review/db_int.h"

void
db_text(struct db_params *p, const char *s)
{
	if (p->n >= DB_MAX_PARAMS)
		fatalx("%s: too many parameters", __func__);
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

void
db_bin(struct db_params *p, const void *b, size_t len)
{
	if (p->n >= DB_MAX_PARAMS)
		fatalx("%s: too many parameters", __func__);
	p->v[p->n] = b;
	p->len[p->n] = (int)len;
	p->fmt[p->n++] = 1;
}

PGresult *
db_run(PGconn *c, const char *sql, const struct db_params *p, int binres)
{
	return store_query(c, sql, p->n, p->v, p->len, p->fmt, binres);
}

int
db_cmd(PGconn *c, const char *sql, const struct db_params *p)
{
	PGresult *r = db_run(c, sql, p, 0);

	PQclear(r);
	return r == NULL ? -1 : 0;
}

PGresult *
db_query(struct store *s, const char *sql, const struct db_params *p, int binres)
{
	PGconn *c = store_acquire(s);
	PGresult *r;

	if (c == NULL)
		return NULL;
	r = db_run(c, sql, p, binres);
	store_release(s, c);
	return r;
}

void
db_col(const PGresult *r, int row, int col, char *dst, size_t size)
{
	snprintf(dst, size, "%s", PQgetvalue(r, row, col));
}

int
db_col_bytes(const PGresult *r, int row, int col, unsigned char *dst, size_t len)
{
	unsigned char *b;
	size_t n;

	if (PQgetisnull(r, row, col))
		return -1;
	b = PQunescapeBytea((const unsigned char *)PQgetvalue(r, row, col), &n);
	if (b == NULL)
		return -1;
	if (n == len)
		memcpy(dst, b, len);
	PQfreemem(b);
	return n == len ? 0 : -1;
}

static int
db_simple(PGconn *c, const char *sql)
{
	struct db_params p = { .n = 0 };

	return db_cmd(c, sql, &p);
}

/* The change and its entries, inside the caller's transaction. */
static int
db_tx_body(PGconn *c, db_tx_fn fn, const void *arg, const char *actor,
    const char *case_id, const struct db_audit_entry *e, size_t n)
{
	size_t i;
	int rc;

	if (fn != NULL && (rc = fn(c, arg)) != REVIEW_OK)
		return rc;
	for (i = 0; i < n; i++)
		if (audit_append(c, actor, e[i].action, case_id, e[i].detail) == -1)
			return REVIEW_EFAIL;
	return REVIEW_OK;
}

int
db_tx(struct store *s, db_tx_fn fn, const void *arg, const char *actor,
    const char *case_id, const struct db_audit_entry *e, size_t n)
{
	PGconn *c = store_acquire(s);
	int rc;

	if (c == NULL)
		return REVIEW_EFAIL;
	if (db_simple(c, "BEGIN") == -1) {
		store_release(s, c);
		return REVIEW_EFAIL;
	}
	rc = db_tx_body(c, fn, arg, actor, case_id, e, n);
	if (rc == REVIEW_OK && db_simple(c, "COMMIT") == -1)
		rc = REVIEW_EFAIL;
	/* after a failed COMMIT the server has already ended the transaction */
	if (rc != REVIEW_OK && PQtransactionStatus(c) != PQTRANS_IDLE)
		db_simple(c, "ROLLBACK");
	store_release(s, c);
	return rc;
}

int
db_audit(struct store *s, const char *actor, const char *action,
    const char *case_id, const char *detail)
{
	struct db_audit_entry e = { action, detail };

	return db_tx(s, NULL, NULL, actor, case_id, &e, 1);
}

int
db_audit_many(struct store *s, const char *actor, const char *case_id,
    const struct db_audit_entry *e, size_t n)
{
	return db_tx(s, NULL, NULL, actor, case_id, e, n);
}
