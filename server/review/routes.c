#include <stddef.h>

#include "server/review/notify.h"
#include "server/review/cohort.h"
#include "server/review/locked.h"
#include "server/review/review.h"

#define COUNSELOR	REVIEW_ROLE_COUNSELOR
#define STATS_ROLES	(REVIEW_ROLE_ANALYST | REVIEW_ROLE_ADMIN)
#define ADMIN		REVIEW_ROLE_ADMIN
#define ANYONE		REVIEW_ROLES_ALL

/*
 * Every page the review server answers, and who may use it (see RA_* in
 * review.h); anything else is 404 or 405. tests/integration/
 * test_review_authz.sh reads this table (madoguchi-review --routes) and
 * tries every route with every role.
 */
const struct route review_routes[] = {
	{ "GET",  "/",			0, NULL, review_login_form, 0 },
	{ "GET",  "/static/",		ROUTE_PREFIX, NULL, review_static, 0 },
	{ "GET",  "/lang/",		ROUTE_PREFIX, NULL, review_lang, 0 },
	{ "GET",  "/login",		0, NULL, review_login_form, 0 },
	{ "POST", "/login",		ROUTE_FORM, NULL, review_login, RA_CSRF },
	/* the session ends in the prepare step, before any token check */
	{ "POST", "/logout",		ROUTE_FORM, review_logout_prepare,
					review_logout, RA_CSRF },
	/* the setup pages are opened by the invitation token instead */
	{ "GET",  "/setup",		0, NULL, review_setup_form, 0 },
	{ "POST", "/setup",		ROUTE_FORM, NULL, review_setup, RA_CSRF },
	{ "GET",  "/setup/qr.svg",	0, NULL, review_setup_qr, 0 },
	{ "POST", "/setup/confirm",	ROUTE_FORM, NULL, review_setup_confirm,
					RA_CSRF },
	{ "GET",  "/queue",		0, NULL, review_queue,
					RA_LOGIN | RA_HOME | COUNSELOR },
	/* asks colleagues for a case of one's channels one holds no key to */
	{ "POST", "/queue/request",	ROUTE_FORM, NULL, review_access_request,
					RA_LOGIN | RA_CSRF | COUNSELOR },
	{ "GET",  "/account",		0, NULL, review_account, RA_LOGIN | ANYONE },
	{ "POST", "/account/password",	ROUTE_FORM, NULL, review_password,
					RA_LOGIN | RA_CSRF | ANYONE },
	{ "POST", "/account/notify",	ROUTE_FORM, NULL, review_notify_save,
					RA_LOGIN | RA_CSRF | COUNSELOR },
	{ "GET",  "/status",		0, NULL, review_status_page, RA_LOGIN | ADMIN },
	{ "GET",  "/stats",		0, NULL, review_stats, RA_LOGIN | STATS_ROLES },
	{ "GET",  "/stats.csv",		0, NULL, review_stats, RA_LOGIN | STATS_ROLES },
	{ "GET",  "/audit",		0, NULL, review_audit_page, RA_LOGIN | ADMIN },
	{ "GET",  "/c/",		ROUTE_PREFIX, NULL, review_case_get,
					RA_LOGIN | RA_CASE | COUNSELOR },
	/* the case key is opened before the body, for the reply's files */
	{ "POST", "/c/",		ROUTE_PREFIX | ROUTE_FORM | ROUTE_FILES,
					review_case_prepare, review_case_post,
					RA_LOGIN | RA_CSRF | RA_CASE | COUNSELOR },
	/* check-in figures: counts only, never a case */
	{ "GET",  "/cohorts",		0, NULL, review_cohorts, RA_LOGIN | STATS_ROLES },
	{ "GET",  "/cohorts/",		ROUTE_PREFIX, NULL, review_cohort,
					RA_LOGIN | STATS_ROLES },
	{ "POST", "/cohorts/add",	ROUTE_FORM, NULL, review_cohort_add,
					RA_LOGIN | RA_CSRF | STATS_ROLES },
	{ "POST", "/cohorts/close",	ROUTE_FORM, NULL, review_round_close,
					RA_LOGIN | RA_CSRF | STATS_ROLES },
	{ NULL, NULL, 0, NULL, NULL, 0 }
};
