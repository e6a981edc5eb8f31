#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/buf.h"
#include "server/review/case.h"
#include "server/review/export.h"

struct export_src {
	struct review			*app;
	const struct review_case	*rc;
	char				 id[DB_ID_TEXT];
	uint64_t			 size;
	struct buf			 plain;	/* while libzip has it open */
	size_t				 off;
	zip_error_t			 err;
};

struct export_src *
export_src_new(struct review *app, const struct review_case *rc,
    const char *att_id, uint64_t size)
{
	struct export_src *x;

	if ((x = calloc(1, sizeof(*x))) == NULL)
		return NULL;
	x->app = app;
	x->rc = rc;
	snprintf(x->id, sizeof(x->id), "%s", att_id);
	x->size = size;
	zip_error_init(&x->err);
	return x;
}

static void
export_src_free(struct export_src *x)
{
	buf_free(&x->plain);	/* wipes */
	zip_error_fini(&x->err);
	free(x);
}

static zip_int64_t
export_src_open(struct export_src *x)
{
	char name[UPLOAD_NAME_MAX + 1];

	x->off = 0;
	if (review_case_file(x->app, x->rc, x->id, &x->plain, name,
	    sizeof(name)) != 0 || x->plain.len != x->size) {
		buf_free(&x->plain);
		zip_error_set(&x->err, ZIP_ER_READ, 0);
		return -1;
	}
	return 0;
}

static zip_int64_t
export_src_read(struct export_src *x, void *data, zip_uint64_t len)
{
	size_t n = x->plain.len - x->off;

	if (n > len)
		n = (size_t)len;
	if (n > 0)
		memcpy(data, x->plain.data + x->off, n);
	x->off += n;
	return (zip_int64_t)n;
}

static zip_int64_t
export_src_stat(struct export_src *x, void *data, zip_uint64_t len)
{
	zip_stat_t *st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &x->err);

	if (st == NULL)
		return -1;
	zip_stat_init(st);
	st->size = x->size;	/* known without decrypting */
	st->valid |= ZIP_STAT_SIZE;
	return sizeof(*st);
}

static zip_int64_t
export_src_cb(void *arg, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct export_src *x = arg;

	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		return export_src_open(x);
	case ZIP_SOURCE_READ:
		return export_src_read(x, data, len);
	case ZIP_SOURCE_CLOSE:
		buf_free(&x->plain);
		return 0;
	case ZIP_SOURCE_STAT:
		return export_src_stat(x, data, len);
	case ZIP_SOURCE_ERROR:
		return zip_error_to_data(&x->err, data, len);
	case ZIP_SOURCE_FREE:
		export_src_free(x);
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN,
		    ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		    ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		zip_error_set(&x->err, ZIP_ER_OPNOTSUPP, 0);
		return -1;
	}
}

zip_source_t *
export_src_zip(zip_t *z, struct export_src *x)
{
	zip_source_t *s = zip_source_function(z, export_src_cb, x);

	if (s == NULL)
		export_src_free(x);
	return s;
}
