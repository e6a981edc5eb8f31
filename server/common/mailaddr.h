#ifndef MDG_MAILADDR_H
#define MDG_MAILADDR_H

#define MAILADDR_MAX	254	/* bytes of an address (RFC 5321 path limit) */

/* 1 if s is an address Madoguchi accepts, else 0. */
int	mailaddr_ok(const char *s);

#endif
