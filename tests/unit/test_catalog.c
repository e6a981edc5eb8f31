/* The .po parser, and that both languages are complete for every text used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/catalog.h"
#include "server/common/forms.h"
#include "server/common/template.h"

struct seen {
	char	id[64], str[256];
	int	n;
};

static int
collect(void *arg, const char *id, const char *str)
{
	struct seen *s = arg;

	snprintf(s->id, sizeof(s->id), "%s", id);
	snprintf(s->str, sizeof(s->str), "%s", str);
	s->n++;
	return 0;
}

static int
parse(const char *src, struct seen *s)
{
	char err[128];

	memset(s, 0, sizeof(*s));
	return po_parse(src, strlen(src), collect, s, err, sizeof(err));
}

static void
test_po_basic_and_escapes(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(parse("# comment\nmsgid \"\"\nmsgstr \"Content-Type: x\\n\"\n\n"
	    "msgid \"a.b\"\nmsgstr \"line\\none \\\"q\\\" \\\\ \\t\"\n", &s), 0);
	assert_int_equal(s.n, 1);	/* the header entry is skipped */
	assert_string_equal(s.id, "a.b");
	assert_string_equal(s.str, "line\none \"q\" \\ \t");
}

static void
test_po_multiline(void **state)
{
	struct seen s;

	(void)state;
	assert_int_equal(parse("msgid \"x\"\nmsgstr \"\"\n\"first \"\n\"second\"\n", &s), 0);
	assert_string_equal(s.str, "first second");
}

static void
test_po_malformed(void **state)
{
	static const char *const bad[] = {
		"msgid \"x\nmsgstr \"y\"\n",		/* unterminated */
		"msgstr \"y\"\n",			/* no msgid */
		"msgid \"x\"\n",			/* no msgstr */
		"msgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[0] \"y\"\n",
		"msgctxt \"c\"\nmsgid \"x\"\nmsgstr \"y\"\n",
		"msgid \"x\"\nmsgstr \"\\q\"\n",	/* unknown escape */
		"msgid x\nmsgstr \"y\"\n",		/* not quoted */
		NULL };
	struct seen s;
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(parse(bad[i], &s), -1);
}

static void
test_po_limits(void **state)
{
	size_t n = PO_MAX_STRING + 64;
	char *big = malloc(n + 64), err[128];
	struct seen s;

	(void)state;
	strcpy(big, "msgid \"x\"\nmsgstr \"");
	memset(big + strlen(big), 'a', PO_MAX_STRING + 1);
	big[18 + PO_MAX_STRING + 1] = '\0';
	strcat(big, "\"\n");
	assert_int_equal(po_parse(big, strlen(big), collect, &s, err, sizeof(err)), -1);
	assert_int_equal(po_parse("a\0b", 3, collect, &s, err, sizeof(err)), -1);
	free(big);
}

static struct catalog *
load(void)
{
	char err[256];
	struct catalog *c = catalog_load("templates/messages", err, sizeof(err));

	if (c == NULL)
		fail_msg("%s", err);
	return c;
}

static void
test_lookup_by_language(void **state)
{
	struct catalog *c = load();

	(void)state;
	assert_string_equal(catalog_get(c, LANG_JA, "lang.switch"), "English");
	assert_string_equal(catalog_get(c, LANG_EN, "lang.switch"), "日本語");
	assert_string_equal(catalog_get(c, LANG_JA, "no.such.id"), "no.such.id");
	assert_false(catalog_has(c, LANG_EN, "no.such.id"));
	assert_int_equal(lang_from_code("en"), LANG_EN);
	assert_int_equal(lang_from_code("xx"), LANG_JA);
	assert_int_equal(lang_from_code(NULL), LANG_JA);
	catalog_free(c);
}

struct check {
	const struct catalog	*c;
	int			 missing;
};

static void
need(struct check *k, const char *id)
{
	int l;

	for (l = 0; l < LANG_COUNT; l++)
		if (!catalog_has(k->c, l, id)) {
			print_error("missing in %s.po: %s\n", lang_code(l), id);
			k->missing++;
		}
}

static void
need_tmpl(void *arg, const char *tmpl, const char *id)
{
	(void)tmpl;
	need(arg, id);
}

/* Every msgid of one catalog is in the other, with a text in both. */
static void
need_other(void *arg, const char *id)
{
	need(arg, id);
}

static void
need_form(struct check *k, const struct form_def *d)
{
	const struct field *f;
	const struct field_option *o;

	if (d->title)
		need(k, d->title);
	if (d->intro)
		need(k, d->intro);
	for (f = d->fields; f->name != NULL; f++) {
		need(k, f->label);
		if (f->hint)
			need(k, f->hint);
		for (o = f->options; o && o->value; o++)
			need(k, o->label);
	}
}

static void
test_both_catalogs_are_complete(void **state)
{
	/* msgids the C code names directly */
	static const char *const code[] = { "landing.title", "receipt.title",
	    "followup.title", "case.title", "form.files_again", "error.csrf",
	    "error.400", "error.403", "error.404", "error.405", "error.413",
	    "error.415", "error.429", "error.500", "error.503",
	    "followup.error.format", "followup.error.typo",
	    "followup.error.unknown", "followup.error.expired",
	    "reply.error.empty", "reply.sent", "identity.sent",
	    "identity.error.empty", "err.required", "err.too_long",
	    "err.invalid", "err.unknown_field", "k6.band.none", "k6.band.mild",
	    "k6.band.moderate", "k6.band.serious", "status.new",
	    "status.acknowledged", "status.in_progress", "status.waiting",
	    "status.closed", "status.reopened", "channel.harassment",
	    "channel.mental_health", NULL };
	struct catalog *c = load();
	struct check k = { c, 0 };
	struct tmpl_set *s;
	char err[256];
	size_t i;

	(void)state;
	for (i = 0; code[i] != NULL; i++)
		need(&k, code[i]);
	for (i = 0; forms_all[i] != NULL; i++)
		need_form(&k, forms_all[i]);
	need_form(&k, &forms_reveal);
	assert_non_null(s = tmpl_load_dir("templates", err, sizeof(err)));
	tmpl_each_msgid(s, need_tmpl, &k);
	catalog_each(c, LANG_EN, need_other, &k);	/* same set both ways */
	catalog_each(c, LANG_JA, need_other, &k);
	assert_int_equal(k.missing, 0);
	tmpl_set_free(s);
	catalog_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_po_basic_and_escapes),
		cmocka_unit_test(test_po_multiline),
		cmocka_unit_test(test_po_malformed),
		cmocka_unit_test(test_po_limits),
		cmocka_unit_test(test_lookup_by_language),
		cmocka_unit_test(test_both_catalogs_are_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
