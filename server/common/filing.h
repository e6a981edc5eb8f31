/*
 * Filing once, and the receipt shown after a redirect (Post/Redirect/Get).
 *
 * Every report form carries a form token: random bytes, the time it was
 * made and a MAC over both and the browser's CSRF nonce, under a key that
 * lives only in this process. A token files at most one case: a second
 * POST of the same form (double click, Back and Send again, reload of the
 * POST) finds the token already used and is sent to the same receipt page.
 *
 * After the commit the receipt waits in locked memory for a few minutes,
 * readable only with the form token and the same browser's CSRF nonce, so
 * reloading the receipt page shows it again instead of filing again. Then
 * it is wiped and the page says it was already shown. Nothing here is
 * ever written anywhere; a restart forgets it all (old tokens then fail
 * their MAC, so a restart cannot make a form file twice either).
 */
#ifndef MDG_FILING_H
#define MDG_FILING_H
#include <stddef.h>

#include "crypto/receipt.h"

#define FILING_TOKEN_TEXT	55	/* 40 bytes base64url + NUL */

struct filings;

/* What the receipt page shows, kept with the receipt. */
struct filing_receipt {
	char		 code[RECEIPT_DIGITS + 1];	/* canonical digits */
	int		 crisis;
	int		 urgent;
	int		 k6_score;	/* -1 when not answered */
	const char	*k6_band;	/* static msgid or NULL */
	int		 k6_estimated;	/* score prorated from five answers */
	int		 k6_answered;	/* items answered (partial K6 note) */
	int		 no_contact;	/* no way given to reach the reporter */
	int		 routes;	/* harassment: show routes outside the ward */
};

enum filing_state {
	FILING_NEW,		/* claimed now: file it, then done or release */
	FILING_PENDING,		/* another request is filing with this token */
	FILING_DONE,		/* already filed */
	FILING_BAD		/* forged, another browser's, or too old */
};

enum filing_show {
	FILING_SHOW,		/* receipt copied out */
	FILING_WAIT,		/* still being filed */
	FILING_GONE,		/* filed; receipt shown and wiped */
	FILING_UNKNOWN		/* no such filing for this browser */
};

/*
 * max_tokens used tokens remembered (the oldest is forgotten when full),
 * max_receipts receipts held at once, tokens valid for token_ttl seconds,
 * receipts shown for show_secs seconds.
 */
struct filings	*filings_new(unsigned max_tokens, unsigned max_receipts,
		    unsigned token_ttl, unsigned show_secs);
void		 filings_free(struct filings *);

/* A fresh token for a form shown to the browser holding nonce; 0 or -1. */
int		 filing_token_new(struct filings *, const char *nonce,
		    char out[FILING_TOKEN_TEXT]);
/* 1 when token is ours, for this nonce, and not too old. */
int		 filing_token_ok(struct filings *, const char *nonce,
		    const char *token);
/* Claims token for one filing (see enum filing_state). */
enum filing_state filing_claim(struct filings *, const char *nonce,
		    const char *token);
/* The filing failed before its commit: the same form may be sent again. */
void		 filing_release(struct filings *, const char *token);
/*
 * The filing committed: keeps a copy of r for the receipt page. -1 when
 * no receipt can be held (then show it at once); the token stays used.
 */
int		 filing_done(struct filings *, const char *token,
		    const struct filing_receipt *r);
/* The receipt for token and nonce, copied into out on FILING_SHOW. */
enum filing_show filing_show(struct filings *, const char *nonce,
		    const char *token, struct filing_receipt *out);
/* "I have written it down": wipes the receipt now. */
void		 filing_forget(struct filings *, const char *nonce,
		    const char *token);

#endif
