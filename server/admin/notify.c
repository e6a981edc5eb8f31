/*
 * notify test USER: queues a test mail for USER through the same outbox
 * madoguchi-notify sends from, wakes it, and waits for the outcome, so a
 * success means the whole path works: settings, notifier, mail server.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "server/admin/admin.h"

#define ADMIN_NOTIFY_WAIT	30	/* s to wait for the notifier */

static PGresult *
notify_q(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK) {
		fprintf(stderr, "notify: %s", PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	return r;
}

int
admin_notify_test(PGconn *c, const char *user)
{
	const char *v[1] = { user };
	char id[24];
	PGresult *r;
	int i;

	r = notify_q(c, "INSERT INTO notify_outbox (counselor_id, kind, lang) "
	    "SELECT s.counselor_id, 'test', s.lang FROM notify_settings s "
	    "JOIN counselors u ON u.id = s.counselor_id WHERE u.username = $1 "
	    "RETURNING id", 1, v);
	if (r == NULL)
		return 1;
	if (PQntuples(r) != 1) {
		fprintf(stderr, "notify: %s has no mail address set (the account "
		    "page of the review server)\n", user);
		PQclear(r);
		return 1;
	}
	snprintf(id, sizeof(id), "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	PQclear(notify_q(c, "SELECT pg_notify('madoguchi_notify', '')", 0, NULL));
	v[0] = id;
	for (i = 0; i < ADMIN_NOTIFY_WAIT * 2; i++) {
		if ((r = notify_q(c, "SELECT sent_at IS NOT NULL, failed_at IS NOT NULL, "
		    "attempts, last_error FROM notify_outbox WHERE id = $1::bigint",
		    1, v)) == NULL || PQntuples(r) != 1) {
			PQclear(r);
			return 1;
		}
		if (strcmp(PQgetvalue(r, 0, 0), "t") == 0) {
			printf("notify: test mail to %s sent\n", user);
			PQclear(r);
			return 0;
		}
		if (strcmp(PQgetvalue(r, 0, 1), "t") == 0) {
			printf("notify: test mail to %s not delivered: %s\n", user,
			    PQgetvalue(r, 0, 3));
			PQclear(r);
			return 1;
		}
		if (i + 1 == ADMIN_NOTIFY_WAIT * 2)
			printf("notify: test mail to %s still queued after %d s "
			    "(%s attempts; last error: %s). Is madoguchi-notify "
			    "running? It stays queued and will be sent.\n", user,
			    ADMIN_NOTIFY_WAIT, PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 3));
		PQclear(r);
		usleep(500 * 1000);
	}
	return 1;
}
