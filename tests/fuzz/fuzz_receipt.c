/* Whatever a person types into the receipt field. */
#include <stddef.h>
#include <stdint.h>

#include "crypto/receipt.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char canon[RECEIPT_DIGITS + 1], text[RECEIPT_TEXTLEN + 1];

	if (receipt_parse((const char *)d, n, canon) == RECEIPT_OK)
		receipt_format(canon, text);
	return 0;
}
