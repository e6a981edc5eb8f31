/*
 * The ward's working days: not a Saturday or Sunday, not a national
 * holiday from the table in templates/data/holidays-jp.txt, not within the
 * year-end closing. Deadlines (acknowledgement, response, feedback) are
 * counted in these days, as the ward's own rules count them.
 */
#ifndef MDG_WORKDAYS_H
#define MDG_WORKDAYS_H
#include <stddef.h>
#include <time.h>

#define WORKDAYS_MAX_HOLIDAYS	512	/* entries in one table (~20 years) */
#define WORKDAYS_MAX_LINE	256
#define WORKDAYS_MAX_ADD	400	/* working days one deadline may add */
#define WORKDAYS_JST_OFFSET	(9 * 3600)	/* Japan has no summer time */

struct workdate {
	int	y, m, d;
};

struct workdays {
	long	holidays[WORKDAYS_MAX_HOLIDAYS];	/* day numbers, sorted */
	size_t	nholidays;
	int	first_year, last_year;		/* "covers" */
	int	close_from, close_to;		/* MMDD, e.g. 1229 and 103 */
};

/* 0, or -1 with err naming the line and problem. */
int	workdays_load(struct workdays *, const char *path, char *err,
	    size_t errlen);
/* The same from a string (tests); 0 or -1. */
int	workdays_parse(struct workdays *, const char *text, char *err,
	    size_t errlen);
/* 1 for a working day, 0 for a day the offices are closed. */
int	workdays_is_working(const struct workdays *, struct workdate);
/*
 * The date n working days after from (from itself is not counted: a case
 * filed on a Friday with n = 1 is due on the next working day). -1 if n is
 * beyond WORKDAYS_MAX_ADD or a date is invalid.
 */
int	workdays_add(const struct workdays *, struct workdate from, unsigned n,
	    struct workdate *out);
/* 1 if the table lists every holiday of year y. */
int	workdays_covers(const struct workdays *, int y);
/* The date in Japan at t. */
struct workdate	workdays_jst(time_t t);
/* "YYYY-MM-DD" into buf (at least 11 bytes). */
void	workdays_format(struct workdate, char *buf, size_t len);

#endif
