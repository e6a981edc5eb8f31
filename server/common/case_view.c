#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "crypto/envelope.h"
#include "server/common/case_view.h"
#include "server/common/forms.h"
#include "server/common/log.h"

int
case_view_file(void *arg, const struct store_row *row)
{
	struct case_view *cv = arg;
	struct case_view_file *f;
	unsigned char *meta;
	size_t mlen;

	if (cv->nfiles >= CASE_VIEW_MAX_FILES)
		return 0;
	f = &cv->files[cv->nfiles];
	if (env_record_open(cv->k, cv->case_id, "attachment", row->id, row->body,
	    row->len, &meta, &mlen) != ENV_OK) {
		cv->bad = 1;
		return 0;
	}
	if (upload_meta_parse(meta, mlen, f->name, sizeof(f->name), &f->size) == 0) {
		memcpy(f->id, row->id, sizeof(f->id));
		memcpy(f->record_id, row->record_id, sizeof(f->record_id));
		cv->nfiles++;
	}
	env_secret_free(meta);
	return 0;
}

static void
case_view_files(struct case_view *cv, const char *record_id, struct view *v,
    const char *key)
{
	struct view *a;
	size_t i;

	for (i = 0; i < cv->nfiles; i++) {
		if (strcmp(cv->files[i].record_id, record_id) != 0 ||
		    (a = view_add(v, key)) == NULL)
			continue;
		view_setf(a, "href", "%s%s", cv->href, cv->files[i].id);
		view_set(a, "name", cv->files[i].name);
		view_setf(a, "size", "%" PRIu64 " KB", (cv->files[i].size + 1023) / 1024);
	}
}

/* K6 score and band, and why the case is urgent, for the counselor. */
static void
case_view_assess(struct case_view *cv, const char *rec, size_t len)
{
	struct formdata fd = { 0 };
	const struct form_def *def;
	struct assessment a;

	if (forms_record_parse(rec, len, &fd, &def) == 0) {
		forms_assess(def, &fd, &a);
		if (a.k6_score >= 0) {
			view_setf(cv->v, "k6_score", "%d", a.k6_score);
			view_set(cv->v, "k6_band", a.k6_band);
			view_set_flag(cv->v, "k6_estimated", a.k6_estimated);
		} else if (a.k6_answered > 0) {
			/* too few answers for a band: what was answered */
			view_setf(cv->v, "k6_answered", "%d", a.k6_answered);
			view_setf(cv->v, "k6_raw", "%d", a.k6_raw);
		}
		view_set_flag(cv->v, "assessed_urgent", a.urgent);
	}
	formdata_free(&fd);
}

/* An answer the reporter has not seen: marked, the first one linked to. */
static void
case_view_new(struct case_view *cv, const struct store_row *row,
    struct view *m)
{
	if (strcmp(row->author, "counselor") != 0)
		return;
	cv->nanswers++;
	if (!cv->mark_new || row->seq <= cv->seen)
		return;
	view_set_flag(m, "unread", 1);
	if (cv->nnew++ == 0) {
		view_set_flag(m, "first_new", 1);
		view_set_flag(cv->v, "has_unread", 1);
	}
}

/*
 * A reporter's answer to a follow-up (server/intake/watch.c),
 * "answer=WORD", shown in the reader's language; anything else is shown
 * as it is.
 */
static void
case_view_watch(struct view *m, const char *rec)
{
	static const char *const words[] = { "no", "yes", "talk", NULL };
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strncmp(rec, "answer=", 7) == 0 && strcmp(rec + 7, words[i]) == 0) {
			view_setf(m, "watch_answer", "watch.answer.%s", words[i]);
			return;
		}
	view_set(m, "text", rec);
}

static void
case_view_add(struct case_view *cv, const struct store_row *row,
    const unsigned char *plain, size_t len)
{
	struct view *m;

	if (strcmp(row->kind, "report") == 0) {
		forms_record_view((const char *)plain, len, cv->v, "report");
		if (cv->show_identity)	/* the counselor's page */
			case_view_assess(cv, (const char *)plain, len);
		case_view_files(cv, row->id, cv->v, "report_attachments");
	} else if (strcmp(row->kind, "identity") == 0) {
		view_set_flag(cv->v, "identity_revealed", 1);
		if (cv->show_identity)
			forms_record_view((const char *)plain, len, cv->v, "identity");
	} else if ((m = view_add(cv->v, "messages")) != NULL) {
		view_set_flag(m, strcmp(row->author, "reporter") == 0 ?
		    "from_reporter" : "from_counselor", 1);
		case_view_new(cv, row, m);
		view_set(m, "date", row->created);
		if (strcmp(row->kind, "followup") == 0)
			case_view_watch(m, (const char *)plain);
		else
			view_set(m, "text", (const char *)plain);
		case_view_files(cv, row->id, m, "attachments");
	}
}

int
case_view_record(void *arg, const struct store_row *row)
{
	struct case_view *cv = arg;
	unsigned char *plain;
	size_t len;

	if (env_record_open(cv->k, cv->case_id, row->kind, row->id, row->body,
	    row->len, &plain, &len) != ENV_OK) {
		cv->bad = 1;
		log_warnx("case %s: record %s does not open", cv->case_id, row->id);
		return 0;
	}
	case_view_add(cv, row, plain, len);
	env_secret_free(plain);
	return 0;
}
