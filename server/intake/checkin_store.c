/*
 * The check-in's data: two calls, both through SECURITY DEFINER functions
 * that take the code's keyed hash (migrations/009_checkin.sql). The
 * intake role has no grant on any check-in table.
 */
#include <stdio.h>
#include <string.h>

#include "server/common/log.h"
#include "server/intake/checkin.h"

static PGresult *
checkin_call(PGconn *c, const char *sql, const unsigned char *lookup,
    const char *cells)
{
	const char *v[2] = { (const char *)lookup, cells };
	int len[2] = { CHECKIN_LOOKUPBYTES, 0 }, fmt[2] = { 1, 0 };
	PGresult *r = PQexecParams(c, sql, cells != NULL ? 2 : 1, NULL, v, len,
	    fmt, 0);

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		/* the server's message names the statement, never a value */
		log_warnx("check-in: %s", PQresultErrorField(r,
		    PG_DIAG_MESSAGE_PRIMARY) ? PQresultErrorField(r,
		    PG_DIAG_MESSAGE_PRIMARY) : PQerrorMessage(c));
		PQclear(r);
		return NULL;
	}
	return r;
}

int
checkin_store_status(PGconn *c, const unsigned char *lookup, int link,
    struct checkin_round *cr)
{
	PGresult *r = checkin_call(c, link ?
	    "SELECT state, name_ja, name_en, label FROM checkin_link_status($1)" :
	    "SELECT state, name_ja, name_en, label FROM checkin_status($1)",
	    lookup, NULL);

	memset(cr, 0, sizeof(*cr));
	if (r == NULL)
		return -1;
	if (PQntuples(r) != 1)
		snprintf(cr->state, sizeof(cr->state), "unknown");
	else {
		snprintf(cr->state, sizeof(cr->state), "%s", PQgetvalue(r, 0, 0));
		snprintf(cr->name_ja, sizeof(cr->name_ja), "%s", PQgetvalue(r, 0, 1));
		snprintf(cr->name_en, sizeof(cr->name_en), "%s", PQgetvalue(r, 0, 2));
		snprintf(cr->label, sizeof(cr->label), "%s", PQgetvalue(r, 0, 3));
	}
	PQclear(r);
	return 0;
}

int
checkin_store_spend(PGconn *c, const unsigned char *lookup, int link,
    const char *cells, char state[16])
{
	PGresult *r = checkin_call(c, link ?
	    "SELECT checkin_spend_link($1, $2::text[])" :
	    "SELECT checkin_spend($1, $2::text[])", lookup, cells);

	if (r == NULL || PQntuples(r) != 1) {
		PQclear(r);
		return -1;
	}
	snprintf(state, 16, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}
