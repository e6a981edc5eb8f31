/* madoguchi-notify: start-up checks, privilege drop, sandbox, then the loop. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "server/common/buf.h"
#include "server/common/log.h"
#include "server/common/mailaddr.h"
#include "server/common/sandbox.h"
#include "server/notify/notify.h"

static void
notify_usage(FILE *f, int code)
{
	fprintf(f, "usage: madoguchi-notify -c CONFIG\n"
	    "Mails counselors that cases are waiting (madoguchi-notify(8)).\n");
	exit(code);
}

/* Every setting the mails depend on is checked before anything is sent. */
static void
notify_check(const struct config *cfg)
{
	if (cfg->db_notify[0] == '\0')
		fatalx("config: db_notify is not set");
	if (strncmp(cfg->smtp_url, "smtp://", 7) != 0 &&
	    strncmp(cfg->smtp_url, "smtps://", 8) != 0)
		fatalx("config: smtp_url must start with smtp:// or smtps://");
	if (strcmp(cfg->smtp_tls, "starttls") != 0 && strcmp(cfg->smtp_tls, "none") != 0)
		fatalx("config: smtp_tls must be starttls or none");
	if (!mailaddr_ok(cfg->smtp_from))
		fatalx("config: smtp_from is not a mail address");
	if (strncmp(cfg->review_url, "https://", 8) != 0 &&
	    strncmp(cfg->review_url, "http://", 7) != 0)
		fatalx("config: review_url must be the review server's http(s) address");
	if (strcmp(cfg->smtp_tls, "none") == 0)
		log_warnx("notify: smtp_tls = none: mail leaves unencrypted "
		    "(only for a relay on this machine)");
}

/* The SMTP password, read once while still root, kept in locked memory. */
static char *
notify_password(const struct config *cfg)
{
	struct buf b = { .max = NOTIFY_PASSWORD_MAX };
	char *pw;
	size_t n;

	if (cfg->smtp_user[0] == '\0')
		return NULL;
	if (cfg->smtp_password_file[0] == '\0')
		fatalx("config: smtp_user is set but smtp_password_file is not");
	if (buf_read_file(&b, cfg->smtp_password_file, NOTIFY_PASSWORD_MAX) == -1)
		fatalx("%s: cannot read", cfg->smtp_password_file);
	n = strcspn(b.data, "\r\n");
	if ((pw = sodium_malloc(n + 1)) == NULL)
		fatalx("out of memory");
	memcpy(pw, b.data, n);
	pw[n] = '\0';
	buf_free(&b);
	return pw;
}

int
main(int argc, char *argv[])
{
	struct config cfg;
	struct catalog *cat;
	char err[512], dir[CFG_PATH_MAX + 16], *pw;
	int rc;

	if (argc == 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		notify_usage(stdout, 0);
	if (argc != 3 || strcmp(argv[1], "-c") != 0)
		notify_usage(stderr, 2);
	sandbox_no_core();
	signal(SIGPIPE, SIG_IGN);
	config_defaults(&cfg);
	if (config_load(&cfg, argv[2], err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (sodium_init() < 0)
		fatalx("libsodium failed to start");
	notify_check(&cfg);
	snprintf(dir, sizeof(dir), "%s/messages", cfg.templates);
	if ((cat = catalog_load(dir, err, sizeof(err))) == NULL)
		fatalx("messages: %s", err);
	pw = notify_password(&cfg);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		fatalx("libcurl failed to start");
	tzset();
	/* under systemd it starts as its own user; as root it drops to run_as */
	if (geteuid() == 0)
		sandbox_drop(cfg.run_as);
	if (cfg.sandbox)
		sandbox_notify_seccomp();
	rc = notify_run(&cfg, cat, pw);
	sodium_free(pw);
	catalog_free(cat);
	curl_global_cleanup();
	return rc;
}
