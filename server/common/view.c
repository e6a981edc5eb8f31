/* The data a template is rendered with: strings, flags and lists of views. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/common/template.h"
#include "server/common/view.h"

struct view *
view_new(void)
{
	return calloc(1, sizeof(struct view));
}

static void
vent_clear(struct vent *e)
{
	size_t i;

	if (e->str != NULL) {
		sodium_memzero(e->str, strlen(e->str));	/* may be report text */
		free(e->str);
		e->str = NULL;
	}
	for (i = 0; i < e->n; i++)
		view_free(e->items[i]);
	free(e->items);
	e->items = NULL;
	e->n = e->cap = 0;
}

void
view_free(struct view *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		vent_clear(&v->e[i]);
		free(v->e[i].key);
	}
	free(v->e);
	free(v);
}

/* The entry for key in v itself (not its parents), created if asked. */
static struct vent *
view_entry(struct view *v, const char *key, int create)
{
	struct vent *e;
	size_t i, cap;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].key, key) == 0)
			return &v->e[i];
	if (!create)
		return NULL;
	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 8;
		if ((e = realloc(v->e, cap * sizeof(*e))) == NULL)
			return NULL;
		v->e = e;
		v->cap = cap;
	}
	e = &v->e[v->n];
	memset(e, 0, sizeof(*e));
	if ((e->key = strdup(key)) == NULL)
		return NULL;
	v->n++;
	return e;
}

const struct vent *
view_lookup(const struct view *v, const char *key)
{
	const struct vent *e;

	for (; v != NULL; v = v->parent)
		if ((e = view_entry((struct view *)v, key, 0)) != NULL)
			return e;
	return NULL;
}

int
view_lookup_flag(const struct view *v, const char *key)
{
	const struct vent *e = view_lookup(v, key);

	return e != NULL && e->type == VENT_FLAG && e->flag;
}

int
view_set(struct view *v, const char *key, const char *value)
{
	struct vent *e;
	char *s;

	if (v == NULL || value == NULL || (s = strdup(value)) == NULL)
		return -1;
	if ((e = view_entry(v, key, 1)) == NULL) {
		free(s);
		return -1;
	}
	vent_clear(e);
	e->type = VENT_STR;
	e->str = s;
	return 0;
}

int
view_setf(struct view *v, const char *key, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	n = view_set(v, key, tmp);
	sodium_memzero(tmp, sizeof(tmp));
	return n;
}

int
view_set_flag(struct view *v, const char *key, int on)
{
	struct vent *e;

	if (v == NULL || (e = view_entry(v, key, 1)) == NULL)
		return -1;
	vent_clear(e);
	e->type = VENT_FLAG;
	e->flag = on != 0;
	return 0;
}

struct view *
view_add(struct view *v, const char *key)
{
	struct view *c, **items;
	struct vent *e;
	size_t cap;

	if (v == NULL || (e = view_entry(v, key, 1)) == NULL)
		return NULL;
	if (e->type != VENT_LIST) {
		vent_clear(e);
		e->type = VENT_LIST;
	}
	if (e->n == e->cap) {
		cap = e->cap ? e->cap * 2 : 8;
		if ((items = realloc(e->items, cap * sizeof(*items))) == NULL)
			return NULL;
		e->items = items;
		e->cap = cap;
	}
	if ((c = view_new()) == NULL)
		return NULL;
	c->parent = v;
	e->items[e->n++] = c;
	return c;
}
