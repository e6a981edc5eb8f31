/*
 * The four ways in, as data: each form is a table of fields whose labels
 * are catalog msgids. One generic template renders them; one validator
 * checks them; the report record is serialised from the same table, so a
 * field cannot be shown without being checked and stored.
 */
#ifndef MDG_FORMS_H
#define MDG_FORMS_H
#include <stddef.h>

#include "server/common/buf.h"
#include "server/common/formdata.h"
#include "server/common/template.h"

enum field_type {
	FIELD_HEADING,		/* a fieldset heading, no input */
	FIELD_TEXT,		/* one line */
	FIELD_TEXTAREA,
	FIELD_RADIO,		/* one of options */
	FIELD_CHECKBOXES,	/* any of options, same name repeated */
	FIELD_SELECT,
	FIELD_FILES		/* file input; content handled by the server */
};

#define FIELD_REQUIRED	0x1	/* must be present and non-empty */
#define FIELD_IDENTITY	0x2	/* identifying: stored in the sealed identity record */
#define FIELD_CLEAR	0x4	/* value kept in clear metadata (category, record consent) */
#define FIELD_UNIT	0x8	/* the label is followed by the HR unit's configured name */

struct field_option {
	const char	*value;		/* NULL ends the list */
	const char	*label;		/* msgid */
};

struct field {
	const char			*name;	/* NULL ends the table */
	enum field_type			 type;
	const char			*label;	/* msgid */
	const char			*hint;	/* msgid or NULL */
	const struct field_option	*options;
	size_t				 maxlen; /* bytes; 0 for option fields */
	unsigned			 flags;
	const char			*show_if; /* "name=value": only relevant when */
};

struct form_def {
	const char		*slug;		/* URL part: "harassment-self" */
	const char		*channel;	/* "harassment" | "mental_health" */
	const char		*title;		/* msgid */
	const char		*intro;		/* msgid */
	const struct field	*fields;
};

struct form_error {
	const char	*field;		/* field name, or NULL for the form */
	const char	*msgid;
};

#define FORM_MAX_ERRORS 32
#define FORMS_PARTS_MIN	5	/* headings that make a form long: listed, numbered */

struct assessment {
	int	 k6_score;	/* 0-24 for the band, or -1 (see k6.h) */
	const char *k6_band;	/* msgid of the band, or NULL */
	int	 k6_estimated;	/* score prorated from five answers */
	int	 k6_answered;	/* how many of the six were answered */
	int	 k6_raw;	/* sum of the answered items */
	int	 urgent;	/* K6 serious, any self-harm answer, danger now */
	int	 show_crisis;	/* crisis lines on the confirmation page */
};

extern const struct form_def *const forms_all[];	/* NULL-terminated */
/* The record a reporter makes when revealing identity later. */
extern const struct form_def forms_reveal;
const struct form_def	*forms_find(const char *slug);
/* The field's option for value, or NULL. */
const struct field_option *forms_option(const struct field *, const char *value);

/*
 * Fills errs (up to FORM_MAX_ERRORS) and returns how many: required
 * fields, lengths, option values that are not in the table.
 */
size_t	 forms_validate(const struct form_def *, const struct formdata *,
	    struct form_error *errs);
/*
 * Fills v for templates/form.html: the form's title/intro and a "fields"
 * list with the current values, checked/selected flags and errors, so a
 * failed submission comes back with everything typed.
 */
int	 forms_view(const struct form_def *, const struct formdata *,
	    const struct form_error *errs, size_t nerr, struct view *v);
void	 forms_assess(const struct form_def *, const struct formdata *,
	    struct assessment *);
/*
 * Serialises the submitted fields as "name\0value\0" pairs, beginning with
 * "form\0<slug>\0". identity selects the FIELD_IDENTITY fields (1) or
 * all the others (0).
 */
int	 forms_record(const struct form_def *, const struct formdata *,
	    int identity, struct buf *out);
/* Value of the FIELD_CLEAR field name, from the table's options, or NULL. */
const char *forms_clear_value(const struct form_def *, const struct formdata *,
	    const char *name);
/*
 * Fills v for templates/form_review.html: "form_title", "groups" (a
 * heading msgid and the answered fields under it: "label", then "value"
 * or "choices") and "carry" (name and value of every answer, for the
 * page's hidden inputs).
 */
int	 forms_review_view(const struct form_def *, const struct formdata *,
	    struct view *v);
/* The same for "category". */
const char *forms_clear_category(const struct form_def *, const struct formdata *);


/*
 * Parses a record made by forms_record (hostile input: everything is
 * bounds-checked; unknown forms or fields are refused) and appends one
 * child per field to list listkey of v: "label" (msgid) and either
 * "value" (text) or "value_msgid" (an option's label). 0 or -1.
 */
int	 forms_record_view(const char *rec, size_t len, struct view *v,
	    const char *listkey);
/* The record's fields back into fd, and its form; -1 for a bad record. */
int	 forms_record_parse(const char *rec, size_t len, struct formdata *fd,
	    const struct form_def **def);

#endif
