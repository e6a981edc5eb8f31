#include <stddef.h>

#include "server/intake/intake.h"

/* Every page the intake server answers; anything else is 404 or 405. */
const struct route intake_routes[] = {
	{ "GET",  "/",			0, NULL, intake_landing },
	{ "GET",  "/static/",		ROUTE_PREFIX, NULL, intake_static },
	{ "GET",  "/lang/",		ROUTE_PREFIX, NULL, intake_lang },
	{ "GET",  "/report/",		ROUTE_PREFIX, report_prepare, report_form },
	{ "POST", "/report/",		ROUTE_PREFIX | ROUTE_FORM | ROUTE_FILES,
					report_prepare, report_submit },
	{ "GET",  "/receipt",		0, NULL, receipt_page },
	{ "POST", "/receipt/done",	ROUTE_FORM, NULL, receipt_forget },
	{ "GET",  "/followup",		0, NULL, followup_form },
	{ "POST", "/followup",		ROUTE_FORM, NULL, followup_submit },
	{ "GET",  "/case",		0, case_prepare, case_page },
	{ "POST", "/case/reply",	ROUTE_FORM | ROUTE_FILES, case_prepare,
					case_reply },
	{ "POST", "/case/identity",	ROUTE_FORM, case_prepare, case_identity },
	{ "POST", "/case/logout",	ROUTE_FORM, case_prepare, case_logout },
	{ "GET",  "/case/file/",	ROUTE_PREFIX, case_prepare, case_file },
	{ NULL, NULL, 0, NULL, NULL }
};
