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
#include "server/common/keyfile.h"
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
	if ((app->kdf = receipt_kdf_parse(cfg->receipt_kdf)) == 0)
		fatalx("%s: receipt_kdf %s: not blake2b or argon2id", __func__,
		    cfg->receipt_kdf);
	app->direct.followup = addrlimit_new(cfg->followup_per_ip_min,
	    cfg->followup_per_min);
	app->direct.report = addrlimit_new(cfg->report_per_ip_min,
	    cfg->report_per_min);
	/* one shared address: its bucket is the onion listener's budget */
	app->onion.followup = addrlimit_new(cfg->onion_followup_per_min,
	    cfg->onion_followup_per_min);
	app->onion.report = addrlimit_new(cfg->onion_report_per_min,
	    cfg->onion_report_per_min);
	app->direct.checkin = addrlimit_new(cfg->checkin_per_ip_min,
	    cfg->checkin_per_min);
	app->onion.checkin = addrlimit_new(cfg->onion_checkin_per_min,
	    cfg->onion_checkin_per_min);
	app->filings = filings_new(FILING_MAX_TOKENS, FILING_MAX_RECEIPTS,
	    FILING_TOKEN_TTL, FILING_SHOW_SECS);
	/* an installation from before check-ins runs on without them */
	if ((app->checkin_key = keyfile_read(cfg->checkin_key)) == NULL)
		log_warnx("%s: %s: check-ins are off until the key exists "
		    "(madoguchi-admin round open makes it) and a restart",
		    cfg->checkin_key, strerror(errno));
	if (!app->store || !app->sessions || !app->gate || !app->filings ||
	    !app->direct.followup || !app->direct.report ||
	    !app->onion.followup || !app->onion.report ||
	    !app->direct.checkin || !app->onion.checkin)
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
	addrlimit_free(app->direct.followup);
	addrlimit_free(app->direct.report);
	addrlimit_free(app->onion.followup);
	addrlimit_free(app->onion.report);
	addrlimit_free(app->direct.checkin);
	addrlimit_free(app->onion.checkin);
	if (app->checkin_key != NULL)
		sodium_free(app->checkin_key);
	filings_free(app->filings);
}

int
main(int argc, char *argv[])
{
	static struct config cfg;
	static struct intake app;
	struct http_server srv, onion;
	struct http_listen l, ol;

	serve_init("madoguchi-intake", argc, argv, &cfg);
	intake_load(&app, &cfg);
	memset(&srv, 0, sizeof(srv));
	srv.cfg = &cfg;
	srv.routes = intake_routes;
	srv.app = &app;
	srv.error = intake_error;
	if ((srv.csrf = csrf_new()) == NULL)
		fatalx("csrf: out of memory");
	onion = srv;
	memset(&l, 0, sizeof(l));
	l.address = cfg.intake_listen;
	l.port = cfg.intake_port;
	l.tls = 1;
	l.max_connections = cfg.max_connections;
	l.max_per_ip = cfg.max_per_ip;
	/* Tor delivers every client from loopback, already encrypted */
	ol = l;
	ol.address = "127.0.0.1";
	ol.port = cfg.onion_port;
	ol.tls = 0;
	ol.shared_address = 1;
	ol.max_connections = ol.max_per_ip = cfg.onion_max_connections;
	serve_run(&srv, &l, cfg.onion_port ? &onion : NULL, &ol, &cfg,
	    "madoguchi-intake", config_run_as(&cfg, "intake"), "");
	csrf_free(srv.csrf);
	intake_unload(&app);
	return 0;
}
