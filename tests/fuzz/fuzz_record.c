/* Decrypted records are still parsed as hostile: report and file metadata. */
#include <stddef.h>
#include <stdint.h>

#include "server/common/forms.h"
#include "server/common/upload.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct formdata fd = { 0 };
	const struct form_def *def;
	struct view *v = view_new();
	char name[64];
	uint64_t size;

	forms_record_view((const char *)d, n, v, "r");
	if (forms_record_parse((const char *)d, n, &fd, &def) == 0) {
		struct assessment a;
		forms_assess(def, &fd, &a);
	}
	upload_meta_parse(d, n, name, sizeof(name), &size);
	formdata_free(&fd);
	view_free(v);
	return 0;
}
