#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/buf.h"
#include "server/common/catalog.h"

struct entry {
	char	*id;
	char	*str;
};

struct table {
	struct entry	*e;
	size_t		 n, cap;
};

struct catalog {
	struct table	t[LANG_COUNT];
};

/* --- the .po parser --------------------------------------------------- */

struct po {
	const char	*p, *end;
	unsigned	 line;
	char		*err;
	size_t		 errlen;
};

static int
po_fail(struct po *po, const char *what)
{
	snprintf(po->err, po->errlen, "line %u: %s", po->line, what);
	return -1;
}

static void
po_skip_space(struct po *po)
{
	while (po->p < po->end && (*po->p == ' ' || *po->p == '\t' ||
	    *po->p == '\r' || *po->p == '\n')) {
		if (*po->p == '\n')
			po->line++;
		po->p++;
	}
}

static void
po_skip_line(struct po *po)
{
	while (po->p < po->end && *po->p != '\n')
		po->p++;
}

/* One "quoted" string, unescaped and appended to out. */
static int
po_string(struct po *po, struct buf *out)
{
	char c;

	if (po->p >= po->end || *po->p != '"')
		return po_fail(po, "expected a quoted string");
	for (po->p++; po->p < po->end && *po->p != '"'; po->p++) {
		c = *po->p;
		if (c == '\n')
			return po_fail(po, "unterminated string");
		if (c == '\\') {
			if (++po->p >= po->end)
				return po_fail(po, "unterminated escape");
			switch (*po->p) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case '"': c = '"'; break;
			case '\\': c = '\\'; break;
			default: return po_fail(po, "unknown escape");
			}
		}
		if (buf_append(out, &c, 1) == -1)
			return po_fail(po, "string too long");
	}
	if (po->p >= po->end)
		return po_fail(po, "unterminated string");
	po->p++;
	return 0;
}

/* keyword followed by one or more strings on following lines. */
static int
po_field(struct po *po, const char *kw, struct buf *out)
{
	size_t n = strlen(kw);

	if ((size_t)(po->end - po->p) < n || strncmp(po->p, kw, n) != 0 ||
	    (po->p + n < po->end && po->p[n] != ' ' && po->p[n] != '\t'))
		return po_fail(po, kw[3] == 'i' ? "expected msgid" : "expected msgstr");
	po->p += n;
	po_skip_space(po);
	if (po_string(po, out) == -1)
		return -1;
	for (;;) {
		po_skip_space(po);
		if (po->p >= po->end || *po->p != '"')
			break;
		if (po_string(po, out) == -1)
			return -1;
	}
	if (out->data == NULL && buf_append(out, "", 0) == -1)
		return po_fail(po, "out of memory");
	return 0;
}

static int
po_refused(struct po *po)
{
	static const char *const kw[] = { "msgctxt", "msgid_plural", NULL };
	size_t i;

	for (i = 0; kw[i] != NULL; i++)
		if ((size_t)(po->end - po->p) >= strlen(kw[i]) &&
		    strncmp(po->p, kw[i], strlen(kw[i])) == 0)
			return po_fail(po, "msgctxt and plural forms are not supported");
	return 0;
}

static int
po_entry(struct po *po, int (*fn)(void *, const char *, const char *),
    void *arg, unsigned *count)
{
	struct buf id = { .max = PO_MAX_STRING }, str = { .max = PO_MAX_STRING };
	int rc = -1;

	if (po_refused(po) == 0 && po_field(po, "msgid", &id) == 0 &&
	    po_refused(po) == 0 && po_field(po, "msgstr", &str) == 0) {
		rc = 0;
		if (id.len > 0 && ++*count > PO_MAX_ENTRIES)
			rc = po_fail(po, "too many entries");
		else if (id.len > 0 && fn(arg, id.data, str.data) == -1)
			rc = po_fail(po, "duplicate msgid or out of memory");
	}
	buf_free(&id);
	buf_free(&str);
	return rc;
}

int
po_parse(const char *src, size_t len,
    int (*fn)(void *, const char *, const char *), void *arg, char *err,
    size_t errlen)
{
	struct po po = { src, src + len, 1, err, errlen };
	unsigned count = 0;

	if (len > PO_MAX_SIZE)
		return po_fail(&po, "file too large");
	if (memchr(src, '\0', len) != NULL)
		return po_fail(&po, "NUL byte");
	for (;;) {
		po_skip_space(&po);
		if (po.p >= po.end)
			return 0;
		if (*po.p == '#') {
			po_skip_line(&po);
			continue;
		}
		if (po_entry(&po, fn, arg, &count) == -1)
			return -1;
	}
}

/* --- the catalog ------------------------------------------------------ */

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->id, ((const struct entry *)b)->id);
}

static int
table_add(void *arg, const char *id, const char *str)
{
	struct table *t = arg;
	struct entry *e;
	size_t cap;

	if (t->n == t->cap) {
		cap = t->cap ? t->cap * 2 : 256;
		if ((e = realloc(t->e, cap * sizeof(*e))) == NULL)
			return -1;
		t->e = e;
		t->cap = cap;
	}
	t->e[t->n].id = strdup(id);
	t->e[t->n].str = strdup(str);
	if (t->e[t->n].id == NULL || t->e[t->n].str == NULL) {
		free(t->e[t->n].id);
		free(t->e[t->n].str);
		return -1;
	}
	t->n++;
	return 0;
}

static int
table_load(struct table *t, const char *path, char *err, size_t errlen)
{
	struct buf src = { 0 };
	char perr[256];
	size_t i;
	int rc;

	if (buf_read_file(&src, path, PO_MAX_SIZE) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		buf_free(&src);
		return -1;
	}
	rc = po_parse(src.data, src.len, table_add, t, perr, sizeof(perr));
	buf_free(&src);
	if (rc == 0) {
		qsort(t->e, t->n, sizeof(t->e[0]), entry_cmp);
		for (i = 1; i < t->n; i++)
			if (strcmp(t->e[i - 1].id, t->e[i].id) == 0) {
				snprintf(perr, sizeof(perr), "duplicate msgid %s",
				    t->e[i].id);
				rc = -1;
			}
	}
	if (rc == -1)
		snprintf(err, errlen, "%s: %s", path, perr);
	return rc;
}

struct catalog *
catalog_load(const char *dir, char *err, size_t errlen)
{
	struct catalog *c;
	char path[1024];
	int l;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	for (l = 0; l < LANG_COUNT; l++) {
		snprintf(path, sizeof(path), "%s/%s.po", dir, lang_code(l));
		if (table_load(&c->t[l], path, err, errlen) == -1) {
			catalog_free(c);
			return NULL;
		}
	}
	return c;
}

void
catalog_free(struct catalog *c)
{
	size_t i;
	int l;

	if (c == NULL)
		return;
	for (l = 0; l < LANG_COUNT; l++) {
		for (i = 0; i < c->t[l].n; i++) {
			free(c->t[l].e[i].id);
			free(c->t[l].e[i].str);
		}
		free(c->t[l].e);
	}
	free(c);
}

static const struct entry *
catalog_find(const struct catalog *c, enum lang l, const char *msgid)
{
	struct entry key = { (char *)msgid, NULL };

	if (c == NULL || msgid == NULL || (int)l < 0 || l >= LANG_COUNT)
		return NULL;
	return bsearch(&key, c->t[l].e, c->t[l].n, sizeof(key), entry_cmp);
}

const char *
catalog_get(const struct catalog *c, enum lang l, const char *msgid)
{
	const struct entry *e = catalog_find(c, l, msgid);

	return e != NULL && e->str[0] != '\0' ? e->str : msgid;
}

int
catalog_has(const struct catalog *c, enum lang l, const char *msgid)
{
	const struct entry *e = catalog_find(c, l, msgid);

	return e != NULL && e->str[0] != '\0';
}

void
catalog_each(const struct catalog *c, enum lang l,
    void (*fn)(void *, const char *), void *arg)
{
	size_t i;

	for (i = 0; i < c->t[l].n; i++)
		fn(arg, c->t[l].e[i].id);
}

enum lang
lang_from_code(const char *code)
{
	return code != NULL && strcmp(code, "en") == 0 ? LANG_EN : LANG_JA;
}

const char *
lang_code(enum lang l)
{
	return l == LANG_EN ? "en" : "ja";
}
