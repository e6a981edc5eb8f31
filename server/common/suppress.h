/*
 * Small-cell suppression for count tables whose total is published
 * (check-in figures). A count below min is hidden ("primary"); then, as
 * long as some hidden count from 1 to min-1 could still be worked out
 * exactly from the total and the visible counts (knowing that primary
 * cells are below min and the others are not), the smallest visible
 * count is hidden too ("complementary").
 */
#ifndef MDG_SUPPRESS_H
#define MDG_SUPPRESS_H
#include <stddef.h>

#define SUPPRESS_MAX_CELLS	16

enum suppress_mark {
	SUPPRESS_SHOWN = 0,
	SUPPRESS_SMALL,		/* below min: shown as "<min" */
	SUPPRESS_COMPLEMENT	/* hidden so that the small ones stay hidden */
};

/*
 * Marks each of the k cells of n (k <= SUPPRESS_MAX_CELLS): 0, or 1 when
 * even with every cell hidden a small count follows from the total alone
 * (say 9 and 9 of 18 on a two-answer question), or -1 on bad arguments.
 */
int	suppress_cells(const int *n, size_t k, int min, enum suppress_mark *mark);
/*
 * 1 when cell i's value is the only one the visible cells, the total and
 * the marks allow (what an attacker could work out), else 0.
 */
int	suppress_determined(const int *n, size_t k, int min,
	    const enum suppress_mark *mark, size_t i);

#endif
