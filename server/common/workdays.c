/*
 * Counting working days with a holiday table. Dates are handled as day
 * numbers (days since 1970-01-01) with Howard Hinnant's civil-date
 * algorithms, so nothing here depends on the process's time zone or on
 * reading zone files inside the sandbox.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/workdays.h"

#define YEAR_MIN	2000
#define YEAR_MAX	2200

static long
days_from_civil(int y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static struct workdate
civil_from_days(long z)
{
	struct workdate w;
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	w.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	w.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	w.y = (int)(yoe + era * 400 + (w.m <= 2));
	return w;
}

static int
date_valid(struct workdate w)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (w.y % 4 == 0 && w.y % 100 != 0) || w.y % 400 == 0;

	if (w.y < YEAR_MIN || w.y > YEAR_MAX || w.m < 1 || w.m > 12 ||
	    w.d < 1 || w.d > mdays[w.m - 1])
		return 0;
	return w.m != 2 || w.d <= 28 + leap;
}

/* "YYYY-MM-DD" exactly, a real date. */
static int
parse_date(const char *s, struct workdate *w)
{
	char tail;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    sscanf(s, "%4d-%2d-%2d%c", &w->y, &w->m, &w->d, &tail) != 3)
		return -1;
	return date_valid(*w) ? 0 : -1;
}

/* "MM-DD", any year's date (29 February allowed). */
static int
parse_mmdd(const char *s, int *mmdd)
{
	struct workdate w = { 2000, 0, 0 };
	char tail;

	if (strlen(s) != 5 || s[2] != '-' ||
	    sscanf(s, "%2d-%2d%c", &w.m, &w.d, &tail) != 2 || !date_valid(w))
		return -1;
	*mmdd = w.m * 100 + w.d;
	return 0;
}

static int
cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

static int
parse_line(struct workdays *wd, char *line)
{
	char a[16], b[16], word[16];
	struct workdate w;

	line[strcspn(line, "\r\n")] = '\0';
	if (line[0] == '#' || line[strspn(line, " \t")] == '\0')
		return 0;
	if (sscanf(line, "%15s", word) != 1)
		return -1;
	if (strcmp(word, "covers") == 0)
		return sscanf(line, "covers %d %d", &wd->first_year,
		    &wd->last_year) == 2 && wd->first_year >= YEAR_MIN &&
		    wd->first_year <= wd->last_year &&
		    wd->last_year <= YEAR_MAX ? 0 : -1;
	if (strcmp(word, "closing") == 0)
		return sscanf(line, "closing %15s %15s", a, b) == 2 &&
		    parse_mmdd(a, &wd->close_from) == 0 &&
		    parse_mmdd(b, &wd->close_to) == 0 ? 0 : -1;
	/* a date, then the holiday's name (kept in the file for people) */
	if (parse_date(word, &w) == -1 || wd->nholidays == WORKDAYS_MAX_HOLIDAYS)
		return -1;
	wd->holidays[wd->nholidays++] = days_from_civil(w.y, w.m, w.d);
	return 0;
}

/* Every listed holiday must fall within the years the table says it covers. */
static int
check_table(const struct workdays *wd, char *err, size_t errlen)
{
	struct workdate w;
	size_t i;

	if (wd->first_year == 0) {
		snprintf(err, errlen, "no \"covers FIRST LAST\" line");
		return -1;
	}
	for (i = 0; i < wd->nholidays; i++) {
		w = civil_from_days(wd->holidays[i]);
		if (w.y < wd->first_year || w.y > wd->last_year) {
			snprintf(err, errlen, "%04d-%02d-%02d is outside the "
			    "covered years", w.y, w.m, w.d);
			return -1;
		}
		if (i > 0 && wd->holidays[i] == wd->holidays[i - 1]) {
			snprintf(err, errlen, "%04d-%02d-%02d is listed twice",
			    w.y, w.m, w.d);
			return -1;
		}
	}
	return 0;
}

int
workdays_parse(struct workdays *wd, const char *text, char *err, size_t errlen)
{
	char line[WORKDAYS_MAX_LINE];
	const char *p = text, *nl;
	unsigned lineno = 0;
	size_t len;

	memset(wd, 0, sizeof(*wd));
	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		if (len >= sizeof(line)) {
			snprintf(err, errlen, "line %u: too long", lineno);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (parse_line(wd, line) == -1) {
			snprintf(err, errlen, "line %u: not a date, \"covers\" "
			    "or \"closing\" line", lineno);
			return -1;
		}
		p += len + (nl != NULL);
	}
	qsort(wd->holidays, wd->nholidays, sizeof(long), cmp_long);
	return check_table(wd, err, errlen);
}

int
workdays_load(struct workdays *wd, const char *path, char *err, size_t errlen)
{
	char buf[WORKDAYS_MAX_HOLIDAYS * 64], sub[256];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open", path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	if (!feof(f) || ferror(f)) {
		fclose(f);
		snprintf(err, errlen, "%s: too large or unreadable", path);
		return -1;
	}
	fclose(f);
	if (workdays_parse(wd, buf, sub, sizeof(sub)) == -1) {
		snprintf(err, errlen, "%s: %s", path, sub);
		return -1;
	}
	return 0;
}

static int
in_closing(const struct workdays *wd, struct workdate w)
{
	int mmdd = w.m * 100 + w.d;

	if (wd->close_from == 0)
		return 0;
	if (wd->close_from <= wd->close_to)	/* within one year */
		return mmdd >= wd->close_from && mmdd <= wd->close_to;
	return mmdd >= wd->close_from || mmdd <= wd->close_to;	/* year end */
}

static int
is_working_day(const struct workdays *wd, long z)
{
	long wday = ((z % 7) + 7 + 4) % 7;	/* 1970-01-01 was a Thursday */

	if (wday == 0 || wday == 6)
		return 0;
	if (bsearch(&z, wd->holidays, wd->nholidays, sizeof(long),
	    cmp_long) != NULL)
		return 0;
	return !in_closing(wd, civil_from_days(z));
}

int
workdays_is_working(const struct workdays *wd, struct workdate w)
{
	if (!date_valid(w))
		return 0;
	return is_working_day(wd, days_from_civil(w.y, w.m, w.d));
}

int
workdays_add(const struct workdays *wd, struct workdate from, unsigned n,
    struct workdate *out)
{
	long z;

	if (!date_valid(from) || n > WORKDAYS_MAX_ADD)
		return -1;
	z = days_from_civil(from.y, from.m, from.d);
	while (n > 0)
		if (is_working_day(wd, ++z))
			n--;
	*out = civil_from_days(z);
	return date_valid(*out) ? 0 : -1;
}

int
workdays_covers(const struct workdays *wd, int y)
{
	return y >= wd->first_year && y <= wd->last_year;
}

struct workdate
workdays_jst(time_t t)
{
	long long s = (long long)t + WORKDAYS_JST_OFFSET;
	long z = (long)(s >= 0 ? s / 86400 : (s - 86399) / 86400);

	return civil_from_days(z);
}

void
workdays_format(struct workdate w, char *buf, size_t len)
{
	snprintf(buf, len, "%04d-%02d-%02d", w.y, w.m, w.d);
}
