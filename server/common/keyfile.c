/*
 * Secret key files (receipt lookup, review server key): 32 random bytes
 * in a 0600 file, created once and never overwritten, so a restart or a
 * second init cannot orphan the cases sealed under the old key.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <sodium.h>

#include "server/common/keyfile.h"

int
keyfile_create(const char *path)
{
	unsigned char key[32];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1)
		return errno == EEXIST ? 0 : -1;
	randombytes_buf(key, sizeof(key));
	n = write(fd, key, sizeof(key));
	sodium_memzero(key, sizeof(key));
	if (n != (ssize_t)sizeof(key) || fsync(fd) == -1) {
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

unsigned char *
keyfile_read(const char *path)
{
	unsigned char *k = sodium_malloc(KEYFILE_BYTES);
	ssize_t n;
	int fd;

	if (k == NULL)
		return NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		sodium_free(k);
		return NULL;
	}
	n = read(fd, k, KEYFILE_BYTES);
	close(fd);
	if (n != KEYFILE_BYTES) {
		sodium_free(k);
		errno = EINVAL;
		return NULL;
	}
	return k;
}
