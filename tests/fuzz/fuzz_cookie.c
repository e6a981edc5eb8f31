/* Cookie values the servers decode: CSRF nonce and token, session id. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/envelope.h"
#include "server/common/csrf.h"
#include "server/common/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static struct csrf *c;
	static struct sessions *s;
	struct session_view v;
	char *str = malloc(n + 1), *mid;

	if (c == NULL) {
		env_init();
		c = csrf_new();
		s = sessions_new(4, 60, 60);
	}
	memcpy(str, d, n);
	str[n] = '\0';
	mid = str + strlen(str) / 2;
	if (csrf_check(c, str, mid))
		abort();	/* no token forged from nothing */
	if (sessions_get(s, str, &v))
		abort();	/* no session exists */
	sessions_destroy(s, str);
	free(str);
	return 0;
}
