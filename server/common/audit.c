#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "server/common/audit.h"
#include "server/common/keyfile.h"
#include "server/common/log.h"
#include "server/common/store.h"

/* The audit key of this process: loaded once at start, read-only after. */
static unsigned char *audit_key;

int
audit_key_load(const char *path)
{
	ssize_t n;
	int fd;

	if (path == NULL || path[0] == '\0') {
		errno = EINVAL;
		return -1;
	}
	if (audit_key == NULL &&
	    (audit_key = sodium_malloc(AUDIT_KEYBYTES)) == NULL)
		return -1;
	if (keyfile_create(path) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, audit_key, AUDIT_KEYBYTES);
	close(fd);
	if (n != AUDIT_KEYBYTES) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

void
audit_key_free(void)
{
	if (audit_key != NULL)
		sodium_free(audit_key);
	audit_key = NULL;
}

static long long
audit_be64(const PGresult *r, int row, int col)
{
	const unsigned char *p = (const unsigned char *)PQgetvalue(r, row, col);
	long long v = 0;
	int k;

	for (k = 0; k < 8 && PQgetlength(r, row, col) == 8; k++)
		v = (v << 8) | p[k];
	return v;
}

/* Appends and seals one entry inside the current transaction: 0 or -1. */
static int
audit_append_sealed(PGconn *c, const char *const v[4])
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	const char *sv[2];
	int len[2] = { 0, sizeof(mac) }, fmt[2] = { 0, 1 }, ok;
	char id[24];
	PGresult *r;

	r = store_query(c, "SELECT entry_id, entry_hash FROM "
	    "audit_append($1, $2, $3, $4)", 4, v, NULL, NULL, 1);
	if (r == NULL || PQntuples(r) != 1 || PQgetlength(r, 0, 1) != 32) {
		PQclear(r);
		return -1;
	}
	snprintf(id, sizeof(id), "%lld", audit_be64(r, 0, 0));
	crypto_auth_hmacsha256(mac, (const unsigned char *)PQgetvalue(r, 0, 1),
	    32, audit_key);
	PQclear(r);
	sv[0] = id;
	sv[1] = (const char *)mac;
	r = store_query(c, "SELECT audit_seal($1::bigint, $2)", 2, sv, len, fmt, 0);
	ok = r != NULL && PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return ok ? 0 : -1;
}

int
audit_append(PGconn *c, const char *actor, const char *action,
    const char *case_id, const char *detail)
{
	const char *v[4] = { actor, action, case_id, detail };
	int own, rc;
	PGresult *r;

	if (audit_key == NULL) {
		log_warnx("audit: no audit key loaded");
		return -1;
	}
	/* entry and mac commit together: a transaction of our own if none */
	own = PQtransactionStatus(c) == PQTRANS_IDLE;
	if (own) {
		if ((r = store_query(c, "BEGIN", 0, NULL, NULL, NULL, 0)) == NULL)
			return -1;
		PQclear(r);
	}
	rc = audit_append_sealed(c, v);
	if (own) {
		r = store_query(c, rc == 0 ? "COMMIT" : "ROLLBACK", 0, NULL, NULL,
		    NULL, 0);
		if (r == NULL)
			rc = -1;
		PQclear(r);
	}
	return rc;
}

/* One entry: its stored prev matches the chain, its hash its contents. */
static int
audit_entry_ok(const PGresult *r, int i, unsigned char *last, size_t *lastlen)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state st;
	size_t plen = (size_t)PQgetlength(r, i, 1);
	size_t hlen = (size_t)PQgetlength(r, i, 2);
	const unsigned char *prev = (const unsigned char *)PQgetvalue(r, i, 1);
	const unsigned char *hash = (const unsigned char *)PQgetvalue(r, i, 2);

	if (plen != *lastlen || (plen > 0 && memcmp(prev, last, plen) != 0) ||
	    hlen != sizeof(h))
		return 0;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, prev, plen);
	crypto_hash_sha256_update(&st, (const unsigned char *)PQgetvalue(r, i, 3),
	    (size_t)PQgetlength(r, i, 3));
	crypto_hash_sha256_final(&st, h);
	if (memcmp(h, hash, sizeof(h)) != 0)
		return 0;
	memcpy(last, h, sizeof(h));
	*lastlen = sizeof(h);
	return 1;
}

/* The entry's mac is the HMAC of its hash under the audit key. */
static int
audit_mac_ok(const PGresult *r, int i)
{
	if (PQgetisnull(r, i, 4) || PQgetlength(r, i, 4) !=
	    crypto_auth_hmacsha256_BYTES || PQgetlength(r, i, 2) != 32)
		return 0;
	return crypto_auth_hmacsha256_verify(
	    (const unsigned char *)PQgetvalue(r, i, 4),
	    (const unsigned char *)PQgetvalue(r, i, 2), 32, audit_key) == 0;
}

long long
audit_verify(PGconn *c, long long *n, long long *head_id,
    char head[AUDIT_HEAD_TEXT])
{
	unsigned char last[crypto_hash_sha256_BYTES];
	size_t lastlen = 0;
	PGresult *r;
	long long bad = 0, want = 1, id = 0;
	int i;

	*n = *head_id = 0;
	head[0] = '\0';
	if (audit_key == NULL) {
		log_warnx("audit: no audit key loaded");
		return -1;
	}
	r = store_query(c, "SELECT id, prev_hash, hash, audit_canonical(a), mac "
	    "FROM audit_log a ORDER BY id", 0, NULL, NULL, NULL, 1);
	if (r == NULL)
		return -1;
	*n = PQntuples(r);
	for (i = 0; i < PQntuples(r) && bad == 0; i++, want++) {
		id = audit_be64(r, i, 0);
		/* a missing id, a broken chain or a mac made without the key */
		if (id != want || !audit_entry_ok(r, i, last, &lastlen) ||
		    !audit_mac_ok(r, i))
			bad = id != want && want < id ? want : id;
	}
	if (bad == 0 && *n > 0) {
		*head_id = id;
		sodium_bin2hex(head, AUDIT_HEAD_TEXT,
		    (const unsigned char *)PQgetvalue(r, (int)*n - 1, 4), 32);
	}
	PQclear(r);
	return bad;
}
