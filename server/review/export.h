/*
 * A case file as a libzip source that decrypts only when libzip opens it
 * (inside zip_close, one file after another) and wipes the plaintext when
 * libzip closes it: an export holds one file's plaintext at a time.
 */
#ifndef MDG_REVIEW_EXPORT_H
#define MDG_REVIEW_EXPORT_H
#include <stdint.h>

#include <zip.h>

#include "server/review/review.h"

struct export_src;

/* size: the plaintext size from the file's sealed metadata. */
struct export_src *export_src_new(struct review *, const struct review_case *,
		    const char *att_id, uint64_t size);
/* The source for zip_file_add; it owns x from here on (NULL: x freed). */
zip_source_t	*export_src_zip(zip_t *, struct export_src *x);

#endif
