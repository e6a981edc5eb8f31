/*
 * Audit entries in words: the history of a case and the audit page show
 * what happened ("status changed") and the details a status change
 * carries (status, priority, outcome, channels) through the catalog, in
 * the page's language, instead of the codes stored in the log. An action
 * or a word this table does not know is shown as stored, so nothing is
 * ever hidden.
 */
#include <stdio.h>
#include <string.h>

#include "server/review/events.h"

/* Every action written to the log (server/review, server/admin). */
static const char *const events_known[] = {
	"case.view", "case.reply", "case.note", "case.status", "case.grant",
	"case.access_request", "case.file", "case.export",
	"case.export_refused", "case.watch", "case.reopen", "case.purge",
	"case.recover", "identity.view", "user.invite", "user.setup",
	"user.disable", "user.channels", "password.change",
	"password.change_failed", "login", "login.failed", "login.locked",
	"logout", "notify.settings", "notify.off", "cohort.add", "round.open",
	"round.close", NULL
};

/* "key=word" of a status change: the word's list and msgid prefix. */
static const struct {
	const char		*key;
	const char		*label;		/* msgid */
	const char *const	*words;
	const char		*prefix;	/* msgid of a word: prefix + word */
} events_fields[] = {
	{ "status", "case.status", vocab_statuses, "status." },
	{ "priority", "r.case.priority", vocab_priorities, "r.priority." },
	{ "outcome", "r.event.outcome", vocab_outcomes, "r.outcome." },
};

static void
events_text(struct view *e, const char *s, size_t n)
{
	view_setf(view_add(e, "parts"), "ev_text", "%.*s", (int)n, s);
}

static void
events_word(struct view *e, const char *label, const char *prefix,
    const char *word)
{
	struct view *p = view_add(e, "parts");

	if (label != NULL)
		view_set(p, "ev_label", label);
	view_setf(p, "ev_word", "%s%s", prefix, word);
}

/* One space-separated token of a detail, in words where it is known. */
static void
events_token(struct view *e, const char *action, const char *t, size_t n)
{
	char tok[64];
	const char *eq;
	size_t i;

	if (n >= sizeof(tok)) {
		events_text(e, t, n);
		return;
	}
	memcpy(tok, t, n);
	tok[n] = '\0';
	if (strcmp(tok, "assigned") == 0) {
		events_word(e, NULL, "r.event.", "assigned");
		return;
	}
	if (strcmp(tok, "follow-up") == 0) {
		events_word(e, NULL, "r.event.", "follow_up");
		return;
	}
	if (strcmp(action, "user.channels") == 0 &&
	    vocab_find(vocab_channels, tok) != NULL) {
		events_word(e, NULL, "channel.", tok);
		return;
	}
	if (strcmp(action, "user.setup") == 0 &&
	    vocab_find(vocab_roles, tok) != NULL) {
		events_word(e, NULL, "r.role.", tok);
		return;
	}
	if ((eq = strchr(tok, '=')) != NULL)
		for (i = 0; i < sizeof(events_fields) / sizeof(events_fields[0]); i++)
			if (strlen(events_fields[i].key) == (size_t)(eq - tok) &&
			    strncmp(tok, events_fields[i].key, (size_t)(eq - tok)) == 0 &&
			    vocab_find(events_fields[i].words, eq + 1) != NULL) {
				events_word(e, events_fields[i].label,
				    events_fields[i].prefix, eq + 1);
				return;
			}
	events_text(e, tok, n);
}

void
review_event_view(struct view *e, const struct db_event *ev)
{
	const char *s = ev->detail, *t;
	size_t n;

	view_set(e, "at", ev->at);
	view_set(e, "actor", ev->actor);
	if (vocab_find(events_known, ev->action) != NULL)
		view_setf(e, "ev_action", "r.event.%s", ev->action);
	else
		view_set(e, "ev_code", ev->action);
	for (; *s != '\0'; s = t) {
		s += strspn(s, " ");
		if (*s == '\0')
			break;
		n = strcspn(s, " ");
		t = s + n;
		events_token(e, ev->action, s, n);
	}
}
