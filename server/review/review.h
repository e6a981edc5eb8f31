/*
 * The review application: the only place stored reports are decrypted.
 * A counselor's secret key is unwrapped at login into a server-side
 * session (locked memory) and wiped at logout or timeout.
 */
#ifndef MDG_REVIEW_H
#define MDG_REVIEW_H
#include <pthread.h>
#include <stdio.h>
#include <stdint.h>

#include "server/common/config.h"
#include "server/common/http.h"
#include "server/common/kdf_gate.h"
#include "server/common/page.h"
#include "server/common/addrlimit.h"
#include "server/common/serve.h"
#include "server/common/session.h"
#include "server/common/store.h"
#include "server/common/vocab.h"
#include "server/review/db.h"

#define REVIEW_SESSION_COOKIE	"__Host-mdg_review"
#define REVIEW_PASSWORD_MIN	12	/* characters of a new password */
/*
 * An account's failed logins (and wrong current passwords) in a row:
 * from the REVIEW_MAX_FAILED-th on, the account waits 15 s, then 30 s,
 * doubling up to 15 minutes. Attempts while it waits are refused without
 * being counted, so nobody can stretch a lock; once it has passed, the
 * right password and code work. Each address has its own delays too
 * (addrlimit), so one stranger can renew a lock only now and then.
 */
#define REVIEW_MAX_FAILED	5
#define REVIEW_LOCK_BASE	15	/* seconds of the first lock */
#define REVIEW_LOCK_MAX		900	/* seconds of the longest lock */
#define REVIEW_QUEUE_PAGE	50	/* cases per queue page */
#define REVIEW_AUDIT_PAGE	200	/* newest entries on the audit page */
#define REVIEW_VERB_TEXT	16	/* "reply", "export"... in a case path */
#define REVIEW_SERVER_KEY_BYTES	32	/* the key sealing TOTP secrets */
#define REVIEW_NOTE_MAX		20000
#define REVIEW_TOTP_USERS	1024	/* last-used TOTP steps kept in memory */

struct review_totp_seen {
	char		user[DB_ID_TEXT];
	uint64_t	step;
};

struct review {
	const struct config	*cfg;
	struct store		*store;
	struct site		 site;		/* templates, messages, style */
	struct sessions		*sessions;
	struct kdf_gate		*gate;
	struct addrlimit	*login_rl;
	unsigned char		*server_key;	/* seals TOTP secrets; sodium_malloc'd */
	pthread_mutex_t		 totp_mu;
	struct review_totp_seen	 totp_seen[REVIEW_TOTP_USERS];
};

/*
 * Who may use a route (route->access): the roles allowed (REVIEW_ROLE_*
 * bits) and what the request must bring. review_access_guard checks
 * them before any handler runs; handlers find the result in review_ctx().
 */
#define RA_LOGIN	0x0100	/* a logged-in session of one of the roles */
#define RA_CSRF		0x0200	/* a form with the right CSRF token */
#define RA_CASE		0x0400	/* /c/ID...: the case, its key opened */
#define RA_HOME		0x0800	/* other roles are sent home, not refused */

extern const struct route review_routes[];

/* What the guard found out, for the handler. */
struct review_ctx {
	int			logged_in;
	struct review_user	u;		/* when logged_in */
	int			has_case;
	struct review_case	rc;		/* when has_case: key open */
	char			id[DB_ID_TEXT], verb[REVIEW_VERB_TEXT], arg[DB_ID_TEXT];
};

static inline struct review_ctx *
review_ctx(struct request *req)
{
	return req->ctx;
}

static inline struct review *
review_of(struct request *req)
{
	return req->srv->app;
}

/* server/review/access.c */
int		review_access_guard(struct request *, enum MHD_Result *);
void		review_access_free(void *);
/* The route table as text, one route a line, for the authorization test. */
void		review_access_print(FILE *);

/* server/review/pages.c */
struct page_ctx	review_page(struct request *);
enum MHD_Result	review_error(struct request *, unsigned status);
enum MHD_Result	review_error_msg(struct request *, unsigned status,
		    const char *msgid);	/* with its own message */
/* The HTTP status for an error code of server/review/db.h. */
unsigned	review_rc_status(int rc);
enum MHD_Result	review_static(struct request *);
enum MHD_Result	review_lang(struct request *);
/* The logged-in user for this request, fetched fresh (revocation works). */
int		review_current(struct request *, struct review_user *);
/* Where a user of this role starts. */
const char	*review_home(const struct review_user *);
/* The navigation the role sees, as view flags. */
void		review_nav(struct view *, const struct review_user *);
/* One child of key per word: value, label (msgid_prefix + word), selected. */
void		review_choices(struct view *, const char *key,
		    const char *const *words, const char *msgid_prefix,
		    const char *selected);

/* server/review_auth.c */
enum MHD_Result	review_session_prepare(struct request *);
enum MHD_Result	review_login_form(struct request *);
enum MHD_Result	review_login(struct request *);
enum MHD_Result	review_logout_prepare(struct request *);
enum MHD_Result	review_logout(struct request *);
enum MHD_Result	review_setup_form(struct request *);
enum MHD_Result	review_setup(struct request *);
enum MHD_Result	review_setup_qr(struct request *);
enum MHD_Result	review_setup_confirm(struct request *);

/* server/review_queue.c */
enum MHD_Result	review_queue(struct request *);
enum MHD_Result	review_audit_page(struct request *);

/* server/review_setup.c: a msgid naming what is wrong with a new password */
const char	*review_password_problem(const char *pw, const char *confirm,
		    const char *user);

/* server/review_account.c */
enum MHD_Result	review_account(struct request *);
enum MHD_Result	review_password(struct request *);

/* server/review_stats.c */
enum MHD_Result	review_stats(struct request *);

/* server/review_case.c */
enum MHD_Result	review_case_prepare(struct request *);
enum MHD_Result	review_case_get(struct request *);
enum MHD_Result	review_case_post(struct request *);

#endif
