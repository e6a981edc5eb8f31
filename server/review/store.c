/* The review side's account queries; case queries live with their pages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/review.h"

#define USER_COLS "id, username, role, active, invite_hash IS NULL, " \
	"coalesce(locked_until > now(), false), public_key, wrap_salt, " \
	"coalesce(wrap_ops, 0), coalesce(wrap_mem, 0), wrapped_sk, totp_sealed " \
	"FROM counselors "

static void
col(const PGresult *r, int c, char *dst, size_t size)
{
	snprintf(dst, size, "%s", PQgetvalue(r, 0, c));
}

/* Binary column c into dst of exactly size bytes; 0 if absent or other size. */
static int
bin(const PGresult *r, int c, unsigned char *dst, size_t size)
{
	if (PQgetisnull(r, 0, c) || (size_t)PQgetlength(r, 0, c) > size)
		return 0;
	memcpy(dst, PQgetvalue(r, 0, c), (size_t)PQgetlength(r, 0, c));
	return PQgetlength(r, 0, c);
}

static uint64_t
be64(const PGresult *r, int c)
{
	const unsigned char *p = (const unsigned char *)PQgetvalue(r, 0, c);
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8 && PQgetlength(r, 0, c) == 8; i++)
		v = (v << 8) | p[i];
	return v;
}

/* Binary results: text columns come as their bytes, booleans as one byte. */
static int
user_fill(PGresult *r, struct review_user *u)
{
	int found = r != NULL && PQntuples(r) == 1;

	memset(u, 0, sizeof(*u));
	if (found) {
		col(r, 0, u->id, sizeof(u->id));
		col(r, 1, u->username, sizeof(u->username));
		col(r, 2, u->role, sizeof(u->role));
		u->active = PQgetvalue(r, 0, 3)[0] == 1;
		u->setup_done = PQgetvalue(r, 0, 4)[0] == 1;
		u->locked = PQgetvalue(r, 0, 5)[0] == 1;
		u->has_key = bin(r, 6, u->pk, sizeof(u->pk)) == 32 &&
		    bin(r, 7, u->kw.salt, sizeof(u->kw.salt)) == 16 &&
		    bin(r, 10, u->kw.wrapped, sizeof(u->kw.wrapped)) == 72;
		u->kw.ops = be64(r, 8);
		u->kw.mem = (size_t)be64(r, 9);
		u->totp_len = (size_t)bin(r, 11, u->totp_sealed, sizeof(u->totp_sealed));
	}
	PQclear(r);
	return r == NULL ? -1 : found;
}

int
review_user_by_name(PGconn *c, const char *name, struct review_user *u)
{
	const char *v[1] = { name };

	return user_fill(store_query(c, "SELECT " USER_COLS "WHERE username = $1",
	    1, v, NULL, NULL, 1), u);
}

int
review_user_by_id(PGconn *c, const char *id, struct review_user *u)
{
	const char *v[1] = { id };

	return user_fill(store_query(c, "SELECT " USER_COLS "WHERE id = $1",
	    1, v, NULL, NULL, 1), u);
}

int
review_user_by_invite(PGconn *c, const unsigned char *hash, struct review_user *u)
{
	const char *v[1] = { (const char *)hash };
	int len[1] = { 32 }, fmt[1] = { 1 };

	return user_fill(store_query(c, "SELECT " USER_COLS "WHERE invite_hash = $1 "
	    "AND invite_expires > now()", 1, v, len, fmt, 1), u);
}

int
review_user_failed(PGconn *c, const char *id)
{
	const char *v[1] = { id };
	PGresult *r;

	/* the WHERE keeps a running lock as it is: never extended */
	r = store_query(c, "UPDATE counselors SET failed_logins = failed_logins + 1, "
	    "locked_until = CASE WHEN failed_logins + 1 >= " REVIEW_MAX_FAILED
	    " THEN now() + make_interval(secs => least(" REVIEW_LOCK_MAX ", "
	    REVIEW_LOCK_BASE " * power(2, least(failed_logins + 1 - "
	    REVIEW_MAX_FAILED ", 16)))) END "
	    "WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())",
	    1, v, NULL, NULL, 0);
	PQclear(r);
	return r == NULL ? -1 : 0;
}

int
review_user_succeeded(PGconn *c, const char *id)
{
	const char *v[1] = { id };
	PGresult *r;

	r = store_query(c, "UPDATE counselors SET failed_logins = 0, "
	    "locked_until = NULL WHERE id = $1", 1, v, NULL, NULL, 0);
	PQclear(r);
	return r == NULL ? -1 : 0;
}
