/*
 * Migrations: numbered files NNN_name.sql applied in order, each in its
 * own transaction together with its row in schema_migrations, so a failed
 * file leaves nothing behind and re-running is a no-op.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "server/admin/admin.h"
#include "server/common/buf.h"
#include "server/common/store.h"

#define MIGRATE_MAX_FILES	256
#define MIGRATE_MAX_SIZE	(1024 * 1024)

static int
migrate_name_ok(const char *n)
{
	size_t len = strlen(n);

	return len > 8 && n[0] >= '0' && n[0] <= '9' && n[1] >= '0' &&
	    n[1] <= '9' && n[2] >= '0' && n[2] <= '9' && n[3] == '_' &&
	    strcmp(n + len - 4, ".sql") == 0 && len < 128;
}

static int
migrate_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
migrate_applied(PGconn *c, int version)
{
	char v[16];
	const char *params[1] = { v };
	PGresult *r;
	int n;

	snprintf(v, sizeof(v), "%d", version);
	r = PQexecParams(c, "SELECT 1 FROM schema_migrations WHERE version = $1",
	    1, NULL, params, NULL, NULL, 0);
	n = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : -1;
	PQclear(r);
	return n;
}

static int
migrate_one(PGconn *c, const char *dir, const char *name)
{
	char path[2048], err[1024], v[16];
	const char *params[2] = { v, name };
	struct buf sql = { 0 };
	PGresult *r;
	int version = atoi(name), done;

	if ((done = migrate_applied(c, version)) != 0)
		return done > 0 ? 0 : -1;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(v, sizeof(v), "%d", version);
	if (buf_read_file(&sql, path, MIGRATE_MAX_SIZE) == -1) {
		fprintf(stderr, "migrate: cannot read %s\n", path);
		buf_free(&sql);
		return -1;
	}
	store_exec(c, "BEGIN", err, sizeof(err));
	if (store_exec(c, sql.data, err, sizeof(err)) == -1) {
		fprintf(stderr, "migrate: %s: %s", name, err);
		store_exec(c, "ROLLBACK", err, sizeof(err));
		buf_free(&sql);
		return -1;
	}
	buf_free(&sql);
	r = PQexecParams(c, "INSERT INTO schema_migrations (version, name) "
	    "VALUES ($1, $2)", 2, NULL, params, NULL, NULL, 0);
	PQclear(r);
	if (store_exec(c, "COMMIT", err, sizeof(err)) == -1) {
		fprintf(stderr, "migrate: %s: %s", name, err);
		return -1;
	}
	printf("applied %s\n", name);
	return 0;
}

static int
migrate_list(const char *dir, char **names, size_t *n)
{
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL)
		return -1;
	*n = 0;
	while ((de = readdir(d)) != NULL && *n < MIGRATE_MAX_FILES)
		if (migrate_name_ok(de->d_name))
			names[(*n)++] = strdup(de->d_name);
	closedir(d);
	qsort(names, *n, sizeof(names[0]), migrate_cmp);
	return 0;
}

int
admin_migrate(const struct config *cfg, PGconn *c)
{
	char *names[MIGRATE_MAX_FILES], err[1024];
	size_t n, i;
	int rc = 0;

	if (store_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    "version int PRIMARY KEY, name text NOT NULL, "
	    "applied_at timestamptz NOT NULL DEFAULT now())",
	    err, sizeof(err)) == -1) {
		fprintf(stderr, "migrate: %s", err);
		return 1;
	}
	if (migrate_list(cfg->migrations, names, &n) == -1) {
		fprintf(stderr, "migrate: cannot open %s\n", cfg->migrations);
		return 1;
	}
	for (i = 0; i < n; i++) {
		if (rc == 0 && (names[i] == NULL ||
		    migrate_one(c, cfg->migrations, names[i]) == -1))
			rc = 1;
		free(names[i]);
	}
	if (rc == 0)
		printf("database is up to date\n");
	return rc;
}
