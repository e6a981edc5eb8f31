#include <stdio.h>

#include "server/common/deadlines.h"
#include "server/common/log.h"

static int
due(const struct workdays *wd, struct workdate from, unsigned n, char *out)
{
	struct workdate w;

	if (workdays_add(wd, from, n, &w) == -1)
		return -1;
	workdays_format(w, out, 11);
	return 0;
}

int
deadlines_for(const struct workdays *wd, const struct config *cfg, int urgent,
    time_t now, struct deadlines *d)
{
	struct workdate today = workdays_jst(now);

	if (due(wd, today, urgent ? cfg->urgent_ack_days : cfg->ack_days,
	    d->ack) == -1 ||
	    due(wd, today, cfg->response_days, d->response) == -1 ||
	    due(wd, today, cfg->feedback_days, d->feedback) == -1)
		return -1;
	return 0;
}

void
deadlines_load_calendar(struct workdays *wd, const struct config *cfg)
{
	char path[CFG_PATH_MAX * 2], err[CFG_PATH_MAX * 2 + 128];
	struct deadlines d;
	int y;

	if (cfg->holidays[0] != '\0')
		snprintf(path, sizeof(path), "%s", cfg->holidays);
	else
		snprintf(path, sizeof(path), "%s/%s", cfg->templates,
		    CFG_HOLIDAYS_FILE);
	if (workdays_load(wd, path, err, sizeof(err)) == -1)
		fatalx("holidays: %s", err);
	if (cfg->urgent_ack_days > WORKDAYS_MAX_ADD ||
	    deadlines_for(wd, cfg, 0, time(NULL), &d) == -1)
		fatalx("holidays: a deadline of more than %d working days",
		    WORKDAYS_MAX_ADD);
	/* deadlines then skip only weekends and the closing: too early, not late */
	y = workdays_jst(time(NULL)).y;
	if (!workdays_covers(wd, y) || !workdays_covers(wd, y + 1))
		log_warnx("holidays: %s does not list the holidays of %d and "
		    "%d; deadlines will not skip them", path, y, y + 1);
}
