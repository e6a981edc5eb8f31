/*
 * madoguchi-review: the counselors' server, on its own port, with its own
 * database role. The only program that decrypts stored reports, and only
 * with a logged-in counselor's key.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/keywrap.h"
#include "server/admin.h"
#include "server/log.h"
#include "server/sandbox.h"
#include "server/review.h"
#include "server/tls.h"

#define CSS_MAX (256 * 1024)
#define PEM_MAX (64 * 1024)
#define REVIEW_LOGINS_PER_MIN 30

/* The key that seals TOTP secrets: made on first start, 0600. */
static unsigned char *
review_server_key(const char *path)
{
	unsigned char *k = sodium_malloc(32);
	ssize_t n;
	int fd;

	if (path[0] == '\0')
		fatalx("review_key is not configured");
	if (k == NULL || admin_write_key_file(path) == -1 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		fatalx("%s: %s", path, strerror(errno));
	n = read(fd, k, 32);
	close(fd);
	if (n != 32)
		fatalx("%s: not a 32-byte key", path);
	return k;
}

static void
review_load(struct review *app, const struct config *cfg)
{
	char err[512], dir[CFG_PATH_MAX + 16], css[CFG_PATH_MAX + 32];

	app->cfg = cfg;
	if ((app->tmpl = tmpl_load_dir(cfg->templates, err, sizeof(err))) == NULL)
		fatalx("templates: %s", err);
	snprintf(dir, sizeof(dir), "%s/messages", cfg->templates);
	if ((app->cat = catalog_load(dir, err, sizeof(err))) == NULL)
		fatalx("messages: %s", err);
	snprintf(css, sizeof(css), "%s/static/style.css", cfg->templates);
	if ((app->css = tls_read_pem(css, CSS_MAX, err, sizeof(err))) == NULL)
		fatalx("stylesheet: %s", err);
	app->css_len = strlen(app->css);
	app->server_key = review_server_key(cfg->review_key);
	app->store = store_open(cfg->db_review, cfg->threads);
	app->sessions = sessions_new(cfg->max_sessions, cfg->session_idle,
	    cfg->session_max);
	app->gate = kdf_gate_new(cfg->kdf_jobs, cfg->kdf_queue);
	app->login_rl = ratelimit_new(REVIEW_LOGINS_PER_MIN);
	pthread_mutex_init(&app->totp_mu, NULL);
	if (!app->store || !app->sessions || !app->gate || !app->login_rl)
		fatalx("%s: out of memory", __func__);
}

static void
review_unload(struct review *app)
{
	tmpl_set_free(app->tmpl);
	catalog_free(app->cat);
	free(app->css);
	env_secret_free(app->server_key);
	store_close(app->store);
	sessions_free(app->sessions);
	kdf_gate_free(app->gate);
	ratelimit_free(app->login_rl);
	pthread_mutex_destroy(&app->totp_mu);
}

static void
review_serve(struct http_server *srv, const struct config *cfg)
{
	char err[512], *cert, *key, *ca = NULL;
	sigset_t set;
	int sig;

	if (tls_check(cfg->tls_cert, cfg->tls_key, err, sizeof(err)) == -1)
		fatalx("tls: %s", err);
	if ((cert = tls_read_pem(cfg->tls_cert, PEM_MAX, err, sizeof(err))) == NULL ||
	    (key = tls_read_pem(cfg->tls_key, PEM_MAX, err, sizeof(err))) == NULL)
		fatalx("tls: %s", err);
	if (cfg->review_client_ca[0] != '\0' && (ca = tls_read_pem(
	    cfg->review_client_ca, PEM_MAX, err, sizeof(err))) == NULL)
		fatalx("client CA: %s", err);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if (http_start(srv, cfg->review_port, cert, key, ca, err, sizeof(err)) == NULL)
		fatalx("review: %s", err);
	free(ca);
	sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	sandbox_drop(cfg->run_as);
	if (cfg->sandbox)
		sandbox_seccomp();
	printf("madoguchi-review listening on https://localhost:%d\n", cfg->review_port);
	fflush(stdout);
	sigwait(&set, &sig);
	log_info("review: signal %d, stopping", sig);
	MHD_stop_daemon(srv->daemon);
}

int
main(int argc, char *argv[])
{
	static struct config cfg;
	static struct review app;
	struct http_server srv;
	char err[512];

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: madoguchi-review -c CONFIG\n");
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "-c") != 0) {
		fprintf(stderr, "usage: madoguchi-review -c CONFIG\n");
		return 2;
	}
	sandbox_no_core();
	signal(SIGPIPE, SIG_IGN);
	config_defaults(&cfg);
	if (config_load(&cfg, argv[2], err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (env_init() == -1)
		fatalx("libsodium failed to start");
	review_load(&app, &cfg);
	memset(&srv, 0, sizeof(srv));
	srv.cfg = &cfg;
	srv.routes = review_routes;
	srv.app = &app;
	srv.error = review_error;
	if ((srv.csrf = csrf_new()) == NULL)
		fatalx("csrf: out of memory");
	review_serve(&srv, &cfg);
	csrf_free(srv.csrf);
	review_unload(&app);
	return 0;
}
