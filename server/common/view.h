/* The inside of a view, shared by view.c and template.c only. */
#ifndef MDG_VIEW_H
#define MDG_VIEW_H
#include <stddef.h>

enum vent_type { VENT_STR = 0, VENT_FLAG, VENT_LIST };

struct vent {
	char		*key;
	enum vent_type	 type;
	char		*str;
	int		 flag;
	struct view	**items;
	size_t		 n, cap;
};

struct view {
	struct view	*parent;
	struct vent	*e;
	size_t		 n, cap;
};

/* The entry for key in v or the nearest parent that has it. */
const struct vent	*view_lookup(const struct view *, const char *);
/* 1 when key is a flag that is on. */
int			 view_lookup_flag(const struct view *, const char *);

#endif
