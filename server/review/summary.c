/*
 * The one-line summary of each queue row: the first words of the
 * report's story, decrypted per row for the rows of the page only with
 * the reader's key (never stored in the clear). A row whose key or report
 * does not open simply has no summary.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/envelope.h"
#include "server/common/forms.h"
#include "server/review/summary.h"

/* Bytes of the first max characters of s, whitespace runs made one space. */
static void
summary_cut(const char *s, char *out, size_t outlen, size_t max)
{
	size_t o = 0, chars = 0, n;
	int space = 0;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	for (; *s != '\0' && chars < max; s += n) {
		n = 1;
		while ((s[n] & 0xc0) == 0x80)	/* valid UTF-8 (checked at filing) */
			n++;
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			space = 1;
			continue;
		}
		if (o + n + space + sizeof("…") > outlen)
			break;
		if (space)
			out[o++] = ' ';
		space = 0;
		memcpy(out + o, s, n);
		o += n;
		chars++;
	}
	if (*s != '\0' && o + sizeof("…") <= outlen) {
		memcpy(out + o, "…", sizeof("…") - 1);
		o += sizeof("…") - 1;
	}
	out[o] = '\0';
}

/* The first free-text field of the report that has a value. */
static const char *
summary_story(const struct form_def *def, const struct formdata *fd)
{
	const struct field *f;
	size_t i;

	for (f = def->fields; f->name != NULL; f++) {
		if (f->type != FIELD_TEXTAREA)
			continue;
		for (i = 0; i < fd->n; i++)
			if (strcmp(fd->v[i].name, f->name) == 0 &&
			    fd->v[i].value[strspn(fd->v[i].value, " \t\r\n")] != '\0')
				return fd->v[i].value;
	}
	return NULL;
}

struct summary_ctx {
	const struct review_user	*u;
	const unsigned char		*sk;
	struct env_opener		*op;	/* locked memory for the page */
	struct review_summary		*out;
	int				 n;
};

static void
summary_one(void *arg, const struct db_sealed_report *rep)
{
	struct summary_ctx *x = arg;
	const struct form_def *def;
	struct formdata fd = { 0 };
	const char *plain, *story;
	size_t len;
	int i;

	for (i = 0; i < x->n && strcmp(x->out[i].id, rep->case_id) != 0; i++)
		;
	if (i == x->n || env_opener_open(x->op, rep->sealed_key, DB_SEALED_KEY,
	    x->u->pk, x->sk, rep->case_id, "report", rep->record_id, rep->body,
	    rep->len, &plain, &len) != ENV_OK)
		return;
	if (forms_record_parse(plain, len, &fd, &def) == 0 &&
	    (story = summary_story(def, &fd)) != NULL)
		summary_cut(story, x->out[i].text, sizeof(x->out[i].text),
		    REVIEW_SUMMARY_CHARS);
	formdata_free(&fd);
}

int
review_summaries(struct review *app, const struct review_user *u,
    const unsigned char *sk, const struct db_queue_row *rows, int n,
    struct review_summary *out)
{
	struct summary_ctx x = { u, sk, NULL, out, n };
	int i, rc;

	for (i = 0; i < n; i++) {
		memcpy(out[i].id, rows[i].id, sizeof(out[i].id));
		out[i].text[0] = '\0';
	}
	if (sk == NULL)
		return 0;
	if ((x.op = env_opener_new()) == NULL)
		return REVIEW_EFAIL;
	rc = db_queue_reports(app->store, u->id, rows, n, summary_one, &x);
	env_opener_free(x.op);
	return rc;
}
