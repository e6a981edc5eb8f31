/*
 * X.509 with OpenSSL's libcrypto: a self-signed certificate for a first
 * run, and the start-up check that the configured certificate and key
 * parse, belong together and are within their validity dates.
 */
#ifndef MDG_TLS_H
#define MDG_TLS_H
#include <stddef.h>

/* ECDSA P-256, SAN localhost/127.0.0.1/::1; key written 0600. */
int	 tls_selfsigned_create(const char *cert_path, const char *key_path,
	    const char *cn, int days, char *err, size_t errlen);
/* Like tls_selfsigned_create with a validity window offset (for tests). */
int	 tls_selfsigned_create_at(const char *cert_path, const char *key_path,
	    const char *cn, long start_offset_days, int days, char *err,
	    size_t errlen);
int	 tls_check(const char *cert_path, const char *key_path, char *err,
	    size_t errlen);
/* The file's contents, NUL-terminated, at most max bytes; malloc'd. */
char	*tls_read_pem(const char *path, size_t max, char *err, size_t errlen);

#endif
