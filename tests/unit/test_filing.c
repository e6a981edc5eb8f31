/*
 * Filing once and the receipt after the redirect: a form token files one
 * case, is bound to the browser that got the form, and expires; a held
 * receipt is shown to that browser only, again on reload, until its
 * window ends or the person says they wrote it down.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <sodium.h>

#include "server/common/filing.h"

#define NONCE_A	"AAAAAAAAAAAAAAAAAAAAAA"
#define NONCE_B	"BBBBBBBBBBBBBBBBBBBBBB"

static struct filing_receipt
sample_receipt(void)
{
	struct filing_receipt r;

	memset(&r, 0, sizeof(r));
	memcpy(r.code, "3214282912345698765432161182", sizeof(r.code));
	r.crisis = 1;
	r.k6_score = 14;
	r.k6_band = "k6.band.high";
	return r;
}

static void
test_token_bound_to_browser(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300);
	char t[FILING_TOKEN_TEXT];

	(void)state;
	assert_non_null(f);
	assert_int_equal(filing_token_new(f, NONCE_A, t), 0);
	assert_int_equal(strlen(t), FILING_TOKEN_TEXT - 1);
	assert_true(filing_token_ok(f, NONCE_A, t));
	assert_false(filing_token_ok(f, NONCE_B, t));
	assert_int_equal(filing_claim(f, NONCE_B, t), FILING_BAD);
	filings_free(f);
}

static void
test_forged_tokens_refused(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300), *g = filings_new(8, 4, 3600, 300);
	char t[FILING_TOKEN_TEXT], u[FILING_TOKEN_TEXT];

	(void)state;
	assert_int_equal(filing_token_new(f, NONCE_A, t), 0);
	memcpy(u, t, sizeof(u));
	u[3] = u[3] == 'A' ? 'B' : 'A';		/* one character changed */
	assert_int_equal(filing_claim(f, NONCE_A, u), FILING_BAD);
	u[3] = t[3];
	u[20] = '\0';				/* truncated */
	assert_int_equal(filing_claim(f, NONCE_A, u), FILING_BAD);
	assert_int_equal(filing_claim(f, NONCE_A, ""), FILING_BAD);
	assert_int_equal(filing_claim(f, NONCE_A, NULL), FILING_BAD);
	assert_int_equal(filing_claim(f, "", t), FILING_BAD);
	/* another process (another key) did not make it */
	assert_int_equal(filing_claim(g, NONCE_A, t), FILING_BAD);
	assert_int_equal(filing_token_new(f, "", u), -1);
	filings_free(f);
	filings_free(g);
}

static void
test_one_token_files_once(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300);
	struct filing_receipt r = sample_receipt();
	char t[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_NEW);
	/* a double click while the first is still filing */
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_PENDING);
	assert_int_equal(filing_done(f, t, &r), 0);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_DONE);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_DONE);
	filings_free(f);
}

static void
test_failed_filing_can_be_sent_again(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300);
	char t[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_NEW);
	filing_release(f, t);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_NEW);
	filings_free(f);
}

static void
test_receipt_shown_again_to_same_browser_only(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300);
	struct filing_receipt r = sample_receipt(), out;
	char t[FILING_TOKEN_TEXT], other[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	filing_token_new(f, NONCE_A, other);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_UNKNOWN);
	filing_claim(f, NONCE_A, t);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_WAIT);
	filing_done(f, t, &r);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_SHOW);
	assert_string_equal(out.code, r.code);
	assert_int_equal(out.k6_score, 14);
	assert_int_equal(out.crisis, 1);
	/* reload: the same receipt again */
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_SHOW);
	assert_string_equal(out.code, r.code);
	/* another browser with the same link sees nothing */
	assert_int_equal(filing_show(f, NONCE_B, t, &out), FILING_UNKNOWN);
	assert_int_equal(out.code[0], '\0');
	/* a form of the same browser that never filed */
	assert_int_equal(filing_show(f, NONCE_A, other, &out), FILING_UNKNOWN);
	filings_free(f);
}

static void
test_written_down_wipes_receipt(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 300);
	struct filing_receipt r = sample_receipt(), out;
	char t[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	filing_claim(f, NONCE_A, t);
	filing_done(f, t, &r);
	filing_forget(f, NONCE_B, t);		/* not that browser's: ignored */
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_SHOW);
	filing_forget(f, NONCE_A, t);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_GONE);
	/* and the form still files nothing new */
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_DONE);
	filings_free(f);
}

static void
test_receipt_window_ends(void **state)
{
	struct filings *f = filings_new(8, 4, 3600, 1);
	struct filing_receipt r = sample_receipt(), out;
	char t[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	filing_claim(f, NONCE_A, t);
	filing_done(f, t, &r);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_SHOW);
	sleep(3);
	assert_int_equal(filing_show(f, NONCE_A, t, &out), FILING_GONE);
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_DONE);
	filings_free(f);
}

static void
test_old_token_refused(void **state)
{
	struct filings *f = filings_new(8, 4, 1, 300);
	char t[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t);
	sleep(3);
	assert_false(filing_token_ok(f, NONCE_A, t));
	assert_int_equal(filing_claim(f, NONCE_A, t), FILING_BAD);
	filings_free(f);
}

static void
test_no_room_for_receipt_keeps_token_used(void **state)
{
	struct filings *f = filings_new(8, 1, 3600, 300);
	struct filing_receipt r = sample_receipt(), out;
	char t1[FILING_TOKEN_TEXT], t2[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t1);
	filing_token_new(f, NONCE_A, t2);
	filing_claim(f, NONCE_A, t1);
	assert_int_equal(filing_done(f, t1, &r), 0);
	filing_claim(f, NONCE_A, t2);
	assert_int_equal(filing_done(f, t2, &r), -1);	/* caller shows it now */
	assert_int_equal(filing_claim(f, NONCE_A, t2), FILING_DONE);
	assert_int_equal(filing_show(f, NONCE_A, t2, &out), FILING_GONE);
	filings_free(f);
}

static void
test_full_table_forgets_oldest_never_a_pending_one(void **state)
{
	struct filings *f = filings_new(2, 2, 3600, 300);
	struct filing_receipt r = sample_receipt();
	char t1[FILING_TOKEN_TEXT], t2[FILING_TOKEN_TEXT], t3[FILING_TOKEN_TEXT];

	(void)state;
	filing_token_new(f, NONCE_A, t1);
	filing_token_new(f, NONCE_A, t2);
	filing_token_new(f, NONCE_A, t3);
	assert_int_equal(filing_claim(f, NONCE_A, t1), FILING_NEW);
	assert_int_equal(filing_claim(f, NONCE_A, t2), FILING_NEW);
	/* both entries are filing: no room, and nothing is filed twice */
	assert_int_equal(filing_claim(f, NONCE_A, t3), FILING_PENDING);
	filing_done(f, t1, &r);
	assert_int_equal(filing_claim(f, NONCE_A, t3), FILING_NEW);
	assert_int_equal(filing_claim(f, NONCE_A, t2), FILING_PENDING);
	filings_free(f);
}

static void
test_bad_sizes_refused(void **state)
{
	(void)state;
	assert_null(filings_new(0, 4, 3600, 300));
	assert_null(filings_new(4, 0, 3600, 300));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_bound_to_browser),
		cmocka_unit_test(test_forged_tokens_refused),
		cmocka_unit_test(test_one_token_files_once),
		cmocka_unit_test(test_failed_filing_can_be_sent_again),
		cmocka_unit_test(test_receipt_shown_again_to_same_browser_only),
		cmocka_unit_test(test_written_down_wipes_receipt),
		cmocka_unit_test(test_receipt_window_ends),
		cmocka_unit_test(test_old_token_refused),
		cmocka_unit_test(test_no_room_for_receipt_keeps_token_used),
		cmocka_unit_test(test_full_table_forgets_oldest_never_a_pending_one),
		cmocka_unit_test(test_bad_sizes_refused),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
