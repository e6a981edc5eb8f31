/* Validating, showing, assessing and serialising the forms of forms_tables.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/forms.h"
#include "server/common/k6.h"

/*
 * The tables' maxlen counts bytes, which is what is stored. A browser's
 * maxlength counts UTF-16 units instead, and one unit is at most 3 bytes
 * of UTF-8 (kana and kanji are 3; a surrogate pair is 4 bytes for 2 units;
 * a newline counted once is sent as CRLF, 2). So the form shows maxlen / 3:
 * whatever the browser lets through, the server accepts, in any language.
 */
#define BYTES_PER_CHAR	3

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

const struct field_option *
forms_option(const struct field *f, const char *value)
{
	const struct field_option *o;

	for (o = f->options; o != NULL && o->value != NULL; o++)
		if (strcmp(o->value, value) == 0)
			return o;
	return NULL;
}

/* The form's own fields that are not part of the report (its buttons too). */
static int
forms_control(const char *name)
{
	return strcmp(name, "csrf") == 0 || strcmp(name, "form_token") == 0 ||
	    strcmp(name, "lang_to") == 0 || strcmp(name, "review") == 0 ||
	    strcmp(name, "change") == 0;
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
	size_t i;
	int again;

	for (i = 0; i < fd->n; i++) {
		if (forms_control(fd->v[i].name))
			continue;
		if ((f = field_find(def, fd->v[i].name)) == NULL) {
			n = err_add(errs, n, NULL, "err.unknown_field");
			continue;
		}
		if (f->options != NULL && fd->v[i].value[0] != '\0' &&
		    forms_option(f, fd->v[i].value) == NULL)
			n = err_add(errs, n, f->name, "err.invalid");
		if (f->options == NULL && fd->v[i].len > f->maxlen)
			n = err_add(errs, n, f->name, "err.too_long");
		/* only a checkbox group may send its name more than once */
		again = formdata_get(fd, f->name) != fd->v[i].value;
		if (f->type != FIELD_CHECKBOXES && again)
			n = err_add(errs, n, f->name, "err.invalid");
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

static int
view_options(const struct field *f, const struct formdata *fd, struct view *c)
{
	const struct field_option *o;
	struct view *ov;
	int rc = 0;

	for (o = f->options; o != NULL && o->value != NULL; o++) {
		if ((ov = view_add(c, "options")) == NULL)
			return -1;
		rc |= view_set(ov, "value", o->value);
		rc |= view_set(ov, "label", o->label);
		rc |= view_setf(ov, "id", "f-%s-%s", f->name, o->value);
		rc |= view_set_flag(ov, "checked",
		    formdata_has(fd, f->name, o->value));
	}
	return rc;
}

/* The ids of the hint and the error, for aria-describedby. */
static int
view_describedby(const struct field *f, const char *err, struct view *c)
{
	if (f->hint != NULL && err != NULL)
		return view_setf(c, "describedby", "f-%s-hint f-%s-error",
		    f->name, f->name);
	if (f->hint != NULL)
		return view_setf(c, "describedby", "f-%s-hint", f->name);
	if (err != NULL)
		return view_setf(c, "describedby", "f-%s-error", f->name);
	return 0;
}

static int
view_field(const struct field *f, const struct formdata *fd, const char *err,
    struct view *c)
{
	static const char *const type_flag[] = { "is_heading", "is_text",
	    "is_textarea", "is_radio", "is_checkboxes", "is_select", "is_files" };
	const char *v = formdata_get(fd, f->name);
	int rc = 0;

	rc |= view_set(c, "name", f->name);
	/* a heading may share its name with the field under it */
	rc |= view_setf(c, "id", "%s-%s",
	    f->type == FIELD_HEADING ? "h" : "f", f->name);
	rc |= view_set(c, "label", f->label);
	if (f->hint != NULL)
		rc |= view_set(c, "hint", f->hint);
	if (err != NULL && strcmp(err, "err.too_long") == 0 && f->maxlen > 0) {
		/* "N文字以内で入力してください": the limit the browser counts */
		rc |= view_set(c, "error", "err.too_long.limit");
		rc |= view_setf(c, "error_limit", "%zu", f->maxlen / BYTES_PER_CHAR);
	} else if (err != NULL)
		rc |= view_set(c, "error", err);
	if (f->type != FIELD_HEADING)
		rc |= view_describedby(f, err, c);
	rc |= view_set_flag(c, "required", f->flags & FIELD_REQUIRED);
	rc |= view_set_flag(c, "identity", f->flags & FIELD_IDENTITY);
	rc |= view_set_flag(c, "unit", f->flags & FIELD_UNIT);
	rc |= view_set_flag(c, type_flag[f->type], 1);
	if (v != NULL && f->options == NULL)
		rc |= view_set(c, "value", v);
	if (f->maxlen > 0)
		rc |= view_setf(c, "maxlen", "%zu", f->maxlen / BYTES_PER_CHAR);
	rc |= view_options(f, fd, c);
	return rc == 0 ? 0 : -1;
}

/*
 * A long form (FORMS_PARTS_MIN headings or more) is read in parts: a list
 * of them at the top, linking to each, and "part N / M" at each heading,
 * so a reader on a phone knows how far there is to go. 0: not long.
 */
static size_t
form_parts(const struct form_def *def)
{
	const struct field *f;
	size_t n = 0;

	for (f = def->fields; f->name != NULL; f++)
		n += f->type == FIELD_HEADING;
	return n >= FORMS_PARTS_MIN ? n : 0;
}

/* Heading c is part k of n: numbered, and listed at the top of v. */
static int
view_part(struct view *v, struct view *c, const struct field *f, size_t k,
    size_t n)
{
	struct view *s;
	int rc = 0;

	rc |= view_setf(c, "part", "%zu", k);
	rc |= view_setf(c, "parts", "%zu", n);
	rc |= view_set_flag(v, "has_parts", 1);
	if ((s = view_add(v, "parts_list")) == NULL)
		return -1;
	rc |= view_setf(s, "href", "#h-%s", f->name);
	rc |= view_set(s, "label", f->label);
	return rc;
}

/* Where an error in the summary links to: the input itself, for focus. */
static int
view_error(const struct form_def *def, const struct form_error *e,
    struct view *c)
{
	const struct field *f;
	int rc;

	if (e->field == NULL || (f = field_find(def, e->field)) == NULL)
		return view_set(c, "msgid", e->msgid);
	if (strcmp(e->msgid, "err.too_long") == 0 && f->maxlen > 0) {
		rc = view_set(c, "msgid", "err.too_long.limit");
		rc |= view_setf(c, "limit", "%zu", f->maxlen / BYTES_PER_CHAR);
	} else
		rc = view_set(c, "msgid", e->msgid);
	rc |= view_set(c, "field", f->label);
	if ((f->type == FIELD_RADIO || f->type == FIELD_CHECKBOXES) &&
	    f->options != NULL && f->options[0].value != NULL)
		rc |= view_setf(c, "href", "#f-%s-%s", f->name,
		    f->options[0].value);
	else
		rc |= view_setf(c, "href", "#f-%s", f->name);
	return rc;
}

int
forms_view(const struct form_def *def, const struct formdata *fd,
    const struct form_error *errs, size_t nerr, struct view *v)
{
	const struct field *f;
	struct view *c;
	size_t i, nparts, part = 0;
	int rc = 0;

	rc |= view_set(v, "title", def->title);
	rc |= view_set(v, "intro", def->intro);
	rc |= view_set(v, "slug", def->slug);
	rc |= view_set_flag(v, "has_errors", nerr > 0);
	/* someone writing about their mental health sees the lines before, too */
	rc |= view_set_flag(v, "crisis_lines", def->channel != NULL &&
	    strcmp(def->channel, "mental_health") == 0);
	/* places outside the ward that take harassment consultations too */
	rc |= view_set_flag(v, "routes", def->channel != NULL &&
	    strcmp(def->channel, "harassment") == 0);
	for (i = 0; i < nerr; i++)
		if ((c = view_add(v, "errors")) == NULL ||
		    view_error(def, &errs[i], c) == -1)
			return -1;
	nparts = form_parts(def);
	for (f = def->fields; f->name != NULL; f++) {
		if ((c = view_add(v, "fields")) == NULL ||
		    view_field(f, fd, field_error(f, errs, nerr), c) == -1)
			return -1;
		if (nparts > 0 && f->type == FIELD_HEADING &&
		    view_part(v, c, f, ++part, nparts) == -1)
			return -1;
	}
	return rc == 0 ? 0 : -1;
}

/* The six answers as numbers; a blank or invalid one is unanswered. */
static void
k6_items(const struct formdata *fd, int items[K6_ITEMS])
{
	char name[16];
	const char *v;
	int i;

	for (i = 0; i < K6_ITEMS; i++) {
		snprintf(name, sizeof(name), "k6_%d", i + 1);
		v = formdata_get(fd, name);
		items[i] = v == NULL || v[0] < '0' || v[0] > '4' || v[1] != '\0' ?
		    K6_UNANSWERED : v[0] - '0';
	}
}

/*
 * Urgent: serious distress by the K6 rules of k6.c (a skipped item never
 * hides what the answered ones show), any answer about self-harm other
 * than a plain "no" (declining to say is not taken as a no), or a
 * colleague possibly in danger now. The confirmation page shows crisis
 * lines in every urgent case, and also:
 * - from K6 10 (the national health indicator's threshold), or any K6
 *   item answered いつも, where a call can help before things are urgent;
 * - when the reporter is unsure whether a colleague is in danger: they
 *   are the one who can call, or pass the numbers on.
 * Neither of these raises the priority: a counselor reads every case, and
 * an urgent queue full of moderate scores would hide the real emergencies.
 */
void
forms_assess(const struct form_def *def, const struct formdata *fd,
    struct assessment *a)
{
	const char *sh = formdata_get(fd, "selfharm");
	const char *danger = formdata_get(fd, "danger");
	int has_danger = field_find(def, "danger") != NULL && danger != NULL;
	int items[K6_ITEMS];
	struct k6_result k;

	memset(a, 0, sizeof(*a));
	a->k6_score = -1;
	if (field_find(def, "k6_1") != NULL) {
		k6_items(fd, items);
		k6_assess(items, &k);
		a->k6_score = k.score;
		a->k6_band = k.band;
		a->k6_estimated = k.estimated;
		a->k6_answered = k.answered;
		a->k6_raw = k.raw;
		a->urgent = k.urgent;
		a->show_crisis = k.crisis;
	}
	if (field_find(def, "selfharm") && sh != NULL && sh[0] != '\0' &&
	    strcmp(sh, "no") != 0)
		a->urgent = 1;
	if (has_danger && strcmp(danger, "yes") == 0)
		a->urgent = 1;
	a->show_crisis |= a->urgent ||
	    (has_danger && strcmp(danger, "unsure") == 0);
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
forms_clear_value(const struct form_def *def, const struct formdata *fd,
    const char *name)
{
	const struct field *f;
	const struct field_option *o;
	const char *v;

	if ((f = field_find(def, name)) == NULL || !(f->flags & FIELD_CLEAR) ||
	    (v = formdata_get(fd, f->name)) == NULL ||
	    (o = forms_option(f, v)) == NULL)
		return NULL;
	return o->value;	/* from the table, not the client */
}

const char *
forms_clear_category(const struct form_def *def, const struct formdata *fd)
{
	return forms_clear_value(def, fd, "category");
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

/*
 * Records are decrypted, so authenticated, and still read as hostile: a
 * bug or a key in the wrong hands must not turn into a crash or into text
 * shown where it does not belong.
 */
struct rec_reader {
	const char		*p, *end;
	const struct form_def	*def;
	int			 identity;	/* class of the fields; -1 before the first */
};

/* Reads "form\0<slug>\0"; 0, or -1 for anything else. */
static int
rec_open(struct rec_reader *r, const char *rec, size_t len)
{
	const char *k, *slug;

	if (rec == NULL)
		return -1;
	r->p = rec;
	r->end = rec + len;
	r->identity = -1;
	if ((k = rec_next(&r->p, r->end)) == NULL || strcmp(k, "form") != 0 ||
	    (slug = rec_next(&r->p, r->end)) == NULL ||
	    (r->def = record_form(slug)) == NULL)
		return -1;
	return 0;
}

/*
 * The next "name\0value\0" pair: 1, 0 at the end, -1 for a bad record:
 * cut short, a name the form does not have, a value that is not text, or
 * identifying and other fields together (forms_record keeps them in two
 * records, so a name cannot appear among the report's fields, where
 * reading it is not audited).
 */
static int
rec_field(struct rec_reader *r, const struct field **f, const char **val)
{
	const char *k;
	int identity;

	if (r->p == r->end)
		return 0;
	if ((k = rec_next(&r->p, r->end)) == NULL ||
	    (*val = rec_next(&r->p, r->end)) == NULL ||
	    (*f = field_find(r->def, k)) == NULL ||
	    !utf8_valid_text(*val, strlen(*val)))
		return -1;
	identity = ((*f)->flags & FIELD_IDENTITY) != 0;
	if (r->identity != -1 && r->identity != identity)
		return -1;
	r->identity = identity;
	return 1;
}

/* 0 when the whole record reads well, -1 otherwise. */
static int
rec_check(const char *rec, size_t len)
{
	struct rec_reader r;
	const struct field *f;
	const char *val;
	int rc;

	if (rec_open(&r, rec, len) == -1)
		return -1;
	while ((rc = rec_field(&r, &f, &val)) == 1)
		;
	return rc;
}

int
forms_record_parse(const char *rec, size_t len, struct formdata *fd,
    const struct form_def **def)
{
	struct rec_reader r;
	const struct field *f;
	const char *val;
	int rc;

	if (rec_open(&r, rec, len) == -1)
		return -1;
	while ((rc = rec_field(&r, &f, &val)) == 1)
		if (formdata_append(fd, f->name, val, strlen(val), 1) !=
		    FORMDATA_OK)
			return -1;
	if (rc == -1)
		return -1;
	*def = r.def;
	return 0;
}

/*
 * The whole record is checked before anything is added, so a bad one
 * shows nothing rather than half. An option value that is not in the
 * table (one removed since) shows as the text it is.
 */
int
forms_record_view(const char *rec, size_t len, struct view *v,
    const char *listkey)
{
	struct rec_reader r;
	const struct field *f;
	const struct field_option *o;
	const char *val;
	struct view *c;
	int rc = 0;

	if (rec_check(rec, len) == -1 || rec_open(&r, rec, len) == -1)
		return -1;
	while (rec_field(&r, &f, &val) == 1) {
		if ((c = view_add(v, listkey)) == NULL)
			return -1;
		rc |= view_set(c, "label", f->label);
		if (f->options != NULL && (o = forms_option(f, val)) != NULL)
			rc |= view_set(c, "value_msgid", o->label);
		else
			rc |= view_set(c, "value", val);
	}
	return rc == 0 ? 0 : -1;
}
