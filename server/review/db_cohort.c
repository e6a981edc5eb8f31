#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/review/db_cohort.h"
#include "server/review/db_int.h"

int
db_rounds(struct store *s, const char *cohort, struct db_round *out, size_t max)
{
	struct db_params p = { 0 };
	PGresult *r;
	int i, n;

	db_text(&p, cohort);
	r = db_query(s, "SELECT r.id, r.cohort, h.name_ja, h.name_en, h.all_staff, "
	    "r.label, r.mode, r.closes_on, r.closed OR r.closes_on < current_date, "
	    "r.issued, r.answered FROM checkin_rounds r JOIN cohorts h ON "
	    "h.slug = r.cohort WHERE $1::text IS NULL OR r.cohort = $1 "
	    "ORDER BY r.cohort, r.opened_on, r.id", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		struct db_round *d = &out[i];

		memset(d, 0, sizeof(*d));
		d->id = atoi(PQgetvalue(r, i, 0));
		db_col(r, i, 1, d->cohort, sizeof(d->cohort));
		db_col(r, i, 2, d->name_ja, sizeof(d->name_ja));
		db_col(r, i, 3, d->name_en, sizeof(d->name_en));
		d->all_staff = PQgetvalue(r, i, 4)[0] == 't';
		db_col(r, i, 5, d->label, sizeof(d->label));
		db_col(r, i, 6, d->mode, sizeof(d->mode));
		db_col(r, i, 7, d->closes, sizeof(d->closes));
		d->closed = PQgetvalue(r, i, 8)[0] == 't';
		d->issued = atoi(PQgetvalue(r, i, 9));
		d->answered = d->closed ? atoi(PQgetvalue(r, i, 10)) : -1;
	}
	PQclear(r);
	return n;
}

int
db_cohorts(struct store *s, struct db_cohort *out, size_t max)
{
	struct db_params p = { 0 };
	PGresult *r = db_query(s, "SELECT slug, name_ja, name_en, all_staff "
	    "FROM cohorts ORDER BY all_staff DESC, slug", &p, 0);
	int i, n;

	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof(out[i]));
		db_col(r, i, 0, out[i].slug, sizeof(out[i].slug));
		db_col(r, i, 1, out[i].name_ja, sizeof(out[i].name_ja));
		db_col(r, i, 2, out[i].name_en, sizeof(out[i].name_en));
		out[i].all_staff = PQgetvalue(r, i, 3)[0] == 't';
	}
	PQclear(r);
	return n;
}

int
db_round_cells(struct store *s, int round_id, int min_answers,
    struct db_cell *out, size_t max)
{
	struct db_params p = { 0 };
	char id[16], min[16];
	PGresult *r;
	int i, n;

	snprintf(id, sizeof(id), "%d", round_id);
	snprintf(min, sizeof(min), "%d", min_answers);
	db_text(&p, id);
	db_text(&p, min);
	/* the rule is checked here too, not only by the page */
	r = db_query(s, "SELECT c.question, c.answer, c.n FROM checkin_cells c "
	    "JOIN checkin_rounds r ON r.id = c.round_id JOIN checkin_answers a "
	    "ON a.question = c.question AND a.answer = c.answer "
	    "WHERE r.id = $1::int AND (r.closed OR r.closes_on < current_date) "
	    "AND r.answered >= $2::int ORDER BY c.question, a.ord", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++) {
		db_col(r, i, 0, out[i].question, sizeof(out[i].question));
		db_col(r, i, 1, out[i].answer, sizeof(out[i].answer));
		out[i].n = atoi(PQgetvalue(r, i, 2));
	}
	PQclear(r);
	return n;
}

struct cohort_new {
	const char	*slug, *ja, *en;
	int		 all_staff;
};

static int
cohort_insert(PGconn *c, const void *arg)
{
	const struct cohort_new *n = arg;
	struct db_params p = { 0 };

	db_text(&p, n->slug);
	db_text(&p, n->ja);
	db_text(&p, n->en);
	db_text(&p, n->all_staff ? "true" : "false");
	return db_cmd(c, "INSERT INTO cohorts (slug, name_ja, name_en, all_staff) "
	    "VALUES ($1, $2, $3, $4::boolean)", &p) == 0 ? REVIEW_OK :
	    REVIEW_EINPUT;
}

int
db_cohort_add(struct store *s, const char *actor, const char *slug,
    const char *name_ja, const char *name_en, int all_staff)
{
	struct cohort_new n = { slug, name_ja, name_en, all_staff };
	struct db_audit_entry e = { "cohort.add", slug };

	return db_tx(s, cohort_insert, &n, actor, NULL, &e, 1);
}

static int
round_close_one(PGconn *c, const void *arg)
{
	struct db_params p = { 0 };
	PGresult *r;
	int n;

	db_text(&p, arg);
	/* the same row lock a spend takes: no answer lands after this */
	r = db_run(c, "UPDATE checkin_rounds SET closed = true WHERE id = $1::int "
	    "AND NOT closed", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = atoi(PQcmdTuples(r));
	PQclear(r);
	return n == 1 ? REVIEW_OK : REVIEW_ENOTFOUND;
}

int
db_round_close(struct store *s, const char *actor, int round_id)
{
	char id[16];
	struct db_audit_entry e = { "round.close", id };

	snprintf(id, sizeof(id), "%d", round_id);
	return db_tx(s, round_close_one, id, actor, NULL, &e, 1);
}
