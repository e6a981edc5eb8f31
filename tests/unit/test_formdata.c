/* Collecting form fields: chunks, limits and encodings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/formdata.h"
#include "server/common/limits.h"

static void
test_chunks_are_joined(void **state)
{
	struct formdata fd = { 0 };

	(void)state;
	assert_int_equal(formdata_append(&fd, "what", "怒鳴", 6, 1), FORMDATA_OK);
	assert_int_equal(formdata_append(&fd, "what", "られた", 9, 0), FORMDATA_OK);
	assert_int_equal(formdata_append(&fd, "x", "1", 1, 1), FORMDATA_OK);
	assert_int_equal(formdata_finish(&fd), FORMDATA_OK);
	assert_string_equal(formdata_get(&fd, "what"), "怒鳴られた");
	assert_string_equal(formdata_get(&fd, "x"), "1");
	assert_null(formdata_get(&fd, "y"));
	formdata_free(&fd);
}

static void
test_repeated_names_are_kept(void **state)
{
	struct formdata fd = { 0 };

	(void)state;
	formdata_append(&fd, "t", "a", 1, 1);
	formdata_append(&fd, "t", "b", 1, 1);
	assert_true(formdata_has(&fd, "t", "a"));
	assert_true(formdata_has(&fd, "t", "b"));
	assert_false(formdata_has(&fd, "t", "c"));
	assert_int_equal(formdata_set(&fd, "t", "z"), FORMDATA_OK);
	assert_string_equal(formdata_get(&fd, "t"), "z");
	formdata_free(&fd);
}

static void
test_empty_value(void **state)
{
	struct formdata fd = { 0 };

	(void)state;
	assert_int_equal(formdata_append(&fd, "e", "", 0, 1), FORMDATA_OK);
	assert_string_equal(formdata_get(&fd, "e"), "");
	formdata_free(&fd);
}

static void
test_field_count_limit(void **state)
{
	struct formdata fd = { 0 };
	int i;

	(void)state;
	for (i = 0; i < FORM_MAX_FIELDS; i++)
		assert_int_equal(formdata_append(&fd, "f", "1", 1, 1), FORMDATA_OK);
	assert_int_equal(formdata_append(&fd, "f", "1", 1, 1), FORMDATA_ETOOMANY);
	formdata_free(&fd);
}

static void
test_value_and_total_limits(void **state)
{
	struct formdata fd = { 0 };
	char *big = malloc(FORM_MAX_VALUE + 1);
	char name[16];
	int i, rc = FORMDATA_OK;

	(void)state;
	memset(big, 'a', FORM_MAX_VALUE + 1);
	assert_int_equal(formdata_append(&fd, "v", big, FORM_MAX_VALUE, 1), FORMDATA_OK);
	assert_int_equal(formdata_append(&fd, "v", "a", 1, 0), FORMDATA_ETOOBIG);
	for (i = 0; i < 20 && rc == FORMDATA_OK; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		rc = formdata_append(&fd, name, big, FORM_MAX_VALUE, 1);
	}
	assert_int_equal(rc, FORMDATA_ETOOBIG);
	assert_true(fd.total <= FORM_MAX_TOTAL);
	free(big);
	formdata_free(&fd);
}

static void
test_bad_encodings(void **state)
{
	static const char *const bad[] = { "\xc3\x28", "\xe2\x82", "\xed\xa0\x80",
	    "\xc0\xaf", "\xf4\x90\x80\x80", "\x01", "\x7f", "\xff", NULL };
	struct formdata fd = { 0 };
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_false(utf8_valid_text(bad[i], strlen(bad[i])));
	assert_true(utf8_valid_text("tab\tand\r\nnewline 日本語 😀", 27));
	assert_int_equal(formdata_append(&fd, "x", "a\0b", 3, 1), FORMDATA_EENCODING);
	formdata_append(&fd, "y", "\xc3\x28", 2, 1);
	assert_int_equal(formdata_finish(&fd), FORMDATA_EENCODING);
	formdata_free(&fd);
}

static void
test_long_names_refused(void **state)
{
	struct formdata fd = { 0 };
	char name[FORM_MAX_NAME + 2];

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(formdata_append(&fd, name, "1", 1, 1), FORMDATA_EENCODING);
	assert_int_equal(formdata_append(&fd, NULL, "1", 1, 1), FORMDATA_EENCODING);
	formdata_free(&fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunks_are_joined),
		cmocka_unit_test(test_repeated_names_are_kept),
		cmocka_unit_test(test_empty_value),
		cmocka_unit_test(test_field_count_limit),
		cmocka_unit_test(test_value_and_total_limits),
		cmocka_unit_test(test_bad_encodings),
		cmocka_unit_test(test_long_names_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
