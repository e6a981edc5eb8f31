/*
 * What one case may hold, and how fast one reporter session may store
 * files: the arithmetic the intake server's refusals rest on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/quota.h"
#include "server/common/session.h"

static void
test_sizes_round_like_the_clear_column(void **state)
{
	(void)state;
	assert_int_equal(quota_rounded(0), 0);
	assert_int_equal(quota_rounded(1), 65536);
	assert_int_equal(quota_rounded(65536), 65536);
	assert_int_equal(quota_rounded(65537), 131072);
}

static void
test_a_case_fills_exactly_to_its_quota(void **state)
{
	struct case_quota q = { 1000000, 20 };

	(void)state;
	assert_true(quota_fits(&q, 0, 0, 20, 1000000));
	assert_true(quota_fits(&q, 19, 999999, 1, 1));
	assert_false(quota_fits(&q, 19, 999999, 1, 2));
	assert_false(quota_fits(&q, 20, 0, 1, 0));
	assert_true(quota_fits(&q, 20, 1000000, 0, 0));
}

static void
test_huge_requests_do_not_wrap(void **state)
{
	struct case_quota q = { 1000000, 20 };

	(void)state;
	assert_false(quota_fits(&q, 1, 1, UINT64_MAX, 0));
	assert_false(quota_fits(&q, 1, 1, 0, UINT64_MAX));
	assert_false(quota_fits(&q, UINT64_MAX, 0, 1, 0));
}

static void
test_a_session_spends_its_minute_and_gets_refunds(void **state)
{
	struct sessions *t = sessions_new(4, 900, 3600);
	unsigned char aux[32] = { 0 }, *k = env_key_new();
	char cookie[SESSION_COOKIE_TEXT], other[SESSION_COOKIE_TEXT];

	(void)state;
	assert_non_null(t);
	assert_int_equal(sessions_create(t, "case-a", aux, k, cookie), 0);
	assert_int_equal(sessions_create(t, "case-b", aux, k, other), 0);
	assert_true(sessions_spend(t, cookie, 600, 1000));
	assert_false(sessions_spend(t, cookie, 401, 1000));
	/* another session has its own minute */
	assert_true(sessions_spend(t, other, 1000, 1000));
	sessions_refund(t, cookie, 600);
	assert_true(sessions_spend(t, cookie, 1000, 1000));
	assert_false(sessions_spend(t, cookie, 1, 1000));
	/* more than a minute's worth never passes; an unknown cookie neither */
	assert_false(sessions_spend(t, other, 1001, 1000));
	assert_false(sessions_spend(t, "no-such-cookie", 1, 1000));
	env_secret_free(k);
	sessions_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_round_like_the_clear_column),
		cmocka_unit_test(test_a_case_fills_exactly_to_its_quota),
		cmocka_unit_test(test_huge_requests_do_not_wrap),
		cmocka_unit_test(test_a_session_spends_its_minute_and_gets_refunds),
	};

	if (env_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
