/*
 * The organisation recovery key: its secret is shown once as a phrase and
 * never stored. Phrase = 32-byte secret + 2-byte BLAKE2b checksum in
 * Crockford base32 (no I, L, O, U), groups of 5 separated by '-'. Decoding
 * is case-insensitive, ignores spaces and hyphens and maps I/L->1, O->0.
 */
#ifndef MDG_RECOVERY_H
#define MDG_RECOVERY_H
#include <stddef.h>

#define RECOVERY_PHRASE_MAX	80	/* buffer size for the phrase + NUL */

int	 recovery_phrase_encode(const unsigned char *sk, char *out, size_t outlen);
/* 0, or -1 for a malformed phrase or a checksum mismatch. */
int	 recovery_phrase_decode(const char *phrase, unsigned char *sk);

#endif
