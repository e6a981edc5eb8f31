#include <stddef.h>

#include "server/review/notify.h"
#include "server/review/review.h"

/* Every page the review server answers; anything else is 404 or 405. */
const struct route review_routes[] = {
	{ "GET",  "/",			0, NULL, review_login_form },
	{ "GET",  "/static/",		ROUTE_PREFIX, NULL, review_static },
	{ "GET",  "/lang/",		ROUTE_PREFIX, NULL, review_lang },
	{ "GET",  "/login",		0, NULL, review_login_form },
	{ "POST", "/login",		ROUTE_FORM, NULL, review_login },
	{ "POST", "/logout",		ROUTE_FORM, review_session_prepare, review_logout },
	{ "GET",  "/setup",		0, NULL, review_setup_form },
	{ "POST", "/setup",		ROUTE_FORM, NULL, review_setup },
	{ "GET",  "/setup/qr.svg",	0, NULL, review_setup_qr },
	{ "POST", "/setup/confirm",	ROUTE_FORM, NULL, review_setup_confirm },
	{ "GET",  "/queue",		0, review_session_prepare, review_queue },
	{ "GET",  "/account",		0, review_session_prepare, review_account },
	{ "POST", "/account/password",	ROUTE_FORM, review_session_prepare,
					review_password },
	{ "POST", "/account/notify",	ROUTE_FORM, review_session_prepare,
					review_notify_save },
	{ "GET",  "/status",		0, review_session_prepare, review_status_page },
	{ "GET",  "/stats",		0, review_session_prepare, review_stats },
	{ "GET",  "/stats.csv",		0, review_session_prepare, review_stats },
	{ "GET",  "/audit",		0, review_session_prepare, review_audit_page },
	{ "GET",  "/c/",		ROUTE_PREFIX, review_session_prepare, review_case_get },
	{ "POST", "/c/",		ROUTE_PREFIX | ROUTE_FORM | ROUTE_FILES,
					review_case_prepare, review_case_post },
	{ NULL, NULL, 0, NULL, NULL }
};
