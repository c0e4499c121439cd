/*
 * Configuration: conf/portal.yaml and one conf/clinics/<slug>.yaml per
 * clinic, read with libyaml's document loader and checked against the
 * schemas below. Adding a setting is one line in a schema. Every problem is
 * reported as "file:line: what is wrong", and unknown keys are errors, so a
 * typo never silently falls back to a default.
 */
#include "internal.h"

#include <dirent.h>
#include <pwd.h>
#include <unistd.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

struct portal_conf *portal_conf;

enum ykind {
	YK_STR,        /* string, length min..max */
	YK_TEXT,       /* struct i18n_text: a string or {en: .., es: ..} */
	YK_BOOL,
	YK_INT,        /* min..max */
	YK_COLOR,      /* "#rrggbb" */
	YK_LANG,       /* enum lang */
	YK_LANGS,      /* list of languages into bool[LANG__MAX] */
	YK_HHMM,       /* "08:30" */
	YK_KEY,        /* [a-z0-9_-]{1,40} */
	YK_EMAIL,
	YK_PHRASES,    /* {en: [..], es: [..]} into struct phrase_list[LANG__MAX] */
	YK_KEYS,       /* [key, key, ...] into one struct phrase_list, min..max entries */
	YK_MAP,        /* nested keys of the same struct */
	YK_LIST        /* array of sub->size structs, count at count_off */
};

struct yschema;

struct ykey {
	const char *name;
	enum ykind kind;
	size_t off;
	bool required;
	long long min, max;
	const struct yschema *sub;
	size_t count_off;
};

struct yschema {
	const char *what;
	const struct ykey *keys;
	size_t nkeys;
	size_t size;
};

#define SCHEMA(what, type, keys) { what, keys, sizeof(keys) / sizeof(keys[0]), sizeof(type) }

/* ------------------------------------------------------- clinic schema */

#define C(f) offsetof(struct clinic, f)

static const struct ykey hours_keys[] = {
	{ "days", YK_TEXT, offsetof(struct clinic_hours, days), true, 1, 60, NULL, 0 },
	{ "open", YK_HHMM, offsetof(struct clinic_hours, open), true, 0, 0, NULL, 0 },
	{ "close", YK_HHMM, offsetof(struct clinic_hours, close), true, 0, 0, NULL, 0 },
};
static const struct yschema hours_schema = SCHEMA("hours", struct clinic_hours, hours_keys);

static const struct ykey location_keys[] = {
	{ "key", YK_KEY, offsetof(struct clinic_location, key), true, 0, 0, NULL, 0 },
	{ "name", YK_STR, offsetof(struct clinic_location, name), true, 1, 120, NULL, 0 },
	{ "address", YK_STR, offsetof(struct clinic_location, address), true, 1, 300, NULL, 0 },
	{ "phone", YK_STR, offsetof(struct clinic_location, phone), false, 3, 40, NULL, 0 },
};
static const struct yschema location_schema =
	SCHEMA("locations", struct clinic_location, location_keys);

static const struct ykey provider_keys[] = {
	{ "key", YK_KEY, offsetof(struct clinic_provider, key), true, 0, 0, NULL, 0 },
	{ "name", YK_STR, offsetof(struct clinic_provider, name), true, 1, 120, NULL, 0 },
	{ "credentials", YK_STR, offsetof(struct clinic_provider, credentials), false, 1, 40, NULL, 0 },
	{ "location", YK_KEY, offsetof(struct clinic_provider, location), true, 0, 0, NULL, 0 },
	{ "care_team", YK_KEY, offsetof(struct clinic_provider, care_team), false, 0, 0, NULL, 0 },
};
static const struct yschema provider_schema =
	SCHEMA("providers", struct clinic_provider, provider_keys);

static const struct ykey care_team_keys[] = {
	{ "key", YK_KEY, offsetof(struct care_team, key), true, 0, 0, NULL, 0 },
	{ "name", YK_TEXT, offsetof(struct care_team, name), true, 1, 120, NULL, 0 },
	{ "alert_email", YK_EMAIL, offsetof(struct care_team, alert_email), false, 0, 0, NULL, 0 },
};
static const struct yschema care_team_schema =
	SCHEMA("care_teams", struct care_team, care_team_keys);

static const struct ykey topic_keys[] = {
	{ "key", YK_KEY, offsetof(struct message_topic, key), true, 0, 0, NULL, 0 },
	{ "name", YK_TEXT, offsetof(struct message_topic, name), true, 1, 80, NULL, 0 },
	{ "care_team", YK_KEY, offsetof(struct message_topic, care_team), true, 0, 0, NULL, 0 },
};
static const struct yschema topic_schema = SCHEMA("topics", struct message_topic, topic_keys);

static const struct ykey reply_template_keys[] = {
	{ "key", YK_KEY, offsetof(struct reply_template, key), true, 0, 0, NULL, 0 },
	{ "name", YK_TEXT, offsetof(struct reply_template, name), true, 1, 80, NULL, 0 },
	{ "text", YK_TEXT, offsetof(struct reply_template, text), true, 1, 4000, NULL, 0 },
};
static const struct yschema reply_template_schema =
	SCHEMA("reply_templates", struct reply_template, reply_template_keys);

static const struct ykey messaging_keys[] = {
	{ "response_time", YK_TEXT, C(response_time), true, 1, 120, NULL, 0 },
	{ "topics", YK_LIST, C(topics), true, 1, 30, &topic_schema, C(ntopics) },
	{ "reply_templates", YK_LIST, C(reply_templates), false, 0, 50, &reply_template_schema,
		C(nreply_templates) },
	{ "urgent_phrases", YK_PHRASES, C(urgent_phrases), false, 0, 200, NULL, 0 },
};
static const struct yschema messaging_schema = SCHEMA("messaging", struct clinic, messaging_keys);

static const struct ykey appt_type_keys[] = {
	{ "key", YK_KEY, offsetof(struct appt_type, key), true, 0, 0, NULL, 0 },
	{ "name", YK_TEXT, offsetof(struct appt_type, name), true, 1, 80, NULL, 0 },
	{ "minutes", YK_INT, offsetof(struct appt_type, minutes), true, 5, 480, NULL, 0 },
	{ "patients", YK_KEY, offsetof(struct appt_type, patients), false, 0, 0, NULL, 0 },
	{ "mode", YK_KEY, offsetof(struct appt_type, mode), false, 0, 0, NULL, 0 },
	{ "scheduling", YK_KEY, offsetof(struct appt_type, scheduling), true, 0, 0, NULL, 0 },
	{ "providers", YK_KEYS, offsetof(struct appt_type, providers), true, 1, 500, NULL, 0 },
	{ "instructions", YK_TEXT, offsetof(struct appt_type, instructions), false, 1, 600, NULL, 0 },
};
static const struct yschema appt_type_schema = SCHEMA("types", struct appt_type, appt_type_keys);

static const struct ykey availability_keys[] = {
	{ "provider", YK_KEY, offsetof(struct appt_availability, provider), true, 0, 0, NULL, 0 },
	{ "location", YK_KEY, offsetof(struct appt_availability, location), true, 0, 0, NULL, 0 },
	{ "days", YK_KEYS, offsetof(struct appt_availability, days), true, 1, 7, NULL, 0 },
	{ "from", YK_HHMM, offsetof(struct appt_availability, from), true, 0, 0, NULL, 0 },
	{ "to", YK_HHMM, offsetof(struct appt_availability, to), true, 0, 0, NULL, 0 },
};
static const struct yschema availability_schema =
	SCHEMA("availability", struct appt_availability, availability_keys);

static const struct ykey telehealth_keys[] = {
	{ "url", YK_STR, C(telehealth_url), true, 12, 300, NULL, 0 },
	{ "join_opens_minutes", YK_INT, C(telehealth_join_minutes), false, 1, 120, NULL, 0 },
};
static const struct yschema telehealth_schema = SCHEMA("telehealth", struct clinic, telehealth_keys);

static const struct ykey appointments_keys[] = {
	{ "types", YK_LIST, C(appt_types), false, 0, 50, &appt_type_schema, C(nappt_types) },
	{ "availability", YK_LIST, C(availability), false, 0, 2000, &availability_schema, C(navailability) },
	{ "booking_horizon_days", YK_INT, C(booking_horizon_days), false, 1, 365, NULL, 0 },
	{ "min_lead_hours", YK_INT, C(min_lead_hours), false, 0, 336, NULL, 0 },
	{ "cancel_cutoff_hours", YK_INT, C(cancel_cutoff_hours), false, 0, 336, NULL, 0 },
	{ "reminder_hours", YK_KEYS, C(reminder_hours_text), false, 0, 4, NULL, 0 },
	{ "checkin_opens_hours", YK_INT, C(checkin_opens_hours), false, 1, 336, NULL, 0 },
	{ "waitlist_offer_minutes", YK_INT, C(waitlist_offer_minutes), false, 5, 2880, NULL, 0 },
	{ "telehealth", YK_MAP, 0, false, 0, 0, &telehealth_schema, 0 },
};
static const struct yschema appointments_schema = SCHEMA("appointments", struct clinic, appointments_keys);

static const struct ykey lab_test_keys[] = {
	{ "loinc", YK_STR, offsetof(struct lab_test_info, loinc), true, 3, 20, NULL, 0 },
	{ "name", YK_TEXT, offsetof(struct lab_test_info, name), true, 1, 120, NULL, 0 },
	{ "about", YK_TEXT, offsetof(struct lab_test_info, about), true, 1, 1000, NULL, 0 },
};
static const struct yschema lab_test_schema = SCHEMA("tests", struct lab_test_info, lab_test_keys);

static const struct ykey result_delay_keys[] = {
	{ "category", YK_KEY, offsetof(struct result_delay, category), true, 0, 0, NULL, 0 },
	{ "hours", YK_INT, offsetof(struct result_delay, hours), true, 1, 168, NULL, 0 },
};
static const struct yschema result_delay_schema = SCHEMA("release_delays", struct result_delay, result_delay_keys);

static const struct ykey results_keys[] = {
	{ "release_delays", YK_LIST, C(result_delays), false, 0, 30, &result_delay_schema, C(nresult_delays) },
	{ "sensitive_categories", YK_KEYS, C(sensitive_categories), false, 0, 30, NULL, 0 },
	{ "tests", YK_LIST, C(lab_tests), false, 0, 500, &lab_test_schema, C(nlab_tests) },
};
static const struct yschema results_schema = SCHEMA("results", struct clinic, results_keys);

static const struct ykey branding_keys[] = {
	{ "primary_color", YK_COLOR, C(primary_color), true, 0, 0, NULL, 0 },
	{ "accent_color", YK_COLOR, C(accent_color), true, 0, 0, NULL, 0 },
	{ "logo", YK_STR, C(logo), false, 1, 200, NULL, 0 },
};
static const struct yschema branding_schema = SCHEMA("branding", struct clinic, branding_keys);

static const struct ykey languages_keys[] = {
	{ "default", YK_LANG, C(default_lang), true, 0, 0, NULL, 0 },
	{ "offered", YK_LANGS, C(offered), true, 0, 0, NULL, 0 },
};
static const struct yschema languages_schema = SCHEMA("languages", struct clinic, languages_keys);

static const struct ykey features_keys[] = {
	{ "messages", YK_BOOL, C(features) + FEATURE_MESSAGES * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "appointments", YK_BOOL, C(features) + FEATURE_APPOINTMENTS * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "results", YK_BOOL, C(features) + FEATURE_RESULTS * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "record", YK_BOOL, C(features) + FEATURE_RECORD * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "refills", YK_BOOL, C(features) + FEATURE_REFILLS * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "billing", YK_BOOL, C(features) + FEATURE_BILLING * sizeof(bool), false, 0, 0, NULL, 0 },
	{ "forms", YK_BOOL, C(features) + FEATURE_FORMS * sizeof(bool), false, 0, 0, NULL, 0 },
};
static const struct yschema features_schema = SCHEMA("features", struct clinic, features_keys);

static const struct ykey security_keys[] = {
	{ "idle_timeout_minutes", YK_INT, C(idle_timeout_min), false, 2, 60, NULL, 0 },
};
static const struct yschema security_schema = SCHEMA("security", struct clinic, security_keys);

static const struct ykey enrolment_keys[] = {
	{ "activation_code_days", YK_INT, C(activation_days), false, 1, 90, NULL, 0 },
};
static const struct yschema enrolment_schema = SCHEMA("enrolment", struct clinic, enrolment_keys);

static const struct ykey clinic_keys[] = {
	{ "slug", YK_KEY, C(slug), true, 0, 0, NULL, 0 },
	{ "name", YK_STR, C(name), true, 1, 120, NULL, 0 },
	{ "short_name", YK_STR, C(short_name), false, 1, 40, NULL, 0 },
	{ "branding", YK_MAP, 0, true, 0, 0, &branding_schema, 0 },
	{ "languages", YK_MAP, 0, true, 0, 0, &languages_schema, 0 },
	{ "timezone", YK_STR, C(timezone), true, 3, 64, NULL, 0 },
	{ "phone", YK_STR, C(phone), true, 3, 40, NULL, 0 },
	{ "email", YK_EMAIL, C(email), false, 0, 0, NULL, 0 },
	{ "website", YK_STR, C(website), false, 4, 200, NULL, 0 },
	{ "hours", YK_LIST, C(hours), true, 1, 14, &hours_schema, C(nhours) },
	{ "locations", YK_LIST, C(locations), true, 1, 50, &location_schema, C(nlocations) },
	{ "providers", YK_LIST, C(providers), false, 0, 500, &provider_schema, C(nproviders) },
	{ "care_teams", YK_LIST, C(care_teams), false, 0, 50, &care_team_schema, C(ncare_teams) },
	{ "features", YK_MAP, 0, true, 0, 0, &features_schema, 0 },
	{ "messaging", YK_MAP, 0, false, 0, 0, &messaging_schema, 0 },
	{ "appointments", YK_MAP, 0, false, 0, 0, &appointments_schema, 0 },
	{ "results", YK_MAP, 0, false, 0, 0, &results_schema, 0 },
	{ "security", YK_MAP, 0, false, 0, 0, &security_schema, 0 },
	{ "enrolment", YK_MAP, 0, false, 0, 0, &enrolment_schema, 0 },
};
static const struct yschema clinic_schema = SCHEMA("clinic", struct clinic, clinic_keys);
#undef C

/* -------------------------------------------------------- portal schema */

#define P(f) offsetof(struct portal_conf, f)
static const struct ykey database_keys[] = {
	{ "socket", YK_STR, P(db_socket), false, 1, 400, NULL, 0 },
	{ "host", YK_STR, P(db_host), false, 1, 255, NULL, 0 },
	{ "port", YK_INT, P(db_port), false, 1, 65535, NULL, 0 },
	{ "name", YK_KEY, P(db_name), true, 0, 0, NULL, 0 },
	{ "user", YK_KEY, P(db_user), true, 0, 0, NULL, 0 },
	{ "password_file", YK_STR, P(db_password_file), false, 1, 400, NULL, 0 },
	{ "admin_user", YK_KEY, P(db_admin_user), false, 0, 0, NULL, 0 },
	{ "admin_password_file", YK_STR, P(db_admin_password_file), false, 1, 400, NULL, 0 },
	{ "app_host", YK_STR, P(db_app_host), false, 1, 255, NULL, 0 },
	{ "timeout_seconds", YK_INT, P(db_timeout_s), false, 1, 60, NULL, 0 },
};
static const struct yschema database_schema = SCHEMA("database", struct portal_conf, database_keys);

static const struct ykey paths_keys[] = {
	{ "templates", YK_STR, P(templates_dir), true, 1, 400, NULL, 0 },
	{ "clinics", YK_STR, P(clinics_dir), true, 1, 400, NULL, 0 },
	{ "secrets", YK_STR, P(secrets_dir), true, 1, 400, NULL, 0 },
	{ "common_passwords", YK_STR, P(common_passwords), true, 1, 400, NULL, 0 },
	{ "run", YK_STR, P(run_dir), true, 1, 400, NULL, 0 },
	{ "static", YK_STR, P(static_dir), true, 1, 400, NULL, 0 },
	{ "urgent_phrases", YK_STR, P(urgent_phrases_file), false, 1, 400, NULL, 0 },
	{ "lab_tests", YK_STR, P(lab_tests_file), false, 1, 400, NULL, 0 },
};
static const struct yschema paths_schema = SCHEMA("paths", struct portal_conf, paths_keys);

static const struct ykey limits_keys[] = {
	{ "body_max_bytes", YK_INT, P(body_max), false, 1024, 64L * 1024 * 1024, NULL, 0 },
	{ "fields_max", YK_INT, P(fields_max), false, 4, 1000, NULL, 0 },
	{ "field_max_bytes", YK_INT, P(field_max), false, 64, 1024 * 1024, NULL, 0 },
	{ "upload_max_bytes", YK_INT, P(upload_max), false, 1024, 64L * 1024 * 1024, NULL, 0 },
};
static const struct yschema limits_schema = SCHEMA("limits", struct portal_conf, limits_keys);

static const struct ykey email_keys[] = {
	{ "smtp_url", YK_STR, P(smtp_url), true, 8, 300, NULL, 0 },
	{ "starttls", YK_BOOL, P(smtp_starttls), false, 0, 0, NULL, 0 },
	{ "username", YK_STR, P(smtp_username), false, 1, 200, NULL, 0 },
	{ "password_file", YK_STR, P(smtp_password_file), false, 1, 400, NULL, 0 },
	{ "from", YK_STR, P(mail_from), true, 3, 200, NULL, 0 },
};
static const struct yschema email_schema = SCHEMA("email", struct portal_conf, email_keys);

static const struct ykey sms_keys[] = {
	{ "url", YK_STR, P(sms_url), true, 8, 300, NULL, 0 },
	{ "account", YK_STR, P(sms_account), false, 1, 100, NULL, 0 },
	{ "token_file", YK_STR, P(sms_token_file), false, 1, 400, NULL, 0 },
	{ "from", YK_STR, P(sms_from), true, 3, 40, NULL, 0 },
	{ "inbound_token_file", YK_STR, P(sms_inbound_token_file), false, 1, 400, NULL, 0 },
};
static const struct yschema sms_schema = SCHEMA("sms", struct portal_conf, sms_keys);

static const struct ykey notifications_keys[] = {
	{ "email", YK_MAP, 0, false, 0, 0, &email_schema, 0 },
	{ "sms", YK_MAP, 0, false, 0, 0, &sms_schema, 0 },
	{ "poll_seconds", YK_INT, P(notify_poll_s), false, 1, 300, NULL, 0 },
	{ "max_attempts", YK_INT, P(notify_max_attempts), false, 1, 50, NULL, 0 },
};
static const struct yschema notifications_schema =
	SCHEMA("notifications", struct portal_conf, notifications_keys);

static const struct ykey testing_keys[] = {
	{ "clock_offset_file", YK_STR, P(clock_offset_file), false, 1, 400, NULL, 0 },
};
static const struct yschema testing_schema = SCHEMA("testing", struct portal_conf, testing_keys);

static const struct ykey portal_keys[] = {
	{ "database", YK_MAP, 0, true, 0, 0, &database_schema, 0 },
	{ "paths", YK_MAP, 0, true, 0, 0, &paths_schema, 0 },
	{ "public_url", YK_STR, P(public_url), true, 8, 200, NULL, 0 },
	{ "workers", YK_INT, P(workers), false, 1, 64, NULL, 0 },
	{ "limits", YK_MAP, 0, false, 0, 0, &limits_schema, 0 },
	{ "notifications", YK_MAP, 0, false, 0, 0, &notifications_schema, 0 },
	{ "testing", YK_MAP, 0, false, 0, 0, &testing_schema, 0 },
};
static const struct yschema portal_schema = SCHEMA("portal", struct portal_conf, portal_keys);

static const struct ykey catalogue_keys[] = {
	{ "tests", YK_LIST, P(lab_tests), true, 0, 5000, &lab_test_schema, P(nlab_tests) },
};
static const struct yschema catalogue_schema = SCHEMA("catalogue", struct portal_conf, catalogue_keys);
#undef P

/* int fields: which are long and which are int */
static bool
is_long_field(const struct yschema *s, size_t off)
{
	return s == &limits_schema && (off == offsetof(struct portal_conf, body_max) ||
		off == offsetof(struct portal_conf, field_max) ||
		off == offsetof(struct portal_conf, upload_max));
}

/* --------------------------------------------------------------- reader */

struct yctx {
	const char *file;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
	bool failed;
};

static void
yerr(struct yctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	if (c->failed)
		return;        /* the first problem is the one to fix */
	c->failed = true;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%lu: %s", c->file,
		n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
}

static const char *
scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static char *
xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();       /* start-up only: nothing to serve without config */
	return p;
}

static int
check_len(struct yctx *c, const yaml_node_t *n, const char *path, const char *s,
	long long min, long long max)
{
	if (valid_utf8_text(s, strlen(s), min ? min : 0, max ? max : 10000, false) < 0) {
		yerr(c, n, "%s: expected text of %lld to %lld characters", path, min, max ? max : 10000);
		return -1;
	}
	return 0;
}

static void read_map(struct yctx *c, yaml_node_t *map, const struct yschema *s, char *base,
	const char *prefix);

static void
read_value(struct yctx *c, yaml_node_t *v, const struct ykey *k, const struct yschema *s,
	char *base, const char *path)
{
	void *field = base + k->off;
	const char *sv = scalar(v);
	switch (k->kind) {
	case YK_STR:
		if (sv == NULL || sv[0] == '\0') {
			yerr(c, v, "%s: expected a text value", path);
			return;
		}
		if (check_len(c, v, path, sv, k->min, k->max) < 0)
			return;
		free(*(char **)field);
		*(char **)field = xstrdup(sv);
		return;
	case YK_TEXT: {
		struct i18n_text *t = field;
		if (sv) {
			if (check_len(c, v, path, sv, k->min ? k->min : 1, k->max) < 0)
				return;
			for (int l = 0; l < LANG__MAX; l++) {
				free(t->v[l]);
				t->v[l] = xstrdup(sv);
			}
			return;
		}
		if (v->type != YAML_MAPPING_NODE) {
			yerr(c, v, "%s: expected text, or one text per language (en: ..., es: ...)", path);
			return;
		}
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
			yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
			yaml_node_t *vn = yaml_document_get_node(c->doc, p->value);
			int l = lang_from_code(scalar(kn));
			if (l < 0) {
				yerr(c, kn, "%s: '%s' is not a language of the portal (en, es)", path,
					scalar(kn) ? scalar(kn) : "?");
				return;
			}
			if (scalar(vn) == NULL || check_len(c, vn, path, scalar(vn), k->min ? k->min : 1, k->max) < 0) {
				yerr(c, vn, "%s.%s: expected text", path, lang_codes[l]);
				return;
			}
			free(t->v[l]);
			t->v[l] = xstrdup(scalar(vn));
		}
		if (t->v[LANG_EN] == NULL && t->v[LANG_ES] == NULL)
			yerr(c, v, "%s: give the text in at least one language", path);
		return;
	}
	case YK_BOOL:
		if (sv && (strcmp(sv, "true") == 0 || strcmp(sv, "on") == 0 || strcmp(sv, "yes") == 0))
			*(bool *)field = true;
		else if (sv && (strcmp(sv, "false") == 0 || strcmp(sv, "off") == 0 || strcmp(sv, "no") == 0))
			*(bool *)field = false;
		else
			yerr(c, v, "%s: expected true or false, got '%s'", path, sv ? sv : "(not a value)");
		return;
	case YK_INT: {
		long long x;
		if (sv == NULL || valid_int(sv, k->min, k->max, &x) < 0) {
			yerr(c, v, "%s: expected a whole number from %lld to %lld, got '%s'", path,
				k->min, k->max, sv ? sv : "(not a value)");
			return;
		}
		if (is_long_field(s, k->off))
			*(long *)field = (long)x;
		else
			*(int *)field = (int)x;
		return;
	}
	case YK_COLOR: {
		bool ok = sv && strlen(sv) == 7 && sv[0] == '#' && strspn(sv + 1, "0123456789abcdefABCDEF") == 6;
		if (!ok) {
			yerr(c, v, "%s: expected a colour like \"#0b5d7a\", got '%s'", path, sv ? sv : "(not a value)");
			return;
		}
		free(*(char **)field);
		*(char **)field = xstrdup(sv);
		return;
	}
	case YK_LANG: {
		int l = lang_from_code(sv);
		if (l < 0) {
			yerr(c, v, "%s: expected a language code (en or es), got '%s'", path, sv ? sv : "(not a value)");
			return;
		}
		*(enum lang *)field = (enum lang)l;
		return;
	}
	case YK_LANGS: {
		bool *offered = field;
		if (v->type != YAML_SEQUENCE_NODE || v->data.sequence.items.start == v->data.sequence.items.top) {
			yerr(c, v, "%s: expected a list of language codes, like [en, es]", path);
			return;
		}
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
			yaml_node_t *in = yaml_document_get_node(c->doc, *it);
			int l = lang_from_code(scalar(in));
			if (l < 0) {
				yerr(c, in, "%s: '%s' is not a language of the portal (en, es)", path,
					scalar(in) ? scalar(in) : "?");
				return;
			}
			offered[l] = true;
		}
		return;
	}
	case YK_HHMM: {
		bool ok = sv && strlen(sv) == 5 && sv[2] == ':' &&
			sv[0] >= '0' && sv[0] <= '2' && sv[1] >= '0' && sv[1] <= '9' &&
			sv[3] >= '0' && sv[3] <= '5' && sv[4] >= '0' && sv[4] <= '9' &&
			(sv[0] - '0') * 10 + (sv[1] - '0') < 24;
		if (!ok) {
			yerr(c, v, "%s: expected a time like \"08:30\", got '%s'", path, sv ? sv : "(not a value)");
			return;
		}
		free(*(char **)field);
		*(char **)field = xstrdup(sv);
		return;
	}
	case YK_KEY: {
		bool ok = sv && strlen(sv) >= 1 && strlen(sv) <= 40 &&
			strspn(sv, "abcdefghijklmnopqrstuvwxyz0123456789_-") == strlen(sv);
		if (!ok) {
			yerr(c, v, "%s: expected a key of lower-case letters, digits, '-' or '_' (at most 40), got '%s'",
				path, sv ? sv : "(not a value)");
			return;
		}
		free(*(char **)field);
		*(char **)field = xstrdup(sv);
		return;
	}
	case YK_EMAIL:
		if (sv == NULL || valid_email(sv) < 0) {
			yerr(c, v, "%s: expected an email address, got '%s'", path, sv ? sv : "(not a value)");
			return;
		}
		free(*(char **)field);
		*(char **)field = xstrdup(sv);
		return;
	case YK_PHRASES: {
		struct phrase_list *lists = field;
		if (v->type != YAML_MAPPING_NODE) {
			yerr(c, v, "%s: expected lists per language, like en: [\"chest pain\"]", path);
			return;
		}
		for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
			yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
			yaml_node_t *vn = yaml_document_get_node(c->doc, p->value);
			int l = lang_from_code(scalar(kn));
			if (l < 0) {
				yerr(c, kn, "%s: '%s' is not a language of the portal (en, es)", path,
					scalar(kn) ? scalar(kn) : "?");
				return;
			}
			size_t n = vn->type == YAML_SEQUENCE_NODE ?
				(size_t)(vn->data.sequence.items.top - vn->data.sequence.items.start) : 0;
			if (vn->type != YAML_SEQUENCE_NODE || (long long)n > k->max) {
				yerr(c, vn, "%s.%s: expected a list of at most %lld phrases", path, lang_codes[l], k->max);
				return;
			}
			lists[l].items = calloc(n ? n : 1, sizeof(char *));
			if (lists[l].items == NULL)
				abort();
			for (size_t i = 0; i < n; i++) {
				yaml_node_t *in = yaml_document_get_node(c->doc, vn->data.sequence.items.start[i]);
				if (scalar(in) == NULL ||
				    valid_utf8_text(scalar(in), strlen(scalar(in)), 2, 80, false) < 0) {
					yerr(c, in, "%s.%s: expected phrases of 2 to 80 characters", path, lang_codes[l]);
					return;
				}
				lists[l].items[lists[l].n++] = xstrdup(scalar(in));
			}
		}
		return;
	}
	case YK_KEYS: {
		struct phrase_list *list = field;
		size_t n = v->type == YAML_SEQUENCE_NODE ?
			(size_t)(v->data.sequence.items.top - v->data.sequence.items.start) : 0;
		if (v->type != YAML_SEQUENCE_NODE || (long long)n < k->min || (long long)n > k->max) {
			yerr(c, v, "%s: expected a list of %lld to %lld keys, like [a, b]", path, k->min, k->max);
			return;
		}
		list->items = calloc(n ? n : 1, sizeof(char *));
		if (list->items == NULL)
			abort();
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *in = yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
			const char *iv = scalar(in);
			if (iv == NULL || strlen(iv) < 1 || strlen(iv) > 40 ||
			    strspn(iv, "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(iv)) {
				yerr(c, in, "%s: expected keys of lower-case letters, digits, '-' or '_', got '%s'", path,
					iv ? iv : "(not a value)");
				return;
			}
			list->items[list->n++] = xstrdup(iv);
		}
		return;
	}
	case YK_MAP:
		if (v->type != YAML_MAPPING_NODE) {
			yerr(c, v, "%s: expected a map of settings", path);
			return;
		}
		read_map(c, v, k->sub, base, path);
		return;
	case YK_LIST: {
		if (v->type != YAML_SEQUENCE_NODE) {
			yerr(c, v, "%s: expected a list", path);
			return;
		}
		size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
		if ((long long)n < k->min || (long long)n > k->max) {
			yerr(c, v, "%s: expected %lld to %lld entries, found %zu", path, k->min, k->max, n);
			return;
		}
		char *arr = calloc(n ? n : 1, k->sub->size);
		if (arr == NULL)
			abort();
		*(void **)field = arr;
		*(size_t *)(base + k->count_off) = n;
		size_t i = 0;
		for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++, i++) {
			yaml_node_t *in = yaml_document_get_node(c->doc, *it);
			char sub[256];
			snprintf(sub, sizeof(sub), "%.200s[%zu]", path, i + 1);
			if (in->type != YAML_MAPPING_NODE) {
				yerr(c, in, "%s: expected a map of settings", sub);
				return;
			}
			read_map(c, in, k->sub, arr + i * k->sub->size, sub);
		}
		return;
	}
	}
}

static void
read_map(struct yctx *c, yaml_node_t *map, const struct yschema *s, char *base, const char *prefix)
{
	bool seen[64] = { false };
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *vn = yaml_document_get_node(c->doc, p->value);
		const char *key = scalar(kn);
		size_t i;
		for (i = 0; key && i < s->nkeys; i++)
			if (strcmp(s->keys[i].name, key) == 0)
				break;
		char path[256];
		snprintf(path, sizeof(path), "%.200s%s%.50s", prefix, prefix[0] ? "." : "", key ? key : "?");
		if (key == NULL || i == s->nkeys) {
			char known[600] = "";
			for (size_t j = 0; j < s->nkeys; j++) {
				strncat(known, j ? ", " : "", sizeof(known) - strlen(known) - 1);
				strncat(known, s->keys[j].name, sizeof(known) - strlen(known) - 1);
			}
			yerr(c, kn, "unknown setting '%s' (known here: %s)", path, known);
			return;
		}
		if (seen[i]) {
			yerr(c, kn, "'%s' is given twice", path);
			return;
		}
		seen[i] = true;
		read_value(c, vn, &s->keys[i], s, base, path);
		if (c->failed)
			return;
	}
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].required && !seen[i]) {
			yerr(c, map, "missing setting '%s%s%s'", prefix, prefix[0] ? "." : "", s->keys[i].name);
			return;
		}
}

static void
free_fields(const struct yschema *s, char *base)
{
	for (size_t i = 0; i < s->nkeys; i++) {
		const struct ykey *k = &s->keys[i];
		switch (k->kind) {
		case YK_STR: case YK_COLOR: case YK_HHMM: case YK_KEY: case YK_EMAIL:
			free(*(char **)(base + k->off));
			*(char **)(base + k->off) = NULL;
			break;
		case YK_TEXT:
			for (int l = 0; l < LANG__MAX; l++) {
				free(((struct i18n_text *)(base + k->off))->v[l]);
				((struct i18n_text *)(base + k->off))->v[l] = NULL;
			}
			break;
		case YK_PHRASES:
			for (int l = 0; l < LANG__MAX; l++) {
				struct phrase_list *pl = &((struct phrase_list *)(base + k->off))[l];
				for (size_t j = 0; j < pl->n; j++)
					free(pl->items[j]);
				free(pl->items);
				pl->items = NULL;
				pl->n = 0;
			}
			break;
		case YK_KEYS: {
			struct phrase_list *pl = (struct phrase_list *)(base + k->off);
			for (size_t j = 0; j < pl->n; j++)
				free(pl->items[j]);
			free(pl->items);
			pl->items = NULL;
			pl->n = 0;
			break;
		}
		case YK_MAP:
			free_fields(k->sub, base);
			break;
		case YK_LIST: {
			char *arr = *(char **)(base + k->off);
			size_t n = *(size_t *)(base + k->count_off);
			for (size_t j = 0; arr && j < n; j++)
				free_fields(k->sub, arr + j * k->sub->size);
			free(arr);
			*(char **)(base + k->off) = NULL;
			break;
		}
		default:
			break;
		}
	}
}

/* Loads a YAML file into a document; 0 on success. */
static int
load_doc(const char *path, yaml_document_t *doc, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		snprintf(err, errlen, "%s:%lu: YAML syntax: %s%s%s", path,
			(unsigned long)(parser.problem_mark.line + 1),
			parser.problem ? parser.problem : "unreadable",
			parser.context ? " " : "", parser.context ? parser.context : "");
	}
	yaml_parser_delete(&parser);
	fclose(f);
	if (!ok)
		return -1;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		snprintf(err, errlen, "%s:1: expected a map of settings at the top", path);
		yaml_document_delete(doc);
		return -1;
	}
	return 0;
}

static bool
has_key(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
		if (scalar(yaml_document_get_node(doc, p->key)) &&
		    strcmp(scalar(yaml_document_get_node(doc, p->key)), key) == 0)
			return true;
	return false;
}

/* The node of key (or of key[index].sub) in a map, for the line of a
 * problem found after reading; the map itself when it is not there. */
static yaml_node_t *
at(struct yctx *c, yaml_node_t *map, const char *key, size_t index, const char *sub)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		if (scalar(k) == NULL || strcmp(scalar(k), key) != 0)
			continue;
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		if (sub == NULL)
			return v;
		if (v->type == YAML_SEQUENCE_NODE &&
		    index < (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)) {
			yaml_node_t *item = yaml_document_get_node(c->doc, v->data.sequence.items.start[index]);
			return item->type == YAML_MAPPING_NODE ? at(c, item, sub, 0, NULL) : item;
		}
		return v;
	}
	return map;
}

/* A file under /usr/share/zoneinfo that really is compiled zone data
 * (zone.tab, for one, is a regular file there too). */
static bool
is_time_zone(const char *name)
{
	char path[512], magic[4];
	struct stat st;
	if (strstr(name, "..") || name[0] == '/')
		return false;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return false;
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return false;
	bool ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

static void
fill_languages(struct i18n_text *t)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (t->v[l] == NULL)
			for (int o = 0; o < LANG__MAX; o++)
				if (t->v[o]) {
					t->v[l] = xstrdup(t->v[o]);
					break;
				}
}

static int
hhmm_minutes(const char *s)
{
	return ((s[0] - '0') * 10 + (s[1] - '0')) * 60 + (s[3] - '0') * 10 + (s[4] - '0');
}

static bool
one_of(const char *s, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

/* The appointments block: references, grid and lists. */
static void
check_appointments(struct yctx *c, struct clinic *cl, yaml_node_t *root)
{
	static const char *const patients[] = { "new", "established", "any", NULL };
	static const char *const modes[] = { "in_person", "video", NULL };
	static const char *const schedulings[] = { "self", "request", NULL };
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	yaml_node_t *ap = at(c, root, "appointments", 0, NULL);
	for (size_t i = 0; i < cl->nappt_types; i++) {
		struct appt_type *t = &cl->appt_types[i];
		yaml_node_t *tn = at(c, ap, "types", i, "key");
		for (size_t j = 0; j < i; j++)
			if (strcmp(t->key, cl->appt_types[j].key) == 0) {
				yerr(c, tn, "appointments.types: key '%s' is used twice", t->key);
				return;
			}
		if (t->minutes % 5 != 0) {
			yerr(c, at(c, ap, "types", i, "minutes"), "appointments.types[%zu].minutes: expected a multiple of 5",
				i + 1);
			return;
		}
		if (t->patients == NULL)
			t->patients = xstrdup("any");
		if (t->mode == NULL)
			t->mode = xstrdup("in_person");
		if (!one_of(t->patients, patients) || !one_of(t->mode, modes) || !one_of(t->scheduling, schedulings)) {
			yerr(c, tn, "appointments.types[%zu]: patients is new, established or any; mode is in_person or"
				" video; scheduling is self or request", i + 1);
			return;
		}
		for (size_t j = 0; j < t->providers.n; j++)
			if (clinic_provider(cl, t->providers.items[j]) == NULL) {
				yerr(c, at(c, ap, "types", i, "providers"),
					"appointments.types[%zu].providers: no provider has the key '%s'", i + 1,
					t->providers.items[j]);
				return;
			}
		fill_languages(&t->name);
		if (t->instructions.v[LANG_EN] || t->instructions.v[LANG_ES])
			fill_languages(&t->instructions);
		if (strcmp(t->mode, "video") == 0 && cl->telehealth_url == NULL) {
			yerr(c, tn, "appointments.types[%zu] is a video visit: give appointments.telehealth.url", i + 1);
			return;
		}
	}
	for (size_t i = 0; i < cl->navailability; i++) {
		struct appt_availability *a = &cl->availability[i];
		yaml_node_t *an = at(c, ap, "availability", i, "provider");
		if (clinic_provider(cl, a->provider) == NULL) {
			yerr(c, an, "appointments.availability[%zu].provider: no provider has the key '%s'", i + 1,
				a->provider);
			return;
		}
		if (clinic_location(cl, a->location) == NULL) {
			yerr(c, at(c, ap, "availability", i, "location"),
				"appointments.availability[%zu].location: no location has the key '%s'", i + 1, a->location);
			return;
		}
		for (size_t j = 0; j < a->days.n; j++) {
			int d = 0;
			while (d < 7 && strcmp(days[d], a->days.items[j]) != 0)
				d++;
			if (d == 7) {
				yerr(c, at(c, ap, "availability", i, "days"),
					"appointments.availability[%zu].days: '%s' is not a day (mon, tue, wed, thu, fri, sat, sun)",
					i + 1, a->days.items[j]);
				return;
			}
			a->day_mask |= 1u << d;
		}
		int from = hhmm_minutes(a->from), to = hhmm_minutes(a->to);
		if (from % 5 || to % 5 || to <= from) {
			yerr(c, at(c, ap, "availability", i, "to"),
				"appointments.availability[%zu]: from and to are on 5-minute marks, to after from", i + 1);
			return;
		}
	}
	for (size_t i = 0; i < cl->reminder_hours_text.n; i++) {
		long long h;
		if (valid_int(cl->reminder_hours_text.items[i], 1, 336, &h) < 0) {
			yerr(c, at(c, ap, "reminder_hours", 0, NULL),
				"appointments.reminder_hours: expected hours from 1 to 336, like [72, 24]");
			return;
		}
		cl->reminder_hours[cl->nreminder_hours++] = (int)h;
	}
	/* Not given: three days and one day before; [] turns reminders off. */
	if (ap == root || !has_key(c->doc, ap, "reminder_hours")) {
		cl->reminder_hours[0] = 72;
		cl->reminder_hours[1] = 24;
		cl->nreminder_hours = 2;
	}
	if (cl->telehealth_url && (strncmp(cl->telehealth_url, "https://", 8) != 0 ||
	    strstr(cl->telehealth_url, "{room}") == NULL)) {
		yerr(c, at(c, at(c, ap, "telehealth", 0, NULL), "url", 0, NULL),
			"appointments.telehealth.url: expected an https:// address with {room} in it");
		return;
	}
}

/* Cross-checks that a schema cannot express. */
static void
check_clinic(struct yctx *c, struct clinic *cl, yaml_node_t *root)
{
	const char *base = strrchr(c->file, '/');
	base = base ? base + 1 : c->file;
	size_t sl = strlen(cl->slug);
	if (strncmp(base, cl->slug, sl) != 0 || strcmp(base + sl, ".yaml") != 0) {
		yerr(c, at(c, root, "slug", 0, NULL), "slug '%s' does not match the file name (expected %s.yaml)",
			cl->slug, cl->slug);
		return;
	}
	if (!cl->offered[cl->default_lang]) {
		yerr(c, at(c, root, "languages", 0, NULL), "languages.default '%s' is not in languages.offered",
			lang_codes[cl->default_lang]);
		return;
	}
	if (!is_time_zone(cl->timezone)) {
		yerr(c, at(c, root, "timezone", 0, NULL), "timezone '%s' is not a known time zone (like America/Chicago)",
			cl->timezone);
		return;
	}
	for (size_t i = 0; i < cl->nlocations; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cl->locations[i].key, cl->locations[j].key) == 0) {
				yerr(c, at(c, root, "locations", i, "key"), "locations: key '%s' is used twice",
					cl->locations[i].key);
				return;
			}
	for (size_t i = 0; i < cl->ncare_teams; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(cl->care_teams[i].key, cl->care_teams[j].key) == 0) {
				yerr(c, at(c, root, "care_teams", i, "key"), "care_teams: key '%s' is used twice",
					cl->care_teams[i].key);
				return;
			}
	for (size_t i = 0; i < cl->nproviders; i++) {
		const struct clinic_provider *p = &cl->providers[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(p->key, cl->providers[j].key) == 0) {
				yerr(c, at(c, root, "providers", i, "key"), "providers: key '%s' is used twice", p->key);
				return;
			}
		if (clinic_location(cl, p->location) == NULL) {
			yerr(c, at(c, root, "providers", i, "location"), "providers[%zu].location: no location has the key '%s'",
				i + 1, p->location);
			return;
		}
		bool found = p->care_team == NULL;
		for (size_t j = 0; !found && j < cl->ncare_teams; j++)
			found = strcmp(cl->care_teams[j].key, p->care_team) == 0;
		if (!found) {
			yerr(c, at(c, root, "providers", i, "care_team"),
				"providers[%zu].care_team: no care team has the key '%s'", i + 1, p->care_team);
			return;
		}
	}
	for (size_t i = 0; i < cl->ntopics; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(cl->topics[i].key, cl->topics[j].key) == 0) {
				yerr(c, at(c, at(c, root, "messaging", 0, NULL), "topics", i, "key"),
					"messaging.topics: key '%s' is used twice", cl->topics[i].key);
				return;
			}
		if (clinic_care_team(cl, cl->topics[i].care_team) == NULL) {
			yerr(c, at(c, at(c, root, "messaging", 0, NULL), "topics", i, "care_team"),
				"messaging.topics[%zu].care_team: no care team has the key '%s'", i + 1,
				cl->topics[i].care_team);
			return;
		}
	}
	check_appointments(c, cl, root);
	if (c->failed)
		return;
	if (cl->features[FEATURE_MESSAGES] && cl->ntopics == 0) {
		yerr(c, at(c, at(c, root, "features", 0, NULL), "messages", 0, NULL),
			"features.messages is on: give messaging.topics (and messaging.response_time)");
		return;
	}
	/* Texts given in one language only are shown in it in the other. */
	for (size_t i = 0; i < cl->nhours; i++)
		for (int l = 0; l < LANG__MAX; l++)
			if (cl->hours[i].days.v[l] == NULL)
				cl->hours[i].days.v[l] = xstrdup(cl->hours[i].days.v[1 - l]);
	for (size_t i = 0; i < cl->ncare_teams; i++)
		for (int l = 0; l < LANG__MAX; l++)
			if (cl->care_teams[i].name.v[l] == NULL)
				cl->care_teams[i].name.v[l] = xstrdup(cl->care_teams[i].name.v[1 - l]);
	for (size_t i = 0; i < cl->ntopics; i++)
		fill_languages(&cl->topics[i].name);
	for (size_t i = 0; i < cl->nreply_templates; i++) {
		fill_languages(&cl->reply_templates[i].name);
		fill_languages(&cl->reply_templates[i].text);
	}
	if (cl->response_time.v[LANG_EN] || cl->response_time.v[LANG_ES])
		fill_languages(&cl->response_time);
	if (cl->short_name == NULL)
		cl->short_name = xstrdup(cl->name);
	for (size_t i = 0; i < cl->nlab_tests; i++) {
		fill_languages(&cl->lab_tests[i].name);
		fill_languages(&cl->lab_tests[i].about);
	}
	/* Not given: the categories a proxy must not see without more rules. */
	if (!has_key(c->doc, root, "results") || !has_key(c->doc, at(c, root, "results", 0, NULL), "sensitive_categories")) {
		static const char *const defaults[] = { "hiv", "pregnancy", "mental_health", "substance_use" };
		cl->sensitive_categories.items = calloc(4, sizeof(char *));
		if (cl->sensitive_categories.items == NULL)
			abort();
		for (size_t i = 0; i < 4; i++)
			cl->sensitive_categories.items[cl->sensitive_categories.n++] = xstrdup(defaults[i]);
	}
}

void
conf_clinic_free(struct clinic *cl)
{
	if (cl == NULL)
		return;
	free_fields(&clinic_schema, (char *)cl);
	free(cl->file);
	free(cl);
}

struct clinic *
conf_clinic_load(const char *path, char *err, size_t errlen)
{
	yaml_document_t doc;
	if (load_doc(path, &doc, err, errlen) < 0)
		return NULL;
	struct clinic *cl = calloc(1, sizeof(*cl));
	if (cl == NULL)
		abort();
	cl->idle_timeout_min = 15;
	cl->activation_days = 30;
	cl->booking_horizon_days = 60;
	cl->min_lead_hours = 2;
	cl->cancel_cutoff_hours = 24;
	cl->checkin_opens_hours = 72;
	cl->waitlist_offer_minutes = 120;
	cl->telehealth_join_minutes = 15;
	struct yctx c = { path, &doc, err, errlen, false };
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	read_map(&c, root, &clinic_schema, (char *)cl, "");
	if (!c.failed)
		check_clinic(&c, cl, root);
	yaml_document_delete(&doc);
	if (c.failed) {
		conf_clinic_free(cl);
		return NULL;
	}
	cl->file = xstrdup(path);
	return cl;
}

void
conf_free(struct portal_conf *pc)
{
	if (pc == NULL)
		return;
	for (size_t i = 0; i < pc->nclinics; i++)
		conf_clinic_free(pc->clinics[i]);
	free(pc->clinics);
	free_fields(&portal_schema, (char *)pc);
	free_fields(&catalogue_schema, (char *)pc);
	free(pc->file);
	free(pc);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool
has_scheme(const char *url, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	return (strncmp(url, a, la) == 0 && url[la] != '\0') || (strncmp(url, b, lb) == 0 && url[lb] != '\0');
}

/* Checked here rather than when the first notification fails: a typo in
 * a scheme or an address would otherwise surface hours later, in the
 * outbox's last_error. */
static void
check_urls(struct yctx *c, yaml_node_t *root, const struct portal_conf *pc)
{
	if (!has_scheme(pc->public_url, "https://", "http://"))
		yerr(c, at(c, root, "public_url", 0, NULL), "public_url: expected https://host (or http:// for development)");
	yaml_node_t *notif = at(c, root, "notifications", 0, NULL);
	if (pc->smtp_url && !has_scheme(pc->smtp_url, "smtp://", "smtps://"))
		yerr(c, at(c, at(c, notif, "email", 0, NULL), "smtp_url", 0, NULL), "notifications.email.smtp_url: expected smtp://host:port or smtps://host:port");
	if (pc->mail_from) {
		const char *lt = strrchr(pc->mail_from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		char addr[256];
		if (lt && gt)
			snprintf(addr, sizeof(addr), "%.*s", (int)(gt - lt - 1 < 255 ? gt - lt - 1 : 255), lt + 1);
		else
			snprintf(addr, sizeof(addr), "%s", pc->mail_from);
		if (valid_email(addr) < 0)
			yerr(c, at(c, at(c, notif, "email", 0, NULL), "from", 0, NULL),
				"notifications.email.from: expected an address, or \"Name <address>\"");
	}
	if (pc->sms_url && !has_scheme(pc->sms_url, "https://", "http://"))
		yerr(c, at(c, at(c, notif, "sms", 0, NULL), "url", 0, NULL), "notifications.sms.url: expected https://host/path");
}

/* The lab-test catalogue: paths.lab_tests, or conf/lab-tests.yaml when it
 * exists. */
static int
load_catalogue(struct portal_conf *pc, char *err, size_t errlen)
{
	const char *file = pc->lab_tests_file ? pc->lab_tests_file : "conf/lab-tests.yaml";
	if (pc->lab_tests_file == NULL && access(file, R_OK) != 0)
		return 0;
	yaml_document_t doc;
	if (load_doc(file, &doc, err, errlen) < 0)
		return -1;
	struct yctx c = { file, &doc, err, errlen, false };
	read_map(&c, yaml_document_get_root_node(&doc), &catalogue_schema, (char *)pc, "");
	yaml_document_delete(&doc);
	if (c.failed)
		return -1;
	for (size_t i = 0; i < pc->nlab_tests; i++) {
		fill_languages(&pc->lab_tests[i].name);
		fill_languages(&pc->lab_tests[i].about);
	}
	return 0;
}

static struct portal_conf *
portal_load(const char *path, char *err, size_t errlen, bool with_clinics)
{
	yaml_document_t doc;
	if (load_doc(path, &doc, err, errlen) < 0)
		return NULL;
	struct portal_conf *pc = calloc(1, sizeof(*pc));
	if (pc == NULL)
		abort();
	pc->db_port = 3306;
	pc->db_timeout_s = 3;
	pc->workers = 2;
	pc->body_max = 1024 * 1024;
	pc->fields_max = 64;
	pc->field_max = 16 * 1024;
	pc->upload_max = 5 * 1024 * 1024;
	pc->notify_poll_s = 5;
	pc->notify_max_attempts = 8;
	struct yctx c = { path, &doc, err, errlen, false };
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	read_map(&c, root, &portal_schema, (char *)pc, "");
	if (!c.failed && pc->db_socket == NULL && pc->db_host == NULL)
		yerr(&c, root, "database: give either socket or host");
	if (!c.failed)
		check_urls(&c, root, pc);
	yaml_document_delete(&doc);
	if (c.failed) {
		conf_free(pc);
		return NULL;
	}
	pc->file = xstrdup(path);
	if (pc->db_app_host == NULL)
		pc->db_app_host = xstrdup("localhost");
	if (pc->db_admin_user == NULL) {
		/* The database's admin over the unix socket is the Unix user. */
		struct passwd *pw = getpwuid(geteuid());
		pc->db_admin_user = xstrdup(pw ? pw->pw_name : "root");
	}
	if (!with_clinics)
		return pc;

	DIR *d = opendir(pc->clinics_dir);
	if (d == NULL) {
		snprintf(err, errlen, "%s: paths.clinics '%s' cannot be opened: %s", path,
			pc->clinics_dir, strerror(errno));
		conf_free(pc);
		return NULL;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l > 5 && strcmp(e->d_name + l - 5, ".yaml") == 0 && e->d_name[0] != '.') {
			char **nn = realloc(names, (n + 1) * sizeof(*names));
			if (nn == NULL)
				abort();
			names = nn;
			names[n++] = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), by_name);
	pc->clinics = calloc(n ? n : 1, sizeof(*pc->clinics));
	if (pc->clinics == NULL)
		abort();
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char file[4096];
		snprintf(file, sizeof(file), "%s/%s", pc->clinics_dir, names[i]);
		if (rc == 0) {
			struct clinic *cl = conf_clinic_load(file, err, errlen);
			if (cl == NULL)
				rc = -1;
			else
				pc->clinics[pc->nclinics++] = cl;
		}
		free(names[i]);
	}
	free(names);
	if (rc == 0 && pc->nclinics == 0) {
		snprintf(err, errlen, "%s: no clinic files (*.yaml) in %s", path, pc->clinics_dir);
		rc = -1;
	}
	if (rc == 0)
		rc = load_catalogue(pc, err, errlen);
	if (rc < 0) {
		conf_free(pc);
		return NULL;
	}
	return pc;
}

struct portal_conf *
conf_load(const char *path, char *err, size_t errlen)
{
	return portal_load(path, err, errlen, true);
}

int
conf_check_file(const char *path, char *err, size_t errlen)
{
	yaml_document_t doc;
	if (load_doc(path, &doc, err, errlen) < 0)
		return -1;
	bool is_portal = has_key(&doc, yaml_document_get_root_node(&doc), "database");
	bool is_catalogue = has_key(&doc, yaml_document_get_root_node(&doc), "tests");
	yaml_document_delete(&doc);
	if (is_catalogue) {
		/* conf/lab-tests.yaml: the catalogue alone. */
		struct portal_conf pc = { .lab_tests_file = (char *)path };
		int rc = load_catalogue(&pc, err, errlen);
		free_fields(&catalogue_schema, (char *)&pc);
		return rc;
	}
	if (is_portal) {
		struct portal_conf *pc = portal_load(path, err, errlen, true);
		if (pc == NULL)
			return -1;
		conf_free(pc);
		return 0;
	}
	struct clinic *cl = conf_clinic_load(path, err, errlen);
	if (cl == NULL)
		return -1;
	conf_clinic_free(cl);
	return 0;
}

const struct clinic *
conf_clinic(const char *slug)
{
	for (size_t i = 0; portal_conf && i < portal_conf->nclinics; i++)
		if (strcmp(portal_conf->clinics[i]->slug, slug) == 0)
			return portal_conf->clinics[i];
	return NULL;
}

const char *
conf_default_path(void)
{
	const char *p = getenv("PORTAL_CONFIG");
	return p && *p ? p : "conf/portal.yaml";
}

const struct clinic_provider *
clinic_provider(const struct clinic *c, const char *key)
{
	for (size_t i = 0; key && i < c->nproviders; i++)
		if (strcmp(c->providers[i].key, key) == 0)
			return &c->providers[i];
	return NULL;
}

const struct clinic_location *
clinic_location(const struct clinic *c, const char *key)
{
	for (size_t i = 0; key && i < c->nlocations; i++)
		if (strcmp(c->locations[i].key, key) == 0)
			return &c->locations[i];
	return NULL;
}

const struct care_team *
clinic_care_team(const struct clinic *c, const char *key)
{
	for (size_t i = 0; key && i < c->ncare_teams; i++)
		if (strcmp(c->care_teams[i].key, key) == 0)
			return &c->care_teams[i];
	return NULL;
}

const struct message_topic *
clinic_topic(const struct clinic *c, const char *key)
{
	for (size_t i = 0; key && i < c->ntopics; i++)
		if (strcmp(c->topics[i].key, key) == 0)
			return &c->topics[i];
	return NULL;
}

const struct lab_test_info *
lab_test_info(const struct clinic *c, const char *loinc)
{
	for (size_t i = 0; loinc && c && i < c->nlab_tests; i++)
		if (strcmp(c->lab_tests[i].loinc, loinc) == 0)
			return &c->lab_tests[i];
	for (size_t i = 0; loinc && portal_conf && i < portal_conf->nlab_tests; i++)
		if (strcmp(portal_conf->lab_tests[i].loinc, loinc) == 0)
			return &portal_conf->lab_tests[i];
	return NULL;
}

int
result_delay_hours(const struct clinic *c, const char *category)
{
	for (size_t i = 0; category && i < c->nresult_delays; i++)
		if (strcmp(c->result_delays[i].category, category) == 0)
			return c->result_delays[i].hours;
	return 0;
}

bool
result_category_sensitive(const struct clinic *c, const char *category)
{
	for (size_t i = 0; category && i < c->sensitive_categories.n; i++)
		if (strcmp(c->sensitive_categories.items[i], category) == 0)
			return true;
	return false;
}

const struct appt_type *
clinic_appt_type(const struct clinic *c, const char *key)
{
	for (size_t i = 0; key && i < c->nappt_types; i++)
		if (strcmp(c->appt_types[i].key, key) == 0)
			return &c->appt_types[i];
	return NULL;
}

bool
appt_type_offered_by(const struct appt_type *t, const char *provider)
{
	for (size_t i = 0; provider && i < t->providers.n; i++)
		if (strcmp(t->providers.items[i], provider) == 0)
			return true;
	return false;
}

const char *
i18n_text_get(const struct i18n_text *t, enum lang lang)
{
	if (t->v[lang])
		return t->v[lang];
	for (int l = 0; l < LANG__MAX; l++)
		if (t->v[l])
			return t->v[l];
	return "";
}
