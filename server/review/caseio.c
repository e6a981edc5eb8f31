#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/review/caseio.h"

int
review_case_open(struct review *app, const struct review_user *u,
    const unsigned char *sk, const char *id, struct review_case *rc)
{
	unsigned char sealed[DB_SEALED_KEY];
	int r;

	memset(rc, 0, sizeof(*rc));
	/* only counselors hold case keys; the check is the key itself */
	if (!(u->role_bit & REVIEW_ROLE_COUNSELOR) || !env_id_valid(id))
		return 0;
	if ((r = db_case_get(app->store, id, u->id, rc, sealed)) != 1)
		return r;
	if (env_key_open(sealed, sizeof(sealed), u->pk, sk, &rc->k) != ENV_OK)
		return 0;
	return 1;
}

void
review_case_close(struct review_case *rc)
{
	env_secret_free(rc->k);
	rc->k = NULL;
}

int
review_note_key(struct review *app, const struct review_user *u,
    const unsigned char *sk, const char *case_id, unsigned char **nk)
{
	unsigned char sealed[DB_SEALED_KEY];
	int r;

	*nk = NULL;
	if ((r = db_note_key(app->store, case_id, u->id, sealed)) != 1)
		return r;
	return env_key_open(sealed, sizeof(sealed), u->pk, sk, nk) == ENV_OK ?
	    1 : REVIEW_EFAIL;
}
