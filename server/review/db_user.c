/* Accounts: lookups, keys made at setup, password changes, login counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/vocab.h"
#include "server/review/db_int.h"

#define USER_COLS "id, username, role, active, invite_hash IS NULL, " \
	"coalesce(locked_until > now(), false), public_key, wrap_salt, " \
	"coalesce(wrap_ops, 0), coalesce(wrap_mem, 0), wrapped_sk, totp_sealed " \
	"FROM counselors "

/* Binary column c into dst of at most size bytes; its length, 0 if absent. */
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

/* REVIEW_ROLE_* are 1 << the role's place in vocab_roles. */
static unsigned
role_bit(const char *role)
{
	int i = vocab_index(vocab_roles, role);

	return i < 0 ? 0 : 1u << i;
}

/* Binary results: text columns come as their bytes, booleans as one byte. */
static int
user_fill(PGresult *r, struct review_user *u)
{
	int found = r != NULL && PQntuples(r) == 1;

	memset(u, 0, sizeof(*u));
	if (found) {
		db_col(r, 0, 0, u->id, sizeof(u->id));
		db_col(r, 0, 1, u->username, sizeof(u->username));
		db_col(r, 0, 2, u->role, sizeof(u->role));
		u->role_bit = role_bit(u->role);
		u->active = PQgetvalue(r, 0, 3)[0] == 1;
		u->setup_done = PQgetvalue(r, 0, 4)[0] == 1;
		u->locked = PQgetvalue(r, 0, 5)[0] == 1;
		u->has_key = bin(r, 6, u->pk, sizeof(u->pk)) == DB_PK_BYTES &&
		    bin(r, 7, u->kw.salt, sizeof(u->kw.salt)) == DB_SALT_BYTES &&
		    bin(r, 10, u->kw.wrapped, sizeof(u->kw.wrapped)) ==
		    DB_WRAPPED_BYTES;
		u->kw.ops = be64(r, 8);
		u->kw.mem = (size_t)be64(r, 9);
		u->totp_len = (size_t)bin(r, 11, u->totp_sealed,
		    sizeof(u->totp_sealed));
	}
	PQclear(r);
	return r == NULL ? REVIEW_EFAIL : found;
}

int
db_user_by_name(struct store *s, const char *name, struct review_user *u)
{
	struct db_params p = { .n = 0 };

	db_text(&p, name);
	return user_fill(db_query(s, "SELECT " USER_COLS "WHERE username = $1",
	    &p, 1), u);
}

int
db_user_by_id(struct store *s, const char *id, struct review_user *u)
{
	struct db_params p = { .n = 0 };

	db_text(&p, id);
	return user_fill(db_query(s, "SELECT " USER_COLS "WHERE id = $1", &p, 1), u);
}

int
db_user_by_invite(struct store *s, const unsigned char hash[32],
    struct review_user *u)
{
	struct db_params p = { .n = 0 };

	db_bin(&p, hash, 32);
	return user_fill(db_query(s, "SELECT " USER_COLS "WHERE invite_hash = $1 "
	    "AND invite_expires > now()", &p, 1), u);
}

int
db_user_set_keys(struct store *s, const char *id, const unsigned char pk[32],
    const struct db_wrap *w, const unsigned char *totp_sealed, size_t totp_len)
{
	struct db_params p = { .n = 0 };
	char ops[24], mem[24];
	PGresult *r;

	snprintf(ops, sizeof(ops), "%llu", w->ops);
	snprintf(mem, sizeof(mem), "%zu", w->mem);
	db_text(&p, id);
	db_bin(&p, pk, DB_PK_BYTES);
	db_bin(&p, w->wrapped, sizeof(w->wrapped));
	db_bin(&p, w->salt, sizeof(w->salt));
	db_text(&p, ops);
	db_text(&p, mem);
	db_bin(&p, totp_sealed, totp_len);
	/* only while the invitation is open (migration 007) */
	r = db_query(s, "SELECT review_setup_keys($1, $2, $3, $4, $5::bigint, "
	    "$6::bigint, $7)", &p, 0);
	PQclear(r);
	return r == NULL ? REVIEW_EFAIL : REVIEW_OK;
}

static int
setup_done_tx(PGconn *c, const void *arg)
{
	struct db_params p = { .n = 0 };

	db_text(&p, arg);
	return db_cmd(c, "SELECT review_setup_done($1)", &p) == 0 ?
	    REVIEW_OK : REVIEW_EFAIL;
}

int
db_user_setup_done(struct store *s, const struct review_user *u)
{
	struct db_audit_entry e = { "user.setup", u->role };

	return db_tx(s, setup_done_tx, u->id, u->username, NULL, &e, 1);
}

struct wrap_arg {
	const struct review_user	*u;
	const struct db_wrap		*w;
};

static int
set_wrap_tx(PGconn *c, const void *arg)
{
	const struct wrap_arg *a = arg;
	struct db_params p = { .n = 0 };
	char ops[24], mem[24];

	snprintf(ops, sizeof(ops), "%llu", a->w->ops);
	snprintf(mem, sizeof(mem), "%zu", a->w->mem);
	db_text(&p, a->u->id);
	db_bin(&p, a->w->wrapped, sizeof(a->w->wrapped));
	db_bin(&p, a->w->salt, sizeof(a->w->salt));
	db_text(&p, ops);
	db_text(&p, mem);
	return db_cmd(c, "UPDATE counselors SET wrapped_sk = $2, wrap_salt = $3, "
	    "wrap_ops = $4, wrap_mem = $5 WHERE id = $1", &p) == 0 ?
	    REVIEW_OK : REVIEW_EFAIL;
}

int
db_user_set_wrap(struct store *s, const struct review_user *u,
    const struct db_wrap *w)
{
	struct wrap_arg a = { u, w };
	struct db_audit_entry e = { "password.change", NULL };

	return db_tx(s, set_wrap_tx, &a, u->username, NULL, &e, 1);
}

struct login_arg {
	const char	*id;
	int		 ok;
	char		 max[16];
	char		 base[16];
	char		 longest[16];
};

/*
 * A failure is counted only while no lock runs (the WHERE), so attempts
 * during a lock neither count nor extend it; from max failures on, the
 * lock is base seconds doubling per failure, at most longest.
 */
static int
login_tx(PGconn *c, const void *arg)
{
	const struct login_arg *a = arg;
	struct db_params p = { .n = 0 };

	db_text(&p, a->id);
	if (a->ok)
		return db_cmd(c, "UPDATE counselors SET failed_logins = 0, "
		    "locked_until = NULL WHERE id = $1", &p) == 0 ?
		    REVIEW_OK : REVIEW_EFAIL;
	db_text(&p, a->max);
	db_text(&p, a->base);
	db_text(&p, a->longest);
	return db_cmd(c, "UPDATE counselors SET failed_logins = failed_logins + 1, "
	    "locked_until = CASE WHEN failed_logins + 1 >= $2::int THEN now() + "
	    "make_interval(secs => least($4::int, $3::int * power(2, "
	    "least(failed_logins + 1 - $2::int, 16)))) END "
	    "WHERE id = $1 AND (locked_until IS NULL OR locked_until <= now())",
	    &p) == 0 ? REVIEW_OK : REVIEW_EFAIL;
}

static void
login_policy(struct login_arg *a, int max_failed, int lock_base, int lock_max)
{
	snprintf(a->max, sizeof(a->max), "%d", max_failed);
	snprintf(a->base, sizeof(a->base), "%d", lock_base);
	snprintf(a->longest, sizeof(a->longest), "%d", lock_max);
}

int
db_login_record(struct store *s, const struct review_user *u, int ok,
    int max_failed, int lock_base, int lock_max)
{
	struct db_audit_entry e = { ok ? "login" : u != NULL && u->locked ?
	    "login.locked" : "login.failed", NULL };
	struct login_arg a = { .ok = ok };

	if (u == NULL)
		return db_audit(s, "unknown-user", "login.failed", NULL, NULL);
	a.id = u->id;
	login_policy(&a, max_failed, lock_base, lock_max);
	return db_tx(s, login_tx, &a, u->username, NULL, &e, 1);
}

int
db_login_failed(struct store *s, const struct review_user *u,
    const char *action, int max_failed, int lock_base, int lock_max)
{
	struct db_audit_entry e = { action, NULL };
	struct login_arg a = { .id = u->id, .ok = 0 };

	login_policy(&a, max_failed, lock_base, lock_max);
	return db_tx(s, login_tx, &a, u->username, NULL, &e, 1);
}
