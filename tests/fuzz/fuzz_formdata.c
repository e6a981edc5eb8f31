/* Form fields as the post processor delivers them: name, chunks, finish. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "server/common/formdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct formdata fd = { 0 };
	char name[8];
	size_t i = 0, len;

	while (i + 2 <= n) {
		/* byte 1: which of a few names; byte 2: chunk length */
		snprintf(name, sizeof(name), "f%u", d[i] % 4);
		len = d[i + 1];
		i += 2;
		if (len > n - i)
			len = n - i;
		formdata_append(&fd, name, (const char *)d + i, len, d[i - 2] & 0x80);
		i += len;
	}
	formdata_finish(&fd);
	formdata_get(&fd, "f1");
	formdata_free(&fd);
	return 0;
}
