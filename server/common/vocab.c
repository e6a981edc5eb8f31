#include <string.h>

#include "server/common/vocab.h"

const char *const vocab_statuses[] = { VOCAB_STATUS_NEW, VOCAB_STATUS_ACK,
    "in_progress", "waiting", VOCAB_STATUS_CLOSED, "reopened", NULL };
const char *const vocab_priorities[] = { "low", VOCAB_PRIORITY_NORMAL, "high",
    VOCAB_PRIORITY_URGENT, NULL };
const char *const vocab_channels[] = { "harassment", "mental_health", NULL };
/* the labour ministry's kinds of harassment, and "not sure" */
const char *const vocab_categories[] = { "power", "sexual", "maternity",
    "customer", "sogi", "unsure", NULL };
/* fixed words only: free text in the clear could say what a report says */
const char *const vocab_labels[] = { "follow_up", "needs_investigation",
    "hr_informed", "medical_referral", "retaliation_check", "third_party",
    NULL };
const char *const vocab_outcomes[] = { "resolved", "advice_given",
    "no_harassment", "withdrawn", "referred", NULL };
const char *const vocab_roles[] = { "counselor", "analyst", "admin", NULL };

const struct vocab_list vocab_all[] = {
	{ "status", vocab_statuses },
	{ "priority", vocab_priorities },
	{ "channel", vocab_channels },
	{ "category", vocab_categories },
	{ "label", vocab_labels },
	{ "outcome", vocab_outcomes },
	{ "role", vocab_roles },
	{ NULL, NULL }
};

int
vocab_index(const char *const *list, const char *word)
{
	int i;

	for (i = 0; word != NULL && list[i] != NULL; i++)
		if (strcmp(word, list[i]) == 0)
			return i;
	return -1;
}

const char *
vocab_find(const char *const *list, const char *word)
{
	int i = vocab_index(list, word);

	return i < 0 ? NULL : list[i];
}
