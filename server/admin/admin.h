/* madoguchi-admin subcommands; each returns the process exit code. */
#ifndef MDG_ADMIN_H
#define MDG_ADMIN_H
#include <libpq-fe.h>

#include "server/common/config.h"

#define ADMIN_EXIT_ALREADY 3	/* init: the instance already has keys */

int	admin_migrate(const struct config *, PGconn *);
int	admin_init(const struct config *, PGconn *);
int	admin_status(const struct config *, PGconn *);
int	admin_user_invite(const struct config *, PGconn *, const char *user,
	    const char *role, char **channels, int nchannels);
int	admin_audit_verify(PGconn *);
/* Reads the recovery phrase from standard input. */
int	admin_recover(PGconn *, const char *user);
/* Queues a test mail for user and waits for madoguchi-notify to send it. */
int	admin_notify_test(PGconn *, const char *user);
/* Crypto-shreds closed cases older than days. */
int	admin_purge(PGconn *, const char *days);

#endif
