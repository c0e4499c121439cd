/*
 * The services layer: what every feature uses on top of a request.
 * Sessions and CSRF, passwords, the audit trail, notifications (the
 * outbox), activation codes, and rendering (pages, navigation, formatting
 * of dates, times and money).
 */
#ifndef PORTAL_SERVICES_H
#define PORTAL_SERVICES_H

#include "../base/base.h"

/* -------------------------------------------------------------- session */
/* A count shown on the navigation (unread messages, refills waiting): a
 * scalar subquery the application declares, computed with the session in
 * the same round trip. It may use s.clinic_id, s.user_id and u.patient_id,
 * and runs only for the roles in access. */
struct badge_def {
	const char *name;      /* "messages.unread" */
	unsigned access;       /* ROLE_BIT()s whose sessions count it */
	const char *sql;       /* "SELECT COUNT(*) FROM ... WHERE ..." */
};
#define SESSION_BADGES_MAX 16
/* Before the first request; the badges keep their order (session->badges). */
int session_set_badges(const struct badge_def *const *badges, size_t n);
int session_badge_index(const char *name);     /* -1 when none has that name */

int session_load(struct req *r);       /* from the cookie; sets r->session */
int session_create(struct req *r, long long user_id);   /* rotates: new token */
int session_destroy(struct req *r);
const char *session_cookie_name(struct req *r);
#define SESSION_ABSOLUTE_S (12 * 60 * 60)
#define SESSION_TOUCH_S 60             /* last_seen is written at most this often */
/* The decision, separate from I/O for unit tests. */
enum session_state { SESSION_OK, SESSION_IDLE, SESSION_EXPIRED };
enum session_state session_check_times(time_t now, time_t created, time_t last_seen, int idle_minutes);

/* ----------------------------------------------------------------- CSRF */
const char *csrf_token(struct req *r);
bool csrf_check(struct req *r, const char *token);
const char *csrf_token_for(const char *binding, char *out, size_t outlen);

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

/* ---------------------------------------------------------------- audit */
enum audit_outcome { AUDIT_SUCCESS, AUDIT_FAILURE, AUDIT_DENIED };
/* Appends one hash-chained row. patient_id 0 = none. Returns -1 on failure. */
int audit(struct req *r, const char *action, long long patient_id,
	const char *object_type, long long object_id, enum audit_outcome outcome);
/* The answer to an object outside the caller's scope: the same 404 as a
 * missing one, and an audit row with the outcome denied. */
int audit_not_found(struct req *r, const char *action, long long patient_id, const char *object_type,
	long long object_id);
/* What a request asks for, as the audit names it. */
struct audit_object {
	const char *action;    /* "message.read" */
	long long patient_id;  /* 0: none */
	const char *type;      /* "message_thread" */
	long long id;
};
/* Runs stmt, which finds one object within the caller's scope (its SQL
 * names the clinic, and the patient where it reads a chart): 0 when it found
 * exactly one row; 404 when not, with an audit row of what.action denied;
 * PORTAL_ERR when the statement failed. The caller audits a success. */
int load_or_404(struct req *r, struct db_stmt *stmt, struct db_rows *out, struct audit_object what,
	const struct db_arg *args, size_t nargs);
/* load_or_404 of the object the path's first :id names, of the type
 * type, within the caller's scope: stmt takes (id, clinic id) on a staff
 * page, and (id, clinic id, patient id) on a patient's, who sees only
 * their own. */
int load_path_or_404(struct req *r, struct db_stmt *stmt, struct db_rows *out, const char *action,
	const char *type);
/* Recomputes the chain; returns the number of bad rows, -1 on error. */
long long audit_verify(char *report, size_t reportlen);
/* The canonical text that is hashed; exposed for unit tests. */
void audit_row_hash(const char *const fields[11], char out[65]);

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

/* ------------------------------------------------------------ enrolment */
/* Issues a single-use activation code for a patient of the request's clinic,
 * revoking any unused one, valid for the clinic's activation_code_days.
 * code receives "XXXX-XXXX-XXXX"; only its HMAC is stored. Audited. */
int enrol_issue_code(struct req *r, long long patient_id, char code[15], time_t *expires);
/* The HMAC under which a (normalised, 12-character) code is stored. */
void enrol_code_hash(const char *code12, unsigned char out[32]);

/* ------------------------------------------------------------- render */
/* An entry of the navigation, declared by the feature it opens
 * (cgi-bin/features.c). */
struct nav_def {
	int order;             /* place in the menu, ascending */
	unsigned access;       /* ROLE_BIT()s who see it */
	const char *path;      /* "/messages", under the clinic */
	const char *label;     /* translation key */
	const char *badge;     /* a badge's name, or NULL */
	const char *badge_label;   /* translation key of what the count means */
};
/* Before the first request. feature: the clinic switch that must be on for
 * the entry to show (NULL: always). */
int render_add_nav(const struct nav_def *nav, const char *feature);

int render_init(const char *templates_dir);
/* Sets a value in the page's data set (escaped on output by default). */
void page_set(struct req *r, const char *name, const char *value);
void page_setf(struct req *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void page_set_int(struct req *r, const char *name, long long v);
/* A form field as the user typed it (to show the form again), or dflt when
 * it was not sent. */
void page_set_field(struct req *r, const char *name, int key, const char *dflt);
/* The notice of a page reached after a change ("?done=approved"): the
 * text of prefix + the value of field key (an ENUM of the notices), when
 * it is valid. */
void page_set_notice(struct req *r, int key, const char *prefix);
/* Form.Idem, the key that makes a form act once: the one field key
 * brought when the form is shown again (a retry sends it once), else a
 * fresh one (form_key). */
void page_set_form_key(struct req *r, int key);
/* The patient a row of a staff page is about: base.PatientId,
 * base.Patient ("First Last") and base.Mrn, from four columns of the row
 * from col on, in this order: */
enum { PATIENT_COL_ID, PATIENT_COL_FIRST, PATIENT_COL_LAST, PATIENT_COL_MRN };
void page_set_patient(struct req *r, const char *base, const struct db_rows *rs, size_t row, int col);
/* Adds a form error (field may be NULL): listed at the top of the page,
 * linked to the field, which is marked aria-invalid. */
void page_error(struct req *r, const char *field, const char *key);
int page_error_count(struct req *r);
/* Sets name to the translation of key in the request's language. */
void page_set_text(struct req *r, const char *name, const char *key);
struct _hdf *page_hdf(struct req *r);
/* Renders templates/<name> inside the layout; 0 or an error status. */
int render(struct req *r, const char *tmpl);
/* A page that lists rows (a staff queue): each row of the result under
 * list.0, list.1 ..., set by set_row; its title; the audit row of the view
 * (action, naming the signed-in patient on a patient's page); the page. */
struct list_page {
	const char *list;              /* "Queue" */
	void (*set_row)(struct req *r, const char *base, const struct db_rows *rs, size_t row);
	const char *title;             /* translation key */
	const char *action;            /* "refills.queue" */
	const char *tmpl;              /* "refills_queue.cs" */
};
int render_list(struct req *r, const struct list_page *page, const struct db_rows *rs);
/* The branded error page of a status, in the request's language. */
int render_error(struct req *r, int status);
void render_begin(struct req *r);      /* fresh page data for the request */
void render_end(struct req *r);

/* Date and time formatting in the clinic's time zone and request language. */
const char *fmt_date(struct req *r, time_t t);        /* "Wednesday, March 4, 2026" */
const char *fmt_time(struct req *r, time_t t);        /* "9:30 AM" / "9:30" */
const char *fmt_datetime(struct req *r, time_t t);
const char *fmt_sql_date(struct req *r, const char *yyyy_mm_dd);
/* A DATETIME column as people read it; NULL when it is NULL. */
const char *fmt_sql_datetime(struct req *r, const char *sql_datetime);
const char *fmt_money(struct req *r, long long cents);
/* "17:30" as "5:30 PM" / "5:30 p. m." */
const char *fmt_hhmm(struct req *r, int minutes);
/* A DECIMAL column as people write it: "7.4000" -> "7.4", "142.0000" -> "142". */
const char *fmt_decimal(struct req *r, const char *decimal);
/* The clinic-local date of t as "YYYY-MM-DD" (for forms and URLs). */
const char *fmt_local_day(struct req *r, time_t t);
/* "Dr. Li Chen, MD": a provider of the request's clinic by key (the key
 * itself when the clinic file no longer has it). */
const char *provider_label(struct req *r, const char *key);

#endif
