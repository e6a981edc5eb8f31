#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/common/formdata.h"
#include "server/common/limits.h"

static void
value_free(struct form_value *v)
{
	free(v->name);
	if (v->value != NULL) {
		sodium_memzero(v->value, v->len);
		free(v->value);
	}
}

static int
formdata_new_field(struct formdata *fd, const char *name)
{
	struct form_value *nv;
	size_t cap;

	if (fd->n >= (fd->max_fields ? fd->max_fields : FORM_MAX_FIELDS))
		return FORMDATA_ETOOMANY;
	if (strlen(name) > FORM_MAX_NAME)
		return FORMDATA_EENCODING;
	if (fd->n == fd->cap) {
		cap = fd->cap ? fd->cap * 2 : 16;
		if ((nv = realloc(fd->v, cap * sizeof(*nv))) == NULL)
			return FORMDATA_ENOMEM;
		fd->v = nv;
		fd->cap = cap;
	}
	memset(&fd->v[fd->n], 0, sizeof(fd->v[0]));
	if ((fd->v[fd->n].name = strdup(name)) == NULL ||
	    (fd->v[fd->n].value = calloc(1, 1)) == NULL) {
		value_free(&fd->v[fd->n]);
		return FORMDATA_ENOMEM;
	}
	fd->n++;
	return FORMDATA_OK;
}

/* Grows the last value; copies instead of realloc so no plaintext is left. */
static int
formdata_grow(struct form_value *v, const char *data, size_t len)
{
	char *p;

	if ((p = malloc(v->len + len + 1)) == NULL)
		return FORMDATA_ENOMEM;
	memcpy(p, v->value, v->len);
	memcpy(p + v->len, data, len);
	p[v->len + len] = '\0';
	sodium_memzero(v->value, v->len);
	free(v->value);
	v->value = p;
	v->len += len;
	return FORMDATA_OK;
}

int
formdata_append(struct formdata *fd, const char *name, const char *data,
    size_t len, int start)
{
	struct form_value *last = fd->n ? &fd->v[fd->n - 1] : NULL;
	int rc;

	if (name == NULL)
		return FORMDATA_EENCODING;
	if (start || last == NULL || strcmp(last->name, name) != 0) {
		if ((rc = formdata_new_field(fd, name)) != FORMDATA_OK)
			return rc;
		last = &fd->v[fd->n - 1];
	}
	if (len == 0)
		return FORMDATA_OK;
	if (last->len + len > (fd->max_value ? fd->max_value : FORM_MAX_VALUE) ||
	    fd->total + len > (fd->max_total ? fd->max_total : FORM_MAX_TOTAL))
		return FORMDATA_ETOOBIG;
	if (memchr(data, '\0', len) != NULL)
		return FORMDATA_EENCODING;
	fd->total += len;
	return formdata_grow(last, data, len);
}

int
formdata_finish(struct formdata *fd)
{
	size_t i;

	for (i = 0; i < fd->n; i++)
		if (!utf8_valid_text(fd->v[i].name, strlen(fd->v[i].name)) ||
		    !utf8_valid_text(fd->v[i].value, fd->v[i].len))
			return FORMDATA_EENCODING;
	return FORMDATA_OK;
}

const char *
formdata_get(const struct formdata *fd, const char *name)
{
	size_t i;

	for (i = 0; i < fd->n; i++)
		if (strcmp(fd->v[i].name, name) == 0)
			return fd->v[i].value;
	return NULL;
}

int
formdata_has(const struct formdata *fd, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < fd->n; i++)
		if (strcmp(fd->v[i].name, name) == 0 &&
		    strcmp(fd->v[i].value, value) == 0)
			return 1;
	return 0;
}

int
formdata_set(struct formdata *fd, const char *name, const char *value)
{
	size_t i;
	char *p;

	for (i = 0; i < fd->n; i++) {
		if (strcmp(fd->v[i].name, name) != 0)
			continue;
		if ((p = strdup(value)) == NULL)
			return FORMDATA_ENOMEM;
		sodium_memzero(fd->v[i].value, fd->v[i].len);
		free(fd->v[i].value);
		fd->v[i].value = p;
		fd->v[i].len = strlen(p);
		return FORMDATA_OK;
	}
	return formdata_append(fd, name, value, strlen(value), 1);
}

void
formdata_free(struct formdata *fd)
{
	size_t i;

	for (i = 0; i < fd->n; i++)
		value_free(&fd->v[i]);
	free(fd->v);
	fd->v = NULL;
	fd->n = fd->cap = fd->total = 0;	/* the limits stay */
}

/* Length of one UTF-8 sequence at s (strict: no overlongs, surrogates). */
static size_t
utf8_seq(const unsigned char *s, size_t left)
{
	unsigned c = s[0];
	size_t n, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int
utf8_valid_text(const char *p, size_t len)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
		if (s[i] == 0x7F || (n = utf8_seq(s + i, len - i)) == 0)
			return 0;
		i += n;
	}
	return 1;
}
