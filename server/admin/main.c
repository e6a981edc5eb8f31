/* madoguchi-admin: the operator's command line. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "crypto/envelope.h"
#include "server/admin/admin.h"
#include "server/common/audit.h"
#include "server/common/config.h"
#include "server/common/tls.h"

static void
usage(FILE *f)
{
	fprintf(f, "usage: madoguchi-admin -c CONFIG [--audit-key FILE] COMMAND\n"
	    "  --audit-key FILE  read the audit key from FILE instead of the\n"
	    "                  configuration's audit_key (a systemd credential)\n"
	    "commands:\n"
	    "  migrate         apply the numbered SQL files in order (idempotent)\n"
	    "  init [--dev-counselor]\n"
	    "                  create the recovery key and the servers' keys;\n"
	    "                  prints the recovery phrase once (exit 3 if\n"
	    "                  already initialised). --dev-counselor, for trying\n"
	    "                  the service only (make run), also makes the\n"
	    "                  account \"counselor\" on every channel and prints\n"
	    "                  its password and TOTP key; never in production\n"
	    "  status          migrations, keys, recipients, case counts\n"
	    "  tls-selfsigned  create a self-signed certificate if none exists\n"
	    "  user invite USER ROLE [CHANNEL...]\n"
	    "                  a counselor, analyst or admin account and its\n"
	    "                  one-time setup link (expires in 72 hours)\n"
	    "  user disable USER\n"
	    "                  no more logins (open sessions end) and no new cases\n"
	    "  user channels USER [CHANNEL...]\n"
	    "                  the channels a counselor receives, replaced (new\n"
	    "                  cases only; older ones need a grant)\n"
	    "  audit verify    check the audit log's hash chain (exit 1 if broken)\n"
	    "  recover USER    give USER access to their channels' cases with the\n"
	    "                  recovery phrase (read from standard input)\n"
	    "  purge DAYS      destroy closed cases closed more than DAYS ago\n"
	    "  notify test USER\n"
	    "                  queue a test mail to USER's notice address and wait\n"
	    "                  for madoguchi-notify to send it (exit 1 if not sent)\n"
	    "  cohort add SLUG NAME_JA NAME_EN [--all-staff]\n"
	    "  cohort list     groups that check-in rounds are for\n"
	    "  round open COHORT --label LABEL --closes YYYY-MM-DD --codes N [--out FILE]\n"
	    "                  a check-in round with N one-time codes and the\n"
	    "                  printable sheet of cards (HTML, A4)\n"
	    "  round open COHORT --label LABEL --closes YYYY-MM-DD --link\n"
	    "                  a round with one shared link (figures unverified)\n"
	    "  round close ID  no more answers; figures can then be seen\n"
	    "  round list [COHORT]\n");
}

static int
admin_tls(const struct config *cfg)
{
	char err[512];
	FILE *f;

	if ((f = fopen(cfg->tls_cert, "r")) != NULL) {
		fclose(f);
		printf("certificate exists: %s\n", cfg->tls_cert);
		return 0;
	}
	if (tls_selfsigned_create(cfg->tls_cert, cfg->tls_key, "localhost", 365,
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "tls-selfsigned: %s\n", err);
		return 1;
	}
	printf("created self-signed certificate %s\n", cfg->tls_cert);
	return 0;
}

int
admin_audit_verify(PGconn *c)
{
	char head[AUDIT_HEAD_TEXT];
	long long n = 0, id = 0, bad = audit_verify(c, &n, &id, head);

	if (bad == 0 && n > 0)
		printf("audit log: %lld entries, chain and keys intact\n"
		    "head: entry %lld mac %s (note it: a removed last entry shows "
		    "only against an earlier head)\n", n, id, head);
	else if (bad == 0)
		printf("audit log: empty\n");
	else if (bad > 0)
		printf("audit log: BROKEN at entry %lld (edited, deleted, "
		    "inserted or re-chained out of band)\n", bad);
	else
		printf("audit log: cannot verify (database or audit key)\n");
	return bad == 0 ? 0 : 1;
}

static int
admin_db(const struct config *cfg, const char *cmd, int argc, char **argv)
{
	PGconn *c = PQconnectdb(cfg->db_admin);
	int rc;

	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "database: %s", PQerrorMessage(c));
		PQfinish(c);
		return 1;
	}
	/* every entry the admin tool writes or checks needs the audit key */
	if (audit_key_load(cfg->audit_key) == -1) {
		fprintf(stderr, "audit_key %s: %s\n", cfg->audit_key[0] ?
		    cfg->audit_key : "(not configured)", strerror(errno));
		PQfinish(c);
		return 1;
	}
	if (strcmp(cmd, "migrate") == 0)
		rc = admin_migrate(cfg, c);
	else if (strcmp(cmd, "init") == 0 && argc == 0)
		rc = admin_init(cfg, c, 0);
	else if (strcmp(cmd, "init") == 0 && argc == 1 &&
	    strcmp(argv[0], "--dev-counselor") == 0)
		rc = admin_init(cfg, c, 1);
	else if (strcmp(cmd, "status") == 0)
		rc = admin_status(cfg, c);
	else if (strcmp(cmd, "user") == 0 && argc >= 3 &&
	    strcmp(argv[0], "invite") == 0)
		rc = admin_user_invite(cfg, c, argv[1], argv[2], argv + 3, argc - 3);
	else if (strcmp(cmd, "user") == 0 && argc == 2 &&
	    strcmp(argv[0], "disable") == 0)
		rc = admin_user_disable(c, argv[1]);
	else if (strcmp(cmd, "user") == 0 && argc >= 2 &&
	    strcmp(argv[0], "channels") == 0)
		rc = admin_user_channels(c, argv[1], argv + 2, argc - 2);
	else if (strcmp(cmd, "recover") == 0 && argc == 1)
		rc = admin_recover(c, argv[0]);
	else if (strcmp(cmd, "notify") == 0 && argc == 2 &&
	    strcmp(argv[0], "test") == 0)
		rc = admin_notify_test(c, argv[1]);
	else if (strcmp(cmd, "purge") == 0 && argc == 1)
		rc = admin_purge(c, argv[0]);
	else if (strcmp(cmd, "cohort") == 0)
		rc = admin_cohort(c, argc, argv);
	else if (strcmp(cmd, "round") == 0)
		rc = admin_round(cfg, c, argc, argv);
	else if (strcmp(cmd, "audit") == 0 && argc == 1 &&
	    strcmp(argv[0], "verify") == 0)
		rc = admin_audit_verify(c);
	else {
		usage(stderr);
		rc = 2;
	}
	PQfinish(c);
	audit_key_free();
	return rc;
}

int
main(int argc, char *argv[])
{
	struct config cfg;
	const char *path = NULL, *cmd = NULL, *audit_key = NULL;
	char err[512], *rest[16];
	int i, nrest = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "-c") == 0 && i + 1 < argc)
			path = argv[++i];
		else if (strcmp(argv[i], "--audit-key") == 0 && i + 1 < argc)
			audit_key = argv[++i];
		else if (cmd == NULL)
			cmd = argv[i];
		else if (nrest < 16)
			rest[nrest++] = argv[i];
		else
			return usage(stderr), 2;
	}
	if (path == NULL || cmd == NULL)
		return usage(stderr), 2;
	config_defaults(&cfg);
	if (config_load(&cfg, path, err, sizeof(err)) == -1) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/*
	 * The purge unit runs as madoguchi-admin, which cannot read the
	 * root-only key file: systemd hands it a copy (LoadCredential=).
	 */
	if (audit_key != NULL && snprintf(cfg.audit_key, sizeof(cfg.audit_key),
	    "%s", audit_key) >= (int)sizeof(cfg.audit_key))
		return usage(stderr), 2;
	if (env_init() == -1)
		return fprintf(stderr, "libsodium failed to start\n"), 1;
	if (strcmp(cmd, "tls-selfsigned") == 0)
		return admin_tls(&cfg);
	if (strcmp(cmd, "migrate") && strcmp(cmd, "init") && strcmp(cmd, "status") &&
	    strcmp(cmd, "user") && strcmp(cmd, "audit") && strcmp(cmd, "recover") &&
	    strcmp(cmd, "purge") && strcmp(cmd, "notify") && strcmp(cmd, "cohort") &&
	    strcmp(cmd, "round"))
		return usage(stderr), 2;
	return admin_db(&cfg, cmd, nrest, rest);
}
