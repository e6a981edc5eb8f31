#include "server/common/suppress.h"

/*
 * The hidden cells' sum S is known (total minus the visible ones). A
 * small cell lies in [0, min-1], a complementary one in [min, S]. Cell i
 * is pinned when the bounds of the others leave it one value.
 */
int
suppress_determined(const int *n, size_t k, int min,
    const enum suppress_mark *mark, size_t i)
{
	int s = 0, lo_others = 0, hi_others = 0, lo, hi, lo_i, hi_i;
	size_t j;

	if (mark[i] == SUPPRESS_SHOWN)
		return 1;
	for (j = 0; j < k; j++)
		if (mark[j] != SUPPRESS_SHOWN)
			s += n[j];
	for (j = 0; j < k; j++) {
		if (j == i || mark[j] == SUPPRESS_SHOWN)
			continue;
		lo_others += mark[j] == SUPPRESS_SMALL ? 0 : min;
		hi_others += mark[j] == SUPPRESS_SMALL ? min - 1 : s;
	}
	lo_i = mark[i] == SUPPRESS_SMALL ? 0 : min;
	hi_i = mark[i] == SUPPRESS_SMALL ? min - 1 : s;
	lo = s - hi_others > lo_i ? s - hi_others : lo_i;
	hi = s - lo_others < hi_i ? s - lo_others : hi_i;
	return lo >= hi;
}

/* 1 when some hidden cell holding 1 to min-1 people could be worked out. */
static int
suppress_leaks(const int *n, size_t k, int min, const enum suppress_mark *mark)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (mark[i] != SUPPRESS_SHOWN && n[i] > 0 && n[i] < min &&
		    suppress_determined(n, k, min, mark, i))
			return 1;
	return 0;
}

int
suppress_cells(const int *n, size_t k, int min, enum suppress_mark *mark)
{
	size_t i, pick;

	if (k > SUPPRESS_MAX_CELLS || min < 1)
		return -1;
	for (i = 0; i < k; i++) {
		if (n[i] < 0)
			return -1;
		mark[i] = n[i] < min ? SUPPRESS_SMALL : SUPPRESS_SHOWN;
	}
	while (suppress_leaks(n, k, min, mark)) {
		pick = k;
		for (i = 0; i < k; i++)
			if (mark[i] == SUPPRESS_SHOWN && (pick == k || n[i] < n[pick]))
				pick = i;
		if (pick == k)
			return 1;	/* everything hidden, and still pinned */
		mark[pick] = SUPPRESS_COMPLEMENT;
	}
	return 0;
}
