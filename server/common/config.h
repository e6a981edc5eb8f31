/*
 * Configuration: one "key = value" file shared by every program. Every
 * limit the servers enforce is here, named, with its default, so an
 * operator can read and change them in one place.
 */
#ifndef MDG_CONFIG_H
#define MDG_CONFIG_H
#include <stddef.h>

#define CFG_PATH_MAX		1024
#define CFG_LINE_MAX		2048
#define CFG_CONNINFO_MAX	1024

/* Defaults of the limits (see docs in README "Configuration"). */
#define CFG_DEF_MAX_CONNECTIONS		4096	/* open connections in total */
#define CFG_DEF_MAX_PER_IP		32	/* per client address, in memory only */
#define CFG_DEF_CONN_TIMEOUT		30	/* seconds of inactivity before close */
#define CFG_DEF_THREADS			8	/* request threads (and DB connections) */
#define CFG_DEF_MAX_BODY		(24u * 1024 * 1024)	/* one request body */
/*
 * max_header is libmicrohttpd's memory pool of each connection, which it
 * zeroes whole after every request: an idle keep-alive connection holds
 * all of it. 8 KiB leaves about 6 KiB for a request's headers (a browser
 * sends 1-2 KiB to us) and keeps 10,000 idle connections near 200 MiB.
 */
#define CFG_DEF_MAX_HEADER		(8u * 1024)	/* per connection, headers */
#define CFG_DEF_MAX_UPLOAD		(10u * 1024 * 1024)	/* one file */
#define CFG_DEF_MAX_FILES		5	/* files per submission */
/*
 * What one case can hold in all, so one anonymous reporter cannot fill
 * the disk through follow-ups, and how fast one reporter session may
 * send files (bytes stored per minute).
 */
#define CFG_DEF_CASE_MAX_BYTES		(50u * 1024 * 1024)
#define CFG_DEF_CASE_MAX_FILES		20
#define CFG_DEF_UPLOAD_PER_MIN		(24u * 1024 * 1024)
#define CFG_DEF_EXPORT_MAX		(200u * 1024 * 1024)	/* one case's ZIP */
/*
 * The queue warns when more urgent cases than this were filed in the
 * current and the previous hour (times are stored to the hour only).
 */
#define CFG_DEF_URGENT_BURST		3
#define CFG_DEF_KDF_JOBS		2	/* concurrent Argon2id jobs */
#define CFG_DEF_KDF_QUEUE		16	/* requests waiting for a job slot */
#define CFG_DEF_SESSION_IDLE		(15 * 60)	/* reporter session idle, s */
#define CFG_DEF_SESSION_MAX		(60 * 60)	/* reporter session absolute, s */
#define CFG_DEF_MAX_SESSIONS		1024
#define CFG_DEF_RECEIPT_KDF		"blake2b"	/* or "argon2id" (memory-hard) */
/*
 * Attempts per client address and minute (in memory only), and a global
 * ceiling per minute that is only a last resort against many addresses.
 */
#define CFG_DEF_FOLLOWUP_PER_IP_MIN	10	/* receipt attempts */
#define CFG_DEF_FOLLOWUP_PER_MIN	1200
#define CFG_DEF_LOGIN_PER_IP_MIN	10	/* counselor logins */
#define CFG_DEF_LOGIN_PER_MIN		600
#define CFG_DEF_REPORT_PER_IP_MIN	10	/* reports filed */
#define CFG_DEF_REPORT_PER_MIN		6000
/*
 * The onion listener: every Tor client arrives from 127.0.0.1, so the
 * per-address limits above would make all of them one client. It has
 * its own connection ceiling and its own per-minute attempt budgets,
 * and Tor's own defences (deploy/tor/torrc) come first.
 */
#define CFG_DEF_ONION_MAX_CONNECTIONS	1024
#define CFG_DEF_ONION_FOLLOWUP_PER_MIN	120
#define CFG_DEF_ONION_REPORT_PER_MIN	120
/* Deadlines in the ward's working days (server/common/workdays.h). */
#define CFG_DEF_ACK_DAYS		5	/* acknowledge a case (ISO 37002: 3) */
#define CFG_DEF_URGENT_ACK_DAYS		1	/* acknowledge an urgent case */
#define CFG_DEF_RESPONSE_DAYS		20	/* first response, about a month */
#define CFG_DEF_FEEDBACK_DAYS		55	/* feedback, within three months */
#define CFG_UNIT_MAX		128	/* bytes of a unit's name */
#define CFG_DEF_UNIT_HR		"人事課"
#define CFG_DEF_UNIT_HR_EN	"the Personnel Division"
#define CFG_HOLIDAYS_FILE		"data/holidays-jp.txt"	/* under templates */
/* The notifier (madoguchi-notify). */
#define CFG_DEF_NOTIFY_SWEEP		60	/* s between sweeps of the outbox */
#define CFG_DEF_NOTIFY_BATCH		3600	/* s: hourly digests, on the hour */
#define CFG_DEF_NOTIFY_DAILY_HOUR	9	/* local hour of daily mail */
#define CFG_DEF_NOTIFY_RETRY		60	/* s before the first retry */
#define CFG_DEF_NOTIFY_RETRY_MAX	3600	/* s: the backoff stops growing */
#define CFG_DEF_SMTP_TIMEOUT		60	/* s for one mail */
/* check-in code attempts (looking a code up, or answering) */
#define CFG_DEF_CHECKIN_PER_IP_MIN	10
#define CFG_DEF_CHECKIN_PER_MIN		1200
#define CFG_DEF_ONION_CHECKIN_PER_MIN	120
#define CFG_DEF_CHECKIN_MIN_ANSWERS	10	/* a round's figures shown from this many answers */
#define CFG_DEF_CHECKIN_MIN_CELL	10	/* smaller counts are shown as "<N" */

struct config {
	char	 state_dir[CFG_PATH_MAX];
	char	 templates[CFG_PATH_MAX];
	char	 migrations[CFG_PATH_MAX];
	char	 tls_cert[CFG_PATH_MAX];
	char	 tls_key[CFG_PATH_MAX];
	char	 lookup_key[CFG_PATH_MAX];
	char	 review_key[CFG_PATH_MAX];	/* seals TOTP secrets */
	char	 audit_key[CFG_PATH_MAX];	/* keys the audit chain */
	char	 checkin_key[CFG_PATH_MAX];	/* check-in code lookups */
	char	 public_url[CFG_PATH_MAX];	/* intake's address on printed cards */
	char	 run_as[64];			/* user to drop root to */
	char	 intake_run_as[64];		/* overrides run_as for intake */
	char	 review_run_as[64];		/* overrides run_as for review */
	char	 intake_listen[64];		/* numeric address, "" for all */
	char	 review_listen[64];
	char	 intake_host[256];		/* the public host name; review refuses it */
	int	 onion_port;			/* plain HTTP on 127.0.0.1, 0 off */
	char	 onion_url[CFG_PATH_MAX];	/* the onion address, for printouts */
	unsigned onion_max_connections;
	unsigned onion_followup_per_min;
	unsigned onion_report_per_min;
	char	 review_client_ca[CFG_PATH_MAX];	/* mutual TLS for review */
	char	 receipt_kdf[16];		/* reporter key derivation of new cases */
	size_t	 max_header;			/* request line + headers */
	unsigned max_fields;			/* fields in one form */
	size_t	 max_field;			/* bytes of one field */
	size_t	 max_form;			/* bytes of all fields */
	int	 sandbox;			/* seccomp allow-list on (1) */
	char	 db_admin[CFG_CONNINFO_MAX];
	char	 db_intake[CFG_CONNINFO_MAX];
	char	 db_review[CFG_CONNINFO_MAX];
	char	 db_notify[CFG_CONNINFO_MAX];
	char	 smtp_url[CFG_PATH_MAX];	/* smtp://host:587 or smtps://host */
	char	 smtp_tls[16];			/* "starttls" (default) | "none" */
	char	 smtp_user[256];		/* AUTH only when set */
	char	 smtp_password_file[CFG_PATH_MAX];
	char	 smtp_ca[CFG_PATH_MAX];		/* CA file; system store if empty */
	char	 smtp_from[256];
	char	 review_url[512];		/* the address mails point to */
	unsigned notify_sweep;
	unsigned notify_batch;
	unsigned notify_daily_hour;
	unsigned notify_retry;
	unsigned notify_retry_max;
	unsigned smtp_timeout;
	int	 intake_port;
	int	 review_port;
	unsigned max_connections;
	unsigned max_per_ip;
	unsigned conn_timeout;
	unsigned threads;
	size_t	 max_body;
	size_t	 max_upload;
	unsigned max_files;
	size_t	 case_max_bytes;		/* attachments of one case, stored */
	unsigned case_max_files;
	size_t	 upload_per_min;		/* bytes per reporter session */
	size_t	 export_max;			/* bytes of one case export */
	unsigned urgent_burst;			/* urgent cases in ~an hour */
	unsigned kdf_jobs;
	unsigned kdf_queue;
	unsigned session_idle;
	unsigned session_max;
	unsigned max_sessions;
	unsigned followup_per_min;
	unsigned followup_per_ip_min;
	unsigned login_per_min;
	unsigned login_per_ip_min;
	unsigned report_per_min;
	unsigned report_per_ip_min;
	char	 holidays[CFG_PATH_MAX];	/* "" for templates/CFG_HOLIDAYS_FILE */
	unsigned ack_days;
	unsigned urgent_ack_days;
	unsigned response_days;
	unsigned feedback_days;
	char	 unit_hr[CFG_UNIT_MAX];		/* the ward's HR unit, in Japanese */
	char	 unit_hr_en[CFG_UNIT_MAX];	/* and in English */
	unsigned checkin_per_min;
	unsigned checkin_per_ip_min;
	unsigned onion_checkin_per_min;
	unsigned checkin_min_answers;
	unsigned checkin_min_cell;
};

void	config_defaults(struct config *);
/* The user a program drops to: its own run_as key, else run_as. */
const char *config_run_as(const struct config *, const char *program);
/* 0, or -1 with err naming the file, line and problem. */
int	config_load(struct config *, const char *path, char *err, size_t errlen);

#endif
