#include <string.h>
#include <time.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/review/totp.h"


unsigned char *
review_totp_open(const struct review *app, const unsigned char *sealed,
    size_t len)
{
	unsigned char *s;

	if (len != TOTP_SEALED || (s = sodium_malloc(TOTP_SECRET_BYTES)) == NULL)
		return NULL;
	if (crypto_secretbox_open_easy(s, sealed + crypto_secretbox_NONCEBYTES,
	    len - crypto_secretbox_NONCEBYTES, sealed, app->server_key) != 0) {
		sodium_free(s);
		return NULL;
	}
	return s;
}

/* The slot remembering u's last step; lock held. */
static struct review_totp_seen *
totp_slot(struct review *app, const char *user)
{
	struct review_totp_seen *free_slot = NULL;
	size_t i;

	for (i = 0; i < REVIEW_TOTP_USERS; i++) {
		if (strcmp(app->totp_seen[i].user, user) == 0)
			return &app->totp_seen[i];
		if (app->totp_seen[i].user[0] == '\0' && free_slot == NULL)
			free_slot = &app->totp_seen[i];
	}
	if (free_slot == NULL)
		free_slot = &app->totp_seen[randombytes_uniform(REVIEW_TOTP_USERS)];
	memset(free_slot, 0, sizeof(*free_slot));
	memcpy(free_slot->user, user, sizeof(free_slot->user));
	return free_slot;
}

int
review_totp_check(struct review *app, const struct review_user *u,
    const char *code)
{
	unsigned char *secret = review_totp_open(app, u->totp_sealed, u->totp_len);
	struct review_totp_seen *seen;
	int ok;

	if (secret == NULL)
		return 0;
	pthread_mutex_lock(&app->totp_mu);
	seen = totp_slot(app, u->id);
	ok = totp_verify(secret, TOTP_SECRET_BYTES, code, (uint64_t)time(NULL),
	    &seen->step);
	pthread_mutex_unlock(&app->totp_mu);
	sodium_free(secret);
	return ok;
}
