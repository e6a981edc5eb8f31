/*
 * Receipt codes: what the reporter writes down to come back.
 * 26 random decimal digits (86.4 bits) + 2 check digits (ISO 7064
 * MOD 97-10) so a typo is told apart from an unknown code without asking
 * the server. Shown as 7 groups of 4: "1234-5678-9012-3456-7890-1234-5678".
 *
 * The server finds a case by BLAKE2b(lookup key, digits), never by scan;
 * the reporter's X25519 key pair comes from the digits and a per-case
 * salt through the case's stored key derivation ("kdf"): BLAKE2b for new
 * cases, Argon2id with stored parameters for cases filed before. The
 * receipt's 86 random bits carry the offline work (docs/threat-model.md),
 * so memory-hard stretching is kept for secrets people choose.
 */
#ifndef MDG_RECEIPT_H
#define MDG_RECEIPT_H
#include <stddef.h>

#define RECEIPT_RANDOM_DIGITS	26
#define RECEIPT_DIGITS		28	/* canonical form, with check digits */
#define RECEIPT_TEXTLEN		34	/* with 6 hyphens */
#define RECEIPT_INPUT_MAX	256	/* longer input is refused unparsed */
#define RECEIPT_LOOKUPBYTES	32
#define RECEIPT_LOOKUP_KEYBYTES	32
#define RECEIPT_SALTBYTES	16

enum receipt_err {
	RECEIPT_OK = 0,
	RECEIPT_EFORMAT = -1,	/* not 28 digits after normalising */
	RECEIPT_ECHECK = -2,	/* 28 digits but check digits wrong: a typo */
	RECEIPT_ENOMEM = -3
};

/* New canonical receipt (28 digits + NUL). */
void	 receipt_new(char canon[RECEIPT_DIGITS + 1]);
/* "1234-5678-..." (34 chars + NUL). */
void	 receipt_format(const char *canon, char out[RECEIPT_TEXTLEN + 1]);
/*
 * Normalises what a person typed: ASCII or full-width digits; spaces,
 * ideographic spaces, ASCII and full-width hyphens, long vowel mark and
 * dashes are ignored. Anything else is RECEIPT_EFORMAT.
 */
int	 receipt_parse(const char *in, size_t len, char canon[RECEIPT_DIGITS + 1]);
/* Keyed BLAKE2b of the canonical digits. */
void	 receipt_lookup(const unsigned char *lookup_key, const char *canon,
	    unsigned char out[RECEIPT_LOOKUPBYTES]);
/* Random per-case salt. */
void	 receipt_salt(unsigned char salt[RECEIPT_SALTBYTES]);
/* Key derivations a case can name; the text is what the database stores. */
enum receipt_kdf {
	RECEIPT_KDF_BLAKE2B = 1,	/* default for new cases */
	RECEIPT_KDF_ARGON2ID = 2	/* cases filed before; still opens */
};
#define RECEIPT_KDF_BLAKE2B_NAME	"blake2b"
#define RECEIPT_KDF_ARGON2ID_NAME	"argon2id"
/* BLAKE2b personalisation: binds the hash to this one use. 16 bytes. */
#define RECEIPT_KDF_PERSONAL		"madoguchi-rcpt-1"

const char	*receipt_kdf_name(enum receipt_kdf);
/* The kdf a stored name means, or 0 for anything else. */
enum receipt_kdf receipt_kdf_parse(const char *);
/*
 * Reporter key pair for new cases: BLAKE2b-256(canon, salt, personal) ->
 * seed -> crypto_box_seed_keypair. No stretching: each guess of the 86
 * random bits costs a hash and two X25519 operations, for one case.
 */
int	 receipt_keypair_blake2b(const char *canon, const unsigned char *salt,
	    unsigned char *pk, unsigned char *sk);
/*
 * Reporter key pair from the receipt: Argon2id(canon, salt, ops, mem) ->
 * seed -> crypto_box_seed_keypair. sk is 32 bytes of caller's locked
 * memory. Returns RECEIPT_ENOMEM if Argon2id cannot get its memory.
 */
int	 receipt_keypair(const char *canon, const unsigned char *salt,
	    unsigned long long ops, size_t mem,
	    unsigned char *pk, unsigned char *sk);

/* Argon2id cost of the cases filed with it (stored per case). */
#define RECEIPT_KDF_OPS	2ULL		/* crypto_pwhash_OPSLIMIT_INTERACTIVE */
#define RECEIPT_KDF_MEM	(64u * 1024 * 1024)	/* MEMLIMIT_INTERACTIVE */

#endif
