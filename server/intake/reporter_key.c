/*
 * The reporter's key pair, derived from the receipt by the key derivation
 * the case names. New cases use the configured one (BLAKE2b by default:
 * the receipt's random bits carry the offline work). Argon2id, for cases
 * filed before or by an operator's choice, is memory-hard: only that work
 * passes the kdf gate, so its RAM stays bounded under load.
 */
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "server/intake/intake.h"

/* Argon2id inside the gate; RKEY_BUSY when no slot comes free. */
static int
rkey_argon2id(struct intake *app, const char *canon, const unsigned char *salt,
    unsigned long long ops, size_t mem, unsigned char *pk, unsigned char *sk)
{
	int rc;

	if (kdf_gate_enter(app->gate) == -1)
		return RKEY_BUSY;
	rc = receipt_keypair(canon, salt, ops, mem, pk, sk);
	kdf_gate_leave(app->gate);
	return rc == RECEIPT_OK ? RKEY_OK : RKEY_ERROR;
}

static int
rkey_derive(struct intake *app, const char *canon, enum receipt_kdf kdf,
    const unsigned char *salt, unsigned long long ops, size_t mem,
    unsigned char *pk, unsigned char *sk)
{
	switch (kdf) {
	case RECEIPT_KDF_BLAKE2B:
		return receipt_keypair_blake2b(canon, salt, pk, sk) ==
		    RECEIPT_OK ? RKEY_OK : RKEY_ERROR;
	case RECEIPT_KDF_ARGON2ID:
		return rkey_argon2id(app, canon, salt, ops, mem, pk, sk);
	}
	return RKEY_ERROR;
}

int
reporter_key_new(struct intake *app, const char *canon,
    struct store_new_case *nc, unsigned char *pk)
{
	unsigned char *sk;
	int rc;

	receipt_salt(nc->salt);
	nc->kdf = receipt_kdf_name(app->kdf);
	nc->ops = app->kdf == RECEIPT_KDF_ARGON2ID ? RECEIPT_KDF_OPS : 0;
	nc->mem = app->kdf == RECEIPT_KDF_ARGON2ID ? RECEIPT_KDF_MEM : 0;
	if ((sk = sodium_malloc(ENV_SKBYTES)) == NULL)
		return RKEY_ERROR;
	rc = rkey_derive(app, canon, app->kdf, nc->salt, nc->ops, nc->mem,
	    pk, sk);
	env_secret_free(sk);
	return rc;
}

int
reporter_key_open(struct intake *app, const char *canon,
    const struct store_case *sc, unsigned char **k)
{
	unsigned char pk[ENV_PKBYTES], *sk;
	enum receipt_kdf kdf = receipt_kdf_parse(sc->kdf);
	int rc;

	*k = NULL;
	if (kdf == 0 || (sk = sodium_malloc(ENV_SKBYTES)) == NULL)
		return RKEY_ERROR;
	rc = rkey_derive(app, canon, kdf, sc->salt, sc->ops, sc->mem, pk, sk);
	if (rc == RKEY_OK && env_key_open(sc->sealed, sizeof(sc->sealed), pk,
	    sk, k) != ENV_OK)
		rc = RKEY_WRONG;
	env_secret_free(sk);
	return rc;
}

/*
 * An unknown receipt costs what opening a new case costs: the same
 * derivation and an attempt to open a sealed key (random bytes, so it
 * fails after the same X25519 and Poly1305 work), so time does not tell.
 */
void
reporter_key_decoy(struct intake *app, const char *canon)
{
	struct store_case sc;
	unsigned char *k;

	memset(&sc, 0, sizeof(sc));
	randombytes_buf(sc.salt, sizeof(sc.salt));
	randombytes_buf(sc.sealed, sizeof(sc.sealed));
	memcpy(sc.kdf, receipt_kdf_name(app->kdf),
	    strlen(receipt_kdf_name(app->kdf)) + 1);
	sc.ops = app->kdf == RECEIPT_KDF_ARGON2ID ? RECEIPT_KDF_OPS : 0;
	sc.mem = app->kdf == RECEIPT_KDF_ARGON2ID ? RECEIPT_KDF_MEM : 0;
	if (reporter_key_open(app, canon, &sc, &k) == RKEY_OK)
		env_secret_free(k);	/* 2^-128: random bytes that open */
}
