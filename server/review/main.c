/*
 * madoguchi-review: the counselors' server, on its own port, with its own
 * database role. The only program that decrypts stored reports, and only
 * with a logged-in counselor's key.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/audit.h"
#include "server/common/keyfile.h"
#include "server/common/log.h"
#include "server/review/review.h"

/* The key that seals TOTP secrets: made on first start, 0600. */
static unsigned char *
review_server_key(const char *path)
{
	unsigned char *k = sodium_malloc(REVIEW_SERVER_KEY_BYTES);
	ssize_t n;
	int fd;

	if (path[0] == '\0')
		fatalx("review_key is not configured");
	if (k == NULL || keyfile_create(path) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		fatalx("%s: %s", path, strerror(errno));
	n = read(fd, k, REVIEW_SERVER_KEY_BYTES);
	close(fd);
	if (n != REVIEW_SERVER_KEY_BYTES)
		fatalx("%s: not a %d-byte key", path, REVIEW_SERVER_KEY_BYTES);
	return k;
}

static void
review_load(struct review *app, const struct config *cfg)
{
	app->cfg = cfg;
	serve_site_load(&app->site, cfg);
	app->server_key = review_server_key(cfg->review_key);
	if (audit_key_load(cfg->audit_key) == -1)
		fatalx("audit_key %s: %s", cfg->audit_key[0] ? cfg->audit_key :
		    "(not configured)", strerror(errno));
	app->store = store_open(cfg->db_review, cfg->threads);
	app->sessions = sessions_new(cfg->max_sessions, cfg->session_idle,
	    cfg->session_max);
	app->gate = kdf_gate_new(cfg->kdf_jobs, cfg->kdf_queue);
	app->login_rl = addrlimit_new(cfg->login_per_ip_min, cfg->login_per_min);
	pthread_mutex_init(&app->totp_mu, NULL);
	if (!app->store || !app->sessions || !app->gate || !app->login_rl)
		fatalx("%s: out of memory", __func__);
}

static void
review_unload(struct review *app)
{
	serve_site_free(&app->site);
	env_secret_free(app->server_key);
	audit_key_free();
	store_close(app->store);
	sessions_free(app->sessions);
	kdf_gate_free(app->gate);
	addrlimit_free(app->login_rl);
	pthread_mutex_destroy(&app->totp_mu);
}

int
main(int argc, char *argv[])
{
	static struct config cfg;
	static struct review app;
	struct http_server srv;
	struct http_listen l;

	if (argc == 2 && strcmp(argv[1], "--routes") == 0) {
		review_access_print(stdout);
		return 0;
	}
	serve_init("madoguchi-review", argc, argv, &cfg);
	review_load(&app, &cfg);
	memset(&srv, 0, sizeof(srv));
	srv.cfg = &cfg;
	srv.routes = review_routes;
	srv.app = &app;
	srv.error = review_error;
	srv.refuse_host = cfg.intake_host;
	srv.guard = review_access_guard;
	srv.ctx_free = review_access_free;
	if ((srv.csrf = csrf_new()) == NULL)
		fatalx("csrf: out of memory");
	memset(&l, 0, sizeof(l));
	l.address = cfg.review_listen;
	l.port = cfg.review_port;
	l.tls = 1;
	l.max_connections = cfg.max_connections;
	l.max_per_ip = cfg.max_per_ip;
	serve_run(&srv, &l, NULL, NULL, &cfg, "madoguchi-review",
	    config_run_as(&cfg, "review"), cfg.review_client_ca);
	csrf_free(srv.csrf);
	review_unload(&app);
	return 0;
}
