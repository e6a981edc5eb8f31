/*
 * user invite: a counselor, analyst or administrator account with no keys
 * yet, and a one-time setup link. Only the token's hash is stored; the
 * link expires, and the first visit sets password, TOTP and the key pair.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/store.h"

#define INVITE_TOKEN_BYTES	32
#define INVITE_HOURS		"72"

static int
user_name_ok(const char *u)
{
	size_t i, n = strlen(u);

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++)
		if (!((u[i] >= 'a' && u[i] <= 'z') || (u[i] >= '0' && u[i] <= '9') ||
		    u[i] == '.' || u[i] == '_' || u[i] == '-'))
			return 0;
	return 1;
}

/* The refusals an operator can cause, said in their terms. */
static void
user_exec_error(PGconn *c, const PGresult *r, const char *const *v)
{
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	const char *table = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	int users = table != NULL && strcmp(table, "counselors") == 0;

	if (state != NULL && strcmp(state, "23505") == 0 && users)
		fprintf(stderr, "user invite: a user named %s exists already; "
		    "choose another name\n", v[1]);
	else if (state != NULL && strcmp(state, "23505") == 0)
		fprintf(stderr, "user invite: channel %s is given twice\n",
		    v[0]);
	else if (state != NULL && strcmp(state, "23503") == 0)
		fprintf(stderr, "user invite: there is no channel %s "
		    "(madoguchi-admin status lists them)\n", v[0]);
	else
		fprintf(stderr, "user: %s", PQerrorMessage(c));
}

static int
user_exec(PGconn *c, const char *sql, int n, const char *const *v,
    const int *len, const int *fmt)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, len, fmt, 0);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		user_exec_error(c, r, v);
	PQclear(r);
	return ok ? 0 : -1;
}

static int
user_insert(PGconn *c, const char *id, const char *user, const char *role,
    const unsigned char *hash)
{
	const char *v[4] = { id, user, role, (const char *)hash };
	int len[4] = { 0, 0, 0, 32 }, fmt[4] = { 0, 0, 0, 1 };

	return user_exec(c, "INSERT INTO counselors (id, username, role, "
	    "invite_hash, invite_expires) VALUES ($1, $2, $3, $4, "
	    "now() + interval '" INVITE_HOURS " hours')", 4, v, len, fmt);
}

static int
user_channels(PGconn *c, const char *id, char **channels, int n)
{
	const char *v[2];
	int i;

	for (i = 0; i < n; i++) {
		v[0] = channels[i];
		v[1] = id;
		if (user_exec(c, "INSERT INTO channel_recipients (channel_id, "
		    "counselor_id) VALUES ($1, $2)", 2, v, NULL, NULL) == -1)
			return -1;
	}
	return 0;
}

int
admin_user_invite(const struct config *cfg, PGconn *c, const char *user,
    const char *role, char **channels, int nchannels)
{
	unsigned char token[INVITE_TOKEN_BYTES], hash[32];
	char id[ENV_ID_HEXLEN + 1], text[64], err[256];

	if (!user_name_ok(user) || (strcmp(role, "counselor") &&
	    strcmp(role, "analyst") && strcmp(role, "admin"))) {
		fprintf(stderr, "user invite: USER is [a-z0-9._-]{1,64}; ROLE is "
		    "counselor, analyst or admin\n");
		return 2;
	}
	if (nchannels > 0 && strcmp(role, "counselor") != 0) {
		fprintf(stderr, "user invite: only counselors receive channels\n");
		return 2;
	}
	randombytes_buf(token, sizeof(token));
	crypto_generichash(hash, sizeof(hash), token, sizeof(token), NULL, 0);
	sodium_bin2base64(text, sizeof(text), token, sizeof(token),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(token, sizeof(token));
	env_random_id(id);
	store_exec(c, "BEGIN", err, sizeof(err));
	if (user_insert(c, id, user, role, hash) == -1 ||
	    user_channels(c, id, channels, nchannels) == -1 ||
	    audit_append(c, "admin-cli", "user.invite", NULL, user) == -1 ||
	    store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		return 1;
	}
	printf("Invited %s (%s). One-time setup link, valid %s hours:\n"
	    "  https://localhost:%d/setup?token=%s\n", user, role, INVITE_HOURS,
	    cfg->review_port, text);
	sodium_memzero(text, sizeof(text));
	/* allowed (channels can follow), but such a counselor sees no case */
	if (nchannels == 0 && strcmp(role, "counselor") == 0)
		fprintf(stderr, "warning: %s receives no channel, so no case "
		    "will be sealed to them and their queue stays empty; give "
		    "channels with: madoguchi-admin user channels %s CHANNEL...\n",
		    user, user);
	return 0;
}
