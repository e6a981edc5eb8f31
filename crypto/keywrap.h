/*
 * Counselor secret keys are stored only wrapped: XChaCha20-Poly1305 under
 * Argon2id(password, salt). The parameters are stored with the record so
 * they can be raised later. The owner id is associated data, so a wrapped
 * key cannot be pasted onto another account.
 */
#ifndef MDG_KEYWRAP_H
#define MDG_KEYWRAP_H
#include <stddef.h>

#define KEYWRAP_SALTBYTES	16
#define KEYWRAP_BYTES		(24 + 32 + 16)	/* nonce || ct || tag */
#define KEYWRAP_PASSWORD_MAX	1024

struct keywrap {
	unsigned char		salt[KEYWRAP_SALTBYTES];
	unsigned long long	ops;
	size_t			mem;
	unsigned char		wrapped[KEYWRAP_BYTES];
};

/* Default cost: crypto_pwhash_OPSLIMIT_MODERATE / MEMLIMIT_MODERATE. */
#define KEYWRAP_OPS	3ULL
#define KEYWRAP_MEM	(256u * 1024 * 1024)

/* 0, or ENV_EINVAL / ENV_ENOMEM from envelope.h */
int	 keywrap_wrap(const char *password, size_t pwlen,
	    const unsigned char *sk, const char *owner_id,
	    unsigned long long ops, size_t mem, struct keywrap *out);
/* 0, or ENV_EDECRYPT for a wrong password, wrong owner or tampering. */
int	 keywrap_unwrap(const char *password, size_t pwlen,
	    const struct keywrap *in, const char *owner_id, unsigned char *sk);

#endif
