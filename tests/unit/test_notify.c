/*
 * The notifier's pure parts: when digests and reminders are due, the
 * retry backoff, which addresses are accepted, and what a composed mail
 * holds (and, above all, what it cannot hold).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <sodium.h>

#include "server/common/mailaddr.h"
#include "server/notify/notify.h"

static struct catalog *cat;
static struct config cfg;

static int
setup(void **state)
{
	char err[256];

	(void)state;
	if (sodium_init() < 0)
		return -1;
	setenv("TZ", "UTC", 1);
	tzset();
	config_defaults(&cfg);
	snprintf(cfg.smtp_from, sizeof(cfg.smtp_from), "madoguchi@ward.example.jp");
	snprintf(cfg.review_url, sizeof(cfg.review_url), "https://review.ward.example.jp");
	cat = catalog_load("templates/messages", err, sizeof(err));
	return cat == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	catalog_free(cat);
	return 0;
}

static void
test_batch_due_only_across_a_boundary(void **state)
{
	(void)state;
	/* 10:05 and 10:59 share an hour: not due; 11:00 is a new hour */
	assert_int_equal(schedule_batch_due(36300, 39540, 3600), 0);
	assert_int_equal(schedule_batch_due(36300, 39600, 3600), 1);
	assert_int_equal(schedule_batch_due(36300, 36300, 3600), 0);
	/* a boundary missed while down is made up once */
	assert_int_equal(schedule_batch_due(36300, 36300 + 5 * 3600, 3600), 1);
	/* never run: due */
	assert_int_equal(schedule_batch_due(0, 39540, 3600), 1);
	assert_int_equal(schedule_batch_due(100, 200, 0), 0);
}

static void
test_daily_due_once_a_day_after_the_hour(void **state)
{
	time_t day = 20000 * 86400;	/* a midnight, UTC */

	(void)state;
	/* before the hour: not due even if never run */
	assert_int_equal(schedule_daily_due(0, day + 8 * 3600, 9), 0);
	assert_int_equal(schedule_daily_due(0, day + 9 * 3600, 9), 1);
	/* ran today at 9: not again at 23 */
	assert_int_equal(schedule_daily_due(day + 9 * 3600, day + 23 * 3600, 9), 0);
	/* ran yesterday: due today after the hour, not before */
	assert_int_equal(schedule_daily_due(day - 3600, day + 10 * 3600, 9), 1);
	assert_int_equal(schedule_daily_due(day - 3600, day + 3600, 9), 0);
	/* hour 0: the first pass of a new day */
	assert_int_equal(schedule_daily_due(day - 60, day + 1, 0), 1);
}

static void
test_backoff_doubles_and_stops_growing(void **state)
{
	(void)state;
	assert_int_equal(schedule_backoff(1, 60, 3600), 60);
	assert_int_equal(schedule_backoff(2, 60, 3600), 120);
	assert_int_equal(schedule_backoff(3, 60, 3600), 240);
	assert_int_equal(schedule_backoff(7, 60, 3600), 3600);
	assert_int_equal(schedule_backoff(1000, 60, 3600), 3600);
	assert_int_equal(schedule_backoff(5, 1, 3), 3);
}

static void
test_addresses(void **state)
{
	static const char *good[] = { "a@b.jp", "taro.yamada+mdg@ward.example.jp",
	    "x_y%z-1@mail-1.example.org", NULL };
	static const char *bad[] = { "", "@b.jp", "a@", "a@b", "a@b..jp", "a@.b.jp",
	    "a@b.jp.", "a b@c.jp", "a@b.jp\r\nBcc: x@y.jp", "a@b.jp>", "<a@b.jp>",
	    "\"a\"@b.jp", "a@b_c.jp", "a@@b.jp", "あ@b.jp", NULL };
	char longlocal[80];
	int i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_true(mailaddr_ok(good[i]));
	for (i = 0; bad[i] != NULL; i++)
		assert_false(mailaddr_ok(bad[i]));
	memset(longlocal, 'a', 65);
	snprintf(longlocal + 65, sizeof(longlocal) - 65, "@b.jp");
	assert_false(mailaddr_ok(longlocal));
}

static void
notice_init(struct notice *n, const char *kind, enum lang lang)
{
	memset(n, 0, sizeof(*n));
	snprintf(n->id, sizeof(n->id), "7");
	snprintf(n->kind, sizeof(n->kind), "%s", kind);
	snprintf(n->message_id, sizeof(n->message_id), "0123456789abcdef0123456789abcdef");
	snprintf(n->email, sizeof(n->email), "counselor@ward.example.jp");
	snprintf(n->channels[0], sizeof(n->channels[0]), "mental_health");
	snprintf(n->channels[1], sizeof(n->channels[1]), "harassment");
	n->nchannels = 2;
	n->lang = lang;
	n->n_new = 3;
	n->n_replies = 2;
	n->n_waiting = 5;
	n->n_due = 4;
	n->n_overdue = 1;
}

/* The decoded body of a composed mail, into out. */
static void
mail_body(const char *msg, char *out, size_t outlen)
{
	const char *b = strstr(msg, "\r\n\r\n");
	char b64[8192];
	size_t i, j = 0, len = 0;

	assert_non_null(b);
	for (i = 4; b[i] != '\0' && j < sizeof(b64) - 1; i++)
		if (b[i] != '\r' && b[i] != '\n')
			b64[j++] = b[i];
	b64[j] = '\0';
	assert_int_equal(sodium_base642bin((unsigned char *)out, outlen - 1, b64, j,
	    NULL, &len, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	out[len] = '\0';
}

static void
test_mail_holds_counts_channel_and_address(void **state)
{
	static const char *kinds[] = { "urgent", "digest", "reminder", "test", NULL };
	char msg[NOTIFY_MAIL_MAX], body[4096];
	struct notice n;
	time_t now = 20000 * 86400 + 10 * 3600 + 47 * 60 + 13;
	int i, l;

	(void)state;
	for (l = 0; l < LANG_COUNT; l++)
		for (i = 0; kinds[i] != NULL; i++) {
			notice_init(&n, kinds[i], (enum lang)l);
			assert_true(mail_compose(cat, &cfg, &n, now, msg, sizeof(msg)) > 0);
			/* the hour only, never the minute of sending */
			assert_non_null(strstr(msg, "Date: Fri, 04 Oct 2024 10:00:00 +0000\r\n"));
			assert_null(strstr(msg, ":47"));
			assert_non_null(strstr(msg, "Message-ID: <0123456789abcdef0123456789abcdef"
			    "@ward.example.jp>\r\n"));
			assert_non_null(strstr(msg, "To: counselor@ward.example.jp\r\n"));
			assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
			mail_body(msg, body, sizeof(body));
			assert_non_null(strstr(body, "https://review.ward.example.jp"));
			/* every text came from the catalog: no msgid left in */
			assert_null(strstr(body, "n.body."));
			assert_null(strstr(body, "{"));
			assert_null(strstr(msg, "n.subject."));
		}
	notice_init(&n, "urgent", LANG_EN);
	assert_true(mail_compose(cat, &cfg, &n, now, msg, sizeof(msg)) > 0);
	mail_body(msg, body, sizeof(body));
	assert_non_null(strstr(body, "Mental health, Harassment"));
	assert_non_null(strstr(body, "acknowledged in your channels: 5"));
	notice_init(&n, "digest", LANG_JA);
	assert_true(mail_compose(cat, &cfg, &n, now, msg, sizeof(msg)) > 0);
	mail_body(msg, body, sizeof(body));
	assert_non_null(strstr(body, "新しい相談: 3件"));
	assert_non_null(strstr(body, "こころの相談、ハラスメント相談"));
}

static void
test_mail_refuses_bad_recipient_and_small_buffer(void **state)
{
	char msg[NOTIFY_MAIL_MAX];
	struct notice n;

	(void)state;
	notice_init(&n, "urgent", LANG_JA);
	snprintf(n.email, sizeof(n.email), "a@b.jp\r\nBcc: spy@evil.example");
	assert_int_equal(mail_compose(cat, &cfg, &n, 0, msg, sizeof(msg)), -1);
	notice_init(&n, "urgent", LANG_JA);
	assert_int_equal(mail_compose(cat, &cfg, &n, 0, msg, 200), -1);
	assert_int_equal(mail_compose(cat, &cfg, &n, 0, msg, 0), -1);
}

static void
test_subject_words_are_short_and_whole(void **state)
{
	char msg[NOTIFY_MAIL_MAX], *line, *save = NULL;
	struct notice n;
	int in_subject = 0;

	(void)state;
	notice_init(&n, "reminder", LANG_JA);
	assert_true(mail_compose(cat, &cfg, &n, 0, msg, sizeof(msg)) > 0);
	*strstr(msg, "\r\n\r\n") = '\0';
	for (line = strtok_r(msg, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		/* RFC 2047: an encoded word is at most 75 characters */
		assert_true(strlen(line) <= 78);
		if (strncmp(line, "Subject:", 8) == 0)
			in_subject = 1;
		else if (line[0] != ' ')
			in_subject = 0;
		if (in_subject)
			assert_non_null(strstr(line, "=?UTF-8?B?"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_due_only_across_a_boundary),
		cmocka_unit_test(test_daily_due_once_a_day_after_the_hour),
		cmocka_unit_test(test_backoff_doubles_and_stops_growing),
		cmocka_unit_test(test_addresses),
		cmocka_unit_test(test_mail_holds_counts_channel_and_address),
		cmocka_unit_test(test_mail_refuses_bad_recipient_and_small_buffer),
		cmocka_unit_test(test_subject_words_are_short_and_whole),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
