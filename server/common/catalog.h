/*
 * One message catalog for every text a person reads: gettext .po files,
 * one per language (templates/messages/ja.po, en.po), keyed by symbolic
 * msgids such as "landing.title". Lookups take the language as an
 * argument: nothing depends on the process locale.
 */
#ifndef MDG_CATALOG_H
#define MDG_CATALOG_H
#include <stddef.h>

enum lang { LANG_JA = 0, LANG_EN = 1, LANG_COUNT };

#define PO_MAX_SIZE	(2u * 1024 * 1024)
#define PO_MAX_ENTRIES	4096
#define PO_MAX_STRING	(16u * 1024)

struct catalog;

/* Loads ja.po and en.po from dir. NULL with err filled on failure. */
struct catalog	*catalog_load(const char *dir, char *err, size_t errlen);
void		 catalog_free(struct catalog *);
/*
 * The message, or the msgid itself when missing (so a gap shows up on the
 * page and in tests instead of crashing).
 */
const char	*catalog_get(const struct catalog *, enum lang, const char *msgid);
/* 1 if msgid has a non-empty msgstr in lang. */
int		 catalog_has(const struct catalog *, enum lang, const char *msgid);
/* Calls fn for every msgid of lang. */
void		 catalog_each(const struct catalog *, enum lang,
		    void (*fn)(void *, const char *msgid), void *);

enum lang	 lang_from_code(const char *);	/* "en" -> LANG_EN; else LANG_JA */
const char	*lang_code(enum lang);		/* "ja" / "en" */

/*
 * The .po parser itself, exposed for fuzzing: calls fn for each entry with
 * unescaped msgid and msgstr (multi-line strings joined). Handles comments,
 * msgctxt is refused, plural forms are refused. 0 or -1 with err.
 */
int		 po_parse(const char *src, size_t len,
		    int (*fn)(void *, const char *msgid, const char *msgstr),
		    void *arg, char *err, size_t errlen);

#endif
