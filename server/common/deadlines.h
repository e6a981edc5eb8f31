/*
 * A case's clocks: acknowledgement, first response and feedback, each a
 * number of the ward's working days from the day the case came in (in
 * Japan). An urgent case is to be acknowledged on the next working day.
 */
#ifndef MDG_DEADLINES_H
#define MDG_DEADLINES_H
#include <time.h>

#include "server/common/config.h"
#include "server/common/workdays.h"

struct deadlines {
	char	ack[11], response[11], feedback[11];	/* YYYY-MM-DD */
};

/* 0, or -1 if a configured count is out of range. */
int	deadlines_for(const struct workdays *, const struct config *,
	    int urgent, time_t now, struct deadlines *);
/*
 * Loads the holiday table the configuration names (fatal on error) and
 * warns when it does not cover this year and the next.
 */
void	deadlines_load_calendar(struct workdays *, const struct config *);

#endif
