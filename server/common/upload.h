/*
 * Files on a submission, encrypted as their bytes arrive: each becomes a
 * secretstream under the case key plus a sealed metadata record (name,
 * type, true size). Plaintext is never buffered beyond one chunk and never
 * touches the disk.
 */
#ifndef MDG_UPLOAD_H
#define MDG_UPLOAD_H
#include <stddef.h>
#include <stdint.h>

#include "crypto/attachment.h"
#include "server/common/store.h"

#define UPLOAD_MAX_FILES	16	/* hard ceiling; config max_files applies below it */
#define UPLOAD_NAME_MAX		200	/* bytes of a file name kept */
#define UPLOAD_TYPE_MAX		100

enum upload_err {
	UPLOAD_OK = 0,
	UPLOAD_ENOMEM = -1,
	UPLOAD_ETOOMANY = -2,
	UPLOAD_ETOOBIG = -3,
	UPLOAD_ENOKEY = -4	/* no case key to encrypt under */
};

struct upload_file {
	char			 id[33];
	char			 name[UPLOAD_NAME_MAX + 1];
	char			 type[UPLOAD_TYPE_MAX + 1];
	struct att_writer	*w;
	unsigned char		*stream;
	size_t			 stream_len;
	uint64_t		 size;
	unsigned char		*meta;
	size_t			 meta_len;
};

struct upload_set {
	struct upload_file	 f[UPLOAD_MAX_FILES];
	size_t			 n;
	size_t			 max_files;
	size_t			 max_size;
	int			 in_file;	/* the last part is still open */
};

/* Starts a file part; name and type come from the client (sanitised). */
int	 upload_begin(struct upload_set *, const unsigned char *k,
	    const char *case_id, const char *name, const char *type);
int	 upload_data(struct upload_set *, const unsigned char *, size_t);
/*
 * Finishes every file: FINAL chunk, sealed metadata for record_owner
 * (the record the files belong to). Empty unnamed parts are dropped.
 */
int	 upload_finish(struct upload_set *, const unsigned char *k,
	    const char *case_id);
/* Fills store attachments for record_id; returns the count. */
size_t	 upload_to_store(struct upload_set *, const char *record_id,
	    struct store_attachment *, size_t max);
void	 upload_free(struct upload_set *);
/*
 * Bytes of file i received so far (its true size once finished): what the
 * review step lists, without finishing or keeping anything.
 */
uint64_t upload_received(const struct upload_set *, size_t i);
/*
 * Removes the Unicode bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069) from a UTF-8 name in place: with them
 * "invoice_RLO_fdp.exe" shows as "invoice_exe.pdf". Applied when a name
 * arrives and whenever a stored one is read back for showing or export.
 */
void	 upload_strip_bidi(char *);
/* 1 when a file of this name would run as a page or script if opened. */
int	 upload_name_active(const char *);

/* Meta record: "name\0<name>\0type\0<type>\0size\0<n>\0". */
int	 upload_meta_parse(const unsigned char *, size_t, char *name,
	    size_t namelen, uint64_t *size);

#endif
