/*
 * A case decrypted into a view, for the reporter's page and the
 * counselor's alike: the report's fields, the thread, files, identity.
 * Rows come from either role's store functions; the key is the caller's.
 */
#ifndef MDG_CASE_VIEW_H
#define MDG_CASE_VIEW_H
#include <stdint.h>

#include "server/common/store.h"
#include "server/common/template.h"
#include "server/common/upload.h"

#define CASE_VIEW_MAX_FILES	256	/* files listed on one page */

struct case_view_file {
	char		id[33];
	char		record_id[33];
	char		name[UPLOAD_NAME_MAX + 1];
	uint64_t	size;
};

struct case_view {
	const unsigned char	*k;		/* the case key */
	const char		*case_id;
	struct view		*v;
	const char		*href;		/* file links: href + file id */
	int			 show_identity;	/* counselors see the details */
	int			 mark_new;	/* reporters: mark answers after seen */
	int			 seen;		/* record number at the last visit */
	int			 nnew;		/* answers marked new so far */
	int			 nanswers;	/* counselors' messages */
	struct case_view_file	 files[CASE_VIEW_MAX_FILES];
	size_t			 nfiles;
	int			 bad;		/* a record did not open */
};

/* store_row_fn for attachments: collect them first, then the records. */
int	case_view_file(void *, const struct store_row *);
/* store_row_fn for records: report, identity, messages. */
int	case_view_record(void *, const struct store_row *);

#endif
