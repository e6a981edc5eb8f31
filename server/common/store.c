#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/log.h"
#include "server/common/quota.h"
#include "server/common/store.h"

#define STORE_MAX_CONNS 64

struct store {
	char		*conninfo;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	unsigned	 n;
	PGconn		*conns[STORE_MAX_CONNS];
	int		 busy[STORE_MAX_CONNS];
};

struct store *
store_open(const char *conninfo, unsigned nconns)
{
	struct store *s;

	if (nconns == 0 || nconns > STORE_MAX_CONNS)
		return NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	if ((s->conninfo = strdup(conninfo)) == NULL) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->n = nconns;
	return s;
}

void
store_close(struct store *s)
{
	unsigned i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		if (s->conns[i] != NULL)
			PQfinish(s->conns[i]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->conninfo);
	free(s);
}

/*
 * A fresh connection with a statement timeout, so no request hangs on it,
 * and without JIT compilation: PostgreSQL compiles a statement whose
 * estimated cost is high, and an index walk cut short by a LIMIT is
 * estimated at its full length. The queue page's statement ran in 3 ms
 * and was compiled for 30 ms on every page.
 */
static PGconn *
store_connect(const char *conninfo)
{
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r;

	if (PQstatus(c) != CONNECTION_OK) {
		log_warnx("database: %s", PQerrorMessage(c));
		PQfinish(c);
		return NULL;
	}
	r = PQexec(c, "SET statement_timeout = '15s'; SET jit = off");
	PQclear(r);
	return c;
}

PGconn *
store_acquire(struct store *s)
{
	unsigned i;
	PGconn *c;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		for (i = 0; i < s->n && s->busy[i]; i++)
			;
		if (i < s->n)
			break;
		pthread_cond_wait(&s->cv, &s->mu);
	}
	s->busy[i] = 1;
	c = s->conns[i];
	pthread_mutex_unlock(&s->mu);

	if (c != NULL && PQstatus(c) != CONNECTION_OK) {
		PQfinish(c);
		c = NULL;
	}
	if (c == NULL)
		c = store_connect(s->conninfo);

	pthread_mutex_lock(&s->mu);
	s->conns[i] = c;
	if (c == NULL) {
		s->busy[i] = 0;
		pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	return c;
}

void
store_release(struct store *s, PGconn *c)
{
	unsigned i;

	pthread_mutex_lock(&s->mu);
	for (i = 0; i < s->n; i++)
		if (s->conns[i] == c && s->busy[i]) {
			s->busy[i] = 0;
			break;
		}
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

/* Parameter helpers: text parameters have length 0 and format 0. */
#define STORE_MAX_PARAMS	16	/* parameters of one statement */

struct params {
	const char	*v[STORE_MAX_PARAMS];
	int		 len[STORE_MAX_PARAMS];
	int		 fmt[STORE_MAX_PARAMS];
	int		 n;
};

static void
p_text(struct params *p, const char *s)
{
	p->v[p->n] = s;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

static void
p_bin(struct params *p, const void *b, size_t len)
{
	p->v[p->n] = b;
	p->len[p->n] = (int)len;
	p->fmt[p->n++] = 1;
}

/*
 * A connection that was idle when the database restarted still says it is
 * fine until used: a statement outside a transaction that fails on a
 * broken connection is tried once more on a fresh one. Inside a
 * transaction it is not (the transaction is gone; the caller rolls back).
 */
static PGresult *
store_exec_params(PGconn *c, const char *sql, int n, const char *const *v,
    const int *len, const int *fmt, int binres)
{
	int idle = PQtransactionStatus(c) == PQTRANS_IDLE;
	PGresult *r = PQexecParams(c, sql, n, NULL, v, len, fmt, binres);

	if (idle && PQstatus(c) == CONNECTION_BAD) {
		PQclear(r);
		PQreset(c);
		if (PQstatus(c) != CONNECTION_OK)
			return NULL;
		r = PQexecParams(c, sql, n, NULL, v, len, fmt, binres);
	}
	return r;
}

static PGresult *
store_run(PGconn *c, const char *sql, const struct params *p, int binres,
    ExecStatusType want)
{
	PGresult *r = store_exec_params(c, sql, p->n, p->v, p->len, p->fmt,
	    binres);

	if (PQresultStatus(r) != want) {
		log_warnx("database: %s", PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	return r;
}

static int
store_cmd(PGconn *c, const char *sql, const struct params *p)
{
	PGresult *r = store_run(c, sql, p, 0, PGRES_COMMAND_OK);

	PQclear(r);
	return r == NULL ? -1 : 0;
}

static int
store_simple(PGconn *c, const char *sql)
{
	struct params p = { .n = 0 };

	return store_cmd(c, sql, &p);
}

/* Copies a text column into a fixed buffer; -1 if it does not fit. */
static int
col_copy(const PGresult *r, int row, int col, char *dst, size_t size)
{
	const char *v = PQgetvalue(r, row, col);
	size_t n = strlen(v);

	if (n >= size)
		return -1;
	memcpy(dst, v, n + 1);
	return 0;
}

/* A bytea column (text result) into exactly len bytes. */
static int
col_bytes(const PGresult *r, int row, int col, unsigned char *dst, size_t len)
{
	size_t n;
	unsigned char *b = PQunescapeBytea(
	    (const unsigned char *)PQgetvalue(r, row, col), &n);

	if (b == NULL)
		return -1;
	if (n != len) {
		PQfreemem(b);
		return -1;
	}
	memcpy(dst, b, len);
	PQfreemem(b);
	return 0;
}

int
store_recipients(PGconn *c, const char *channel, struct store_recipient *out,
    size_t max)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int i, n;

	p_text(&p, channel);
	r = store_run(c, "SELECT holder, coalesce(counselor_id, ''), public_key "
	    "FROM intake_recipients($1)", &p, 0, PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	n = PQntuples(r);
	if ((size_t)n > max)
		n = -1;
	for (i = 0; i < n; i++) {
		if (col_copy(r, i, 0, out[i].holder, sizeof(out[i].holder)) ||
		    col_copy(r, i, 1, out[i].counselor_id,
		    sizeof(out[i].counselor_id)) ||
		    col_bytes(r, i, 2, out[i].pk, sizeof(out[i].pk))) {
			n = -1;
			break;
		}
	}
	PQclear(r);
	return n;
}

static int
store_insert_case_row(PGconn *c, const struct store_new_case *nc)
{
	struct params p = { .n = 0 };
	char ops[24], mem[24];

	snprintf(ops, sizeof(ops), "%llu", nc->ops);
	snprintf(mem, sizeof(mem), "%zu", nc->mem);
	p_text(&p, nc->id);
	p_text(&p, nc->channel);
	p_text(&p, nc->category);
	p_bin(&p, nc->lookup, sizeof(nc->lookup));
	p_bin(&p, nc->salt, sizeof(nc->salt));
	p_text(&p, nc->kdf);
	/* a kdf without parameters stores NULL (the table checks which) */
	p_text(&p, nc->ops > 0 ? ops : NULL);
	p_text(&p, nc->mem > 0 ? mem : NULL);
	p_text(&p, nc->priority);
	p_text(&p, nc->ack_due);
	p_text(&p, nc->response_due);
	p_text(&p, nc->feedback_due);
	p_text(&p, nc->form);
	p_text(&p, nc->record_consent);
	return store_cmd(c, "INSERT INTO cases (id, channel_id, category, "
	    "receipt_lookup, reporter_salt, reporter_kdf, reporter_ops, "
	    "reporter_mem, priority, ack_due, response_due, feedback_due, form, "
	    "record_consent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
	    "$10::date, $11::date, $12::date, $13, $14)", &p);
}

static int
store_insert_key(PGconn *c, const char *case_id, const struct store_key *k)
{
	struct params p = { .n = 0 };

	p_text(&p, case_id);
	p_text(&p, k->holder);
	p_text(&p, k->counselor_id);
	p_bin(&p, k->sealed, sizeof(k->sealed));
	return store_cmd(c, "INSERT INTO case_keys (case_id, holder, "
	    "counselor_id, sealed_key) VALUES ($1, $2, $3, $4)", &p);
}

static int
store_insert_record(PGconn *c, const char *case_id, int seq,
    const struct store_record *rec)
{
	struct params p = { .n = 0 };
	char s[16];

	snprintf(s, sizeof(s), "%d", seq);
	p_text(&p, rec->id);
	p_text(&p, case_id);
	p_text(&p, s);
	p_text(&p, rec->kind);
	p_bin(&p, rec->body, rec->len);
	return store_cmd(c, "INSERT INTO records (id, case_id, seq, kind, "
	    "author, body) VALUES ($1, $2, $3, $4, 'reporter', $5)", &p);
}

/* Sizes in the clear are rounded up to 64 KiB steps, like the stream. */
static void
size_text(size_t len, char *out, size_t outlen)
{
	snprintf(out, outlen, "%" PRIu64, quota_rounded(len));
}

int
store_insert_attachment(PGconn *c, const char *case_id,
    const struct store_attachment *a)
{
	struct params p = { .n = 0 };
	char size[24];

	size_text(a->stream_len, size, sizeof(size));
	p_text(&p, a->id);
	p_text(&p, case_id);
	p_text(&p, a->record_id);
	p_bin(&p, a->meta, a->meta_len);
	p_bin(&p, a->stream, a->stream_len);
	p_text(&p, size);
	return store_cmd(c, "INSERT INTO attachments (id, case_id, record_id, "
	    "meta, stream, size_rounded) VALUES ($1, $2, $3, $4, $5, $6)", &p);
}

static int
store_case_parts(PGconn *c, const struct store_new_case *nc)
{
	size_t i;

	if (store_insert_case_row(c, nc) == -1)
		return -1;
	for (i = 0; i < nc->nkeys; i++)
		if (store_insert_key(c, nc->id, &nc->keys[i]) == -1)
			return -1;
	for (i = 0; i < nc->nrecords; i++)
		if (store_insert_record(c, nc->id, (int)i + 1,
		    &nc->records[i]) == -1)
			return -1;
	for (i = 0; i < nc->natts; i++)
		if (store_insert_attachment(c, nc->id, &nc->atts[i]) == -1)
			return -1;
	return 0;
}

int
store_case_insert(PGconn *c, const struct store_new_case *nc)
{
	if (store_simple(c, "BEGIN") == -1)
		return -1;
	if (store_case_parts(c, nc) == -1) {
		store_simple(c, "ROLLBACK");
		return -1;
	}
	return store_simple(c, "COMMIT");
}

int
store_case_open(PGconn *c, const unsigned char *lookup, struct store_case *out)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int rc = 0;

	p_bin(&p, lookup, 32);
	r = store_run(c, "SELECT case_id, channel_id, status, "
	    "to_char(created_at, 'YYYY-MM-DD'), reporter_salt, reporter_kdf, "
	    "coalesce(reporter_ops, 0), coalesce(reporter_mem, 0), sealed_key "
	    "FROM intake_open($1)", &p, 0,
	    PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		rc = 1;
		if (col_copy(r, 0, 0, out->id, sizeof(out->id)) ||
		    col_copy(r, 0, 1, out->channel, sizeof(out->channel)) ||
		    col_copy(r, 0, 2, out->status, sizeof(out->status)) ||
		    col_copy(r, 0, 3, out->created, sizeof(out->created)) ||
		    col_bytes(r, 0, 4, out->salt, sizeof(out->salt)) ||
		    col_copy(r, 0, 5, out->kdf, sizeof(out->kdf)) ||
		    col_bytes(r, 0, 8, out->sealed, sizeof(out->sealed)))
			rc = -1;
		out->ops = strtoull(PQgetvalue(r, 0, 6), NULL, 10);
		out->mem = (size_t)strtoull(PQgetvalue(r, 0, 7), NULL, 10);
	}
	PQclear(r);
	return rc;
}

int
store_case_dates(PGconn *c, const unsigned char *lookup, struct store_dates *d)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int rc = 0;

	p_bin(&p, lookup, 32);
	r = store_run(c, "SELECT to_char(ack_due, 'YYYY-MM-DD'), "
	    "to_char(response_due, 'YYYY-MM-DD'), "
	    "to_char(feedback_due, 'YYYY-MM-DD') FROM intake_dates($1)", &p, 0,
	    PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1)
		rc = col_copy(r, 0, 0, d->ack, sizeof(d->ack)) ||
		    col_copy(r, 0, 1, d->response, sizeof(d->response)) ||
		    col_copy(r, 0, 2, d->feedback, sizeof(d->feedback)) ? -1 : 1;
	PQclear(r);
	return rc;
}

int
store_case_visit(PGconn *c, const unsigned char *lookup, int *prev)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int rc = 0;

	p_bin(&p, lookup, 32);
	r = store_run(c, "SELECT intake_visit($1)", &p, 0, PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)) {
		*prev = atoi(PQgetvalue(r, 0, 0));
		rc = 1;
	}
	PQclear(r);
	return rc;
}

/*
 * Fills row from columns id, kind/record_id, author, created, body, and
 * size (attachments) or seq (records).
 * The one parameter is a lookup hash (32 bytes) or, with key NULL, a case id.
 */
static int
store_each(PGconn *c, const char *sql, const unsigned char *lookup,
    const char *case_id, int is_att, store_row_fn fn, void *arg)
{
	struct params p = { .n = 0 };
	struct store_row row;
	PGresult *r;
	int i, rc = 0;

	if (lookup != NULL)
		p_bin(&p, lookup, 32);
	else
		p_text(&p, case_id);
	if ((r = store_run(c, sql, &p, 0, PGRES_TUPLES_OK)) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && rc == 0; i++) {
		memset(&row, 0, sizeof(row));
		if (col_copy(r, i, 0, row.id, sizeof(row.id)) ||
		    col_copy(r, i, 1, is_att ? row.record_id : row.kind,
		    is_att ? sizeof(row.record_id) : sizeof(row.kind)) ||
		    col_copy(r, i, 2, row.author, sizeof(row.author)) ||
		    col_copy(r, i, 3, row.created, sizeof(row.created))) {
			rc = -1;
			break;
		}
		row.body = PQunescapeBytea(
		    (const unsigned char *)PQgetvalue(r, i, 4), &row.len);
		if (is_att)
			row.size_rounded = strtoull(PQgetvalue(r, i, 5), NULL, 10);
		else
			row.seq = atoi(PQgetvalue(r, i, 5));
		if (row.body == NULL || fn(arg, &row) != 0)
			rc = -1;
		PQfreemem(row.body);
	}
	PQclear(r);
	return rc;
}

int
store_thread(PGconn *c, const unsigned char *lookup, store_row_fn fn, void *arg)
{
	return store_each(c, "SELECT record_id, kind, author, "
	    "to_char(created_at, 'YYYY-MM-DD'), body, seq FROM intake_thread($1)",
	    lookup, NULL, 0, fn, arg);
}

int
store_attachments(PGconn *c, const unsigned char *lookup, store_row_fn fn,
    void *arg)
{
	return store_each(c, "SELECT attachment_id, record_id, '', '', meta, "
	    "size_rounded FROM intake_attachments($1)", lookup, NULL, 1, fn, arg);
}

static unsigned char *
dup_bin(const PGresult *r, int col, size_t *len)
{
	unsigned char *b;

	*len = (size_t)PQgetlength(r, 0, col);
	if ((b = malloc(*len ? *len : 1)) != NULL)
		memcpy(b, PQgetvalue(r, 0, col), *len);
	return b;
}

static int
store_attachment_one(PGconn *c, const char *sql, const struct params *pp,
    unsigned char **meta, size_t *mlen, unsigned char **stream, size_t *slen)
{
	PGresult *r;
	int rc = 0;

	r = store_run(c, sql, pp, 1, PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		*meta = dup_bin(r, 0, mlen);
		*stream = dup_bin(r, 1, slen);
		rc = (*meta && *stream) ? 1 : -1;
		if (rc == -1) {
			free(*meta);
			free(*stream);
		}
	}
	PQclear(r);
	return rc;
}

int
store_attachment_get(PGconn *c, const unsigned char *lookup, const char *id,
    unsigned char **meta, size_t *mlen, unsigned char **stream, size_t *slen)
{
	struct params p = { .n = 0 };

	p_bin(&p, lookup, 32);
	p_text(&p, id);
	return store_attachment_one(c, "SELECT meta, stream FROM "
	    "intake_attachment($1, $2)", &p, meta, mlen, stream, slen);
}

int
store_attachment_by_case(PGconn *c, const char *case_id, const char *id,
    unsigned char **meta, size_t *mlen, unsigned char **stream, size_t *slen)
{
	struct params p = { .n = 0 };

	p_text(&p, case_id);
	p_text(&p, id);
	return store_attachment_one(c, "SELECT meta, stream FROM attachments "
	    "WHERE case_id = $1 AND id = $2", &p, meta, mlen, stream, slen);
}

int
store_thread_by_case(PGconn *c, const char *case_id, store_row_fn fn, void *arg)
{
	return store_each(c, "SELECT id, kind, author, to_char(created_at, "
	    "'YYYY-MM-DD HH24:00'), body, seq FROM records WHERE case_id = $1 "
	    "ORDER BY seq", NULL, case_id, 0, fn, arg);
}

int
store_attachments_by_case(PGconn *c, const char *case_id, store_row_fn fn,
    void *arg)
{
	return store_each(c, "SELECT id, record_id, '', '', meta, size_rounded "
	    "FROM attachments WHERE case_id = $1", NULL, case_id, 1, fn, arg);
}

PGresult *
store_query(PGconn *c, const char *sql, int n, const char *const *v,
    const int *len, const int *fmt, int binary_result)
{
	PGresult *r = store_exec_params(c, sql, n, v, len, fmt, binary_result);
	ExecStatusType st = PQresultStatus(r);

	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return r;
	log_warnx("database: %s", PQerrorMessage(c));
	PQclear(r);
	return NULL;
}

/*
 * 1 when the case can take these files too, 0 when it is full, -1 on
 * error. Runs after intake_append has locked the case row, so two
 * requests of one case cannot both pass on the same remaining space.
 */
static int
store_quota_ok(PGconn *c, const unsigned char *lookup,
    const struct case_quota *q, const struct store_attachment *atts,
    size_t natts)
{
	struct params p = { .n = 0 };
	uint64_t files, bytes, add = 0;
	PGresult *r;
	size_t i;

	for (i = 0; i < natts; i++)
		add += quota_rounded(atts[i].stream_len);
	p_bin(&p, lookup, 32);
	r = store_run(c, "SELECT count(*), coalesce(sum(size_rounded), 0) "
	    "FROM intake_attachments($1)", &p, 0, PGRES_TUPLES_OK);
	if (r == NULL || PQntuples(r) != 1) {
		PQclear(r);
		return -1;
	}
	files = strtoull(PQgetvalue(r, 0, 0), NULL, 10);
	bytes = strtoull(PQgetvalue(r, 0, 1), NULL, 10);
	PQclear(r);
	return quota_fits(q, files, bytes, natts, add);
}

static int
store_append_parts(PGconn *c, const unsigned char *lookup,
    const struct store_record *rec, const struct store_attachment *atts,
    size_t natts, const struct case_quota *q)
{
	struct params p = { .n = 0 };
	char size[24];
	PGresult *r;
	size_t i;
	int found, rc;

	p_bin(&p, lookup, 32);
	p_text(&p, rec->id);
	p_text(&p, rec->kind);
	p_bin(&p, rec->body, rec->len);
	r = store_run(c, "SELECT intake_append($1, $2, $3, $4) IS NOT NULL",
	    &p, 0, PGRES_TUPLES_OK);
	if (r == NULL)
		return -1;
	found = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (found && natts > 0 && q != NULL &&
	    (rc = store_quota_ok(c, lookup, q, atts, natts)) != 1)
		return rc == 0 ? STORE_FULL : -1;
	for (i = 0; found && i < natts; i++) {
		p.n = 0;
		size_text(atts[i].stream_len, size, sizeof(size));
		p_bin(&p, lookup, 32);
		p_text(&p, atts[i].id);
		p_text(&p, rec->id);
		p_bin(&p, atts[i].meta, atts[i].meta_len);
		p_bin(&p, atts[i].stream, atts[i].stream_len);
		p_text(&p, size);
		r = store_run(c, "SELECT intake_attach($1, $2, $3, $4, $5, $6)",
		    &p, 0, PGRES_TUPLES_OK);
		if (r == NULL || strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
			PQclear(r);
			return -1;
		}
		PQclear(r);
	}
	return found;
}

int
store_append(PGconn *c, const unsigned char *lookup,
    const struct store_record *rec, const struct store_attachment *atts,
    size_t natts, const struct case_quota *q)
{
	int rc;

	if (store_simple(c, "BEGIN") == -1)
		return -1;
	rc = store_append_parts(c, lookup, rec, atts, natts, q);
	if (rc != 1) {
		store_simple(c, "ROLLBACK");
		return rc;
	}
	return store_simple(c, "COMMIT") == 0 ? 1 : -1;
}

int
store_exec(PGconn *c, const char *sql, char *err, size_t errlen)
{
	PGresult *r = PQexec(c, sql);
	ExecStatusType st = PQresultStatus(r);

	PQclear(r);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
		return 0;
	snprintf(err, errlen, "%s", PQerrorMessage(c));
	return -1;
}
