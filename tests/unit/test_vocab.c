/*
 * One vocabulary: the words in server/common/vocab.c are the words the
 * database accepts (the CHECK lists and channel rows in migrations/), and
 * the intake forms offer the same categories.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "server/common/buf.h"
#include "server/common/forms.h"
#include "server/common/vocab.h"

#define MAX_WORDS 32

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every migration, in order, as one text. */
static char *
migrations_text(void)
{
	struct buf all = { 0 }, one = { 0 };
	char *names[64], path[512];
	struct dirent *e;
	size_t n = 0, i;
	DIR *d = opendir("migrations");

	assert_non_null(d);
	while ((e = readdir(d)) != NULL && n < 64)
		if (strstr(e->d_name, ".sql") != NULL)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "migrations/%s", names[i]);
		assert_int_equal(buf_read_file(&one, path, 1 << 20), 0);
		buf_append(&all, one.data, one.len);
		buf_free(&one);
		free(names[i]);
	}
	buf_append(&all, "", 1);
	return buf_steal(&all, NULL);
}

/* The quoted words after marker, up to the first close. */
static size_t
sql_words(const char *sql, const char *marker, char close, char out[][64])
{
	const char *p = strstr(sql, marker), *q;
	size_t n = 0;

	assert_non_null(p);
	p += strlen(marker);
	while (*p != '\0' && *p != close && n < MAX_WORDS) {
		if (*p++ != '\'')
			continue;
		q = strchr(p, '\'');
		assert_non_null(q);
		assert_true((size_t)(q - p) < 64);
		snprintf(out[n++], 64, "%.*s", (int)(q - p), p);
		p = q + 1;
	}
	return n;
}

static void
same_words(const char *sql, const char *marker, char close,
    const char *const *list)
{
	char words[MAX_WORDS][64];
	size_t n = sql_words(sql, marker, close, words), i, k;

	for (k = 0; list[k] != NULL; k++)
		assert_true(strlen(list[k]) <= VOCAB_WORD_MAX);
	if (n != k)
		fail_msg("%s: the schema has %zu words, vocab.c %zu", marker, n, k);
	for (i = 0; i < n; i++)
		if (vocab_find(list, words[i]) == NULL)
			fail_msg("%s: '%s' is not in vocab.c", marker, words[i]);
}

static void
test_schema_lists(void **state)
{
	char *sql = migrations_text();

	(void)state;
	same_words(sql, "CHECK (status IN", ')', vocab_statuses);
	same_words(sql, "CHECK (priority IN", ')', vocab_priorities);
	same_words(sql, "CHECK (role IN", ')', vocab_roles);
	same_words(sql, "labels <@ ARRAY[", ']', vocab_labels);
	same_words(sql, "CHECK (outcome IN", ')', vocab_outcomes);
	same_words(sql, "CHECK (category IN", ')', vocab_categories);
	same_words(sql, "INSERT INTO channels (id) VALUES", ';', vocab_channels);
	free(sql);
}

/* A word the schema does not know is caught (the check itself works). */
static void
test_sql_words_reads_lists(void **state)
{
	char words[MAX_WORDS][64];
	const char *sql = "x CHECK (a IN ('one', 'two')) AND 'three'";

	(void)state;
	assert_int_equal(sql_words(sql, "CHECK (a IN", ')', words), 2);
	assert_string_equal(words[1], "two");
}

static void
test_find(void **state)
{
	(void)state;
	assert_ptr_equal(vocab_find(vocab_statuses, "closed"), vocab_statuses[4]);
	assert_null(vocab_find(vocab_statuses, "Closed"));
	assert_null(vocab_find(vocab_statuses, ""));
	assert_null(vocab_find(vocab_statuses, NULL));
	assert_int_equal(vocab_index(vocab_roles, "admin"), 2);
	assert_int_equal(vocab_index(vocab_roles, "root"), -1);
}

/* Every list is named, and no word appears twice in one list. */
static void
test_lists_unique(void **state)
{
	const struct vocab_list *l;
	size_t i, j;

	(void)state;
	for (l = vocab_all; l->name != NULL; l++)
		for (i = 0; l->words[i] != NULL; i++)
			for (j = i + 1; l->words[j] != NULL; j++)
				assert_string_not_equal(l->words[i], l->words[j]);
	assert_true(l - vocab_all >= 7);
}

/* The harassment forms offer exactly the categories of the vocabulary. */
static void
test_form_categories(void **state)
{
	const struct form_def *const *d;
	const struct field *f;
	size_t i, seen = 0;

	(void)state;
	for (d = forms_all; *d != NULL; d++)
		for (f = (*d)->fields; f->name != NULL; f++) {
			/* the record-consent answer is in the clear too */
			if (!(f->flags & FIELD_CLEAR) ||
			    strcmp(f->name, "category") != 0)
				continue;
			for (i = 0; f->options[i].value != NULL; i++)
				assert_non_null(vocab_find(vocab_categories,
				    f->options[i].value));
			assert_null(vocab_categories[i]);
			seen++;
		}
	assert_true(seen > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_lists),
		cmocka_unit_test(test_sql_words_reads_lists),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_lists_unique),
		cmocka_unit_test(test_form_categories),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
