/*
 * The audit log: who did what to which case, never report content.
 * Appends go through the database function audit_append, which chains
 * each entry to the previous one by SHA-256 and numbers entries without
 * gaps; the writer then seals each entry with an HMAC-SHA256 of its hash
 * under the audit key, a file the database never holds (migration 007).
 * Verification recomputes the chain, checks the ids run 1, 2, 3... and
 * checks every mac, so even the database owner cannot delete or rewrite
 * an entry and recompute the chain unseen.
 */
#ifndef MDG_AUDIT_H
#define MDG_AUDIT_H
#include <libpq-fe.h>

#define AUDIT_KEYBYTES	32
#define AUDIT_HEAD_TEXT	(2 * 32 + 1)	/* hex of the last entry's mac */

/*
 * Loads (creating it, 0600, if missing) the audit key for this process:
 * done once at start, before privileges are dropped; read-only after.
 * 0, or -1 with errno.
 */
int	audit_key_load(const char *path);
void	audit_key_free(void);
/* 0 or -1 (also without a key); case_id and detail may be NULL. */
int	audit_append(PGconn *, const char *actor, const char *action,
	    const char *case_id, const char *detail);
/*
 * Entries checked into *n, the last entry's id and mac into *head_id and
 * head (so an operator can note them: a removed *last* entry is found
 * only by comparing with a head noted earlier). 0 if intact, else the id
 * of the first bad, missing or unsealed entry; -1 on error.
 */
long long audit_verify(PGconn *, long long *n, long long *head_id,
	    char head[AUDIT_HEAD_TEXT]);

#endif
