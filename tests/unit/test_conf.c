/* conf.c: clinic files and portal.yaml, their schemas and their messages. */
#include "unit.h"

#include <unistd.h>

/* The temporary directory of this run: clinic files under test are written
 * at its top, the clinics of portal.yaml go in <dir>/clinics. */
static char tmpdir[64];

static int
group_setup(void **state)
{
	/* The clinic switches are the features that cgi-bin/features.c declares. */
	if (portal_register_features() < 0)
		return -1;
	return unit_tmpdir_make(tmpdir, sizeof(tmpdir), "conf", "clinics");
}

static int
group_teardown(void **state)
{
	return unit_tmpdir_remove(tmpdir);
}

/* ------------------------------------------------------ building files */

/* A complete clinic file; the line numbers are those of the file. */
static const char *const clinic_lines[] = {
	/*  1 */ "slug: testclinic",
	/*  2 */ "name: Test Clinic",
	/*  3 */ "branding:",
	/*  4 */ "  primary_color: \"#0b5d7a\"",
	/*  5 */ "  accent_color: \"#8A4B00\"",
	/*  6 */ "  logo: /static/logos/test.svg",
	/*  7 */ "languages:",
	/*  8 */ "  default: es",
	/*  9 */ "  offered: [en, es]",
	/* 10 */ "timezone: America/Chicago",
	/* 11 */ "phone: \"(555) 010-2000\"",
	/* 12 */ "hours:",
	/* 13 */ "  - days: { en: Monday to Friday, es: lunes a viernes }",
	/* 14 */ "    open: \"08:00\"",
	/* 15 */ "    close: \"18:00\"",
	/* 16 */ "  - days: S\xc3\xa1" "bado",
	/* 17 */ "    open: \"09:00\"",
	/* 18 */ "    close: \"13:00\"",
	/* 19 */ "locations:",
	/* 20 */ "  - key: main",
	/* 21 */ "    name: Main Clinic",
	/* 22 */ "    address: 1 River Road",
	/* 23 */ "  - key: east",
	/* 24 */ "    name: East Clinic",
	/* 25 */ "    address: 45 Market Street",
	/* 26 */ "    phone: \"(555) 010-2100\"",
	/* 27 */ "care_teams:",
	/* 28 */ "  - key: family",
	/* 29 */ "    name: { en: Family Medicine, es: Medicina Familiar }",
	/* 30 */ "  - key: billing",
	/* 31 */ "    name: { en: Billing office }",
	/* 32 */ "providers:",
	/* 33 */ "  - key: chen",
	/* 34 */ "    name: Dr. Li Chen",
	/* 35 */ "    credentials: MD",
	/* 36 */ "    location: main",
	/* 37 */ "    care_team: family",
	/* 38 */ "  - key: okafor",
	/* 39 */ "    name: Grace Okafor",
	/* 40 */ "    location: east",
	/* 41 */ "features:",
	/* 42 */ "  messages: true",
	/* 43 */ "  appointments: false",
	/* 44 */ "  results: yes",
	/* 45 */ "  refills: off",
	/* 46 */ "security:",
	/* 47 */ "  idle_timeout_minutes: 20",
	/* 48 */ "messaging:",
	/* 49 */ "  response_time: { en: within 2 days, es: en 2 d\xc3\xad" "as }",
	/* 50 */ "  topics:",
	/* 51 */ "    - key: medical",
	/* 52 */ "      name: { en: Medical question }",
	/* 53 */ "      care_team: family",
	/* 54 */ "  urgent_phrases:",
	/* 55 */ "    en: [bleeding a lot, \"can't stop shaking\"]",
};
#define NLINES (sizeof(clinic_lines) / sizeof(clinic_lines[0]))

/* Replaces line `line` (1-based) with text (which may hold several lines,
 * or be NULL to delete the line). */
struct edit {
	int line;
	const char *text;
};

static void
build_clinic(struct buf *b, const struct edit *edits, size_t nedits)
{
	buf_init(b, 0);
	for (size_t i = 0; i < NLINES; i++) {
		const char *text = clinic_lines[i];
		for (size_t e = 0; e < nedits; e++)
			if (edits[e].line == (int)i + 1) {
				text = edits[e].text;
				break;
			}
		if (text) {
			buf_puts(b, text);
			buf_puts(b, "\n");
		}
	}
	assert_false(b->failed);
}

static void
path_in(char *out, size_t len, const char *name)
{
	snprintf(out, len, "%s/%s", tmpdir, name);
}

/* Writes the clinic file <tmpdir>/<name> with edits applied. */
static void
write_clinic(const char *name, const struct edit *edits, size_t nedits, char *path, size_t len)
{
	struct buf b;
	build_clinic(&b, edits, nedits);
	path_in(path, len, name);
	unit_write_file(path, b.data);
	buf_free(&b);
}

/* Loading path (portal.yaml when portal, else a clinic file) fails with a
 * message that begins "<path>:<line>: " (when line > 0) and contains
 * phrase; conf_check_file gives the same message. */
static void
expect_load_error(const char *path, bool portal, int line, const char *phrase)
{
	char err[1024] = "", again[1024] = "", prefix[600];
	void *loaded = portal ? (void *)conf_load(path, err, sizeof(err)) : (void *)conf_clinic_load(path, err, sizeof(err));
	if (loaded != NULL) {
		if (portal)
			conf_free(loaded);
		else
			conf_clinic_free(loaded);
		fail_msg("expected an error containing \"%s\", but %s loaded", phrase, portal ? "portal.yaml" : "the clinic");
	}
	if (line > 0) {
		snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
		assert_prefix(err, prefix);
	}
	assert_contains(err, phrase);
	assert_int_equal(conf_check_file(path, again, sizeof(again)), -1);
	assert_string_equal(err, again);
}

static void
expect_error_file(const char *path, int line, const char *phrase)
{
	expect_load_error(path, false, line, phrase);
	unlink(path);
}

static void
expect_error(const struct edit *edits, size_t nedits, int line, const char *phrase)
{
	char path[256];
	write_clinic("testclinic.yaml", edits, nedits, path, sizeof(path));
	expect_error_file(path, line, phrase);
}

/* The complete clinic file with edits applied, loaded; the test fails with
 * the message when it does not load. path gets the file's. */
static struct clinic *
load_clinic(const struct edit *edits, size_t nedits, char *path, size_t len)
{
	char err[1024] = "";
	write_clinic("testclinic.yaml", edits, nedits, path, len);
	struct clinic *cl = conf_clinic_load(path, err, sizeof(err));
	if (cl == NULL)
		fail_msg("%s", err);
	return cl;
}

#define EDITS(...) (const struct edit[]){ __VA_ARGS__ }, \
	(sizeof((const struct edit[]){ __VA_ARGS__ }) / sizeof(struct edit))

/* ---------------------------------------------------------- clinic: good */

static void
test_clinic_loads(void **state)
{
	char path[256], err[1024] = "";
	struct clinic *cl = load_clinic(NULL, 0, path, sizeof(path));

	assert_string_equal(cl->file, path);
	assert_string_equal(cl->slug, "testclinic");
	assert_string_equal(cl->name, "Test Clinic");
	assert_string_equal(cl->short_name, "Test Clinic");      /* defaults to name */
	assert_string_equal(cl->primary_color, "#0b5d7a");
	assert_string_equal(cl->accent_color, "#8A4B00");
	assert_string_equal(cl->logo, "/static/logos/test.svg");
	assert_int_equal(cl->default_lang, LANG_ES);
	assert_true(cl->offered[LANG_EN]);
	assert_true(cl->offered[LANG_ES]);
	assert_string_equal(cl->timezone, "America/Chicago");
	assert_string_equal(cl->phone, "(555) 010-2000");
	assert_null(cl->email);
	assert_null(cl->website);

	assert_int_equal(cl->nhours, 2);
	assert_string_equal(i18n_text_get(&cl->hours[0].days, LANG_EN), "Monday to Friday");
	assert_string_equal(i18n_text_get(&cl->hours[0].days, LANG_ES), "lunes a viernes");
	/* One text for every language. */
	assert_string_equal(i18n_text_get(&cl->hours[1].days, LANG_EN), "S\xc3\xa1" "bado");
	assert_string_equal(i18n_text_get(&cl->hours[1].days, LANG_ES), "S\xc3\xa1" "bado");
	assert_string_equal(cl->hours[0].open, "08:00");
	assert_string_equal(cl->hours[1].close, "13:00");

	assert_int_equal(cl->nlocations, 2);
	assert_string_equal(cl->locations[0].key, "main");
	assert_string_equal(cl->locations[0].address, "1 River Road");
	assert_null(cl->locations[0].phone);
	const struct clinic_location *east = clinic_location(cl, "east");
	assert_non_null(east);
	assert_string_equal(east->name, "East Clinic");
	assert_string_equal(east->phone, "(555) 010-2100");
	assert_null(clinic_location(cl, "west"));
	assert_null(clinic_location(cl, NULL));

	assert_int_equal(cl->ncare_teams, 2);
	assert_string_equal(i18n_text_get(&cl->care_teams[0].name, LANG_ES), "Medicina Familiar");
	/* Given in English only: shown in English to Spanish readers. */
	assert_string_equal(cl->care_teams[1].name.v[LANG_ES], "Billing office");
	assert_string_equal(i18n_text_get(&cl->care_teams[1].name, LANG_ES), "Billing office");

	assert_int_equal(cl->nproviders, 2);
	const struct clinic_provider *chen = clinic_provider(cl, "chen");
	assert_non_null(chen);
	assert_string_equal(chen->name, "Dr. Li Chen");
	assert_string_equal(chen->credentials, "MD");
	assert_string_equal(chen->location, "main");
	assert_string_equal(chen->care_team, "family");
	const struct clinic_provider *okafor = clinic_provider(cl, "okafor");
	assert_non_null(okafor);
	assert_null(okafor->credentials);
	assert_null(okafor->care_team);
	assert_null(clinic_provider(cl, "nobody"));

	assert_true(clinic_has(cl, "messages"));
	assert_false(clinic_has(cl, "appointments"));
	assert_true(clinic_has(cl, "results"));                 /* yes */
	assert_false(clinic_has(cl, "record"));                 /* absent */
	assert_false(clinic_has(cl, "refills"));                /* off */
	assert_false(clinic_has(cl, "billing"));
	assert_false(clinic_has(cl, "no-such-feature"));

	assert_int_equal(cl->idle_timeout_min, 20);
	assert_int_equal(cl->activation_days, 30);               /* default */
	conf_clinic_free(cl);

	assert_int_equal(conf_check_file(path, err, sizeof(err)), 0);
	unlink(path);
}

static void
test_clinic_defaults_and_options(void **state)
{
	char path[256];
	/* No security section; one language; enrolment and optional keys given. */
	struct clinic *cl = load_clinic(EDITS(
		{ 2, "name: Test Clinic\nshort_name: Test\nemail: front@test.example\nwebsite: https://test.example" },
		{ 8, "  default: en" },
		{ 9, "  offered: [en]" },
		{ 46, "enrolment:" },
		{ 47, "  activation_code_days: 7" }), path, sizeof(path));
	assert_int_equal(cl->idle_timeout_min, 15);
	assert_int_equal(cl->activation_days, 7);
	assert_int_equal(cl->default_lang, LANG_EN);
	assert_true(cl->offered[LANG_EN]);
	assert_false(cl->offered[LANG_ES]);
	assert_string_equal(cl->short_name, "Test");
	assert_string_equal(cl->email, "front@test.example");
	assert_string_equal(cl->website, "https://test.example");
	conf_clinic_free(cl);

	/* Neither section: both defaults. */
	cl = load_clinic(EDITS({ 46, NULL }, { 47, NULL }), path, sizeof(path));
	assert_int_equal(cl->idle_timeout_min, 15);
	assert_int_equal(cl->activation_days, 30);
	conf_clinic_free(cl);

	/* The limits of idle_timeout_minutes themselves. */
	static const int limits[] = { 2, 60 };
	for (size_t i = 0; i < 2; i++) {
		char line[64];
		snprintf(line, sizeof(line), "  idle_timeout_minutes: %d", limits[i]);
		cl = load_clinic(EDITS({ 47, line }), path, sizeof(path));
		assert_int_equal(cl->idle_timeout_min, limits[i]);
		conf_clinic_free(cl);
	}
	unlink(path);
}

/* --------------------------------------------------------- clinic: errors */

/* Edits that make the complete clinic file fail to load, with the line and
 * a phrase of the message. */
static const struct {
	const struct edit *edits;
	size_t nedits;
	int line;
	const char *phrase;
} clinic_errors[] = {
	/* Unknown keys; the message lists what is known there. */
	{ EDITS({ 6, "  logo_url: /static/logos/test.svg" }), 6, "unknown setting 'branding.logo_url'" },
	{ EDITS({ 35, "    credential: MD" }), 35, "unknown setting 'providers[1].credential'" },
	{ EDITS({ 11, "phone: \"(555) 010-2000\"\ncolour: red" }), 12, "unknown setting 'colour'" },
	{ EDITS({ 45, "  refils: off" }), 45, "known here: messages, appointments," },
	/* Booleans */
	{ EDITS({ 42, "  messages: yes please" }), 42, "features.messages: expected true or false, got 'yes please'" },
	{ EDITS({ 43, "  appointments: 1" }), 43, "features.appointments: expected true or false, got '1'" },
	{ EDITS({ 44, "  results: True" }), 44, "expected true or false, got 'True'" },
	{ EDITS({ 44, "  results: [true]" }), 44, "expected true or false" },
	/* Colours */
	{ EDITS({ 4, "  primary_color: \"#0b5d7\"" }), 4, "branding.primary_color: expected a colour like" },
	{ EDITS({ 5, "  accent_color: red" }), 5, "branding.accent_color: expected a colour like \"#0b5d7a\", got 'red'" },
	{ EDITS({ 4, "  primary_color: \"#0b5d7g\"" }), 4, "expected a colour" },
	{ EDITS({ 4, "  primary_color: \"0b5d7a0\"" }), 4, "expected a colour" },
	{ EDITS({ 4, "  primary_color: \"#0b5d7a0\"" }), 4, "expected a colour" },
	/* Whole numbers out of range */
	{ EDITS({ 47, "  idle_timeout_minutes: 1" }), 47,
		"security.idle_timeout_minutes: expected a whole number from 2 to 60, got '1'" },
	{ EDITS({ 47, "  idle_timeout_minutes: 61" }), 47,
		"security.idle_timeout_minutes: expected a whole number from 2 to 60, got '61'" },
	{ EDITS({ 47, "  idle_timeout_minutes: fifteen" }), 47, "got 'fifteen'" },
	{ EDITS({ 47, "  idle_timeout_minutes: 15.5" }), 47, "got '15.5'" },
	/* Missing settings: at the top, reported at the top map's first line;
	 * in a section, at the section's first line; in a list entry, at the
	 * entry's first line. */
	{ EDITS({ 11, NULL }), 1, "missing setting 'phone'" },
	{ EDITS({ 41, NULL }, { 42, NULL }, { 43, NULL }, { 44, NULL }, { 45, NULL }), 1, "missing setting 'features'" },
	{ EDITS({ 5, NULL }), 4, "missing setting 'branding.accent_color'" },
	{ EDITS({ 22, NULL }), 20, "missing setting 'locations[1].address'" },
	{ EDITS({ 40, NULL }), 38, "missing setting 'providers[2].location'" },
	/* Languages */
	{ EDITS({ 9, "  offered: [en]" }), 8, "languages.default 'es' is not in languages.offered" },
	{ EDITS({ 9, "  offered: [en, fr]" }), 9, "languages.offered: 'fr' is not a language of the portal" },
	{ EDITS({ 9, "  offered: []" }), 9, "expected a list of language codes" },
	{ EDITS({ 8, "  default: english" }), 8, "languages.default: expected a language code (en or es), got 'english'" },
	/* Time zones: a directory of zones is not a zone, nor is a way out of
	 * the directory, nor a regular file of it that is not zone data. */
	{ EDITS({ 10, "timezone: America/Atlantis" }), 10, "timezone 'America/Atlantis' is not a known time zone" },
	{ EDITS({ 10, "timezone: America" }), 10, "timezone 'America' is not a known time zone" },
	{ EDITS({ 10, "timezone: ../../../etc/passwd" }), 10, "is not a known time zone" },
	{ EDITS({ 10, "timezone: America/../../../../etc/passwd" }), 10, "is not a known time zone" },
	{ EDITS({ 10, "timezone: zone.tab" }), 10, "timezone 'zone.tab' is not a known time zone" },
	/* Keys that name nothing */
	{ EDITS({ 40, "    location: west" }), 40, "providers[2].location: no location has the key 'west'" },
	{ EDITS({ 37, "    care_team: nursing" }), 37, "providers[1].care_team: no care team has the key 'nursing'" },
	{ EDITS({ 53, "      care_team: nursing" }), 53, "messaging.topics[1].care_team: no care team has the key 'nursing'" },
	/* Keys used twice in a list */
	{ EDITS({ 23, "  - key: main" }), 23, "locations: key 'main' is used twice" },
	{ EDITS({ 30, "  - key: family" }, { 31, "    name: Family again" }), 30, "care_teams: key 'family' is used twice" },
	{ EDITS({ 38, "  - key: chen" }), 38, "providers: key 'chen' is used twice" },
	{ EDITS({ 53, "      care_team: family\n    - key: medical\n      name: Again\n      care_team: family" }), 54,
		"messaging.topics: key 'medical' is used twice" },
	/* Settings given twice */
	{ EDITS({ 11, "phone: \"(555) 010-2000\"\nname: Again" }), 12, "'name' is given twice" },
	{ EDITS({ 6, "  logo: /static/logos/test.svg\n  primary_color: \"#000000\"" }), 7,
		"'branding.primary_color' is given twice" },
	{ EDITS({ 45, "  refills: off\n  messages: false" }), 46, "'features.messages' is given twice" },
	/* Urgent phrases */
	{ EDITS({ 55, "    fr: [au secours]" }), 55, "'fr' is not a language of the portal" },
	{ EDITS({ 55, "    en: [x]" }), 55, "expected phrases of 2 to 80 characters" },
	/* Messages on, but nothing to write about. */
	{ EDITS({ 48, NULL }, { 49, NULL }, { 50, NULL }, { 51, NULL }, { 52, NULL }, { 53, NULL }, { 54, NULL },
		{ 55, NULL }),
		42, "features.messages is on: give messaging.topics" },
	/* YAML syntax */
	{ EDITS({ 20, "  - key: main: extra" }), 20, "YAML syntax: mapping values are not allowed" },
	{ EDITS({ 13, "  - days: { en: Monday to Friday, es: lunes a viernes" }), 14, "YAML syntax:" },
	{ EDITS({ 24, "\tname: East Clinic" }), 24, "YAML syntax:" },
	/* The slug: the file's name, and a key. */
	{ EDITS({ 1, "slug: otherclinic" }), 1, "slug 'otherclinic' does not match the file name (expected otherclinic.yaml)" },
	{ EDITS({ 1, "slug: TestClinic" }), 1, "slug: expected a key of lower-case letters, digits" },
	/* Hours */
	{ EDITS({ 14, "    open: \"24:00\"" }), 14, "hours[1].open: expected a time like" },
	{ EDITS({ 17, "    open: \"9:00\"" }), 17, "hours[2].open: expected a time like" },
	{ EDITS({ 12, "hours: []" }, { 13, NULL }, { 14, NULL }, { 15, NULL }, { 16, NULL }, { 17, NULL }, { 18, NULL }), 12,
		"hours: expected 1 to 14 entries, found 0" },
	/* A text in a language the portal does not have */
	{ EDITS({ 29, "    name: { en: Family Medicine, fr: Famille }" }), 29, "'fr' is not a language of the portal" },
	/* Strings and lists of the wrong shape */
	{ EDITS({ 2, "name: \"\"" }), 2, "name: expected a text value" },
	{ EDITS({ 19, "locations: main" }, { 20, NULL }, { 21, NULL }, { 22, NULL }, { 23, NULL }, { 24, NULL }, { 25, NULL },
		{ 26, NULL }), 19, "locations: expected a list" },
	{ EDITS({ 46, "security: 20" }, { 47, NULL }), 46, "security: expected a map of settings" },
};

static void
test_clinic_errors(void **state)
{
	for (size_t i = 0; i < sizeof(clinic_errors) / sizeof(clinic_errors[0]); i++)
		expect_error(clinic_errors[i].edits, clinic_errors[i].nedits, clinic_errors[i].line, clinic_errors[i].phrase);
}

static void
test_messaging(void **state)
{
	char path[256];
	struct clinic *cl = load_clinic(NULL, 0, path, sizeof(path));
	assert_int_equal(cl->ntopics, 1);
	assert_string_equal(cl->topics[0].care_team, "family");
	assert_string_equal(i18n_text_get(&cl->topics[0].name, LANG_ES), "Medical question");
	assert_string_equal(i18n_text_get(&cl->response_time, LANG_ES), "en 2 d\xc3\xad" "as");
	assert_int_equal(cl->urgent_phrases[LANG_EN].n, 2);
	assert_string_equal(cl->urgent_phrases[LANG_EN].items[1], "can't stop shaking");
	assert_int_equal(cl->urgent_phrases[LANG_ES].n, 0);
	assert_ptr_equal(clinic_topic(cl, "medical"), &cl->topics[0]);
	assert_null(clinic_topic(cl, "nope"));
	conf_clinic_free(cl);

	/* A language given twice: its last list counts. */
	cl = load_clinic(EDITS({ 55, "    en: [bleeding a lot, \"can't stop shaking\"]\n    en: [chest pain]" }),
		path, sizeof(path));
	assert_int_equal(cl->urgent_phrases[LANG_EN].n, 1);
	assert_string_equal(cl->urgent_phrases[LANG_EN].items[0], "chest pain");
	conf_clinic_free(cl);
	unlink(path);
}

static void
test_slug_mismatch(void **state)
{
	char path[256];
	/* The slug as a prefix of the file name is not enough. */
	write_clinic("testclinic-old.yaml", NULL, 0, path, sizeof(path));
	expect_error_file(path, 1, "slug 'testclinic' does not match the file name");
	write_clinic("testclinic.yml", NULL, 0, path, sizeof(path));
	expect_error_file(path, 1, "does not match the file name");
}

static void
test_other_errors(void **state)
{
	char path[256], err[1024];
	/* Not a map at the top */
	path_in(path, sizeof(path), "testclinic.yaml");
	unit_write_file(path, "- one\n- two\n");
	expect_error_file(path, 1, "expected a map of settings at the top");
	/* No file */
	path_in(path, sizeof(path), "missing.yaml");
	assert_null(conf_clinic_load(path, err, sizeof(err)));
	assert_prefix(err, path);
	assert_contains(err, "cannot open");
}

/* ------------------------------------------------------------ portal.yaml */

static void
write_portal(const char *extra_database, const char *limits, char *path, size_t len)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b,
		"database:\n"                                   /*  1 */
		"%s"                                            /*  2 */
		"  name: portal\n"                              /*  3 */
		"  user: portal_app\n"                          /*  4 */
		"paths:\n"                                      /*  5 */
		"  templates: templates\n"                      /*  6 */
		"  clinics: %s/clinics\n"                       /*  7 */
		"  secrets: var/secrets\n"                      /*  8 */
		"  common_passwords: conf/common-passwords.txt\n" /* 9 */
		"  run: var/run\n"                              /* 10 */
		"  static: static\n"                            /* 11 */
		"public_url: http://127.0.0.1:8080\n"           /* 12 */
		"workers: 4\n"                                  /* 13 */
		"limits:\n"                                     /* 14 */
		"%s",                                           /* 15 */
		extra_database, tmpdir, limits);
	path_in(path, len, "portal.yaml");
	unit_write_file(path, b.data);
	buf_free(&b);
}

static void
put_good_clinic(void)
{
	char path[256];
	write_clinic("clinics/testclinic.yaml", NULL, 0, path, sizeof(path));
}

static void
test_portal_loads(void **state)
{
	char path[256], err[1024] = "";
	put_good_clinic();
	write_portal("  socket: /run/mysqld/mysqld.sock\n",
		"  fields_max: 100\n  upload_max_bytes: 2097152\n", path, sizeof(path));
	struct portal_conf *pc = conf_load(path, err, sizeof(err));
	if (pc == NULL)
		fail_msg("%s", err);
	assert_string_equal(pc->file, path);
	assert_string_equal(pc->db_socket, "/run/mysqld/mysqld.sock");
	assert_null(pc->db_host);
	assert_string_equal(pc->db_name, "portal");
	assert_string_equal(pc->db_user, "portal_app");
	assert_string_equal(pc->templates_dir, "templates");
	assert_string_equal(pc->common_passwords, "conf/common-passwords.txt");
	assert_string_equal(pc->public_url, "http://127.0.0.1:8080");
	assert_int_equal(pc->workers, 4);
	assert_int_equal(pc->fields_max, 100);
	assert_int_equal(pc->upload_max, 2097152);
	/* Defaults */
	assert_int_equal(pc->db_port, 3306);
	assert_int_equal(pc->db_timeout_s, 3);
	assert_string_equal(pc->db_app_host, "localhost");
	assert_string_equal(pc->db_admin_user, "root");
	assert_int_equal(pc->body_max, 1024 * 1024);
	assert_int_equal(pc->field_max, 16 * 1024);
	assert_null(pc->clock_offset_file);
	/* The clinics */
	assert_int_equal(pc->nclinics, 1);
	assert_string_equal(pc->clinics[0]->slug, "testclinic");
	assert_int_equal(pc->clinics[0]->idle_timeout_min, 20);

	/* conf_clinic() looks in the loaded configuration. */
	portal_conf = pc;
	assert_ptr_equal(conf_clinic("testclinic"), pc->clinics[0]);
	assert_null(conf_clinic("riverside"));
	portal_conf = NULL;
	conf_free(pc);

	/* conf_check_file tells portal.yaml from a clinic file. */
	assert_int_equal(conf_check_file(path, err, sizeof(err)), 0);
}

static void
test_portal_host_and_port(void **state)
{
	char path[256], err[1024] = "";
	put_good_clinic();
	write_portal("  host: db.internal\n  port: 3307\n", "  body_max_bytes: 2048\n", path, sizeof(path));
	struct portal_conf *pc = conf_load(path, err, sizeof(err));
	if (pc == NULL)
		fail_msg("%s", err);
	assert_null(pc->db_socket);
	assert_string_equal(pc->db_host, "db.internal");
	assert_int_equal(pc->db_port, 3307);
	assert_int_equal(pc->body_max, 2048);
	conf_free(pc);
}

/* portal.yaml files that must not load: the database settings and what
 * follows "limits:" (line 14), with the line and a phrase of the message. */
static const struct {
	const char *database, *limits;
	int line;
	const char *phrase;
} portal_errors[] = {
	{ "", "  fields_max: 100\n", 1, "database: give either socket or host" },
	{ "  socket: /s\n", "  fields_max: 3\n", 15, "limits.fields_max: expected a whole number from 4 to 1000, got '3'" },
	{ "  socket: /s\n", "  fields_max: 1001\n", 15, "got '1001'" },
	{ "  socket: /s\n", "  body_max_bytes: 100\n", 15, "limits.body_max_bytes: expected a whole number from 1024 to" },
	{ "  socket: /s\n", "  upload_max_bytes: 67108865\n", 15, "limits.upload_max_bytes:" },
	{ "  socket: /s\n", "  fields_max: 100\n  colour: red\n", 16, "unknown setting 'limits.colour'" },
	{ "  socket: /s\n  port: 0\n", "  fields_max: 100\n", 3, "database.port: expected a whole number from 1 to 65535" },
	/* Notification transports are checked when the file is read, with the
	 * line of the culprit, not when the first message fails hours later. */
	{ "  socket: /s\n", "  fields_max: 100\nnotifications:\n  email:\n"
		"    smtp_url: http://mail.example.org\n    from: no-reply@riverside.example\n",
		18, "notifications.email.smtp_url: expected smtp://" },
	{ "  socket: /s\n", "  fields_max: 100\nnotifications:\n  email:\n"
		"    smtp_url: smtps://mail.example.org\n    from: Riverside Portal\n",
		19, "notifications.email.from: expected an address" },
	{ "  socket: /s\n", "  fields_max: 100\nnotifications:\n  sms:\n"
		"    url: ftp://sms.example.org\n    from: \"+15550100000\"\n",
		18, "notifications.sms.url: expected https://" },
};

static void
test_portal_errors(void **state)
{
	char path[256];
	put_good_clinic();
	for (size_t i = 0; i < sizeof(portal_errors) / sizeof(portal_errors[0]); i++) {
		write_portal(portal_errors[i].database, portal_errors[i].limits, path, sizeof(path));
		expect_load_error(path, true, portal_errors[i].line, portal_errors[i].phrase);
	}
}

static void
test_portal_notification_urls(void **state)
{
	char path[256], err[1024] = "";
	put_good_clinic();
	write_portal("  socket: /s\n", "  fields_max: 100\n"
		"notifications:\n"                                  /* 16 */
		"  email:\n"                                        /* 17 */
		"    smtp_url: smtp://mail.example.org:587\n"        /* 18 */
		"    from: \"Riverside <no-reply@riverside.example>\"\n" /* 19 */
		"  sms:\n"                                          /* 20 */
		"    url: https://sms.example.org/send\n"            /* 21 */
		"    from: \"+15550100000\"\n", path, sizeof(path));
	struct portal_conf *pc = conf_load(path, err, sizeof(err));
	if (pc == NULL)
		fail_msg("%s", err);
	conf_free(pc);
}

/* The appointments block, appended after line 55: its lines are 56 on. */
static const char *
appointments_block(char *out, size_t len, const char *minutes, const char *providers, const char *mode,
	const char *days, const char *to)
{
	snprintf(out, len, "%s\n"
		"appointments:\n"                                       /* 56 */
		"  reminder_hours: [48]\n"                              /* 57 */
		"  types:\n"                                            /* 58 */
		"    - key: follow_up\n"                                /* 59 */
		"      name: { en: Follow-up, es: Seguimiento }\n"      /* 60 */
		"      minutes: %s\n"                                   /* 61 */
		"      scheduling: self\n"                              /* 62 */
		"      providers: %s\n"                                 /* 63 */
		"      mode: %s\n"                                      /* 64 */
		"  availability:\n"                                     /* 65 */
		"    - { provider: chen, location: main, days: %s, from: \"08:00\", to: \"%s\" }", /* 66 */
		clinic_lines[54], minutes, providers, mode, days, to);
	return out;
}

static void
test_appointments_settings(void **state)
{
	char block[1500], path[256];
	appointments_block(block, sizeof(block), "20", "[chen, okafor]", "in_person", "[mon, wed]", "12:00");
	struct clinic *cl = load_clinic(EDITS({ 55, block }), path, sizeof(path));
	assert_int_equal(cl->nappt_types, 1);
	assert_string_equal(cl->appt_types[0].patients, "any");
	assert_true(appt_type_offered_by(&cl->appt_types[0], "okafor"));
	assert_false(appt_type_offered_by(&cl->appt_types[0], "nobody"));
	assert_int_equal(cl->availability[0].day_mask, 1u << 1 | 1u << 3);
	assert_int_equal(cl->nreminder_hours, 1);
	assert_int_equal(cl->reminder_hours[0], 48);
	assert_int_equal(cl->cancel_cutoff_hours, 24);
	assert_int_equal(cl->booking_horizon_days, 60);
	assert_ptr_equal(clinic_appt_type(cl, "follow_up"), &cl->appt_types[0]);
	conf_clinic_free(cl);

	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "22", "[chen]", "in_person", "[mon]", "12:00") }),
		61, "appointments.types[1].minutes: expected a multiple of 5");
	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "20", "[chen, nobody]", "in_person", "[mon]",
		"12:00") }), 63, "no provider has the key 'nobody'");
	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "20", "[chen]", "video", "[mon]", "12:00") }),
		59, "is a video visit: give appointments.telehealth.url");
	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "20", "[chen]", "in_person", "[mon, funday]",
		"12:00") }), 66, "'funday' is not a day");
	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "20", "[chen]", "in_person", "[mon]", "07:00") }),
		66, "to after from");
	/* A second type with the first one's key, after line 64. */
	expect_error(EDITS({ 55, appointments_block(block, sizeof(block), "20", "[chen]",
		"in_person\n    - key: follow_up\n      name: Again\n      minutes: 20\n      scheduling: self\n"
		"      providers: [chen]", "[mon]", "12:00") }), 65, "appointments.types: key 'follow_up' is used twice");
}

/* The results block: release delays, sensitive categories (defaults when
 * not given), and the clinic's own catalogue entries. */
static void
test_results_settings(void **state)
{
	char block[1000], path[256];
	snprintf(block, sizeof(block), "%s\n"
		"results:\n"                                                     /* 56 */
		"  release_delays:\n"                                            /* 57 */
		"    - { category: pathology, hours: 48 }\n"                     /* 58 */
		"  tests:\n"                                                     /* 59 */
		"    - { loinc: \"4548-4\", name: A1c, about: { en: Our words, es: Nuestras palabras } }", clinic_lines[54]);
	struct clinic *cl = load_clinic(EDITS({ 55, block }), path, sizeof(path));
	assert_int_equal(result_delay_hours(cl, "pathology"), 48);
	assert_int_equal(result_delay_hours(cl, "chemistry"), 0);
	assert_true(result_category_sensitive(cl, "hiv"));
	assert_true(result_category_sensitive(cl, "substance_use"));
	assert_false(result_category_sensitive(cl, "chemistry"));
	const struct lab_test_info *info = lab_test_info(cl, "4548-4");
	assert_non_null(info);
	assert_string_equal(i18n_text_get(&info->about, LANG_ES), "Nuestras palabras");
	assert_null(lab_test_info(cl, "0000-0"));
	conf_clinic_free(cl);

	snprintf(block, sizeof(block), "%s\nresults:\n  release_delays:\n    - { category: pathology, hours: 500 }",
		clinic_lines[54]);
	expect_error(EDITS({ 55, block }), 58, "hours: expected a whole number from 1 to 168");
}

/* <tmpdir>/portal.yaml with the clinics in dir, and no more than it needs. */
static void
write_portal_for(const char *dir, char *path)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b,
		"database:\n  socket: /s\n  name: portal\n  user: portal_app\n"
		"paths:\n  templates: templates\n  clinics: %s\n  secrets: s\n"
		"  common_passwords: c\n  run: r\n  static: st\n"
		"public_url: http://127.0.0.1:8080\n", dir);
	unit_write_file(path, b.data);
	buf_free(&b);
}

static void
test_portal_clinic_problems(void **state)
{
	char path[256], clinic[256], err[1024];
	/* A broken clinic stops the whole configuration, with its own message. */
	write_clinic("clinics/testclinic.yaml", EDITS({ 42, "  messages: maybe" }), clinic, sizeof(clinic));
	write_portal("  socket: /s\n", "  fields_max: 100\n", path, sizeof(path));
	assert_null(conf_load(path, err, sizeof(err)));
	char prefix[700];
	snprintf(prefix, sizeof(prefix), "%s:42: ", clinic);
	assert_prefix(err, prefix);
	assert_contains(err, "features.messages: expected true or false, got 'maybe'");
	put_good_clinic();

	/* A clinics directory that does not exist */
	char clinics[300];
	snprintf(clinics, sizeof(clinics), "%s/no-such-dir", tmpdir);
	write_portal_for(clinics, path);
	expect_load_error(path, true, 0, "cannot be opened");
	assert_null(conf_load(path, err, sizeof(err)));
	snprintf(prefix, sizeof(prefix), "%s: paths.clinics '%s' cannot be opened", path, clinics);
	assert_prefix(err, prefix);
	/* A clinics directory without any clinic file. */
	snprintf(clinics, sizeof(clinics), "%s/empty-clinics", tmpdir);
	mkdir(clinics, 0700);
	write_portal_for(clinics, path);
	expect_load_error(path, true, 0, "no clinic files (*.yaml) in");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clinic_loads),
		cmocka_unit_test(test_clinic_defaults_and_options),
		cmocka_unit_test(test_clinic_errors),
		cmocka_unit_test(test_slug_mismatch),
		cmocka_unit_test(test_other_errors),
		cmocka_unit_test(test_portal_loads),
		cmocka_unit_test(test_portal_host_and_port),
		cmocka_unit_test(test_messaging),
		cmocka_unit_test(test_portal_errors),
		cmocka_unit_test(test_portal_notification_urls),
		cmocka_unit_test(test_appointments_settings),
		cmocka_unit_test(test_results_settings),
		cmocka_unit_test(test_portal_clinic_problems),
	};
	return cmocka_run_group_tests_name("conf", tests, group_setup, group_teardown);
}
