/* Check-in cohorts and rounds on the review server (server/review/cohort.c). */
#ifndef MDG_REVIEW_COHORT_H
#define MDG_REVIEW_COHORT_H

#include "server/common/http.h"
#include "server/review/db_cohort.h"

enum MHD_Result	review_cohorts(struct request *);
enum MHD_Result	review_cohort(struct request *);
enum MHD_Result	review_cohort_add(struct request *);
enum MHD_Result	review_round_close(struct request *);

#endif
