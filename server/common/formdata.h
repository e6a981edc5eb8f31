/*
 * Submitted form fields, as collected from libmicrohttpd's post processor.
 * Values are NUL-free UTF-8 (validated on the way in), bounded in count
 * and size by server/limits.h. Contents are wiped on free.
 */
#ifndef MDG_FORMDATA_H
#define MDG_FORMDATA_H
#include <stddef.h>

struct form_value {
	char	*name;
	char	*value;
	size_t	 len;
};

struct formdata {
	struct form_value	*v;
	size_t			 n, cap;
	size_t			 total;	/* bytes of all values */
	/* limits; 0 means the FORM_MAX_* default of server/limits.h */
	size_t			 max_fields, max_value, max_total;
};

enum formdata_err {
	FORMDATA_OK = 0,
	FORMDATA_ENOMEM = -1,
	FORMDATA_ETOOMANY = -2,	/* too many fields */
	FORMDATA_ETOOBIG = -3,	/* one value or the total too large */
	FORMDATA_EENCODING = -4	/* NUL byte or invalid UTF-8 */
};

/*
 * Appends bytes to field name: a new field when name differs from the
 * last one appended or when start is set (libmicrohttpd delivers one
 * value in several calls with increasing offsets).
 */
int		 formdata_append(struct formdata *, const char *name,
		    const char *data, size_t len, int start);
/* Checks UTF-8 of every value; call once the body is complete. */
int		 formdata_finish(struct formdata *);
/* First value of name, or NULL. */
const char	*formdata_get(const struct formdata *, const char *name);
/* 1 if some value of name equals value (checkbox groups). */
int		 formdata_has(const struct formdata *, const char *name,
		    const char *value);
int		 formdata_set(struct formdata *, const char *name, const char *value);
void		 formdata_free(struct formdata *);

/* Bytes that are valid UTF-8 with no NUL and no C0 controls but \t\r\n. */
int		 utf8_valid_text(const char *, size_t);

#endif
