/* status: what an operator needs to see, from clear metadata only. */
#include <stdio.h>

#include "server/admin/admin.h"

static int
status_query(PGconn *c, const char *title, const char *sql)
{
	PGresult *r = PQexec(c, sql);
	int i, j;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "status: %s", PQerrorMessage(c));
		PQclear(r);
		return -1;
	}
	printf("%s:\n", title);
	for (i = 0; i < PQntuples(r); i++) {
		printf(" ");
		for (j = 0; j < PQnfields(r); j++)
			printf(" %s", PQgetvalue(r, i, j));
		printf("\n");
	}
	PQclear(r);
	return 0;
}

int
admin_status(const struct config *cfg, PGconn *c)
{
	(void)cfg;
	if (status_query(c, "migrations", "SELECT version, name FROM "
	    "schema_migrations ORDER BY version") == -1)
		return 1;
	if (status_query(c, "initialised", "SELECT CASE WHEN count(*) = 1 "
	    "THEN 'yes' ELSE 'no' END FROM org_keys") == -1 ||
	    status_query(c, "recipients per channel", "SELECT ch.id, "
	    "count(r.counselor_id) FROM channels ch LEFT JOIN channel_recipients r "
	    "ON r.channel_id = ch.id GROUP BY ch.id ORDER BY ch.id") == -1 ||
	    status_query(c, "cases by channel and status", "SELECT channel_id, "
	    "status, count(*) FROM cases GROUP BY 1, 2 ORDER BY 1, 2") == -1)
		return 1;
	/* mail notices: a refused address or a notifier that is not running */
	if (status_query(c, "mail notices not yet handled by madoguchi-notify",
	    "SELECT count(*) FROM notify_events") == -1 ||
	    status_query(c, "mail notices not delivered (counselor, given up, "
	    "retrying, last error, oldest hour)", "SELECT username, failed, "
	    "queued, '\"' || last_error || '\"', since FROM notify_problems()") == -1)
		return 1;
	return 0;
}
