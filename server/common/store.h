/*
 * The store: PostgreSQL through libpq, parameterised queries only. Knows
 * rows and bytes, nothing of HTML or of what the bytes mean. A small pool
 * of connections, one per request thread at a time; a broken connection is
 * reset on the next acquire, so the servers recover by themselves when the
 * database comes back.
 */
#ifndef MDG_STORE_H
#define MDG_STORE_H
#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#define STORE_ID_LEN	32
#define STORE_SEALED_KEY 80

struct store;
struct case_quota;

struct store	*store_open(const char *conninfo, unsigned nconns);
void		 store_close(struct store *);
/* NULL when the database cannot be reached now. */
PGconn		*store_acquire(struct store *);
void		 store_release(struct store *, PGconn *);

/* A recipient of a new case's data key. */
struct store_recipient {
	char		holder[16];		/* "counselor" | "recovery" */
	char		counselor_id[STORE_ID_LEN + 1];
	unsigned char	pk[32];
};
/* Up to max recipients of channel; count, or -1 on error. */
int	 store_recipients(PGconn *, const char *channel,
	    struct store_recipient *, size_t max);

struct store_key {
	const char	*holder;
	const char	*counselor_id;		/* NULL unless holder is counselor */
	unsigned char	 sealed[STORE_SEALED_KEY];
};

struct store_record {
	char		 id[STORE_ID_LEN + 1];
	const char	*kind;
	unsigned char	*body;
	size_t		 len;
};

struct store_attachment {
	char		 id[STORE_ID_LEN + 1];
	const char	*record_id;
	unsigned char	*meta;
	size_t		 meta_len;
	unsigned char	*stream;
	size_t		 stream_len;
};

struct store_new_case {
	char			 id[STORE_ID_LEN + 1];
	const char		*channel;
	const char		*category;	/* NULL if none */
	const char		*form;		/* the form's slug */
	const char		*record_consent; /* "yes", "no" or NULL */
	const char		*priority;
	const char		*ack_due, *response_due, *feedback_due; /* YYYY-MM-DD */
	unsigned char		 lookup[32];
	unsigned char		 salt[16];
	const char		*kdf;		/* reporter key derivation */
	unsigned long long	 ops;		/* Argon2id only, else 0 */
	size_t			 mem;		/* Argon2id only, else 0 */
	struct store_key	*keys;
	size_t			 nkeys;
	struct store_record	*records;
	size_t			 nrecords;
	struct store_attachment	*atts;
	size_t			 natts;
};

/* Everything in one transaction: 0 only after COMMIT succeeded. */
int	 store_case_insert(PGconn *, const struct store_new_case *);

struct store_case {
	char			id[STORE_ID_LEN + 1];
	char			channel[33];
	char			status[33];
	char			created[11];	/* YYYY-MM-DD */
	unsigned char		salt[16];
	char			kdf[16];	/* as stored: "blake2b", "argon2id" */
	unsigned long long	ops;		/* 0 when the kdf has none */
	size_t			mem;
	unsigned char		sealed[STORE_SEALED_KEY];
};
/* 1 found, 0 no such case, -1 error. */
int	 store_case_open(PGconn *, const unsigned char *lookup, struct store_case *);

struct store_row {
	char		 id[STORE_ID_LEN + 1];
	char		 record_id[STORE_ID_LEN + 1];	/* attachments: owner */
	char		 kind[16];
	char		 author[16];
	char		 created[20];
	unsigned char	*body;		/* PQfreemem'd by the store after fn */
	size_t		 len;
	uint64_t	 size_rounded;
	int		 seq;		/* records: their number in the case */
};
typedef int (*store_row_fn)(void *, const struct store_row *);
/* The case's three due dates (YYYY-MM-DD). 1 found, 0 not, -1 error. */
struct store_dates {
	char	ack[11], response[11], feedback[11];
};
int	 store_case_dates(PGconn *, const unsigned char *lookup, struct store_dates *);
/*
 * A reporter's visit: *prev gets the number of the newest record at the
 * last visit, and the mark moves to the newest now. 1, 0 no case, -1 error.
 */
int	 store_case_visit(PGconn *, const unsigned char *lookup, int *prev);
/* Calls fn per record of the case, in order; -1 on error or if fn fails. */
int	 store_thread(PGconn *, const unsigned char *lookup, store_row_fn, void *);
/* Calls fn per attachment (body = sealed meta). */
int	 store_attachments(PGconn *, const unsigned char *lookup, store_row_fn, void *);
/* One attachment: *meta and *stream malloc'd. 1 found, 0 not, -1 error. */
int	 store_attachment_get(PGconn *, const unsigned char *lookup,
	    const char *id, unsigned char **meta, size_t *mlen,
	    unsigned char **stream, size_t *slen);
/*
 * A reporter's record and its files, in one transaction: 1 ok, 0 no case,
 * STORE_FULL (nothing stored) when the files would take the case past q
 * (NULL: no limit), -1 error.
 */
#define STORE_FULL	(-2)
int	 store_append(PGconn *, const unsigned char *lookup,
	    const struct store_record *, const struct store_attachment *,
	    size_t, const struct case_quota *);

/*
 * One parameterised statement; NULL (logged) unless it returns rows or
 * completes. len/fmt NULL mean all text parameters.
 */
PGresult *store_query(PGconn *, const char *sql, int n, const char *const *v,
	    const int *len, const int *fmt, int binary_result);
/* By case id rather than lookup hash: the counselor side's view of a case. */
int	 store_thread_by_case(PGconn *, const char *case_id, store_row_fn, void *);
int	 store_attachments_by_case(PGconn *, const char *case_id, store_row_fn, void *);
int	 store_attachment_by_case(PGconn *, const char *case_id, const char *id,
	    unsigned char **meta, size_t *mlen, unsigned char **stream, size_t *slen);

/* One attachment row of a case (inside the caller's transaction). */
int	 store_insert_attachment(PGconn *, const char *case_id,
	    const struct store_attachment *);

/* Runs one statement (for the admin tool); -1 with the server's message. */
int	 store_exec(PGconn *, const char *sql, char *err, size_t errlen);

#endif
