/*
 * The review side's check-in data (server/review/db_cohort.c): cohorts,
 * rounds and their count cells. There is nothing per person to read: the
 * database holds only counts. Cells come back only for rounds that are
 * closed and have enough answers; the page still suppresses small cells.
 */
#ifndef MDG_REVIEW_DB_COHORT_H
#define MDG_REVIEW_DB_COHORT_H
#include <stddef.h>

#include "server/review/db.h"

#define DB_COHORT_NAME		256	/* 80 characters of UTF-8 */
#define DB_COHORT_MAX_ROUNDS	200	/* rounds listed on one page */
#define DB_COHORT_MAX_CELLS	32	/* cells of one round */

struct db_round {
	int	id;
	char	cohort[33];
	char	name_ja[DB_COHORT_NAME], name_en[DB_COHORT_NAME];
	int	all_staff;
	char	label[DB_COHORT_NAME];
	char	mode[8];		/* "codes" | "link" */
	char	closes[11];
	int	closed;			/* closed, or its closing date has passed */
	int	issued;
	int	answered;		/* -1 while open: a live count tells when */
};
/* Rounds of cohort (NULL: all cohorts), by cohort then age: count or REVIEW_EFAIL. */
int	db_rounds(struct store *, const char *cohort, struct db_round *, size_t max);

struct db_cohort {
	char	slug[33];
	char	name_ja[DB_COHORT_NAME], name_en[DB_COHORT_NAME];
	int	all_staff;
};
int	db_cohorts(struct store *, struct db_cohort *, size_t max);

struct db_cell {
	char	question[17];
	char	answer[17];
	int	n;
};
/*
 * The cells of a closed round with at least min_answers answers, in
 * question and answer order: count, 0 when the round may not be shown,
 * or REVIEW_EFAIL.
 */
int	db_round_cells(struct store *, int round_id, int min_answers,
	    struct db_cell *, size_t max);

/* A new cohort, audited: REVIEW_OK, REVIEW_EINPUT (bad or taken slug), REVIEW_EFAIL. */
int	db_cohort_add(struct store *, const char *actor, const char *slug,
	    const char *name_ja, const char *name_en, int all_staff);
/* Closes an open round, audited: REVIEW_OK, REVIEW_ENOTFOUND, REVIEW_EFAIL. */
int	db_round_close(struct store *, const char *actor, int round_id);

#endif
