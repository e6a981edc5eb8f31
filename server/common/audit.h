/*
 * The audit log: who did what to which case, never report content.
 * Appends go through the database function audit_append, which chains
 * each entry to the previous one by SHA-256; verification recomputes the
 * chain from the canonical form the database defines.
 */
#ifndef MDG_AUDIT_H
#define MDG_AUDIT_H
#include <libpq-fe.h>

/* 0 or -1; case_id and detail may be NULL. */
int	audit_append(PGconn *, const char *actor, const char *action,
	    const char *case_id, const char *detail);
/* Entries checked into *n; 0 if intact, else the id of the first bad entry, -1 on error. */
long long audit_verify(PGconn *, long long *n);

#endif
