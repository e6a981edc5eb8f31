/* Validating, showing, assessing and serialising the forms of forms_tables.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/forms.h"

#define K6_ITEMS	6
#define K6_SERIOUS	13	/* serious psychological distress */

const struct form_def *
forms_find(const char *slug)
{
	size_t i;

	for (i = 0; slug != NULL && forms_all[i] != NULL; i++)
		if (strcmp(forms_all[i]->slug, slug) == 0)
			return forms_all[i];
	return NULL;
}

static const struct field *
field_find(const struct form_def *def, const char *name)
{
	const struct field *f;

	for (f = def->fields; f->name != NULL; f++)
		if (f->type != FIELD_HEADING && f->type != FIELD_FILES &&
		    strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const struct field_option *
option_find(const struct field *f, const char *value)
{
	const struct field_option *o;

	for (o = f->options; o != NULL && o->value != NULL; o++)
		if (strcmp(o->value, value) == 0)
			return o;
	return NULL;
}

static size_t
err_add(struct form_error *errs, size_t n, const char *field, const char *msgid)
{
	if (n < FORM_MAX_ERRORS) {
		errs[n].field = field;
		errs[n].msgid = msgid;
		n++;
	}
	return n;
}

/* Every submitted value: known field, allowed option, within length. */
static size_t
validate_values(const struct form_def *def, const struct formdata *fd,
    struct form_error *errs, size_t n)
{
	const struct field *f;
	size_t i, seen;

	for (i = 0; i < fd->n; i++) {
		if (strcmp(fd->v[i].name, "csrf") == 0)
			continue;
		if ((f = field_find(def, fd->v[i].name)) == NULL) {
			n = err_add(errs, n, NULL, "err.unknown_field");
			continue;
		}
		if (f->options != NULL && fd->v[i].value[0] != '\0' &&
		    option_find(f, fd->v[i].value) == NULL)
			n = err_add(errs, n, f->name, "err.invalid");
		if (f->options == NULL && fd->v[i].len > f->maxlen)
			n = err_add(errs, n, f->name, "err.too_long");
		seen = (size_t)(formdata_get(fd, f->name) != fd->v[i].value);
		if (f->type != FIELD_CHECKBOXES && seen)
			n = err_add(errs, n, f->name, "err.invalid");	/* twice */
	}
	return n;
}

size_t
forms_validate(const struct form_def *def, const struct formdata *fd,
    struct form_error *errs)
{
	const struct field *f;
	const char *v;
	size_t n = 0;

	for (f = def->fields; f->name != NULL; f++)
		if ((f->flags & FIELD_REQUIRED) &&
		    ((v = formdata_get(fd, f->name)) == NULL ||
		    v[strspn(v, " \t\r\n")] == '\0'))
			n = err_add(errs, n, f->name, "err.required");
	return validate_values(def, fd, errs, n);
}

static const char *
field_error(const struct field *f, const struct form_error *errs, size_t nerr)
{
	size_t i;

	for (i = 0; i < nerr; i++)
		if (errs[i].field != NULL && strcmp(errs[i].field, f->name) == 0)
			return errs[i].msgid;
	return NULL;
}

static void
view_options(const struct field *f, const struct formdata *fd, struct view *c)
{
	const struct field_option *o;
	struct view *ov;

	for (o = f->options; o != NULL && o->value != NULL; o++) {
		if ((ov = view_add(c, "options")) == NULL)
			return;
		view_set(ov, "value", o->value);
		view_set(ov, "label", o->label);
		view_setf(ov, "id", "f-%s-%s", f->name, o->value);
		view_set_flag(ov, "checked", formdata_has(fd, f->name, o->value));
	}
}

static void
view_field(const struct field *f, const struct formdata *fd, const char *err,
    struct view *c)
{
	static const char *const type_flag[] = { "is_heading", "is_text",
	    "is_textarea", "is_radio", "is_checkboxes", "is_select", "is_files" };
	const char *v = formdata_get(fd, f->name);

	view_set(c, "name", f->name);
	view_setf(c, "id", "f-%s", f->name);
	view_set(c, "label", f->label);
	if (f->hint != NULL)
		view_set(c, "hint", f->hint);
	if (err != NULL)
		view_set(c, "error", err);
	view_set_flag(c, "required", f->flags & FIELD_REQUIRED);
	view_set_flag(c, "identity", f->flags & FIELD_IDENTITY);
	view_set_flag(c, type_flag[f->type], 1);
	if (v != NULL && f->options == NULL)
		view_set(c, "value", v);
	if (f->maxlen > 0)
		view_setf(c, "maxlen", "%zu", f->maxlen);
	view_options(f, fd, c);
}

int
forms_view(const struct form_def *def, const struct formdata *fd,
    const struct form_error *errs, size_t nerr, struct view *v)
{
	const struct field *f;
	struct view *c;
	size_t i;

	view_set(v, "title", def->title);
	view_set(v, "intro", def->intro);
	view_set(v, "slug", def->slug);
	view_set_flag(v, "has_errors", nerr > 0);
	for (i = 0; i < nerr; i++)
		if ((c = view_add(v, "errors")) != NULL) {
			view_set(c, "msgid", errs[i].msgid);
			if (errs[i].field != NULL) {
				view_setf(c, "href", "#f-%s", errs[i].field);
				view_setf(c, "field", "f.%s", errs[i].field);
			}
		}
	for (f = def->fields; f->name != NULL; f++) {
		if ((c = view_add(v, "fields")) == NULL)
			return -1;
		view_field(f, fd, field_error(f, errs, nerr), c);
	}
	return 0;
}

static int
k6_score(const struct formdata *fd)
{
	char name[16];
	const char *v;
	int i, sum = 0;

	for (i = 1; i <= K6_ITEMS; i++) {
		snprintf(name, sizeof(name), "k6_%d", i);
		v = formdata_get(fd, name);
		if (v == NULL || v[0] < '0' || v[0] > '4' || v[1] != '\0')
			return -1;
		sum += v[0] - '0';
	}
	return sum;
}

static const char *
k6_band(int score)
{
	if (score < 0)
		return NULL;
	if (score <= 4)
		return "k6.band.none";
	if (score <= 9)
		return "k6.band.mild";
	if (score <= 12)
		return "k6.band.moderate";
	return "k6.band.serious";
}

/*
 * Urgent: serious distress (K6 >= 13), any answer about self-harm other
 * than a plain "no" (declining to say is not taken as a no), or a
 * colleague possibly in danger now. The confirmation page shows crisis
 * lines in the same cases, and also from K6 10 (the national health
 * indicator's threshold), where a call can help before things are urgent.
 */
void
forms_assess(const struct form_def *def, const struct formdata *fd,
    struct assessment *a)
{
	const char *sh = formdata_get(fd, "selfharm");
	const char *danger = formdata_get(fd, "danger");

	memset(a, 0, sizeof(*a));
	a->k6_score = field_find(def, "k6_1") ? k6_score(fd) : -1;
	a->k6_band = k6_band(a->k6_score);
	if (a->k6_score >= K6_SERIOUS)
		a->urgent = 1;
	if (field_find(def, "selfharm") && sh != NULL && sh[0] != '\0' &&
	    strcmp(sh, "no") != 0)
		a->urgent = 1;
	if (field_find(def, "danger") && danger != NULL &&
	    strcmp(danger, "yes") == 0)
		a->urgent = 1;
	a->show_crisis = a->urgent || a->k6_score >= 10;
}

static int
record_pair(struct buf *out, const char *name, const char *value)
{
	buf_append(out, name, strlen(name) + 1);
	return buf_append(out, value, strlen(value) + 1);
}

int
forms_record(const struct form_def *def, const struct formdata *fd,
    int identity, struct buf *out)
{
	const struct field *f;
	size_t i;

	record_pair(out, "form", def->slug);
	for (f = def->fields; f->name != NULL; f++) {
		if (f->type == FIELD_HEADING || f->type == FIELD_FILES ||
		    !(f->flags & FIELD_IDENTITY) != !identity)
			continue;
		for (i = 0; i < fd->n; i++)
			if (strcmp(fd->v[i].name, f->name) == 0 &&
			    fd->v[i].value[0] != '\0')
				record_pair(out, f->name, fd->v[i].value);
	}
	return out->failed ? -1 : 0;
}

const char *
forms_clear_category(const struct form_def *def, const struct formdata *fd)
{
	const struct field *f;
	const struct field_option *o;

	for (f = def->fields; f->name != NULL; f++)
		if ((f->flags & FIELD_CLEAR) &&
		    (o = option_find(f, formdata_get(fd, f->name) ?
		    formdata_get(fd, f->name) : "")) != NULL)
			return o->value;	/* from the table, not the client */
	return NULL;
}

/* The next NUL-terminated string within [*p, end), or NULL. */
static const char *
rec_next(const char **p, const char *end)
{
	const char *s = *p, *z;

	if (s >= end || (z = memchr(s, '\0', (size_t)(end - s))) == NULL)
		return NULL;
	*p = z + 1;
	return s;
}

static const struct form_def *
record_form(const char *slug)
{
	return strcmp(slug, forms_reveal.slug) == 0 ? &forms_reveal :
	    forms_find(slug);
}

int
forms_record_parse(const char *rec, size_t len, struct formdata *fd,
    const struct form_def **def)
{
	const char *p = rec, *end = rec + len, *k, *val;

	if (rec == NULL || (k = rec_next(&p, end)) == NULL ||
	    strcmp(k, "form") != 0 || (val = rec_next(&p, end)) == NULL ||
	    (*def = record_form(val)) == NULL)
		return -1;
	while (p < end)
		if ((k = rec_next(&p, end)) == NULL ||
		    (val = rec_next(&p, end)) == NULL ||
		    field_find(*def, k) == NULL ||
		    formdata_append(fd, k, val, strlen(val), 1) != FORMDATA_OK)
			return -1;
	return 0;
}

int
forms_record_view(const char *rec, size_t len, struct view *v,
    const char *listkey)
{
	const char *p = rec, *end = rec + len, *k, *val;
	const struct form_def *def;
	const struct field *f;
	const struct field_option *o;
	struct view *c;

	if (rec == NULL || (k = rec_next(&p, end)) == NULL ||
	    strcmp(k, "form") != 0 || (val = rec_next(&p, end)) == NULL ||
	    (def = record_form(val)) == NULL)
		return -1;
	while (p < end) {
		if ((k = rec_next(&p, end)) == NULL ||
		    (val = rec_next(&p, end)) == NULL ||
		    (f = field_find(def, k)) == NULL ||
		    (c = view_add(v, listkey)) == NULL)
			return -1;
		view_set(c, "label", f->label);
		if (f->options != NULL && (o = option_find(f, val)) != NULL)
			view_set(c, "value_msgid", o->label);
		else
			view_set(c, "value", val);
	}
	return 0;
}
