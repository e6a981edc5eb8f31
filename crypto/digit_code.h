/*
 * Codes people copy by hand (receipts, check-in codes): random decimal
 * digits and two ISO 7064 MOD 97-10 check digits, shown in hyphenated
 * groups, read back from whatever a phone keyboard or a Japanese IME
 * typed. receipt.h and checkin_code.h fix the lengths.
 */
#ifndef MDG_DIGIT_CODE_H
#define MDG_DIGIT_CODE_H

#include <stddef.h>

enum {
	DIGIT_CODE_OK = 0,
	DIGIT_CODE_EFORMAT = -1,	/* not the right number of digits */
	DIGIT_CODE_ECHECK = -2		/* right length, check digits wrong */
};

/* random_digits random digits, two check digits, NUL: canon holds +3. */
void	digit_code_new(char *canon, size_t random_digits);
/* Hyphen every group digits; out holds digits + digits / group. */
void	digit_code_format(const char *canon, size_t digits, size_t group,
	    char *out);
/*
 * Exactly digits digits (ASCII or full-width) once separators are
 * dropped, into canon (digits + 1 bytes, left all NUL unless OK or
 * ECHECK); input longer than max_input is refused unread.
 */
int	digit_code_parse(const char *in, size_t len, size_t max_input,
	    char *canon, size_t digits);

#endif
