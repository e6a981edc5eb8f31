/*
 * Receipt codes: digit_code.c makes, shows and reads them; this file
 * turns a receipt into the case's lookup and reporter key.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/digit_code.h"
#include "crypto/receipt.h"

_Static_assert(RECEIPT_LOOKUPBYTES >= crypto_generichash_BYTES_MIN &&
    RECEIPT_LOOKUPBYTES <= crypto_generichash_BYTES_MAX, "lookup size");
_Static_assert(RECEIPT_LOOKUP_KEYBYTES >= crypto_generichash_KEYBYTES_MIN &&
    RECEIPT_LOOKUP_KEYBYTES <= crypto_generichash_KEYBYTES_MAX, "lookup key");
_Static_assert(RECEIPT_SALTBYTES == crypto_pwhash_SALTBYTES, "Argon2id salt");
_Static_assert(RECEIPT_SALTBYTES == crypto_generichash_blake2b_SALTBYTES,
    "BLAKE2b salt");
_Static_assert(sizeof(RECEIPT_KDF_PERSONAL) - 1 ==
    crypto_generichash_blake2b_PERSONALBYTES, "BLAKE2b personalisation");
_Static_assert(RECEIPT_DIGITS == RECEIPT_RANDOM_DIGITS + 2, "two check digits");
_Static_assert(RECEIPT_TEXTLEN == RECEIPT_DIGITS + RECEIPT_DIGITS / 4 - 1,
    "groups of four");

/* 1 if canon is exactly RECEIPT_DIGITS ASCII digits and a NUL. */
static int
receipt_canon_valid(const char *canon)
{
	size_t i;

	if (canon == NULL)
		return 0;
	for (i = 0; i < RECEIPT_DIGITS; i++)
		if (canon[i] < '0' || canon[i] > '9')
			return 0;
	return canon[RECEIPT_DIGITS] == '\0';
}

void
receipt_new(char canon[RECEIPT_DIGITS + 1])
{
	digit_code_new(canon, RECEIPT_RANDOM_DIGITS);
}

void
receipt_format(const char *canon, char out[RECEIPT_TEXTLEN + 1])
{
	digit_code_format(canon, RECEIPT_DIGITS, 4, out);
}

int
receipt_parse(const char *in, size_t len, char canon[RECEIPT_DIGITS + 1])
{
	switch (digit_code_parse(in, len, RECEIPT_INPUT_MAX, canon,
	    RECEIPT_DIGITS)) {
	case DIGIT_CODE_OK:
		return RECEIPT_OK;
	case DIGIT_CODE_ECHECK:
		return RECEIPT_ECHECK;
	default:
		return RECEIPT_EFORMAT;
	}
}

void
receipt_lookup(const unsigned char *lookup_key, const char *canon,
    unsigned char out[RECEIPT_LOOKUPBYTES])
{
	/* strnlen: a short string is hashed as it is, never read past */
	crypto_generichash(out, RECEIPT_LOOKUPBYTES,
	    (const unsigned char *)canon, strnlen(canon, RECEIPT_DIGITS),
	    lookup_key, RECEIPT_LOOKUP_KEYBYTES);
}

void
receipt_salt(unsigned char salt[RECEIPT_SALTBYTES])
{
	randombytes_buf(salt, RECEIPT_SALTBYTES);
}

/*
 * Arguments that cannot be right (not a canonical receipt, Argon2id
 * parameters out of its range) are RECEIPT_EFORMAT; a failure of
 * crypto_pwhash with valid parameters can only be memory.
 */
int
receipt_keypair(const char *canon, const unsigned char *salt,
    unsigned long long ops, size_t mem, unsigned char *pk, unsigned char *sk)
{
	unsigned char *seed;
	int rc;

	if (!receipt_canon_valid(canon) || salt == NULL || pk == NULL ||
	    sk == NULL)
		return RECEIPT_EFORMAT;
	if (ops < crypto_pwhash_OPSLIMIT_MIN ||
	    ops > crypto_pwhash_OPSLIMIT_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN ||
	    mem > crypto_pwhash_MEMLIMIT_MAX)
		return RECEIPT_EFORMAT;
	if ((seed = sodium_malloc(crypto_box_SEEDBYTES)) == NULL)
		return RECEIPT_ENOMEM;
	rc = crypto_pwhash(seed, crypto_box_SEEDBYTES, canon, RECEIPT_DIGITS,
	    salt, ops, mem, crypto_pwhash_ALG_ARGON2ID13);
	if (rc == 0)
		rc = crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	if (rc != 0) {
		sodium_memzero(sk, crypto_box_SECRETKEYBYTES);
		return RECEIPT_ENOMEM;
	}
	return RECEIPT_OK;
}

const char *
receipt_kdf_name(enum receipt_kdf kdf)
{
	switch (kdf) {
	case RECEIPT_KDF_BLAKE2B:
		return RECEIPT_KDF_BLAKE2B_NAME;
	case RECEIPT_KDF_ARGON2ID:
		return RECEIPT_KDF_ARGON2ID_NAME;
	}
	return NULL;
}

enum receipt_kdf
receipt_kdf_parse(const char *name)
{
	if (name == NULL)
		return 0;
	if (strcmp(name, RECEIPT_KDF_BLAKE2B_NAME) == 0)
		return RECEIPT_KDF_BLAKE2B;
	if (strcmp(name, RECEIPT_KDF_ARGON2ID_NAME) == 0)
		return RECEIPT_KDF_ARGON2ID;
	return 0;
}

/*
 * The salt makes the derivation per case (one guess tests one case); the
 * personalisation keeps this hash apart from the lookup hash of the same
 * digits. crypto_box_seed_keypair hashes the seed once more (SHA-512).
 */
int
receipt_keypair_blake2b(const char *canon, const unsigned char *salt,
    unsigned char *pk, unsigned char *sk)
{
	unsigned char *seed;
	int rc;

	if (!receipt_canon_valid(canon) || salt == NULL || pk == NULL ||
	    sk == NULL)
		return RECEIPT_EFORMAT;
	if ((seed = sodium_malloc(crypto_box_SEEDBYTES)) == NULL)
		return RECEIPT_ENOMEM;
	rc = crypto_generichash_blake2b_salt_personal(seed,
	    crypto_box_SEEDBYTES, (const unsigned char *)canon, RECEIPT_DIGITS,
	    NULL, 0, salt, (const unsigned char *)RECEIPT_KDF_PERSONAL);
	if (rc == 0)
		rc = crypto_box_seed_keypair(pk, sk, seed);
	sodium_free(seed);
	if (rc != 0) {
		sodium_memzero(sk, crypto_box_SECRETKEYBYTES);
		return RECEIPT_ENOMEM;
	}
	return RECEIPT_OK;
}
