/* Growable byte buffer with a hard ceiling, used for pages and bodies. */
#ifndef MDG_BUF_H
#define MDG_BUF_H
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;	/* always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 cap;
	size_t	 max;	/* 0: BUF_DEFAULT_MAX */
	int	 failed;	/* sticky: an append ran out of memory or hit max */
};

#define BUF_DEFAULT_MAX (64u * 1024 * 1024)

int	buf_append(struct buf *, const void *, size_t);
int	buf_puts(struct buf *, const char *);
int	buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_steal(struct buf *, size_t *);
void	buf_reset(struct buf *);
/*
 * Reads a whole file of at most max bytes. -1 with errno set (EFBIG when
 * the file is larger); the buffer is NUL-terminated even when empty.
 */
int	buf_read_file(struct buf *, const char *path, size_t max);
/* Wipes the contents before freeing: buffers may hold plaintext. */
void	buf_free(struct buf *);

#endif
