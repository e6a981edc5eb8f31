/* The case pages of the review server, split over a few files. */
#ifndef MDG_REVIEW_CASE_H
#define MDG_REVIEW_CASE_H

#include "server/common/buf.h"
#include "server/review/review.h"
#include "server/review/caseio.h"

#define REVIEW_HISTORY_MAX	500	/* newest audit entries on a case page */

/* Splits "<id>[/<verb>[/<arg>]]"; 0 if malformed. */
int	review_case_path(const char *tail, char id[DB_ID_TEXT],
	    char verb[REVIEW_VERB_TEXT], char arg[DB_ID_TEXT]);
/* Decrypts the case into v: 0 or REVIEW_EFAIL; *identity_seen if shown. */
int	review_case_fill(struct review *, const struct review_user *,
	    const unsigned char *sk, const struct review_case *, struct view *,
	    int *identity_seen);
/* One attachment decrypted into out: 0, or REVIEW_EFAIL. */
int	review_case_file(struct review *, const struct review_case *,
	    const char *att, struct buf *, char *name, size_t namelen);
enum MHD_Result	review_case_export(struct request *);

#endif
