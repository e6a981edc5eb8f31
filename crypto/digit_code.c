/*
 * ISO 7064 MOD 97-10 is used because 97 is prime and larger than any
 * digit difference: a single substituted digit changes the value by
 * d * 10^i, an adjacent swap by 9 * (a - b) * 10^i, and neither is ever a
 * multiple of 97. Both are therefore always caught.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/digit_code.h"

static unsigned
digit_code_mod97(const char *d, size_t n)
{
	unsigned r = 0;
	size_t i;

	for (i = 0; i < n; i++)
		r = (r * 10 + (unsigned)(d[i] - '0')) % 97;
	return r;
}

void
digit_code_new(char *canon, size_t random_digits)
{
	unsigned check;
	size_t i;

	/* randombytes_uniform: no modulo bias, each digit log2(10) bits */
	for (i = 0; i < random_digits; i++)
		canon[i] = (char)('0' + randombytes_uniform(10));
	/* with "00" appended, 98 - r makes the whole number 1 mod 97 */
	canon[random_digits] = canon[random_digits + 1] = '0';
	check = 98 - digit_code_mod97(canon, random_digits + 2);
	canon[random_digits] = (char)('0' + check / 10);
	canon[random_digits + 1] = (char)('0' + check % 10);
	canon[random_digits + 2] = '\0';
}

void
digit_code_format(const char *canon, size_t digits, size_t group, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < digits && canon[i] != '\0'; i++) {
		if (i > 0 && i % group == 0)
			out[o++] = '-';
		out[o++] = canon[i];
	}
	out[o] = '\0';
}

/*
 * What a phone keyboard or a Japanese IME may put between the groups, all
 * ignored: spaces (ASCII, tab, no-break, ideographic), hyphens and minus
 * signs (ASCII, Unicode, full-width, small), the long vowel mark ー that
 * an IME gives for '-' in kana mode, and dashes.
 */
static const char *const digit_code_ignored[] = {
	" ", "\t", "-",
	"\xc2\xa0",		/* U+00A0 no-break space */
	"\xe3\x80\x80",		/* U+3000 ideographic space */
	"\xe2\x80\x90",		/* U+2010 hyphen */
	"\xe2\x80\x91",		/* U+2011 non-breaking hyphen */
	"\xe2\x80\x92",		/* U+2012 figure dash */
	"\xe2\x80\x93",		/* U+2013 en dash */
	"\xe2\x80\x94",		/* U+2014 em dash */
	"\xe2\x80\x95",		/* U+2015 horizontal bar */
	"\xe2\x88\x92",		/* U+2212 minus sign */
	"\xe3\x83\xbc",		/* U+30FC katakana long vowel mark */
	"\xef\xb9\xa3",		/* U+FE63 small hyphen-minus */
	"\xef\xbc\x8d",		/* U+FF0D full-width hyphen-minus */
	"\xef\xbd\xb0",		/* U+FF70 half-width long vowel mark */
	NULL
};

/* Length of an ignored separator at p, or 0. */
static size_t
digit_code_separator(const unsigned char *p, size_t left)
{
	size_t i, n;

	for (i = 0; digit_code_ignored[i] != NULL; i++) {
		n = strlen(digit_code_ignored[i]);
		if (n <= left && memcmp(p, digit_code_ignored[i], n) == 0)
			return n;
	}
	return 0;
}

/* Length of a digit at p (ASCII or full-width U+FF10..FF19), or 0. */
static size_t
digit_code_digit(const unsigned char *p, size_t left, char *d)
{
	if (p[0] >= '0' && p[0] <= '9') {
		*d = (char)p[0];
		return 1;
	}
	if (left >= 3 && p[0] == 0xef && p[1] == 0xbc &&
	    p[2] >= 0x90 && p[2] <= 0x99) {
		*d = (char)('0' + (p[2] - 0x90));
		return 3;
	}
	return 0;
}

int
digit_code_parse(const char *in, size_t len, size_t max_input, char *canon,
    size_t digits)
{
	const unsigned char *u = (const unsigned char *)in;
	size_t i = 0, n = 0, step;
	char d;

	/* on EFORMAT canon is left empty, never half-filled */
	memset(canon, 0, digits + 1);
	if (in == NULL || len > max_input)
		return DIGIT_CODE_EFORMAT;
	while (i < len) {
		if ((step = digit_code_separator(u + i, len - i)) > 0) {
			i += step;
			continue;
		}
		if ((step = digit_code_digit(u + i, len - i, &d)) == 0 ||
		    n == digits)
			break;
		canon[n++] = d;
		i += step;
	}
	if (i < len || n != digits) {
		memset(canon, 0, digits + 1);
		return DIGIT_CODE_EFORMAT;
	}
	return digit_code_mod97(canon, n) == 1 ? DIGIT_CODE_OK :
	    DIGIT_CODE_ECHECK;
}
