/*
 * The domain layer: the portal's own rules, shared by several features.
 * Open slots and the cells that make a double booking impossible,
 * reminders of visits, calendar files, the signed links of reminders,
 * trend charts, the messages of a thread, the registration of a patient,
 * forms sent twice, and the triage of patients' messages.
 */
#ifndef PORTAL_DOMAIN_H
#define PORTAL_DOMAIN_H

#include "../services/services.h"

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

/* ---------------------------------------------------------------- chart */
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

/* ------------------------------------------------------------ messaging */
/* A thread's messages, oldest first (MSG_UNREAD: not yet read by the side
 * that asks), and their attachments, in the caller's scope: any thread of
 * the clinic for staff, a patient's own for a patient. 0 or PORTAL_ERR. */
enum { MSG_ID, MSG_FROM_PATIENT, MSG_BODY, MSG_CREATED, MSG_AUTHOR, MSG_UNREAD, MSG__COLS };
enum { MSGFILE_ID, MSGFILE_MESSAGE_ID, MSGFILE_NAME, MSGFILE_SIZE, MSGFILE__COLS };
int messaging_thread(struct req *r, long long thread_id, struct db_rows *messages, struct db_rows *files);
/* The files of one message (message_id) under base.Files.N, each linked
 * to href + its id ("/messages/7/attachments/"). */
void messaging_set_files(struct req *r, const char *base, const struct db_rows *at, const char *message_id,
	const char *href);
/* A handler: the attachment the path names (.../<thread>/attachments/<file>)
 * as a download of its checked type, audited, when it is in the caller's
 * scope (the clinic's, for staff; for a patient, their own); else 404,
 * audited as denied. */
int messaging_download(struct req *r);

/* ---------------------------------------------------------- forms sent */
/* What a patient's form made when it was sent before (a double click, a
 * retry): stmt finds it by the form's idempotency key, selecting one
 * column, its id, WHERE clinic_id = ? AND patient_id = ? AND
 * idempotency_key = ?. That id, 0 when there is none, -1 on a failure. */
enum { SENT_BEFORE_ID, SENT_BEFORE__COLS };
long long form_sent_before(struct req *r, struct db_stmt *stmt, const char *idem);

/* ------------------------------------------------------------- patients */
/* A patient to register (staff's form, portalctl patient add). */
struct new_patient {
	const char *mrn, *first_name, *last_name, *dob;
	const char *sex;               /* NULL: "unknown" */
	const char *lang;              /* NULL: the clinic's default language */
	const char *phone, *email;     /* NULL: none */
};
/* Registers a patient of the request's clinic, audited patient.create:
 * the new id, DB_DUPLICATE when the clinic has that MRN already, or -1. */
long long patient_create(struct req *r, const struct new_patient *p);

/* --------------------------------------------------------------- triage */
/* What a message's words call for: an emergency (911), a mental-health
 * crisis (988), both, or nothing. */
#define TRIAGE_EMERGENCY 1u
#define TRIAGE_CRISIS 2u
int triage_load(const char *path);
unsigned triage_check(const struct clinic *c, const char *text);

#endif
