/*
 * Check-ins: the short anonymous questionnaire of a cohort's round.
 * Private to the intake server's checkin*.c files.
 */
#ifndef MDG_INTAKE_CHECKIN_H
#define MDG_INTAKE_CHECKIN_H

#include "crypto/checkin_code.h"
#include "server/common/forms.h"
#include "server/intake/intake.h"

#define CHECKIN_QUESTIONS	5	/* count cells per answer: k6_band + 4 */
#define CHECKIN_COHORT_MAX	200	/* bytes of the cohort text carried to a case */

/* checkin_form.c: the questions, with or without the code field. */
extern const struct form_def checkin_form_code;
extern const struct form_def checkin_form_link;
/*
 * The count cells an answer adds to, as a PostgreSQL array literal
 * "{k6_band=mild,sleep=good,...}" built only from the fixed option
 * values (the form was validated first). 0 or -1.
 */
int	checkin_cells(const struct formdata *, const struct assessment *,
	    char *out, size_t outlen);

/* checkin_store.c: 'open', 'unknown', 'spent', 'expired' (-1: database). */
struct checkin_round {
	char	state[16];
	char	name_ja[256];
	char	name_en[256];
	char	label[256];
};
int	checkin_store_status(PGconn *, const unsigned char *lookup, int link,
	    struct checkin_round *);
/* 'counted', 'unknown', 'spent', 'expired' into state; -1 on error. */
int	checkin_store_spend(PGconn *, const unsigned char *lookup, int link,
	    const char *cells, char state[16]);

/* checkin.c */
int		checkin_lookup_status(struct request *, const unsigned char *lookup,
		    int link, struct checkin_round *);
enum MHD_Result	checkin_state_page(struct request *, unsigned status,
		    const char *state);

/* checkin_talk.c: the result page, and the way on to a consultation. */
enum MHD_Result	checkin_done(struct request *, const struct assessment *,
		    const unsigned char *lookup, int link);

#endif
