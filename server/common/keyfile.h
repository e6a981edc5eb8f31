#ifndef MDG_KEYFILE_H
#define MDG_KEYFILE_H

#define KEYFILE_BYTES 32

/* Writes KEYFILE_BYTES random bytes to path, mode 0600; 0 if it exists. */
int	keyfile_create(const char *path);
/* The key in path, in sodium_malloc'd memory (sodium_free it); NULL with errno. */
unsigned char	*keyfile_read(const char *path);

#endif
