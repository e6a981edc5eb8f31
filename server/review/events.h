/* Audit entries (a case's history, the audit page) shown in words. */
#ifndef MDG_REVIEW_EVENTS_H
#define MDG_REVIEW_EVENTS_H

#include "server/review/review.h"

/*
 * Sets at, actor, ev_action (a msgid) or ev_code (an unknown action as
 * stored), and one child of "parts" per word of the detail: ev_word (a
 * msgid) with an optional ev_label (msgid), or ev_text.
 */
void	review_event_view(struct view *, const struct db_event *);

#endif
