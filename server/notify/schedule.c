/*
 * When the periodic steps run. Non-urgent notices wait for a boundary
 * (by default the top of each hour, or a fixed hour of the day) so that
 * the time of a mail says nothing finer about the time of a report.
 */
#include <time.h>

#include "server/notify/notify.h"

int
schedule_batch_due(time_t last, time_t now, unsigned period)
{
	if (period == 0 || now < 0)
		return 0;
	if (last <= 0)
		return 1;
	return now / (time_t)period > last / (time_t)period;
}

int
schedule_daily_due(time_t last, time_t now, unsigned hour)
{
	struct tm tl, tn;

	if (localtime_r(&now, &tn) == NULL || tn.tm_hour < (int)hour)
		return 0;
	if (last <= 0)
		return 1;
	if (localtime_r(&last, &tl) == NULL)
		return 0;
	return tl.tm_year < tn.tm_year ||
	    (tl.tm_year == tn.tm_year && tl.tm_yday < tn.tm_yday);
}

unsigned
schedule_backoff(int attempts, unsigned base, unsigned max)
{
	unsigned long long d = base;
	int i;

	for (i = 1; i < attempts && d < max; i++)
		d *= 2;
	return d > max ? max : (unsigned)d;
}
