/*
 * The core layer: everything that needs no request. Memory (arenas and
 * growable buffers), the names of languages and roles, the error log, the
 * clock, cryptography, secrets on disk, validators of plain values, and the
 * configuration (a YAML reader, the schemas of portal.yaml and the clinic
 * files, their cross-checks, and lookups into what was read).
 *
 * Layers, lowest first (modules/README.md): core, base, services, domain,
 * loop. A file includes the header of its own layer or of a lower one, never
 * of a higher one; tests/layers checks it on every `make test`.
 */
#ifndef PORTAL_CORE_H
#define PORTAL_CORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* ------------------------------------------------------------ languages */
enum lang { LANG_EN, LANG_ES, LANG__MAX };
extern const char *const lang_codes[LANG__MAX];   /* "en", "es" */
int lang_from_code(const char *code);               /* -1 when unknown */

/* ---------------------------------------------------------------- roles */
enum role {
	ROLE_PATIENT,
	ROLE_PROVIDER,
	ROLE_NURSE,
	ROLE_FRONT_DESK,
	ROLE_BILLING,
	ROLE_CLINIC_ADMIN,
	ROLE__MAX
};
extern const char *const role_names[ROLE__MAX];     /* as stored in users.role */
int role_from_name(const char *name);               /* -1 when unknown */

#define ROLE_BIT(r) (1u << (r))
#define ACCESS_PUBLIC 0u
#define ACCESS_PATIENT ROLE_BIT(ROLE_PATIENT)
#define ACCESS_STAFF (ROLE_BIT(ROLE_PROVIDER) | ROLE_BIT(ROLE_NURSE) | \
	ROLE_BIT(ROLE_FRONT_DESK) | ROLE_BIT(ROLE_BILLING) | ROLE_BIT(ROLE_CLINIC_ADMIN))
#define ACCESS_CLINICAL (ROLE_BIT(ROLE_PROVIDER) | ROLE_BIT(ROLE_NURSE))
#define ACCESS_ADMIN ROLE_BIT(ROLE_CLINIC_ADMIN)
#define ACCESS_SIGNED_IN (ACCESS_PATIENT | ACCESS_STAFF)

/* ---------------------------------------------------------------- arena */
/* Memory that lives until the arena is reset: one per request. */
struct arena;
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);      /* NULL when out of memory */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_reset(struct arena *a);     /* keeps the first chunk for reuse */
void arena_free(struct arena *a);

/* ----------------------------------------------------- growable buffer */
struct buf {
	char *data;
	size_t len, cap;
	size_t max;            /* 0 = unlimited; appends past it fail */
	bool failed;
};
void buf_init(struct buf *b, size_t max);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* ------------------------------------------------------------------ log */
/* One line on stderr, "program[pid]: text". Callers never pass health
 * data, form values or tokens: only names and codes. */
void log_set_program(const char *name);
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---------------------------------------------------------------- clock */
/* Wall-clock time plus the test offset (only when a file for it is set,
 * from portal.yaml's testing.clock_offset_file). Every time the portal
 * compares comes from here. */
time_t clock_now(void);
void clock_set_offset_file(const char *path);
void clock_refresh(void);              /* re-reads the offset file */
/* "YYYY-MM-DD HH:MM:SS" in UTC, as stored in DATETIME columns. */
void clock_sql(time_t t, char out[20]);
int clock_parse_sql(const char *s, time_t *out);
/* Broken-down local time in a time zone ("America/Chicago"). */
void clock_local(const char *tz, time_t t, struct tm *out);
/* The instant of a local wall-clock time in a zone (a time skipped by a
 * daylight-saving change is taken as the instant after it). */
time_t clock_from_local(const char *tz, int year, int mon, int day, int hour, int min);
/* "HH:MM" (00:00 to 23:59) as minutes of the day, or -1. */
int clock_parse_hhmm(const char *s);

/* --------------------------------------------------------------- crypto */
int crypto_random(unsigned char *buf, size_t len);
void crypto_sha256(const void *data, size_t len, unsigned char out[32]);
void crypto_sha256_hex(const void *data, size_t len, char out[65]);
void crypto_hex(const unsigned char *in, size_t len, char *out);   /* out: 2 * len + 1 */
/* HMAC-SHA256 keyed with the installation's secret key. */
void crypto_hmac(const void *data, size_t len, unsigned char out[32]);
int crypto_load_key(const char *secrets_dir);
void crypto_set_key(const unsigned char key[32]);    /* unit tests */
bool crypto_have_key(void);
void crypto_base64url(const unsigned char *in, size_t len, char *out); /* out: 4*ceil(len/3)+1 */
bool crypto_equal(const void *a, const void *b, size_t len);   /* constant time */
bool crypto_str_equal(const char *a, const char *b);           /* constant time on content */
void crypto_cleanse(void *p, size_t len);

/* The first line of a secret file (a password, a token) in malloc'd
 * memory, or NULL when the path is empty or unreadable. Free it with
 * secret_free, which wipes it first. */
char *secret_read(const char *path);
void secret_free(char *secret);
/* A whole file of at most max bytes in malloc'd memory, NUL-terminated;
 * NULL when it cannot be read or is larger. */
char *file_read(const char *path, size_t max, size_t *len);
/* The entries of a list file (the common passwords, the urgent phrases):
 * each line without its line end, blank lines and '#' comments skipped,
 * handed to each with its line number until each returns non-zero, which
 * is then returned (0 when every line was taken). -1 when the file cannot
 * be opened, logged with what the list is ("urgent-phrase list"). */
int list_file_each(const char *path, const char *what, int (*each)(char *line, int lineno, void *arg), void *arg);

/* ---------------------------------------------------------- validation */
/* Pure checks of one value; 0 when it passes, -1 when not. */
int valid_int(const char *s, long long min, long long max, long long *out);
int valid_date(const char *s, int *y, int *m, int *d);
int valid_email(const char *s);
int valid_utf8_text(const char *s, size_t len, long long min, long long max, bool multiline);
int valid_token(const char *s, long long min, long long max);
/* A phone number people can dial: digits with the usual punctuation, 10
 * digits (a US number, with an optional leading 1) or +country and 8 to 15
 * digits. out gets it as +<digits> (E.164). */
#define PHONE_E164_MAX 18         /* "+", 15 digits, NUL; and room the compiler can prove */
int valid_phone(const char *s, char out[PHONE_E164_MAX]);
/* An amount of dollars: "12", "12.5", "1,234.56", "$12.00"; out in cents. */
int valid_money(const char *s, long long min_cents, long long max_cents, long long *out);
/* The type of an uploaded file judged by its content, not its name or the
 * browser's word: "application/pdf", "image/jpeg", "image/png" or NULL. */
const char *valid_attachment_type(const unsigned char *data, size_t len);

/* --------------------------------------------------------------- config */
/* A string given per language in YAML ("text" or {en: .., es: ..}). */
struct i18n_text {
	char *v[LANG__MAX];
};
const char *i18n_text_get(const struct i18n_text *t, enum lang lang);

struct clinic_hours {
	struct i18n_text days;
	char *open;            /* "HH:MM" */
	char *close;
};

struct clinic_location {
	char *key;
	char *name;
	char *address;
	char *phone;
};

struct clinic_provider {
	char *key;
	char *name;
	char *credentials;
	char *location;        /* key of a location */
	char *care_team;       /* key of a care team */
};

struct care_team {
	char *key;
	struct i18n_text name;
	char *alert_email;
};

/* A messaging topic: what the patient picks; routed to a care team. */
struct message_topic {
	char *key;
	struct i18n_text name;
	char *care_team;
};

/* A staff reply template; "{first_name}" is replaced by the patient's. */
struct reply_template {
	char *key;
	struct i18n_text name;
	struct i18n_text text;
};

struct phrase_list {
	char **items;
	size_t n;
};

/* An appointment type: what a patient books (or asks for). */
struct appt_type {
	char *key;
	struct i18n_text name;
	int minutes;           /* a multiple of 5 */
	char *patients;        /* "new", "established" or "any" */
	char *mode;            /* "in_person" or "video" */
	char *scheduling;      /* "self": books an open slot; "request": staff confirm */
	struct phrase_list providers;   /* keys of the providers who offer it */
	struct i18n_text instructions;  /* shown with the visit (optional) */
};

/* What a lab test is, in plain words (a catalogue keyed by LOINC code). */
struct lab_test_info {
	char *loinc;
	struct i18n_text name;
	struct i18n_text about;
};

/* A release delay for one category of results, where clinic policy and
 * the information-blocking rules allow one. */
struct result_delay {
	char *category;
	int hours;
};

/* A provider's weekly hours at one location: open slots come from these,
 * minus exceptions (staff area) and booked visits. */
struct appt_availability {
	char *provider;
	char *location;
	struct phrase_list days;        /* mon tue wed thu fri sat sun */
	char *from;            /* "HH:MM", local time */
	char *to;
	unsigned day_mask;     /* bit 0 = Sunday, as tm_wday */
};

/* The clinic switches (features.<key> in a clinic file) are the features
 * the application declares (cgi-bin/features.c); conf_set_features names
 * them before any file is read. */
#define CONF_FEATURES_MAX 24

struct clinic {
	char *file;            /* the YAML it came from, for messages */
	char *slug;
	char *name;
	char *short_name;
	char *primary_color;   /* "#rrggbb" */
	char *accent_color;
	char *logo;            /* URL path of the logo */
	enum lang default_lang;
	bool offered[LANG__MAX];
	char *timezone;
	char *phone;
	char *email;
	char *website;
	struct clinic_hours *hours;
	size_t nhours;
	struct clinic_location *locations;
	size_t nlocations;
	struct clinic_provider *providers;
	size_t nproviders;
	struct care_team *care_teams;
	size_t ncare_teams;
	bool features[CONF_FEATURES_MAX];          /* by conf_feature_index() */
	struct i18n_text response_time;            /* "within 2 business days" */
	struct message_topic *topics;
	size_t ntopics;
	struct reply_template *reply_templates;
	size_t nreply_templates;
	struct phrase_list urgent_phrases[LANG__MAX];  /* added to the defaults */
	/* appointments */
	struct appt_type *appt_types;
	size_t nappt_types;
	struct appt_availability *availability;
	size_t navailability;
	int booking_horizon_days;    /* how far ahead patients may book */
	int min_lead_hours;          /* the soonest a patient may book */
	int cancel_cutoff_hours;     /* after this, cancel by phone */
	struct phrase_list reminder_hours_text;
	int reminder_hours[4];       /* lead times of reminders, in hours */
	size_t nreminder_hours;
	int checkin_opens_hours;     /* e-check-in opens this long before */
	int waitlist_offer_minutes;  /* how long an offered slot is held */
	char *telehealth_url;        /* "https://video.example/{room}" */
	int telehealth_join_minutes; /* the join link opens this long before */
	/* results */
	struct result_delay *result_delays;
	size_t nresult_delays;
	struct phrase_list sensitive_categories;   /* flagged for later proxy rules */
	struct lab_test_info *lab_tests;           /* the clinic's additions to the catalogue */
	size_t nlab_tests;
	int idle_timeout_min;  /* minutes of inactivity before sign-out */
	int activation_days;   /* lifetime of an activation code */
	long long id;          /* clinics.id, looked up once per process */
};

struct portal_conf {
	char *file;
	/* database */
	char *db_socket;
	char *db_host;
	int db_port;
	char *db_name;
	char *db_user;
	char *db_password_file;
	char *db_admin_user;
	char *db_admin_password_file;
	char *db_app_host;     /* host part of the application account */
	int db_timeout_s;
	/* paths */
	char *templates_dir;
	char *clinics_dir;
	char *secrets_dir;
	char *common_passwords;
	char *run_dir;
	char *static_dir;
	char *public_url;
	int workers;
	/* request limits */
	long body_max;
	int fields_max;
	long field_max;
	long upload_max;
	/* notifications */
	char *smtp_url;        /* smtp://host:port or smtps://host:port */
	bool smtp_starttls;    /* require STARTTLS on smtp:// */
	char *smtp_username;
	char *smtp_password_file;
	char *mail_from;       /* "Name <address>" */
	char *sms_url;         /* the gateway's form-encoded POST endpoint */
	char *sms_account;
	char *sms_token_file;
	char *sms_from;
	char *sms_inbound_token_file;  /* shared secret of STOP callbacks */
	int notify_poll_s;
	int notify_max_attempts;
	char *urgent_phrases_file;
	char *lab_tests_file;  /* the catalogue of lab tests (conf/lab-tests.yaml) */
	struct lab_test_info *lab_tests;
	size_t nlab_tests;
	/* tests only: a file holding a clock offset in seconds */
	char *clock_offset_file;
	struct clinic **clinics;
	size_t nclinics;
};

extern struct portal_conf *portal_conf;   /* set by portal_init() */

/* Names the clinic switches, in order, before any file is read. */
void conf_set_features(const char *const *keys, size_t n);
int conf_feature_index(const char *key);  /* -1 when no feature has that key */
/* Whether the clinic has the feature on (false for an unknown key). */
bool clinic_has(const struct clinic *c, const char *feature);

/* Load and check portal.yaml and every clinic file it points to. On error,
 * returns NULL and writes "file:line: what is wrong" into err. */
struct portal_conf *conf_load(const char *path, char *err, size_t errlen);
/* Check one file, portal.yaml or clinic YAML (told apart by content). */
int conf_check_file(const char *path, char *err, size_t errlen);
struct clinic *conf_clinic_load(const char *path, char *err, size_t errlen);
void conf_free(struct portal_conf *c);
void conf_clinic_free(struct clinic *c);
const struct clinic *conf_clinic(const char *slug);
const char *conf_default_path(void);      /* $PORTAL_CONFIG or conf/portal.yaml */
/* The secret file of a setting, or <secrets>/<name> when it is not set. */
const char *conf_secret_path(const char *setting, const char *name, char *out, size_t outlen);
const struct clinic_provider *clinic_provider(const struct clinic *c, const char *key);
const struct clinic_location *clinic_location(const struct clinic *c, const char *key);
const struct care_team *clinic_care_team(const struct clinic *c, const char *key);
const struct message_topic *clinic_topic(const struct clinic *c, const char *key);
const struct appt_type *clinic_appt_type(const struct clinic *c, const char *key);
/* The catalogue entry of a LOINC code: the clinic's own first. NULL if none. */
const struct lab_test_info *lab_test_info(const struct clinic *c, const char *loinc);
/* Hours by which the clinic delays releasing results of a category (0). */
int result_delay_hours(const struct clinic *c, const char *category);
bool result_category_sensitive(const struct clinic *c, const char *category);
bool appt_type_offered_by(const struct appt_type *t, const char *provider);

#endif
