#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "server/common/log.h"

static void
log_v(const char *level, const char *fmt, va_list ap)
{
	/* one fprintf per line keeps lines whole across threads */
	char line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	fprintf(stderr, "%s: %s\n", level, line);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("info", fmt, ap);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("warning", fmt, ap);
	va_end(ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_v("fatal", fmt, ap);
	va_end(ap);
	exit(1);
}
