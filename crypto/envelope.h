/*
 * The case envelope: a random data key K per case, every record sealed
 * under a subkey of K with XChaCha20-Poly1305, and K itself sealed to each
 * recipient with crypto_box_seal. No HTTP, no SQL in here.
 *
 * Associated data binds a record to its place:
 *   "madoguchi/v1" 0x00 case_id 0x00 kind 0x00 record_id
 * so a record cannot be moved to another case, kind or row.
 */
#ifndef MDG_ENVELOPE_H
#define MDG_ENVELOPE_H
#include <stddef.h>
#include <stdint.h>

#define ENV_KEYBYTES	32	/* data key K */
#define ENV_PKBYTES	32	/* X25519 public key */
#define ENV_SKBYTES	32	/* X25519 secret key */
#define ENV_ID_HEXLEN	32	/* case and record ids: 16 random bytes as hex */
#define ENV_SEALED_KEYBYTES (ENV_KEYBYTES + 48) /* crypto_box_SEALBYTES */
#define ENV_RECORD_PAD	256	/* plaintext padded to a multiple: sizes leak coarsely */
#define ENV_RECORD_MAX	(1024u * 1024)	/* largest plaintext record accepted */

enum env_err {
	ENV_OK = 0,
	ENV_ENOMEM = -1,	/* allocation failed */
	ENV_EINVAL = -2,	/* bad argument (length, id format) */
	ENV_EDECRYPT = -3	/* authentication failed: wrong key, tampered, moved */
};

/* sodium_init() once; returns -1 if libsodium cannot start. */
int	 env_init(void);

/* New random data key in sodium_malloc'd memory; NULL on failure. */
unsigned char *env_key_new(void);
/* Copies a 32-byte key into fresh sodium_malloc'd memory. */
unsigned char *env_key_dup(const unsigned char *);
/* Wipes and frees a key (or any sodium_malloc'd secret). NULL is fine. */
void	 env_secret_free(void *);

/* 16 random bytes as 32 lowercase hex chars + NUL. */
void	 env_random_id(char out[ENV_ID_HEXLEN + 1]);
/* 1 if s is exactly 32 lowercase hex chars. */
int	 env_id_valid(const char *s);

/* Length of the sealed record for a plaintext of plen bytes. */
size_t	 env_record_sealed_len(size_t plen);

/*
 * Seals plain under K. *out is malloc'd (nonce || ciphertext); free with
 * free(). kind is a short ASCII word ("report", "message", "identity",
 * "attachment", "note").
 */
int	 env_record_seal(const unsigned char *k, const char *case_id,
	    const char *kind, const char *record_id,
	    const unsigned char *plain, size_t plen,
	    unsigned char **out, size_t *outlen);
/*
 * Opens a record. *plain is sodium_malloc'd (free with env_secret_free),
 * NUL-terminated for convenience; *plen excludes padding and the NUL.
 */
int	 env_record_open(const unsigned char *k, const char *case_id,
	    const char *kind, const char *record_id,
	    const unsigned char *sealed, size_t slen,
	    unsigned char **plain, size_t *plen);

/* K sealed to one recipient's public key; out is ENV_SEALED_KEYBYTES. */
int	 env_key_seal(const unsigned char *k, const unsigned char *pk,
	    unsigned char *out);
/* Opens a sealed K with a key pair; *k is sodium_malloc'd. */
int	 env_key_open(const unsigned char *sealed, size_t slen,
	    const unsigned char *pk, const unsigned char *sk,
	    unsigned char **k);

/*
 * Many records in a row, each under its own K sealed to one key pair
 * (a queue page's summaries): the opener's locked memory is allocated
 * once. *plain points into the opener, NUL-terminated, valid until the
 * next call; env_opener_free wipes it.
 */
struct env_opener;
struct env_opener *env_opener_new(void);
void	 env_opener_free(struct env_opener *);
int	 env_opener_open(struct env_opener *, const unsigned char *sealed_key,
	    size_t klen, const unsigned char *pk, const unsigned char *sk,
	    const char *case_id, const char *kind, const char *record_id,
	    const unsigned char *sealed, size_t slen, const char **plain,
	    size_t *plen);

/* New X25519 key pair; sk must be ENV_SKBYTES of (locked) memory. */
int	 env_keypair(unsigned char *pk, unsigned char *sk);

#endif
