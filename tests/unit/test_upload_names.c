/* File names as shown and exported: no bidirectional controls, and
 * names that would run as a page or script when opened are recognised. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/upload.h"

static void
test_rlo_is_stripped(void **state)
{
	/* "invoice" U+202E "fdp.exe": shows as invoiceexe.pdf */
	char name[] = "invoice\xE2\x80\xAE" "fdp.exe";

	(void)state;
	upload_strip_bidi(name);
	assert_string_equal(name, "invoicefdp.exe");
}

static void
test_every_bidi_control_is_stripped(void **state)
{
	char name[] = "a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xE2\x80\xAA" "d\xE2\x80\xAB"
	    "e\xE2\x80\xAC" "f\xE2\x80\xAD" "g\xE2\x81\xA6" "h\xE2\x81\xA7"
	    "i\xE2\x81\xA8" "j\xE2\x81\xA9" "k\xD8\x9C" "l";

	(void)state;
	upload_strip_bidi(name);
	assert_string_equal(name, "abcdefghijkl");
}

static void
test_other_text_is_kept(void **state)
{
	/* Japanese, an en dash (E2 80 93) and a zero-width joiner stay */
	char name[] = "\xE8\xA8\xBC\xE6\x8B\xA0\xE2\x80\x93" "1\xE2\x80\x8D.png";
	char copy[sizeof(name)];

	(void)state;
	memcpy(copy, name, sizeof(name));
	upload_strip_bidi(name);
	assert_string_equal(name, copy);
}

static void
test_active_names(void **state)
{
	(void)state;
	assert_true(upload_name_active("x.html"));
	assert_true(upload_name_active("X.HTM"));
	assert_true(upload_name_active("a.svg"));
	assert_true(upload_name_active("a.xhtml"));
	assert_false(upload_name_active("photo.jpg"));
	assert_false(upload_name_active("html"));
	assert_false(upload_name_active("notes.txt"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rlo_is_stripped),
		cmocka_unit_test(test_every_bidi_control_is_stripped),
		cmocka_unit_test(test_other_text_is_kept),
		cmocka_unit_test(test_active_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
