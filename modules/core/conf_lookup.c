/* Lookups into the configuration that was read: a clinic by slug, its
 * providers, locations, teams, topics and types by key, the lab-test
 * catalogue, the texts of a language. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

bool
clinic_has(const struct clinic *c, const char *feature)
{
	int i = conf_feature_index(feature);
	return c && i >= 0 && c->features[i];
}

const char *
conf_secret_path(const char *setting, const char *name, char *out, size_t outlen)
{
	if (setting && *setting)
		snprintf(out, outlen, "%s", setting);
	else
		snprintf(out, outlen, "%s/%s", portal_conf ? portal_conf->secrets_dir : ".", name);
	return out;
}
