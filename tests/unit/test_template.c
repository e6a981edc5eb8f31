/* The template engine: escaping by context, sections, and what it refuses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "server/common/template.h"

static char out_text[8192];

static const char *
tr(void *arg, const char *id)
{
	(void)arg;
	if (strcmp(id, "greet") == 0)
		return "こんにちは <b>";
	if (strcmp(id, "paren") == 0)
		return "相談（自分の<こと>）と（ほか）";
	if (strcmp(id, "paren.long") == 0)	/* 13 characters inside: breaks */
		return "相談（あいうえおかきくけこさしす）";
	if (strcmp(id, "paren.odd") == 0)	/* nested, then unclosed */
		return "a（b（c）d）e（f";
	return id;
}

/* Compiles src as "t" (plus an "inc" partial) and renders it with v. */
static int
render(const char *src, struct view *v)
{
	struct tmpl_set *s = tmpl_set_new();
	struct buf b = { 0 };
	char err[256];
	int rc;

	if (tmpl_add(s, "inc", "[{{x}}]", 7, err, sizeof(err)) == -1 ||
	    tmpl_add(s, "t", src, strlen(src), err, sizeof(err)) == -1) {
		tmpl_set_free(s);
		return -2;
	}
	rc = tmpl_render(s, "t", v, tr, NULL, &b);
	snprintf(out_text, sizeof(out_text), "%s", b.data ? b.data : "");
	buf_free(&b);
	tmpl_set_free(s);
	return rc;
}

static void
expect(const char *src, const char *key, const char *val, const char *want)
{
	struct view *v = view_new();

	if (key != NULL)
		view_set(v, key, val);
	assert_int_equal(render(src, v), 0);
	assert_string_equal(out_text, want);
	view_free(v);
}

static void
test_text_is_escaped(void **state)
{
	(void)state;
	expect("<p>{{x}}</p>", "x", "<script>alert('x')</script>&",
	    "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;</p>");
}

static void
test_attribute_breakout_is_escaped(void **state)
{
	(void)state;
	expect("<input value=\"{{x}}\">", "x", "\" onfocus=\"alert(1)",
	    "<input value=\"&quot; onfocus=&quot;alert(1)\">");
	expect("<input value='{{x}}'>", "x", "' onfocus='alert(1)",
	    "<input value='&#39; onfocus=&#39;alert(1)'>");
}

static void
test_dangerous_url_schemes_become_hash(void **state)
{
	static const char *const bad[] = { "javascript:alert(1)",
	    "JAVASCRIPT:alert(1)", "java\tscript:alert(1)", " javascript:x",
	    "data:text/html,<b>", "vbscript:x", NULL };
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		expect("<a href=\"{{u}}\">", "u", bad[i], "<a href=\"#\">");
}

static void
test_allowed_urls_pass(void **state)
{
	(void)state;
	expect("<a href=\"{{u}}\">", "u", "/case?x=1&y=2",
	    "<a href=\"/case?x=1&amp;y=2\">");
	expect("<a href=\"{{u}}\">", "u", "https://example.org/",
	    "<a href=\"https://example.org/\">");
	expect("<a href=\"{{u}}\">", "u", "tel:0120279338",
	    "<a href=\"tel:0120279338\">");
}

static void
test_url_part_is_percent_encoded(void **state)
{
	(void)state;
	expect("<a href=\"/case/file/{{id}}\">", "id", "../x?\"a b",
	    "<a href=\"/case/file/..%2Fx%3F%22a%20b\">");
}

static void
test_compile_errors(void **state)
{
	static const char *const bad[] = {
		"<{{x}}>", "<a {{x}}>", "<a href={{x}}>", "<!-- {{x}} -->",
		"<script>{{x}}</script>", "<style>{{x}}</style>",
		"{{#a}}unclosed", "{{/a}}", "{{#a}}{{/b}}", "{{x", "{{bad name}}",
		"<a title=\"{{> inc}}\">", NULL };
	struct view *v = view_new();
	size_t i;

	(void)state;
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(render(bad[i], v), -2);
	view_free(v);
}

static void
test_sections_lists_and_parents(void **state)
{
	struct view *v = view_new(), *c;

	(void)state;
	view_set(v, "outer", "O");
	c = view_add(v, "items");
	view_set(c, "name", "a");
	c = view_add(v, "items");
	view_set(c, "name", "<b>");
	view_set_flag(v, "on", 1);
	view_set_flag(v, "off", 0);
	assert_int_equal(render("{{#items}}({{name}}{{outer}}){{/items}}"
	    "{{#on}}Y{{/on}}{{#off}}N{{/off}}{{^off}}n{{/off}}{{^items}}E{{/items}}"
	    "{{#missing}}M{{/missing}}{{^missing}}m{{/missing}}[{{missing}}]", v), 0);
	assert_string_equal(out_text, "(aO)(&lt;b&gt;O)Ynm[]");
	view_free(v);
}

static void
test_section_inside_tag(void **state)
{
	struct view *v = view_new();

	(void)state;
	view_set_flag(v, "checked", 1);
	view_set(v, "v", "x\"");
	assert_int_equal(render("<input value=\"{{v}}\"{{#checked}} checked{{/checked}}>", v), 0);
	assert_string_equal(out_text, "<input value=\"x&quot;\" checked>");
	view_free(v);
}

static void
test_translations_are_escaped(void **state)
{
	struct view *v = view_new();

	(void)state;
	view_set(v, "id", "greet");
	assert_int_equal(render("{{_ greet}}|{{_$id}}|<a title=\"{{_ greet}}\">", v), 0);
	assert_string_equal(out_text,
	    "こんにちは &lt;b&gt;|こんにちは &lt;b&gt;|<a title=\"こんにちは &lt;b&gt;\">");
	view_free(v);
}

/* {{_~ }}: a short full-width parenthesis stays on one line, escaped. */
static void
test_phrase_keeps_short_parentheses_whole(void **state)
{
	struct view *v = view_new();

	(void)state;
	view_set(v, "id", "paren");
	assert_int_equal(render("<h1>{{_~ paren}}|{{_~$id}}</h1>", v), 0);
	assert_string_equal(out_text, "<h1>相談<span class=\"nowrap\">（自分の&lt;こと&gt;）</span>"
	    "と<span class=\"nowrap\">（ほか）</span>|相談<span class=\"nowrap\">"
	    "（自分の&lt;こと&gt;）</span>と<span class=\"nowrap\">（ほか）</span></h1>");
	assert_int_equal(render("{{_~ paren.long}}", v), 0);
	assert_string_equal(out_text, "相談（あいうえおかきくけこさしす）");
	/* only the innermost whole one; an unclosed one is text */
	assert_int_equal(render("{{_~ paren.odd}}", v), 0);
	assert_string_equal(out_text, "a（b<span class=\"nowrap\">（c）</span>d）e（f");
	/* markup cannot go into an attribute */
	assert_int_equal(render("<a title=\"{{_~ paren}}\">", v), -2);
	assert_int_equal(render("<a href=\"/{{_~$id}}\">", v), -2);
	view_free(v);
}

static void
test_include_and_its_limits(void **state)
{
	struct tmpl_set *s = tmpl_set_new();
	struct view *v = view_new();
	struct buf b = { 0 };
	char err[256];

	(void)state;
	view_set(v, "x", "<");
	assert_int_equal(render("a{{> inc}}b", v), 0);
	assert_string_equal(out_text, "a[&lt;]b");
	/* a template that includes itself must stop, not recurse forever */
	assert_int_equal(tmpl_add(s, "loop", "x{{> loop}}", 11, err, sizeof(err)), 0);
	assert_int_equal(tmpl_render(s, "loop", v, NULL, NULL, &b), -1);
	assert_int_equal(tmpl_render(s, "nothing", v, NULL, NULL, &b), -1);
	buf_free(&b);
	tmpl_set_free(s);
	view_free(v);
}

static void
test_size_limit(void **state)
{
	struct tmpl_set *s = tmpl_set_new();
	char *big = calloc(1, TMPL_MAX_SIZE + 2), err[256];

	(void)state;
	memset(big, 'a', TMPL_MAX_SIZE + 1);
	assert_int_equal(tmpl_add(s, "big", big, TMPL_MAX_SIZE + 1, err,
	    sizeof(err)), -1);
	free(big);
	tmpl_set_free(s);
}

static void
test_project_templates_compile(void **state)
{
	char err[256];
	struct tmpl_set *s = tmpl_load_dir("templates", err, sizeof(err));

	(void)state;
	if (s == NULL)
		fail_msg("%s", err);
	tmpl_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_is_escaped),
		cmocka_unit_test(test_attribute_breakout_is_escaped),
		cmocka_unit_test(test_dangerous_url_schemes_become_hash),
		cmocka_unit_test(test_allowed_urls_pass),
		cmocka_unit_test(test_url_part_is_percent_encoded),
		cmocka_unit_test(test_compile_errors),
		cmocka_unit_test(test_sections_lists_and_parents),
		cmocka_unit_test(test_section_inside_tag),
		cmocka_unit_test(test_translations_are_escaped),
		cmocka_unit_test(test_phrase_keeps_short_parentheses_whole),
		cmocka_unit_test(test_include_and_its_limits),
		cmocka_unit_test(test_size_limit),
		cmocka_unit_test(test_project_templates_compile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
