#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/buf.h"
#include "server/common/formdata.h"
#include "server/common/upload.h"

/* Byte length of a bidirectional control at s, or 0. */
static size_t
upload_bidi_len(const unsigned char *s)
{
	if (s[0] == 0xD8 && s[1] == 0x9C)
		return 2;			/* U+061C */
	if (s[0] != 0xE2)
		return 0;
	if (s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F ||
	    (s[2] >= 0xAA && s[2] <= 0xAE)))
		return 3;			/* U+200E/F, U+202A-E */
	if (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
		return 3;			/* U+2066-9 */
	return 0;
}

void
upload_strip_bidi(char *name)
{
	unsigned char *r = (unsigned char *)name, *w = r;
	size_t n;

	while (*r != '\0') {
		if ((n = upload_bidi_len(r)) > 0) {
			r += n;
			continue;
		}
		*w++ = *r++;
	}
	*w = '\0';
}

int
upload_name_active(const char *name)
{
	static const char *const ext[] = { ".html", ".htm", ".xhtml", ".shtml",
	    ".svg", ".svgz", ".xml", ".xsl", ".js", ".mjs", ".mht", ".mhtml",
	    ".hta", NULL };
	size_t n = strlen(name), i, e;

	for (i = 0; ext[i] != NULL; i++) {
		e = strlen(ext[i]);
		if (n >= e && strcasecmp(name + n - e, ext[i]) == 0)
			return 1;
	}
	return 0;
}

/* Keeps the last path component, printable UTF-8, cut on a boundary. */
static void
upload_clean_name(const char *in, char *out, size_t outlen)
{
	const char *base = in;
	size_t n;

	for (; *in != '\0'; in++)
		if (*in == '/' || *in == '\\')
			base = in + 1;
	n = strlen(base);
	if (n >= outlen)
		n = outlen - 1;
	while (n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80)
		n--;	/* do not cut a multibyte character */
	if (n == 0 || !utf8_valid_text(base, n) || memchr(base, '\n', n) ||
	    memchr(base, '\r', n) || memchr(base, '\t', n)) {
		snprintf(out, outlen, "file");
		return;
	}
	memcpy(out, base, n);
	out[n] = '\0';
	upload_strip_bidi(out);
	if (out[0] == '\0')
		snprintf(out, outlen, "file");
}

static void
upload_clean_type(const char *in, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; in != NULL && in[i] != '\0' && i < outlen - 1; i++) {
		char c = in[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("./+-", c) != NULL))
			break;
	}
	if (in == NULL || i == 0 || in[i] != '\0' || strchr(in, '/') == NULL) {
		snprintf(out, outlen, "application/octet-stream");
		return;
	}
	memcpy(out, in, i);
	out[i] = '\0';
}

int
upload_begin(struct upload_set *s, const unsigned char *k, const char *case_id,
    const char *name, const char *type)
{
	struct upload_file *f;

	s->in_file = 0;
	if (k == NULL)
		return UPLOAD_ENOKEY;
	if (s->n >= s->max_files || s->n >= UPLOAD_MAX_FILES)
		return UPLOAD_ETOOMANY;
	f = &s->f[s->n];
	memset(f, 0, sizeof(*f));
	env_random_id(f->id);
	if ((f->w = att_writer_new(k, case_id, f->id)) == NULL)
		return UPLOAD_ENOMEM;
	upload_clean_name(name, f->name, sizeof(f->name));
	upload_clean_type(type, f->type, sizeof(f->type));
	s->n++;
	s->in_file = 1;
	return UPLOAD_OK;
}

int
upload_data(struct upload_set *s, const unsigned char *p, size_t n)
{
	struct upload_file *f;

	if (!s->in_file || s->n == 0)
		return UPLOAD_ENOKEY;
	f = &s->f[s->n - 1];
	if (att_writer_size(f->w) + n > s->max_size)
		return UPLOAD_ETOOBIG;
	return att_writer_push(f->w, p, n) == 0 ? UPLOAD_OK : UPLOAD_ENOMEM;
}

static int
upload_seal_meta(struct upload_file *f, const unsigned char *k,
    const char *case_id)
{
	struct buf m = { 0 };
	int rc;

	buf_append(&m, "name", 5);
	buf_append(&m, f->name, strlen(f->name) + 1);
	buf_append(&m, "type", 5);
	buf_append(&m, f->type, strlen(f->type) + 1);
	buf_append(&m, "size", 5);
	buf_printf(&m, "%" PRIu64, f->size);
	buf_append(&m, "", 1);
	rc = m.failed ? -1 : env_record_seal(k, case_id, "attachment", f->id,
	    (unsigned char *)m.data, m.len, &f->meta, &f->meta_len);
	buf_free(&m);
	return rc == 0 ? 0 : -1;
}

int
upload_finish(struct upload_set *s, const unsigned char *k, const char *case_id)
{
	size_t i, kept = 0;

	s->in_file = 0;
	for (i = 0; i < s->n; i++) {
		struct upload_file *f = &s->f[i];

		if (att_writer_size(f->w) == 0) {
			att_writer_free(f->w);	/* an empty file input */
			continue;
		}
		if (att_writer_finish(f->w, &f->stream, &f->stream_len,
		    &f->size) != 0 || upload_seal_meta(f, k, case_id) == -1)
			return UPLOAD_ENOMEM;
		att_writer_free(f->w);
		f->w = NULL;
		if (kept != i)
			s->f[kept] = *f, memset(f, 0, sizeof(*f));
		kept++;
	}
	s->n = kept;
	return UPLOAD_OK;
}

size_t
upload_to_store(struct upload_set *s, const char *record_id,
    struct store_attachment *a, size_t max)
{
	size_t i;

	for (i = 0; i < s->n && i < max; i++) {
		memcpy(a[i].id, s->f[i].id, sizeof(a[i].id));
		a[i].record_id = record_id;
		a[i].meta = s->f[i].meta;
		a[i].meta_len = s->f[i].meta_len;
		a[i].stream = s->f[i].stream;
		a[i].stream_len = s->f[i].stream_len;
	}
	return i;
}

uint64_t
upload_received(const struct upload_set *s, size_t i)
{
	if (i >= s->n)
		return 0;
	return s->f[i].w != NULL ? att_writer_size(s->f[i].w) : s->f[i].size;
}

void
upload_free(struct upload_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		att_writer_free(s->f[i].w);
		free(s->f[i].stream);	/* ciphertext: nothing to wipe */
		free(s->f[i].meta);
	}
	s->n = 0;
	s->in_file = 0;
}

/* Next "\0"-terminated string in [p, end), or NULL. */
static const char *
meta_next(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *s = *p, *z = memchr(s, '\0', (size_t)(end - s));

	if (z == NULL)
		return NULL;
	*p = z + 1;
	return (const char *)s;
}

int
upload_meta_parse(const unsigned char *m, size_t len, char *name,
    size_t namelen, uint64_t *size)
{
	const unsigned char *p = m, *end = m + len;
	const char *k, *v;
	char *e;

	name[0] = '\0';
	*size = UINT64_MAX;
	while (p < end) {
		if ((k = meta_next(&p, end)) == NULL ||
		    (v = meta_next(&p, end)) == NULL)
			return -1;
		if (strcmp(k, "name") == 0) {
			snprintf(name, namelen, "%s", v);
			upload_strip_bidi(name);	/* names stored before */
		}
		else if (strcmp(k, "size") == 0)
			*size = strtoull(v, &e, 10);
	}
	return name[0] == '\0' || *size == UINT64_MAX ? -1 : 0;
}
