/*
 * The review server's data: every statement the counselor side runs, and
 * the only review files that see libpq (db_*.c). Functions take and
 * return structs; each takes the connection pool, borrows a connection
 * for the call and gives it back, so a handler never holds one.
 *
 * Every change of state is written together with its audit entry in one
 * transaction: a failed BEGIN, statement or audit insert rolls the whole
 * change back. Nothing here decrypts; sealed keys and bodies come back
 * sealed and the caller opens them.
 *
 * Return codes, for the whole review side (handlers map them to pages
 * with review_rc_status()):
 *   lookups  1 found, 0 not found (or not the caller's: the same answer),
 *            REVIEW_EFAIL the database failed;
 *   actions  REVIEW_OK done (and audited), REVIEW_EFAIL database or crypto
 *            failure, nothing changed (503), REVIEW_EINPUT the form was
 *            wrong, nothing changed (400), REVIEW_ENOTFOUND no such thing
 *            to act on (404).
 */
#ifndef MDG_REVIEW_DB_H
#define MDG_REVIEW_DB_H
#include <stddef.h>
#include <stdint.h>

#include "server/common/store.h"

enum review_rc {
	REVIEW_OK = 0,
	REVIEW_EFAIL = -1,
	REVIEW_EINPUT = -2,
	REVIEW_ENOTFOUND = -3,
};

#define DB_ID_TEXT		33	/* 32 hex digits and NUL */
#define DB_USERNAME_TEXT	65
#define DB_ROLE_TEXT		16
#define DB_PK_BYTES		32
#define DB_SALT_BYTES		16
#define DB_WRAPPED_BYTES	72
#define DB_TOTP_SEALED_MAX	128
#define DB_SEALED_KEY		STORE_SEALED_KEY	/* a case or notes key */
#define DB_LABELS_TEXT		256	/* {a,b} array literal */
#define DB_WORD_TEXT		33	/* a status, channel, category... */

/*
 * Roles as bits, so a route can name several (server/review/routes.c):
 * 1 << the role's place in vocab_roles (server/common/vocab.c).
 */
#define REVIEW_ROLE_COUNSELOR	0x1
#define REVIEW_ROLE_ANALYST	0x2
#define REVIEW_ROLE_ADMIN	0x4
#define REVIEW_ROLES_ALL	0x7

/* A counselor, analyst or administrator, as stored. */
struct review_user {
	char			id[DB_ID_TEXT];
	char			username[DB_USERNAME_TEXT];
	char			role[DB_ROLE_TEXT];
	unsigned		role_bit;	/* REVIEW_ROLE_*, 0 if unknown */
	int			active;
	int			setup_done;
	int			locked;
	int			has_key;
	unsigned char		pk[DB_PK_BYTES];
	struct {
		unsigned char		salt[DB_SALT_BYTES];
		unsigned long long	ops;
		size_t			mem;
		unsigned char		wrapped[DB_WRAPPED_BYTES];
	} kw;
	unsigned char		totp_sealed[DB_TOTP_SEALED_MAX];
	size_t			totp_len;
};

/* server/review/db_user.c: 1 found, 0 not, REVIEW_EFAIL. */
int	db_user_by_name(struct store *, const char *, struct review_user *);
int	db_user_by_id(struct store *, const char *, struct review_user *);
int	db_user_by_invite(struct store *, const unsigned char hash[32],
	    struct review_user *);

/* A wrapped secret key: what keywrap makes, as stored. */
struct db_wrap {
	unsigned char		wrapped[DB_WRAPPED_BYTES];
	unsigned char		salt[DB_SALT_BYTES];
	unsigned long long	ops;
	size_t			mem;
};

/* Keys made at setup, while the invitation is still open. */
int	db_user_set_keys(struct store *, const char *id,
	    const unsigned char pk[DB_PK_BYTES], const struct db_wrap *,
	    const unsigned char *totp_sealed, size_t totp_len);
/* The invitation spent and audited as user.setup. */
int	db_user_setup_done(struct store *, const struct review_user *);
/* A new wrap of the same secret key, audited as password.change. */
int	db_user_set_wrap(struct store *, const struct review_user *,
	    const struct db_wrap *);
/*
 * A login attempt: u NULL for an unknown name. Counts failures or clears
 * them, with the audit entry. From max_failed failures in a row the
 * account is locked for lock_base seconds, doubling per failure up to
 * lock_max; a failure while a lock runs is audited but neither counted
 * nor allowed to extend it.
 */
int	db_login_record(struct store *, const struct review_user *u, int ok,
	    int max_failed, int lock_base, int lock_max);
/* Another failed password check (action audited), counted the same way. */
int	db_login_failed(struct store *, const struct review_user *u,
	    const char *action, int max_failed, int lock_base, int lock_max);

/* One audit entry on its own, for events that change nothing stored. */
int	db_audit(struct store *, const char *actor, const char *action,
	    const char *case_id, const char *detail);
/* Several entries in one transaction: all committed, or none. */
struct db_audit_entry {
	const char	*action;
	const char	*detail;	/* NULL for none */
};
int	db_audit_many(struct store *, const char *actor, const char *case_id,
	    const struct db_audit_entry *, size_t n);

/* server/review/db_case.c: the clear metadata of a case. */
struct review_case {
	char		id[DB_ID_TEXT];
	char		channel[DB_WORD_TEXT];
	char		category[DB_WORD_TEXT];
	char		status[16];
	char		priority[16];
	char		assignee[DB_USERNAME_TEXT];
	char		created[20];
	char		labels[DB_LABELS_TEXT];
	char		ack_due[11], response_due[11], feedback_due[11];
	char		form[DB_WORD_TEXT];		/* "" for older cases */
	char		record_consent[8];		/* "yes", "no" or "" */
	unsigned char	*k;		/* the case key, sodium_malloc'd by the opener */
};

/*
 * The case and the case key sealed to counselor_id: 1 found, 0 no such
 * case or no key for that counselor (the same answer), REVIEW_EFAIL.
 */
int	db_case_get(struct store *, const char *case_id, const char *counselor_id,
	    struct review_case *, unsigned char sealed[DB_SEALED_KEY]);
/* The notes key sealed to counselor_id: 1, 0 none yet, REVIEW_EFAIL. */
int	db_note_key(struct store *, const char *case_id, const char *counselor_id,
	    unsigned char sealed[DB_SEALED_KEY]);
/* Files first, then records, as the case view wants them: 0 or REVIEW_EFAIL. */
int	db_case_rows(struct store *, const char *case_id, store_row_fn files,
	    store_row_fn records, void *arg);
/* One attachment, *meta and *stream malloc'd: 1, 0 not found, REVIEW_EFAIL. */
int	db_attachment(struct store *, const char *case_id, const char *att_id,
	    unsigned char **meta, size_t *mlen, unsigned char **stream,
	    size_t *slen);

/* A case's files for an export, oldest first, nothing decrypted. */
struct db_export_file {
	char		 id[DB_ID_TEXT];
	unsigned char	*meta;		/* sealed name, type, size; malloc'd */
	size_t		 mlen;
	uint64_t	 stored;	/* ciphertext bytes */
};
/* Count, or REVIEW_EFAIL; free with db_export_files_free. */
int	db_export_files(struct store *, const char *case_id,
	    struct db_export_file *, size_t max);
void	db_export_files_free(struct db_export_file *, size_t);

/* The ids of a case's files, oldest first: count, or REVIEW_EFAIL. */
int	db_attachment_ids(struct store *, const char *case_id,
	    char (*ids)[DB_ID_TEXT], size_t max);

struct db_note {
	char		 id[DB_ID_TEXT];
	char		 author[DB_USERNAME_TEXT];
	char		 date[20];
	unsigned char	*body;		/* sealed; valid during the callback */
	size_t		 len;
};
typedef void (*db_note_fn)(void *, const struct db_note *);
/* Calls fn per note of the case, oldest first: 0 or REVIEW_EFAIL. */
int	db_notes(struct store *, const char *case_id, db_note_fn, void *);

/* What happened to a case (or anywhere): one audit entry. */
struct db_event {
	char		id[24];
	char		at[24];
	char		actor[DB_USERNAME_TEXT];
	char		action[52];
	char		case_short[9];
	char		detail[128];
};
/* The case's newest max entries, oldest first: count, or REVIEW_EFAIL. */
int	db_history(struct store *, const char *case_id, struct db_event *,
	    size_t max);
/* The newest max entries of the whole log: count, or REVIEW_EFAIL. */
int	db_audit_recent(struct store *, struct db_event *, size_t max);

/* server/review/db_action.c: changes to a case, each with its audit entry. */
struct db_reply {
	const char			*case_id;
	const char			*record_id;
	const struct review_user	*by;
	const unsigned char		*body;		/* sealed under the case key */
	size_t				 len;
	const struct store_attachment	*atts;		/* sealed files */
	size_t				 natts;
	int				 acknowledge;	/* new -> acknowledged */
};
int	db_reply_add(struct store *, const struct db_reply *);

/* A counselor of the case and their public key (for a new notes key). */
struct db_holder {
	char		id[DB_ID_TEXT];
	unsigned char	pk[DB_PK_BYTES];
};
/* Counselors holding the case key: count (at most max), or REVIEW_EFAIL. */
int	db_case_holders(struct store *, const char *case_id, struct db_holder *,
	    size_t max);

struct db_sealed_for {
	char		 counselor_id[DB_ID_TEXT];
	unsigned char	 sealed[DB_SEALED_KEY];
};
struct db_note_new {
	const char			*case_id;
	const char			*note_id;
	const struct review_user	*by;
	const unsigned char		*body;		/* sealed under the notes key */
	size_t				 len;
	const struct db_sealed_for	*new_keys;	/* a first notes key, or none */
	size_t				 nkeys;
};
int	db_note_add(struct store *, const struct db_note_new *);

struct db_status {
	const char			*case_id;
	const struct review_user	*by;
	const char			*status;
	const char			*priority;
	const char			*outcome;	/* NULL: none */
	const char			*labels;	/* array literal */
	int				 assign_me;
	/*
	 * Follow-up dates set when a harassment case becomes closed
	 * (server/review/db_watch.c): YYYY-MM-DD or NULL for none; with
	 * watch_default, one and three months from today.
	 */
	const char			*watch[2];
	int				 watch_default;
};
int	db_status_set(struct store *, const struct db_status *);

/* 1 when counselor_id receives the case's channel, 0 not, REVIEW_EFAIL. */
int	db_channel_member(struct store *, const char *case_id,
	    const char *counselor_id);
struct db_grant {
	const char			*case_id;
	const struct review_user	*by;
	const struct review_user	*to;
	unsigned char			 case_key[DB_SEALED_KEY];
	int				 has_note_key;
	unsigned char			 note_key[DB_SEALED_KEY];
};
int	db_grant_add(struct store *, const struct db_grant *);

/*
 * server/review/db_access.c: cases of a counselor's channels sealed
 * without a key for them (migration 013), and requests for access.
 */
struct db_locked_row {
	char		id[DB_ID_TEXT];
	char		channel[DB_WORD_TEXT];
	char		category[DB_WORD_TEXT];		/* "" if none */
	char		status[16];
	char		priority[16];
	int		days;		/* since it was filed */
	int		requested;	/* this counselor asked already */
};
/* Newest first after the case after (NULL: from the top): count, or REVIEW_EFAIL. */
int	db_locked(struct store *, const char *counselor_id, const char *after,
	    struct db_locked_row *, size_t max);
/*
 * u asks for a case of their channels they hold no key to, audited as
 * case.access_request: REVIEW_OK (asking again keeps the first hour),
 * REVIEW_ENOTFOUND when there is no such gap (no such case, not of their
 * channels, or they hold its key), REVIEW_EFAIL.
 */
int	db_access_request(struct store *, const struct review_user *u,
	    const char *case_id);
struct db_access_req {
	char		case_id[DB_ID_TEXT];
	char		username[DB_USERNAME_TEXT];
	char		at[20];		/* Japan time, to the hour */
};
/*
 * Requests by active counselors for cases counselor_id holds the key to
 * (only case_id's if not NULL), oldest first: count, or REVIEW_EFAIL.
 */
int	db_access_pending(struct store *, const char *counselor_id,
	    const char *case_id, struct db_access_req *, size_t max);

/* server/review/db_list.c: the queue and the statistics (clear metadata). */
struct db_queue_filter {
	const char	*counselor_id;	/* whose channels */
	const char	*status, *priority, *channel, *category;	/* NULL: any */
	int		 mine;		/* assigned to counselor_id only */
	const char	*after;		/* keyset: last case id shown, NULL first */
	long		 limit;
};
struct db_queue_row {
	char		id[DB_ID_TEXT];
	char		channel[DB_WORD_TEXT];
	char		category[DB_WORD_TEXT];		/* "" if none */
	char		status[16];
	char		priority[16];
	char		assignee[DB_USERNAME_TEXT];
	char		age[16];
	char		due[11];
	int		overdue;
	char		labels[DB_LABELS_TEXT];		/* space separated */
	int		watch_due;	/* closed, a follow-up date reached */
};
/*
 * Rows in queue order after f->after (keyset pagination: a deep page costs
 * what the first does): count (at most f->limit), or REVIEW_EFAIL. An
 * after id that is no visible case starts from the top.
 */
int	db_queue(struct store *, const struct db_queue_filter *,
	    struct db_queue_row *);
/* A case's report as stored, and the reader's case key, both sealed. */
struct db_sealed_report {
	char			 case_id[DB_ID_TEXT];
	char			 record_id[DB_ID_TEXT];
	unsigned char		 sealed_key[DB_SEALED_KEY];
	const unsigned char	*body;		/* valid during the callback */
	size_t			 len;
};
typedef void (*db_report_fn)(void *, const struct db_sealed_report *);
/* Calls fn per report of the n rows that counselor_id holds: 0, REVIEW_EFAIL. */
int	db_queue_reports(struct store *, const char *counselor_id,
	    const struct db_queue_row *rows, int n, db_report_fn fn, void *arg);
/*
 * Urgent cases of the counselor's channels filed in the current or the
 * previous hour (created_at is rounded to the hour): count, or REVIEW_EFAIL.
 */
int	db_urgent_recent(struct store *, const char *counselor_id);

/* server/review/db_watch.c: the retaliation watch (migration 012). */
#define DB_WATCH_MAX	8	/* follow-up dates shown for one case */
struct db_watch {
	char		default_due[2][11];	/* one and three months from today */
	int		n;
	struct {
		char	due[11];
		int	answered;
		int	reached;	/* the date has come */
	}		dates[DB_WATCH_MAX];
};
/* The case's follow-up dates, oldest first: 0 or REVIEW_EFAIL. */
int	db_watch_get(struct store *, const char *case_id, struct db_watch *);
/*
 * Audits the cases reporters' answers have reopened since the last call
 * (the intake holds no audit key), as case.reopen by "reporter": 0 or
 * REVIEW_EFAIL.
 */
int	db_watch_audit(struct store *);

/*
 * Statistics tables. Years are 年度 (April to March) and months are
 * calendar months, both in Japan time. Cases from the current month count
 * only once it has min cases (stats_cutoff() in migration 005).
 */
enum db_stats_table {
	DB_STATS_BY_YEAR,	/* 年度, channel, form, cases, closed */
	DB_STATS_BY_MONTH,	/* month, channel, cases, closed, days to act */
	DB_STATS_BY_CATEGORY,	/* 年度, category, cases (harassment) */
	DB_STATS_BY_CONSENT,	/* 年度, record consent, cases (harassment) */
	DB_STATS_BY_STATUS,	/* status, cases, days to close */
	DB_STATS_TABLES
};
#define DB_STATS_MAX_COLS	6
typedef void (*db_cells_fn)(void *, const char *const *cells, int n);
/* Calls fn per row of one statistics table: 0 or REVIEW_EFAIL. */
int	db_stats(struct store *, enum db_stats_table, int min, db_cells_fn,
	    void *);
/* 1 when the current month is already counted, 0 not yet, REVIEW_EFAIL. */
int	db_stats_current(struct store *, int min);

#endif
