/*
 * What an export needs before it decrypts anything: each file's id, its
 * sealed metadata (for the name in the archive) and its stored length,
 * so the size limit is checked on ciphertext lengths alone.
 */
#include <stdlib.h>
#include <string.h>

#include "server/review/db_int.h"

static int
export_row(const PGresult *r, int i, struct db_export_file *f)
{
	unsigned char *m;
	size_t n;

	db_col(r, i, 0, f->id, sizeof(f->id));
	f->stored = strtoull(PQgetvalue(r, i, 2), NULL, 10);
	m = PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 1), &n);
	if (m == NULL || (f->meta = malloc(n ? n : 1)) == NULL) {
		PQfreemem(m);
		return -1;
	}
	memcpy(f->meta, m, n);	/* sealed: nothing to wipe */
	f->mlen = n;
	PQfreemem(m);
	return 0;
}

int
db_export_files(struct store *s, const char *case_id,
    struct db_export_file *out, size_t max)
{
	struct db_params p = { .n = 0 };
	PGresult *r;
	int i, n;

	db_text(&p, case_id);
	r = db_query(s, "SELECT id, meta, octet_length(stream) FROM attachments "
	    "WHERE case_id = $1 ORDER BY created_at, id", &p, 0);
	if (r == NULL)
		return REVIEW_EFAIL;
	n = PQntuples(r) < (int)max ? PQntuples(r) : (int)max;
	for (i = 0; i < n; i++)
		if (export_row(r, i, &out[i]) == -1) {
			db_export_files_free(out, (size_t)i);
			PQclear(r);
			return REVIEW_EFAIL;
		}
	PQclear(r);
	return n;
}

void
db_export_files_free(struct db_export_file *f, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(f[i].meta);
		f[i].meta = NULL;
	}
}
