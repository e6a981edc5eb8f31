/*
 * The four forms: their tables, validation, K6 scoring, urgency, their
 * records, and the pages they become in both languages.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/catalog.h"
#include "server/common/forms.h"
#include "server/common/limits.h"
#include "server/common/view.h"

#define FORM_SCRIPT	"<script src=\"/static/form.js\" defer></script>"

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

/* Every field of every form filled in, each option field with its first option. */
static void
full(const struct form_def *d, struct formdata *fd)
{
	const struct field *f;
	char text[64];

	memset(fd, 0, sizeof(*fd));
	for (f = d->fields; f->name != NULL; f++) {
		if (f->type == FIELD_HEADING || f->type == FIELD_FILES)
			continue;
		if (f->options != NULL) {
			add(fd, f->name, f->options[0].value);
			if (f->type == FIELD_CHECKBOXES && f->options[1].value)
				add(fd, f->name, f->options[1].value);
		} else {
			snprintf(text, sizeof(text), "%s の内容\r\n2行目", f->name);
			add(fd, f->name, text);
		}
	}
}

static size_t
count_fields(const struct form_def *d, int type)
{
	const struct field *f;
	size_t n = 0;

	for (f = d->fields; f->name != NULL; f++)
		n += type < 0 || (int)f->type == type;
	return n;
}

static const struct field *
table_field(const struct form_def *d, const char *name)
{
	const struct field *f;

	for (f = d->fields; f->name != NULL; f++)
		if (f->type != FIELD_HEADING && strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

/* The child of list "fields" with this id, or NULL. */
static const struct view *
field_view(const struct view *v, const char *id)
{
	const struct vent *fields = view_lookup(v, "fields");
	size_t i;

	for (i = 0; fields != NULL && i < fields->n; i++)
		if (strcmp(view_lookup(fields->items[i], "id")->str, id) == 0)
			return fields->items[i];
	return NULL;
}

#define FIELD(v, id) field_view((v), (id))

/* --- the tables --------------------------------------------------------- */

static void
test_four_forms_with_their_channels(void **state)
{
	static const char *const slug[] = { "harassment-self",
	    "harassment-other", "wellbeing-self", "wellbeing-other" };
	static const char *const channel[] = { "harassment", "harassment",
	    "mental_health", "mental_health" };
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_non_null(forms_find(slug[i]));
		assert_string_equal(forms_find(slug[i])->channel, channel[i]);
		assert_ptr_equal(forms_all[i], forms_find(slug[i]));
	}
	assert_null(forms_all[4]);
	assert_null(forms_find("nothing"));
	assert_null(forms_find(NULL));
	assert_null(forms_find("reveal"));	/* not a way in */
}

static void
test_tables_are_well_formed(void **state)
{
	const struct field *f, *g;
	const struct field_option *o;
	size_t i, nclear;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++) {
		nclear = 0;
		assert_true(count_fields(forms_all[i], -1) < FORM_MAX_FIELDS);
		for (f = forms_all[i]->fields; f->name != NULL; f++) {
			assert_true(strlen(f->name) < FORM_MAX_NAME);
			assert_string_not_equal(f->name, "csrf");
			assert_string_not_equal(f->name, "form");
			if (f->type == FIELD_HEADING)
				continue;
			for (g = f + 1; g->name != NULL; g++)	/* names unique */
				if (g->type != FIELD_HEADING)
					assert_string_not_equal(f->name, g->name);
			if (f->type == FIELD_TEXT || f->type == FIELD_TEXTAREA) {
				assert_null(f->options);
				assert_true(f->maxlen >= 3 && f->maxlen <= FORM_MAX_VALUE);
			} else if (f->type != FIELD_FILES) {
				assert_non_null(f->options);
				assert_int_equal(f->maxlen, 0);
				for (o = f->options; o->value != NULL; o++)
					assert_non_null(o->label);
			}
			if (f->flags & FIELD_IDENTITY)	/* free text, never a choice */
				assert_int_equal(f->type, FIELD_TEXT);
			if (f->flags & FIELD_CLEAR) {
				assert_int_equal(f->type, FIELD_RADIO);
				nclear++;
			}
		}
		if (strcmp(forms_all[i]->channel, "harassment") == 0) {
			/* the category and the record-consent answer only */
			assert_int_equal(nclear, 2);
			assert_true(table_field(forms_all[i], "category")->flags & FIELD_CLEAR);
			assert_true(table_field(forms_all[i], "consent_record")->flags & FIELD_CLEAR);
			assert_non_null(f = table_field(forms_all[i], "files"));
			assert_int_equal(f->type, FIELD_FILES);
		} else {
			assert_int_equal(nclear, 0);	/* health answers never in the clear */
			assert_null(table_field(forms_all[i], "files"));
		}
	}
}

static void
test_harassment_categories_follow_the_guidance(void **state)
{
	static const char *const cats[] = { "power", "sexual", "maternity",
	    "customer", "sogi", "unsure", NULL };
	static const char *const power[] = { "physical", "verbal", "isolation",
	    "excessive", "too_little", "privacy", NULL };
	const struct form_def *d = forms_find("harassment-other");
	const struct field *f;
	size_t i;

	(void)state;
	f = table_field(d, "category");
	assert_int_equal(f->flags, FIELD_REQUIRED | FIELD_CLEAR);
	for (i = 0; cats[i] != NULL; i++)
		assert_string_equal(f->options[i].value, cats[i]);
	assert_null(f->options[i].value);
	f = table_field(d, "power_types");
	assert_int_equal(f->type, FIELD_CHECKBOXES);
	assert_string_equal(f->show_if, "category=power");
	for (i = 0; power[i] != NULL; i++)
		assert_string_equal(f->options[i].value, power[i]);
	assert_null(f->options[i].value);
	assert_int_equal(table_field(d, "what")->type, FIELD_TEXTAREA);
	assert_true(table_field(d, "what")->flags & FIELD_REQUIRED);
	assert_true(table_field(d, "contact_name")->flags & FIELD_IDENTITY);
	assert_true(table_field(d, "contact_how")->flags & FIELD_IDENTITY);
	assert_non_null(table_field(d, "person_consent_contact"));
	assert_non_null(table_field(d, "person_consent_investigation"));
	assert_null(table_field(forms_find("harassment-self"), "relation"));
}

/* Only the story itself, its kind, and who a third party is, must be given. */
static void
test_only_what_is_needed_is_required(void **state)
{
	static const char *const req[][4] = {
		{ "category", "what", NULL }, { "relation", "category", "what", NULL },
		{ "worry", NULL }, { "relation", "noticed", NULL } };
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata empty = { 0 };
	size_t i, j, n;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++) {
		n = forms_validate(forms_all[i], &empty, e);
		for (j = 0; req[i][j] != NULL; j++) {
			assert_true(j < n);
			assert_string_equal(e[j].field, req[i][j]);	/* table order */
			assert_string_equal(e[j].msgid, "err.required");
		}
		assert_int_equal(n, j);
	}
}

/* The Japanese K6 of Furukawa et al. 2008, word for word (docs/sources.md). */
static void
test_k6_wording_is_the_validated_japanese(void **state)
{
	static const char *const item[] = {
		"神経過敏に感じましたか",
		"絶望的だと感じましたか",
		"そわそわ、落ち着かなく感じましたか",
		"気分が沈み込んで、何が起こっても気が晴れないように感じましたか",
		"何をするのも骨折りだと感じましたか",
		"自分は価値のない人間だと感じましたか" };
	static const char *const answer[] = { "全くない", "少しだけ",
	    "ときどき", "たいてい", "いつも" };
	const struct form_def *d = forms_find("wellbeing-self");
	const struct field *f;
	struct catalog *c;
	char err[256], name[16];
	int i;

	(void)state;
	assert_non_null(c = catalog_load("templates/messages", err, sizeof(err)));
	for (i = 0; i < 6; i++) {
		snprintf(name, sizeof(name), "k6_%d", i + 1);
		assert_non_null(f = table_field(d, name));
		assert_int_equal(f->type, FIELD_RADIO);
		assert_string_equal(catalog_get(c, LANG_JA, f->label), item[i]);
	}
	for (i = 0; i < 5; i++) {
		assert_int_equal(f->options[i].value[0], '0' + i);
		assert_string_equal(catalog_get(c, LANG_JA, f->options[i].label),
		    answer[i]);
	}
	assert_non_null(strstr(catalog_get(c, LANG_JA, "h.k6.hint"),
	    "過去30日の間にどのくらいの頻度で次のことがありましたか。"));
	/* that name belongs to the statutory programme */
	assert_null(strstr(catalog_get(c, LANG_JA, "h.k6"), "ストレスチェック"));
	assert_null(strstr(catalog_get(c, LANG_JA, "landing.way.wellbeing_self.desc"),
	    "ストレスチェック"));
	f = table_field(d, "selfharm");	/* asked on its own, K6 has no such item */
	assert_int_equal(f->type, FIELD_RADIO);
	assert_string_equal(f->options[0].value, "no");
	assert_string_equal(f->options[4].value, "unsaid");
	assert_null(f->options[5].value);
	catalog_free(c);
}

/* --- validation --------------------------------------------------------- */

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
		full(forms_all[i], &fd);
		assert_int_equal(forms_validate(forms_all[i], &fd, errs), 0);
		formdata_free(&fd);
	}
}

static void
test_every_option_is_accepted(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];
	const struct field *f;
	const struct field_option *o;
	struct formdata fd;
	size_t i;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++)
		for (f = forms_all[i]->fields; f->name != NULL; f++)
			for (o = f->options; o != NULL && o->value != NULL; o++) {
				good(forms_all[i]->slug, &fd);
				if (f->type == FIELD_CHECKBOXES)
					add(&fd, f->name, o->value);
				else
					assert_int_equal(formdata_set(&fd, f->name,
					    o->value), FORMDATA_OK);
				assert_int_equal(forms_validate(forms_all[i], &fd, e), 0);
				formdata_free(&fd);
			}
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
static void e_heading(struct formdata *fd) { add(fd, "evidence", "mail"); add(fd, "who", "x"); }
static void e_twice(struct formdata *fd) { add(fd, "frequency", "once"); }
static void e_k6_range(struct formdata *fd) { add(fd, "k6_1", "5"); }
static void e_selfharm(struct formdata *fd) { formdata_set(fd, "selfharm", "yes"); }
static void e_danger(struct formdata *fd) { add(fd, "danger", "maybe"); }

static void
test_each_kind_of_error_is_reported(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];

	(void)state;
	assert_int_equal(errors_for("harassment-self", e_no_what, e), 1);
	assert_string_equal(e[0].field, "what");
	assert_string_equal(e[0].msgid, "err.required");
	assert_int_equal(errors_for("harassment-self", e_bad_option, e), 1);
	assert_string_equal(e[0].field, "category");
	assert_string_equal(e[0].msgid, "err.invalid");
	assert_int_equal(errors_for("harassment-self", e_bad_check, e), 1);
	assert_string_equal(e[0].msgid, "err.invalid");
	assert_int_equal(errors_for("harassment-self", e_unknown, e), 1);
	assert_null(e[0].field);
	assert_string_equal(e[0].msgid, "err.unknown_field");
	/* a heading's name is not a field: "who" is one, "evidence" is both */
	assert_int_equal(errors_for("harassment-self", e_heading, e), 1);
	assert_string_equal(e[0].msgid, "err.unknown_field");
	assert_int_equal(errors_for("harassment-self", e_twice, e), 1);
	assert_string_equal(e[0].field, "frequency");
	assert_int_equal(errors_for("wellbeing-self", e_k6_range, e), 1);
	assert_string_equal(e[0].field, "k6_1");
	assert_int_equal(errors_for("wellbeing-self", e_selfharm, e), 1);
	assert_int_equal(errors_for("wellbeing-other", e_danger, e), 1);
	/* a field of another form is unknown here */
	assert_int_equal(errors_for("harassment-self", e_k6_range, e), 1);
	assert_string_equal(e[0].msgid, "err.unknown_field");
}

/* Every text field: maxlen bytes go through, one more does not. */
static void
test_every_text_field_has_a_limit(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];
	const struct field *f;
	struct formdata fd;
	char *big;
	size_t i;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++)
		for (f = forms_all[i]->fields; f->name != NULL; f++) {
			if (f->type != FIELD_TEXT && f->type != FIELD_TEXTAREA)
				continue;
			assert_non_null(big = malloc(f->maxlen + 2));
			memset(big, 'a', f->maxlen + 1);
			big[f->maxlen] = '\0';
			good(forms_all[i]->slug, &fd);
			assert_int_equal(formdata_set(&fd, f->name, big), 0);
			assert_int_equal(forms_validate(forms_all[i], &fd, e), 0);
			big[f->maxlen] = 'a';
			big[f->maxlen + 1] = '\0';
			assert_int_equal(formdata_set(&fd, f->name, big), 0);
			assert_int_equal(forms_validate(forms_all[i], &fd, e), 1);
			assert_string_equal(e[0].field, f->name);
			assert_string_equal(e[0].msgid, "err.too_long");
			formdata_free(&fd);
			free(big);
		}
}

/* Japanese text as long as the browser allows is never refused. */
static void
test_browser_limit_fits_japanese_text(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata fd, empty = { 0 };
	struct view *v = view_new();
	const struct vent *fields;
	size_t i, chars, j;
	char *big;

	(void)state;
	assert_int_equal(forms_view(d, &empty, NULL, 0, v), 0);
	fields = view_lookup(v, "fields");
	for (i = 0; i < fields->n; i++) {
		const struct vent *name = view_lookup(fields->items[i], "name");
		const struct vent *ml = view_lookup(fields->items[i], "maxlen");
		const struct field *f = table_field(d, name->str);

		if (f == NULL || f->maxlen == 0 ||
		    view_lookup(fields->items[i], "is_heading") != NULL)
			continue;
		assert_non_null(ml);
		chars = (size_t)strtoul(ml->str, NULL, 10);
		assert_true(chars >= 100);	/* a sensible one-line minimum */
		assert_non_null(big = malloc(chars * 3 + 1));
		for (j = 0; j < chars; j++)
			memcpy(big + j * 3, "あ", 3);
		big[chars * 3] = '\0';
		good(d->slug, &fd);
		assert_int_equal(formdata_set(&fd, f->name, big), FORMDATA_OK);
		assert_int_equal(forms_validate(d, &fd, e), 0);
		formdata_free(&fd);
		free(big);
	}
	assert_string_equal(view_lookup(FIELD(v, "f-what"), "maxlen")->str, "20000");
	assert_string_equal(view_lookup(FIELD(v, "f-when"), "maxlen")->str, "200");
	view_free(v);
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
	assert_string_equal(e[0].msgid, "err.required");
	formdata_free(&fd);
}

static void
test_errors_stop_at_the_limit(void **state)
{
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata fd = { 0 };
	char name[16];
	int i;

	(void)state;
	for (i = 0; i < FORM_MAX_ERRORS + 20; i++) {
		snprintf(name, sizeof(name), "junk%d", i);
		add(&fd, name, "x");
	}
	assert_int_equal(forms_validate(forms_find("wellbeing-other"), &fd, e),
	    FORM_MAX_ERRORS);
	formdata_free(&fd);
}

/* --- assessment --------------------------------------------------------- */

static int
k6(const char *answers, const char *selfharm, struct assessment *a)
{
	struct formdata fd = { 0 };
	char name[16], v[2] = { 0 };
	int i;

	for (i = 0; answers[i] != '\0'; i++) {
		if (answers[i] == '.')	/* left blank */
			continue;
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
	assert_false(a.show_crisis);
	assert_int_equal(k6("400000", "no", &a), 4);
	assert_string_equal(a.k6_band, "k6.band.none");
	assert_false(a.k6_estimated);
	assert_int_equal(k6("410000", "no", &a), 5);
	assert_string_equal(a.k6_band, "k6.band.mild");
	assert_int_equal(k6("333000", "no", &a), 9);
	assert_string_equal(a.k6_band, "k6.band.mild");
	assert_false(a.show_crisis);
	assert_int_equal(k6("332200", "no", &a), 10);
	assert_string_equal(a.k6_band, "k6.band.moderate");
	assert_true(a.show_crisis);
	assert_false(a.urgent);
	assert_int_equal(k6("444000", "no", &a), 12);
	assert_string_equal(a.k6_band, "k6.band.moderate");
	assert_false(a.urgent);
	assert_int_equal(k6("444100", "no", &a), 13);
	assert_string_equal(a.k6_band, "k6.band.serious");
	assert_true(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("444444", "no", &a), 24);
	assert_string_equal(a.k6_band, "k6.band.serious");
}

/* The bug this guards against: one blank item used to drop a score of 20. */
static void
test_one_blank_k6_item_is_prorated_and_urgent(void **state)
{
	struct assessment a;

	(void)state;
	assert_int_equal(k6("44444", "no", &a), 24);	/* 20 x 6/5 */
	assert_string_equal(a.k6_band, "k6.band.serious");
	assert_true(a.k6_estimated);
	assert_true(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("4444.4", "no", &a), 24);	/* a blank in the middle */
	assert_true(a.urgent);
	assert_int_equal(k6(".33221", "no", &a), 14);	/* 11 x 6/5 = 13.2, up */
	assert_string_equal(a.k6_band, "k6.band.serious");
	assert_true(a.urgent);
	assert_int_equal(k6("2222.2", "no", &a), 12);	/* 10 x 6/5 exactly */
	assert_string_equal(a.k6_band, "k6.band.moderate");
	assert_false(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("11110.", "no", &a), 5);	/* 4 x 6/5 = 4.8 */
	assert_string_equal(a.k6_band, "k6.band.mild");
	assert_true(a.k6_estimated);
	assert_false(a.show_crisis);
	assert_int_equal(k6("00000.", "no", &a), 0);
	assert_string_equal(a.k6_band, "k6.band.none");
	assert_int_equal(a.k6_answered, 5);
	/* an invalid value counts as blank (the validator refuses it first) */
	assert_int_equal(k6("44444x", "no", &a), 24);
	assert_true(a.k6_estimated);
	assert_int_equal(k6("444445", "no", &a), 24);
	assert_true(a.urgent);
}

static void
test_two_blank_k6_items_give_no_band_but_still_alarm(void **state)
{
	struct assessment a;

	(void)state;
	assert_int_equal(k6("4441..", "no", &a), -1);	/* 13 answered alone */
	assert_null(a.k6_band);
	assert_int_equal(a.k6_raw, 13);
	assert_int_equal(a.k6_answered, 4);
	assert_true(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("444...", "no", &a), -1);	/* 12: not urgent */
	assert_false(a.urgent);
	assert_true(a.show_crisis);			/* an item at 4 */
	assert_int_equal(k6("4.....", "no", &a), -1);
	assert_false(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("3331..", "no", &a), -1);	/* 10 without a 4 */
	assert_false(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("3330..", "no", &a), -1);	/* 9, none at 4 */
	assert_false(a.urgent);
	assert_false(a.show_crisis);
	assert_false(a.k6_estimated);
	assert_int_equal(k6("33....", "no", &a), -1);
	assert_false(a.show_crisis);
}

static void
test_all_blank_k6_is_no_score_and_no_alarm(void **state)
{
	struct assessment a;

	(void)state;
	assert_int_equal(k6("", NULL, &a), -1);
	assert_null(a.k6_band);
	assert_int_equal(a.k6_answered, 0);
	assert_false(a.urgent);
	assert_false(a.show_crisis);
	assert_int_equal(k6("......", "no", &a), -1);
	assert_false(a.urgent);
	assert_false(a.show_crisis);
	assert_int_equal(k6("xxxxxx", "no", &a), -1);	/* all invalid */
	assert_false(a.show_crisis);
	assert_int_equal(k6("", "often", &a), -1);	/* self-harm still counts */
	assert_true(a.urgent);
	assert_true(a.show_crisis);
}

/* An answer of いつも shows the lines on a complete check too. */
static void
test_any_k6_item_at_four_shows_crisis_lines(void **state)
{
	struct assessment a;

	(void)state;
	assert_int_equal(k6("400000", "no", &a), 4);
	assert_string_equal(a.k6_band, "k6.band.none");
	assert_false(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(k6("00004.", "no", &a), 5);
	assert_true(a.show_crisis);
	assert_int_equal(k6("333000", "no", &a), 9);
	assert_false(a.show_crisis);
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
		k6("", yes[i], &a);	/* with no K6 at all, too */
		assert_true(a.urgent);
	}
	k6("000000", "no", &a);
	assert_false(a.urgent);
	k6("000000", "", &a);	/* not answered */
	assert_false(a.urgent);
}

static void
test_colleague_in_danger(void **state)
{
	struct formdata fd = { 0 };
	struct assessment a;

	(void)state;
	add(&fd, "danger", "yes");
	forms_assess(forms_find("wellbeing-other"), &fd, &a);
	assert_true(a.urgent);
	assert_true(a.show_crisis);
	assert_int_equal(a.k6_score, -1);
	formdata_set(&fd, "danger", "unsure");
	forms_assess(forms_find("wellbeing-other"), &fd, &a);
	assert_false(a.urgent);
	assert_true(a.show_crisis);	/* they are the one who can call */
	formdata_set(&fd, "danger", "no");
	forms_assess(forms_find("wellbeing-other"), &fd, &a);
	assert_false(a.urgent);
	assert_false(a.show_crisis);
	formdata_free(&fd);
}

/* Answers only count on the form that asks the question. */
static void
test_harassment_forms_are_not_assessed(void **state)
{
	struct formdata fd;
	struct assessment a;

	(void)state;
	good("harassment-self", &fd);
	add(&fd, "selfharm", "now");
	add(&fd, "danger", "yes");
	add(&fd, "k6_1", "4");
	forms_assess(forms_find("harassment-self"), &fd, &a);
	assert_false(a.urgent);
	assert_false(a.show_crisis);
	assert_int_equal(a.k6_score, -1);
	formdata_free(&fd);
}

static void
test_clear_category_comes_from_the_table(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct formdata fd;

	(void)state;
	good("harassment-self", &fd);
	assert_string_equal(forms_clear_category(d, &fd), "power");
	assert_ptr_not_equal(forms_clear_category(d, &fd), formdata_get(&fd, "category"));
	formdata_set(&fd, "category", "power'; DROP TABLE cases;--");
	assert_null(forms_clear_category(d, &fd));
	assert_null(forms_clear_category(forms_find("wellbeing-self"), &fd));
	formdata_free(&fd);
	memset(&fd, 0, sizeof(fd));
	assert_null(forms_clear_category(d, &fd));
}

static void
test_record_consent_comes_from_the_table(void **state)
{
	const struct form_def *d = forms_find("harassment-other");
	struct formdata fd;

	(void)state;
	good("harassment-other", &fd);
	assert_null(forms_clear_value(d, &fd, "consent_record"));	/* not answered */
	add(&fd, "consent_record", "no");
	assert_string_equal(forms_clear_value(d, &fd, "consent_record"), "no");
	formdata_set(&fd, "consent_record", "maybe");
	assert_null(forms_clear_value(d, &fd, "consent_record"));
	formdata_set(&fd, "consent_record", "yes");
	assert_string_equal(forms_clear_value(d, &fd, "consent_record"), "yes");
	/* a field that is not FIELD_CLEAR never comes out in the clear */
	assert_null(forms_clear_value(d, &fd, "what"));
	assert_null(forms_clear_value(d, &fd, "relation"));
	assert_null(forms_clear_value(forms_find("wellbeing-self"), &fd,
	    "consent_record"));
	formdata_free(&fd);
}

/* --- records ------------------------------------------------------------ */

static size_t
pairs(const struct buf *b)
{
	size_t i, nul = 0;

	for (i = 0; i < b->len; i++)
		nul += b->data[i] == '\0';
	return nul / 2 - 1;	/* without "form\0slug\0" */
}

static void
test_record_round_trip_and_identity_split(void **state)
{
	static const char head[] = "form\0harassment-self\0category\0power\0"
	    "power_types\0verbal\0power_types\0privacy\0what\0";
	const struct form_def *d = forms_find("harassment-self");
	struct buf rec = { 0 }, id = { 0 };
	struct formdata fd;
	struct view *v = view_new();
	const struct vent *e;

	(void)state;
	good("harassment-self", &fd);
	assert_int_equal(forms_record(d, &fd, 0, &rec), 0);
	assert_int_equal(forms_record(d, &fd, 1, &id), 0);
	assert_true(rec.len > sizeof(head));
	assert_memory_equal(rec.data, head, sizeof(head) - 1);	/* table order */
	assert_null(memmem(rec.data, rec.len, "山田", 6));	/* identity kept apart */
	assert_non_null(memmem(id.data, id.len, "山田", 6));
	assert_null(memmem(rec.data, rec.len, "token", 5));	/* csrf not stored */
	assert_int_equal(forms_record_view(rec.data, rec.len, v, "report"), 0);
	e = view_lookup(v, "report");
	assert_non_null(e);
	assert_int_equal(e->n, 5);	/* category, 2 power types, what, frequency */
	assert_string_equal(view_lookup(e->items[0], "label")->str, "f.category");
	assert_string_equal(view_lookup(e->items[0], "value_msgid")->str,
	    "o.category.power");
	assert_null(view_lookup(e->items[0], "value"));
	assert_string_equal(view_lookup(e->items[2], "value_msgid")->str,
	    "o.power.privacy");
	assert_string_equal(view_lookup(e->items[3], "label")->str, "f.what");
	assert_string_equal(view_lookup(e->items[3], "value")->str, "毎日怒鳴られる");
	assert_null(view_lookup(e->items[3], "value_msgid"));
	assert_int_equal(forms_record_view(id.data, id.len, v, "identity"), 0);
	assert_int_equal(view_lookup(v, "identity")->n, 1);
	view_free(v);
	buf_free(&rec);
	buf_free(&id);
	formdata_free(&fd);
}

/*
 * The review step shows and carries what the record would hold: table
 * fields only, in table order, options as their msgids, blanks and the
 * form's own controls left out, identity fields marked.
 */
static void
test_review_view_carries_only_the_answers(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	const struct vent *groups, *items, *carry, *choices;
	struct formdata fd;
	struct view *v;
	size_t i;

	(void)state;
	good(d->slug, &fd);
	add(&fd, "form_token", "tok");
	add(&fd, "review", "1");
	add(&fd, "when", "");
	assert_non_null(v = view_new());
	assert_int_equal(forms_review_view(d, &fd, v), 0);
	assert_true(view_lookup_flag(v, "has_answers"));
	assert_string_equal(view_lookup(v, "form_title")->str, d->title);
	groups = view_lookup(v, "groups");
	/* what happened (category, types, text), when (frequency), contact */
	assert_int_equal(groups->n, 3);
	assert_string_equal(view_lookup(groups->items[0], "heading")->str, "h.what");
	items = view_lookup(groups->items[0], "items");
	assert_int_equal(items->n, 3);
	assert_string_equal(view_lookup(items->items[0], "label")->str, "f.category");
	choices = view_lookup(items->items[1], "choices");
	assert_int_equal(choices->n, 2);
	assert_string_equal(view_lookup(choices->items[1], "choice")->str,
	    "o.power.privacy");
	assert_string_equal(view_lookup(items->items[2], "value")->str,
	    "毎日怒鳴られる");
	items = view_lookup(groups->items[2], "items");
	assert_true(view_lookup_flag(items->items[0], "identity"));
	carry = view_lookup(v, "carry");
	assert_int_equal(carry->n, 6);	/* category, 2 types, what, frequency, name */
	for (i = 0; i < carry->n; i++) {
		const char *n = view_lookup(carry->items[i], "name")->str;

		assert_true(strcmp(n, "csrf") != 0 && strcmp(n, "form_token") != 0 &&
		    strcmp(n, "review") != 0 && strcmp(n, "when") != 0);
	}
	view_free(v);
	formdata_free(&fd);
	/* nothing answered: no group, and the page says so */
	memset(&fd, 0, sizeof(fd));
	assert_non_null(v = view_new());
	assert_int_equal(forms_review_view(d, &fd, v), 0);
	assert_false(view_lookup_flag(v, "has_answers"));
	assert_null(view_lookup(v, "groups"));
	view_free(v);
}

/* Record, parse, record again: the same bytes, for every form. */
static void
test_every_form_round_trips(void **state)
{
	const struct form_def *back;
	struct buf a = { 0 }, b = { 0 };
	struct formdata fd, fd2;
	struct view *v;
	size_t i;
	int identity;

	(void)state;
	for (i = 0; forms_all[i] != NULL; i++)
		for (identity = 0; identity <= 1; identity++) {
			full(forms_all[i], &fd);
			memset(&fd2, 0, sizeof(fd2));
			assert_int_equal(forms_record(forms_all[i], &fd, identity, &a), 0);
			assert_int_equal(forms_record_parse(a.data, a.len, &fd2, &back), 0);
			assert_ptr_equal(back, forms_all[i]);
			assert_int_equal(forms_record(back, &fd2, identity, &b), 0);
			assert_int_equal(a.len, b.len);
			assert_memory_equal(a.data, b.data, a.len);
			assert_non_null(v = view_new());
			assert_int_equal(forms_record_view(a.data, a.len, v, "r"), 0);
			assert_int_equal(view_lookup(v, "r")->n, pairs(&a));
			assert_true(pairs(&a) > 0);
			view_free(v);
			buf_free(&a);
			buf_free(&b);
			formdata_free(&fd);
			formdata_free(&fd2);
		}
}

static void
test_reveal_record_reads(void **state)
{
	static const char rec[] = "form\0reveal\0name\0A\0contact\0B\0";
	struct view *v = view_new();
	const struct vent *e;

	(void)state;
	assert_int_equal(forms_record_view(rec, sizeof(rec) - 1, v, "r"), 0);
	e = view_lookup(v, "r");
	assert_int_equal(e->n, 2);
	assert_string_equal(view_lookup(e->items[0], "label")->str, "f.name");
	assert_string_equal(view_lookup(e->items[1], "value")->str, "B");
	view_free(v);
}

static void
test_hostile_records_are_refused(void **state)
{
#define R(s) { s, sizeof(s) - 1 }
	static const struct { const char *p; size_t n; } bad[] = {
		{ "", 0 }, R("form"), R("form\0"), R("form\0nothing\0"),
		R("forn\0harassment-self\0"),
		R("form\0harassment-self\0what"),		/* no NUL at the end */
		R("form\0harassment-self\0what\0"),		/* no value */
		R("form\0harassment-self\0what\0x"),		/* value cut short */
		R("form\0harassment-self\0evil\0x\0"),		/* unknown field */
		R("form\0harassment-self\0k6_1\0x\0"),		/* another form's */
		R("form\0harassment-self\0who\0x\0"),		/* a heading */
		R("form\0harassment-self\0files\0x\0"),		/* the file input */
		R("form\0harassment-self\0form\0reveal\0"),
		R("form\0harassment-self\0csrf\0x\0"),
		R("form\0harassment-self\0what\0\xff\xfe\0"),	/* not UTF-8 */
		R("form\0harassment-self\0what\0a\x1b[2J\0"),	/* control */
		R("form\0harassment-self\0what\0\xc0\xaf\0"),	/* overlong */
		/* a name among the report's fields: never made by forms_record */
		R("form\0harassment-self\0what\0x\0contact_name\0y\0"),
		R("form\0harassment-self\0contact_name\0y\0what\0x\0"),
		R("form\0wellbeing-self\0worry\0x\0name\0y\0"),	/* reveal's field */
		R("form\0reveal\0name\0A\0worry\0x\0"),
	};
	struct formdata fd;
	const struct form_def *d = NULL;
	struct view *v = view_new();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(forms_record_view(bad[i].p, bad[i].n, v, "r"), -1);
		assert_null(view_lookup(v, "r"));	/* nothing half-shown */
		memset(&fd, 0, sizeof(fd));
		assert_int_equal(forms_record_parse(bad[i].p, bad[i].n, &fd, &d), -1);
		assert_null(d);
		formdata_free(&fd);
	}
	assert_int_equal(forms_record_view(NULL, 10, v, "r"), -1);
	assert_int_equal(forms_record_parse(NULL, 10, &fd, &d), -1);
	/* the header alone is an empty record, not an error */
	assert_int_equal(forms_record_view("form\0wellbeing-other\0", 21, v, "r"), 0);
	view_free(v);
#undef R
}

/* Read only within len: a record cut anywhere is refused or shorter. */
static void
test_records_cut_anywhere(void **state)
{
	const struct form_def *d = forms_find("wellbeing-self"), *back;
	struct buf rec = { 0 };
	struct formdata fd, fd2;
	struct view *v;
	size_t cut;
	char *copy;

	(void)state;
	full(d, &fd);
	assert_int_equal(forms_record(d, &fd, 0, &rec), 0);
	for (cut = 0; cut < rec.len; cut++) {
		/* an exact-size heap copy, so reading past it is caught */
		assert_non_null(copy = malloc(cut ? cut : 1));
		memcpy(copy, rec.data, cut);
		v = view_new();
		memset(&fd2, 0, sizeof(fd2));
		if (cut > 0 && rec.data[cut - 1] == '\0' && forms_record_parse(copy,
		    cut, &fd2, &back) == 0)
			assert_int_equal(forms_record_view(copy, cut, v, "r"), 0);
		else
			assert_int_equal(forms_record_view(copy, cut, v, "r"), -1);
		view_free(v);
		formdata_free(&fd2);
		free(copy);
	}
	buf_free(&rec);
	formdata_free(&fd);
}

/* --- the view and the page ---------------------------------------------- */

static void
test_form_view_keeps_what_was_typed(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct form_error e[1] = { { "what", "err.required" } };
	struct formdata fd;
	struct view *v = view_new();
	const struct vent *opts;
	size_t j, checked = 0;

	(void)state;
	good("harassment-self", &fd);
	add(&fd, "when", "先週 <b>\"&");
	assert_int_equal(forms_view(d, &fd, e, 1, v), 0);
	assert_true(view_lookup(v, "has_errors")->flag);
	assert_string_equal(view_lookup(v, "title")->str, "form.harassment_self.title");
	assert_string_equal(view_lookup(v, "intro")->str, "form.harassment_self.intro");
	opts = view_lookup(FIELD(v, "f-power_types"), "options");
	for (j = 0; j < opts->n; j++)
		checked += view_lookup(opts->items[j], "checked")->flag;
	assert_int_equal(checked, 2);
	assert_string_equal(view_lookup(FIELD(v, "f-what"), "value")->str, "毎日怒鳴られる");
	assert_string_equal(view_lookup(FIELD(v, "f-what"), "error")->str, "err.required");
	assert_string_equal(view_lookup(FIELD(v, "f-when"), "value")->str, "先週 <b>\"&");
	assert_null(view_lookup(FIELD(v, "f-when"), "error"));
	assert_true(view_lookup(FIELD(v, "f-category"), "required")->flag);
	assert_true(view_lookup(FIELD(v, "f-category"), "is_radio")->flag);
	assert_null(view_lookup(FIELD(v, "f-category"), "value"));
	view_free(v);
	formdata_free(&fd);
}

static void
test_form_view_links_hints_and_errors(void **state)
{
	const struct form_def *d = forms_find("harassment-self");
	struct form_error e[3] = { { "what", "err.required" },
	    { "category", "err.required" }, { NULL, "err.unknown_field" } };
	struct formdata empty = { 0 };
	struct view *v = view_new();
	const struct vent *errs;

	(void)state;
	assert_int_equal(forms_view(d, &empty, e, 3, v), 0);
	/* a heading and the field under it must not share an id */
	assert_non_null(FIELD(v, "h-what"));
	assert_true(view_lookup(FIELD(v, "h-what"), "is_heading")->flag);
	assert_true(view_lookup(FIELD(v, "f-what"), "is_textarea")->flag);
	assert_string_equal(view_lookup(FIELD(v, "f-what"), "describedby")->str,
	    "f-what-hint f-what-error");
	assert_string_equal(view_lookup(FIELD(v, "f-when"), "describedby")->str,
	    "f-when-hint");
	assert_null(view_lookup(FIELD(v, "f-duration"), "describedby"));
	assert_string_equal(view_lookup(FIELD(v, "f-category"), "describedby")->str,
	    "f-category-hint f-category-error");
	errs = view_lookup(v, "errors");
	assert_int_equal(errs->n, 3);
	assert_string_equal(view_lookup(errs->items[0], "href")->str, "#f-what");
	assert_string_equal(view_lookup(errs->items[0], "field")->str, "f.what");
	/* a radio group's link lands on its first button */
	assert_string_equal(view_lookup(errs->items[1], "href")->str,
	    "#f-category-power");
	assert_null(view_lookup(errs->items[2], "href"));
	assert_string_equal(view_lookup(errs->items[2], "msgid")->str,
	    "err.unknown_field");
	assert_true(view_lookup(FIELD(v, "f-files"), "is_files")->flag);
	assert_true(view_lookup(FIELD(v, "f-contact_name"), "identity")->flag);
	assert_false(view_lookup(v, "crisis_lines")->flag);
	view_free(v);
	assert_non_null(v = view_new());
	assert_int_equal(forms_view(forms_find("wellbeing-self"), &empty, NULL, 0, v), 0);
	assert_true(view_lookup(v, "crisis_lines")->flag);
	assert_false(view_lookup(v, "has_errors")->flag);
	view_free(v);
}

/* --- rendered pages ----------------------------------------------------- */

struct tr {
	const struct catalog	*c;
	enum lang		 lang;
	int			 missing;
};

static const char *
translate(void *arg, const char *msgid)
{
	struct tr *t = arg;

	if (!catalog_has(t->c, t->lang, msgid)) {
		print_error("missing in %s.po: %s\n", lang_code(t->lang), msgid);
		t->missing++;
	}
	return catalog_get(t->c, t->lang, msgid);
}

struct pages {
	struct catalog	*c;
	struct tmpl_set	*s;
};

static int
pages_setup(void **state)
{
	static struct pages p;
	char err[256];

	if ((p.c = catalog_load("templates/messages", err, sizeof(err))) == NULL ||
	    (p.s = tmpl_load_dir("templates", err, sizeof(err))) == NULL) {
		print_error("%s\n", err);
		return -1;
	}
	*state = &p;
	return 0;
}

static int
pages_teardown(void **state)
{
	struct pages *p = *state;

	tmpl_set_free(p->s);
	catalog_free(p->c);
	return 0;
}

/* Each id once; every label's for= names an id; csrf first in each form. */
static void
check_html(const char *html)
{
	static const char csrf[] = "<input type=\"hidden\" name=\"csrf\" value=\"";
	const char *p, *q, *form;
	char ids[512][80], want[96];
	size_t n = 0, i, len;

	for (p = html; (p = strstr(p, " id=\"")) != NULL; p = q) {
		p += 5;
		assert_non_null(q = strchr(p, '"'));
		len = (size_t)(q - p);
		assert_true(len > 0 && len < sizeof(ids[0]) && n < 512);
		memcpy(ids[n], p, len);
		ids[n][len] = '\0';
		for (i = 0; i < n; i++)
			if (strcmp(ids[i], ids[n]) == 0)
				fail_msg("id \"%s\" twice", ids[n]);
		n++;
	}
	for (p = html; (p = strstr(p, "<label for=\"")) != NULL; p = q) {
		p += 12;
		assert_non_null(q = strchr(p, '"'));
		snprintf(want, sizeof(want), " id=\"%.*s\"", (int)(q - p), p);
		if (strstr(html, want) == NULL)
			fail_msg("label for missing id: %s", want);
	}
	for (form = html; (form = strstr(form, "<form ")) != NULL; form++) {
		const char *input = strstr(form, "<input");
		const char *other[] = { "<textarea", "<select", "<button" };

		assert_non_null(input);
		assert_true(strncmp(input, csrf, strlen(csrf)) == 0);
		for (i = 0; i < 3; i++)
			if ((q = strstr(form, other[i])) != NULL)
				assert_true(q > input);
	}
}

static void
render(struct pages *p, enum lang lang, const char *name, struct view *v,
    struct buf *out)
{
	struct tr t = { p->c, lang, 0 };

	view_set(v, "lang", lang_code(lang));
	view_set(v, "csrf", "tok");
	view_set(v, "lang_switch_href", "/lang/en?next=/");
	buf_reset(out);
	assert_int_equal(tmpl_render(p->s, name, v, translate, &t, out), 0);
	assert_int_equal(t.missing, 0);
	check_html(out->data);
}

static void
test_every_form_renders_in_both_languages(void **state)
{
	struct pages *p = *state;
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata fd = { 0 };
	struct buf out = { 0 };
	struct view *v;
	const char *sc;
	size_t i, n;
	int lang;

	for (i = 0; forms_all[i] != NULL; i++)
		for (lang = 0; lang < LANG_COUNT; lang++) {
			assert_non_null(v = view_new());
			add(&fd, "junk", "x");
			n = forms_validate(forms_all[i], &fd, e);
			assert_true(n >= 2);	/* the required ones and the junk */
			assert_int_equal(forms_view(forms_all[i], &fd, e, n, v), 0);
			view_set(v, "action", "/report/x");
			view_set(v, "max_upload_mb", "10");
			render(p, (enum lang)lang, "form", v, &out);
			assert_non_null(strstr(out.data, "role=\"alert\""));
			assert_non_null(strstr(out.data,
			    "enctype=\"multipart/form-data\""));
			/* one script, the external helper, never an inline one */
			assert_non_null(sc = strstr(out.data, "<script"));
			assert_int_equal(strncmp(sc, FORM_SCRIPT, strlen(FORM_SCRIPT)), 0);
			assert_null(strstr(sc + 1, "<script"));
			assert_null(strstr(out.data, "aria-errormessage"));
			if (strcmp(forms_all[i]->channel, "mental_health") == 0)
				assert_non_null(strstr(out.data, "href=\"tel:0120279338\""));
			else
				assert_non_null(strstr(out.data, "type=\"file\""));
			view_free(v);
			formdata_free(&fd);
		}
	buf_free(&out);
}

static void
test_a_field_error_is_tied_to_its_input(void **state)
{
	struct pages *p = *state;
	struct form_error e[FORM_MAX_ERRORS];
	struct formdata fd;
	struct buf out = { 0 };
	struct view *v = view_new();
	size_t n;

	good("harassment-self", &fd);
	formdata_set(&fd, "what", "");
	formdata_set(&fd, "when", "kept <when>");
	n = forms_validate(forms_find("harassment-self"), &fd, e);
	assert_int_equal(forms_view(forms_find("harassment-self"), &fd, e, n, v), 0);
	render(p, LANG_JA, "form", v, &out);
	assert_non_null(strstr(out.data, "<p class=\"error\" id=\"f-what-error\">"));
	assert_non_null(strstr(out.data,
	    "aria-describedby=\"f-what-hint f-what-error\" aria-invalid=\"true\""));
	assert_non_null(strstr(out.data, "<a href=\"#f-what\">"));
	assert_non_null(strstr(out.data, "value=\"kept &lt;when&gt;\""));
	assert_non_null(strstr(out.data, "value=\"power\" checked"));
	assert_non_null(strstr(out.data, "maxlength=\"20000\""));
	assert_non_null(strstr(out.data, "<html lang=\"ja\">"));
	view_free(v);
	formdata_free(&fd);
	buf_free(&out);
}

/* The other reporter pages, with every key set, in both languages. */
static void
test_reporter_pages_render_in_both_languages(void **state)
{
	static const char *const pages[] = { "landing", "receipt", "followup",
	    "case", "error", "receipt_print", "case_identity" };
	struct pages *p = *state;
	struct buf out = { 0 };
	struct view *v, *m, *a;
	struct buf rec = { 0 };
	struct formdata fd;
	const char *sc;
	size_t i;
	int lang;

	good("wellbeing-self", &fd);
	assert_int_equal(forms_record(forms_find("wellbeing-self"), &fd, 0, &rec), 0);
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		for (lang = 0; lang < LANG_COUNT; lang++) {
			assert_non_null(v = view_new());
			view_set(v, "title", "landing.title");
			view_set(v, "receipt", "1234-5678-9012-3456-7890-1234-5678");
			view_set_flag(v, "crisis", 1);
			view_set_flag(v, "urgent", 1);
			view_set(v, "k6_score", "14");
			view_set(v, "k6_band", "k6.band.serious");
			view_set(v, "receipt_input", "1234");
			view_set(v, "error", "followup.error.typo");
			view_set(v, "kept_text", "kept");
			view_set(v, "status", "status.in_progress");
			view_set(v, "channel", "channel.mental_health");
			view_set(v, "created", "2026-04-01");
			assert_int_equal(forms_record_view(rec.data, rec.len, v, "report"), 0);
			m = view_add(v, "messages");
			view_set_flag(m, "from_counselor", 1);
			view_set(m, "date", "2026-04-02");
			view_set(m, "text", "お話ししましょう");
			a = view_add(m, "attachments");
			view_set(a, "href", "/case/file/ab");
			view_set(a, "name", "a.pdf");
			view_set(a, "size", "3 KB");
			view_set(v, "reply_text", "typed");
			view_set(v, "reply_error", "reply.error.empty");
			view_set(v, "notice", "reply.sent");
			view_set_flag(v, "identity_revealed", 1);
			view_set(v, "max_upload_mb", "10");
			view_set(v, "status_code", "503");
			view_set(v, "message", "error.503");
			view_set(v, "back_href", "/");
			render(p, (enum lang)lang, pages[i], v, &out);
			assert_non_null(strstr(out.data, "class=\"skip\" href=\"#main\""));
			assert_non_null(strstr(out.data, "/static/style.css"));
			/* the case page's reply form has the forms' helper, as a file */
			sc = strstr(out.data, "<script");
			if (strcmp(pages[i], "case") == 0) {
				assert_non_null(sc);
				assert_int_equal(strncmp(sc, FORM_SCRIPT,
				    strlen(FORM_SCRIPT)), 0);
				assert_null(strstr(sc + 1, "<script"));
			} else
				assert_null(sc);
			assert_null(strstr(out.data, "//fonts."));
			view_free(v);
		}
	buf_free(&out);
	buf_free(&rec);
	formdata_free(&fd);
}

/*
 * On the receipt a one-line crisis block comes first (the numbers to call
 * at once), then the code, shown as given, then the full list: the code
 * stays on a phone's first screen.
 */
static void
test_receipt_puts_crisis_lines_first(void **state)
{
	struct pages *p = *state;
	struct buf out = { 0 };
	struct view *v = view_new();
	const char *line, *crisis, *code;

	view_set(v, "title", "receipt.title");
	view_set(v, "receipt", "1234-5678-9012-3456-7890-1234-5678");
	view_set_flag(v, "crisis", 1);
	render(p, LANG_JA, "receipt", v, &out);
	assert_non_null(line = strstr(out.data, "class=\"crisis-line\""));
	assert_non_null(crisis = strstr(out.data, "class=\"crisis\""));
	assert_non_null(code = strstr(out.data,
	    "<p class=\"receipt\" id=\"receipt\">1234-5678-9012-3456-7890-1234-5678</p>"));
	assert_true(line < code);
	assert_true(code < crisis);
	assert_true(strstr(line, "href=\"tel:110\"") < code);
	assert_true(strstr(line, "href=\"tel:119\"") < code);
	assert_true(strstr(line, "href=\"tel:0120279338\"") < code);
	assert_non_null(strstr(crisis, "href=\"tel:0332644343\""));
	assert_non_null(strstr(crisis, "href=\"tel:0570087478\""));
	assert_non_null(strstr(crisis, "href=\"tel:0570064556\""));
	assert_non_null(strstr(crisis, "href=\"tel:110\""));
	assert_non_null(strstr(crisis, "href=\"tel:119\""));
	view_set_flag(v, "crisis", 0);
	render(p, LANG_EN, "receipt", v, &out);
	assert_null(strstr(out.data, "class=\"crisis\""));
	assert_null(strstr(out.data, "class=\"crisis-line\""));
	view_free(v);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_forms_with_their_channels),
		cmocka_unit_test(test_tables_are_well_formed),
		cmocka_unit_test(test_harassment_categories_follow_the_guidance),
		cmocka_unit_test(test_only_what_is_needed_is_required),
		cmocka_unit_test(test_k6_wording_is_the_validated_japanese),
		cmocka_unit_test(test_every_form_accepts_a_good_submission),
		cmocka_unit_test(test_every_option_is_accepted),
		cmocka_unit_test(test_each_kind_of_error_is_reported),
		cmocka_unit_test(test_every_text_field_has_a_limit),
		cmocka_unit_test(test_browser_limit_fits_japanese_text),
		cmocka_unit_test(test_third_party_requires_relation),
		cmocka_unit_test(test_errors_stop_at_the_limit),
		cmocka_unit_test(test_k6_scores_and_bands),
		cmocka_unit_test(test_one_blank_k6_item_is_prorated_and_urgent),
		cmocka_unit_test(test_two_blank_k6_items_give_no_band_but_still_alarm),
		cmocka_unit_test(test_all_blank_k6_is_no_score_and_no_alarm),
		cmocka_unit_test(test_any_k6_item_at_four_shows_crisis_lines),
		cmocka_unit_test(test_self_harm_answers_are_urgent),
		cmocka_unit_test(test_colleague_in_danger),
		cmocka_unit_test(test_harassment_forms_are_not_assessed),
		cmocka_unit_test(test_clear_category_comes_from_the_table),
		cmocka_unit_test(test_record_consent_comes_from_the_table),
		cmocka_unit_test(test_record_round_trip_and_identity_split),
		cmocka_unit_test(test_every_form_round_trips),
		cmocka_unit_test(test_review_view_carries_only_the_answers),
		cmocka_unit_test(test_reveal_record_reads),
		cmocka_unit_test(test_hostile_records_are_refused),
		cmocka_unit_test(test_records_cut_anywhere),
		cmocka_unit_test(test_form_view_keeps_what_was_typed),
		cmocka_unit_test(test_form_view_links_hints_and_errors),
		cmocka_unit_test_setup_teardown(test_every_form_renders_in_both_languages,
		    pages_setup, pages_teardown),
		cmocka_unit_test_setup_teardown(test_a_field_error_is_tied_to_its_input,
		    pages_setup, pages_teardown),
		cmocka_unit_test_setup_teardown(test_reporter_pages_render_in_both_languages,
		    pages_setup, pages_teardown),
		cmocka_unit_test_setup_teardown(test_receipt_puts_crisis_lines_first,
		    pages_setup, pages_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
