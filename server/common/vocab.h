/*
 * The words stored in the clear about a case and an account: statuses,
 * priorities, channels, categories, labels, outcomes, roles. One
 * definition each; the database's CHECK lists (migrations/) hold the same
 * words, which tests/unit/test_vocab.c verifies, and the catalog has a
 * text for each ("status.<w>", "r.priority.<w>", "channel.<w>",
 * "o.category.<w>", "r.label.<w>", "r.outcome.<w>").
 */
#ifndef MDG_VOCAB_H
#define MDG_VOCAB_H
#include <stddef.h>

#define VOCAB_WORD_MAX	32	/* longest word, bytes (without NUL) */

#define VOCAB_STATUS_NEW	"new"
#define VOCAB_STATUS_ACK	"acknowledged"
#define VOCAB_STATUS_CLOSED	"closed"
#define VOCAB_PRIORITY_NORMAL	"normal"
#define VOCAB_PRIORITY_URGENT	"urgent"

/* NULL-terminated lists, in the order pages show them. */
extern const char *const vocab_statuses[];
extern const char *const vocab_priorities[];
extern const char *const vocab_channels[];
extern const char *const vocab_categories[];
extern const char *const vocab_labels[];
extern const char *const vocab_outcomes[];
extern const char *const vocab_roles[];

/* The list's own copy of word, or NULL if word is not in it. */
const char	*vocab_find(const char *const *list, const char *word);
/* Position of word in list, or -1. */
int		 vocab_index(const char *const *list, const char *word);

/* Every list by name, for the test that holds them against the schema. */
struct vocab_list {
	const char		*name;
	const char *const	*words;
};
extern const struct vocab_list vocab_all[];	/* ends with { NULL, NULL } */

#endif
