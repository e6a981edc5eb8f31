/* Opening a case as a counselor: access check, case key, metadata. */
#ifndef MDG_REVIEW_CASEIO_H
#define MDG_REVIEW_CASEIO_H

#include "server/review/review.h"

struct review_case {
	char		id[33];
	char		channel[33];
	char		category[33];
	char		status[16];
	char		priority[16];
	char		assignee[65];
	char		created[20];
	char		labels[256];	/* {a,b} */
	char		ack_due[11], response_due[11], feedback_due[11];
	unsigned char	*k;		/* the case key, sodium_malloc'd */
};

/*
 * 1 with rc->k set when u is a counselor holding a key to case id;
 * 0 when not found or not theirs (the same answer); -1 on error.
 */
int	review_case_open(PGconn *, const struct review_user *,
	    const unsigned char *sk, const char *id, struct review_case *);
void	review_case_close(struct review_case *);
/* The notes key of the case for u: 1 found, 0 none yet, -1 error. */
int	review_note_key(PGconn *, const struct review_user *,
	    const unsigned char *sk, const char *case_id, unsigned char **nk);

#endif
