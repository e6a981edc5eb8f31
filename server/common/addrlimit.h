/*
 * Attempts per client address, in memory only: a token bucket for each
 * recent address, and a global bucket that is only a last resort. One
 * client flooding from one address empties its own bucket, not anyone
 * else's. Addresses are kept as a keyed hash under a per-process random
 * key (never the address itself), IPv4 as is, IPv6 by its /64 (one
 * household or host holds a whole /64).
 */
#ifndef MDG_ADDRLIMIT_H
#define MDG_ADDRLIMIT_H
#include <sys/socket.h>

#define ADDRLIMIT_SLOTS		8192	/* addresses remembered at once */
#define ADDRLIMIT_PROBE		16	/* slots searched for one address */

enum addrlimit_result {
	ADDRLIMIT_OK = 0,
	ADDRLIMIT_ADDRESS,	/* this address has used its share */
	ADDRLIMIT_GLOBAL	/* the ceiling for all addresses is reached */
};

struct addrlimit;

/*
 * per_minute attempts per address (bursts up to per_minute), and
 * global_per_minute for all together. NULL when out of memory.
 */
struct addrlimit	*addrlimit_new(unsigned per_minute,
			    unsigned global_per_minute);
void			 addrlimit_free(struct addrlimit *);
/* Takes one attempt for the address (NULL: one shared unknown address). */
enum addrlimit_result	 addrlimit_take(struct addrlimit *,
			    const struct sockaddr *);
/*
 * A wrong password from this address: from the ADDRLIMIT_FREE_FAILS-th
 * failure in a row on, the address waits 1, 2, 4... seconds (at most
 * ADDRLIMIT_MAX_DELAY) before its next attempt. A success forgets them.
 */
#define ADDRLIMIT_FREE_FAILS	5
#define ADDRLIMIT_MAX_DELAY	900
void			 addrlimit_failed(struct addrlimit *,
			    const struct sockaddr *);
void			 addrlimit_succeeded(struct addrlimit *,
			    const struct sockaddr *);

#endif
