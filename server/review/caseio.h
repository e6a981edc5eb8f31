/* Opening a case as a counselor: access check, case key, notes key. */
#ifndef MDG_REVIEW_CASEIO_H
#define MDG_REVIEW_CASEIO_H

#include "server/review/review.h"

/*
 * 1 with rc->k set when u is a counselor holding a key to case id;
 * 0 when not found or not theirs (the same answer); REVIEW_EFAIL.
 */
int	review_case_open(struct review *, const struct review_user *,
	    const unsigned char *sk, const char *id, struct review_case *);
void	review_case_close(struct review_case *);
/* The notes key of the case for u: 1 found, 0 none yet, REVIEW_EFAIL. */
int	review_note_key(struct review *, const struct review_user *,
	    const unsigned char *sk, const char *case_id, unsigned char **nk);

#endif
