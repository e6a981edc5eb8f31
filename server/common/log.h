/*
 * Logging to stderr (journald under systemd). Never pass a client address,
 * User-Agent, Referer, receipt or anything a person wrote: log events and
 * case ids only.
 */
#ifndef MDG_LOG_H
#define MDG_LOG_H

void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	fatalx(const char *, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
