#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "server/common/buf.h"

static int
buf_grow(struct buf *b, size_t need)
{
	size_t max = b->max ? b->max : BUF_DEFAULT_MAX;
	size_t ncap;
	char *p;

	if (b->failed || need > max - 1)
		return b->failed = 1, -1;
	if (need + 1 <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 256;
	while (ncap < need + 1)
		ncap = ncap > max / 2 ? max : ncap * 2;
	/* realloc would leave the old copy of the plaintext behind unwiped */
	if ((p = malloc(ncap)) == NULL)
		return b->failed = 1, -1;
	if (b->data != NULL) {
		memcpy(p, b->data, b->len + 1);
		sodium_memzero(b->data, b->cap);
		free(b->data);
	}
	b->data = p;
	b->cap = ncap;
	return 0;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > SIZE_MAX - b->len - 1 || buf_grow(b, b->len + n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_grow(b, b->len + (size_t)n) == -1)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int
buf_read_file(struct buf *b, const char *path, size_t max)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	b->max = max + 1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_append(b, chunk, n) == -1)
			break;
	fclose(f);
	if (b->failed || buf_append(b, "", 0) == -1) {
		errno = EFBIG;
		return -1;
	}
	return 0;
}

char *
buf_steal(struct buf *b, size_t *len)
{
	char *p = b->data;

	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_reset(struct buf *b)
{
	if (b->data != NULL)
		sodium_memzero(b->data, b->cap), b->data[0] = '\0';
	b->len = 0;
	b->failed = 0;
}

void
buf_free(struct buf *b)
{
	if (b->data != NULL) {
		sodium_memzero(b->data, b->cap);
		free(b->data);
	}
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
