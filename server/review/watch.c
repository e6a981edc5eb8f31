/*
 * The follow-up dates of a harassment case. An open case's status form
 * offers two dates, one and three months ahead by default, which are set
 * when the case is closed; a closed case shows its dates and whether the
 * reporter has answered. Only dates are kept, no times.
 */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include "server/review/watch.h"

/* YYYY-MM-DD naming a real day (the range is checked by the database). */
static int
watch_date_ok(const char *s)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };
	int y, m, d, i;

	for (i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : s[i] < '0' || s[i] > '9')
			return 0;
	if (s[10] != '\0')
		return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	/* 29 February only in a leap year */
	return m != 2 || d < 29 || (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
}

int
review_watch_form(struct formdata *fd, struct db_status *d)
{
	static const char *const names[2] = { "watch1", "watch2" };
	const char *v;
	int i, present = 0;

	for (i = 0; i < 2; i++) {
		d->watch[i] = NULL;
		if ((v = formdata_get(fd, names[i])) == NULL)
			continue;
		present = 1;
		if (v[0] == '\0')
			continue;
		if (!watch_date_ok(v))
			return -1;
		d->watch[i] = v;
	}
	d->watch_default = !present;
	return 0;
}

int
review_watch_view(struct review *app, const struct review_case *rc,
    struct view *v)
{
	struct db_watch w;
	struct view *e;
	int i;

	if (strcmp(rc->channel, "harassment") != 0)
		return 0;	/* mental-health cases are not watched */
	if (db_watch_get(app->store, rc->id, &w) != 0)
		return REVIEW_EFAIL;
	view_set_flag(v, "watch_harassment", 1);
	view_set_flag(v, "watch_open", strcmp(rc->status, VOCAB_STATUS_CLOSED) != 0);
	view_set(v, "watch_default1", w.default_due[0]);
	view_set(v, "watch_default2", w.default_due[1]);
	for (i = 0; i < w.n; i++) {
		if ((e = view_add(v, "watch_dates")) == NULL)
			return REVIEW_EFAIL;
		view_set(e, "due", w.dates[i].due);
		view_set(e, "state", w.dates[i].answered ? "r.watch.answered" :
		    w.dates[i].reached ? "r.watch.due" : "r.watch.pending");
	}
	return 0;
}
