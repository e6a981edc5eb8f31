/*
 * The intake application: what its handlers share. It holds public keys
 * and the receipt lookup key, never anything that opens a stored report
 * without the reporter's receipt.
 */
#ifndef MDG_INTAKE_H
#define MDG_INTAKE_H

#include "server/common/catalog.h"
#include "server/common/config.h"
#include "server/common/deadlines.h"
#include "server/common/filing.h"
#include "server/common/http.h"
#include "server/common/kdf_gate.h"
#include "server/common/page.h"
#include "server/common/ratelimit.h"
#include "server/common/addrlimit.h"
#include "server/common/serve.h"
#include "server/common/session.h"
#include "server/common/store.h"
#include "server/common/template.h"

#define INTAKE_SESSION_COOKIE	"__Host-mdg_case"
#define INTAKE_MAX_RECIPIENTS	64
#define INTAKE_REPLY_MAX	20000	/* bytes of one reply */
#define INTAKE_LANG_COOKIE_AGE	(365L * 24 * 3600)
#define INTAKE_IDENTITY_MAX	400	/* bytes of a name or a contact line */

struct intake {
	const struct config	*cfg;
	struct store		*store;
	struct site		 site;		/* templates, messages, style */
	unsigned char		*lookup_key;	/* sodium_malloc'd */
	struct sessions		*sessions;
	struct kdf_gate		*gate;		/* Argon2id work only */
	int			 kdf;		/* enum receipt_kdf of new cases */
	struct intake_limits {
		struct addrlimit	*followup;	/* receipt attempts */
		struct addrlimit	*report;	/* reports filed */
		struct addrlimit	*checkin;	/* check-in code attempts */
	}			 direct, onion;
	struct workdays		 cal;		/* for the cases' deadlines */
	unsigned char		*checkin_key;	/* sodium_malloc'd; NULL: no check-ins */
	struct filings		*filings;	/* form tokens, receipts to show */
};

extern const struct route intake_routes[];

/* The attempt limits of the listener this request came in on. */
static inline struct intake_limits *
intake_limits(struct request *req)
{
	struct intake *app = req->srv->app;

	return req->srv->shared_address ? &app->onion : &app->direct;
}

static inline struct intake *
intake_of(struct request *req)
{
	return req->srv->app;
}

/* server/intake_pages.c */
struct page_ctx	intake_page(struct request *);	/* templates and catalog */
enum MHD_Result	intake_landing(struct request *);
enum MHD_Result	intake_static(struct request *);
enum MHD_Result	intake_lang(struct request *);
enum MHD_Result	intake_how(struct request *);
enum MHD_Result	intake_error(struct request *, unsigned status);
/* The file limits a form shows: per file, and per case in all. */
void		intake_limits_view(struct request *, struct view *);

/* server/intake_report.c */
enum MHD_Result	report_prepare(struct request *);
enum MHD_Result	report_form(struct request *);
enum MHD_Result	report_submit(struct request *);
struct form_def;
/* The form token, action and limits every report page carries. */
void		report_view_common(struct request *, const struct form_def *,
		    struct view *);
/* server/intake/report_review.c: the answers shown before sending */
enum MHD_Result	report_review(struct request *, const struct form_def *);

/* server/intake/reporter_key.c */
#define RKEY_OK		0
#define RKEY_ERROR	(-1)	/* memory, or a kdf this build does not know */
#define RKEY_BUSY	(-2)	/* Argon2id: no gate slot came free */
#define RKEY_WRONG	(-3)	/* the derived key does not open the case */
/* Salt, kdf and parameters into nc; the reporter's public key into pk. */
int	reporter_key_new(struct intake *, const char *canon,
	    struct store_new_case *, unsigned char *pk);
/* The case key K opened with the receipt under the case's stored kdf. */
int	reporter_key_open(struct intake *, const char *canon,
	    const struct store_case *, unsigned char **k);
/* The work of opening a new case, for a receipt no case has. */
void	reporter_key_decoy(struct intake *, const char *canon);
/* server/intake/receipt.c: the page after a filing (Post/Redirect/Get) */
enum MHD_Result	receipt_page(struct request *);
enum MHD_Result	receipt_forget(struct request *);
enum MHD_Result	receipt_print(struct request *);	/* /receipt/print */
/* Shows r; held 0 when it cannot be held for the receipt page. */
enum MHD_Result	receipt_send(struct request *, const struct filing_receipt *,
		    const char *token, int held);

/* server/intake_followup.c */
enum MHD_Result	followup_form(struct request *);
enum MHD_Result	followup_submit(struct request *);
/* The receipt page again, keeping a reply typed into an ended session. */
enum MHD_Result	followup_expired(struct request *);
enum MHD_Result	case_prepare(struct request *);
enum MHD_Result	case_page(struct request *);
enum MHD_Result	case_reply(struct request *);
enum MHD_Result	case_identity(struct request *);
enum MHD_Result	case_file(struct request *);
enum MHD_Result	case_logout(struct request *);
/* server/intake/case_next.c: the steps ahead and their dates, into v */
void		case_next_view(struct view *, const char *status,
		    const struct store_dates *, int answered);

/* server/intake/checkin*.c: cohort check-ins */
enum MHD_Result	checkin_get(struct request *);
enum MHD_Result	checkin_answer(struct request *);
enum MHD_Result	checkin_talk(struct request *);

#endif
