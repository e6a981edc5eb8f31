#include <qrencode.h>

#include "server/common/qrsvg.h"

int
qrsvg_path(const char *text, struct buf *path, int *size)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	int x, y;

	if (q == NULL)
		return -1;
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				buf_printf(path, "M%d %dh1v1h-1z", x + QRSVG_QUIET,
				    y + QRSVG_QUIET);
	*size = q->width + 2 * QRSVG_QUIET;
	QRcode_free(q);
	return path->failed ? -1 : 0;
}
