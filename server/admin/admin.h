/* madoguchi-admin subcommands; each returns the process exit code. */
#ifndef MDG_ADMIN_H
#define MDG_ADMIN_H
#include <libpq-fe.h>

#include "server/common/config.h"

#define ADMIN_EXIT_ALREADY 3	/* init: the instance already has keys */

int	admin_migrate(const struct config *, PGconn *);
/* dev_counselor: also the development account (make run only). */
int	admin_init(const struct config *, PGconn *, int dev_counselor);
int	admin_status(const struct config *, PGconn *);
int	admin_user_invite(const struct config *, PGconn *, const char *user,
	    const char *role, char **channels, int nchannels);
/* A counselor's channels replaced by these (none: receives nothing). */
int	admin_user_channels(PGconn *, const char *user, char **channels, int n);
/* The account can no longer log in nor receive cases. */
int	admin_user_disable(PGconn *, const char *user);
int	admin_audit_verify(PGconn *);
/* Reads the recovery phrase from standard input. */
int	admin_recover(PGconn *, const char *user);
/* Queues a test mail for user and waits for madoguchi-notify to send it. */
int	admin_notify_test(PGconn *, const char *user);
/* Crypto-shreds closed cases older than days. */
int	admin_purge(PGconn *, const char *days);

/* cohort add|list, round open|close|list (cohort.c) */
int	admin_cohort(PGconn *, int argc, char **argv);
int	admin_round(const struct config *, PGconn *, int argc, char **argv);
/*
 * The printable sheet for round id: one card per code (n codes of
 * CHECKIN_DIGITS + 1 bytes each), written to a new 0600 file (sheet.c).
 */
int	admin_sheet_write(const struct config *, PGconn *, const char *id,
	    const char *codes, size_t n, const char *path);

#endif
