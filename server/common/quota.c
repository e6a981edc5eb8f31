#include "server/common/quota.h"

uint64_t
quota_rounded(size_t stream_len)
{
	return ((uint64_t)stream_len + QUOTA_STEP - 1) / QUOTA_STEP * QUOTA_STEP;
}

void
quota_of_uploads(const struct upload_set *s, uint64_t *files, uint64_t *bytes)
{
	size_t i;

	*files = s->n;
	*bytes = 0;
	for (i = 0; i < s->n; i++)
		*bytes += quota_rounded(s->f[i].stream_len);
}

int
quota_fits(const struct case_quota *q, uint64_t files, uint64_t bytes,
    uint64_t add_files, uint64_t add_bytes)
{
	/* compared without adding first: nothing can wrap */
	if (add_files > q->max_files || files > q->max_files - add_files)
		return 0;
	if (add_bytes > q->max_bytes || bytes > q->max_bytes - add_bytes)
		return 0;
	return 1;
}
