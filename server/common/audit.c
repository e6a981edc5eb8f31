#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/common/audit.h"
#include "server/common/log.h"
#include "server/common/store.h"

int
audit_append(PGconn *c, const char *actor, const char *action,
    const char *case_id, const char *detail)
{
	const char *v[4] = { actor, action, case_id, detail };
	/* store_query: reconnects once when outside a transaction, logs */
	PGresult *r = store_query(c, "SELECT audit_append($1, $2, $3, $4)", 4, v,
	    NULL, NULL, 0);

	PQclear(r);
	return r != NULL ? 0 : -1;
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

long long
audit_verify(PGconn *c, long long *n)
{
	unsigned char last[crypto_hash_sha256_BYTES];
	size_t lastlen = 0;
	PGresult *r;
	long long bad = 0;
	int i;

	r = store_query(c, "SELECT id, prev_hash, hash, audit_canonical(a) "
	    "FROM audit_log a ORDER BY id", 0, NULL, NULL, NULL, 1);
	if (r == NULL)
		return -1;
	*n = PQntuples(r);
	for (i = 0; i < PQntuples(r) && bad == 0; i++)
		if (!audit_entry_ok(r, i, last, &lastlen)) {
			/* binary int8, network order */
			const unsigned char *p = (const unsigned char *)PQgetvalue(r, i, 0);
			int k;
			for (k = 0; k < 8; k++)
				bad = (bad << 8) | p[k];
		}
	PQclear(r);
	return bad;
}
