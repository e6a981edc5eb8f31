/*
 * Templates: compiled once into a node list; the HTML context of every
 * placeholder is fixed at compile time, so escaping cannot be forgotten.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/common/template.h"
#include "server/common/view.h"

enum node_type { N_TEXT, N_VAR, N_MSG, N_MSGVAR, N_SECTION, N_INVERTED, N_INCLUDE };
enum ctx { C_TEXT, C_ATTR, C_URL_START, C_URL_PART };

struct node {
	enum node_type	 type;
	enum ctx	 ctx;
	char		*s;		/* text, name, msgid or template name */
	size_t		 len;		/* of text */
	struct node	*body;		/* sections */
	size_t		 nbody;
	int		 phrase;	/* {{_~ }}: short parentheses kept whole */
};

struct tmpl {
	char		*name;
	struct node	*nodes;
	size_t		 n;
};

struct tmpl_set {
	struct tmpl	t[TMPL_MAX_FILES];
	size_t		n;
};

/* --- the HTML state machine ------------------------------------------- */

enum hstate { H_TEXT, H_TAGNAME, H_TAG, H_ATTR, H_AFTER_ATTR, H_BEFORE_VAL,
	H_VAL_DQ, H_VAL_SQ, H_VAL_UNQ, H_COMMENT, H_RAW };

struct html {
	enum hstate	st;
	char		attr[16];
	size_t		attrlen;
	int		url;		/* current attribute takes a URL */
	int		valstarted;	/* something is already in the value */
	char		tag[16];
	size_t		taglen;
	int		closing;
};

static int
html_is_url_attr(const struct html *h)
{
	static const char *const u[] = { "href", "src", "action", "formaction",
	    "poster", "cite", NULL };
	size_t i;

	for (i = 0; u[i] != NULL; i++)
		if (strcmp(h->attr, u[i]) == 0)
			return 1;
	return 0;
}

static void
html_end_tag(struct html *h)
{
	h->st = H_TEXT;
	if (!h->closing && (strcmp(h->tag, "script") == 0 ||
	    strcmp(h->tag, "style") == 0))
		h->st = H_RAW;
}

static void
html_feed(struct html *h, const char *p, size_t n)
{
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		c = p[i];
		switch (h->st) {
		case H_TEXT:
			if (c == '<' && i + 3 < n && strncmp(p + i, "<!--", 4) == 0) {
				h->st = H_COMMENT;
				i += 3;
			} else if (c == '<') {
				h->st = H_TAGNAME;
				h->taglen = 0;
				h->tag[0] = '\0';
				h->closing = 0;
			}
			break;
		case H_TAGNAME:
			if (c == '/' && h->taglen == 0)
				h->closing = 1;
			else if (c == '>')
				html_end_tag(h);
			else if (isspace((unsigned char)c))
				h->st = H_TAG;
			else if (h->taglen < sizeof(h->tag) - 1) {
				h->tag[h->taglen++] = (char)tolower((unsigned char)c);
				h->tag[h->taglen] = '\0';
			}
			break;
		case H_TAG:
		case H_AFTER_ATTR:
			if (c == '>')
				html_end_tag(h);
			else if (c == '=' && h->st == H_AFTER_ATTR)
				h->st = H_BEFORE_VAL;
			else if (!isspace((unsigned char)c) && c != '/') {
				h->st = H_ATTR;
				h->attrlen = 0;
				h->attr[h->attrlen++] = (char)tolower((unsigned char)c);
				h->attr[h->attrlen] = '\0';
			}
			break;
		case H_ATTR:
			if (c == '=')
				h->st = H_BEFORE_VAL;
			else if (c == '>')
				html_end_tag(h);
			else if (isspace((unsigned char)c))
				h->st = H_AFTER_ATTR;
			else if (h->attrlen < sizeof(h->attr) - 1) {
				h->attr[h->attrlen++] = (char)tolower((unsigned char)c);
				h->attr[h->attrlen] = '\0';
			}
			break;
		case H_BEFORE_VAL:
			h->url = html_is_url_attr(h);
			h->valstarted = 0;
			if (c == '"')
				h->st = H_VAL_DQ;
			else if (c == '\'')
				h->st = H_VAL_SQ;
			else if (c == '>')
				html_end_tag(h);
			else if (!isspace((unsigned char)c))
				h->st = H_VAL_UNQ;
			break;
		case H_VAL_DQ:
		case H_VAL_SQ:
			if (c == (h->st == H_VAL_DQ ? '"' : '\''))
				h->st = H_TAG;
			else
				h->valstarted = 1;
			break;
		case H_VAL_UNQ:
			if (isspace((unsigned char)c))
				h->st = H_TAG;
			else if (c == '>')
				html_end_tag(h);
			break;
		case H_COMMENT:
			if (c == '-' && i + 2 < n && strncmp(p + i, "-->", 3) == 0) {
				h->st = H_TEXT;
				i += 2;
			}
			break;
		case H_RAW:
			if (c == '<' && i + 1 < n && p[i + 1] == '/')
				h->st = H_TAGNAME;
			break;
		}
	}
}

/* --- compiling --------------------------------------------------------- */

struct compiler {
	const char	*p, *end;
	struct html	 h;
	char		*err;
	size_t		 errlen;
	const char	*name;
};

static int
comp_fail(struct compiler *c, const char *what, const char *tag)
{
	snprintf(c->err, c->errlen, "%s: %s%s%s", c->name, what,
	    tag ? ": " : "", tag ? tag : "");
	return -1;
}

static void
nodes_free(struct node *n, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(n[i].s);
		nodes_free(n[i].body, n[i].nbody);
	}
	free(n);
}

static struct node *
nodes_push(struct node **v, size_t *n, size_t *cap)
{
	struct node *nv;
	size_t ncap;

	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 16;
		if ((nv = realloc(*v, ncap * sizeof(*nv))) == NULL)
			return NULL;
		*v = nv;
		*cap = ncap;
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

static int
name_ok(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' &&
		    *s != '-')
			return 0;
	return 1;
}

/* The context a value placed here would land in, or -1. */
static int
comp_ctx(struct compiler *c)
{
	switch (c->h.st) {
	case H_TEXT:
		return C_TEXT;
	case H_VAL_DQ:
	case H_VAL_SQ:
		if (!c->h.url)
			return C_ATTR;
		return c->h.valstarted ? C_URL_PART : C_URL_START;
	default:
		return -1;
	}
}

static int comp_nodes(struct compiler *, struct node **, size_t *,
    const char *, unsigned);

/* One {{tag}}; tag is its trimmed inside. */
static int
comp_tag(struct compiler *c, char *tag, struct node **v, size_t *n,
    size_t *cap, unsigned depth)
{
	struct node *nd;
	int ctx, phrase = 0;
	char kind = tag[0];

	if (kind == '#' || kind == '^' || kind == '>' || kind == '_') {
		tag++;
		if (kind == '_' && *tag == '~') {
			phrase = 1;
			tag++;
		}
		if (kind == '_' && *tag == '$') {
			kind = '$';
			tag++;
		}
		while (*tag == ' ')
			tag++;
	}
	if (!name_ok(tag))
		return comp_fail(c, "bad tag", tag);
	if ((nd = nodes_push(v, n, cap)) == NULL || (nd->s = strdup(tag)) == NULL)
		return comp_fail(c, "out of memory", NULL);
	if (kind == '#' || kind == '^') {
		if (c->h.st == H_COMMENT || c->h.st == H_RAW)
			return comp_fail(c, "section in a comment or script", tag);
		nd->type = kind == '#' ? N_SECTION : N_INVERTED;
		if (depth + 1 >= TMPL_MAX_DEPTH)
			return comp_fail(c, "nested too deeply", tag);
		return comp_nodes(c, &nd->body, &nd->nbody, tag, depth + 1);
	}
	if (kind == '>') {
		if (c->h.st != H_TEXT)
			return comp_fail(c, "include outside text", tag);
		nd->type = N_INCLUDE;
		return 0;
	}
	if ((ctx = comp_ctx(c)) == -1)
		return comp_fail(c, "placeholder where no value may go", tag);
	/* the kept parenthesis is markup: only where markup may go */
	if (phrase && (ctx != C_TEXT || c->h.st != H_TEXT))
		return comp_fail(c, "phrase outside text", tag);
	nd->phrase = phrase;
	nd->ctx = ctx;
	nd->type = kind == '_' ? N_MSG : kind == '$' ? N_MSGVAR : N_VAR;
	c->h.valstarted = 1;
	return 0;
}

static int
comp_text(struct compiler *c, const char *s, size_t len, struct node **v,
    size_t *n, size_t *cap)
{
	struct node *nd;

	if (len == 0)
		return 0;
	html_feed(&c->h, s, len);
	if ((nd = nodes_push(v, n, cap)) == NULL || (nd->s = malloc(len)) == NULL)
		return comp_fail(c, "out of memory", NULL);
	memcpy(nd->s, s, len);
	nd->len = len;
	nd->type = N_TEXT;
	return 0;
}

/* Nodes until {{/closing}} (or the end when closing is NULL). */
static int
comp_nodes(struct compiler *c, struct node **v, size_t *n, const char *closing,
    unsigned depth)
{
	char tag[128];
	const char *open, *close;
	size_t cap = 0, len;

	for (;;) {
		open = memmem(c->p, (size_t)(c->end - c->p), "{{", 2);
		if (comp_text(c, c->p, (size_t)((open ? open : c->end) - c->p),
		    v, n, &cap) == -1)
			return -1;
		if (open == NULL) {
			c->p = c->end;
			return closing ? comp_fail(c, "unclosed section", closing) : 0;
		}
		if ((close = memmem(open, (size_t)(c->end - open), "}}", 2)) == NULL)
			return comp_fail(c, "unterminated tag", NULL);
		len = (size_t)(close - open - 2);
		if (len >= sizeof(tag))
			return comp_fail(c, "tag too long", NULL);
		memcpy(tag, open + 2, len);
		tag[len] = '\0';
		while (len > 0 && tag[len - 1] == ' ')
			tag[--len] = '\0';
		c->p = close + 2;
		if (tag[0] == '/')
			return closing && strcmp(tag + 1, closing) == 0 ? 0 :
			    comp_fail(c, "unexpected close", tag);
		if (comp_tag(c, tag[0] == ' ' ? tag + strspn(tag, " ") : tag,
		    v, n, &cap, depth) == -1)
			return -1;
	}
}

struct tmpl_set *
tmpl_set_new(void)
{
	return calloc(1, sizeof(struct tmpl_set));
}

void
tmpl_set_free(struct tmpl_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->t[i].name);
		nodes_free(s->t[i].nodes, s->t[i].n);
	}
	free(s);
}

int
tmpl_add(struct tmpl_set *s, const char *name, const char *src, size_t len,
    char *err, size_t errlen)
{
	struct compiler c = { src, src + len, { 0 }, err, errlen, name };
	struct tmpl *t;

	if (s->n >= TMPL_MAX_FILES || len > TMPL_MAX_SIZE || !name_ok(name)) {
		snprintf(err, errlen, "%s: too many templates, too large or bad name",
		    name);
		return -1;
	}
	if (memchr(src, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: NUL byte", name);
		return -1;
	}
	t = &s->t[s->n];
	memset(t, 0, sizeof(*t));
	if (comp_nodes(&c, &t->nodes, &t->n, NULL, 0) == -1 ||
	    (t->name = strdup(name)) == NULL) {
		nodes_free(t->nodes, t->n);
		return -1;
	}
	s->n++;
	return 0;
}

static int
tmpl_add_file(struct tmpl_set *s, const char *dir, const char *file,
    char *err, size_t errlen)
{
	char path[1024], name[128];
	struct buf src = { 0 };
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	snprintf(name, sizeof(name), "%.*s", (int)(strlen(file) - 5), file);
	if (buf_read_file(&src, path, TMPL_MAX_SIZE) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		buf_free(&src);
		return -1;
	}
	rc = tmpl_add(s, name, src.data, src.len, err, errlen);
	buf_free(&src);
	return rc;
}

struct tmpl_set *
tmpl_load_dir(const char *dir, char *err, size_t errlen)
{
	struct tmpl_set *s = tmpl_set_new();
	struct dirent *de;
	size_t len;
	DIR *d;

	if (s == NULL || (d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: cannot open", dir);
		free(s);
		return NULL;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len <= 5 || strcmp(de->d_name + len - 5, ".html") != 0)
			continue;
		if (tmpl_add_file(s, dir, de->d_name, err, errlen) == -1) {
			closedir(d);
			tmpl_set_free(s);
			return NULL;
		}
	}
	closedir(d);
	return s;
}

static void
each_msgid(const struct tmpl *t, const struct node *n, size_t count,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	size_t i;

	for (i = 0; i < count; i++) {
		if (n[i].type == N_MSG)
			fn(arg, t->name, n[i].s);
		each_msgid(t, n[i].body, n[i].nbody, fn, arg);
	}
}

void
tmpl_each_msgid(const struct tmpl_set *s,
    void (*fn)(void *, const char *, const char *), void *arg)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		each_msgid(&s->t[i], s->t[i].nodes, s->t[i].n, fn, arg);
}

/* --- escaping ----------------------------------------------------------- */

int
tmpl_escape_html(struct buf *b, const char *s)
{
	const char *run = s;

	for (; *s != '\0'; s++) {
		const char *rep = NULL;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
	return b->failed ? -1 : 0;
}

/* Only these schemes survive at the start of a URL attribute. */
static int
url_scheme_ok(const char *s)
{
	static const char *const ok[] = { "https:", "http:", "mailto:", "tel:", NULL };
	size_t i, n = strcspn(s, ":/?#");

	for (i = 0; s[i] != '\0'; i++)
		if ((unsigned char)s[i] <= 0x20 || s[i] == 0x7F)
			return 0;	/* browsers drop these inside schemes */
	if (s[n] != ':')
		return 1;	/* relative */
	for (i = 0; ok[i] != NULL; i++)
		if (strncasecmp(s, ok[i], strlen(ok[i])) == 0 && n + 1 == strlen(ok[i]))
			return 1;
	return 0;
}

int
tmpl_escape_url_start(struct buf *b, const char *s)
{
	return tmpl_escape_html(b, url_scheme_ok(s) ? s : "#");
}

int
tmpl_escape_url_part(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char enc[3] = { '%', 0, 0 };

	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
			buf_append(b, s, 1);
			continue;
		}
		enc[1] = hex[c >> 4];
		enc[2] = hex[c & 15];
		buf_append(b, enc, 3);
	}
	return b->failed ? -1 : 0;
}

/* --- rendering ---------------------------------------------------------- */

struct render {
	const struct tmpl_set	*set;
	tmpl_translate		 tr;
	void			*arg;
	struct buf		*out;
};

static const struct tmpl *
tmpl_find(const struct tmpl_set *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->t[i].name, name) == 0)
			return &s->t[i];
	return NULL;
}

static int
emit(struct render *r, enum ctx ctx, const char *s)
{
	switch (ctx) {
	case C_URL_START:
		return tmpl_escape_url_start(r->out, s);
	case C_URL_PART:
		return tmpl_escape_url_part(r->out, s);
	default:
		return tmpl_escape_html(r->out, s);
	}
}

/*
 * Text with each short "（…）" (no other "（" inside, at most
 * TMPL_PHRASE_MAX bytes) wrapped in a span that does not break; the
 * markup is fixed, everything taken from s is escaped. A longer one
 * breaks as usual: kept whole it could be wider than a phone.
 */
#define FW_OPEN		"\xef\xbc\x88"	/* （ U+FF08 */
#define FW_CLOSE	"\xef\xbc\x89"	/* ） U+FF09 */
static int
emit_phrase(struct render *r, const char *s)
{
	const char *open, *close, *next;
	struct buf *b = r->out;
	char *part;
	size_t n;

	while ((open = strstr(s, FW_OPEN)) != NULL) {
		close = strstr(open + 3, FW_CLOSE);
		next = strstr(open + 3, FW_OPEN);
		if (close == NULL)
			break;
		n = (size_t)(close + 3 - open);
		if ((next != NULL && next < close) || n > TMPL_PHRASE_MAX) {
			n = (size_t)(open + 3 - s);	/* as it is, past this "（" */
			if ((part = strndup(s, n)) == NULL)
				return -1;
			tmpl_escape_html(b, part);
			free(part);
			s = open + 3;
			continue;
		}
		if ((part = strndup(s, (size_t)(open - s))) == NULL)
			return -1;
		tmpl_escape_html(b, part);
		free(part);
		if ((part = strndup(open, n)) == NULL)
			return -1;
		buf_puts(b, "<span class=\"nowrap\">");
		tmpl_escape_html(b, part);
		buf_puts(b, "</span>");
		free(part);
		s = close + 3;
	}
	return tmpl_escape_html(b, s);
}

static const char *
view_str(const struct view *v, const char *key)
{
	const struct vent *e = view_lookup(v, key);

	return e != NULL && e->type == VENT_STR ? e->str : "";
}

static int
truthy(const struct vent *e)
{
	if (e == NULL)
		return 0;
	if (e->type == VENT_FLAG)
		return e->flag;
	if (e->type == VENT_LIST)
		return e->n > 0;
	return e->str[0] != '\0';
}

static int render_nodes(struct render *, const struct node *, size_t,
    const struct view *, unsigned);

static int
render_section(struct render *r, const struct node *n, const struct view *v,
    unsigned depth)
{
	const struct vent *e = view_lookup(v, n->s);
	size_t i;

	if (n->type == N_INVERTED)
		return truthy(e) ? 0 :
		    render_nodes(r, n->body, n->nbody, v, depth + 1);
	if (!truthy(e))
		return 0;
	if (e->type != VENT_LIST)
		return render_nodes(r, n->body, n->nbody, v, depth + 1);
	for (i = 0; i < e->n; i++)
		if (render_nodes(r, n->body, n->nbody, e->items[i], depth + 1) == -1)
			return -1;
	return 0;
}

static int
render_node(struct render *r, const struct node *n, const struct view *v,
    unsigned depth)
{
	const struct tmpl *t;
	const char *msg;

	switch (n->type) {
	case N_TEXT:
		return buf_append(r->out, n->s, n->len);
	case N_VAR:
		return emit(r, n->ctx, view_str(v, n->s));
	case N_MSG:
		msg = r->tr ? r->tr(r->arg, n->s) : n->s;
		return n->phrase ? emit_phrase(r, msg) : emit(r, n->ctx, msg);
	case N_MSGVAR:
		if (view_str(v, n->s)[0] == '\0')
			return 0;
		msg = r->tr ? r->tr(r->arg, view_str(v, n->s)) : view_str(v, n->s);
		return n->phrase ? emit_phrase(r, msg) : emit(r, n->ctx, msg);
	case N_INCLUDE:
		if ((t = tmpl_find(r->set, n->s)) == NULL)
			return -1;
		return render_nodes(r, t->nodes, t->n, v, depth + 1);
	default:
		return render_section(r, n, v, depth);
	}
}

static int
render_nodes(struct render *r, const struct node *n, size_t count,
    const struct view *v, unsigned depth)
{
	size_t i;

	if (depth > 2 * TMPL_MAX_DEPTH)
		return -1;
	for (i = 0; i < count; i++)
		if (render_node(r, &n[i], v, depth) == -1 || r->out->failed)
			return -1;
	return 0;
}

int
tmpl_render(const struct tmpl_set *s, const char *name, const struct view *v,
    tmpl_translate tr, void *arg, struct buf *out)
{
	struct render r = { s, tr, arg, out };
	const struct tmpl *t = tmpl_find(s, name);

	if (t == NULL)
		return -1;
	return render_nodes(&r, t->nodes, t->n, v, 0);
}
