/*
 * The retaliation watch's data: two calls, both through SECURITY DEFINER
 * functions that take the receipt's lookup hash (migration 012). The
 * intake role has no grant on the watch tables.
 */
#include <stdio.h>
#include <string.h>

#include "server/common/log.h"
#include "server/intake/watch.h"

int
watch_store_due(PGconn *c, const unsigned char *lookup,
    char due[WATCH_DATE_TEXT])
{
	const char *v[1] = { (const char *)lookup };
	int len[1] = { 32 }, fmt[1] = { 1 }, rc;
	PGresult *r;

	due[0] = '\0';
	r = store_query(c, "SELECT to_char(intake_watch_due($1), 'YYYY-MM-DD')",
	    1, v, len, fmt, 0);
	if (r == NULL)
		return -1;
	rc = PQntuples(r) == 1 && !PQgetisnull(r, 0, 0);
	if (rc)
		snprintf(due, WATCH_DATE_TEXT, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return rc;
}

int
watch_store_answer(PGconn *c, const unsigned char *lookup,
    const struct store_record *rec, int reopen, const struct deadlines *d)
{
	const char *v[7] = { (const char *)lookup, rec->id,
	    (const char *)rec->body, reopen ? "t" : "f", d->ack, d->response,
	    d->feedback };
	int len[7] = { 32, 0, (int)rec->len, 0, 0, 0, 0 };
	int fmt[7] = { 1, 0, 1, 0, 0, 0, 0 }, rc;
	PGresult *r;

	r = store_query(c, "SELECT intake_watch_answer($1, $2, $3, $4::boolean, "
	    "$5::date, $6::date, $7::date) IS NOT NULL", 7, v, len, fmt, 0);
	if (r == NULL)
		return -1;
	rc = PQntuples(r) == 1 && PQgetvalue(r, 0, 0)[0] == 't';
	PQclear(r);
	return rc;
}
