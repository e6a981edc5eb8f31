/*
 * One mail through libcurl's SMTP client. STARTTLS is required (the
 * connection fails rather than falling back to plain text) unless the
 * configuration says smtp_tls = none for a relay on the same machine;
 * an smtps:// address uses TLS from the first byte. AUTH only when a user
 * is configured, with the password read once from a root-only file.
 */
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "server/notify/notify.h"

struct smtp_src {
	const char	*p;
	size_t		 left;
};

static size_t
smtp_read(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct smtp_src *s = arg;
	size_t n = size * nmemb < s->left ? size * nmemb : s->left;

	memcpy(dst, s->p, n);
	s->p += n;
	s->left -= n;
	return n;
}

/*
 * A 5xx answer to the sender, a recipient or the data is final: the
 * address (or the message) is refused and retrying will not help. Every
 * other failure, a server that is down, a 4xx, a TLS or login problem, is
 * retried with backoff.
 */
static enum smtp_result
smtp_classify(CURLcode rc, long code)
{
	if (rc == CURLE_OK)
		return SMTP_SENT;
	if ((rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR ||
	    rc == CURLE_WEIRD_SERVER_REPLY) && code >= 500 && code < 600)
		return SMTP_REFUSED;
	return SMTP_RETRY;
}

enum smtp_result
smtp_send(const struct config *cfg, const char *password, const char *to,
    const char *msg, size_t len, char *err, size_t errlen)
{
	char ebuf[CURL_ERROR_SIZE] = "";
	struct smtp_src src = { msg, len };
	struct curl_slist *rcpt = NULL;
	enum smtp_result res;
	long code = 0;
	CURLcode rc;
	CURL *c;

	if ((c = curl_easy_init()) == NULL ||
	    (rcpt = curl_slist_append(NULL, to)) == NULL) {
		snprintf(err, errlen, "out of memory");
		curl_easy_cleanup(c);
		return SMTP_RETRY;
	}
	curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, strcmp(cfg->smtp_tls, "none") == 0 ?
	    (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->smtp_ca[0] != '\0')
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->smtp_ca);
	if (cfg->smtp_user[0] != '\0') {
		curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password != NULL ? password : "");
	}
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, cfg->smtp_from);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, smtp_read);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)cfg->smtp_timeout);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	res = smtp_classify(rc, code);
	if (res != SMTP_SENT)
		snprintf(err, errlen, "%s (%ld)", ebuf[0] != '\0' ? ebuf :
		    curl_easy_strerror(rc), code);
	curl_slist_free_all(rcpt);
	curl_easy_cleanup(c);
	return res;
}
