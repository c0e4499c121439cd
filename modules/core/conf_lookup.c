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

/* The entry of a list read from the configuration whose name (the string
 * at name_at in each entry of size bytes) is name; NULL when there is none
 * or name is NULL. */
static const void *
find_entry(const void *list, size_t n, size_t size, size_t name_at, const char *name)
{
	const char *entry = list;
	for (size_t i = 0; name && i < n; i++, entry += size)
		if (strcmp(*(char *const *)(entry + name_at), name) == 0)
			return entry;
	return NULL;
}

#define FIND_ENTRY(type, list, n, member, name) \
	((const type *)find_entry((list), (n), sizeof(type), offsetof(type, member), (name)))

static bool
phrase_list_has(const struct phrase_list *l, const char *s)
{
	return find_entry(l->items, l->n, sizeof(*l->items), 0, s) != NULL;
}

/* clinic_provider, clinic_location, clinic_care_team, clinic_topic and
 * clinic_appt_type: the entry of one of a clinic's lists by its key. */
#define CLINIC_LOOKUP(fn, type, list, n) \
	const type * \
	fn(const struct clinic *c, const char *key) \
	{ \
		return FIND_ENTRY(type, c->list, c->n, key, key); \
	}

CLINIC_LOOKUP(clinic_provider, struct clinic_provider, providers, nproviders)
CLINIC_LOOKUP(clinic_location, struct clinic_location, locations, nlocations)
CLINIC_LOOKUP(clinic_care_team, struct care_team, care_teams, ncare_teams)
CLINIC_LOOKUP(clinic_topic, struct message_topic, topics, ntopics)
CLINIC_LOOKUP(clinic_appt_type, struct appt_type, appt_types, nappt_types)

const struct lab_test_info *
lab_test_info(const struct clinic *c, const char *loinc)
{
	const struct lab_test_info *info = NULL;
	if (c)
		info = FIND_ENTRY(struct lab_test_info, c->lab_tests, c->nlab_tests, loinc, loinc);
	if (info == NULL && portal_conf)
		info = FIND_ENTRY(struct lab_test_info, portal_conf->lab_tests, portal_conf->nlab_tests, loinc, loinc);
	return info;
}

int
result_delay_hours(const struct clinic *c, const char *category)
{
	const struct result_delay *d = FIND_ENTRY(struct result_delay, c->result_delays, c->nresult_delays,
		category, category);
	return d ? d->hours : 0;
}

bool
result_category_sensitive(const struct clinic *c, const char *category)
{
	return phrase_list_has(&c->sensitive_categories, category);
}

bool
appt_type_offered_by(const struct appt_type *t, const char *provider)
{
	return phrase_list_has(&t->providers, provider);
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
