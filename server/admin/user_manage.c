/*
 * user disable, user channels: take an account out of service at once,
 * and set which channels a counselor receives. A disabled account cannot
 * log in, its open sessions stop at their next request (the review
 * server reads the account fresh each time), and it receives no new
 * cases. New channels bring new cases only: older ones need a grant.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/store.h"

#define USER_CHANNELS_TEXT	256	/* the audit entry's list of channels */

/* Rows changed by one statement, or -1. */
static int
manage_exec(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);
	int rows = -1;

	if (PQresultStatus(r) == PGRES_COMMAND_OK)
		rows = atoi(PQcmdTuples(r));
	else
		fprintf(stderr, "user: %s", PQerrorMessage(c));
	PQclear(r);
	return rows;
}

static int
manage_end(PGconn *c, int ok)
{
	char err[256];

	if (ok && store_exec(c, "COMMIT", err, sizeof(err)) == 0)
		return 0;
	store_exec(c, "ROLLBACK", err, sizeof(err));
	return 1;
}

int
admin_user_disable(PGconn *c, const char *user)
{
	const char *v[1] = { user };
	char err[256];
	int rows, ok;

	store_exec(c, "BEGIN", err, sizeof(err));
	rows = manage_exec(c, "UPDATE counselors SET active = false, "
	    "invite_hash = NULL, invite_expires = NULL WHERE username = $1",
	    1, v);
	if (rows == 0)
		fprintf(stderr, "user disable: no user %s\n", user);
	ok = rows == 1 && manage_exec(c, "DELETE FROM channel_recipients WHERE "
	    "counselor_id = (SELECT id FROM counselors WHERE username = $1)",
	    1, v) >= 0 &&
	    audit_append(c, "admin-cli", "user.disable", NULL, user) == 0;
	if (manage_end(c, ok) != 0)
		return 1;
	printf("Disabled %s: no login, no new cases.\n", user);
	return 0;
}

/*
 * Channels given and not held yet are added, channels held and not given
 * are removed; one kept is left alone, so the counselor's open requests
 * for access to its older cases (access_gaps) stay.
 */
int
admin_user_channels(PGconn *c, const char *user, char **channels, int n)
{
	const char *v[2] = { user, NULL };
	char err[256], list[USER_CHANNELS_TEXT] = "";
	int i, ok;

	for (i = 0; i < n; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
		    i ? " " : "", channels[i]);
	v[1] = list;
	store_exec(c, "BEGIN", err, sizeof(err));
	/* only an active counselor receives cases */
	ok = manage_exec(c, "DELETE FROM channel_recipients WHERE counselor_id = "
	    "(SELECT id FROM counselors WHERE username = $1 AND role = 'counselor' "
	    "AND active) AND channel_id <> ALL (string_to_array($2, ' '))",
	    2, v) >= 0;
	for (i = 0; ok && i < n; i++) {
		v[1] = channels[i];
		/* a row kept counts as one too (the update changes nothing) */
		ok = manage_exec(c, "INSERT INTO channel_recipients (channel_id, "
		    "counselor_id) SELECT $2, id FROM counselors WHERE username = $1 "
		    "AND role = 'counselor' AND active ON CONFLICT (channel_id, "
		    "counselor_id) DO UPDATE SET channel_id = EXCLUDED.channel_id",
		    2, v) == 1;
		if (!ok)
			fprintf(stderr, "user channels: %s is not an active counselor, "
			    "or %s is not a channel\n", user, channels[i]);
	}
	ok = ok && audit_append(c, "admin-cli", "user.channels", NULL, list) == 0;
	if (manage_end(c, ok) != 0)
		return 1;
	printf("%s now receives: %s\n", user, n ? list : "(no channel)");
	return 0;
}
