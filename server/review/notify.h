/*
 * Mail notices on the review side: each counselor's settings on the
 * account page, and the administrator's status page that shows notices
 * which could not be delivered. The mails themselves are sent by
 * madoguchi-notify.
 */
#ifndef MDG_REVIEW_NOTIFY_H
#define MDG_REVIEW_NOTIFY_H
#include "server/review/review.h"

#define REVIEW_NOTIFY_EMAIL_FIELD	"email"

/* Adds the counselor's current settings to the account page's view. */
void		review_notify_view(struct request *, struct view *,
		    const struct review_user *);
/* POST /account/notify */
enum MHD_Result	review_notify_save(struct request *);
/* GET /status: administrators only. */
enum MHD_Result	review_status_page(struct request *);

#endif
