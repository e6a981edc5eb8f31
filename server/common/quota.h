/*
 * What one case may hold in attachments (issue 9: one anonymous person
 * must not fill the disk). Counted the way the database already sees a
 * file, its ciphertext rounded up to 64 KiB, so the check needs no column
 * that is not there and no finer size than the clear one.
 */
#ifndef MDG_QUOTA_H
#define MDG_QUOTA_H
#include <stddef.h>
#include <stdint.h>

#include "server/common/upload.h"

#define QUOTA_STEP	65536u	/* the rounding of attachments.size_rounded */

struct case_quota {
	uint64_t	max_bytes;
	uint64_t	max_files;
};

/* What the database stores as a file's clear size. */
uint64_t quota_rounded(size_t stream_len);
/* The finished files of one request, counted like stored ones. */
void	 quota_of_uploads(const struct upload_set *, uint64_t *files,
	    uint64_t *bytes);
/* 1 when a case holding files/bytes can also take add_files/add_bytes. */
int	 quota_fits(const struct case_quota *, uint64_t files, uint64_t bytes,
	    uint64_t add_files, uint64_t add_bytes);

#endif
