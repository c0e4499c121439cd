/* Cross-checks of the configuration that a schema cannot express: keys
 * that refer to other keys, keys used twice, time zones that exist, grids
 * of 5 minutes, addresses with the right scheme; and the defaults that
 * depend on what else a file says. */
#include "conf_yaml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static bool
one_of(const char *s, const char *const *choices)
{
	for (; *choices; choices++)
		if (strcmp(s, *choices) == 0)
			return true;
	return false;
}

/* Whether entry i of a list in a clinic file repeats the key of an earlier
 * entry (the string at key_at in entries of size bytes); reported at entry
 * i's key. path is where the list stands ("messaging.topics"), parent the
 * map that holds it. */
static bool
key_used_twice(struct yctx *c, yaml_node_t *parent, const char *path, const void *list, size_t size,
	size_t key_at, size_t i)
{
	const char *entries = list;
	const char *key = *(char *const *)(entries + i * size + key_at);
	for (size_t j = 0; j < i; j++)
		if (strcmp(key, *(char *const *)(entries + j * size + key_at)) == 0) {
			const char *name = strrchr(path, '.');
			yconf_error(c, yconf_at(c, parent, name ? name + 1 : path, i, "key"), "%s: key '%s' is used twice",
				path, key);
			return true;
		}
	return false;
}

#define KEY_USED_TWICE(c, parent, path, type, list, i) \
	key_used_twice((c), (parent), (path), (list), sizeof(type), offsetof(type, key), (i))

/* The appointments block: references, grid and lists. */
static void
check_appointments(struct yctx *c, struct clinic *cl, yaml_node_t *root)
{
	static const char *const patients[] = { "new", "established", "any", NULL };
	static const char *const modes[] = { "in_person", "video", NULL };
	static const char *const schedulings[] = { "self", "request", NULL };
	static const char *const days[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	yaml_node_t *ap = yconf_at(c, root, "appointments", 0, NULL);
	for (size_t i = 0; i < cl->nappt_types; i++) {
		struct appt_type *t = &cl->appt_types[i];
		yaml_node_t *tn = yconf_at(c, ap, "types", i, "key");
		if (KEY_USED_TWICE(c, ap, "appointments.types", struct appt_type, cl->appt_types, i))
			return;
		if (t->minutes % 5 != 0) {
			yconf_error(c, yconf_at(c, ap, "types", i, "minutes"), "appointments.types[%zu].minutes: expected a multiple of 5",
				i + 1);
			return;
		}
		if (t->patients == NULL)
			t->patients = yconf_strdup("any");
		if (t->mode == NULL)
			t->mode = yconf_strdup("in_person");
		if (!one_of(t->patients, patients) || !one_of(t->mode, modes) || !one_of(t->scheduling, schedulings)) {
			yconf_error(c, tn, "appointments.types[%zu]: patients is new, established or any; mode is in_person or"
				" video; scheduling is self or request", i + 1);
			return;
		}
		for (size_t j = 0; j < t->providers.n; j++)
			if (clinic_provider(cl, t->providers.items[j]) == NULL) {
				yconf_error(c, yconf_at(c, ap, "types", i, "providers"),
					"appointments.types[%zu].providers: no provider has the key '%s'", i + 1,
					t->providers.items[j]);
				return;
			}
		yconf_fill_languages(&t->name);
		if (t->instructions.v[LANG_EN] || t->instructions.v[LANG_ES])
			yconf_fill_languages(&t->instructions);
		if (strcmp(t->mode, "video") == 0 && cl->telehealth_url == NULL) {
			yconf_error(c, tn, "appointments.types[%zu] is a video visit: give appointments.telehealth.url", i + 1);
			return;
		}
	}
	for (size_t i = 0; i < cl->navailability; i++) {
		struct appt_availability *a = &cl->availability[i];
		yaml_node_t *an = yconf_at(c, ap, "availability", i, "provider");
		if (clinic_provider(cl, a->provider) == NULL) {
			yconf_error(c, an, "appointments.availability[%zu].provider: no provider has the key '%s'", i + 1,
				a->provider);
			return;
		}
		if (clinic_location(cl, a->location) == NULL) {
			yconf_error(c, yconf_at(c, ap, "availability", i, "location"),
				"appointments.availability[%zu].location: no location has the key '%s'", i + 1, a->location);
			return;
		}
		for (size_t j = 0; j < a->days.n; j++) {
			int d = 0;
			while (d < 7 && strcmp(days[d], a->days.items[j]) != 0)
				d++;
			if (d == 7) {
				yconf_error(c, yconf_at(c, ap, "availability", i, "days"),
					"appointments.availability[%zu].days: '%s' is not a day (mon, tue, wed, thu, fri, sat, sun)",
					i + 1, a->days.items[j]);
				return;
			}
			a->day_mask |= 1u << d;
		}
		int from = clock_parse_hhmm(a->from), to = clock_parse_hhmm(a->to);
		if (from % 5 || to % 5 || to <= from) {
			yconf_error(c, yconf_at(c, ap, "availability", i, "to"),
				"appointments.availability[%zu]: from and to are on 5-minute marks, to after from", i + 1);
			return;
		}
	}
	for (size_t i = 0; i < cl->reminder_hours_text.n; i++) {
		long long h;
		if (valid_int(cl->reminder_hours_text.items[i], 1, 336, &h) < 0) {
			yconf_error(c, yconf_at(c, ap, "reminder_hours", 0, NULL),
				"appointments.reminder_hours: expected hours from 1 to 336, like [72, 24]");
			return;
		}
		cl->reminder_hours[cl->nreminder_hours++] = (int)h;
	}
	/* Not given: three days and one day before; [] turns reminders off. */
	if (ap == root || !yconf_has_key(c->doc, ap, "reminder_hours")) {
		cl->reminder_hours[0] = 72;
		cl->reminder_hours[1] = 24;
		cl->nreminder_hours = 2;
	}
	if (cl->telehealth_url && (strncmp(cl->telehealth_url, "https://", 8) != 0 ||
	    strstr(cl->telehealth_url, "{room}") == NULL)) {
		yconf_error(c, yconf_at(c, yconf_at(c, ap, "telehealth", 0, NULL), "url", 0, NULL),
			"appointments.telehealth.url: expected an https:// address with {room} in it");
		return;
	}
}

void
conf_check_clinic(struct yctx *c, struct clinic *cl, yaml_node_t *root)
{
	const char *base = strrchr(c->file, '/');
	base = base ? base + 1 : c->file;
	size_t sl = strlen(cl->slug);
	if (strncmp(base, cl->slug, sl) != 0 || strcmp(base + sl, ".yaml") != 0) {
		yconf_error(c, yconf_at(c, root, "slug", 0, NULL), "slug '%s' does not match the file name (expected %s.yaml)",
			cl->slug, cl->slug);
		return;
	}
	if (!cl->offered[cl->default_lang]) {
		yconf_error(c, yconf_at(c, root, "languages", 0, NULL), "languages.default '%s' is not in languages.offered",
			lang_codes[cl->default_lang]);
		return;
	}
	if (!is_time_zone(cl->timezone)) {
		yconf_error(c, yconf_at(c, root, "timezone", 0, NULL), "timezone '%s' is not a known time zone (like America/Chicago)",
			cl->timezone);
		return;
	}
	for (size_t i = 0; i < cl->nlocations; i++)
		if (KEY_USED_TWICE(c, root, "locations", struct clinic_location, cl->locations, i))
			return;
	for (size_t i = 0; i < cl->ncare_teams; i++)
		if (KEY_USED_TWICE(c, root, "care_teams", struct care_team, cl->care_teams, i))
			return;
	for (size_t i = 0; i < cl->nproviders; i++) {
		const struct clinic_provider *p = &cl->providers[i];
		if (KEY_USED_TWICE(c, root, "providers", struct clinic_provider, cl->providers, i))
			return;
		if (clinic_location(cl, p->location) == NULL) {
			yconf_error(c, yconf_at(c, root, "providers", i, "location"), "providers[%zu].location: no location has the key '%s'",
				i + 1, p->location);
			return;
		}
		if (p->care_team && clinic_care_team(cl, p->care_team) == NULL) {
			yconf_error(c, yconf_at(c, root, "providers", i, "care_team"),
				"providers[%zu].care_team: no care team has the key '%s'", i + 1, p->care_team);
			return;
		}
	}
	yaml_node_t *messaging = yconf_at(c, root, "messaging", 0, NULL);
	for (size_t i = 0; i < cl->ntopics; i++) {
		if (KEY_USED_TWICE(c, messaging, "messaging.topics", struct message_topic, cl->topics, i))
			return;
		if (clinic_care_team(cl, cl->topics[i].care_team) == NULL) {
			yconf_error(c, yconf_at(c, messaging, "topics", i, "care_team"),
				"messaging.topics[%zu].care_team: no care team has the key '%s'", i + 1,
				cl->topics[i].care_team);
			return;
		}
	}
	check_appointments(c, cl, root);
	if (c->failed)
		return;
	if (clinic_has(cl, "messages") && cl->ntopics == 0) {
		yconf_error(c, yconf_at(c, yconf_at(c, root, "features", 0, NULL), "messages", 0, NULL),
			"features.messages is on: give messaging.topics (and messaging.response_time)");
		return;
	}
	/* Texts given in one language only are shown in it in the other. */
	for (size_t i = 0; i < cl->nhours; i++)
		yconf_fill_languages(&cl->hours[i].days);
	for (size_t i = 0; i < cl->ncare_teams; i++)
		yconf_fill_languages(&cl->care_teams[i].name);
	for (size_t i = 0; i < cl->ntopics; i++)
		yconf_fill_languages(&cl->topics[i].name);
	for (size_t i = 0; i < cl->nreply_templates; i++) {
		yconf_fill_languages(&cl->reply_templates[i].name);
		yconf_fill_languages(&cl->reply_templates[i].text);
	}
	if (cl->response_time.v[LANG_EN] || cl->response_time.v[LANG_ES])
		yconf_fill_languages(&cl->response_time);
	if (cl->short_name == NULL)
		cl->short_name = yconf_strdup(cl->name);
	for (size_t i = 0; i < cl->nlab_tests; i++) {
		yconf_fill_languages(&cl->lab_tests[i].name);
		yconf_fill_languages(&cl->lab_tests[i].about);
	}
	/* Not given: the categories a proxy must not see without more rules. */
	if (!yconf_has_key(c->doc, root, "results") || !yconf_has_key(c->doc, yconf_at(c, root, "results", 0, NULL), "sensitive_categories")) {
		static const char *const defaults[] = { "hiv", "pregnancy", "mental_health", "substance_use" };
		cl->sensitive_categories.items = calloc(4, sizeof(char *));
		if (cl->sensitive_categories.items == NULL)
			abort();
		for (size_t i = 0; i < 4; i++)
			cl->sensitive_categories.items[cl->sensitive_categories.n++] = yconf_strdup(defaults[i]);
	}
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
void
conf_check_urls(struct yctx *c, yaml_node_t *root, const struct portal_conf *pc)
{
	if (!has_scheme(pc->public_url, "https://", "http://"))
		yconf_error(c, yconf_at(c, root, "public_url", 0, NULL), "public_url: expected https://host (or http:// for development)");
	yaml_node_t *notif = yconf_at(c, root, "notifications", 0, NULL);
	if (pc->smtp_url && !has_scheme(pc->smtp_url, "smtp://", "smtps://"))
		yconf_error(c, yconf_at(c, yconf_at(c, notif, "email", 0, NULL), "smtp_url", 0, NULL), "notifications.email.smtp_url: expected smtp://host:port or smtps://host:port");
	if (pc->mail_from) {
		const char *lt = strrchr(pc->mail_from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		char addr[256];
		if (lt && gt)
			snprintf(addr, sizeof(addr), "%.*s", (int)(gt - lt - 1 < 255 ? gt - lt - 1 : 255), lt + 1);
		else
			snprintf(addr, sizeof(addr), "%s", pc->mail_from);
		if (valid_email(addr) < 0)
			yconf_error(c, yconf_at(c, yconf_at(c, notif, "email", 0, NULL), "from", 0, NULL),
				"notifications.email.from: expected an address, or \"Name <address>\"");
	}
	if (pc->sms_url && !has_scheme(pc->sms_url, "https://", "http://"))
		yconf_error(c, yconf_at(c, yconf_at(c, notif, "sms", 0, NULL), "url", 0, NULL), "notifications.sms.url: expected https://host/path");
}
