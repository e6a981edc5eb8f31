/*
 * cohort add|list and round open|close|list: the HR side of check-ins.
 * A round with codes issues N one-time codes, keeps only their keyed
 * hashes, and writes the printable sheet of cards (sheet.c) before it
 * commits, so no code exists in the database that was never printed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/checkin_code.h"
#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/buf.h"
#include "server/common/keyfile.h"
#include "server/common/limits.h"
#include "server/common/store.h"

static int
cohort_exec(PGconn *c, const char *sql, int n, const char *const *v)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, NULL, NULL, 0);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "%s", PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

static int
cohort_add(PGconn *c, int argc, char **argv)
{
	const char *v[4];
	char err[256];

	if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--all-staff"))) {
		fprintf(stderr, "usage: cohort add SLUG NAME_JA NAME_EN [--all-staff]\n");
		return 2;
	}
	v[0] = argv[0], v[1] = argv[1], v[2] = argv[2];
	v[3] = argc == 4 ? "true" : "false";
	store_exec(c, "BEGIN", err, sizeof(err));
	if (cohort_exec(c, "INSERT INTO cohorts (slug, name_ja, name_en, all_staff) "
	    "VALUES ($1, $2, $3, $4)", 4, v) == -1 ||
	    audit_append(c, "admin-cli", "cohort.add", NULL, argv[0]) == -1 ||
	    store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		fprintf(stderr, "cohort add: SLUG is [a-z0-9_-], up to 32, and new; "
		    "names 1-80 characters\n");
		return 1;
	}
	printf("cohort %s added\n", argv[0]);
	return 0;
}

static int
cohort_list(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT slug, name_ja, name_en, "
	    "CASE WHEN all_staff THEN 'all staff' ELSE '' END, "
	    "(SELECT count(*) FROM checkin_rounds WHERE cohort = slug) "
	    "FROM cohorts ORDER BY slug");
	int i;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fprintf(stderr, "%s", PQerrorMessage(c));
		PQclear(r);
		return 1;
	}
	printf("%-20s %-6s %s\n", "cohort", "rounds", "names");
	for (i = 0; i < PQntuples(r); i++)
		printf("%-20s %-6s %s / %s %s\n", PQgetvalue(r, i, 0),
		    PQgetvalue(r, i, 4), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		    PQgetvalue(r, i, 3));
	PQclear(r);
	return 0;
}

int
admin_cohort(PGconn *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "add") == 0)
		return cohort_add(c, argc - 1, argv + 1);
	if (argc == 1 && strcmp(argv[0], "list") == 0)
		return cohort_list(c);
	fprintf(stderr, "usage: cohort add SLUG NAME_JA NAME_EN [--all-staff] | cohort list\n");
	return 2;
}

/* --- rounds -------------------------------------------------------------- */

struct round_args {
	const char	*cohort, *label, *closes, *out;
	long		 codes;
	int		 link;
};

static int
round_parse(int argc, char **argv, struct round_args *a)
{
	char *end;
	int i;

	memset(a, 0, sizeof(*a));
	if (argc < 1)
		return -1;
	a->cohort = argv[0];
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--link") == 0)
			a->link = 1;
		else if (i + 1 >= argc)
			return -1;
		else if (strcmp(argv[i], "--label") == 0)
			a->label = argv[++i];
		else if (strcmp(argv[i], "--closes") == 0)
			a->closes = argv[++i];
		else if (strcmp(argv[i], "--out") == 0)
			a->out = argv[++i];
		else if (strcmp(argv[i], "--codes") == 0) {
			errno = 0;
			a->codes = strtol(argv[++i], &end, 10);
			if (errno || *end || a->codes < 1 || a->codes > CHECKIN_MAX_CODES)
				return -1;
		} else
			return -1;
	}
	if (a->label == NULL || a->closes == NULL || (a->link == (a->codes > 0)))
		return -1;
	return 0;
}

/* Inserts the round and its cells; its id into id. */
static int
round_insert(PGconn *c, const struct round_args *a, const unsigned char *link,
    char id[16])
{
	const char *v[4] = { a->cohort, a->label, a->closes, NULL };
	char hex[CHECKIN_LOOKUPBYTES * 2 + 1];
	PGresult *r;
	int ok;

	if (link != NULL)
		v[3] = sodium_bin2hex(hex, sizeof(hex), link, CHECKIN_LOOKUPBYTES);
	r = PQexecParams(c, "INSERT INTO checkin_rounds (cohort, label, closes_on, "
	    "mode, link_lookup) SELECT $1, $2, $3::date, CASE WHEN $4::text IS "
	    "NULL THEN 'codes' ELSE 'link' END, decode($4, 'hex') "
	    "WHERE $3::date >= current_date RETURNING id", 4, NULL, v, NULL, NULL, 0);
	ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
	if (ok)
		snprintf(id, 16, "%s", PQgetvalue(r, 0, 0));
	else
		fprintf(stderr, "round open: %s", PQresultStatus(r) ==
		    PGRES_TUPLES_OK ? "the closing date is in the past\n" :
		    PQerrorMessage(c));
	PQclear(r);
	if (!ok)
		return -1;
	v[0] = id;
	return cohort_exec(c, "INSERT INTO checkin_cells (round_id, question, answer) "
	    "SELECT $1::int, question, answer FROM checkin_answers", 1, v);
}

/* N new codes into codes (N * (CHECKIN_DIGITS + 1)), their hashes stored. */
static int
round_codes(PGconn *c, const unsigned char *key, const char *id, long n,
    char *codes)
{
	unsigned char h[CHECKIN_LOOKUPBYTES];
	char hex[CHECKIN_LOOKUPBYTES * 2 + 1], count[16];
	const char *v[3];
	struct buf list = { 0 };
	long i;
	int rc;

	for (i = 0; i < n; i++) {
		checkin_code_new(codes + i * (CHECKIN_DIGITS + 1));
		checkin_code_lookup(key, codes + i * (CHECKIN_DIGITS + 1), h);
		buf_printf(&list, "%s%s", i ? "," : "",
		    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h)));
	}
	snprintf(count, sizeof(count), "%ld", n);
	v[0] = id, v[1] = list.data, v[2] = count;
	rc = list.failed ? -1 : cohort_exec(c, "INSERT INTO checkin_codes "
	    "(lookup, round_id) SELECT decode(h, 'hex'), $1::int FROM "
	    "unnest(string_to_array($2, ',')) h", 2, v);
	if (rc == 0)
		rc = cohort_exec(c, "UPDATE checkin_rounds SET issued = $3::int "
		    "WHERE id = $1::int AND $2::text IS NOT NULL", 3, v);
	buf_free(&list);
	return rc;
}

static unsigned char *
round_key(const struct config *cfg)
{
	unsigned char *key;

	/* instances initialised before check-ins get their key here */
	if (keyfile_create(cfg->checkin_key) == -1 ||
	    (key = keyfile_read(cfg->checkin_key)) == NULL) {
		fprintf(stderr, "round open: %s: %s\n", cfg->checkin_key,
		    strerror(errno));
		return NULL;
	}
	return key;
}

static int
round_open_codes(const struct config *cfg, PGconn *c,
    const struct round_args *a, const unsigned char *key, const char *id,
    char *path, size_t pathlen)
{
	size_t size = (size_t)a->codes * (CHECKIN_DIGITS + 1);
	char *codes = sodium_malloc(size);
	int rc;

	if (codes == NULL)
		return -1;
	if (a->out != NULL)
		snprintf(path, pathlen, "%s", a->out);
	else
		snprintf(path, pathlen, "checkin-%s-%s.html", a->cohort, id);
	rc = round_codes(c, key, id, a->codes, codes);
	if (rc == 0)
		rc = admin_sheet_write(cfg, c, id, codes, (size_t)a->codes, path);
	if (rc != 0)
		path[0] = '\0';	/* not ours to remove: it may have existed */
	sodium_memzero(codes, size);
	sodium_free(codes);
	return rc;
}

static int
round_open(const struct config *cfg, PGconn *c, int argc, char **argv)
{
	struct round_args a;
	unsigned char *key, link_hash[CHECKIN_LOOKUPBYTES];
	char id[16], err[256], token[CHECKIN_LINK_TEXT], path[CFG_PATH_MAX] = "";
	int rc;

	if (round_parse(argc, argv, &a) == -1) {
		fprintf(stderr, "usage: round open COHORT --label LABEL --closes "
		    "YYYY-MM-DD (--codes N | --link) [--out FILE]\n"
		    "  N is 1 to %d\n", CHECKIN_MAX_CODES);
		return 2;
	}
	if ((key = round_key(cfg)) == NULL)
		return 1;
	if (a.link) {
		checkin_link_new(token);
		checkin_link_lookup(key, token, link_hash);
	}
	store_exec(c, "BEGIN", err, sizeof(err));
	rc = round_insert(c, &a, a.link ? link_hash : NULL, id);
	if (rc == 0)
		rc = a.link ? 0 : round_open_codes(cfg, c, &a, key, id, path,
		    sizeof(path));
	if (rc == 0)
		rc = audit_append(c, "admin-cli", "round.open", NULL, id);
	if (rc == 0)
		rc = store_exec(c, "COMMIT", err, sizeof(err));
	sodium_free(key);
	if (rc != 0) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		if (path[0] != '\0')
			unlink(path);	/* its codes were never stored */
		fprintf(stderr, "round open: nothing was stored\n");
		return 1;
	}
	if (!a.link)
		printf("round %s opened: %ld codes; printable sheet %s\n"
		    "Print it, cut the cards, shuffle them and hand them out "
		    "without noting who got which.\n"
		    "Then delete the file: the codes are in it.\n",
		    id, a.codes, path);
	if (a.link)
		printf("round %s opened with one shared link (answers are "
		    "unverified: one person could answer twice):\n  %s/checkin?r=%s\n",
		    id, cfg->public_url, token);
	sodium_memzero(token, sizeof(token));
	return 0;
}

static int
round_close(PGconn *c, int argc, char **argv)
{
	const char *v[1];
	char err[256];
	PGresult *r;
	int n;

	if (argc != 1) {
		fprintf(stderr, "usage: round close ID\n");
		return 2;
	}
	v[0] = argv[0];
	store_exec(c, "BEGIN", err, sizeof(err));
	/* the same row lock a spend takes: no answer lands after this */
	r = PQexecParams(c, "UPDATE checkin_rounds SET closed = true WHERE "
	    "id::text = $1 AND NOT closed", 1, NULL, v, NULL, NULL, 0);
	n = PQresultStatus(r) == PGRES_COMMAND_OK ? atoi(PQcmdTuples(r)) : -1;
	PQclear(r);
	if (n != 1 || audit_append(c, "admin-cli", "round.close", NULL, argv[0]) == -1 ||
	    store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		fprintf(stderr, "round close: no open round %s\n", argv[0]);
		return 1;
	}
	/* old row versions would show each answer's increments: drop them */
	store_exec(c, "VACUUM checkin_cells, checkin_codes, checkin_rounds",
	    err, sizeof(err));
	printf("round %s closed\n", argv[0]);
	return 0;
}

/* Answers are shown for closed rounds only: a live count would tell
 * when someone answered. */
static int
round_list(PGconn *c, int argc, char **argv)
{
	const char *v[1] = { argc == 1 ? argv[0] : NULL };
	PGresult *r = PQexecParams(c, "SELECT id, cohort, label, mode, closes_on, "
	    "CASE WHEN closed OR closes_on < current_date THEN 'closed' ELSE 'open' END, "
	    "issued, CASE WHEN closed OR closes_on < current_date THEN answered::text "
	    "ELSE '-' END FROM checkin_rounds WHERE $1::text IS NULL OR cohort = $1 "
	    "ORDER BY cohort, id", 1, NULL, v, NULL, NULL, 0);
	int i;

	if (argc > 1 || PQresultStatus(r) != PGRES_TUPLES_OK) {
		PQclear(r);
		fprintf(stderr, "usage: round list [COHORT]\n");
		return argc > 1 ? 2 : 1;
	}
	printf("%-5s %-16s %-20s %-6s %-10s %-6s %7s %8s\n", "id", "cohort",
	    "label", "mode", "closes", "state", "issued", "answered");
	for (i = 0; i < PQntuples(r); i++)
		printf("%-5s %-16s %-20s %-6s %-10s %-6s %7s %8s\n",
		    PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2),
		    PQgetvalue(r, i, 3), PQgetvalue(r, i, 4), PQgetvalue(r, i, 5),
		    PQgetvalue(r, i, 6), PQgetvalue(r, i, 7));
	PQclear(r);
	return 0;
}

int
admin_round(const struct config *cfg, PGconn *c, int argc, char **argv)
{
	if (argc >= 1 && strcmp(argv[0], "open") == 0)
		return round_open(cfg, c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "close") == 0)
		return round_close(c, argc - 1, argv + 1);
	if (argc >= 1 && strcmp(argv[0], "list") == 0)
		return round_list(c, argc - 1, argv + 1);
	fprintf(stderr, "usage: round open|close|list ...\n");
	return 2;
}
