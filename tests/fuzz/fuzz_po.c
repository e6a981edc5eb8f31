/* The .po parser on anything. */
#include <stddef.h>
#include <stdint.h>

#include "server/common/catalog.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static int
count(void *arg, const char *id, const char *str)
{
	(void)id;
	(void)str;
	++*(int *)arg;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char err[128];
	int c = 0;

	po_parse((const char *)d, n, count, &c, err, sizeof(err));
	return 0;
}
