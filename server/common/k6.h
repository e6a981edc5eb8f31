/*
 * The Japanese K6 self-check (Kessler et al. 2002; Japanese version
 * validated by Furukawa et al. 2008): six items scored 0-4, total 0-24.
 * Every item is optional on the form, so the rules here decide what a
 * partly answered check still tells us. A skipped item must never hide
 * distress the answered items already show.
 */
#ifndef MDG_K6_H
#define MDG_K6_H

#define K6_ITEMS	6
#define K6_ITEM_MAX	4	/* いつも */
#define K6_MILD		5	/* the validated cut-off in Japan */
#define K6_MODERATE	10	/* the national health indicator's threshold */
#define K6_SERIOUS	13	/* serious psychological distress */
#define K6_UNANSWERED	(-1)

struct k6_result {
	int		 answered;	/* items with an answer, 0-6 */
	int		 raw;		/* sum of the answered items */
	int		 score;		/* for the band: raw, prorated, or -1 */
	int		 estimated;	/* score is prorated from five items */
	const char	*band;		/* msgid, or NULL without a score */
	int		 urgent;	/* serious distress, shown or estimated */
	int		 crisis;	/* crisis lines belong on the page */
};

/*
 * items[i] is 0-4, or K6_UNANSWERED (anything else counts as unanswered).
 * - all six answered: the score is the sum;
 * - one missing: the score is the sum x 6/5, rounded up, marked estimated;
 * - two or more missing: no score and no band.
 * Urgent when the score is 13 or more, or whenever the answered items
 * alone reach 13. Crisis lines from a score of 10, when the answered
 * items alone reach 10, or when any answered item is at 4 (いつも),
 * complete or not.
 */
void		 k6_assess(const int items[K6_ITEMS], struct k6_result *);
const char	*k6_band(int score);

#endif
