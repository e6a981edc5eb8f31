#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/common/config.h"
#include "server/common/limits.h"

enum cfg_type { CFG_STR, CFG_UINT, CFG_SIZE, CFG_PORT, CFG_BOOL, CFG_HOUR };

struct cfg_key {
	const char	*name;
	enum cfg_type	 type;
	size_t		 off;
	size_t		 size;	/* for strings */
};

#define S(f) { #f, CFG_STR, offsetof(struct config, f), sizeof(((struct config *)0)->f) }
#define U(f) { #f, CFG_UINT, offsetof(struct config, f), 0 }
#define Z(f) { #f, CFG_SIZE, offsetof(struct config, f), 0 }
#define P(f) { #f, CFG_PORT, offsetof(struct config, f), 0 }
#define B(f) { #f, CFG_BOOL, offsetof(struct config, f), 0 }
#define H(f) { #f, CFG_HOUR, offsetof(struct config, f), 0 }
static const struct cfg_key cfg_keys[] = {
	S(state_dir), S(templates), S(migrations), S(tls_cert), S(tls_key),
	S(lookup_key), S(review_key), S(audit_key), S(checkin_key),
	S(public_url), S(run_as), S(review_client_ca), S(receipt_kdf),
	S(db_admin), S(db_intake), S(db_review),
	S(intake_run_as), S(review_run_as), S(intake_listen), S(review_listen),
	S(intake_host),
	P(onion_port), S(onion_url),
	U(onion_max_connections), U(onion_followup_per_min),
	U(onion_report_per_min),
	P(intake_port), P(review_port),
	U(max_connections), U(max_per_ip), U(conn_timeout), U(threads),
	Z(max_body), Z(max_upload), Z(max_header), U(max_fields), Z(max_field),
	Z(max_form), U(max_files), U(kdf_jobs), U(kdf_queue),
	Z(case_max_bytes), U(case_max_files), Z(upload_per_min), Z(export_max),
	U(urgent_burst),
	U(session_idle), U(session_max), U(max_sessions), U(followup_per_min),
	U(followup_per_ip_min), U(login_per_min), U(login_per_ip_min),
	U(report_per_min), U(report_per_ip_min),
	S(holidays), U(ack_days), U(urgent_ack_days), U(response_days),
	U(feedback_days), S(unit_hr), S(unit_hr_en),
	U(checkin_per_min), U(checkin_per_ip_min), U(onion_checkin_per_min), U(checkin_min_answers), U(checkin_min_cell),
	B(sandbox),
	S(db_notify), S(smtp_url), S(smtp_tls), S(smtp_user), S(smtp_password_file),
	S(smtp_ca), S(smtp_from), S(review_url), U(notify_sweep), U(notify_batch),
	H(notify_daily_hour), U(notify_retry), U(notify_retry_max), U(smtp_timeout),
};
#undef S
#undef U
#undef Z
#undef P
#undef B
#undef H

void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->templates, sizeof(c->templates), "templates");
	snprintf(c->migrations, sizeof(c->migrations), "migrations");
	c->intake_port = 8443;
	c->review_port = 9443;
	c->max_connections = CFG_DEF_MAX_CONNECTIONS;
	c->max_per_ip = CFG_DEF_MAX_PER_IP;
	c->conn_timeout = CFG_DEF_CONN_TIMEOUT;
	c->threads = CFG_DEF_THREADS;
	c->max_body = CFG_DEF_MAX_BODY;
	c->max_upload = CFG_DEF_MAX_UPLOAD;
	c->max_files = CFG_DEF_MAX_FILES;
	c->case_max_bytes = CFG_DEF_CASE_MAX_BYTES;
	c->case_max_files = CFG_DEF_CASE_MAX_FILES;
	c->upload_per_min = CFG_DEF_UPLOAD_PER_MIN;
	c->export_max = CFG_DEF_EXPORT_MAX;
	c->urgent_burst = CFG_DEF_URGENT_BURST;
	c->kdf_jobs = CFG_DEF_KDF_JOBS;
	c->kdf_queue = CFG_DEF_KDF_QUEUE;
	c->session_idle = CFG_DEF_SESSION_IDLE;
	c->session_max = CFG_DEF_SESSION_MAX;
	c->max_sessions = CFG_DEF_MAX_SESSIONS;
	c->followup_per_min = CFG_DEF_FOLLOWUP_PER_MIN;
	snprintf(c->receipt_kdf, sizeof(c->receipt_kdf), "%s",
	    CFG_DEF_RECEIPT_KDF);
	c->followup_per_ip_min = CFG_DEF_FOLLOWUP_PER_IP_MIN;
	c->login_per_min = CFG_DEF_LOGIN_PER_MIN;
	c->login_per_ip_min = CFG_DEF_LOGIN_PER_IP_MIN;
	c->report_per_min = CFG_DEF_REPORT_PER_MIN;
	c->report_per_ip_min = CFG_DEF_REPORT_PER_IP_MIN;
	c->ack_days = CFG_DEF_ACK_DAYS;
	c->urgent_ack_days = CFG_DEF_URGENT_ACK_DAYS;
	c->response_days = CFG_DEF_RESPONSE_DAYS;
	c->feedback_days = CFG_DEF_FEEDBACK_DAYS;
	snprintf(c->unit_hr, sizeof(c->unit_hr), "%s", CFG_DEF_UNIT_HR);
	snprintf(c->unit_hr_en, sizeof(c->unit_hr_en), "%s", CFG_DEF_UNIT_HR_EN);
	c->checkin_per_min = CFG_DEF_CHECKIN_PER_MIN;
	c->checkin_per_ip_min = CFG_DEF_CHECKIN_PER_IP_MIN;
	c->onion_checkin_per_min = CFG_DEF_ONION_CHECKIN_PER_MIN;
	c->checkin_min_answers = CFG_DEF_CHECKIN_MIN_ANSWERS;
	c->checkin_min_cell = CFG_DEF_CHECKIN_MIN_CELL;
	c->sandbox = 1;
	c->onion_max_connections = CFG_DEF_ONION_MAX_CONNECTIONS;
	c->onion_followup_per_min = CFG_DEF_ONION_FOLLOWUP_PER_MIN;
	c->onion_report_per_min = CFG_DEF_ONION_REPORT_PER_MIN;
	c->max_header = CFG_DEF_MAX_HEADER;
	c->max_fields = FORM_MAX_FIELDS;
	c->max_field = FORM_MAX_VALUE;
	c->max_form = FORM_MAX_TOTAL;
	snprintf(c->smtp_tls, sizeof(c->smtp_tls), "starttls");
	c->notify_sweep = CFG_DEF_NOTIFY_SWEEP;
	c->notify_batch = CFG_DEF_NOTIFY_BATCH;
	c->notify_daily_hour = CFG_DEF_NOTIFY_DAILY_HOUR;
	c->notify_retry = CFG_DEF_NOTIFY_RETRY;
	c->notify_retry_max = CFG_DEF_NOTIFY_RETRY_MAX;
	c->smtp_timeout = CFG_DEF_SMTP_TIMEOUT;
}

const char *
config_run_as(const struct config *c, const char *program)
{
	if (strcmp(program, "intake") == 0 && c->intake_run_as[0] != '\0')
		return c->intake_run_as;
	if (strcmp(program, "review") == 0 && c->review_run_as[0] != '\0')
		return c->review_run_as;
	return c->run_as;
}

static char *
config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		*--e = '\0';
	/* a value may be quoted to keep spaces at its ends */
	if (e - s >= 2 && s[0] == '"' && e[-1] == '"') {
		e[-1] = '\0';
		s++;
	}
	return s;
}

static int
config_set(struct config *c, const struct cfg_key *k, const char *v)
{
	char *p = (char *)c + k->off;
	unsigned long long n;
	char *end;

	if (k->type == CFG_BOOL) {
		if (strcmp(v, "on") != 0 && strcmp(v, "off") != 0)
			return -1;
		*(int *)(void *)p = strcmp(v, "on") == 0;
		return 0;
	}
	if (k->type == CFG_STR) {
		if (strlen(v) >= k->size)
			return -1;
		memcpy(p, v, strlen(v) + 1);
		return 0;
	}
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || *v == '-')
		return -1;
	if (k->type == CFG_HOUR) {
		if (n > 23)
			return -1;
		*(unsigned *)(void *)p = (unsigned)n;
	} else if (k->type == CFG_PORT) {
		if (n == 0 || n > 65535)
			return -1;
		*(int *)(void *)p = (int)n;
	} else if (k->type == CFG_UINT) {
		if (n == 0 || n > 1000000)
			return -1;
		*(unsigned *)(void *)p = (unsigned)n;
	} else {
		if (n == 0 || n > (1ULL << 32))
			return -1;
		*(size_t *)(void *)p = (size_t)n;
	}
	return 0;
}

static int
config_line(struct config *c, char *line)
{
	char *eq, *key, *val;
	size_t i;

	key = config_trim(line);
	if (*key == '\0' || *key == '#')
		return 0;
	if ((eq = strchr(key, '=')) == NULL)
		return -1;
	*eq = '\0';
	key = config_trim(key);
	val = config_trim(eq + 1);
	for (i = 0; i < sizeof(cfg_keys) / sizeof(cfg_keys[0]); i++)
		if (strcmp(cfg_keys[i].name, key) == 0)
			return config_set(c, &cfg_keys[i], val);
	return -1;
}

/*
 * Keys added after a configuration was written get their place under the
 * state directory, so an existing installation keeps starting.
 */
static void
config_derive(struct config *c)
{
	if (c->checkin_key[0] == '\0' && c->state_dir[0] != '\0')
		snprintf(c->checkin_key, sizeof(c->checkin_key),
		    "%.*s/keys/checkin-lookup.key", CFG_PATH_MAX - 32, c->state_dir);
	if (c->public_url[0] == '\0')
		snprintf(c->public_url, sizeof(c->public_url),
		    "https://localhost:%d", c->intake_port);
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	char line[CFG_LINE_MAX];
	unsigned lineno = 0;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%u: line too long", path, lineno);
			fclose(f);
			return -1;
		}
		if (config_line(c, line) == -1) {
			snprintf(err, errlen, "%s:%u: unknown key or bad value",
			    path, lineno);
			fclose(f);
			return -1;
		}
	}
	fclose(f);
	config_derive(c);
	return 0;
}
