/* Per-address attempt limits: one address's flood leaves others alone. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "server/common/addrlimit.h"

static struct sockaddr_in
v4(const char *a)
{
	struct sockaddr_in s;

	memset(&s, 0, sizeof(s));
	s.sin_family = AF_INET;
	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

static struct sockaddr_in6
v6(const char *a)
{
	struct sockaddr_in6 s;

	memset(&s, 0, sizeof(s));
	s.sin6_family = AF_INET6;
	inet_pton(AF_INET6, a, &s.sin6_addr);
	return s;
}

#define SA(x) ((const struct sockaddr *)(const void *)&(x))

static void
test_flood_does_not_reach_another_address(void **state)
{
	struct addrlimit *a = addrlimit_new(5, 1000);
	struct sockaddr_in x = v4("127.0.0.2"), y = v4("127.0.0.3");
	int i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < 5; i++)
		assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_OK);
	for (i = 0; i < 50; i++)
		assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_ADDRESS);
	assert_int_equal(addrlimit_take(a, SA(y)), ADDRLIMIT_OK);
	addrlimit_free(a);
}

static void
test_mapped_ipv4_is_the_ipv4_address(void **state)
{
	struct addrlimit *a = addrlimit_new(2, 1000);
	struct sockaddr_in x = v4("192.0.2.7");
	struct sockaddr_in6 m = v6("::ffff:192.0.2.7"), other = v6("::ffff:192.0.2.8");

	(void)state;
	assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_OK);
	assert_int_equal(addrlimit_take(a, SA(m)), ADDRLIMIT_OK);
	assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_ADDRESS);
	/* mapped addresses are not lumped together as one /64 */
	assert_int_equal(addrlimit_take(a, SA(other)), ADDRLIMIT_OK);
	addrlimit_free(a);
}

static void
test_ipv6_counts_by_64(void **state)
{
	struct addrlimit *a = addrlimit_new(1, 1000);
	struct sockaddr_in6 p = v6("2001:db8:1:2::1"), q = v6("2001:db8:1:2::ffff"),
	    r = v6("2001:db8:1:3::1");

	(void)state;
	assert_int_equal(addrlimit_take(a, SA(p)), ADDRLIMIT_OK);
	assert_int_equal(addrlimit_take(a, SA(q)), ADDRLIMIT_ADDRESS);
	assert_int_equal(addrlimit_take(a, SA(r)), ADDRLIMIT_OK);
	addrlimit_free(a);
}

static void
test_global_ceiling_is_the_last_resort(void **state)
{
	struct addrlimit *a = addrlimit_new(3, 4);
	struct sockaddr_in x;
	char ip[32];
	int i, ok = 0, global = 0;

	(void)state;
	for (i = 0; i < 10; i++) {
		snprintf(ip, sizeof(ip), "10.0.0.%d", i + 1);
		x = v4(ip);
		switch (addrlimit_take(a, SA(x))) {
		case ADDRLIMIT_OK: ok++; break;
		case ADDRLIMIT_GLOBAL: global++; break;
		default: break;
		}
	}
	assert_int_equal(ok, 4);
	assert_int_equal(global, 6);
	addrlimit_free(a);
}

static void
test_many_addresses_fit_and_reuse_slots(void **state)
{
	struct addrlimit *a = addrlimit_new(1, 1000000);
	struct sockaddr_in x, first = v4("10.1.0.1");
	char ip[32];
	int i, refused = 0;

	(void)state;
	assert_int_equal(addrlimit_take(a, SA(first)), ADDRLIMIT_OK);
	for (i = 0; i < 3 * ADDRLIMIT_SLOTS; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", 2 + i / 65536,
		    (i / 256) % 256, i % 256);
		x = v4(ip);
		refused += addrlimit_take(a, SA(x)) != ADDRLIMIT_OK;
	}
	/* every new address gets its first attempt, however many there are */
	assert_int_equal(refused, 0);
	addrlimit_free(a);
}

static void
test_unknown_address_is_one_client(void **state)
{
	struct addrlimit *a = addrlimit_new(1, 1000);

	(void)state;
	assert_int_equal(addrlimit_take(a, NULL), ADDRLIMIT_OK);
	assert_int_equal(addrlimit_take(a, NULL), ADDRLIMIT_ADDRESS);
	addrlimit_free(a);
}

static void
test_failures_delay_only_that_address(void **state)
{
	struct addrlimit *a = addrlimit_new(1000, 100000);
	struct sockaddr_in x = v4("127.0.0.8"), y = v4("127.0.0.9");
	int i;

	(void)state;
	for (i = 0; i < ADDRLIMIT_FREE_FAILS - 1; i++) {
		assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_OK);
		addrlimit_failed(a, SA(x));
	}
	/* the free failures cost no delay */
	assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_OK);
	addrlimit_failed(a, SA(x));
	/* now this address waits; another does not */
	assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_ADDRESS);
	assert_int_equal(addrlimit_take(a, SA(y)), ADDRLIMIT_OK);
	addrlimit_free(a);
}

static void
test_success_forgets_failures(void **state)
{
	struct addrlimit *a = addrlimit_new(1000, 100000);
	struct sockaddr_in x = v4("127.0.0.10");
	int i;

	(void)state;
	for (i = 0; i < ADDRLIMIT_FREE_FAILS - 1; i++)
		addrlimit_failed(a, SA(x));
	addrlimit_succeeded(a, SA(x));
	for (i = 0; i < ADDRLIMIT_FREE_FAILS - 1; i++)
		addrlimit_failed(a, SA(x));
	assert_int_equal(addrlimit_take(a, SA(x)), ADDRLIMIT_OK);
	addrlimit_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flood_does_not_reach_another_address),
		cmocka_unit_test(test_mapped_ipv4_is_the_ipv4_address),
		cmocka_unit_test(test_ipv6_counts_by_64),
		cmocka_unit_test(test_global_ceiling_is_the_last_resort),
		cmocka_unit_test(test_many_addresses_fit_and_reuse_slots),
		cmocka_unit_test(test_unknown_address_is_one_client),
		cmocka_unit_test(test_failures_delay_only_that_address),
		cmocka_unit_test(test_success_forgets_failures),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
