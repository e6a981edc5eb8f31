/*
 * The follow-up question on the reporter's case page. The answer is
 * sealed under the case key here, like a reply, and stored as a record
 * of the thread; the database learns only that the due follow-up was
 * answered, and from the status whether the case was reopened. "Yes"
 * (something unfavourable happened) and "I would like to talk" both
 * reopen the case as urgent, with fresh deadlines as a new urgent case
 * gets: the priority is in the clear, so it must not tell the two apart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "crypto/envelope.h"
#include "server/common/formdata.h"
#include "server/common/log.h"
#include "server/intake/watch.h"

/* The answers, and whether each reopens the case. */
static const struct watch_answer {
	const char	*word;
	int		 reopen;
} watch_answers[] = {
	{ "no", 0 },
	{ "yes", 1 },
	{ "talk", 1 },
	{ NULL, 0 }
};

static const struct watch_answer *
watch_answer_find(const char *word)
{
	const struct watch_answer *a;

	for (a = watch_answers; word != NULL && a->word != NULL; a++)
		if (strcmp(a->word, word) == 0)
			return a;
	return NULL;
}

void
watch_fill(struct request *req, struct view *v)
{
	struct intake *app = intake_of(req);
	char due[WATCH_DATE_TEXT];
	PGconn *c;
	int rc;

	if ((c = store_acquire(app->store)) == NULL)
		return;
	rc = watch_store_due(c, req->session.aux, due);
	store_release(app->store, c);
	if (rc == 1)
		view_set(v, "watch_due", due);
}

/* Seals the answer and stores it: 1, 0 nothing due, -1 error. */
static int
watch_store(struct request *req, const struct watch_answer *a)
{
	struct intake *app = intake_of(req);
	struct store_record rec = { .kind = "followup" };
	struct deadlines d;
	char plain[16];		/* "answer=talk": read by case_view.c */
	PGconn *c;
	int rc = -1;

	if (deadlines_for(&app->cal, app->cfg, a->reopen, time(NULL), &d) == -1)
		return -1;
	env_random_id(rec.id);
	snprintf(plain, sizeof(plain), "answer=%s", a->word);
	if (env_record_seal(req->session.k, req->case_id, rec.kind, rec.id,
	    (const unsigned char *)plain, strlen(plain), &rec.body,
	    &rec.len) != ENV_OK)
		return -1;
	if ((c = store_acquire(app->store)) != NULL) {
		rc = watch_store_answer(c, req->session.aux, &rec, a->reopen, &d);
		store_release(app->store, c);
	}
	free(rec.body);
	return rc;
}

enum MHD_Result
case_watch_answer(struct request *req)
{
	const struct watch_answer *a;
	enum MHD_Result r;
	int ok, rc;

	if ((r = case_post_check(req, &ok)) != MHD_YES || !ok)
		return r;
	if ((a = watch_answer_find(formdata_get(&req->form, "answer"))) == NULL)
		return case_render(req, MHD_HTTP_BAD_REQUEST, "watch.error.choose");
	if ((rc = watch_store(req, a)) == -1)
		return case_render(req, MHD_HTTP_SERVICE_UNAVAILABLE, "error.503");
	/* answered twice (two tabs): the first answer stands */
	return http_redirect(req, rc == 1 ? (a->reopen ?
	    "/case?watch=reopened" : "/case?watch=answered") : "/case");
}
