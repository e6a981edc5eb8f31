/*
 * The four ways in, as data. Labels are catalog msgids ("f.<field>",
 * "o.<set>.<value>"); the texts live in templates/messages/{ja,en}.po.
 * Categories follow the labour ministry's guidance (sources in docs/sources.md).
 */
#include <stddef.h>

#include "server/common/forms.h"

#define OPT(set, v) { v, "o." set "." v }
#define END { NULL, NULL }

static const struct field_option o_category[] = {
	OPT("category", "power"), OPT("category", "sexual"),
	OPT("category", "maternity"), OPT("category", "customer"),
	OPT("category", "sogi"), OPT("category", "unsure"), END
};
static const struct field_option o_power[] = {
	OPT("power", "physical"), OPT("power", "verbal"),
	OPT("power", "isolation"), OPT("power", "excessive"),
	OPT("power", "too_little"), OPT("power", "privacy"), END
};
/* 均等法 11条の3 and 育介法 25条 name two types. */
static const struct field_option o_maternity[] = {
	OPT("maternity", "system"), OPT("maternity", "condition"),
	OPT("maternity", "unsure"), END
};
static const struct field_option o_sexual[] = {
	OPT("sexual", "quid_pro_quo"), OPT("sexual", "hostile"),
	OPT("sexual", "unsure"), END
};
static const struct field_option o_frequency[] = {
	OPT("frequency", "once"), OPT("frequency", "several"),
	OPT("frequency", "weekly"), OPT("frequency", "daily"),
	OPT("frequency", "unsure"), END
};
static const struct field_option o_where[] = {
	OPT("where", "office"), OPT("where", "online"),
	OPT("where", "after_hours"), OPT("where", "outside"),
	OPT("where", "other"), END
};
static const struct field_option o_who_role[] = {
	OPT("who", "superior"), OPT("who", "colleague"),
	OPT("who", "subordinate"), OPT("who", "group"),
	OPT("who", "customer"), OPT("who", "other"), END
};
static const struct field_option o_evidence[] = {
	OPT("evidence", "mail"), OPT("evidence", "chat"),
	OPT("evidence", "recording"), OPT("evidence", "notes"),
	OPT("evidence", "medical"), OPT("evidence", "photos"),
	OPT("evidence", "none"), END
};
static const struct field_option o_medical[] = {
	OPT("medical", "yes"), OPT("medical", "no"),
	OPT("medical", "considering"), END
};
static const struct field_option o_outcome[] = {
	OPT("outcome", "listen"), OPT("outcome", "advice"),
	OPT("outcome", "action"), OPT("outcome", "investigation"),
	OPT("outcome", "unsure"), END
};
static const struct field_option o_yesno[] = {
	OPT("yn", "yes"), OPT("yn", "no"), END
};
static const struct field_option o_yesnounsure[] = {
	OPT("yn", "yes"), OPT("yn", "no"), OPT("yn", "unsure"), END
};
static const struct field_option o_relation[] = {
	OPT("relation", "colleague"), OPT("relation", "superior"),
	OPT("relation", "subordinate"), OPT("relation", "family"),
	OPT("relation", "friend"), OPT("relation", "other"), END
};
/* K6 answers and their scores (Furukawa et al. 2008). */
static const struct field_option o_k6[] = {
	OPT("k6", "0"), OPT("k6", "1"), OPT("k6", "2"), OPT("k6", "3"),
	OPT("k6", "4"), END
};
static const struct field_option o_selfharm[] = {
	OPT("selfharm", "no"), OPT("selfharm", "sometimes"),
	OPT("selfharm", "often"), OPT("selfharm", "now"),
	OPT("selfharm", "unsaid"), END
};
static const struct field_option o_change[] = {
	OPT("change", "transfer"), OPT("change", "new_hire"),
	OPT("change", "promotion"), OPT("change", "leave_return"),
	OPT("change", "none"), END
};
static const struct field_option o_help[] = {
	OPT("help", "listen"), OPT("help", "advice"), OPT("help", "doctor"),
	OPT("help", "workload"), OPT("help", "unsure"), END
};
static const struct field_option o_help_other[] = {
	OPT("help_other", "advice_for_me"), OPT("help_other", "reach_out"),
	OPT("help_other", "unsure"), END
};

/*
 * Bytes, 3 per character: a form shows maxlen / 3 as the browser's limit
 * (forms.c), so these are 200, 20000 and 4000 characters in any language.
 */
#define LINE	600
#define TEXT	60000
#define SHORT	12000

#define F(n, t, maxlen, flags)	{ n, t, "f." n, NULL, NULL, maxlen, flags, NULL }
#define FH(n, t, maxlen, flags)	{ n, t, "f." n, "f." n ".hint", NULL, maxlen, flags, NULL }
#define FO(n, t, o, flags)	{ n, t, "f." n, NULL, o, 0, flags, NULL }
#define FOH(n, t, o, flags)	{ n, t, "f." n, "f." n ".hint", o, 0, flags, NULL }
#define FOS(n, t, o, s)		{ n, t, "f." n, NULL, o, 0, 0, s }
#define FOSH(n, t, o, s)	{ n, t, "f." n, "f." n ".hint", o, 0, 0, s }
#define HEAD(n)			{ n, FIELD_HEADING, "h." n, NULL, NULL, 0, 0, NULL }
#define HEADH(n)		{ n, FIELD_HEADING, "h." n, "h." n ".hint", NULL, 0, 0, NULL }
#define ENDF			{ NULL, 0, NULL, NULL, NULL, 0, 0, NULL }

/* The part every harassment form shares, after who the report is about. */
#define HARASSMENT_FIELDS \
	HEAD("what"), \
	FOH("category", FIELD_RADIO, o_category, FIELD_REQUIRED | FIELD_CLEAR), \
	FOSH("power_types", FIELD_CHECKBOXES, o_power, "category=power"), \
	FOSH("sexual_type", FIELD_RADIO, o_sexual, "category=sexual"), \
	FOS("maternity_type", FIELD_RADIO, o_maternity, "category=maternity"), \
	FH("what", FIELD_TEXTAREA, TEXT, FIELD_REQUIRED), \
	HEAD("when"), \
	FH("when", FIELD_TEXT, LINE, 0), \
	FO("frequency", FIELD_RADIO, o_frequency, 0), \
	F("duration", FIELD_TEXT, LINE, 0), \
	FO("where", FIELD_CHECKBOXES, o_where, 0), \
	F("where_detail", FIELD_TEXT, LINE, 0), \
	HEAD("who"), \
	FO("who_role", FIELD_RADIO, o_who_role, 0), \
	FH("who_detail", FIELD_TEXTAREA, SHORT, 0), \
	F("witnesses", FIELD_TEXTAREA, SHORT, 0), \
	HEAD("evidence"), \
	FO("evidence", FIELD_CHECKBOXES, o_evidence, 0), \
	FH("files", FIELD_FILES, 0, 0), \
	HEAD("effect"), \
	F("health_effect", FIELD_TEXTAREA, SHORT, 0), \
	FO("medical_visit", FIELD_RADIO, o_medical, 0), \
	F("earlier", FIELD_TEXTAREA, SHORT, 0), \
	HEAD("wish"), \
	FO("outcome", FIELD_RADIO, o_outcome, 0), \
	FOH("consent_record", FIELD_RADIO, o_yesno, FIELD_CLEAR), \
	FOH("consent_contact", FIELD_RADIO, o_yesnounsure, 0), \
	FO("consent_hr", FIELD_RADIO, o_yesnounsure, FIELD_UNIT)

#define CONTACT_FIELDS \
	HEADH("contact"), \
	F("contact_name", FIELD_TEXT, LINE, FIELD_IDENTITY), \
	FH("contact_how", FIELD_TEXT, 1200, FIELD_IDENTITY)

static const struct field f_harassment_self[] = {
	HARASSMENT_FIELDS, CONTACT_FIELDS, ENDF
};

static const struct field f_harassment_other[] = {
	HEAD("person"),
	FO("relation", FIELD_RADIO, o_relation, FIELD_REQUIRED),
	FO("person_knows", FIELD_RADIO, o_yesnounsure, 0),
	FO("person_consent_contact", FIELD_RADIO, o_yesnounsure, 0),
	FO("person_consent_investigation", FIELD_RADIO, o_yesnounsure, 0),
	HARASSMENT_FIELDS, CONTACT_FIELDS, ENDF
};

static const struct field f_wellbeing_self[] = {
	HEADH("k6"),
	FO("k6_1", FIELD_RADIO, o_k6, 0), FO("k6_2", FIELD_RADIO, o_k6, 0),
	FO("k6_3", FIELD_RADIO, o_k6, 0), FO("k6_4", FIELD_RADIO, o_k6, 0),
	FO("k6_5", FIELD_RADIO, o_k6, 0), FO("k6_6", FIELD_RADIO, o_k6, 0),
	HEADH("safety"),
	FOH("selfharm", FIELD_RADIO, o_selfharm, 0),
	HEAD("worry"),
	FH("worry", FIELD_TEXTAREA, TEXT, FIELD_REQUIRED),
	F("work_effect", FIELD_TEXTAREA, SHORT, 0),
	FOH("recent_change", FIELD_CHECKBOXES, o_change, 0),
	FO("help", FIELD_CHECKBOXES, o_help, 0),
	CONTACT_FIELDS, ENDF
};

static const struct field f_wellbeing_other[] = {
	HEAD("person"),
	FO("relation", FIELD_RADIO, o_relation, FIELD_REQUIRED),
	FOH("danger", FIELD_RADIO, o_yesnounsure, 0),
	HEAD("noticed"),
	FH("noticed", FIELD_TEXTAREA, TEXT, FIELD_REQUIRED),
	F("since_when", FIELD_TEXT, LINE, 0),
	FO("person_knows", FIELD_RADIO, o_yesnounsure, 0),
	FO("help_other", FIELD_CHECKBOXES, o_help_other, 0),
	CONTACT_FIELDS, ENDF
};

/* What a follow-up identity record holds (intake_case.c makes it). */
static const struct field f_reveal[] = {
	F("name", FIELD_TEXT, 400, FIELD_IDENTITY),
	F("contact", FIELD_TEXT, 400, FIELD_IDENTITY),
	ENDF
};

static const struct form_def d_harassment_self = {
	"harassment-self", "harassment", "form.harassment_self.title",
	"form.harassment_self.intro", f_harassment_self
};
static const struct form_def d_harassment_other = {
	"harassment-other", "harassment", "form.harassment_other.title",
	"form.harassment_other.intro", f_harassment_other
};
static const struct form_def d_wellbeing_self = {
	"wellbeing-self", "mental_health", "form.wellbeing_self.title",
	"form.wellbeing_self.intro", f_wellbeing_self
};
static const struct form_def d_wellbeing_other = {
	"wellbeing-other", "mental_health", "form.wellbeing_other.title",
	"form.wellbeing_other.intro", f_wellbeing_other
};
const struct form_def forms_reveal = {
	"reveal", NULL, "case.identity.title", NULL, f_reveal
};

const struct form_def *const forms_all[] = {
	&d_harassment_self, &d_harassment_other, &d_wellbeing_self,
	&d_wellbeing_other, NULL
};
