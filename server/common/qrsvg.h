/*
 * QR codes as SVG path data, drawn from libqrencode's modules, so a page
 * can carry the code inline (no image file, no script).
 */
#ifndef MDG_QRSVG_H
#define MDG_QRSVG_H

#include "server/common/buf.h"

#define QRSVG_QUIET	4	/* modules of white border the standard asks for */

/*
 * Appends "M x yh1v1h-1z..." for every dark module of text's QR code
 * (error correction M) to path, and sets *size to the side in modules,
 * border included. 0 or -1.
 */
int	qrsvg_path(const char *text, struct buf *path, int *size);

#endif
