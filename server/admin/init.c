/*
 * init: the instance's keys. The recovery secret is printed once and never
 * stored; the receipt lookup key goes to a 0600 file that only the intake
 * server reads. A development counselor is made only when asked for
 * (--dev-counselor, which make run passes): an account whose password was
 * printed to a terminal must never receive real cases.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "crypto/recovery.h"
#include "crypto/totp.h"
#include "server/admin/admin.h"
#include "server/common/keyfile.h"
#include "server/common/store.h"

#define INIT_DEV_USER		"counselor"
#define INIT_PASSWORD_CHARS	20


static int
init_exec(PGconn *c, const char *sql, int n, const char *const *v,
    const int *len, const int *fmt)
{
	PGresult *r = PQexecParams(c, sql, n, NULL, v, len, fmt, 0);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;

	if (!ok)
		fprintf(stderr, "init: %s", PQerrorMessage(c));
	PQclear(r);
	return ok ? 0 : -1;
}

static int
init_initialised(PGconn *c)
{
	PGresult *r = PQexec(c, "SELECT 1 FROM org_keys");
	int n = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : -1;

	PQclear(r);
	return n;
}

static void
init_password(char *out, size_t chars)
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz23456789";
	size_t i;

	for (i = 0; i < chars; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[chars] = '\0';
}

/* The review server's key, to seal the development counselor's TOTP. */
static int
init_review_key(const char *path, unsigned char key[32])
{
	ssize_t n;
	int fd;

	if (keyfile_create(path) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	n = read(fd, key, 32);
	close(fd);
	return n == 32 ? 0 : -1;
}

/* A TOTP secret for the development counselor: sealed, and as base32. */
static int
init_totp(const char *review_key, unsigned char *sealed, char *b32, size_t b32len)
{
	unsigned char key[32], secret[TOTP_SECRET_BYTES];
	int rc;

	if (init_review_key(review_key, key) == -1)
		return -1;
	randombytes_buf(secret, sizeof(secret));
	rc = totp_seal(key, secret, sealed);
	totp_base32(secret, sizeof(secret), b32, b32len);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(secret, sizeof(secret));
	return rc;
}

/* The development recipient: a counselor on both channels. */
static int
init_dev_counselor(PGconn *c, const struct config *cfg, char *password,
    char *totp_b32, size_t b32len)
{
	unsigned char pk[ENV_PKBYTES], *sk, sealed[TOTP_SEALED];
	struct keywrap kw;
	char id[ENV_ID_HEXLEN + 1], ops[24], mem[24];
	const char *v[8];
	int len[8] = { 0 }, fmt[8] = { 0 }, rc;

	if ((sk = sodium_malloc(ENV_SKBYTES)) == NULL)
		return -1;
	env_random_id(id);
	init_password(password, INIT_PASSWORD_CHARS);
	rc = env_keypair(pk, sk) == 0 ? keywrap_wrap(password, strlen(password),
	    sk, id, KEYWRAP_OPS, KEYWRAP_MEM, &kw) : -1;
	env_secret_free(sk);
	if (rc != 0 || init_totp(cfg->review_key, sealed, totp_b32, b32len) != 0)
		return -1;
	snprintf(ops, sizeof(ops), "%llu", kw.ops);
	snprintf(mem, sizeof(mem), "%zu", kw.mem);
	v[0] = id; v[1] = INIT_DEV_USER;
	v[2] = (const char *)pk; len[2] = sizeof(pk); fmt[2] = 1;
	v[3] = (const char *)kw.wrapped; len[3] = sizeof(kw.wrapped); fmt[3] = 1;
	v[4] = (const char *)kw.salt; len[4] = sizeof(kw.salt); fmt[4] = 1;
	v[5] = ops; v[6] = mem;
	v[7] = (const char *)sealed; len[7] = sizeof(sealed); fmt[7] = 1;
	if (init_exec(c, "INSERT INTO counselors (id, username, role, public_key, "
	    "wrapped_sk, wrap_salt, wrap_ops, wrap_mem, totp_sealed) VALUES "
	    "($1, $2, 'counselor', $3, $4, $5, $6, $7, $8)", 8, v, len, fmt) == -1)
		return -1;
	return init_exec(c, "INSERT INTO channel_recipients (channel_id, "
	    "counselor_id) SELECT id, $1 FROM channels", 1, v, NULL, NULL);
}

static int
init_recovery(PGconn *c, char *phrase, size_t phraselen)
{
	unsigned char pk[ENV_PKBYTES], *sk;
	const char *v[1] = { (const char *)pk };
	int len[1] = { sizeof(pk) }, fmt[1] = { 1 }, rc;

	if ((sk = sodium_malloc(ENV_SKBYTES)) == NULL)
		return -1;
	rc = env_keypair(pk, sk) == 0 &&
	    recovery_phrase_encode(sk, phrase, phraselen) == 0 ? 0 : -1;
	env_secret_free(sk);
	if (rc == -1)
		return -1;
	return init_exec(c, "INSERT INTO org_keys (id, recovery_pk) "
	    "VALUES (1, $1)", 1, v, len, fmt);
}

static void
init_print(const char *phrase, const char *password, const char *totp)
{
	printf("\n=== Madoguchi is initialised. Shown once; write it down now. ===\n"
	    "Organisation recovery phrase (keep offline, it is stored nowhere):\n"
	    "  %s\n", phrase);
	if (password[0] != '\0')
		printf("Development counselor (for trying the service only):\n"
		    "  user: %s  password: %s\n"
		    "  TOTP key for an authenticator app: %s\n"
		    "  (otpauth://totp/Madoguchi:%s?secret=%s&issuer=Madoguchi)\n",
		    INIT_DEV_USER, password, totp, INIT_DEV_USER, totp);
	printf("\n");
}

int
admin_init(const struct config *cfg, PGconn *c, int dev_counselor)
{
	char phrase[RECOVERY_PHRASE_MAX], password[INIT_PASSWORD_CHARS + 1] = "";
	char err[512], totp[TOTP_BASE32_MAX] = "";
	int n;

	if ((n = init_initialised(c)) != 0) {
		fprintf(stderr, n > 0 ? "init: already initialised\n" :
		    "init: run migrate first\n");
		return n > 0 ? ADMIN_EXIT_ALREADY : 1;
	}
	if (keyfile_create(cfg->lookup_key) == -1) {
		fprintf(stderr, "init: %s: %s\n", cfg->lookup_key, strerror(errno));
		return 1;
	}
	/* check-in codes have their own key: one leaked key opens one kind */
	if (keyfile_create(cfg->checkin_key) == -1) {
		fprintf(stderr, "init: %s: %s\n", cfg->checkin_key, strerror(errno));
		return 1;
	}
	/* the review server's key, made here as before (it seals TOTP secrets) */
	if (keyfile_create(cfg->review_key) == -1) {
		fprintf(stderr, "init: %s: %s\n", cfg->review_key, strerror(errno));
		return 1;
	}
	store_exec(c, "BEGIN", err, sizeof(err));
	if (init_recovery(c, phrase, sizeof(phrase)) == -1 ||
	    (dev_counselor && init_dev_counselor(c, cfg, password, totp,
	    sizeof(totp)) == -1) ||
	    store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		store_exec(c, "ROLLBACK", err, sizeof(err));
		fprintf(stderr, "init: failed, nothing was stored\n");
		return 1;
	}
	init_print(phrase, password, totp);
	sodium_memzero(totp, sizeof(totp));
	sodium_memzero(phrase, sizeof(phrase));
	sodium_memzero(password, sizeof(password));
	return 0;
}
