/*
 * madoguchi-intake: the public server. It can seal reports to counselors
 * but holds no key that opens them; only a reporter's receipt does.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <fcntl.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "crypto/receipt.h"
#include "server/intake.h"
#include "server/log.h"
#include "server/sandbox.h"
#include "server/tls.h"

#define CSS_MAX (256 * 1024)
#define PEM_MAX (64 * 1024)

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
	app->lookup_key = intake_read_lookup_key(cfg->lookup_key);
	app->store = store_open(cfg->db_intake, cfg->threads);
	app->sessions = sessions_new(cfg->max_sessions, cfg->session_idle,
	    cfg->session_max);
	app->gate = kdf_gate_new(cfg->kdf_jobs, cfg->kdf_queue);
	app->followup_rl = ratelimit_new(cfg->followup_per_min);
	if (!app->store || !app->sessions || !app->gate || !app->followup_rl)
		fatalx("%s: out of memory", __func__);
}

static void
intake_unload(struct intake *app)
{
	tmpl_set_free(app->tmpl);
	catalog_free(app->cat);
	free(app->css);
	env_secret_free(app->lookup_key);
	store_close(app->store);
	sessions_free(app->sessions);
	kdf_gate_free(app->gate);
	ratelimit_free(app->followup_rl);
}

static void
intake_serve(struct http_server *srv, const struct config *cfg)
{
	char err[512], *cert, *key;
	sigset_t set;
	int sig;

	if (tls_check(cfg->tls_cert, cfg->tls_key, err, sizeof(err)) == -1)
		fatalx("tls: %s", err);
	if ((cert = tls_read_pem(cfg->tls_cert, PEM_MAX, err, sizeof(err))) == NULL ||
	    (key = tls_read_pem(cfg->tls_key, PEM_MAX, err, sizeof(err))) == NULL)
		fatalx("tls: %s", err);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* inherited by MHD threads */
	if (http_start(srv, cfg->intake_port, cert, key, NULL, err, sizeof(err)) == NULL)
		fatalx("intake: %s", err);
	sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	sandbox_drop(cfg->run_as);
	if (cfg->sandbox)
		sandbox_seccomp();
	printf("madoguchi-intake listening on https://localhost:%d\n",
	    cfg->intake_port);
	fflush(stdout);
	sigwait(&set, &sig);
	log_info("intake: signal %d, stopping", sig);
	MHD_stop_daemon(srv->daemon);
}

int
main(int argc, char *argv[])
{
	static struct config cfg;
	struct http_server srv;
	struct intake app;
	char err[512];

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: madoguchi-intake -c CONFIG\n");
		return 0;
	}
	if (argc != 3 || strcmp(argv[1], "-c") != 0) {
		fprintf(stderr, "usage: madoguchi-intake -c CONFIG\n");
		return 2;
	}
	sandbox_no_core();
	signal(SIGPIPE, SIG_IGN);
	config_defaults(&cfg);
	if (config_load(&cfg, argv[2], err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (env_init() == -1)
		fatalx("libsodium failed to start");
	memset(&app, 0, sizeof(app));
	intake_load(&app, &cfg);
	memset(&srv, 0, sizeof(srv));
	srv.cfg = &cfg;
	srv.routes = intake_routes;
	srv.app = &app;
	srv.error = intake_error;
	if ((srv.csrf = csrf_new()) == NULL)
		fatalx("csrf: out of memory");
	intake_serve(&srv, &cfg);
	csrf_free(srv.csrf);
	intake_unload(&app);
	return 0;
}
