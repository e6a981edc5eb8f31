#include <string.h>

#include <sodium.h>

#include "server/common/csrf.h"

#define CSRF_NONCE_BYTES 16

struct csrf {
	unsigned char	*key;	/* sodium_malloc'd crypto_auth key */
};

struct csrf *
csrf_new(void)
{
	struct csrf *c;

	if ((c = sodium_malloc(sizeof(*c))) == NULL)
		return NULL;
	if ((c->key = sodium_malloc(crypto_auth_KEYBYTES)) == NULL) {
		sodium_free(c);
		return NULL;
	}
	crypto_auth_keygen(c->key);
	return c;
}

void
csrf_free(struct csrf *c)
{
	if (c == NULL)
		return;
	sodium_free(c->key);
	sodium_free(c);
}

void
csrf_nonce(char out[CSRF_NONCE_TEXT])
{
	unsigned char n[CSRF_NONCE_BYTES];

	randombytes_buf(n, sizeof(n));
	sodium_bin2base64(out, CSRF_NONCE_TEXT, n, sizeof(n),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int
csrf_token(const struct csrf *c, const char *nonce, char out[CSRF_TOKEN_TEXT])
{
	unsigned char n[CSRF_NONCE_BYTES], mac[crypto_auth_BYTES];
	size_t len;

	if (nonce == NULL || strlen(nonce) != CSRF_NONCE_TEXT - 1 ||
	    sodium_base642bin(n, sizeof(n), nonce, strlen(nonce), NULL, &len,
	    NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != sizeof(n))
		return -1;
	crypto_auth(mac, n, sizeof(n), c->key);
	sodium_bin2base64(out, CSRF_TOKEN_TEXT, mac, sizeof(mac),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return 0;
}

int
csrf_check(const struct csrf *c, const char *nonce, const char *token)
{
	char want[CSRF_TOKEN_TEXT];

	if (token == NULL || strlen(token) != CSRF_TOKEN_TEXT - 1 ||
	    csrf_token(c, nonce, want) == -1)
		return 0;
	return sodium_memcmp(want, token, CSRF_TOKEN_TEXT - 1) == 0;
}
