/*
 * Retaliation watch, the counselor's side: the follow-up dates on the
 * close form and on the case page (server/review/watch.c).
 */
#ifndef MDG_REVIEW_WATCH_H
#define MDG_REVIEW_WATCH_H

#include "server/common/formdata.h"
#include "server/review/review.h"

/*
 * The close form's dates into d: fields watch1 and watch2, each a date
 * or blank (none); a form without them takes the defaults. 0, or -1 for
 * a field that is not a date.
 */
int	review_watch_form(struct formdata *, struct db_status *d);
/* The dates (or the fields to set them) into the case page's view. */
int	review_watch_view(struct review *, const struct review_case *,
	    struct view *);

#endif
