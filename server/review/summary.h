/* One line of each queue row's report, decrypted for the page's rows. */
#ifndef MDG_REVIEW_SUMMARY_H
#define MDG_REVIEW_SUMMARY_H

#include "server/review/review.h"

#define REVIEW_SUMMARY_CHARS	40	/* characters of the story shown */
/* 40 characters of up to 4 bytes, an ellipsis, a NUL */
#define REVIEW_SUMMARY_TEXT	(REVIEW_SUMMARY_CHARS * 4 + 8)

struct review_summary {
	char	id[DB_ID_TEXT];
	char	text[REVIEW_SUMMARY_TEXT];	/* "" when none opened */
};

/*
 * out[i] for rows[i]: the first REVIEW_SUMMARY_CHARS characters of the
 * report's story, opened with u's secret key sk: 0 or REVIEW_EFAIL.
 */
int	review_summaries(struct review *, const struct review_user *u,
	    const unsigned char *sk, const struct db_queue_row *rows, int n,
	    struct review_summary *out);

#endif
