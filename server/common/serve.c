#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/log.h"
#include "server/common/sandbox.h"
#include "server/common/serve.h"
#include "server/common/tls.h"

void
serve_init(const char *name, int argc, char *argv[], struct config *cfg)
{
	char err[512];

	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		printf("usage: %s -c CONFIG\n", name);
		exit(0);
	}
	if (argc != 3 || strcmp(argv[1], "-c") != 0) {
		fprintf(stderr, "usage: %s -c CONFIG\n", name);
		exit(2);
	}
	sandbox_no_core();
	signal(SIGPIPE, SIG_IGN);
	config_defaults(cfg);
	if (config_load(cfg, argv[2], err, sizeof(err)) == -1)
		fatalx("%s", err);
	if (env_init() == -1)
		fatalx("libsodium failed to start");
}

void
serve_site_load(struct site *s, const struct config *cfg)
{
	char err[512], dir[CFG_PATH_MAX + 16], css[CFG_PATH_MAX + 32];

	if ((s->tmpl = tmpl_load_dir(cfg->templates, err, sizeof(err))) == NULL)
		fatalx("templates: %s", err);
	snprintf(dir, sizeof(dir), "%s/messages", cfg->templates);
	if ((s->cat = catalog_load(dir, err, sizeof(err))) == NULL)
		fatalx("messages: %s", err);
	snprintf(css, sizeof(css), "%s/static/style.css", cfg->templates);
	if ((s->css = tls_read_pem(css, SERVE_CSS_MAX, err, sizeof(err))) == NULL)
		fatalx("stylesheet: %s", err);
	s->css_len = strlen(s->css);
	snprintf(css, sizeof(css), "%s/static/form.js", cfg->templates);
	if ((s->js = tls_read_pem(css, SERVE_JS_MAX, err, sizeof(err))) == NULL)
		fatalx("script: %s", err);
	s->js_len = strlen(s->js);
}

void
serve_site_free(struct site *s)
{
	tmpl_set_free(s->tmpl);
	catalog_free(s->cat);
	free(s->css);
	free(s->js);
}

enum MHD_Result
serve_static(struct request *req, const struct site *s)
{
	const char *body, *type;
	size_t len;
	char *copy;

	if (strcmp(req->tail, "style.css") == 0) {
		body = s->css, len = s->css_len;
		type = "text/css; charset=utf-8";
	} else if (strcmp(req->tail, "form.js") == 0) {
		body = s->js, len = s->js_len;
		type = "text/javascript; charset=utf-8";
	} else
		return req->srv->error(req, MHD_HTTP_NOT_FOUND);
	if ((copy = malloc(len + 1)) == NULL)
		return MHD_NO;
	memcpy(copy, body, len);
	return http_send(req, MHD_HTTP_OK, type, copy, len, NULL);
}

void
serve_run(struct http_server *srv, const struct http_listen *l,
    struct http_server *onion, const struct http_listen *ol,
    const struct config *cfg, const char *name, const char *run_as,
    const char *client_ca)
{
	char err[512], *cert, *key, *ca = NULL;
	sigset_t set;
	int sig;

	if (tls_check(cfg->tls_cert, cfg->tls_key, err, sizeof(err)) == -1)
		fatalx("tls: %s", err);
	if ((cert = tls_read_pem(cfg->tls_cert, SERVE_PEM_MAX, err, sizeof(err))) == NULL ||
	    (key = tls_read_pem(cfg->tls_key, SERVE_PEM_MAX, err, sizeof(err))) == NULL)
		fatalx("tls: %s", err);
	if (client_ca[0] != '\0' && (ca = tls_read_pem(client_ca, SERVE_PEM_MAX,
	    err, sizeof(err))) == NULL)
		fatalx("client CA: %s", err);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* inherited by MHD threads */
	if (http_start(srv, l, cert, key, ca, err, sizeof(err)) == NULL)
		fatalx("%s: %s", name, err);
	if (onion != NULL && http_start(onion, ol, NULL, NULL, NULL, err,
	    sizeof(err)) == NULL)
		fatalx("%s: onion listener: %s", name, err);
	sodium_memzero(key, strlen(key));
	free(key);
	free(cert);
	free(ca);
	sandbox_drop(run_as);
	if (cfg->sandbox)
		sandbox_seccomp();
	/* no address in the log: a test greps it for client addresses */
	printf("%s listening on https://localhost:%d%s\n", name, l->port,
	    l->address[0] ? " (on the configured listen address)" : "");
	if (onion != NULL)
		printf("%s onion listener on loopback port %d (plain HTTP)\n",
		    name, ol->port);
	fflush(stdout);
	sigwait(&set, &sig);
	log_info("%s: signal %d, stopping", name, sig);
	if (onion != NULL)
		MHD_stop_daemon(onion->daemon);
	MHD_stop_daemon(srv->daemon);
	http_tickets_free(srv);
}
