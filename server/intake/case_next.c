/*
 * "What happens next" on the reporter's case page: the three steps every
 * case goes through (acknowledgement, first answer, feedback), each with
 * the date the case was given when it came in, marked done as the status
 * moves on. Nothing here is decrypted: status and dates are in the clear.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server/intake/intake.h"

/* How many of the three steps a status has passed. */
static int
steps_done(const char *status)
{
	static const struct { const char *status; int done; } map[] = {
		{ "new", 0 }, { "acknowledged", 1 }, { "in_progress", 2 },
		{ "waiting", 2 }, { "reopened", 2 }, { "closed", 3 },
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].status, status) == 0)
			return map[i].done;
	return 0;
}

/* 0 (Sunday) to 6 for "YYYY-MM-DD", or -1. */
static int
weekday(const char *ymd)
{
	struct tm tm = { 0 };
	time_t t;

	if (sscanf(ymd, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	if ((t = timegm(&tm)) == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		return -1;
	return tm.tm_wday;
}

static void
step(struct view *v, const char *name, const char *date, int done,
    const char *today)
{
	struct view *s = view_add(v, "steps");
	int wd = weekday(date);

	if (s == NULL)
		return;
	view_setf(s, "label", "case.next.%s", name);
	view_setf(s, "what", "case.next.%s.what", name);
	view_set(s, "date", date);
	if (wd >= 0)
		view_setf(s, "weekday", "date.wd.%d", wd);
	view_set_flag(s, "done", done);
	/* dates are whole days in Japan: late only once the day is over */
	if (!done && strcmp(date, today) < 0) {
		view_set_flag(s, "late", 1);
		view_set_flag(v, "any_late", 1);
	}
}

void
case_next_view(struct view *v, const char *status, const struct store_dates *d,
    int answered)
{
	char today[11];
	int done = steps_done(status);

	/* an answer is the first answer, whatever the status says yet */
	if (answered && done < 2)
		done = 2;
	workdays_format(workdays_jst(time(NULL)), today, sizeof(today));
	step(v, "ack", d->ack, done >= 1, today);
	step(v, "response", d->response, done >= 2, today);
	step(v, "feedback", d->feedback, done >= 3, today);
	view_set_flag(v, "closed", done == 3);
	view_set_flag(v, "has_steps", 1);
}
