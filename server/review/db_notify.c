/* Mail notice settings and delivery problems (see db_notify.h). */
#include <stdio.h>
#include <string.h>

#include "server/common/audit.h"
#include "server/review/db_notify.h"

void
db_notify_defaults(struct db_notify *n)
{
	memset(n, 0, sizeof(*n));
	n->urgent = 1;
	snprintf(n->digest, sizeof(n->digest), "daily");
	n->reminders = 1;
}

int
db_notify_get(struct store *s, const char *counselor_id, struct db_notify *n)
{
	const char *v[1] = { counselor_id };
	PGresult *r;
	PGconn *c;
	int found;

	db_notify_defaults(n);
	if ((c = store_acquire(s)) == NULL)
		return -1;
	r = store_query(c, "SELECT email, urgent::int, digest, reminders::int FROM "
	    "notify_settings WHERE counselor_id = $1", 1, v, NULL, NULL, 0);
	store_release(s, c);
	if (r == NULL)
		return -1;
	if ((found = PQntuples(r) == 1)) {
		snprintf(n->email, sizeof(n->email), "%s", PQgetvalue(r, 0, 0));
		n->urgent = PQgetvalue(r, 0, 1)[0] == '1';
		snprintf(n->digest, sizeof(n->digest), "%s", PQgetvalue(r, 0, 2));
		n->reminders = PQgetvalue(r, 0, 3)[0] == '1';
	}
	PQclear(r);
	return found;
}

static int
db_notify_write(PGconn *c, const char *counselor_id, const char *username,
    const struct db_notify *n, const char *lang)
{
	const char *v[6] = { counselor_id, n->email, n->urgent ? "t" : "f",
	    n->digest, n->reminders ? "t" : "f", lang };
	PGresult *r;

	if (n->email[0] == '\0')
		r = store_query(c, "DELETE FROM notify_settings WHERE counselor_id = $1",
		    1, v, NULL, NULL, 0);
	else
		r = store_query(c, "INSERT INTO notify_settings (counselor_id, email, "
		    "urgent, digest, reminders, lang) VALUES ($1, $2, $3, $4, $5, $6) "
		    "ON CONFLICT (counselor_id) DO UPDATE SET email = $2, urgent = $3, "
		    "digest = $4, reminders = $5, lang = $6", 6, v, NULL, NULL, 0);
	PQclear(r);
	if (r == NULL)
		return -1;
	/* what changed is not recorded: the address is the counselor's own */
	return audit_append(c, username, n->email[0] == '\0' ? "notify.off" :
	    "notify.settings", NULL, NULL);
}

int
db_notify_put(struct store *s, const char *counselor_id, const char *username,
    const struct db_notify *n, const char *lang)
{
	PGresult *r;
	PGconn *c;
	int rc = -1;

	if ((c = store_acquire(s)) == NULL)
		return -1;
	if ((r = store_query(c, "BEGIN", 0, NULL, NULL, NULL, 0)) != NULL) {
		PQclear(r);
		rc = db_notify_write(c, counselor_id, username, n, lang);
		r = store_query(c, rc == 0 ? "COMMIT" : "ROLLBACK", 0, NULL, NULL,
		    NULL, 0);
		if (r == NULL)
			rc = -1;
		PQclear(r);
	}
	store_release(s, c);
	return rc;
}

int
db_notify_problems(struct store *s, db_notify_problem_fn fn, void *arg)
{
	struct db_notify_problem p;
	PGresult *r;
	PGconn *c;
	int i, n;

	if ((c = store_acquire(s)) == NULL)
		return -1;
	r = store_query(c, "SELECT username, failed, queued, coalesce(last_error, ''), "
	    "coalesce(since, '') FROM notify_problems()", 0, NULL, NULL, NULL, 0);
	store_release(s, c);
	if (r == NULL)
		return -1;
	for (i = 0, n = PQntuples(r); i < n; i++) {
		p.username = PQgetvalue(r, i, 0);
		p.failed = PQgetvalue(r, i, 1);
		p.queued = PQgetvalue(r, i, 2);
		p.last_error = PQgetvalue(r, i, 3);
		p.since = PQgetvalue(r, i, 4);
		fn(arg, &p);
	}
	PQclear(r);
	return n;
}
