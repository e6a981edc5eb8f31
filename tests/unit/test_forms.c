/* The four forms: validation, K6 scoring, urgency, and their records. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/forms.h"
#include "server/view.h"

static void
add(struct formdata *fd, const char *n, const char *v)
{
	assert_int_equal(formdata_append(fd, n, v, strlen(v), 1), FORMDATA_OK);
}

/* A complete, valid submission for each form. */
static void
good(const char *slug, struct formdata *fd)
{
	memset(fd, 0, sizeof(*fd));
	add(fd, "csrf", "token");
	if (strncmp(slug, "harassment", 10) == 0) {
		add(fd, "category", "power");
		add(fd, "power_types", "verbal");
		add(fd, "power_types", "privacy");
		add(fd, "what", "毎日怒鳴られる");
		add(fd, "frequency", "daily");
		add(fd, "contact_name", "山田");
	}
	if (strcmp(slug, "harassment-other") == 0) {
		add(fd, "relation", "colleague");
		add(fd, "person_knows", "no");
	}
	if (strcmp(slug, "wellbeing-self") == 0) {
		add(fd, "worry", "眠れない");
		add(fd, "selfharm", "no");
	}
	if (strcmp(slug, "wellbeing-other") == 0) {
		add(fd, "relation", "friend");
		add(fd, "noticed", "休みが増えた");
	}
}

static void
test_every_form_accepts_a_good_submission(void **state)
{
	struct form_error errs[FORM_MAX_ERRORS];
	struct formdata fd;
	size_t i;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++) {
		good(forms_all[i]->slug, &fd);
		assert_int_equal(forms_validate(forms_all[i], &fd, errs), 0);
		formdata_free(&fd);
	}
	assert_null(forms_find("nothing"));
	assert_null(forms_find(NULL));
}

static size_t
errors_for(const char *slug, void (*edit)(struct formdata *), struct form_error *errs)
{
	const struct form_def *d = forms_find(slug);
	struct formdata fd;
	size_t n;

	good(slug, &fd);
	edit(&fd);
	n = forms_validate(d, &fd, errs);
	formdata_free(&fd);
	return n;
}

static void e_no_what(struct formdata *fd) { formdata_set(fd, "what", "  \n "); }
static void e_bad_option(struct formdata *fd) { formdata_set(fd, "category", "ceo"); }
static void e_bad_check(struct formdata *fd) { add(fd, "power_types", "x"); }
static void e_unknown(struct formdata *fd) { add(fd, "is_admin", "1"); }
static void e_twice(struct formdata *fd) { add(fd, "frequency", "once"); }
static void
e_long(struct formdata *fd)
{
	char *v = malloc(202);

	memset(v, 'a', 201);
	v[201] = '\0';
	add(fd, "when", v);
	free(v);
}

static void
test_each_kind_of_error_is_reported(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];

	(void)state;
	assert_int_equal(errors_for("harassment-self", e_no_what, e), 1);
	assert_string_equal(e[0].field, "what");
	assert_string_equal(e[0].msgid, "err.required");
	assert_int_equal(errors_for("harassment-self", e_bad_option, e), 1);
	assert_string_equal(e[0].msgid, "err.invalid");
	assert_int_equal(errors_for("harassment-self", e_bad_check, e), 1);
	assert_int_equal(errors_for("harassment-self", e_unknown, e), 1);
	assert_null(e[0].field);
	assert_string_equal(e[0].msgid, "err.unknown_field");
	assert_int_equal(errors_for("harassment-self", e_twice, e), 1);
	assert_int_equal(errors_for("harassment-self", e_long, e), 1);
	assert_string_equal(e[0].msgid, "err.too_long");
}

static void
test_third_party_requires_relation(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata fd;

	(void)state;
	good("harassment-self", &fd);	/* no relation given */
	assert_int_equal(forms_validate(forms_find("harassment-other"), &fd, e), 1);
	assert_string_equal(e[0].field, "relation");
	formdata_free(&fd);
}

static int
k6(const char *answers, const char *selfharm, struct assessment *a)
{
	struct formdata fd = { 0 };
	char name[16], v[2] = { 0 };
	int i;

	for (i = 0; answers[i] != '\0'; i++) {
		snprintf(name, sizeof(name), "k6_%d", (i + 1) % 10);
		v[0] = answers[i];
		add(&fd, name, v);
	}
	if (selfharm != NULL)
		add(&fd, "selfharm", selfharm);
	forms_assess(forms_find("wellbeing-self"), &fd, a);
	formdata_free(&fd);
	return a->k6_score;
}

static void
test_k6_scores_and_bands(void **state)
{
	struct assessment a;

	(void)state;
	assert_int_equal(k6("000000", "no", &a), 0);
	assert_string_equal(a.k6_band, "k6.band.none");
	assert_int_equal(k6("400000", "no", &a), 4);
	assert_string_equal(a.k6_band, "k6.band.none");
	assert_int_equal(k6("410000", "no", &a), 5);
	assert_string_equal(a.k6_band, "k6.band.mild");
	assert_int_equal(k6("441000", "no", &a), 9);
	assert_string_equal(a.k6_band, "k6.band.mild");
	assert_false(a.show_crisis);
	assert_int_equal(k6("442000", "no", &a), 10);
	assert_string_equal(a.k6_band, "k6.band.moderate");
	assert_true(a.show_crisis);
	assert_false(a.urgent);
	assert_int_equal(k6("444000", "no", &a), 12);
	assert_string_equal(a.k6_band, "k6.band.moderate");
	assert_int_equal(k6("444100", "no", &a), 13);
	assert_string_equal(a.k6_band, "k6.band.serious");
	assert_true(a.urgent);
	assert_int_equal(k6("444444", "no", &a), 24);
	assert_int_equal(k6("44444", "no", &a), -1);	/* one unanswered */
	assert_null(a.k6_band);
	assert_int_equal(k6("44444x", "no", &a), -1);
}

static void
test_self_harm_answers_are_urgent(void **state)
{
	static const char *const yes[] = { "sometimes", "often", "now", "unsaid", NULL };
	struct assessment a;
	size_t i;

	(void)state;
	for (i = 0; yes[i] != NULL; i++) {
		k6("000000", yes[i], &a);
		assert_true(a.urgent);
		assert_true(a.show_crisis);
	}
	k6("", NULL, &a);
	assert_false(a.urgent);
}

static void
test_colleague_in_danger_is_urgent(void **state)
{
	struct formdata fd = { 0 };
	struct assessment a;

	(void)state;
	add(&fd, "danger", "yes");
	forms_assess(forms_find("wellbeing-other"), &fd, &a);
	assert_true(a.urgent);
	formdata_set(&fd, "danger", "unsure");
	forms_assess(forms_find("wellbeing-other"), &fd, &a);
	assert_false(a.urgent);
	formdata_free(&fd);
}

static void
test_record_round_trip_and_identity_split(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct buf rec = { 0 }, id = { 0 };
	struct formdata fd;
	struct view *v = view_new();
	const struct vent *e;

	(void)state;
	good("harassment-self", &fd);
	assert_int_equal(forms_record(d, &fd, 0, &rec), 0);
	assert_int_equal(forms_record(d, &fd, 1, &id), 0);
	assert_null(memmem(rec.data, rec.len, "山田", 6));	/* identity kept apart */
	assert_non_null(memmem(id.data, id.len, "山田", 6));
	assert_null(memmem(rec.data, rec.len, "token", 5));	/* csrf not stored */
	assert_int_equal(forms_record_view(rec.data, rec.len, v, "report"), 0);
	e = view_lookup(v, "report");
	assert_non_null(e);
	assert_int_equal(e->n, 5);	/* category, 2 power types, what, frequency */
	assert_string_equal(view_lookup(e->items[0], "value_msgid")->str,
	    "o.category.power");
	assert_string_equal(view_lookup(e->items[3], "value")->str, "毎日怒鳴られる");
	assert_string_equal(forms_clear_category(d, &fd), "power");
	view_free(v);
	buf_free(&rec);
	buf_free(&id);
	formdata_free(&fd);
}

static void
test_hostile_records_are_refused(void **state)
{
	static const struct { const char *p; size_t n; } bad[] = {
		{ "", 0 }, { "form", 4 }, { "form\0", 5 },
		{ "form\0nothing\0", 13 },
		{ "form\0harassment-self\0what", 25 },		/* no NUL at end */
		{ "form\0harassment-self\0evil\0x\0", 28 },	/* unknown field */
		{ "forn\0harassment-self\0", 21 },
	};
	struct view *v = view_new();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(forms_record_view(bad[i].p, bad[i].n, v, "r"), -1);
	assert_int_equal(forms_record_view(NULL, 10, v, "r"), -1);
	assert_int_equal(forms_record_view("form\0reveal\0name\0A\0", 19, v, "r"), 0);
	view_free(v);
}

static void
test_form_view_keeps_what_was_typed(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct form_error e[1] = { { "what", "err.required" } };
	struct formdata fd;
	struct view *v = view_new();
	const struct vent *fields, *opts;
	size_t i, checked = 0;

	(void)state;
	good("harassment-self", &fd);
	assert_int_equal(forms_view(d, &fd, e, 1, v), 0);
	assert_true(view_lookup(v, "has_errors")->flag);
	fields = view_lookup(v, "fields");
	for (i = 0; i < fields->n; i++) {
		const struct vent *name = view_lookup(fields->items[i], "name");
		if (strcmp(name->str, "power_types") == 0) {
			opts = view_lookup(fields->items[i], "options");
			for (size_t j = 0; j < opts->n; j++)
				checked += view_lookup(opts->items[j], "checked")->flag;
		}
		if (strcmp(name->str, "what") == 0) {
			assert_string_equal(view_lookup(fields->items[i], "value")->str,
			    "毎日怒鳴られる");
			assert_string_equal(view_lookup(fields->items[i], "error")->str,
			    "err.required");
		}
	}
	assert_int_equal(checked, 2);
	view_free(v);
	formdata_free(&fd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_form_accepts_a_good_submission),
		cmocka_unit_test(test_each_kind_of_error_is_reported),
		cmocka_unit_test(test_third_party_requires_relation),
		cmocka_unit_test(test_k6_scores_and_bands),
		cmocka_unit_test(test_self_harm_answers_are_urgent),
		cmocka_unit_test(test_colleague_in_danger_is_urgent),
		cmocka_unit_test(test_record_round_trip_and_identity_split),
		cmocka_unit_test(test_hostile_records_are_refused),
		cmocka_unit_test(test_form_view_keeps_what_was_typed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
