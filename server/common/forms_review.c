/*
 * The review step: what a form will send, shown before it is sent, and
 * the same values carried in the review page's own form so that "send"
 * and "change" need nothing kept on the server. Only the form table's
 * fields are read, in the table's order: a value the table does not know
 * is neither shown nor carried (forms_validate has refused it anyway).
 */
#include <string.h>

#include "server/common/forms.h"

/* 1 when fd holds a non-empty value for f. */
static int
review_answered(const struct field *f, const struct formdata *fd)
{
	size_t i;

	for (i = 0; i < fd->n; i++)
		if (strcmp(fd->v[i].name, f->name) == 0 &&
		    fd->v[i].value[0] != '\0')
			return 1;
	return 0;
}

/* Every value of f, shown (text or option labels) and carried. */
static int
review_field(const struct field *f, const struct formdata *fd,
    struct view *item, struct view *v)
{
	const struct field_option *o;
	struct view *c;
	size_t i;
	int rc = 0;

	rc |= view_set(item, "label", f->label);
	rc |= view_set_flag(item, "unit", f->flags & FIELD_UNIT);
	rc |= view_set_flag(item, "identity", f->flags & FIELD_IDENTITY);
	for (i = 0; i < fd->n; i++) {
		if (strcmp(fd->v[i].name, f->name) != 0 ||
		    fd->v[i].value[0] == '\0')
			continue;
		if ((c = view_add(v, "carry")) == NULL)
			return -1;
		rc |= view_set(c, "name", f->name);
		rc |= view_set(c, "value", fd->v[i].value);
		if (f->options == NULL)
			rc |= view_set(item, "value", fd->v[i].value);
		else if ((o = forms_option(f, fd->v[i].value)) != NULL) {
			if ((c = view_add(item, "choices")) == NULL)
				return -1;
			rc |= view_set(c, "choice", o->label);
		}
	}
	return rc;
}

int
forms_review_view(const struct form_def *def, const struct formdata *fd,
    struct view *v)
{
	const struct field *f, *heading = NULL;
	struct view *group = NULL, *item;
	int rc = 0, any = 0;

	rc |= view_set(v, "form_title", def->title);
	rc |= view_set(v, "slug", def->slug);
	for (f = def->fields; f->name != NULL; f++) {
		if (f->type == FIELD_HEADING) {
			heading = f;
			group = NULL;
			continue;
		}
		if (f->type == FIELD_FILES || !review_answered(f, fd))
			continue;
		/* a part appears only with something answered in it */
		if (group == NULL) {
			if ((group = view_add(v, "groups")) == NULL)
				return -1;
			if (heading != NULL)
				rc |= view_set(group, "heading", heading->label);
		}
		if ((item = view_add(group, "items")) == NULL ||
		    review_field(f, fd, item, v) == -1)
			return -1;
		any = 1;
	}
	rc |= view_set_flag(v, "has_answers", any);
	return rc == 0 ? 0 : -1;
}
