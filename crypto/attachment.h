/*
 * Attachments: crypto_secretstream_xchacha20poly1305 under a subkey of the
 * case's data key. Files are encrypted chunk by chunk as they arrive; the
 * plaintext never exists in full. Every chunk is ATT_CHUNK bytes of
 * plaintext (the last is zero-padded) so the stored size reveals only a
 * coarse bucket; the true size travels inside the sealed metadata record.
 * Each chunk carries case id and attachment id as associated data.
 *
 * Stream layout: header (24 bytes) || chunk_1 || ... || chunk_n, each chunk
 * ATT_CHUNK + 17 bytes. The last chunk, and only it, has TAG_FINAL.
 */
#ifndef MDG_ATTACHMENT_H
#define MDG_ATTACHMENT_H
#include <stddef.h>
#include <stdint.h>

#define ATT_CHUNK	(64u * 1024)
#define ATT_MAX_PLAIN	(20u * 1024 * 1024)	/* hard ceiling per file */

struct att_writer;

/* NULL on failure (bad id, no memory). */
struct att_writer *att_writer_new(const unsigned char *k, const char *case_id,
	    const char *att_id);
/* Encrypts as data arrives; -1 past ATT_MAX_PLAIN or on error. */
int	 att_writer_push(struct att_writer *, const unsigned char *, size_t);
/* Pads, writes the FINAL chunk, hands over the malloc'd stream. */
int	 att_writer_finish(struct att_writer *, unsigned char **out,
	    size_t *outlen, uint64_t *plain_size);
uint64_t att_writer_size(const struct att_writer *);
/* Wipes buffered plaintext. NULL is fine. */
void	 att_writer_free(struct att_writer *);

/* Receives decrypted bytes; non-zero return aborts decryption. */
typedef int (*att_sink)(void *arg, const unsigned char *, size_t);

/*
 * Decrypts a whole stream, passing plain_size bytes to sink in order.
 * Fails (ENV_EDECRYPT) on wrong key or ids, tampering, truncation,
 * reordering, a missing FINAL tag, data after FINAL, or a plain_size the
 * stream cannot hold.
 */
int	 att_decrypt(const unsigned char *k, const char *case_id,
	    const char *att_id, const unsigned char *stream, size_t slen,
	    uint64_t plain_size, att_sink sink, void *arg);

#endif
