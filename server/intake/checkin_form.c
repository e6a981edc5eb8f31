/*
 * The check-in's questions as a form table: the K6 items and the
 * self-harm question exactly as the mental-health form asks them (same
 * field names and catalog texts, so forms_assess scores them the same
 * way), then sleep, overtime, someone at work to talk to, and the wish
 * to talk to a counselor. The self-harm answer is never counted: it only
 * decides whether crisis lines come first.
 */
#include <stdio.h>
#include <string.h>

#include "server/intake/checkin.h"

#define OPT(set, v) { v, "o." set "." v }
#define END { NULL, NULL }
#define F(n, t, o, flags) { n, t, "f." n, NULL, o, 0, flags, NULL }
#define FH(n, t, o, flags) { n, t, "f." n, "f." n ".hint", o, 0, flags, NULL }
#define HEAD(n) { n, FIELD_HEADING, "h." n, NULL, NULL, 0, 0, NULL }
#define HEADH(n) { n, FIELD_HEADING, "h." n, "h." n ".hint", NULL, 0, 0, NULL }
#define ENDF { NULL, 0, NULL, NULL, NULL, 0, 0, NULL }

static const struct field_option o_k6[] = {
	OPT("k6", "0"), OPT("k6", "1"), OPT("k6", "2"), OPT("k6", "3"),
	OPT("k6", "4"), END
};
static const struct field_option o_selfharm[] = {
	OPT("selfharm", "no"), OPT("selfharm", "sometimes"),
	OPT("selfharm", "often"), OPT("selfharm", "now"),
	OPT("selfharm", "unsaid"), END
};
static const struct field_option o_sleep[] = {
	OPT("ci_sleep", "good"), OPT("ci_sleep", "sometimes"),
	OPT("ci_sleep", "often"), END
};
/* monthly overtime: 45 h is the legal cap's principle, 80 h the line at
 * which the labour ministry links overwork to illness */
static const struct field_option o_overtime[] = {
	OPT("ci_overtime", "lt20"), OPT("ci_overtime", "h20_45"),
	OPT("ci_overtime", "h45_80"), OPT("ci_overtime", "gt80"), END
};
static const struct field_option o_talk[] = {
	OPT("yn", "yes"), OPT("yn", "no"), OPT("yn", "unsure"), END
};
static const struct field_option o_counselor[] = {
	OPT("ci_counselor", "yes"), END
};

#define CHECKIN_QUESTION_FIELDS \
	HEADH("ci_k6"), \
	F("k6_1", FIELD_RADIO, o_k6, 0), F("k6_2", FIELD_RADIO, o_k6, 0), \
	F("k6_3", FIELD_RADIO, o_k6, 0), F("k6_4", FIELD_RADIO, o_k6, 0), \
	F("k6_5", FIELD_RADIO, o_k6, 0), F("k6_6", FIELD_RADIO, o_k6, 0), \
	HEADH("safety"), \
	{ "selfharm", FIELD_RADIO, "f.selfharm", "f.ci_selfharm.hint", \
	    o_selfharm, 0, 0, NULL }, \
	HEAD("ci_work"), \
	F("ci_sleep", FIELD_RADIO, o_sleep, 0), \
	F("ci_overtime", FIELD_RADIO, o_overtime, 0), \
	F("ci_talk", FIELD_RADIO, o_talk, 0), \
	FH("ci_counselor", FIELD_CHECKBOXES, o_counselor, 0)

static const struct field f_code[] = {
	HEADH("ci_code"),
	{ "code", FIELD_TEXT, "f.ci_code", "f.ci_code.hint", NULL, 3 * 40,
	    FIELD_REQUIRED, NULL },
	CHECKIN_QUESTION_FIELDS, ENDF
};
static const struct field f_link[] = { CHECKIN_QUESTION_FIELDS, ENDF };

/* channel NULL: the crisis lines are placed by the check-in's own pages */
const struct form_def checkin_form_code = {
	"checkin", NULL, "checkin.title", "checkin.intro", f_code
};
const struct form_def checkin_form_link = {
	"checkin", NULL, "checkin.title", "checkin.intro", f_link
};

/* The value of a one-choice question, or "none" when not answered. */
static const char *
checkin_value(const struct formdata *fd, const char *name)
{
	const char *v = formdata_get(fd, name);

	return v != NULL && v[0] != '\0' ? v : "none";
}

int
checkin_cells(const struct formdata *fd, const struct assessment *a,
    char *out, size_t outlen)
{
	static const char *const bands[] = { "none", "mild", "moderate",
	    "serious", NULL };
	const char *band = "unscored";
	size_t i;
	int n;

	/* only the four bands count; anything else the scorer says is unscored */
	for (i = 0; a->k6_band != NULL && bands[i] != NULL; i++)
		if (strncmp(a->k6_band, "k6.band.", 8) == 0 &&
		    strcmp(a->k6_band + 8, bands[i]) == 0)
			band = bands[i];
	n = snprintf(out, outlen, "{k6_band=%s,sleep=%s,overtime=%s,talk=%s,"
	    "counselor=%s}", band, checkin_value(fd, "ci_sleep"),
	    checkin_value(fd, "ci_overtime"), checkin_value(fd, "ci_talk"),
	    formdata_has(fd, "ci_counselor", "yes") ? "yes" : "no");
	return n > 0 && (size_t)n < outlen ? 0 : -1;
}
