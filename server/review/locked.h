/* Cases a counselor holds no key to, and requests for access to them. */
#ifndef MDG_REVIEW_LOCKED_H
#define MDG_REVIEW_LOCKED_H

#include "server/review/review.h"

#define REVIEW_LOCKED_PAGE	20	/* cases without a key listed on the queue */
#define REVIEW_REQUESTS_SHOWN	50	/* requests to answer, oldest first */

/*
 * A page of the locked cases of u's channels (after the case after, NULL
 * from the top) and the requests u can answer: 0, or REVIEW_EFAIL.
 */
int	review_locked_view(struct review *, const struct review_user *,
	    const char *after, struct view *);
/* Requests u can answer for one case (or all if case_id is NULL). */
int	review_requests_view(struct review *, const struct review_user *,
	    const char *case_id, struct view *);
enum MHD_Result	review_access_request(struct request *);

#endif
