/*
 * Optional mutual TLS for the review server: with a client CA configured,
 * libmicrohttpd asks every client for a certificate and this check lets a
 * request through only when GnuTLS verified one signed by that CA.
 */
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "server/common/http.h"

int
http_client_cert_ok(struct MHD_Connection *conn)
{
	const union MHD_ConnectionInfo *ci;
	unsigned int status = 0;
	gnutls_session_t s;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || (s = (gnutls_session_t)ci->tls_session) == NULL)
		return 0;
	if (gnutls_certificate_type_get(s) != GNUTLS_CRT_X509 ||
	    gnutls_certificate_get_peers(s, NULL) == NULL)
		return 0;	/* no certificate offered */
	return gnutls_certificate_verify_peers2(s, &status) == 0 && status == 0;
}
