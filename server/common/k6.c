/* Scoring the K6 self-check, including when items are left blank. */
#include <string.h>

#include "server/common/k6.h"

const char *
k6_band(int score)
{
	if (score < 0)
		return NULL;
	if (score < K6_MILD)
		return "k6.band.none";
	if (score < K6_MODERATE)
		return "k6.band.mild";
	if (score < K6_SERIOUS)
		return "k6.band.moderate";
	return "k6.band.serious";
}

/*
 * Prorating one missing item from the mean of the other five is the usual
 * way to keep a nearly complete scale; rounding up errs towards care. With
 * two or more missing an estimate would be guesswork, so no band is given
 * and only what was actually answered can raise the alarm.
 * An item at 4 shows crisis lines however many were answered: otherwise
 * answering one more item could take the lines away again.
 */
void
k6_assess(const int items[K6_ITEMS], struct k6_result *r)
{
	int i, any_max = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < K6_ITEMS; i++) {
		if (items[i] < 0 || items[i] > K6_ITEM_MAX)
			continue;
		r->answered++;
		r->raw += items[i];
		any_max |= items[i] == K6_ITEM_MAX;
	}
	if (r->answered == K6_ITEMS)
		r->score = r->raw;
	else if (r->answered == K6_ITEMS - 1) {
		/* sum x 6 / 5, rounded up */
		r->score = (r->raw * K6_ITEMS + K6_ITEMS - 2) / (K6_ITEMS - 1);
		r->estimated = 1;
	} else
		r->score = -1;
	r->band = k6_band(r->score);
	r->urgent = r->score >= K6_SERIOUS || r->raw >= K6_SERIOUS;
	r->crisis = r->urgent || r->score >= K6_MODERATE ||
	    r->raw >= K6_MODERATE || any_max;
}
