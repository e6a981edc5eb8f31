/*
 * The one rule for a counselor's mail address, shared by the review
 * server (which stores it) and the notifier (which writes it into a
 * header): a plain addr-spec of letters, digits and ._%+- before the @
 * and dotted labels after it. No quotes, spaces, angle brackets or line
 * breaks can pass, so an address cannot add a header or a recipient.
 * The database checks the same pattern (migrations/008_notify.sql).
 */
#include <string.h>

#include "server/common/mailaddr.h"

int
mailaddr_ok(const char *s)
{
	const char *at = strchr(s, '@'), *p;
	size_t local;
	int dots = 0, label = 0;

	if (at == NULL || strlen(s) > MAILADDR_MAX || (local = (size_t)(at - s)) == 0 ||
	    local > 64)
		return 0;
	for (p = s; p < at; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._%+-", *p) != NULL))
			return 0;
	for (p = at + 1; *p != '\0'; p++) {
		if (*p == '.') {
			if (label == 0)
				return 0;
			dots++;
			label = 0;
		} else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-') {
			if (++label > 63)
				return 0;
		} else
			return 0;
	}
	return dots > 0 && label > 0;
}
