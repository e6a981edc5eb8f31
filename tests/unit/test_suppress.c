/*
 * Small-cell suppression tried the way an attacker would: from the total
 * and the visible cells, by brute force over every table of counts that
 * agrees with what is shown, no hidden count from 1 to 9 may be pinned.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/suppress.h"

#define MIN 10

/*
 * The attacker: enumerates every vector m that shows the same thing as
 * n (same visible values, same total, small cells below MIN, the others
 * at MIN or more) and records, per cell, whether it ever differs from n.
 */
static void
attack(const int *n, size_t k, const enum suppress_mark *mark, int total,
    int *m, size_t at, int sum, int *varies)
{
	size_t i;
	int v, lo, hi;

	if (at == k) {
		if (sum != total)
			return;
		for (i = 0; i < k; i++)
			if (m[i] != n[i])
				varies[i] = 1;
		return;
	}
	lo = mark[at] == SUPPRESS_SHOWN ? n[at] :
	    mark[at] == SUPPRESS_SMALL ? 0 : MIN;
	hi = mark[at] == SUPPRESS_SHOWN ? n[at] :
	    mark[at] == SUPPRESS_SMALL ? MIN - 1 : total;
	for (v = lo; v <= hi && sum + v <= total; v++) {
		m[at] = v;
		attack(n, k, mark, total, m, at + 1, sum + v, varies);
	}
}

/* 1 when no hidden cell with 1..MIN-1 people can be worked out. */
static int
safe(const int *n, size_t k, const enum suppress_mark *mark)
{
	int m[SUPPRESS_MAX_CELLS], varies[SUPPRESS_MAX_CELLS] = { 0 }, total = 0;
	size_t i;

	for (i = 0; i < k; i++)
		total += n[i];
	attack(n, k, mark, total, m, 0, 0, varies);
	for (i = 0; i < k; i++)
		if (mark[i] != SUPPRESS_SHOWN && n[i] > 0 && n[i] < MIN &&
		    !varies[i])
			return 0;
	return 1;
}

static void
test_small_cells_are_hidden(void **state)
{
	int n[] = { 30, 12, 3, 20 };
	enum suppress_mark m[4];

	(void)state;
	assert_int_equal(suppress_cells(n, 4, MIN, m), 0);
	assert_int_equal(m[2], SUPPRESS_SMALL);
	assert_int_equal(m[0], SUPPRESS_SHOWN);
	assert_int_equal(m[3], SUPPRESS_SHOWN);
}

/* One small cell alone would be total minus the rest: a second one goes. */
static void
test_a_lone_small_cell_gets_a_complement(void **state)
{
	int n[] = { 30, 12, 3, 20 };
	enum suppress_mark m[4];

	(void)state;
	suppress_cells(n, 4, MIN, m);
	assert_int_equal(m[1], SUPPRESS_COMPLEMENT);	/* the smallest shown */
	assert_true(safe(n, 4, m));
}

/* Two small cells at 9 and 9 would be pinned by their sum of 18. */
static void
test_two_nines_are_not_pinned(void **state)
{
	int n[] = { 9, 9, 25 };
	enum suppress_mark m[3];

	(void)state;
	suppress_cells(n, 3, MIN, m);
	assert_int_equal(m[2], SUPPRESS_COMPLEMENT);
	assert_true(safe(n, 3, m));
}

static void
test_nothing_hidden_when_all_cells_are_large(void **state)
{
	int n[] = { 10, 11, 40 };
	enum suppress_mark m[3];
	size_t i;

	(void)state;
	assert_int_equal(suppress_cells(n, 3, MIN, m), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(m[i], SUPPRESS_SHOWN);
}

/* Where nothing can save it, the caller is told to withhold the question. */
static void
test_hopeless_question_is_reported(void **state)
{
	int n[] = { 9, 9 };
	enum suppress_mark m[2];

	(void)state;
	assert_int_equal(suppress_cells(n, 2, MIN, m), 1);
}

static void
test_bad_arguments(void **state)
{
	int n[SUPPRESS_MAX_CELLS + 1] = { 0 }, neg[] = { 3, -1 };
	enum suppress_mark m[SUPPRESS_MAX_CELLS + 1];

	(void)state;
	assert_int_equal(suppress_cells(n, SUPPRESS_MAX_CELLS + 1, MIN, m), -1);
	assert_int_equal(suppress_cells(neg, 2, MIN, m), -1);
	assert_int_equal(suppress_cells(n, 2, 0, m), -1);
}

/*
 * Every table of 2 to 5 cells with totals from 10 to 40 (the sizes a
 * check-in question has), pseudo-random but fixed: the brute-force
 * attacker never pins a small hidden count, unless the function said
 * the question must be withheld.
 */
static void
test_differencing_attack_fails_everywhere(void **state)
{
	int n[5], tried = 0, withheld = 0;
	enum suppress_mark m[5];
	unsigned seed = 11;
	size_t k, i;
	int t, rc;

	(void)state;
	for (t = 0; t < 3000; t++) {
		k = 2 + (size_t)(t % 4);
		for (i = 0; i < k; i++) {
			seed = seed * 1103515245u + 12345u;
			n[i] = (int)((seed >> 16) % 24);
		}
		rc = suppress_cells(n, k, MIN, m);
		assert_true(rc == 0 || rc == 1);
		if (rc == 1) {
			withheld++;
			continue;
		}
		assert_true(safe(n, k, m));
		for (i = 0; i < k; i++)
			if (n[i] < MIN)
				assert_int_not_equal(m[i], SUPPRESS_SHOWN);
		tried++;
	}
	assert_true(tried > 2500);
	assert_true(withheld < 100);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_cells_are_hidden),
		cmocka_unit_test(test_a_lone_small_cell_gets_a_complement),
		cmocka_unit_test(test_two_nines_are_not_pinned),
		cmocka_unit_test(test_nothing_hidden_when_all_cells_are_large),
		cmocka_unit_test(test_hopeless_question_is_reported),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_differencing_attack_fails_everywhere),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
