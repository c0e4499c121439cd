/*
 * libportal: the shared library of the patient portal.
 *
 * A feature binary (cgi-bin/<feature>.c) declares tables -- routes, form
 * fields, SQL statements -- and static handlers, then calls portal_main().
 * The library does everything else: FastCGI, parsing and validation, clinic
 * resolution, sessions, authorization, CSRF, audit, database, rendering,
 * translations, headers and error pages.
 *
 * Ownership: every pointer a handler receives from a struct req lives in the
 * request's arena and is freed when the request ends.
 */
#ifndef PORTAL_H
#define PORTAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct req;
struct _hdf;

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

/* ------------------------------------------------------------- features */
enum feature {
	FEATURE_MESSAGES,
	FEATURE_APPOINTMENTS,
	FEATURE_RESULTS,
	FEATURE_RECORD,
	FEATURE_REFILLS,
	FEATURE_BILLING,
	FEATURE_FORMS,
	FEATURE__MAX,
	FEATURE_NONE = -1      /* a route or binary that every clinic has */
};
extern const char *const feature_names[FEATURE__MAX];

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
	bool features[FEATURE__MAX];
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

extern struct portal_conf *portal_conf;   /* loaded by portal_main() */

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

/* ---------------------------------------------------------------- clock */
/* Wall-clock time plus the test offset (only when portal.yaml names a
 * clock_offset_file). Every time the portal compares comes from here. */
time_t clock_now(void);
void clock_refresh(void);
/* "YYYY-MM-DD HH:MM:SS" in UTC, as stored in DATETIME columns. */
void clock_sql(time_t t, char out[20]);
int clock_parse_sql(const char *s, time_t *out);
/* Broken-down local time in a time zone ("America/Chicago"). */
void clock_local(const char *tz, time_t t, struct tm *out);
/* The instant of a local wall-clock time in a zone (a time skipped by a
 * daylight-saving change is taken as the instant after it). */
time_t clock_from_local(const char *tz, int year, int mon, int day, int hour, int min);

/* --------------------------------------------------------------- crypto */
int crypto_random(unsigned char *buf, size_t len);
void crypto_sha256(const void *data, size_t len, unsigned char out[32]);
void crypto_sha256_hex(const void *data, size_t len, char out[65]);
/* HMAC-SHA256 keyed with the installation's secret key. */
void crypto_hmac(const void *data, size_t len, unsigned char out[32]);
int crypto_load_key(const char *secrets_dir);
void crypto_set_key(const unsigned char key[32]);    /* unit tests */
void crypto_base64url(const unsigned char *in, size_t len, char *out); /* out: 4*ceil(len/3)+1 */
bool crypto_equal(const void *a, const void *b, size_t len);   /* constant time */
bool crypto_str_equal(const char *a, const char *b);           /* constant time on content */
void crypto_cleanse(void *p, size_t len);

/* ---------------------------------------------------------- validation */
enum field_type {
	FIELD_TEXT,            /* UTF-8, no control characters, min..max characters */
	FIELD_MULTILINE,       /* as TEXT, newlines and tabs allowed */
	FIELD_INT,             /* decimal integer in min..max */
	FIELD_DATE,            /* YYYY-MM-DD, a real calendar date */
	FIELD_EMAIL,           /* a plausible address, lower-cased */
	FIELD_ENUM,            /* one of choices[], NULL-terminated */
	FIELD_TOKEN,           /* base64url / alphanumerics, min..max length */
	FIELD_PASSWORD,        /* any UTF-8, min..max characters, untrimmed; rules in auth_ */
	FIELD_FILE             /* a multipart file part, up to limits.upload_max */
};

struct field_def {
	const char *name;
	enum field_type type;
	long long min, max;
	const char *const *choices;
};

struct upload {
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

/* What a handler sees of a form or query field. */
struct field {
	bool present;          /* sent at all (even empty) */
	bool valid;            /* passed its validator */
	const char *raw;       /* as sent, for re-filling a form (escaped on output) */
	const char *s;         /* validated, normalised text (NULL unless valid) */
	long long i;           /* FIELD_INT value, FIELD_ENUM index */
	const struct upload *file;
};

int valid_int(const char *s, long long min, long long max, long long *out);
int valid_date(const char *s, int *y, int *m, int *d);
int valid_email(const char *s);
int valid_utf8_text(const char *s, size_t len, long long min, long long max, bool multiline);
int valid_token(const char *s, long long min, long long max);
/* The type of an uploaded file judged by its content, not its name or the
 * browser's word: "application/pdf", "image/jpeg", "image/png" or NULL. */
const char *valid_attachment_type(const struct upload *u);
/* Checks one value against its definition; fills f (s points into arena). */
int valid_field(struct req *r, const struct field_def *def, const char *value, struct field *f);

/* --------------------------------------------------------------- arena */
void *req_alloc(struct req *r, size_t n);
char *req_strdup(struct req *r, const char *s);
char *req_strndup(struct req *r, const char *s, size_t n);
char *req_printf(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* -------------------------------------------------------------- session */
struct session {
	long long id;
	long long user_id;
	enum role role;
	long long patient_id;  /* 0 for staff */
	const char *display_name;
	const char *first_name;
	enum lang lang;
	time_t created;
	time_t last_seen;
	/* Shown in the navigation: a patient's unread messages, or the threads
	 * waiting for staff that are unassigned or the staff member's own. */
	long long badge_messages;
	long long badge_refills;     /* staff: refill requests not yet done */
};

/* ------------------------------------------------------------- database */
enum db_arg_type { DBA_NULL, DBA_INT, DBA_STR, DBA_BLOB };
struct db_arg {
	enum db_arg_type type;
	long long i;
	const void *p;
	size_t n;
};
static inline struct db_arg
db_str_arg(const char *s)
{
	return (struct db_arg){ .type = s ? DBA_STR : DBA_NULL, .p = s };
}
#define DB_INT(x) ((struct db_arg){ .type = DBA_INT, .i = (long long)(x) })
#define DB_STR(x) db_str_arg(x)
#define DB_BLOB(x, len) ((struct db_arg){ .type = DBA_BLOB, .p = (x), .n = (len) })
#define DB_NULLARG ((struct db_arg){ .type = DBA_NULL })

struct db_stmt_def {
	const char *name;
	const char *sql;
};

/* A fully fetched result: every cell as text (NULL for SQL NULL). */
struct db_rows {
	size_t nrows, ncols;
	char **cells;          /* nrows * ncols */
	size_t *lens;
	long long affected;
	long long insert_id;
	void *own;             /* arena of a result fetched without a request */
};
const char *db_cell(const struct db_rows *rs, size_t row, size_t col);
long long db_cell_int(const struct db_rows *rs, size_t row, size_t col);

/* Statement ids: the library's own are negative-free indices into its table;
 * a binary's own statements are APP_STMT(n). */
#define DB_APP_STMT(n) (1000 + (n))

/* 0 on success, DB_DUPLICATE when a unique key refused the row, -1 on any
 * other failure (the request then answers PORTAL_ERR). */
#define DB_DUPLICATE (-3)
/* A deadlock or lock timeout: the server rolled the transaction back. */
#define DB_CONFLICT (-4)
int db_run(struct req *r, int stmt, struct db_rows *out,
	const struct db_arg *args, size_t nargs);
#define DB_ARGS(...) (const struct db_arg[]){ __VA_ARGS__ }, \
	(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0
int db_begin(struct req *r);
int db_commit(struct req *r);
void db_rollback(struct req *r);
bool db_is_down(void);
const char *db_error_message(void);    /* for logs and portalctl only */
long long clinic_id(struct req *r);    /* clinics.id of the request's clinic */

/* Low-level access used by portalctl (no request). */
struct req *req_cli_new(const struct clinic *clinic);   /* a request-like context */
void req_cli_free(struct req *r);
int db_quote(const char *in, char *out, size_t outlen);   /* for DDL only */
int db_connect_admin(void);
int db_connect_app(void);
void db_disconnect(void);
int db_exec_raw(const char *sql);     /* trusted SQL only: migrations */
int db_run_direct(int stmt, struct db_rows *out, const struct db_arg *args, size_t nargs);
void db_rows_free(struct db_rows *rs);   /* for results fetched without a request */

/* ---------------------------------------------------------------- audit */
enum audit_outcome { AUDIT_SUCCESS, AUDIT_FAILURE, AUDIT_DENIED };
/* Appends one hash-chained row. patient_id 0 = none. Returns -1 on failure. */
int audit(struct req *r, const char *action, long long patient_id,
	const char *object_type, long long object_id, enum audit_outcome outcome);
/* Recomputes the chain; returns the number of bad rows, -1 on error. */
long long audit_verify(char *report, size_t reportlen);
/* The canonical text that is hashed; exposed for unit tests. */
void audit_row_hash(const char *const fields[11], char out[65]);

/* --------------------------------------------------------- passwords */
int auth_hash_password(const char *password, char *out, size_t outlen);
bool auth_verify_password(const char *phc, const char *password);
void auth_burn_verify(void);            /* same cost when no account exists */
enum pw_problem { PW_OK, PW_TOO_SHORT, PW_TOO_LONG, PW_COMMON, PW_LIKE_USERNAME, PW_NOT_UTF8 };
enum pw_problem auth_password_problem(const char *password, const char *username);
int auth_load_common_passwords(const char *path);
/* Sign-in throttle: failures for this username in the last 15 minutes. */
#define LOCKOUT_FAILURES 10
#define LOCKOUT_WINDOW_S (15 * 60)

/* ------------------------------------------------------- notifications */
/* Queue a notification in the outbox, inside the caller's transaction, so it
 * is sent if and only if the change it announces commits. No health data:
 * a template name and a link (a path under the clinic). */
int notify_patient(struct req *r, long long patient_id, const char *tmpl, const char *path);
/* The same, not before when (0: now), tied to a visit so that cancelling
 * the visit can cancel it. */
int notify_patient_at(struct req *r, long long patient_id, const char *tmpl, const char *path, time_t when,
	long long appointment_id);
int notify_address(struct req *r, const char *email, enum lang lang, const char *tmpl, const char *path);
/* When a notification may go out given quiet hours "HH:MM"-"HH:MM" in the
 * clinic's time zone (start == end or NULL: any time). */
time_t notify_due(const struct clinic *c, time_t now, const char *quiet_start, const char *quiet_end);

/* --------------------------------------------------------------- triage */
/* What a message's words call for: an emergency (911), a mental-health
 * crisis (988), both, or nothing. */
#define TRIAGE_EMERGENCY 1u
#define TRIAGE_CRISIS 2u
int triage_load(const char *path);
unsigned triage_check(const struct clinic *c, const char *text);

/* --------------------------------------------------------- appointments */
/* A time a provider is busy: a visit, time off, or (provider NULL) the
 * whole clinic closed. */
struct busy_time {
	const char *provider;
	time_t start, end;
};
struct open_slot {
	const char *provider;  /* keys into the clinic's configuration */
	const char *location;
	time_t start;
};
/* The open slots of type t from the availability of its providers (or of
 * one, provider != NULL) that start in [from, to) and not before
 * not_before, minus busy times; earliest first, at most max. Pure. */
size_t appt_open_slots(const struct clinic *c, const struct appt_type *t, const char *provider,
	time_t from, time_t to, time_t not_before, const struct busy_time *busy, size_t nbusy,
	struct open_slot *out, size_t max);
/* The weekly hours in force for the request's clinic: those staff keep
 * (provider_hours; ids[i] their row) and, for the other providers, those of
 * the clinic file (ids[i] 0). In the request's memory; the count or -1. */
long appt_hours(struct req *r, struct appt_availability **out, long long **ids);
/* The same, with the busy times read from the database for the request's
 * clinic and the hours in force. Returns the count, or -1. */
long appt_find_slots(struct req *r, const struct appt_type *t, const char *provider, time_t from, time_t to,
	struct open_slot *out, size_t max);
/* Whether a slot is one appt_open_slots would offer now (the location
 * included), before a booking is tried. */
bool appt_slot_offered(struct req *r, const struct appt_type *t, const char *provider, const char *location,
	time_t start);
/* Takes the provider's time for a visit, in the caller's transaction:
 * 0, DB_DUPLICATE when any of it is taken already, or -1. */
int appt_occupy(struct req *r, long long appointment_id, const char *provider, time_t start, int minutes);
/* Gives a visit's time back and cancels its pending reminders. */
int appt_release(struct req *r, long long appointment_id);
/* Queues the reminders of a visit (each lead time still in the future). */
int appt_queue_reminders(struct req *r, long long patient_id, long long appointment_id, time_t start);
/* Queues the reminders of the request's clinic's scheduled visits that have
 * none yet (visits fed from the EHR): how many visits, or -1. */
long appt_sweep_reminders(struct req *r);

/* A visit's calendar file (RFC 5545): one VEVENT in the clinic's time
 * zone, with its VTIMEZONE. */
struct ics_event {
	const char *uid;          /* "appointment-42.3@portal.example" */
	time_t start, end;
	time_t stamp;             /* DTSTAMP: now */
	const char *tz;           /* the clinic's zone, "America/Chicago" */
	const char *summary;
	const char *location;     /* may be NULL */
	const char *description;  /* may be NULL */
	const char *url;          /* may be NULL */
	bool cancelled;
};
/* The whole VCALENDAR in malloc'd memory (the caller frees it): CRLF line
 * ends, lines folded at 75 octets, texts escaped. NULL when out of memory. */
char *ics_calendar(const struct ics_event *e, size_t *len);

/* Signed links of reminders: answer for one visit (confirm or cancel),
 * until it begins, once (the caller records the nonce). */
#define VISIT_LINK_PURPOSE_RESPOND 1
#define VISIT_LINK_MAX 65         /* 64 characters and the NUL */
int visit_link_make(long long clinic_id, long long appointment_id, time_t expires, int purpose,
	char out[VISIT_LINK_MAX]);
enum visit_link_check { VL_OK, VL_MALFORMED, VL_BAD_SIGNATURE, VL_EXPIRED, VL_WRONG_CLINIC, VL_WRONG_PURPOSE };
/* Checks the seal first (in constant time), then clinic, purpose and
 * expiry; on VL_OK fills the visit, the expiry and the nonce in hex. */
enum visit_link_check visit_link_check(const char *token, long long clinic_id, int purpose, time_t now,
	long long *appointment_id, time_t *expires, char nonce_hex[17]);

/* ------------------------------------------------------------ enrolment */
/* Issues a single-use activation code for a patient of the request's clinic,
 * revoking any unused one, valid for the clinic's activation_code_days.
 * code receives "XXXX-XXXX-XXXX"; only its HMAC is stored. Audited. */
int enrol_issue_code(struct req *r, long long patient_id, char code[15], time_t *expires);
/* The HMAC under which a (normalised, 12-character) code is stored. */
void enrol_code_hash(const char *code12, unsigned char out[32]);

/* ------------------------------------------------------------- render */
/* Sets a value in the page's data set (escaped on output by default). */
void page_set(struct req *r, const char *name, const char *value);
void page_setf(struct req *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void page_set_int(struct req *r, const char *name, long long v);
/* Adds a form error (field may be NULL): listed at the top of the page,
 * linked to the field, which is marked aria-invalid. */
void page_error(struct req *r, const char *field, const char *key);
int page_error_count(struct req *r);
/* Sets name to the translation of key in the request's language. */
void page_set_text(struct req *r, const char *name, const char *key);
const char *tr(struct req *r, const char *key);
struct _hdf *page_hdf(struct req *r);
/* Renders templates/<name> inside the layout; 0 or an error status. */
int render(struct req *r, const char *tmpl);
/* Date and time formatting in the clinic's time zone and request language. */
const char *fmt_date(struct req *r, time_t t);        /* "Wednesday, March 4, 2026" */
const char *fmt_time(struct req *r, time_t t);        /* "9:30 AM" / "9:30" */
const char *fmt_datetime(struct req *r, time_t t);
const char *fmt_sql_date(struct req *r, const char *yyyy_mm_dd);
const char *fmt_money(struct req *r, long long cents);
/* A DECIMAL column as people write it: "7.4000" -> "7.4", "142.0000" -> "142". */
const char *fmt_decimal(struct req *r, const char *decimal);
/* The clinic-local date of t as "YYYY-MM-DD" (for forms and URLs). */
const char *fmt_local_day(struct req *r, time_t t);
/* "Dr. Li Chen, MD": a provider of the request's clinic by key (the key
 * itself when the clinic file no longer has it). */
const char *provider_label(struct req *r, const char *key);

/* A trend chart (inline SVG, templates/chart.cs): one line per series of
 * values over time, the reference band shaded when both ends are given.
 * Sets <base>.*; a page shows the charts under "Charts". */
struct chart_series {
	const time_t *t;
	const double *v;
	size_t n;
	const char *css;           /* "line" (default) or "line2": a second series */
};
void page_set_chart(struct req *r, const char *base, const char *title, const struct chart_series *series, size_t ns,
	const double *band_low, const double *band_high);

/* -------------------------------------------------------------- i18n */
int i18n_load(const char *templates_dir);
const char *i18n_get(enum lang lang, const char *key);
/* The same, but NULL (and nothing logged) when the key has no text. */
const char *i18n_find(enum lang lang, const char *key);

/* ----------------------------------------------------------- response */
int redirect(struct req *r, const char *url);         /* 303 See Other */
/* To another site named by the configuration (a video service): https
 * only. Never with an address that came from a request. */
int redirect_external(struct req *r, const char *url);
int respond_raw(struct req *r, int status, const char *content_type,
	const void *body, size_t len, const char *extra_headers);
void set_cookie(struct req *r, const char *name, const char *value, int max_age);
/* A stored file as a download (Content-Disposition: attachment), never shown
 * inline; the name in ASCII and in RFC 5987 form. */
int respond_download(struct req *r, const char *name, const char *type, const void *data, size_t len);
/* Local URL for this clinic: url(r, "/home") -> "/riverside/home". */
const char *url(struct req *r, const char *path);
/* Percent-encodes s for a URL query value. */
const char *url_encode(struct req *r, const char *s);
/* The landing page of the signed-in user's role. */
const char *landing_url(struct req *r);
/* A local path of this clinic, safe to redirect to after sign-in; or NULL. */
const char *safe_next(struct req *r, const char *next);

/* -------------------------------------------------------------- request */
enum http_method { HTTP_GET, HTTP_POST, HTTP_HEAD, HTTP_OTHER };

/* Handlers return 0 when they wrote a response, an HTTP status (400-599)
 * for the library to answer with its error page, or PORTAL_ERR after a
 * failed call (answered 503 when the database is down, else 500). */
#define PORTAL_ERR (-1)

typedef int (*handler_fn)(struct req *r);

struct route {
	enum http_method method;
	const char *pattern;   /* after /<clinic>: "/home", "/staff/patients/:id" */
	unsigned access;       /* ACCESS_PUBLIC or a mask of ROLE_BIT()s */
	int feature;           /* FEATURE_NONE or the feature it belongs to */
	handler_fn handler;
	long body_max;         /* bytes; 0 = limits.body_max_bytes */
	unsigned flags;
};
/* A call from another system (an SMS gateway), not a browser form: no CSRF
 * token; the handler authenticates the caller itself. */
#define ROUTE_WEBHOOK 1u

struct app {
	const char *name;
	const struct route *routes;
	size_t nroutes;
	const struct field_def *fields;     /* indexed by the binary's field enum */
	size_t nfields;
	const struct db_stmt_def *stmts;    /* DB_APP_STMT(i) */
	size_t nstmts;
	bool needs_password_list;
	bool needs_triage;                   /* loads the urgent-phrase list */
};

struct req {
	/* request line and context */
	enum http_method method;
	const char *path;              /* "/riverside/home/appointments/7" */
	const char *subpath;           /* "/home/appointments/7" */
	const char *query;
	const char *client_ip;
	const struct clinic *clinic;   /* NULL outside any clinic */
	enum lang lang;
	const struct app *app;
	const struct route *route;
	long long path_ids[2];         /* :id segments of the route, in order */
	struct field *fields;          /* app->nfields entries */
	struct session *session;       /* NULL when not signed in */
	const char *session_token;     /* raw cookie value when signed in */
	const char *pre_token;         /* anonymous CSRF binding cookie */
	bool signed_out_idle;          /* the cookie named an expired session */

	/* internals */
	void *fcgx;
	struct arena *arena;
	struct _hdf *hdf;
	struct buf *headers;
	bool responded;
	bool in_tx;
	int status;
};

const struct field *req_field(struct req *r, int key);
/* Every file part named name (multipart), in order; returns how many, up
 * to max. */
size_t req_files(struct req *r, const char *name, const struct upload **out, size_t max);
/* A fresh key for a form that must not act twice (32 hex characters). */
const char *form_key(struct req *r);
const char *req_cookie(struct req *r, const char *name);
const char *req_query_param(struct req *r, const char *name);   /* raw, decoded */
bool req_is_staff(const struct req *r);

/* Runs the FastCGI loop; returns the process exit status. */
int portal_main(const struct app *app, int argc, char **argv);
/* Loads config, translations and the key (used by portal_main and portalctl). */
int portal_init(const struct app *app, const char *conf_path, char *err, size_t errlen);

/* ------------------------------------------------------- session API */
int session_create(struct req *r, long long user_id);   /* rotates: new token */
int session_destroy(struct req *r);
const char *csrf_token(struct req *r);
bool csrf_check(struct req *r, const char *token);
const char *session_cookie_name(struct req *r);

#endif
