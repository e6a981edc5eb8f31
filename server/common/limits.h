/* Fixed limits on what a client may send in one form. */
#ifndef MDG_LIMITS_H
#define MDG_LIMITS_H

#define FORM_MAX_FIELDS	200		/* fields in one form */
#define FORM_MAX_VALUE	(64u * 1024)	/* bytes of one field's value */
#define FORM_MAX_TOTAL	(512u * 1024)	/* bytes of all values together */
#define FORM_MAX_NAME	64		/* bytes of a field name */

/* Check-in rounds */
#define CHECKIN_MAX_CODES	5000		/* codes issued by one round open */
#define CHECKIN_ANSWER_MAX	32		/* bytes of one check-in answer value */

#endif
