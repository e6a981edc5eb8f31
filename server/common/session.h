/*
 * Server-side sessions, in memory only, holding one secret in locked
 * memory until logout, idle timeout or absolute timeout, then wiped. A
 * reporter's session holds the case key K (subject: case id, aux: the
 * receipt's lookup hash; the receipt itself is never kept); a counselor's
 * holds their unwrapped secret key (subject: user id). Only a hash of the
 * cookie is stored.
 */
#ifndef MDG_SESSION_H
#define MDG_SESSION_H
#include <stddef.h>
#include <stdint.h>

#define SESSION_COOKIE_TEXT	44	/* 32 bytes base64url + NUL */
#define SESSION_MARK_UNSET	(-1)	/* a new session's mark */

struct sessions;

/* What a handler gets: copies, so the table lock is not held. */
struct session_view {
	char		 subject[33];
	unsigned char	 aux[32];
	unsigned char	*k;		/* sodium_malloc'd copy; free with env_secret_free */
	int		 mark;		/* reporters: newest record at the last visit */
};

struct sessions	*sessions_new(unsigned max, unsigned idle, unsigned absolute);
void		 sessions_free(struct sessions *);
/* Takes a copy of k. Fills cookie. -1 when the table is full. */
int		 sessions_create(struct sessions *, const char *subject,
		    const unsigned char *aux, const unsigned char *k,
		    char cookie[SESSION_COOKIE_TEXT]);
/* 1 and fills out for a live session (refreshing its idle clock), else 0. */
int		 sessions_get(struct sessions *, const char *cookie,
		    struct session_view *out);
void		 sessions_destroy(struct sessions *, const char *cookie);
/* Sets the mark that sessions_get hands back with the session. */
void		 sessions_mark(struct sessions *, const char *cookie, int mark);
/*
 * Ends every session of subject except the one named by keep (NULL:
 * all); returns how many ended. A password change ends the others.
 */
unsigned	 sessions_destroy_subject(struct sessions *, const char *subject,
		    const char *keep);
/*
 * Counts bytes a session stores against per_minute: 1 when they fit into
 * the current minute (and are counted), 0 when not or no session lives.
 * A refund gives back what a request counted and then did not store.
 */
int		 sessions_spend(struct sessions *, const char *cookie,
		    uint64_t bytes, uint64_t per_minute);
void		 sessions_refund(struct sessions *, const char *cookie,
		    uint64_t bytes);
void		 session_view_clear(struct session_view *);

#endif
