/*
 * Composing a notice. Headers and body are built only from the notice's
 * kind, channel names, counts, the review server's address and the
 * catalog's fixed texts: nothing a reporter wrote, no category, no case
 * id, no receipt. The Date header is cut to the hour like every stored
 * time; Message-ID is random and fixed when the notice was queued.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "server/common/mailaddr.h"
#include "server/notify/notify.h"

#define MAIL_TEXT_MAX	4096	/* one body before encoding */
#define MAIL_WORD_BYTES	42	/* UTF-8 bytes per encoded word (56 in base64): lines stay under 78 */

struct out {
	char	*p;
	size_t	 len, cap;
	int	 failed;
};

static void
out_put(struct out *o, const char *s, size_t n)
{
	if (o->failed || n >= o->cap - o->len) {
		o->failed = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void
out_puts(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

/* The catalog text with {name} replaced from the pairs; unknown names stay. */
static void
fill(struct out *o, const char *tmpl, const char *const *kv)
{
	const char *p = tmpl, *e;
	size_t i, n;

	while (*p != '\0') {
		if (*p == '{' && (e = strchr(p, '}')) != NULL) {
			n = (size_t)(e - p - 1);
			for (i = 0; kv[i] != NULL; i += 2)
				if (strlen(kv[i]) == n && memcmp(kv[i], p + 1, n) == 0)
					break;
			if (kv[i] != NULL) {
				out_puts(o, kv[i + 1]);
				p = e + 1;
				continue;
			}
		}
		out_put(o, p, 1);
		p++;
	}
}

static void
channel_list(const struct catalog *cat, const struct notice *n, char *dst,
    size_t size)
{
	struct out o = { dst, 0, size, 0 };
	char id[64];
	int i;

	dst[0] = '\0';
	for (i = 0; i < n->nchannels; i++) {
		if (i > 0)
			out_puts(&o, catalog_get(cat, n->lang, "n.list.sep"));
		snprintf(id, sizeof(id), "channel.%s", n->channels[i]);
		out_puts(&o, catalog_get(cat, n->lang, id));
	}
}

/* Subject as RFC 2047 encoded words, never splitting a UTF-8 sequence. */
static void
subject(struct out *o, const char *s)
{
	char b64[sodium_base64_ENCODED_LEN(MAIL_WORD_BYTES,
	    sodium_base64_VARIANT_ORIGINAL)];
	size_t len = strlen(s), n;

	out_puts(o, "Subject:");
	while (len > 0) {
		n = len < MAIL_WORD_BYTES ? len : MAIL_WORD_BYTES;
		while (n < len && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s, n,
		    sodium_base64_VARIANT_ORIGINAL);
		out_puts(o, o->len > 0 && o->p[o->len - 1] == ':' ? " " : "\r\n ");
		out_puts(o, "=?UTF-8?B?");
		out_puts(o, b64);
		out_puts(o, "?=");
		s += n;
		len -= n;
	}
	out_puts(o, "\r\n");
}

/* The body in base64, 76 characters a line. */
static void
body64(struct out *o, const char *text)
{
	char b64[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
	size_t len = strlen(text), n;

	while (len > 0) {
		n = len < 57 ? len : 57;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)text, n,
		    sodium_base64_VARIANT_ORIGINAL);
		out_puts(o, b64);
		out_puts(o, "\r\n");
		text += n;
		len -= n;
	}
}

/* LF to CRLF, for the body before encoding. */
static void
crlf(struct out *o, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n')
			out_put(o, "\r", 1);
		out_put(o, s, 1);
	}
}

int
mail_compose(const struct catalog *cat, const struct config *cfg,
    const struct notice *n, time_t now, char *dst, size_t dstlen)
{
	char text[MAIL_TEXT_MAX], raw[MAIL_TEXT_MAX], chans[512], key[48];
	char nnew[16], nrep[16], nwait[16], ndue[16], nover[16], date[64];
	const char *domain = strchr(cfg->smtp_from, '@');
	struct out o = { dst, 0, dstlen, 0 }, t = { raw, 0, sizeof(raw), 0 };
	struct out b = { text, 0, sizeof(text), 0 };
	struct tm tm;
	time_t hour = now - now % 3600;
	const char *kv[] = { "channels", chans, "new", nnew, "replies", nrep,
	    "waiting", nwait, "due", ndue, "overdue", nover, "url", cfg->review_url,
	    NULL, NULL };

	if (dstlen == 0 || !mailaddr_ok(n->email) || gmtime_r(&hour, &tm) == NULL)
		return -1;
	dst[0] = '\0';
	channel_list(cat, n, chans, sizeof(chans));
	snprintf(nnew, sizeof(nnew), "%d", n->n_new);
	snprintf(nrep, sizeof(nrep), "%d", n->n_replies);
	snprintf(nwait, sizeof(nwait), "%d", n->n_waiting);
	snprintf(ndue, sizeof(ndue), "%d", n->n_due);
	snprintf(nover, sizeof(nover), "%d", n->n_overdue);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);

	out_puts(&o, "From: ");
	out_puts(&o, cfg->smtp_from);
	out_puts(&o, "\r\nTo: ");
	out_puts(&o, n->email);
	out_puts(&o, "\r\nDate: ");
	out_puts(&o, date);
	out_puts(&o, "\r\nMessage-ID: <");
	out_puts(&o, n->message_id);
	out_puts(&o, "@");
	out_puts(&o, domain != NULL ? domain + 1 : "madoguchi.invalid");
	out_puts(&o, ">\r\n");
	snprintf(key, sizeof(key), "n.subject.%s", n->kind);
	subject(&o, catalog_get(cat, n->lang, key));
	out_puts(&o, "MIME-Version: 1.0\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n"
	    "Auto-Submitted: auto-generated\r\n\r\n");

	snprintf(key, sizeof(key), "n.body.%s", n->kind);
	fill(&t, catalog_get(cat, n->lang, key), kv);
	out_puts(&t, "\n\n");
	fill(&t, catalog_get(cat, n->lang, "n.body.footer"), kv);
	out_puts(&t, "\n");
	crlf(&b, raw);
	body64(&o, text);
	sodium_memzero(raw, sizeof(raw));
	return o.failed || t.failed || b.failed ? -1 : (int)o.len;
}
