#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "server/common/buf.h"
#include "server/common/tls.h"

static int
tls_ext(X509 *x, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	int ok;

	X509V3_set_ctx_nodb(&ctx);
	X509V3_set_ctx(&ctx, x, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL)
		return 0;
	ok = X509_add_ext(x, e, -1);
	X509_EXTENSION_free(e);
	return ok;
}

static int
tls_serial(X509 *x)
{
	BIGNUM *bn = BN_new();
	int ok = bn != NULL && BN_rand(bn, 159, BN_RAND_TOP_ANY,
	    BN_RAND_BOTTOM_ANY) && BN_to_ASN1_INTEGER(bn,
	    X509_get_serialNumber(x)) != NULL;

	BN_free(bn);
	return ok;
}

static X509 *
tls_make_cert(EVP_PKEY *key, const char *cn, long start_days, int days)
{
	X509 *x = X509_new();
	X509_NAME *name;

	if (x == NULL)
		return NULL;
	name = X509_get_subject_name(x);
	if (!X509_set_version(x, 2) || !tls_serial(x) ||
	    !X509_gmtime_adj(X509_getm_notBefore(x), start_days * 86400L) ||
	    !X509_gmtime_adj(X509_getm_notAfter(x), (start_days + days) * 86400L) ||
	    !X509_set_pubkey(x, key) ||
	    !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0) ||
	    !X509_set_issuer_name(x, name) ||
	    !tls_ext(x, NID_subject_alt_name,
	    "DNS:localhost,IP:127.0.0.1,IP:0:0:0:0:0:0:0:1") ||
	    !tls_ext(x, NID_basic_constraints, "critical,CA:FALSE") ||
	    !tls_ext(x, NID_key_usage, "critical,digitalSignature") ||
	    !tls_ext(x, NID_ext_key_usage, "serverAuth") ||
	    !X509_sign(x, key, EVP_sha256())) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Written to a temporary name and renamed, so no half file is ever read. */
static int
tls_write(const char *path, mode_t mode, EVP_PKEY *key, X509 *x)
{
	char tmp[1100];
	FILE *f;
	int fd, ok;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) == -1)
		return 0;
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return 0;
	}
	ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) :
	    PEM_write_X509(f, x);
	ok = fflush(f) == 0 && fsync(fd) == 0 && ok;
	fclose(f);
	if (!ok || rename(tmp, path) == -1) {
		unlink(tmp);
		return 0;
	}
	return 1;
}

int
tls_selfsigned_create_at(const char *cert_path, const char *key_path,
    const char *cn, long start_days, int days, char *err, size_t errlen)
{
	EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	X509 *x = key ? tls_make_cert(key, cn, start_days, days) : NULL;
	int ok = x != NULL && tls_write(key_path, 0600, key, NULL) &&
	    tls_write(cert_path, 0644, NULL, x);

	if (!ok)
		snprintf(err, errlen, "cannot create %s / %s: %s", cert_path,
		    key_path, errno ? strerror(errno) : "OpenSSL error");
	X509_free(x);
	EVP_PKEY_free(key);
	return ok ? 0 : -1;
}

int
tls_selfsigned_create(const char *cert_path, const char *key_path,
    const char *cn, int days, char *err, size_t errlen)
{
	return tls_selfsigned_create_at(cert_path, key_path, cn, 0, days, err,
	    errlen);
}

static int
tls_check_dates(const X509 *x, const char *path, char *err, size_t errlen)
{
	if (X509_cmp_current_time(X509_get0_notBefore(x)) > 0) {
		snprintf(err, errlen, "%s: certificate is not valid yet", path);
		return -1;
	}
	if (X509_cmp_current_time(X509_get0_notAfter(x)) < 0) {
		snprintf(err, errlen, "%s: certificate has expired", path);
		return -1;
	}
	return 0;
}

int
tls_check(const char *cert_path, const char *key_path, char *err, size_t errlen)
{
	EVP_PKEY *key = NULL;
	X509 *x = NULL;
	FILE *f;
	int rc = -1;

	if ((f = fopen(cert_path, "r")) != NULL) {
		x = PEM_read_X509(f, NULL, NULL, NULL);
		fclose(f);
	}
	if ((f = fopen(key_path, "r")) != NULL) {
		key = PEM_read_PrivateKey(f, NULL, NULL, NULL);
		fclose(f);
	}
	if (x == NULL)
		snprintf(err, errlen, "%s: missing or not a PEM certificate",
		    cert_path);
	else if (key == NULL)
		snprintf(err, errlen, "%s: missing or not a PEM private key",
		    key_path);
	else if (EVP_PKEY_eq(X509_get0_pubkey(x), key) != 1)
		snprintf(err, errlen, "%s does not belong to %s", key_path,
		    cert_path);
	else
		rc = tls_check_dates(x, cert_path, err, errlen);
	X509_free(x);
	EVP_PKEY_free(key);
	return rc;
}

char *
tls_read_pem(const char *path, size_t max, char *err, size_t errlen)
{
	struct buf b = { 0 };

	if (buf_read_file(&b, path, max) == -1 || b.len == 0) {
		snprintf(err, errlen, "%s: %s", path, b.len == 0 && errno != EFBIG &&
		    errno != ENOENT ? "empty" : strerror(errno));
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}
