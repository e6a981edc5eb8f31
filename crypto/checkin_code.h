/*
 * Check-in codes: the one-time code on a card HR hands out for a
 * cohort's round. 19 random decimal digits (63.1 bits) + 2 check digits
 * (ISO 7064 MOD 97-10, as for receipts) so a typo is told apart from an
 * unknown code without asking the server. Shown as 7 groups of 3:
 * "123-456-789-012-345-678-901" (21 digits: never mistaken for a
 * 28-digit receipt).
 *
 * The server finds a code by BLAKE2b under the check-in key (a key file
 * separate from the receipt lookup key), never stores the code itself.
 * A shared-link round is found the same way from its link token.
 */
#ifndef MDG_CHECKIN_CODE_H
#define MDG_CHECKIN_CODE_H
#include <stddef.h>

#define CHECKIN_RANDOM_DIGITS	19
#define CHECKIN_DIGITS		21	/* canonical form, with check digits */
#define CHECKIN_TEXTLEN		27	/* with 6 hyphens */
#define CHECKIN_INPUT_MAX	128	/* longer input is refused unparsed */
#define CHECKIN_LOOKUPBYTES	32
#define CHECKIN_KEYBYTES	32
#define CHECKIN_LINK_BYTES	24	/* random bytes of a shared-link token */
#define CHECKIN_LINK_TEXT	33	/* base64url of them, with NUL */

enum checkin_err {
	CHECKIN_OK = 0,
	CHECKIN_EFORMAT = -1,	/* not 21 digits after normalising */
	CHECKIN_ECHECK = -2	/* 21 digits, check digits wrong: a typo */
};

void	checkin_code_new(char canon[CHECKIN_DIGITS + 1]);
void	checkin_code_format(const char *canon, char out[CHECKIN_TEXTLEN + 1]);
/* ASCII or full-width digits; spaces and hyphens of any kind ignored. */
int	checkin_code_parse(const char *in, size_t len,
	    char canon[CHECKIN_DIGITS + 1]);
void	checkin_code_lookup(const unsigned char *key, const char *canon,
	    unsigned char out[CHECKIN_LOOKUPBYTES]);
/* A new shared-link token (base64url, no padding). */
void	checkin_link_new(char token[CHECKIN_LINK_TEXT]);
/* 0 and the lookup hash, or -1 when token is not one checkin_link_new makes. */
int	checkin_link_lookup(const unsigned char *key, const char *token,
	    unsigned char out[CHECKIN_LOOKUPBYTES]);

#endif
