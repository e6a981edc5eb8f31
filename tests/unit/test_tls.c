/* Certificates: what the servers check before they listen. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "server/common/tls.h"

static char dir[] = "/tmp/mdg-tls-XXXXXX";
static char c1[128], k1[128], c2[128], k2[128], junk[128];

static int
setup(void **state)
{
	char err[256];
	FILE *f;

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(c1, sizeof(c1), "%s/c1.pem", dir);
	snprintf(k1, sizeof(k1), "%s/k1.pem", dir);
	snprintf(c2, sizeof(c2), "%s/c2.pem", dir);
	snprintf(k2, sizeof(k2), "%s/k2.pem", dir);
	snprintf(junk, sizeof(junk), "%s/junk.pem", dir);
	if ((f = fopen(junk, "w")) == NULL)
		return -1;
	fputs("-----BEGIN CERTIFICATE-----\nnot base64\n", f);
	fclose(f);
	return tls_selfsigned_create(c1, k1, "localhost", 30, err, sizeof(err)) ||
	    tls_selfsigned_create(c2, k2, "localhost", 30, err, sizeof(err));
}

static int
teardown(void **state)
{
	char cmd[160];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_fresh_certificate_passes(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(tls_check(c1, k1, err, sizeof(err)), 0);
}

static void
test_key_is_private(void **state)
{
	(void)state;
	assert_int_equal(access(k1, R_OK), 0);
	char cmd[200];
	snprintf(cmd, sizeof(cmd), "test \"$(stat -c %%a %s)\" = 600", k1);
	assert_int_equal(system(cmd), 0);
}

static void
test_mismatched_key_fails(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(tls_check(c1, k2, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "does not belong"));
}

static void
test_expired_and_future_fail(void **state)
{
	char err[256], ce[160], ke[160];

	(void)state;
	snprintf(ce, sizeof(ce), "%s/old.pem", dir);
	snprintf(ke, sizeof(ke), "%s/oldk.pem", dir);
	assert_int_equal(tls_selfsigned_create_at(ce, ke, "localhost", -30, 10,
	    err, sizeof(err)), 0);
	assert_int_equal(tls_check(ce, ke, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "expired"));
	assert_int_equal(tls_selfsigned_create_at(ce, ke, "localhost", 5, 10,
	    err, sizeof(err)), 0);
	assert_int_equal(tls_check(ce, ke, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not valid yet"));
}

static void
test_garbage_and_missing_fail(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(tls_check(junk, k1, err, sizeof(err)), -1);
	assert_int_equal(tls_check(c1, junk, err, sizeof(err)), -1);
	assert_int_equal(tls_check("/nonexistent/c.pem", k1, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/c.pem"));
	assert_null(tls_read_pem("/nonexistent", 100, err, sizeof(err)));
	assert_null(tls_read_pem(c1, 10, err, sizeof(err)));	/* too large */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_certificate_passes),
		cmocka_unit_test(test_key_is_private),
		cmocka_unit_test(test_mismatched_key_fails),
		cmocka_unit_test(test_expired_and_future_fail),
		cmocka_unit_test(test_garbage_and_missing_fail),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
