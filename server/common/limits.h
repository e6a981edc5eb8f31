/* Fixed limits on what a client may send in one form. */
#ifndef MDG_LIMITS_H
#define MDG_LIMITS_H

#define FORM_MAX_FIELDS	200		/* fields in one form */
#define FORM_MAX_VALUE	(64u * 1024)	/* bytes of one field's value */
#define FORM_MAX_TOTAL	(512u * 1024)	/* bytes of all values together */
#define FORM_MAX_NAME	64		/* bytes of a field name */


/*
 * Filing once (server/common/filing.h): a report form's token is good for
 * this long (a long report may take an evening to write; an older form is
 * shown again with its text and a fresh token), used tokens are remembered
 * until they expire (the oldest is forgotten when the table is full), and
 * a receipt waits in locked memory for the receipt page this long.
 */
#define FILING_TOKEN_TTL	(12 * 3600)	/* seconds */
#define FILING_MAX_TOKENS	16384
#define FILING_MAX_RECEIPTS	1024		/* receipts held at once */
#define FILING_SHOW_SECS	(5 * 60)	/* receipt page reloadable */

/* Check-in rounds */
#define CHECKIN_MAX_CODES	5000		/* codes issued by one round open */
#define CHECKIN_ANSWER_MAX	32		/* bytes of one check-in answer value */

#endif
