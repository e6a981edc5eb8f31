/* Compile any template; render what compiles with a hostile view. */
#include <stddef.h>
#include <stdint.h>

#include "server/common/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static const char *
tr(void *arg, const char *id)
{
	(void)arg;
	return id;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	struct tmpl_set *s = tmpl_set_new();
	struct view *v = view_new(), *c;
	struct buf b = { 0 };
	char err[128];

	view_set(v, "x", "<script>\"'&javascript:");
	view_set(v, "u", "javascript:alert(1)");
	view_set_flag(v, "on", 1);
	c = view_add(v, "items");
	view_set(c, "x", "</textarea>");
	tmpl_add(s, "inc", "[{{x}}]", 7, err, sizeof(err));
	if (tmpl_add(s, "t", (const char *)d, n, err, sizeof(err)) == 0)
		tmpl_render(s, "t", v, tr, NULL, &b);
	buf_free(&b);
	view_free(v);
	tmpl_set_free(s);
	return 0;
}
