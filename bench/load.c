/*
 * mdg-load: the benchmark's own client for what wrk cannot do (sessions,
 * CSRF tokens, multipart bodies, receipts), loopback only. One thread,
 * libcurl's multi interface; client i binds source address 127.0.(1 + i /
 * 250).(2 + i % 250) so load comes from many addresses, as real users'.
 *
 *   mdg-load submit  PORT CLIENTS SECONDS RECEIPTS-OUT
 *   mdg-load followup PORT CLIENTS COUNT RECEIPTS-IN|unknown
 *   mdg-load get     PORT PATH COUNT [COOKIE]
 *   mdg-load idle    PORT COUNT SECONDS [FIRST]
 *   mdg-load checkin PORT CLIENTS COUNT CODES-IN
 *
 * Prints one line "ok=N err=N secs=S rate=R p50=MS p99=MS" (idle: how many
 * connections were held). CA: $MDG_CA (the server's certificate).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define LOAD_MAX_CLIENTS	20000
#define LOAD_MAX_SAMPLES	200000
#define LOAD_BODY_MAX		(256 * 1024)

enum step { STEP_FORM, STEP_POST, STEP_DONE };

struct client {
	CURL		*h;
	enum step	 step;
	char		 body[LOAD_BODY_MAX];
	size_t		 len;
	char		 post[8192];
	struct curl_slist *hdrs;
	char		 iface[32];
	char		 code[64];	/* checkin: this visit's code */
};

static struct {
	int		 port;
	const char	*mode;
	double		*lat;		/* ms of each measured request */
	size_t		 nlat, err;
	FILE		*rout;		/* receipts written */
	char		**rin;		/* receipts read */
	size_t		 nrin, next;
	long		 count;		/* requests still to start, -1: by time */
	const char	*path, *cookie;
	double		 until;
} L;

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static size_t
on_body(char *p, size_t sz, size_t n, void *arg)
{
	struct client *c = arg;
	size_t len = sz * n;

	if (c->len + len < sizeof(c->body)) {
		memcpy(c->body + c->len, p, len);
		c->len += len;
		c->body[c->len] = '\0';
	}
	return len;
}

/* The value after marker in the last body, up to a quote or '<'. */
static int
scrape(const struct client *c, const char *marker, char *out, size_t len)
{
	const char *p = strstr(c->body, marker);
	size_t i = 0;

	if (p == NULL)
		return -1;
	for (p += strlen(marker); *p && *p != '"' && *p != '<' && i + 1 < len;)
		out[i++] = *p++;
	out[i] = '\0';
	return 0;
}

static void
request(struct client *c, const char *path, const char *post, int chromium)
{
	char url[512];

	snprintf(url, sizeof(url), "https://localhost:%d%s", L.port, path);
	c->len = 0;
	c->body[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_HTTPHEADER, chromium ? c->hdrs : NULL);
	/* a submission's time includes the redirect to its receipt page */
	curl_easy_setopt(c->h, CURLOPT_FOLLOWLOCATION, chromium ? 1L : 0L);
	if (post != NULL) {
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDS, post);
		curl_easy_setopt(c->h, CURLOPT_POSTFIELDSIZE, (long)strlen(post));
	} else
		curl_easy_setopt(c->h, CURLOPT_HTTPGET, 1L);
}

/*
 * A browser's submission: multipart with a WebKit boundary, the fields of
 * the harassment form, a paragraph of Japanese text, and Chromium's
 * request headers in Chromium's order (libcurl puts Host first and
 * Content-Length where it does).
 */
static void
submit_body(struct client *c, const char *csrf, const char *token)
{
	static const char text[] = "上司から毎日のように大声で叱責され、"
	    "同僚の前で人格を否定するような言葉を言われています。"
	    "記録を残しています。相談したいです。";
	char b[48], ct[112], origin[64];
	struct curl_slist *h = NULL;

	snprintf(b, sizeof(b), "----WebKitFormBoundary%08lx%08lx",
	    (unsigned long)random(), (unsigned long)random());
	snprintf(c->post, sizeof(c->post),
	    "--%s\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"form_token\"\r\n\r\n%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\npower\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"power_types\"\r\n\r\nverbal\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"what\"\r\n\r\n%s%s\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"frequency\"\r\n\r\nweekly\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"consent_contact\"\r\n\r\nno\r\n"
	    "--%s\r\nContent-Disposition: form-data; name=\"files\"; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n\r\n--%s--\r\n",
	    b, csrf, b, token, b, b, b, text, text, b, b, b, b);
	snprintf(ct, sizeof(ct), "Content-Type: multipart/form-data; boundary=%s", b);
	snprintf(origin, sizeof(origin), "Origin: https://localhost:%d", L.port);
	curl_slist_free_all(c->hdrs);
	h = curl_slist_append(h, "Connection: keep-alive");
	h = curl_slist_append(h, "Cache-Control: max-age=0");
	h = curl_slist_append(h, "sec-ch-ua: \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"");
	h = curl_slist_append(h, "sec-ch-ua-mobile: ?0");
	h = curl_slist_append(h, "sec-ch-ua-platform: \"Linux\"");
	h = curl_slist_append(h, origin);
	h = curl_slist_append(h, ct);
	h = curl_slist_append(h, "Upgrade-Insecure-Requests: 1");
	h = curl_slist_append(h, "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
	h = curl_slist_append(h, "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
	h = curl_slist_append(h, "Sec-Fetch-Site: same-origin");
	h = curl_slist_append(h, "Sec-Fetch-Mode: navigate");
	h = curl_slist_append(h, "Sec-Fetch-User: ?1");
	h = curl_slist_append(h, "Sec-Fetch-Dest: document");
	h = curl_slist_append(h, "Accept-Encoding: gzip, deflate, br, zstd");
	h = curl_slist_append(h, "Accept-Language: ja,en-US;q=0.9,en;q=0.8");
	c->hdrs = h;
}

/* Starts the client's next piece of work; 0 when there is none. */
static int
client_next(struct client *c)
{
	if (L.count == 0 || (L.count < 0 && now() >= L.until))
		return 0;
	if (L.count > 0)
		L.count--;
	c->step = STEP_FORM;
	curl_easy_setopt(c->h, CURLOPT_COOKIELIST, "ALL");	/* a new visitor */
	if (strcmp(L.mode, "submit") == 0)
		request(c, "/report/harassment-self", NULL, 0);
	else if (strcmp(L.mode, "followup") == 0)
		request(c, "/followup", NULL, 0);
	else if (strcmp(L.mode, "checkin") == 0) {
		/* as from the card's QR code: the questions for this code */
		snprintf(c->code, sizeof(c->code), "%s", L.rin[L.next++ % L.nrin]);
		snprintf(c->post, sizeof(c->post), "/checkin?c=%s", c->code);
		request(c, c->post, NULL, 0);
	} else {
		c->step = STEP_POST;	/* get: one measured request */
		if (L.cookie != NULL)
			curl_easy_setopt(c->h, CURLOPT_COOKIE, L.cookie);
		request(c, L.path, NULL, 0);
	}
	return 1;
}

/* A receipt for a follow-up: the next one read, or one no case has. */
static void
followup_receipt(char *out, size_t len)
{
	unsigned r = 0;
	int i;

	if (L.nrin > 0) {
		snprintf(out, len, "%s", L.rin[L.next++ % L.nrin]);
		return;
	}
	for (i = 0; i < 26; i++) {
		out[i] = (char)('0' + random() % 10);
		r = (r * 10 + (unsigned)(out[i] - '0')) % 97;
	}
	r = (r * 100) % 97;
	snprintf(out + 26, len - 26, "%02u", 98 - r);
}

/* The form came: post it. 0 if the client goes on, -1 on error. */
static int
client_post(struct client *c)
{
	char csrf[128], token[128], receipt[64];

	if (scrape(c, "name=\"csrf\" value=\"", csrf, sizeof(csrf)) == -1)
		return -1;
	c->step = STEP_POST;
	if (strcmp(L.mode, "submit") == 0) {
		/* the filing redirects to the receipt page (Post/Redirect/Get) */
		if (scrape(c, "name=\"form_token\" value=\"", token,
		    sizeof(token)) == -1)
			return -1;
		submit_body(c, csrf, token);
		request(c, "/report/harassment-self", c->post, 1);
	} else if (strcmp(L.mode, "checkin") == 0) {
		snprintf(c->post, sizeof(c->post), "csrf=%s&code=%s&k6_1=1&"
		    "k6_2=0&k6_3=1&k6_4=0&k6_5=1&k6_6=0&selfharm=no&"
		    "ci_sleep=good&ci_overtime=h20_45&ci_talk=yes", csrf,
		    c->code);
		request(c, "/checkin/answer", c->post, 0);
	} else {
		followup_receipt(receipt, sizeof(receipt));
		snprintf(c->post, sizeof(c->post), "csrf=%s&receipt=%s", csrf,
		    receipt);
		request(c, "/followup", c->post, 0);
	}
	return 0;
}

static void
client_done(struct client *c, CURLcode res)
{
	long status = 0;
	curl_off_t us = 0;
	char receipt[64];
	int ok;

	curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	if (res != CURLE_OK) {
		L.err++;
		c->step = STEP_DONE;
		return;
	}
	if (c->step == STEP_FORM) {
		if (status != 200 || client_post(c) == -1) {
			L.err++;
			c->step = STEP_DONE;
		}
		return;
	}
	curl_easy_getinfo(c->h, CURLINFO_TOTAL_TIME_T, &us);
	if (strcmp(L.mode, "submit") == 0) {
		ok = status == 200 && scrape(c, "id=\"receipt\">", receipt,
		    sizeof(receipt)) == 0;
		if (ok && L.rout != NULL)
			fprintf(L.rout, "%s\n", receipt);
	} else if (strcmp(L.mode, "followup") == 0)
		ok = status == (L.nrin > 0 ? 303 : 404);
	else
		ok = status == 200;
	if (!ok)
		L.err++;
	else if (L.nlat < LOAD_MAX_SAMPLES)
		L.lat[L.nlat++] = (double)us / 1000.0;
	c->step = STEP_DONE;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double p)
{
	size_t i;

	if (L.nlat == 0)
		return 0;
	i = (size_t)(p * (double)(L.nlat - 1) + 0.5);
	return L.lat[i];
}

static struct client *
client_new(int i)
{
	struct client *c = calloc(1, sizeof(*c));
	const char *ca = getenv("MDG_CA");
	char resolve[64];
	struct curl_slist *rs;

	if (c == NULL || (c->h = curl_easy_init()) == NULL)
		exit(1);
	snprintf(c->iface, sizeof(c->iface), "host!127.0.%d.%d", 1 + i / 250,
	    2 + i % 250);
	snprintf(resolve, sizeof(resolve), "localhost:%d:127.0.0.1", L.port);
	rs = curl_slist_append(NULL, resolve);
	curl_easy_setopt(c->h, CURLOPT_RESOLVE, rs);
	curl_easy_setopt(c->h, CURLOPT_INTERFACE, c->iface);
	curl_easy_setopt(c->h, CURLOPT_CAINFO, ca);
	curl_easy_setopt(c->h, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(c->h, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(c->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, c);
	curl_easy_setopt(c->h, CURLOPT_TIMEOUT, 120L);
	curl_easy_setopt(c->h, CURLOPT_PRIVATE, c);
	return c;
}

/* Runs CLIENTS clients until the work is done; prints the summary. */
static int
run(int nclients)
{
	CURLM *m = curl_multi_init();
	struct client **cs = calloc((size_t)nclients, sizeof(*cs));
	struct client *c;
	CURLMsg *msg;
	double t0 = now();
	int i, running = 0, left;

	if (m == NULL || cs == NULL)
		return 1;
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)nclients + 16);
	for (i = 0; i < nclients; i++) {
		cs[i] = client_new(i);
		if (client_next(cs[i]))
			curl_multi_add_handle(m, cs[i]->h);
	}
	do {
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &c);
			curl_multi_remove_handle(m, c->h);
			client_done(c, msg->data.result);
			if (c->step == STEP_POST || client_next(c))
				curl_multi_add_handle(m, c->h);
			running = 1;
		}
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	} while (running);
	t0 = now() - t0;
	qsort(L.lat, L.nlat, sizeof(double), cmp_double);
	printf("ok=%zu err=%zu secs=%.1f rate=%.1f p50=%.1f p99=%.1f\n", L.nlat,
	    L.err, t0, (double)L.nlat / t0, pct(0.50), pct(0.99));
	return 0;
}

/*
 * COUNT connections, one request each, then held idle for SECONDS; client
 * numbers (so source addresses) start at FIRST. libcurl walks every handle
 * of a multi on each call, so one process holds a share of the 10,000 and
 * bench/run starts several side by side.
 */
static int
idle(int count, int secs, int first)
{
	CURLM *m = curl_multi_init();
	struct client *c;
	CURLMsg *msg;
	int i, started = 0, running = 0, left, ok = 0;

	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)count + 16);
	L.path = "/";
	L.count = -1;
	while (ok + (int)L.err < count) {
		/* at most 64 handshakes in flight, as a crowd arriving */
		while (started < count && started - ok - (int)L.err < 64) {
			c = client_new(first + started++);
			request(c, "/", NULL, 0);
			c->step = STEP_POST;
			curl_multi_add_handle(m, c->h);
		}
		curl_multi_perform(m, &running);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			long st = 0;

			curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &st);
			if (msg->data.result == CURLE_OK && st == 200)
				ok++;
			else if (L.err++ == 0)
				fprintf(stderr, "idle: first failure: %s, status %ld\n",
				    curl_easy_strerror(msg->data.result), st);
			/* done, but the handle and its connection stay */
		}
		curl_multi_poll(m, NULL, 0, 50, NULL);
	}
	printf("held=%d err=%zu\n", ok, L.err);
	fflush(stdout);
	for (i = 0; i < secs * 10; i++) {
		curl_multi_perform(m, &running);
		usleep(100000);
	}
	return 0;
}

static void
read_receipts(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[128];
	size_t cap = 0;

	if (f == NULL) {
		perror(path);
		exit(1);
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (L.nrin == cap) {
			cap = cap ? cap * 2 : 256;
			L.rin = realloc(L.rin, cap * sizeof(*L.rin));
		}
		L.rin[L.nrin++] = strdup(line);
	}
	fclose(f);
}

int
main(int argc, char *argv[])
{
	struct rlimit rl;
	int n;

	if (argc < 5)
		return fprintf(stderr, "usage: see bench/load.c\n"), 2;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	curl_global_init(CURL_GLOBAL_DEFAULT);
	L.mode = argv[1];
	L.port = atoi(argv[2]);
	L.lat = calloc(LOAD_MAX_SAMPLES, sizeof(double));
	if (strcmp(L.mode, "idle") == 0)
		return idle(atoi(argv[3]), atoi(argv[4]), argc > 5 ? atoi(argv[5]) : 0);
	if (strcmp(L.mode, "get") == 0) {
		L.path = argv[3];
		L.count = atol(argv[4]);
		L.cookie = argc > 5 ? argv[5] : NULL;
		return run(1);
	}
	n = atoi(argv[3]);
	if (n < 1 || n > LOAD_MAX_CLIENTS || argc < 6)
		return 2;
	if (strcmp(L.mode, "submit") == 0) {
		L.count = -1;
		L.until = now() + atof(argv[4]);
		if ((L.rout = fopen(argv[5], "a")) == NULL)
			return perror(argv[5]), 1;
	} else if (strcmp(L.mode, "followup") == 0) {
		L.count = atol(argv[4]);
		if (strcmp(argv[5], "unknown") != 0)
			read_receipts(argv[5]);
	} else if (strcmp(L.mode, "checkin") == 0) {
		L.count = atol(argv[4]);
		read_receipts(argv[5]);	/* one code per line, each spent once */
		if (L.nrin == 0 || (size_t)L.count > L.nrin)
			return fprintf(stderr, "checkin: too few codes\n"), 2;
	} else
		return 2;
	n = run(n);
	if (L.rout != NULL)
		fclose(L.rout);
	return n;
}
