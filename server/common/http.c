#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "crypto/envelope.h"
#include "server/common/http.h"
#include "server/common/log.h"

/* A response body that is wiped when libmicrohttpd is done with it. */
struct body {
	char	*data;
	size_t	 len;
};

static ssize_t
body_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct body *b = cls;
	size_t n;

	if (pos >= b->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	n = b->len - (size_t)pos < max ? b->len - (size_t)pos : max;
	memcpy(out, b->data + pos, n);
	return (ssize_t)n;
}

static void
body_free(void *cls)
{
	struct body *b = cls;

	sodium_memzero(b->data, b->len);
	free(b->data);
	free(b);
}

static void
http_headers(struct request *req, struct MHD_Response *r, const char *type,
    const char *disposition)
{
	size_t i;

	MHD_add_response_header(r, "Content-Type", type);
	/* scripts: the forms' own helper file only, never inline (pages work without it) */
	MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; "
	    "base-uri 'none'");
	MHD_add_response_header(r, "Strict-Transport-Security",
	    "max-age=63072000; includeSubDomains");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	    "camera=(), microphone=(), geolocation=(), interest-cohort=()");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (disposition != NULL)
		MHD_add_response_header(r, "Content-Disposition", disposition);
	if (req->retry_after != NULL)
		MHD_add_response_header(r, "Retry-After", req->retry_after);
	for (i = 0; i < req->nset_cookie; i++)
		MHD_add_response_header(r, "Set-Cookie", req->set_cookie[i]);
}

enum MHD_Result
http_send(struct request *req, unsigned status, const char *type, char *data,
    size_t len, const char *disposition)
{
	struct MHD_Response *r;
	struct body *b;
	enum MHD_Result rc;

	if ((b = malloc(sizeof(*b))) == NULL) {
		free(data);
		return MHD_NO;
	}
	b->data = data;
	b->len = len;
	r = MHD_create_response_from_callback(len, 32 * 1024, body_read, b,
	    body_free);
	if (r == NULL) {
		body_free(b);
		return MHD_NO;
	}
	http_headers(req, r, type, disposition);
	rc = MHD_queue_response(req->conn, status, r);
	MHD_destroy_response(r);
	req->answered = 1;
	return rc;
}

enum MHD_Result
http_redirect(struct request *req, const char *location)
{
	struct MHD_Response *r;
	enum MHD_Result rc;

	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	http_headers(req, r, "text/plain; charset=utf-8", NULL);
	MHD_add_response_header(r, "Location", location);
	rc = MHD_queue_response(req->conn, MHD_HTTP_SEE_OTHER, r);
	MHD_destroy_response(r);
	req->answered = 1;
	return rc;
}

/* RFC 5987 filename*: every byte outside a small safe set is %XX. */
void
http_disposition(const char *name, char *out, size_t outlen)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o;

	o = (size_t)snprintf(out, outlen,
	    "attachment; filename=\"evidence\"; filename*=UTF-8''");
	for (; *name != '\0' && o + 4 < outlen; name++) {
		unsigned char c = (unsigned char)*name;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_') {
			out[o++] = (char)c;
		} else {
			out[o++] = '%';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 15];
		}
	}
	out[o] = '\0';
}

const struct sockaddr *
http_client_addr(struct request *req)
{
	const union MHD_ConnectionInfo *ci;

	if (req->srv->shared_address)
		return NULL;
	ci = MHD_get_connection_info(req->conn,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	return ci != NULL ? ci->client_addr : NULL;
}

void
http_retry_after(struct request *req, const char *seconds)
{
	req->retry_after = seconds;
}

const char *
http_cookie(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *
http_query(struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void
http_set_cookie(struct request *req, const char *name, const char *value,
    long max_age)
{
	char age[32] = "";

	if (req->nset_cookie >= HTTP_MAX_SET_COOKIES)
		return;
	if (max_age >= 0)	/* otherwise a session cookie */
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	snprintf(req->set_cookie[req->nset_cookie++], HTTP_COOKIE_MAX,
	    "%s=%s; Path=/; Secure; HttpOnly; SameSite=Strict%s",
	    name, value, age);
}

void
http_csrf_token(struct request *req, char out[CSRF_TOKEN_TEXT])
{
	if (csrf_token(req->srv->csrf, req->csrf_nonce, out) == -1)
		out[0] = '\0';
}

int
http_csrf_ok(struct request *req)
{
	const char *nonce = http_cookie(req, HTTP_CSRF_COOKIE);

	return nonce != NULL && csrf_check(req->srv->csrf, nonce,
	    formdata_get(&req->form, "csrf"));
}

/* The nonce from the cookie, or a new one sent back with this response. */
static void
http_csrf_setup(struct request *req)
{
	const char *c = http_cookie(req, HTTP_CSRF_COOKIE);
	char tok[CSRF_TOKEN_TEXT];

	if (c != NULL && csrf_token(req->srv->csrf, c, tok) == 0) {
		snprintf(req->csrf_nonce, sizeof(req->csrf_nonce), "%s", c);
		return;
	}
	csrf_nonce(req->csrf_nonce);
	http_set_cookie(req, HTTP_CSRF_COOKIE, req->csrf_nonce, -1);
}

/*
 * 1 when the request's Host names host (port and a final dot ignored).
 * Cookies ignore ports: a review server reached under the intake's host
 * name would have the browser send the counselor's cookie to the intake.
 */
static int
http_host_is(struct MHD_Connection *conn, const char *host)
{
	const char *h = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST);
	size_t n, want = strlen(host);

	if (h == NULL || want == 0)
		return 0;
	n = h[0] == '[' ? strcspn(h, "]") + (strchr(h, ']') != NULL) :
	    strcspn(h, ":");
	if (n > 0 && h[n - 1] == '.')
		n--;
	if (want > 0 && host[want - 1] == '.')
		want--;
	return n == want && strncasecmp(h, host, n) == 0;
}

static const struct route *
http_route(struct http_server *srv, const char *method, const char *url,
    const char **tail, int *path_known)
{
	const struct route *r;
	size_t n;

	*path_known = 0;
	for (r = srv->routes; r->path != NULL; r++) {
		n = strlen(r->path);
		if ((r->flags & ROUTE_PREFIX) ? strncmp(url, r->path, n) != 0 :
		    strcmp(url, r->path) != 0)
			continue;
		*path_known = 1;
		/* HEAD is GET without the body (libmicrohttpd leaves it out) */
		if (strcmp(method, r->method) == 0 ||
		    (strcmp(method, "HEAD") == 0 && strcmp(r->method, "GET") == 0)) {
			*tail = url + n;
			return r;
		}
	}
	return NULL;
}

/* Files are accepted only once the form's CSRF token has been seen. */
static int
http_file_part(struct request *req, const char *filename, const char *type,
    const char *data, uint64_t off, size_t size)
{
	int rc;

	if (req->csrf_checked == 0)
		req->csrf_checked = http_csrf_ok(req) ? 1 : -1;
	if (req->csrf_checked < 0 || !(req->route->flags & ROUTE_FILES))
		return 0;	/* dropped; the handler answers 403 */
	if (off == 0 && (!req->uploads.in_file || size > 0 ||
	    req->uploads.n == 0)) {
		if (filename[0] == '\0' && size == 0)
			return 0;
		rc = upload_begin(&req->uploads, req->k, req->case_id,
		    filename, type);
		if (rc == UPLOAD_ETOOMANY || rc == UPLOAD_ETOOBIG)
			req->body_status = MHD_HTTP_CONTENT_TOO_LARGE;
		if (rc != UPLOAD_OK)
			return 0;
	}
	if (size == 0 || !req->uploads.in_file)
		return 0;
	if (upload_data(&req->uploads, (const unsigned char *)data, size) != 0) {
		req->body_status = MHD_HTTP_CONTENT_TOO_LARGE;
		req->uploads.in_file = 0;
	}
	return 0;
}

static enum MHD_Result
http_post_iter(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *type, const char *encoding,
    const char *data, uint64_t off, size_t size)
{
	struct request *req = cls;
	int rc;

	(void)kind;
	(void)encoding;
	if (filename != NULL) {
		http_file_part(req, filename, type, data, off, size);
		return MHD_YES;
	}
	req->uploads.in_file = 0;
	rc = formdata_append(&req->form, key, data, size, off == 0);
	if (rc == FORMDATA_ETOOMANY || rc == FORMDATA_ETOOBIG)
		req->body_status = MHD_HTTP_CONTENT_TOO_LARGE;
	else if (rc != FORMDATA_OK)
		req->body_status = MHD_HTTP_BAD_REQUEST;
	return MHD_YES;
}

static enum MHD_Result
http_begin(struct http_server *srv, struct MHD_Connection *conn,
    const char *url, const char *method, void **con_cls)
{
	struct request *req;
	const char *lang;
	int known;

	if ((req = calloc(1, sizeof(*req))) == NULL)
		return MHD_NO;
	*con_cls = req;
	req->srv = srv;
	req->conn = conn;
	req->method = method;
	req->url = url;
	req->uploads.max_files = srv->cfg->max_files;
	req->form.max_fields = srv->cfg->max_fields;
	req->form.max_value = srv->cfg->max_field;
	req->form.max_total = srv->cfg->max_form;
	req->uploads.max_size = srv->cfg->max_upload;
	lang = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, HTTP_LANG_COOKIE);
	req->lang = lang_from_code(lang);
	http_csrf_setup(req);
	if (srv->require_client_cert && !http_client_cert_ok(conn))
		return srv->error(req, MHD_HTTP_FORBIDDEN);
	if (srv->refuse_host != NULL && http_host_is(conn, srv->refuse_host))
		return srv->error(req, MHD_HTTP_MISDIRECTED_REQUEST);
	req->route = http_route(srv, method, url, &req->tail, &known);
	if (req->route == NULL)
		return srv->error(req, known ? MHD_HTTP_METHOD_NOT_ALLOWED :
		    MHD_HTTP_NOT_FOUND);
	if (req->route->flags & ROUTE_FORM) {
		req->pp = MHD_create_post_processor(conn, HTTP_PP_BUFFER,
		    http_post_iter, req);
		if (req->pp == NULL)
			return srv->error(req, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE);
	}
	if (req->route->prepare != NULL)
		return req->route->prepare(req);
	return MHD_YES;
}

/* Body bytes past twice the limit are not worth reading: drop the client. */
static enum MHD_Result
http_body(struct request *req, const char *data, size_t *size)
{
	size_t n = *size;

	*size = 0;
	req->body_bytes += n;
	if (req->body_bytes > 2 * req->srv->cfg->max_body)
		return MHD_NO;
	if (req->body_bytes > req->srv->cfg->max_body) {
		req->body_status = MHD_HTTP_CONTENT_TOO_LARGE;
		req->uploads.in_file = 0;
	}
	if (req->pp != NULL && !req->answered &&
	    MHD_post_process(req->pp, data, n) != MHD_YES &&
	    req->body_status == 0)
		req->body_status = MHD_HTTP_BAD_REQUEST;
	return MHD_YES;
}

static enum MHD_Result
http_handler(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **con_cls)
{
	struct request *req = *con_cls;

	(void)version;
	if (req == NULL)
		return http_begin(cls, conn, url, method, con_cls);
	if (*size > 0)
		return http_body(req, data, size);
	if (req->answered)
		return MHD_YES;
	if (req->pp != NULL) {
		/*
		 * A body cut short (a multipart body without its closing
		 * boundary) is a bad request: nothing of it is stored.
		 */
		if (MHD_destroy_post_processor(req->pp) != MHD_YES &&
		    req->body_status == 0)
			req->body_status = MHD_HTTP_BAD_REQUEST;
		req->pp = NULL;
		if (formdata_finish(&req->form) != FORMDATA_OK &&
		    req->body_status == 0)
			req->body_status = MHD_HTTP_BAD_REQUEST;
	}
	if (req->srv->guard != NULL) {
		enum MHD_Result answer = MHD_NO;

		if (!req->srv->guard(req, &answer))
			return answer;
	}
	return req->route->fn(req);
}

static void
http_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct request *req = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (req == NULL)
		return;
	if (req->pp != NULL)
		MHD_destroy_post_processor(req->pp);
	formdata_free(&req->form);
	upload_free(&req->uploads);
	env_secret_free(req->k);
	session_view_clear(&req->session);
	if (req->ctx != NULL && req->srv->ctx_free != NULL)
		req->srv->ctx_free(req->ctx);
	sodium_memzero(req, sizeof(*req));
	free(req);
	*con_cls = NULL;
}

/*
 * libmicrohttpd's own messages may carry a client address in their
 * arguments: only the fixed format string is logged.
 */
static void
http_log(void *cls, const char *fmt, va_list ap)
{
	char line[256];
	size_t n;

	(void)cls;
	(void)ap;
	snprintf(line, sizeof(line), "%s", fmt);
	n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warnx("http: %s", line);
}

/* The numeric address to bind, or -1 when it is not one. */
static int
http_bind_addr(const struct http_listen *l, struct sockaddr_storage *ss,
    unsigned *flags)
{
	struct sockaddr_in *s4 = (struct sockaddr_in *)(void *)ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)(void *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, l->address, &s4->sin_addr) == 1) {
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)l->port);
		return 0;
	}
	if (inet_pton(AF_INET6, l->address, &s6->sin6_addr) == 1) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)l->port);
		*flags |= MHD_USE_IPv6;
		return 0;
	}
	return -1;
}

struct MHD_Daemon *
http_start(struct http_server *srv, const struct http_listen *l,
    const char *cert_pem, const char *key_pem, const char *client_ca,
    char *err, size_t errlen)
{
	const struct config *c = srv->cfg;
	struct sockaddr_storage ss;
	/*
	 * poll(), not epoll: libmicrohttpd 0.9.75 (Debian 12) keeps a
	 * connection whose TLS handshake is unfinished on its epoll ready
	 * list and calls the handshake again at once, so one client that
	 * stops mid-handshake kept a core busy and new TLS connections ran
	 * at a third of nginx's rate. poll() waits for the socket instead.
	 * (tests/integration/test_tls_stall.sh, bench/RESULTS.md)
	 */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    MHD_USE_ERROR_LOG;
	struct MHD_OptionItem o[16];
	size_t n = 0;

#define OPT(k, v, p) (o[n].option = (k), o[n].value = (intptr_t)(v), \
	o[n].ptr_value = (void *)(p), n++)
	srv->require_client_cert = client_ca != NULL;
	srv->shared_address = l->shared_address;
	if (l->address[0] == '\0')
		flags |= MHD_USE_DUAL_STACK;
	else if (http_bind_addr(l, &ss, &flags) == -1) {
		snprintf(err, errlen, "listen address %s is not a numeric "
		    "IPv4 or IPv6 address", l->address);
		return NULL;
	} else
		OPT(MHD_OPTION_SOCK_ADDR, 0, &ss);
	if (l->tls) {
		if (http_tickets_init(srv) == -1) {
			snprintf(err, errlen, "no locked memory for the TLS "
			    "ticket key");
			return NULL;
		}
		flags |= MHD_USE_TLS;
		OPT(MHD_OPTION_HTTPS_MEM_CERT, 0, cert_pem);
		OPT(MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem);
		OPT(MHD_OPTION_HTTPS_PRIORITIES, 0, HTTP_TLS_PRIORITIES);
		if (client_ca != NULL)
			OPT(MHD_OPTION_HTTPS_MEM_TRUST, 0, client_ca);
		OPT(MHD_OPTION_NOTIFY_CONNECTION, http_connection_started, srv);
	}
	OPT(MHD_OPTION_EXTERNAL_LOGGER, http_log, srv);
	OPT(MHD_OPTION_THREAD_POOL_SIZE, c->threads, NULL);
	OPT(MHD_OPTION_CONNECTION_LIMIT, l->max_connections, NULL);
	OPT(MHD_OPTION_PER_IP_CONNECTION_LIMIT, l->max_per_ip, NULL);
	OPT(MHD_OPTION_CONNECTION_TIMEOUT, c->conn_timeout, NULL);
	OPT(MHD_OPTION_NOTIFY_COMPLETED, http_completed, srv);
	OPT(MHD_OPTION_CONNECTION_MEMORY_LIMIT, c->max_header, NULL);
	OPT(MHD_OPTION_END, 0, NULL);
#undef OPT
	srv->daemon = MHD_start_daemon(flags, (uint16_t)l->port, NULL, NULL,
	    http_handler, srv, MHD_OPTION_ARRAY, o, MHD_OPTION_END);
	if (srv->daemon == NULL)
		snprintf(err, errlen, "cannot listen on %s port %d (in use, or "
		    "TLS certificate rejected)", l->address[0] ? l->address :
		    "every address", l->port);
	return srv->daemon;
}
