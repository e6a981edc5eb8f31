/*
 * The printable sheet of a round: A4, one card per code with the
 * address, the code in groups, a QR code of the address with the code,
 * and a few words in Japanese and English that the answer is anonymous
 * and optional. Rendered by the same escaping template engine as the
 * pages (templates/checkin_sheet.html); the QR code is inline SVG.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "crypto/checkin_code.h"
#include "server/admin/admin.h"
#include "server/common/buf.h"
#include "server/common/catalog.h"
#include "server/common/qrsvg.h"
#include "server/common/template.h"

/* The sheet's texts, each in both languages ("<key>_ja", "<key>_en"). */
static const char *const sheet_texts[] = {
	"sheet.title", "sheet.hr_note", "sheet.card.heading", "sheet.card.anon",
	"sheet.card.optional", "sheet.card.once", "sheet.card.closes",
	"sheet.card.address", "sheet.count", NULL
};

static const char *
sheet_tr(void *arg, const char *msgid)
{
	return catalog_get(arg, LANG_JA, msgid);
}

static void
sheet_texts_set(struct view *v, const struct catalog *cat)
{
	char key[64];
	size_t i, j;

	for (i = 0; sheet_texts[i] != NULL; i++) {
		snprintf(key, sizeof(key), "%s", sheet_texts[i] + strlen("sheet."));
		for (j = 0; key[j] != '\0'; j++)
			if (key[j] == '.')
				key[j] = '_';
		strncat(key, "_ja", sizeof(key) - strlen(key) - 1);
		view_set(v, key, catalog_get(cat, LANG_JA, sheet_texts[i]));
		memcpy(key + strlen(key) - 3, "_en", 3);
		view_set(v, key, catalog_get(cat, LANG_EN, sheet_texts[i]));
	}
}

static int
sheet_round(PGconn *c, const char *id, struct view *v)
{
	const char *p[1] = { id };
	PGresult *r = PQexecParams(c, "SELECT h.name_ja, h.name_en, r.label, "
	    "r.closes_on FROM checkin_rounds r JOIN cohorts h ON h.slug = r.cohort "
	    "WHERE r.id::text = $1", 1, NULL, p, NULL, NULL, 0);
	int ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;

	if (ok) {
		view_set(v, "cohort_ja", PQgetvalue(r, 0, 0));
		view_set(v, "cohort_en", PQgetvalue(r, 0, 1));
		view_set(v, "label", PQgetvalue(r, 0, 2));
		view_set(v, "closes", PQgetvalue(r, 0, 3));
	}
	PQclear(r);
	return ok ? 0 : -1;
}

static int
sheet_card(struct view *v, const struct config *cfg, const char *canon)
{
	struct view *card = view_add(v, "cards");
	char text[CHECKIN_TEXTLEN + 1], url[CFG_PATH_MAX + 64];
	struct buf path = { 0 };
	int size, rc;

	if (card == NULL)
		return -1;
	checkin_code_format(canon, text);
	snprintf(url, sizeof(url), "%s/checkin?c=%s", cfg->public_url, canon);
	rc = qrsvg_path(url, &path, &size);
	if (rc == 0) {
		view_set(card, "code", text);
		view_set(card, "qr_path", path.data);
		view_setf(card, "qr_size", "%d", size);
	}
	buf_free(&path);
	return rc;
}

static int
sheet_render(const struct config *cfg, PGconn *c, const char *id,
    const char *codes, size_t n, struct buf *out)
{
	char dir[CFG_PATH_MAX + 16], err[512];
	struct tmpl_set *t = tmpl_load_dir(cfg->templates, err, sizeof(err));
	struct catalog *cat;
	struct view *v = view_new();
	size_t i;
	int rc = -1;

	snprintf(dir, sizeof(dir), "%s/messages", cfg->templates);
	if ((cat = catalog_load(dir, err, sizeof(err))) == NULL || t == NULL ||
	    v == NULL) {
		fprintf(stderr, "round open: %s\n", err);
		goto out;
	}
	sheet_texts_set(v, cat);
	view_setf(v, "address", "%s/checkin", cfg->public_url);
	view_setf(v, "count", "%zu", n);
	if (sheet_round(c, id, v) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (sheet_card(v, cfg, codes + i * (CHECKIN_DIGITS + 1)) == -1)
			goto out;
	rc = tmpl_render(t, "checkin_sheet", v, sheet_tr, cat, out);
out:
	view_free(v);
	catalog_free(cat);
	tmpl_set_free(t);
	return rc;
}

int
admin_sheet_write(const struct config *cfg, PGconn *c, const char *id,
    const char *codes, size_t n, const char *path)
{
	struct buf out = { 0 };
	size_t len;
	ssize_t w;
	int fd, rc;

	if (sheet_render(cfg, c, id, codes, n, &out) == -1) {
		buf_free(&out);
		return -1;
	}
	/* never over another file: the sheet holds live codes */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) == -1) {
		fprintf(stderr, "round open: %s: %s\n", path, strerror(errno));
		buf_free(&out);
		return -1;
	}
	len = out.len;
	w = write(fd, out.data, len);
	buf_free(&out);
	rc = w == (ssize_t)len && fsync(fd) == 0;
	if (close(fd) == -1 || !rc) {
		fprintf(stderr, "round open: %s: cannot write\n", path);
		unlink(path);
		return -1;
	}
	return 0;
}
