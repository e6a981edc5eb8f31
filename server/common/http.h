/*
 * The HTTP layer over libmicrohttpd: TLS listener, route table, request
 * lifecycle, form bodies with streamed encrypted uploads, and responses
 * that always carry the security headers. Knows nothing of templates or
 * of what a route does.
 */
#ifndef MDG_HTTP_H
#define MDG_HTTP_H
#include <stddef.h>

#include <microhttpd.h>

#include "server/common/catalog.h"
#include "server/common/config.h"
#include "server/common/csrf.h"
#include "server/common/formdata.h"
#include "server/common/session.h"
#include "server/common/upload.h"

#define HTTP_PP_BUFFER		(16 * 1024)	/* post processor buffer */
#define HTTP_MAX_SET_COOKIES	4
#define HTTP_COOKIE_MAX		160
#define HTTP_CSRF_COOKIE	"__Host-mdg_csrf"
#define HTTP_LANG_COOKIE	"__Host-mdg_lang"
/*
 * poll(), not epoll: libmicrohttpd 0.9.75 (Debian 12) keeps a connection
 * whose TLS handshake is unfinished on its epoll ready list and calls the
 * handshake again at once, so one client that stops mid-handshake kept a
 * core busy and new TLS connections ran at a third of nginx's rate. poll()
 * waits for the socket instead; the seccomp list has no epoll
 * (tests/integration/test_tls_stall.sh, tests/unit/test_sandbox.c).
 */
#define HTTP_MHD_POLLING	(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL)
/* GnuTLS priorities: TLS 1.2 and 1.3 only, AEAD ciphers, forward secrecy. */
#define HTTP_TLS_PRIORITIES \
	"NONE:+VERS-TLS1.3:+VERS-TLS1.2:+AES-256-GCM:+AES-128-GCM:" \
	"+CHACHA20-POLY1305:+AEAD:+ECDHE-ECDSA:+ECDHE-RSA:+SIGN-ALL:" \
	"+GROUP-ALL:+COMP-NULL:+CTYPE-X509:%SERVER_PRECEDENCE"

/* TLS session ticket lifetime: one visit, not the next day's (see
 * server/common/http_tickets.c). */
#define HTTP_TICKET_SECONDS	600

struct request;
typedef enum MHD_Result (*route_fn)(struct request *);

#define ROUTE_PREFIX	0x1	/* path is a prefix; the rest is req->tail */
#define ROUTE_FORM	0x2	/* POST body parsed as a form */
#define ROUTE_FILES	0x4	/* form may carry files (needs req->k) */

struct route {
	const char	*method;
	const char	*path;
	unsigned	 flags;
	/* optional: runs before the body, may set req->k or answer early */
	enum MHD_Result	(*prepare)(struct request *);
	route_fn	 fn;
	/* who may use it: bits the application's guard reads (0: anyone) */
	unsigned	 access;
};

/*
 * Where and how one listener accepts connections. A shared-address
 * listener (the onion service: every Tor client arrives from 127.0.0.1)
 * has its own connection limits and its own attempt limits, since the
 * client address tells nothing there.
 */
struct http_listen {
	const char	*address;	/* numeric IPv4/IPv6, "" for all */
	int		 port;
	int		 tls;		/* 0 only for the onion listener */
	int		 shared_address;
	unsigned	 max_connections;
	unsigned	 max_per_ip;
};

struct http_server {
	const struct config	*cfg;
	int			 shared_address;	/* set by http_start */
	const struct route	*routes;
	void			*app;
	struct csrf		*csrf;
	struct MHD_Daemon	*daemon;
	int			 require_client_cert;
	/* a host name this server must not answer for ("" for none) */
	const char		*refuse_host;
	/* answers a status with an error page (set by the application) */
	enum MHD_Result		(*error)(struct request *, unsigned status);
	/*
	 * Optional: runs before every handler, once the body is in, and
	 * decides from route->access whether the handler runs (1) or the
	 * request was answered with *answer (0). The one access check.
	 */
	int			(*guard)(struct request *, enum MHD_Result *answer);
	/* frees request->ctx when the request ends */
	void			(*ctx_free)(void *);
	unsigned char		*ticket_key;	/* TLS session tickets, locked */
};

struct request {
	struct http_server	*srv;
	struct MHD_Connection	*conn;
	const struct route	*route;
	const char		*method;
	const char		*url;
	const char		*tail;		/* after a ROUTE_PREFIX path */
	enum lang		 lang;
	char			 csrf_nonce[CSRF_NONCE_TEXT];
	int			 csrf_checked;	/* 1 ok, -1 failed, 0 not yet */
	struct MHD_PostProcessor *pp;
	struct formdata		 form;
	size_t			 body_bytes;
	unsigned		 body_status;	/* 400/413/415 found in the body */
	struct upload_set	 uploads;
	unsigned char		*k;		/* case key for uploads (sodium_malloc) */
	char			 case_id[33];
	struct session_view	 session;
	int			 answered;	/* prepare already queued a response */
	char			 set_cookie[HTTP_MAX_SET_COOKIES][HTTP_COOKIE_MAX];
	size_t			 nset_cookie;
	const char		*retry_after;
	void			*ctx;		/* the application's, see ctx_free */
};

/*
 * Starts a listener; NULL with err on failure. With client_ca (PEM)
 * every request must come with a client certificate it signed.
 */
struct MHD_Daemon	*http_start(struct http_server *,
			    const struct http_listen *, const char *cert_pem,
			    const char *key_pem, const char *client_ca, char *err,
			    size_t errlen);
/* Session tickets (server/common/http_tickets.c): key, and the hook
 * that turns them on for each connection. */
int			 http_tickets_init(struct http_server *);
void			 http_tickets_free(struct http_server *);
void			 http_connection_started(void *, struct MHD_Connection *,
			    void **, enum MHD_ConnectionNotificationCode);
/* 1 when the connection's client certificate verified (server/http_mtls.c). */
int			 http_client_cert_ok(struct MHD_Connection *);

/*
 * The client's address, for in-memory per-address limits only (never
 * logged or stored); NULL when unknown or shared by every client.
 */
const struct sockaddr *http_client_addr(struct request *);

/* The CSRF token for this request's forms ("" when it cannot be made). */
void		 http_csrf_token(struct request *, char out[CSRF_TOKEN_TEXT]);
/* 1 when the form's csrf field matches the cookie. */
int		 http_csrf_ok(struct request *);
const char	*http_cookie(struct request *, const char *name);
const char	*http_query(struct request *, const char *name);
void		 http_set_cookie(struct request *, const char *name,
		    const char *value, long max_age);

/* Takes ownership of body (malloc'd); wipes it when sent. */
enum MHD_Result	 http_send(struct request *, unsigned status, const char *type,
		    char *body, size_t len, const char *disposition);
enum MHD_Result	 http_redirect(struct request *, const char *location);
/* Content-Disposition for a download named name (RFC 5987). */
void		 http_disposition(const char *name, char *out, size_t outlen);
/* Adds a header to the next response only: Retry-After for 503/429. */
void		 http_retry_after(struct request *, const char *seconds);

#endif
