#include <stddef.h>

#include "server/intake/intake.h"
#include "server/intake/watch.h"

/* Every page the intake server answers; anything else is 404 or 405. */
const struct route intake_routes[] = {
	{ "GET",  "/",			0, NULL, intake_landing, 0 },
	{ "GET",  "/how",		0, NULL, intake_how, 0 },
	{ "GET",  "/static/",		ROUTE_PREFIX, NULL, intake_static, 0 },
	{ "GET",  "/lang/",		ROUTE_PREFIX, NULL, intake_lang, 0 },
	{ "GET",  "/report/",		ROUTE_PREFIX, report_prepare, report_form, 0 },
	{ "POST", "/report/",		ROUTE_PREFIX | ROUTE_FORM | ROUTE_FILES,
					report_prepare, report_submit, 0 },
	{ "GET",  "/receipt",		0, NULL, receipt_page, 0 },
	{ "GET",  "/receipt/print",	0, NULL, receipt_print, 0 },
	{ "POST", "/receipt/done",	ROUTE_FORM, NULL, receipt_forget, 0 },
	{ "GET",  "/followup",		0, NULL, followup_form, 0 },
	{ "POST", "/followup",		ROUTE_FORM, NULL, followup_submit, 0 },
	{ "GET",  "/case",		0, case_prepare, case_page, 0 },
	{ "POST", "/case/reply",	ROUTE_FORM | ROUTE_FILES, case_prepare,
					case_reply, 0 },
	{ "POST", "/case/identity",	ROUTE_FORM, case_prepare, case_identity, 0 },
	{ "POST", "/case/watch",	ROUTE_FORM, case_prepare, case_watch_answer, 0 },
	{ "POST", "/case/logout",	ROUTE_FORM, case_prepare, case_logout, 0 },
	{ "GET",  "/case/file/",	ROUTE_PREFIX, case_prepare, case_file, 0 },
	{ "GET",  "/checkin",		0, NULL, checkin_get, 0 },
	{ "POST", "/checkin/answer",	ROUTE_FORM, NULL, checkin_answer, 0 },
	{ "POST", "/checkin/talk",	ROUTE_FORM, NULL, checkin_talk, 0 },
	{ NULL, NULL, 0, NULL, NULL, 0 }
};
