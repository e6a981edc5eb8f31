/*
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps,
 * 6 digits), with OpenSSL's HMAC. A code is accepted in the current step
 * or one step either side, and never twice: the caller keeps the last
 * step used per account.
 */
#ifndef MDG_TOTP_H
#define MDG_TOTP_H
#include <stddef.h>
#include <stdint.h>

#define TOTP_SECRET_BYTES	20
#define TOTP_STEP		30
#define TOTP_DIGITS		6
#define TOTP_BASE32_MAX		64

/* HOTP value of step for key, as a number below 10^digits. */
uint32_t totp_at(const unsigned char *key, size_t keylen, uint64_t step,
	    int digits);
/*
 * 1 when code (6 digits) matches now's step or a neighbour later than
 * *last_step; then *last_step is set to the matching step. 0 otherwise.
 */
int	 totp_verify(const unsigned char *key, size_t keylen, const char *code,
	    uint64_t now, uint64_t *last_step);
/* RFC 4648 base32 without padding, for the authenticator app. */
void	 totp_base32(const unsigned char *key, size_t keylen, char *out,
	    size_t outlen);

/*
 * A TOTP secret sealed at rest under the review server's own key
 * (crypto_secretbox, random nonce first); admin init uses it too.
 */
#define TOTP_SEALED (24 + TOTP_SECRET_BYTES + 16)
int	 totp_seal(const unsigned char *server_key, const unsigned char *secret,
	    unsigned char *out);

#endif
