#ifndef MDG_KEYFILE_H
#define MDG_KEYFILE_H

#define KEYFILE_BYTES 32

/* Writes KEYFILE_BYTES random bytes to path, mode 0600; 0 if it exists. */
int	keyfile_create(const char *path);

#endif
