/*
 * Counselors' TOTP secrets, sealed at rest with the review server's own
 * key (a file only that process reads), and the last step each account
 * used, so a code works once.
 */
#ifndef MDG_REVIEW_TOTP_H
#define MDG_REVIEW_TOTP_H
#include <stddef.h>

#include "crypto/totp.h"
#include "server/review/review.h"

/* The secret into locked memory; NULL if it does not open. */
unsigned char *review_totp_open(const struct review *, const unsigned char *,
	    size_t);
/* 1 when code is right for u now and was not used before. */
int	review_totp_check(struct review *, const struct review_user *,
	    const char *code);

#endif
