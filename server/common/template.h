/*
 * A small template engine that escapes by context, by default, always.
 * There is no way to emit a value unescaped.
 *
 * Syntax (mustache-like):
 *   {{name}}            value of name, escaped for where it stands
 *   {{#name}}...{{/name}}  list: once per child view; flag/non-empty
 *                       string: once; absent/empty: not at all
 *   {{^name}}...{{/name}}  only when name is absent, empty or an empty list
 *   {{_ msg.id}}        message msg.id from the catalog, escaped likewise
 *   {{_$name}}          message whose id is the value of name
 *   {{_~ msg.id}}, {{_~$name}}  the same, in text only, with each short
 *                       full-width parenthesis "（…）" kept on one line
 *                       (TMPL_PHRASE_MAX): a heading then breaks before
 *                       "（", not inside it
 *   {{> other}}         include template "other" (same view)
 * Lookup of a name walks from the current child view up to the root.
 *
 * Contexts are found when a template is compiled, by a small HTML state
 * machine: text, quoted attribute value, and URL attribute value (href,
 * src, action, formaction) - at its start (scheme checked: only
 * relative, https:, http:, mailto:, tel: survive, anything else becomes
 * "#") or later in it (percent-encoded as a component). A placeholder
 * inside a tag name, attribute name, unquoted value, comment, <script> or
 * <style> is a compile error.
 */
#ifndef MDG_TEMPLATE_H
#define MDG_TEMPLATE_H
#include <stddef.h>

#include "server/common/buf.h"

#define TMPL_MAX_SIZE	(256u * 1024)	/* one template's source */
#define TMPL_MAX_DEPTH	16		/* nesting of sections and includes */
#define TMPL_MAX_FILES	128
#define TMPL_PHRASE_MAX	36		/* bytes of a "（…）" kept whole: 12 kana/kanji */

struct view;
struct tmpl_set;

struct view	*view_new(void);
void		 view_free(struct view *);	/* frees children; wipes values */
/* Copies key and value. Setting a key twice replaces its value. */
int		 view_set(struct view *, const char *key, const char *value);
int		 view_setf(struct view *, const char *key, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
int		 view_set_flag(struct view *, const char *key, int on);
/* Appends a child to list key (created if absent); owned by the parent. */
struct view	*view_add(struct view *, const char *key);

/* Returns the message for msgid in the render's language. */
typedef const char *(*tmpl_translate)(void *arg, const char *msgid);

/* Compiles every *.html in dir; name is the file name without .html. */
struct tmpl_set	*tmpl_load_dir(const char *dir, char *err, size_t errlen);
/* Adds one template from memory (used by tests and fuzzing). */
int		 tmpl_add(struct tmpl_set *, const char *name, const char *src,
		    size_t len, char *err, size_t errlen);
struct tmpl_set	*tmpl_set_new(void);
void		 tmpl_set_free(struct tmpl_set *);
/* Calls fn for every {{_ msg.id}} literal in every template (for checks). */
void		 tmpl_each_msgid(const struct tmpl_set *,
		    void (*fn)(void *, const char *tmpl, const char *msgid), void *);

/* 0 on success; -1 for an unknown template or a full buffer. */
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    const struct view *, tmpl_translate, void *, struct buf *);

/* The escapers, exposed for tests and for headers built by hand. */
int		 tmpl_escape_html(struct buf *, const char *);
int		 tmpl_escape_url_start(struct buf *, const char *);
int		 tmpl_escape_url_part(struct buf *, const char *);

#endif
