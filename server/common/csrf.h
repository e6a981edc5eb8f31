/*
 * CSRF tokens, double-submit with a MAC: the browser holds a random nonce
 * in a __Host- cookie; every form carries MAC(server key, nonce). A forged
 * cross-site post has neither the cookie (SameSite=Strict) nor the MAC.
 */
#ifndef MDG_CSRF_H
#define MDG_CSRF_H
#include <stddef.h>

#define CSRF_NONCE_TEXT	23	/* 16 bytes base64url, no padding, + NUL */
#define CSRF_TOKEN_TEXT	44	/* 32-byte MAC base64url + NUL */

struct csrf;

struct csrf	*csrf_new(void);		/* random process key */
void		 csrf_free(struct csrf *);
void		 csrf_nonce(char out[CSRF_NONCE_TEXT]);
/* -1 if nonce is not a well-formed cookie value. */
int		 csrf_token(const struct csrf *, const char *nonce,
		    char out[CSRF_TOKEN_TEXT]);
/* 1 when token is the MAC of nonce; constant time. */
int		 csrf_check(const struct csrf *, const char *nonce, const char *token);

#endif
