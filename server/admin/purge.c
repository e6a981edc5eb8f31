/*
 * purge DAYS: retention by crypto-shredding. Closed cases whose closing
 * is older than DAYS lose their sealed keys, records, files and notes in
 * one transaction (ON DELETE CASCADE); each purge is audited with the
 * case id only. Run it from a timer (deploy/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/store.h"

int
admin_purge(PGconn *c, const char *days)
{
	const char *v[1] = { days };
	char err[256], *end;
	PGresult *r;
	long d = strtol(days, &end, 10);
	int i, ok = 1;

	if (*days == '\0' || *end != '\0' || d < 1 || d > 36500) {
		fprintf(stderr, "purge: DAYS is a number from 1 to 36500\n");
		return 2;
	}
	store_exec(c, "BEGIN", err, sizeof(err));
	r = store_query(c, "DELETE FROM cases WHERE status = 'closed' AND closed_at < "
	    "now() - make_interval(days => $1::int) RETURNING id", 1, v, NULL, NULL, 0);
	for (i = 0; r != NULL && ok && i < PQntuples(r); i++)
		ok = audit_append(c, "admin-cli", "case.purge", PQgetvalue(r, i, 0),
		    NULL) == 0;
	if (r == NULL || !ok || store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		PQclear(r);
		fprintf(stderr, "purge: failed, nothing was removed\n");
		return 1;
	}
	printf("purged %d closed case(s) older than %ld days\n", PQntuples(r), d);
	PQclear(r);
	/* dead rows still hold ciphertext and sealed keys until vacuumed */
	if (store_exec(c, "VACUUM cases, case_keys, records, attachments, notes, "
	    "note_keys", err, sizeof(err)) == -1)
		fprintf(stderr, "purge: vacuum failed: %s", err);
	return 0;
}
