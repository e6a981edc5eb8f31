/*
 * Private to the review data module (db_*.c): parameter lists, column
 * copies and the one transaction helper every change goes through.
 */
#ifndef MDG_REVIEW_DB_INT_H
#define MDG_REVIEW_DB_INT_H
#include <libpq-fe.h>

#include "server/review/db.h"

#define DB_MAX_PARAMS	10

struct db_params {
	const char	*v[DB_MAX_PARAMS];
	int		 len[DB_MAX_PARAMS];
	int		 fmt[DB_MAX_PARAMS];
	int		 n;
};

void	 db_text(struct db_params *, const char *);
void	 db_bin(struct db_params *, const void *, size_t);
/* One statement on c; NULL (logged) on failure. */
PGresult *db_run(PGconn *, const char *sql, const struct db_params *, int binres);
/* One statement that must succeed; 0 or -1. */
int	 db_cmd(PGconn *, const char *sql, const struct db_params *);
/* A statement on a borrowed connection, outside any transaction. */
PGresult *db_query(struct store *, const char *sql, const struct db_params *,
	    int binres);

/* Text column into a fixed buffer (cut to fit). */
void	 db_col(const PGresult *, int row, int col, char *dst, size_t size);
/* bytea (text result) into exactly len bytes; 0 or -1. */
int	 db_col_bytes(const PGresult *, int row, int col, unsigned char *dst,
	    size_t len);

/*
 * A change and its audit entries: BEGIN, fn, the audit entries, COMMIT.
 * Any failure rolls everything back. fn returns REVIEW_OK or an error
 * code, which is passed on.
 */
typedef int (*db_tx_fn)(PGconn *, const void *arg);
int	 db_tx(struct store *, db_tx_fn, const void *arg, const char *actor,
	    const char *case_id, const struct db_audit_entry *, size_t naudit);

/* db_watch.c: a closing's follow-up dates, inside status_tx. */
int	 db_watch_close(PGconn *, const struct db_status *);

#endif
