/*
 * mdg-store-session CONNINFO: the settings of a session the servers' pool
 * opens (store_acquire), as PostgreSQL reports them: what every request's
 * statements run with.
 */
#include <stdio.h>

#include "server/common/store.h"

int
main(int argc, char **argv)
{
	struct store *s;
	PGconn *c;
	PGresult *r;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: mdg-store-session conninfo\n");
		return 2;
	}
	if ((s = store_open(argv[1], 1)) == NULL || (c = store_acquire(s)) == NULL) {
		fprintf(stderr, "mdg-store-session: no connection\n");
		store_close(s);
		return 1;
	}
	r = PQexec(c, "SELECT current_setting('jit'), "
	    "current_setting('statement_timeout')");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
		printf("jit=%s statement_timeout=%s\n", PQgetvalue(r, 0, 0),
		    PQgetvalue(r, 0, 1));
		rc = 0;
	}
	PQclear(r);
	store_release(s, c);
	store_close(s);
	return rc;
}
