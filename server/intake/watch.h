/*
 * Retaliation watch, the reporter's side: on and after a follow-up date
 * of a closed harassment case, the case page asks whether anything
 * unfavourable has happened since (migrations/012_watch.sql). Private to
 * the intake's case.c and watch*.c.
 */
#ifndef MDG_INTAKE_WATCH_H
#define MDG_INTAKE_WATCH_H

#include "server/common/deadlines.h"
#include "server/common/store.h"
#include "server/intake/intake.h"

#define WATCH_DATE_TEXT	11	/* YYYY-MM-DD */

/* case.c: the case page, and the gate every /case post goes through. */
enum MHD_Result	case_render(struct request *, unsigned status,
		    const char *error);
enum MHD_Result	case_post_check(struct request *, int *ok);

/* watch.c: the question into the case page's view, when one is due. */
void		watch_fill(struct request *, struct view *);
/* POST /case/watch */
enum MHD_Result	case_watch_answer(struct request *);

/* watch_store.c: 1 a follow-up is due (its date in due), 0 none, -1 error. */
int	watch_store_due(PGconn *, const unsigned char *lookup,
	    char due[WATCH_DATE_TEXT]);
/*
 * The sealed answer appended; with reopen the case is reopened as urgent
 * with the deadlines d, else it stays closed. 1 done, 0 nothing was due
 * (nothing written), -1 error.
 */
int	watch_store_answer(PGconn *, const unsigned char *lookup,
	    const struct store_record *, int reopen, const struct deadlines *d);

#endif
