/*
 * madoguchi-intake: the public server. It can seal reports to counselors
 * but holds no key that opens them; only a reporter's receipt does.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "server/intake/intake.h"
#include "server/common/limits.h"
#include "server/common/log.h"

static unsigned char *
intake_read_lookup_key(const char *path)
{
	unsigned char *k = sodium_malloc(RECEIPT_LOOKUP_KEYBYTES);
	ssize_t n;
	int fd;

	if (k == NULL || (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		fatalx("%s: %s: %s (run madoguchi-admin init)", __func__, path,
		    strerror(errno));
	n = read(fd, k, RECEIPT_LOOKUP_KEYBYTES);
	close(fd);
	if (n != RECEIPT_LOOKUP_KEYBYTES)
		fatalx("%s: %s: not a 32-byte key", __func__, path);
	return k;
}

static void
intake_load(struct intake *app, const struct config *cfg)
{
	app->cfg = cfg;
	serve_site_load(&app->site, cfg);
	deadlines_load_calendar(&app->cal, cfg);
	app->lookup_key = intake_read_lookup_key(cfg->lookup_key);
	app->store = store_open(cfg->db_intake, cfg->threads);
	app->sessions = sessions_new(cfg->max_sessions, cfg->session_idle,
	    cfg->session_max);
	app->gate = kdf_gate_new(cfg->kdf_jobs, cfg->kdf_queue);
	app->followup_rl = ratelimit_new(cfg->followup_per_min);
	if ((app->kdf = receipt_kdf_parse(cfg->receipt_kdf)) == 0)
		fatalx("%s: receipt_kdf %s: not blake2b or argon2id", __func__,
		    cfg->receipt_kdf);
	app->filings = filings_new(FILING_MAX_TOKENS, FILING_MAX_RECEIPTS,
	    FILING_TOKEN_TTL, FILING_SHOW_SECS);
	if (!app->store || !app->sessions || !app->gate || !app->followup_rl ||
	    !app->filings)
		fatalx("%s: out of memory", __func__);
}

static void
intake_unload(struct intake *app)
{
	serve_site_free(&app->site);
	env_secret_free(app->lookup_key);
	store_close(app->store);
	sessions_free(app->sessions);
	kdf_gate_free(app->gate);
	ratelimit_free(app->followup_rl);
	filings_free(app->filings);
}

int
main(int argc, char *argv[])
{
	static struct config cfg;
	static struct intake app;
	struct http_server srv;

	serve_init("madoguchi-intake", argc, argv, &cfg);
	intake_load(&app, &cfg);
	memset(&srv, 0, sizeof(srv));
	srv.cfg = &cfg;
	srv.routes = intake_routes;
	srv.app = &app;
	srv.error = intake_error;
	if ((srv.csrf = csrf_new()) == NULL)
		fatalx("csrf: out of memory");
	serve_run(&srv, &cfg, "madoguchi-intake", cfg.intake_port, "");
	csrf_free(srv.csrf);
	intake_unload(&app);
	return 0;
}
