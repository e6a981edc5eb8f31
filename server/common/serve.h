/*
 * What both servers do the same way: the command line, the pages' assets,
 * and serving: TLS checked, listener bound, root dropped, seccomp on,
 * until SIGINT or SIGTERM.
 */
#ifndef MDG_SERVE_H
#define MDG_SERVE_H

#include "server/common/catalog.h"
#include "server/common/config.h"
#include "server/common/http.h"
#include "server/common/template.h"

#define SERVE_CSS_MAX	(256 * 1024)
#define SERVE_JS_MAX	(64 * 1024)	/* static/form.js */
#define SERVE_PEM_MAX	(64 * 1024)

struct site {
	struct tmpl_set	*tmpl;
	struct catalog	*cat;
	char		*css;
	size_t		 css_len;
	char		*js;		/* the forms' helper; pages work without it */
	size_t		 js_len;
};

/* -c CONFIG, core dumps off, config and libsodium loaded; fatal on error. */
void		 serve_init(const char *name, int argc, char *argv[],
		    struct config *);
void		 serve_site_load(struct site *, const struct config *);
void		 serve_site_free(struct site *);
/* GET /static/style.css or /static/form.js from the site. */
enum MHD_Result	 serve_static(struct request *, const struct site *);
/*
 * Serves srv on its TLS listener (and onion, when not NULL, on its own
 * plain listener on loopback for Tor), then drops to run_as. client_ca:
 * a PEM path for mutual TLS, or "" for none.
 */
void		 serve_run(struct http_server *srv, const struct http_listen *,
		    struct http_server *onion, const struct http_listen *,
		    const struct config *, const char *name, const char *run_as,
		    const char *client_ca);

#endif
