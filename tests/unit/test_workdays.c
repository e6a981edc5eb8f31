/* Working days: weekends, the holiday table, the year-end closing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/config.h"
#include "server/common/deadlines.h"
#include "server/common/workdays.h"

#define TABLE	"templates/data/holidays-jp.txt"

static struct workdays cal;

static int
setup(void **state)
{
	char err[256];

	(void)state;
	if (workdays_load(&cal, TABLE, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	return 0;
}

static struct workdate
D(int y, int m, int d)
{
	struct workdate w = { y, m, d };

	return w;
}

/* n working days after y-m-d, as "YYYY-MM-DD". */
static const char *
after(int y, int m, int d, unsigned n)
{
	static char buf[16];
	struct workdate w;

	if (workdays_add(&cal, D(y, m, d), n, &w) == -1)
		return "error";
	workdays_format(w, buf, sizeof(buf));
	return buf;
}

static void
test_weekends_are_skipped(void **state)
{
	(void)state;
	assert_string_equal(after(2026, 11, 26, 1), "2026-11-27");	/* Thu */
	assert_string_equal(after(2026, 11, 27, 1), "2026-11-30");	/* Fri */
	assert_string_equal(after(2026, 11, 28, 1), "2026-11-30");	/* Sat */
	assert_string_equal(after(2026, 11, 29, 1), "2026-11-30");	/* Sun */
	assert_string_equal(after(2026, 11, 26, 0), "2026-11-26");
	assert_string_equal(after(2026, 11, 30, 5), "2026-12-07");
}

static void
test_national_holidays_are_skipped(void **state)
{
	(void)state;
	/* 勤労感謝の日, Monday 2026-11-23 */
	assert_string_equal(after(2026, 11, 20, 1), "2026-11-24");
	/* Golden Week 2026: 5/3 on a Sunday gives 5/6 as 振替休日 */
	assert_string_equal(after(2026, 5, 1, 1), "2026-05-07");
	assert_string_equal(after(2026, 4, 30, 5), "2026-05-12");
	/* 敬老の日, 国民の休日 and 秋分の日 in a row */
	assert_string_equal(after(2026, 9, 18, 1), "2026-09-24");
	/* 春分の日 on a Sunday in 2027: Monday 3/22 is off */
	assert_string_equal(after(2027, 3, 19, 1), "2027-03-23");
	assert_false(workdays_is_working(&cal, D(2025, 2, 24)));
	assert_true(workdays_is_working(&cal, D(2025, 2, 25)));
}

static void
test_year_end_closing_is_skipped(void **state)
{
	(void)state;
	assert_string_equal(after(2026, 12, 28, 1), "2027-01-04");
	assert_string_equal(after(2025, 12, 26, 1), "2026-01-05");
	assert_string_equal(after(2026, 12, 30, 1), "2027-01-04");
	assert_false(workdays_is_working(&cal, D(2026, 12, 29)));
	assert_false(workdays_is_working(&cal, D(2026, 12, 31)));
	assert_false(workdays_is_working(&cal, D(2027, 1, 2)));
	assert_false(workdays_is_working(&cal, D(2027, 1, 1)));
	assert_true(workdays_is_working(&cal, D(2026, 12, 28)));
	assert_true(workdays_is_working(&cal, D(2027, 1, 4)));
	/* the closing repeats in years the table does not list */
	assert_false(workdays_is_working(&cal, D(2030, 12, 30)));
	assert_false(workdays_is_working(&cal, D(2031, 1, 3)));
	assert_true(workdays_is_working(&cal, D(2030, 12, 27)));
}

static void
test_closing_is_configurable(void **state)
{
	struct workdays w;
	struct workdate out;
	char err[128];

	(void)state;
	assert_int_equal(workdays_parse(&w, "covers 2026 2026\nclosing 12-28 01-05\n",
	    err, sizeof(err)), 0);
	assert_false(workdays_is_working(&w, D(2026, 12, 28)));
	assert_false(workdays_is_working(&w, D(2027, 1, 5)));
	assert_int_equal(workdays_add(&w, D(2026, 12, 25), 1, &out), 0);
	assert_int_equal(out.m * 100 + out.d, 106);
	/* no closing line: only weekends and holidays */
	assert_int_equal(workdays_parse(&w, "covers 2026 2026\n", err,
	    sizeof(err)), 0);
	assert_true(workdays_is_working(&w, D(2026, 12, 29)));
	/* a closing within one year */
	assert_int_equal(workdays_parse(&w, "covers 2026 2026\nclosing 08-13 08-15\n",
	    err, sizeof(err)), 0);
	assert_false(workdays_is_working(&w, D(2026, 8, 14)));
	assert_true(workdays_is_working(&w, D(2026, 8, 17)));
}

static void
test_bad_tables_are_refused(void **state)
{
	static const char *const bad[] = {
		"2026-01-01 元日\n",				/* no covers line */
		"covers 2026 2026\n2027-01-01 元日\n",		/* outside */
		"covers 2026 2026\n2026-01-01 a\n2026-01-01 b\n",	/* twice */
		"covers 2026 2026\n2026-02-30 x\n",		/* no such day */
		"covers 2026 2026\n2026-1-1 x\n",		/* not YYYY-MM-DD */
		"covers 2026 2026\nholiday 2026-01-01\n",	/* unknown line */
		"covers 2027 2026\n",				/* reversed */
		"covers 2026 2026\nclosing 12-32 01-03\n",
		"covers 2026 2026\nclosing 12-29\n",
		"covers 1900 2026\n",
		NULL };
	struct workdays w;
	char err[128];
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(workdays_parse(&w, bad[i], err, sizeof(err)), -1);
	assert_int_equal(workdays_load(&w, "/nonexistent/holidays.txt", err,
	    sizeof(err)), -1);
}

/* Holidays listed for year y in the table file. */
static int
listed(int y)
{
	char prefix[8], line[256];
	FILE *f;
	int n = 0;

	if ((f = fopen(TABLE, "r")) == NULL)
		return -1;
	snprintf(prefix, sizeof(prefix), "%d-", y);
	while (fgets(line, sizeof(line), f) != NULL)
		n += strncmp(line, prefix, 5) == 0;
	fclose(f);
	return n;
}

/* The table in the repository: the years it says, each one complete. */
static void
test_repository_table_covers_its_years(void **state)
{
	int y;

	(void)state;
	assert_true(workdays_covers(&cal, 2025));
	assert_true(workdays_covers(&cal, 2027));
	assert_false(workdays_covers(&cal, 2028));
	assert_int_equal(cal.close_from, 1229);
	assert_int_equal(cal.close_to, 103);
	/* 16 national holidays a year, plus 振替休日 and 国民の休日 */
	for (y = cal.first_year; y <= cal.last_year; y++)
		assert_in_range(listed(y), 16, 20);
	assert_int_equal(listed(2028), 0);
}

static void
test_dates_in_japan(void **state)
{
	struct workdate w;

	(void)state;
	w = workdays_jst(0);			/* 09:00 in Tokyo */
	assert_int_equal(w.y * 10000 + w.m * 100 + w.d, 19700101);
	w = workdays_jst(15 * 3600);		/* 00:00 the next day */
	assert_int_equal(w.y * 10000 + w.m * 100 + w.d, 19700102);
	w = workdays_jst(1798729200 - 1);	/* 2026-12-31 23:59:59 JST */
	assert_int_equal(w.y * 10000 + w.m * 100 + w.d, 20261231);
	w = workdays_jst(1798729200);		/* 2027-01-01 00:00 JST */
	assert_int_equal(w.y * 10000 + w.m * 100 + w.d, 20270101);
}

static void
test_deadlines_urgent_is_one_working_day(void **state)
{
	struct config c;
	struct deadlines d;
	time_t fri = 1796353200;	/* Friday 2026-12-04 12:00 JST */

	(void)state;
	config_defaults(&c);
	assert_int_equal(deadlines_for(&cal, &c, 1, fri, &d), 0);
	assert_string_equal(d.ack, "2026-12-07");	/* Monday */
	assert_int_equal(deadlines_for(&cal, &c, 0, fri, &d), 0);
	assert_string_equal(d.ack, "2026-12-11");	/* five working days */
	c.ack_days = 3;
	assert_int_equal(deadlines_for(&cal, &c, 0, fri, &d), 0);
	assert_string_equal(d.ack, "2026-12-09");
	/* the response clock runs through the year-end closing */
	c.response_days = 20;
	assert_int_equal(deadlines_for(&cal, &c, 0, fri, &d), 0);
	assert_string_equal(d.response, "2027-01-07");
	c.feedback_days = WORKDAYS_MAX_ADD + 1;
	assert_int_equal(deadlines_for(&cal, &c, 0, fri, &d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekends_are_skipped),
		cmocka_unit_test(test_national_holidays_are_skipped),
		cmocka_unit_test(test_year_end_closing_is_skipped),
		cmocka_unit_test(test_closing_is_configurable),
		cmocka_unit_test(test_bad_tables_are_refused),
		cmocka_unit_test(test_repository_table_covers_its_years),
		cmocka_unit_test(test_dates_in_japan),
		cmocka_unit_test(test_deadlines_urgent_is_one_working_day),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
