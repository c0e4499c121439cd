/*
 * Configuration: conf/portal.yaml and one conf/clinics/<slug>.yaml per
 * clinic, read with the schemas below (adding a setting is one line in a
 * schema), cross-checked (conf_check.c), and kept in portal_conf.
 */
#include "conf_yaml.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct portal_conf *portal_conf;

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

/* One key a feature, named by the application (conf_set_features). */
static struct ykey features_keys[CONF_FEATURES_MAX];
static struct yschema features_schema = { "features", features_keys, 0, sizeof(struct clinic) };

void
conf_set_features(const char *const *keys, size_t n)
{
	if (n > CONF_FEATURES_MAX)
		n = CONF_FEATURES_MAX;
	for (size_t i = 0; i < n; i++)
		features_keys[i] = (struct ykey){ keys[i], YK_BOOL, C(features) + i * sizeof(bool), false, 0, 0, NULL, 0 };
	features_schema.nkeys = n;
}

int
conf_feature_index(const char *key)
{
	for (size_t i = 0; key && i < features_schema.nkeys; i++)
		if (strcmp(features_keys[i].name, key) == 0)
			return (int)i;
	return -1;
}

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
	{ "body_max_bytes", YK_LONG, P(body_max), false, 1024, 64L * 1024 * 1024, NULL, 0 },
	{ "fields_max", YK_INT, P(fields_max), false, 4, 1000, NULL, 0 },
	{ "field_max_bytes", YK_LONG, P(field_max), false, 64, 1024 * 1024, NULL, 0 },
	{ "upload_max_bytes", YK_LONG, P(upload_max), false, 1024, 64L * 1024 * 1024, NULL, 0 },
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

void
conf_clinic_free(struct clinic *cl)
{
	if (cl == NULL)
		return;
	yconf_free_fields(&clinic_schema, (char *)cl);
	free(cl->file);
	free(cl);
}

struct clinic *
conf_clinic_load(const char *path, char *err, size_t errlen)
{
	yaml_document_t doc;
	if (yconf_load(path, &doc, err, errlen) < 0)
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
	yconf_read_map(&c, root, &clinic_schema, (char *)cl, "");
	if (!c.failed)
		conf_check_clinic(&c, cl, root);
	yaml_document_delete(&doc);
	if (c.failed) {
		conf_clinic_free(cl);
		return NULL;
	}
	cl->file = yconf_strdup(path);
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
	yconf_free_fields(&portal_schema, (char *)pc);
	yconf_free_fields(&catalogue_schema, (char *)pc);
	free(pc->file);
	free(pc);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
	if (yconf_load(file, &doc, err, errlen) < 0)
		return -1;
	struct yctx c = { file, &doc, err, errlen, false };
	yconf_read_map(&c, yaml_document_get_root_node(&doc), &catalogue_schema, (char *)pc, "");
	yaml_document_delete(&doc);
	if (c.failed)
		return -1;
	for (size_t i = 0; i < pc->nlab_tests; i++) {
		yconf_fill_languages(&pc->lab_tests[i].name);
		yconf_fill_languages(&pc->lab_tests[i].about);
	}
	return 0;
}

static struct portal_conf *
portal_load(const char *path, char *err, size_t errlen, bool with_clinics)
{
	yaml_document_t doc;
	if (yconf_load(path, &doc, err, errlen) < 0)
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
	yconf_read_map(&c, root, &portal_schema, (char *)pc, "");
	if (!c.failed && pc->db_socket == NULL && pc->db_host == NULL)
		yconf_error(&c, root, "database: give either socket or host");
	if (!c.failed)
		conf_check_urls(&c, root, pc);
	yaml_document_delete(&doc);
	if (c.failed) {
		conf_free(pc);
		return NULL;
	}
	pc->file = yconf_strdup(path);
	if (pc->db_app_host == NULL)
		pc->db_app_host = yconf_strdup("localhost");
	if (pc->db_admin_user == NULL) {
		/* The database's admin over the unix socket is the Unix user. */
		struct passwd *pw = getpwuid(geteuid());
		pc->db_admin_user = yconf_strdup(pw ? pw->pw_name : "root");
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
			names[n++] = yconf_strdup(e->d_name);
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
	if (yconf_load(path, &doc, err, errlen) < 0)
		return -1;
	bool is_portal = yconf_has_key(&doc, yaml_document_get_root_node(&doc), "database");
	bool is_catalogue = yconf_has_key(&doc, yaml_document_get_root_node(&doc), "tests");
	yaml_document_delete(&doc);
	if (is_catalogue) {
		/* conf/lab-tests.yaml: the catalogue alone. */
		struct portal_conf pc = { .lab_tests_file = (char *)path };
		int rc = load_catalogue(&pc, err, errlen);
		yconf_free_fields(&catalogue_schema, (char *)&pc);
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
