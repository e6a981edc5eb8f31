/*
 * TLS session resumption. libmicrohttpd does not turn on GnuTLS session
 * tickets, so every new connection of a browser paid a full handshake.
 * Each session gets tickets as its connection starts, before the
 * handshake, under one key drawn at start-up in locked memory and never
 * written anywhere (GnuTLS rotates the keys it derives from it).
 *
 * Tickets let the server recognise a returning browser for as long as a
 * ticket is valid, so they live only HTTP_TICKET_SECONDS: long enough for
 * one visit (form, submission, receipt, follow-up), too short to link a
 * visit with the next day's. Nothing about them is stored.
 */
#include <gnutls/gnutls.h>
#include <sodium.h>

#include "server/common/http.h"
#include "server/common/log.h"

#define HTTP_TICKET_KEYBYTES	64	/* what GnuTLS takes as a master key */

int
http_tickets_init(struct http_server *srv)
{
	if ((srv->ticket_key = sodium_malloc(HTTP_TICKET_KEYBYTES)) == NULL)
		return -1;
	randombytes_buf(srv->ticket_key, HTTP_TICKET_KEYBYTES);
	return 0;
}

void
http_tickets_free(struct http_server *srv)
{
	if (srv->ticket_key != NULL)
		sodium_free(srv->ticket_key);	/* wipes */
	srv->ticket_key = NULL;
}

/* MHD_OPTION_NOTIFY_CONNECTION: a connection starts, no byte read yet. */
void
http_connection_started(void *cls, struct MHD_Connection *conn,
    void **socket_ctx, enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *srv = cls;
	const union MHD_ConnectionInfo *ci;
	gnutls_session_t s;
	gnutls_datum_t key;

	(void)socket_ctx;
	if (toe != MHD_CONNECTION_NOTIFY_STARTED || srv->ticket_key == NULL)
		return;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || (s = (gnutls_session_t)ci->tls_session) == NULL)
		return;
	key.data = srv->ticket_key;
	key.size = HTTP_TICKET_KEYBYTES;
	if (gnutls_session_ticket_enable_server(s, &key) != 0)
		return;		/* a full handshake still works */
	gnutls_db_set_cache_expiration(s, HTTP_TICKET_SECONDS);
}
