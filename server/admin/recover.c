/*
 * recover USER: when nobody with access to some cases remains, the
 * organisation's recovery phrase (read from standard input, never from
 * the command line) opens each case key of USER's channels that USER
 * lacks and seals it to USER. Internal notes are not sealed to the
 * recovery key and stay closed. Every grant is audited.
 */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/recovery.h"
#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/store.h"

/* The recovery key pair from the phrase, checked against the stored key. */
static int
recover_keys(PGconn *c, unsigned char *sk, unsigned char pk[32])
{
	char line[RECOVERY_PHRASE_MAX * 2];
	PGresult *r;
	int ok;

	if (fgets(line, sizeof(line), stdin) == NULL)
		return -1;
	line[strcspn(line, "\r\n")] = '\0';
	ok = recovery_phrase_decode(line, sk) == 0;
	sodium_memzero(line, sizeof(line));
	if (!ok || crypto_scalarmult_base(pk, sk) != 0)
		return -1;
	r = store_query(c, "SELECT recovery_pk FROM org_keys", 0, NULL, NULL, NULL, 1);
	ok = r != NULL && PQntuples(r) == 1 && PQgetlength(r, 0, 0) == 32 &&
	    sodium_memcmp(PQgetvalue(r, 0, 0), pk, 32) == 0;
	PQclear(r);
	return ok ? 0 : -1;
}

/* Re-seals one case's key from the recovery holder to the user. */
static int
recover_case(PGconn *c, const PGresult *r, int i, const unsigned char *pk,
    const unsigned char *sk, const char *user_id, const unsigned char *user_pk)
{
	unsigned char *k, sealed[ENV_SEALED_KEYBYTES];
	const char *v[3] = { PQgetvalue(r, i, 0), user_id, (const char *)sealed };
	int lens[3] = { 0, 0, sizeof(sealed) }, fmt[3] = { 0, 0, 1 }, ok;
	PGresult *w;

	if (env_key_open((const unsigned char *)PQgetvalue(r, i, 1),
	    (size_t)PQgetlength(r, i, 1), pk, sk, &k) != ENV_OK)
		return -1;
	ok = env_key_seal(k, user_pk, sealed) == ENV_OK;
	env_secret_free(k);
	if (!ok || (w = store_query(c, "INSERT INTO case_keys (case_id, holder, "
	    "counselor_id, sealed_key) VALUES ($1, 'counselor', $2, $3)", 3, v,
	    lens, fmt, 0)) == NULL)
		return -1;
	PQclear(w);
	return audit_append(c, "admin-cli", "case.recover", v[0], NULL);
}

static int
recover_all(PGconn *c, const unsigned char *pk, const unsigned char *sk,
    const char *user)
{
	const char *v[1] = { user };
	PGresult *u, *r;
	int i, n = 0, rc = -1;

	u = store_query(c, "SELECT id, public_key FROM counselors WHERE username = $1 "
	    "AND role = 'counselor' AND public_key IS NOT NULL AND invite_hash IS NULL",
	    1, v, NULL, NULL, 1);
	if (u == NULL || PQntuples(u) != 1 || PQgetlength(u, 0, 1) != 32) {
		fprintf(stderr, "recover: %s is not a counselor who finished setup\n", user);
		PQclear(u);
		return -1;
	}
	v[0] = PQgetvalue(u, 0, 0);
	r = store_query(c, "SELECT k.case_id, k.sealed_key FROM case_keys k JOIN cases c "
	    "ON c.id = k.case_id WHERE k.holder = 'recovery' AND c.channel_id IN "
	    "(SELECT channel_id FROM channel_recipients WHERE counselor_id = $1) AND "
	    "NOT EXISTS (SELECT 1 FROM case_keys m WHERE m.case_id = c.id AND "
	    "m.counselor_id = $1)", 1, v, NULL, NULL, 1);
	for (i = 0; r != NULL && i < PQntuples(r); i++, n++)
		if (recover_case(c, r, i, pk, sk, v[0],
		    (const unsigned char *)PQgetvalue(u, 0, 1)) == -1)
			break;
	if (r != NULL && i == PQntuples(r)) {
		printf("recovered access to %d case(s) for %s\n", n, user);
		rc = 0;
	}
	PQclear(r);
	PQclear(u);
	return rc;
}

int
admin_recover(PGconn *c, const char *user)
{
	unsigned char *sk = sodium_malloc(32), pk[32];
	char err[256];
	int rc = 1;

	if (sk == NULL)
		return 1;
	if (recover_keys(c, sk, pk) == -1)
		fprintf(stderr, "recover: the phrase is wrong or not this instance's\n");
	else {
		store_exec(c, "BEGIN", err, sizeof(err));
		if (recover_all(c, pk, sk, user) == 0 &&
		    store_exec(c, "COMMIT", err, sizeof(err)) == 0)
			rc = 0;
		else
			store_exec(c, "ROLLBACK", err, sizeof(err));
	}
	sodium_free(sk);
	return rc;
}
