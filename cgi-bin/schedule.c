/*
 * schedule: the staff side of appointments. The day's (or week's) visits
 * per provider and location, marked arrived, no-show or completed; the
 * patients' requests, booked into an open slot or declined with a note; the
 * providers' weekly hours (which replace a provider's hours of the clinic
 * file) and the exceptions to them (time off, holidays); and the review
 * queue of e-check-ins. Staff see only their own clinic; every view of a
 * patient's data is audited.
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS_MAX 300

enum key {
	KEY_DAY,
	KEY_VIEW,
	KEY_PROVIDER,
	KEY_LOCATION,
	KEY_STATUS,
	KEY_SLOT,
	KEY_NOTE,
	KEY_IDEM,
	KEY_FROM_DAY,
	KEY_FROM_TIME,
	KEY_TO_DAY,
	KEY_TO_TIME,
	KEY_REASON,
	KEY_DONE,
	KEY_SUN,
	KEY_MON,
	KEY_TUE,
	KEY_WED,
	KEY_THU,
	KEY_FRI,
	KEY_SAT,
	KEY__MAX
};

static const char *const views[] = { "day", "week", NULL };
static const char *const statuses[] = { "scheduled", "arrived", "no_show", "completed", NULL };
static const char *const dones[] = { "status", "booked", "declined", "added", "deleted", "reviewed", "hours_added",
	"hours_deleted", NULL };
static const char *const day_keys[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

static const struct field_def fields[KEY__MAX] = {
	[KEY_DAY] = { "day", FIELD_DATE, 0, 0, NULL },
	[KEY_VIEW] = { "view", FIELD_ENUM, 0, 0, views },
	[KEY_PROVIDER] = { "provider", FIELD_TOKEN, 1, 40, NULL },
	[KEY_LOCATION] = { "location", FIELD_TOKEN, 1, 40, NULL },
	[KEY_STATUS] = { "status", FIELD_ENUM, 0, 0, statuses },
	[KEY_SLOT] = { "slot", FIELD_TEXT, 5, 120, NULL },
	[KEY_NOTE] = { "note", FIELD_MULTILINE, 1, 500, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_FROM_DAY] = { "from_day", FIELD_DATE, 0, 0, NULL },
	[KEY_FROM_TIME] = { "from_time", FIELD_TEXT, 5, 5, NULL },
	[KEY_TO_DAY] = { "to_day", FIELD_DATE, 0, 0, NULL },
	[KEY_TO_TIME] = { "to_time", FIELD_TEXT, 5, 5, NULL },
	[KEY_REASON] = { "reason", FIELD_TEXT, 1, 120, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
	[KEY_SUN] = { "day_sun", FIELD_INT, 0, 1, NULL },
	[KEY_MON] = { "day_mon", FIELD_INT, 0, 1, NULL },
	[KEY_TUE] = { "day_tue", FIELD_INT, 0, 1, NULL },
	[KEY_WED] = { "day_wed", FIELD_INT, 0, 1, NULL },
	[KEY_THU] = { "day_thu", FIELD_INT, 0, 1, NULL },
	[KEY_FRI] = { "day_fri", FIELD_INT, 0, 1, NULL },
	[KEY_SAT] = { "day_sat", FIELD_INT, 0, 1, NULL },
};

enum stmt {
	Q_VISITS,
	Q_COUNTS,
	Q_VISIT,
	Q_SET_STATUS,
	Q_REQUESTS,
	Q_REQUEST,
	Q_BOOK_INSERT,
	Q_REQUEST_BOOKED,
	Q_REQUEST_DECLINED,
	Q_EXCEPTIONS,
	Q_EXCEPTION_INSERT,
	Q_EXCEPTION_DELETE,
	Q_CHECKINS,
	Q_CHECKIN,
	Q_CHECKIN_CARD,
	Q_CHECKIN_REVIEWED,
	Q_HOURS_INSERT,
	Q_HOURS_DELETE,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	[Q_VISITS] = { "sched_visits",
		"SELECT a.id, a.starts_at, a.duration_min, a.provider_key, a.location_key, a.type_key, a.visit_type,"
		" a.mode, a.status, a.confirmed_at, a.checked_in_at, p.id, p.first_name, p.last_name, p.mrn"
		" FROM appointments a JOIN patients p ON p.id = a.patient_id AND p.clinic_id = a.clinic_id"
		" WHERE a.clinic_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled'"
		" AND (? = '' OR a.provider_key = ?) AND (? = '' OR a.location_key = ?)"
		" ORDER BY a.starts_at, a.provider_key LIMIT 501" },
	[Q_COUNTS] = { "sched_counts",
		"SELECT (SELECT COUNT(*) FROM appointment_requests WHERE clinic_id = ? AND status = 'pending'),"
		" (SELECT COUNT(*) FROM checkins WHERE clinic_id = ? AND status = 'pending')" },
	[Q_VISIT] = { "sched_visit",
		"SELECT patient_id, status FROM appointments WHERE id = ? AND clinic_id = ?" },
	[Q_SET_STATUS] = { "sched_set_status",
		"UPDATE appointments SET status = ?, updated_at = ? WHERE id = ? AND clinic_id = ? AND status <> 'cancelled'" },
	[Q_REQUESTS] = { "sched_requests",
		"SELECT q.id, q.type_key, q.preferred_days, q.preferred_times, q.reason, q.created_at,"
		" p.id, p.first_name, p.last_name, p.mrn"
		" FROM appointment_requests q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
		" WHERE q.clinic_id = ? AND q.status = 'pending' ORDER BY q.created_at, q.id LIMIT 200" },
	[Q_REQUEST] = { "sched_request",
		"SELECT q.id, q.type_key, q.preferred_days, q.preferred_times, q.reason, q.created_at,"
		" p.id, p.first_name, p.last_name, p.mrn, q.status"
		" FROM appointment_requests q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
		" WHERE q.id = ? AND q.clinic_id = ?" },
	[Q_BOOK_INSERT] = { "sched_book_insert",
		"INSERT INTO appointments (clinic_id, patient_id, provider_key, location_key, type_key, visit_type,"
		" mode, starts_at, duration_min, status, reason, booked_by, idempotency_key, created_at, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 'staff', ?, ?, ?)" },
	/* The status check: of two staff answering one request, one wins. */
	[Q_REQUEST_BOOKED] = { "sched_request_booked",
		"UPDATE appointment_requests SET status = 'booked', appointment_id = ?, answered_by = ?, answered_at = ?"
		" WHERE id = ? AND clinic_id = ? AND status = 'pending'" },
	[Q_REQUEST_DECLINED] = { "sched_request_declined",
		"UPDATE appointment_requests SET status = 'declined', staff_note = ?, answered_by = ?, answered_at = ?"
		" WHERE id = ? AND clinic_id = ? AND status = 'pending'" },
	[Q_EXCEPTIONS] = { "sched_exceptions",
		"SELECT id, provider_key, starts_at, ends_at, reason FROM availability_exceptions"
		" WHERE clinic_id = ? AND ends_at > ? ORDER BY starts_at LIMIT 200" },
	[Q_EXCEPTION_INSERT] = { "sched_exception_insert",
		"INSERT INTO availability_exceptions (clinic_id, provider_key, starts_at, ends_at, reason, created_by,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?)" },
	[Q_EXCEPTION_DELETE] = { "sched_exception_delete",
		"DELETE FROM availability_exceptions WHERE id = ? AND clinic_id = ?" },
	[Q_CHECKINS] = { "sched_checkins",
		"SELECT c.id, c.submitted_at, a.starts_at, a.provider_key, p.id, p.first_name, p.last_name, p.mrn"
		" FROM checkins c JOIN appointments a ON a.id = c.appointment_id"
		" JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
		" WHERE c.clinic_id = ? AND c.status = 'pending' ORDER BY a.starts_at LIMIT 200" },
	[Q_CHECKIN] = { "sched_checkin",
		"SELECT c.id, c.submitted_at, a.starts_at, a.provider_key, p.id, p.first_name, p.last_name, p.mrn,"
		" c.phone, c.email, c.address, c.insurance_payer, c.insurance_member_id, c.card_type, c.medications,"
		" c.allergies, c.status, p.phone, p.email,"
		" CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code))"
		" FROM checkins c JOIN appointments a ON a.id = c.appointment_id"
		" JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
		" WHERE c.id = ? AND c.clinic_id = ?" },
	[Q_CHECKIN_CARD] = { "sched_checkin_card",
		"SELECT card_type, card_data, patient_id FROM checkins WHERE id = ? AND clinic_id = ? AND card_data IS NOT NULL" },
	[Q_CHECKIN_REVIEWED] = { "sched_checkin_reviewed",
		"UPDATE checkins SET status = 'reviewed', reviewed_by = ?, reviewed_at = ? WHERE id = ? AND clinic_id = ?"
		" AND status = 'pending'" },
	[Q_HOURS_INSERT] = { "sched_hours_insert",
		"INSERT INTO provider_hours (clinic_id, provider_key, location_key, days, from_min, to_min, created_by,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_HOURS_DELETE] = { "sched_hours_delete",
		"DELETE FROM provider_hours WHERE id = ? AND clinic_id = ?" },
};

#define STMT(q) DB_APP_STMT(q)

/* Hours and exceptions change what patients can book: the desk, nurses
 * and the clinic's admin keep them; providers and billing see them only. */
#define ACCESS_SCHEDULE_KEEPERS (ROLE_BIT(ROLE_FRONT_DESK) | ROLE_BIT(ROLE_NURSE) | ACCESS_ADMIN)

/* The forms that change hours and exceptions, only for those who may. */
static void
set_keeper(struct req *r)
{
	if (ACCESS_SCHEDULE_KEEPERS & ROLE_BIT(r->session->role))
		page_set(r, "Sched.Keeper", "1");
}

/* ------------------------------------------------------------- helpers */

static const char *
type_name(struct req *r, const char *key, const char *fallback)
{
	const struct appt_type *t = clinic_appt_type(r->clinic, key);
	return t ? i18n_text_get(&t->name, r->lang) : fallback ? fallback : key;
}

static const char *
patient_name(struct req *r, const struct db_rows *rs, size_t i, size_t first)
{
	return req_printf(r, "%s %s", db_cell(rs, i, first), db_cell(rs, i, first + 1));
}

/* The clinic's providers and locations, for the filters and forms. */
static void
set_choices(struct req *r)
{
	const struct clinic *c = r->clinic;
	for (size_t i = 0; i < c->nproviders; i++) {
		page_set(r, req_printf(r, "Providers.%zu.Key", i), c->providers[i].key);
		page_set(r, req_printf(r, "Providers.%zu.Name", i), provider_label(r, c->providers[i].key));
	}
	for (size_t i = 0; i < c->nlocations; i++) {
		page_set(r, req_printf(r, "Locations.%zu.Key", i), c->locations[i].key);
		page_set(r, req_printf(r, "Locations.%zu.Name", i), c->locations[i].name);
	}
}

static void
set_done(struct req *r)
{
	const struct field *done = req_field(r, KEY_DONE);
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "schedule.done_%s", done->s));
}

/* A key of the clinic's providers (or locations), from the form; or "". */
static const char *
known_provider(struct req *r)
{
	const struct field *f = req_field(r, KEY_PROVIDER);
	return f->valid && clinic_provider(r->clinic, f->s) ? f->s : "";
}

static const char *
known_location(struct req *r)
{
	const struct field *f = req_field(r, KEY_LOCATION);
	return f->valid && clinic_location(r->clinic, f->s) ? f->s : "";
}

/* ------------------------------------------------------------ schedule */

static int
page_schedule(struct req *r)
{
	const struct clinic *c = r->clinic;
	long long cid = clinic_id(r);
	const struct field *dayf = req_field(r, KEY_DAY);
	bool week = req_field(r, KEY_VIEW)->valid && req_field(r, KEY_VIEW)->i == 1;
	const char *day = dayf->valid ? dayf->s : fmt_local_day(r, clock_now());
	int y, m, d;
	valid_date(day, &y, &m, &d);
	time_t from = clock_from_local(c->timezone, y, m, d, 0, 0);
	time_t to = clock_from_local(c->timezone, y, m, d + (week ? 7 : 1), 0, 0);
	const char *provider = known_provider(r), *location = known_location(r);
	char from_s[20], to_s[20];
	clock_sql(from, from_s);
	clock_sql(to, to_s);
	struct db_rows rs, counts;
	if (db_run(r, STMT(Q_VISITS), &rs, DB_ARGS(DB_INT(cid), DB_STR(from_s), DB_STR(to_s), DB_STR(provider),
	    DB_STR(provider), DB_STR(location), DB_STR(location))) < 0 ||
	    db_run(r, STMT(Q_COUNTS), &counts, DB_ARGS(DB_INT(cid), DB_INT(cid))) < 0)
		return PORTAL_ERR;
	const char *last_day = "";
	int nday = -1, nvisit = 0;
	/* A busy clinic's week can be longer than a page should be: the first
	 * 500, and a word to narrow it down. */
	size_t shown = rs.nrows > 500 ? 500 : rs.nrows;
	if (rs.nrows > 500)
		page_set_text(r, "Sched.TooMany", "schedule.too_many");
	for (size_t i = 0; i < shown; i++) {
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, 1), &t);
		const char *ld = fmt_local_day(r, t);
		if (strcmp(ld, last_day) != 0) {
			nday++;
			nvisit = 0;
			last_day = ld;
			page_set(r, req_printf(r, "Days.%d.Label", nday), fmt_date(r, t));
		}
		const char *b = req_printf(r, "Days.%d.Visits.%d", nday, nvisit++);
		const struct clinic_location *loc = clinic_location(c, db_cell(&rs, i, 4));
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Time", b), fmt_time(r, t));
		page_set(r, req_printf(r, "%s.Minutes", b), db_cell(&rs, i, 2));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(&rs, i, 3)));
		page_set(r, req_printf(r, "%s.Location", b), loc ? loc->name : db_cell(&rs, i, 4));
		page_set(r, req_printf(r, "%s.Type", b), type_name(r, db_cell(&rs, i, 5), db_cell(&rs, i, 6)));
		if (strcmp(db_cell(&rs, i, 7), "video") == 0)
			page_set(r, req_printf(r, "%s.Video", b), "1");
		page_set(r, req_printf(r, "%s.StatusKey", b), db_cell(&rs, i, 8));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "appointment.status_%s", db_cell(&rs, i, 8)));
		if (db_cell(&rs, i, 9))
			page_set(r, req_printf(r, "%s.Confirmed", b), "1");
		if (db_cell(&rs, i, 10))
			page_set(r, req_printf(r, "%s.CheckedIn", b), "1");
		page_set(r, req_printf(r, "%s.PatientId", b), db_cell(&rs, i, 11));
		page_set(r, req_printf(r, "%s.Patient", b), patient_name(r, &rs, i, 12));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 14));
	}
	set_choices(r);
	page_set(r, "Sched.Day", day);
	page_set(r, "Sched.Week", week ? "1" : NULL);
	page_set(r, "Sched.Title", week ? req_printf(r, "%s – %s", fmt_date(r, from + 43200),
		fmt_date(r, to - 43200)) : fmt_date(r, from + 43200));
	page_set(r, "Sched.Provider", provider);
	page_set(r, "Sched.Location", location);
	page_set(r, "Sched.Count", req_printf(r, "%zu", shown));
	const char *q = req_printf(r, "%s&provider=%s&location=%s", week ? "&view=week" : "", provider, location);
	page_set(r, "Sched.Prev", url(r, req_printf(r, "/staff/schedule?day=%s%s",
		fmt_local_day(r, clock_from_local(c->timezone, y, m, d - (week ? 7 : 1), 12, 0)), q)));
	page_set(r, "Sched.Next", url(r, req_printf(r, "/staff/schedule?day=%s%s",
		fmt_local_day(r, clock_from_local(c->timezone, y, m, d + (week ? 7 : 1), 12, 0)), q)));
	page_set(r, "Sched.Requests", db_cell(&counts, 0, 0));
	page_set(r, "Sched.Checkins", db_cell(&counts, 0, 1));
	set_done(r);
	page_set_text(r, "Page.Title", "schedule.title");
	audit(r, "schedule.view", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "schedule_day.cs");
}

static int
post_status(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *st = req_field(r, KEY_STATUS);
	struct db_rows rs;
	if (db_run(r, STMT(Q_VISIT), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "appointment.status", 0, "appointment", id, AUDIT_DENIED);
		return 404;
	}
	if (!st->valid)
		return 400;
	if (strcmp(db_cell(&rs, 0, 1), "cancelled") == 0)
		return 409;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	struct db_rows up;
	if (db_run(r, STMT(Q_SET_STATUS), &up, DB_ARGS(DB_STR(st->s), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	if (up.affected != 1) {
		/* Cancelled a moment ago: nothing changed, nothing to record. */
		db_rollback(r);
		return 409;
	}
	if (audit(r, "appointment.status", db_cell_int(&rs, 0, 0), "appointment", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	const struct field *day = req_field(r, KEY_DAY);
	return redirect(r, url(r, req_printf(r, "/staff/schedule?done=status&day=%s&provider=%s&location=%s%s",
		day->valid ? day->s : "", known_provider(r), known_location(r),
		req_field(r, KEY_VIEW)->valid && req_field(r, KEY_VIEW)->i == 1 ? "&view=week" : "")));
}

/* ------------------------------------------------------------ requests */

static void
set_request(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	time_t t = 0;
	clock_parse_sql(db_cell(rs, i, 5), &t);
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, 0));
	page_set(r, req_printf(r, "%s.Type", b), type_name(r, db_cell(rs, i, 1), NULL));
	/* "mon,thu" and "morning,afternoon" in the reader's words. */
	char days[40], *save = NULL;
	snprintf(days, sizeof(days), "%s", db_cell(rs, i, 2));
	const char *words = "";
	for (char *k = strtok_r(days, ",", &save); k; k = strtok_r(NULL, ",", &save))
		words = req_printf(r, "%s%s%s", words, words[0] ? ", " : "", tr(r, req_printf(r, "appointments.day_%.3s", k)));
	page_set(r, req_printf(r, "%s.Days", b), words);
	char times[40];
	snprintf(times, sizeof(times), "%s", db_cell(rs, i, 3));
	words = "";
	for (char *k = strtok_r(times, ",", &save); k; k = strtok_r(NULL, ",", &save))
		words = req_printf(r, "%s%s%s", words, words[0] ? ", " : "",
			tr(r, strcmp(k, "morning") == 0 ? "appointments.morning" : "appointments.afternoon"));
	page_set(r, req_printf(r, "%s.Times", b), words);
	page_set(r, req_printf(r, "%s.Reason", b), db_cell(rs, i, 4));
	page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, t));
	page_set(r, req_printf(r, "%s.PatientId", b), db_cell(rs, i, 6));
	page_set(r, req_printf(r, "%s.Patient", b), patient_name(r, rs, i, 7));
	page_set(r, req_printf(r, "%s.Mrn", b), db_cell(rs, i, 9));
}

static int
page_requests(struct req *r)
{
	struct db_rows rs;
	if (db_run(r, STMT(Q_REQUESTS), &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++)
		set_request(r, req_printf(r, "Requests.%zu", i), &rs, i);
	set_done(r);
	page_set_text(r, "Page.Title", "schedule.requests_title");
	audit(r, "schedule.requests", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "schedule_requests.cs");
}

/* Loads a request of this clinic: 0, 404 (audited) or PORTAL_ERR. */
static int
load_request(struct req *r, long long id, const char *action, struct db_rows *rs)
{
	if (db_run(r, STMT(Q_REQUEST), rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs->nrows != 1) {
		audit(r, action, 0, "appointment_request", id, AUDIT_DENIED);
		return 404;
	}
	return 0;
}

static int
show_request(struct req *r, long long id)
{
	struct db_rows rs;
	int rc = load_request(r, id, "schedule.request", &rs);
	if (rc)
		return rc;
	set_request(r, "Request", &rs, 0);
	const char *status = db_cell(&rs, 0, 10);
	page_set(r, "Request.StatusKey", status);
	page_set_text(r, "Request.Status", req_printf(r, "appointments.request_%s", status));
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rs, 0, 1));
	if (t && strcmp(status, "pending") == 0) {
		struct open_slot *slots = req_alloc(r, SLOTS_MAX * sizeof(*slots));
		time_t now = clock_now();
		long n = appt_find_slots(r, t, NULL, now, now + 14 * 86400, slots, SLOTS_MAX);
		if (n < 0)
			return PORTAL_ERR;
		for (long i = 0; i < n; i++) {
			const char *b = req_printf(r, "Slots.%ld", i);
			const struct clinic_location *loc = clinic_location(r->clinic, slots[i].location);
			page_set(r, req_printf(r, "%s.Value", b), req_printf(r, "%s:%s:%lld", slots[i].provider,
				slots[i].location, (long long)slots[i].start));
			page_set(r, req_printf(r, "%s.Label", b), req_printf(r, "%s – %s, %s", fmt_datetime(r, slots[i].start),
				provider_label(r, slots[i].provider), loc ? loc->name : slots[i].location));
		}
	}
	const struct field *idem = req_field(r, KEY_IDEM);
	page_set(r, "Form.Idem", idem->valid ? idem->s : form_key(r));
	page_set(r, "Form.Note", req_field(r, KEY_NOTE)->raw);
	page_set_text(r, "Page.Title", "schedule.request_title");
	audit(r, "schedule.request", db_cell_int(&rs, 0, 6), "appointment_request", id, AUDIT_SUCCESS);
	return render(r, "schedule_request.cs");
}

static int
page_request(struct req *r)
{
	return show_request(r, r->path_ids[0]);
}

static int
post_request_book(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	struct db_rows rq, rs;
	int rc = load_request(r, id, "appointment_request.book", &rq);
	if (rc)
		return rc;
	const struct field *slot = req_field(r, KEY_SLOT), *idem = req_field(r, KEY_IDEM);
	if (!idem->valid)
		return 400;
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rq, 0, 1));
	if (strcmp(db_cell(&rq, 0, 10), "pending") != 0 || t == NULL) {
		page_error(r, NULL, "schedule.err_answered");
		return show_request(r, id);
	}
	char provider[41] = "", location[41] = "";
	long long start = 0;
	int used = 0;
	if (!slot->valid || sscanf(slot->s, "%40[a-z0-9_-]:%40[a-z0-9_-]:%lld%n", provider, location, &start, &used) != 3 ||
	    slot->s[used] != '\0' ||
	    !appt_slot_offered(r, t, provider, location, (time_t)start)) {
		page_error(r, "slot", slot->valid ? "schedule.err_slot_taken" : "schedule.err_slot");
		return show_request(r, id);
	}
	long long pid = db_cell_int(&rq, 0, 6);
	char start_s[20], now_s[20];
	clock_sql((time_t)start, start_s);
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, STMT(Q_BOOK_INSERT), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(provider), DB_STR(location),
		DB_STR(t->key), DB_STR(i18n_text_get(&t->name, r->clinic->default_lang)), DB_STR(t->mode), DB_STR(start_s),
		DB_INT(t->minutes), DB_STR(db_cell(&rq, 0, 4)), DB_STR(idem->s), DB_STR(now_s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		/* Sent twice: the first booked it. */
		db_rollback(r);
		return redirect(r, url(r, "/staff/schedule/requests?done=booked"));
	}
	if (rc < 0)
		goto fail;
	long long appt = rs.insert_id;
	rc = appt_occupy(r, appt, provider, (time_t)start, t->minutes);
	if (rc == DB_DUPLICATE || rc == DB_CONFLICT) {
		db_rollback(r);
		page_error(r, "slot", "schedule.err_slot_taken");
		return show_request(r, id);
	}
	if (rc < 0 || db_run(r, STMT(Q_REQUEST_BOOKED), &rs, DB_ARGS(DB_INT(appt), DB_INT(r->session->user_id),
	    DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0)
		goto fail;
	if (rs.affected != 1) {
		/* A colleague answered it meanwhile. */
		db_rollback(r);
		page_error(r, NULL, "schedule.err_answered");
		return show_request(r, id);
	}
	if (appt_queue_reminders(r, pid, appt, (time_t)start) < 0 ||
	    notify_patient(r, pid, "appointment_request", req_printf(r, "/appointments/%lld", appt)) < 0 ||
	    audit(r, "appointment_request.book", pid, "appointment", appt, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/staff/schedule/requests?done=booked"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
post_request_decline(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	struct db_rows rq, rs;
	int rc = load_request(r, id, "appointment_request.decline", &rq);
	if (rc)
		return rc;
	const struct field *note = req_field(r, KEY_NOTE);
	if (!note->valid) {
		page_error(r, "note", "schedule.err_note");
		return show_request(r, id);
	}
	long long pid = db_cell_int(&rq, 0, 6);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_REQUEST_DECLINED), &rs, DB_ARGS(DB_STR(note->s), DB_INT(r->session->user_id),
	    DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		page_error(r, NULL, "schedule.err_answered");
		return show_request(r, id);
	}
	if (notify_patient(r, pid, "appointment_request", "/appointments") < 0 ||
	    audit(r, "appointment_request.decline", pid, "appointment_request", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/staff/schedule/requests?done=declined"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* ----------------------------------------------------------- exceptions */

static int
show_exceptions(struct req *r)
{
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, STMT(Q_EXCEPTIONS), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Exceptions.%zu", i);
		time_t s = 0, e = 0;
		clock_parse_sql(db_cell(&rs, i, 2), &s);
		clock_parse_sql(db_cell(&rs, i, 3), &e);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Who", b), db_cell(&rs, i, 1) ? provider_label(r, db_cell(&rs, i, 1)) :
			tr(r, "schedule.whole_clinic"));
		page_set(r, req_printf(r, "%s.From", b), fmt_datetime(r, s));
		page_set(r, req_printf(r, "%s.To", b), fmt_datetime(r, e));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&rs, i, 4));
	}
	set_choices(r);
	page_set(r, "Form.Provider", req_field(r, KEY_PROVIDER)->raw);
	page_set(r, "Form.FromDay", req_field(r, KEY_FROM_DAY)->raw);
	page_set(r, "Form.FromTime", req_field(r, KEY_FROM_TIME)->present ? req_field(r, KEY_FROM_TIME)->raw : "08:00");
	page_set(r, "Form.ToDay", req_field(r, KEY_TO_DAY)->raw);
	page_set(r, "Form.ToTime", req_field(r, KEY_TO_TIME)->present ? req_field(r, KEY_TO_TIME)->raw : "17:00");
	page_set(r, "Form.Reason", req_field(r, KEY_REASON)->raw);
	set_done(r);
	set_keeper(r);
	page_set_text(r, "Page.Title", "schedule.exceptions_title");
	return render(r, "schedule_exceptions.cs");
}

static int
page_exceptions(struct req *r)
{
	return show_exceptions(r);
}

/* "HH:MM" into minutes, or -1. */
static int
hhmm(const struct field *f)
{
	int h, m;
	char end;
	if (!f->valid || sscanf(f->s, "%2d:%2d%c", &h, &m, &end) != 2 || h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	return h * 60 + m;
}

static int
post_exception(struct req *r)
{
	const struct clinic *c = r->clinic;
	const struct field *prov = req_field(r, KEY_PROVIDER), *fd = req_field(r, KEY_FROM_DAY);
	const struct field *td = req_field(r, KEY_TO_DAY), *reason = req_field(r, KEY_REASON);
	int ft = hhmm(req_field(r, KEY_FROM_TIME)), tt = hhmm(req_field(r, KEY_TO_TIME));
	/* Empty: the whole clinic is closed. */
	const char *provider = prov->present && prov->raw[0] ? (prov->valid && clinic_provider(c, prov->s) ?
		prov->s : "?") : NULL;
	if (provider && strcmp(provider, "?") == 0)
		page_error(r, "provider", "schedule.err_provider");
	if (!fd->valid || ft < 0)
		page_error(r, "from_day", "schedule.err_from");
	if (!td->valid || tt < 0)
		page_error(r, "to_day", "schedule.err_to");
	if (!reason->valid)
		page_error(r, "reason", "schedule.err_reason");
	time_t from = 0, to = 0;
	if (page_error_count(r) == 0) {
		int y, m, d;
		valid_date(fd->s, &y, &m, &d);
		from = clock_from_local(c->timezone, y, m, d, ft / 60, ft % 60);
		valid_date(td->s, &y, &m, &d);
		to = clock_from_local(c->timezone, y, m, d, tt / 60, tt % 60);
		if (to <= from)
			page_error(r, "to_day", "schedule.err_order");
		else if (to - from > 366 * 86400)
			page_error(r, "to_day", "schedule.err_long");
	}
	if (page_error_count(r))
		return show_exceptions(r);
	char from_s[20], to_s[20], now_s[20];
	clock_sql(from, from_s);
	clock_sql(to, to_s);
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_EXCEPTION_INSERT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(provider), DB_STR(from_s),
	    DB_STR(to_s), DB_STR(reason->s), DB_INT(r->session->user_id), DB_STR(now_s))) < 0 ||
	    audit(r, "availability_exception.add", 0, "availability_exception", rs.insert_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/schedule/exceptions?done=added"));
}

/* Deletes one row of the clinic's hours or exceptions, audited; 404 for a
 * row that is not the clinic's (or is gone). */
static int
delete_row(struct req *r, int stmt, const char *action, const char *object, const char *done)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(stmt), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		audit(r, action, 0, object, id, AUDIT_DENIED);
		return 404;
	}
	if (audit(r, action, 0, object, id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, done));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
post_exception_delete(struct req *r)
{
	return delete_row(r, Q_EXCEPTION_DELETE, "availability_exception.delete", "availability_exception",
		"/staff/schedule/exceptions?done=deleted");
}

/* ------------------------------------------------------------ check-ins */

static int
page_checkins(struct req *r)
{
	struct db_rows rs;
	if (db_run(r, STMT(Q_CHECKINS), &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Checkins.%zu", i);
		time_t sub = 0, start = 0;
		clock_parse_sql(db_cell(&rs, i, 1), &sub);
		clock_parse_sql(db_cell(&rs, i, 2), &start);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Submitted", b), fmt_datetime(r, sub));
		page_set(r, req_printf(r, "%s.Visit", b), fmt_datetime(r, start));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(&rs, i, 3)));
		page_set(r, req_printf(r, "%s.Patient", b), patient_name(r, &rs, i, 5));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 7));
	}
	set_done(r);
	page_set_text(r, "Page.Title", "schedule.checkins_title");
	audit(r, "schedule.checkins", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "schedule_checkins.cs");
}

static int
page_checkin(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	if (db_run(r, STMT(Q_CHECKIN), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "checkin.review", 0, "checkin", id, AUDIT_DENIED);
		return 404;
	}
	time_t sub = 0, start = 0;
	clock_parse_sql(db_cell(&rs, 0, 1), &sub);
	clock_parse_sql(db_cell(&rs, 0, 2), &start);
	static const char *const names[] = { "Phone", "Email", "Address", "Payer", "MemberId", NULL, "Medications",
		"Allergies" };
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (names[k])
			page_set(r, req_printf(r, "Checkin.%s", names[k]), db_cell(&rs, 0, 8 + k));
	page_set(r, "Checkin.Id", db_cell(&rs, 0, 0));
	page_set(r, "Checkin.Submitted", fmt_datetime(r, sub));
	page_set(r, "Checkin.Visit", fmt_datetime(r, start));
	page_set(r, "Checkin.Provider", provider_label(r, db_cell(&rs, 0, 3)));
	page_set(r, "Checkin.PatientId", db_cell(&rs, 0, 4));
	page_set(r, "Checkin.Patient", patient_name(r, &rs, 0, 5));
	page_set(r, "Checkin.Mrn", db_cell(&rs, 0, 7));
	page_set(r, "Checkin.HasCard", db_cell(&rs, 0, 13) ? "1" : NULL);
	page_set(r, "Checkin.Reviewed", strcmp(db_cell(&rs, 0, 16), "reviewed") == 0 ? "1" : NULL);
	page_set(r, "Chart.Phone", db_cell(&rs, 0, 17));
	page_set(r, "Chart.Email", db_cell(&rs, 0, 18));
	page_set(r, "Chart.Address", db_cell(&rs, 0, 19));
	page_set_text(r, "Page.Title", "schedule.checkin_title");
	audit(r, "checkin.review", db_cell_int(&rs, 0, 4), "checkin", id, AUDIT_SUCCESS);
	return render(r, "schedule_checkin.cs");
}

static int
page_checkin_card(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	if (db_run(r, STMT(Q_CHECKIN_CARD), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "checkin.card", 0, "checkin", id, AUDIT_DENIED);
		return 404;
	}
	const char *type = db_cell(&rs, 0, 0);
	const char *name = strcmp(type, "application/pdf") == 0 ? "insurance-card.pdf" :
		strcmp(type, "image/png") == 0 ? "insurance-card.png" : "insurance-card.jpg";
	audit(r, "checkin.card", db_cell_int(&rs, 0, 2), "checkin", id, AUDIT_SUCCESS);
	return respond_download(r, name, type, db_cell(&rs, 0, 1), rs.lens[1]);
}

static int
post_checkin_reviewed(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs, up;
	if (db_run(r, STMT(Q_CHECKIN), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "checkin.reviewed", 0, "checkin", id, AUDIT_DENIED);
		return 404;
	}
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_CHECKIN_REVIEWED), &up, DB_ARGS(DB_INT(r->session->user_id), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	if (up.affected != 1) {
		/* Reviewed already (a second click, an old tab): the first stands. */
		db_rollback(r);
		return redirect(r, url(r, "/staff/schedule/checkins?done=reviewed"));
	}
	if (audit(r, "checkin.reviewed", db_cell_int(&rs, 0, 4), "checkin", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/schedule/checkins?done=reviewed"));
}

/* ---------------------------------------------------------------- hours */

static int
show_hours(struct req *r)
{
	struct appt_availability *hours;
	long long *ids;
	long n = appt_hours(r, &hours, &ids);
	if (n < 0)
		return PORTAL_ERR;
	for (long i = 0; i < n; i++) {
		const char *b = req_printf(r, "Hours.%ld", i);
		const struct clinic_location *loc = clinic_location(r->clinic, hours[i].location);
		const char *days = "";
		for (int d = 1; d < 8; d++)       /* Monday first */
			if (hours[i].day_mask & (1u << (d % 7)))
				days = req_printf(r, "%s%s%s", days, days[0] ? ", " : "",
					tr(r, req_printf(r, "schedule.day_%s", day_keys[d % 7])));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, hours[i].provider));
		page_set(r, req_printf(r, "%s.Location", b), loc ? loc->name : hours[i].location);
		page_set(r, req_printf(r, "%s.Days", b), days);
		page_set(r, req_printf(r, "%s.From", b), hours[i].from);
		page_set(r, req_printf(r, "%s.To", b), hours[i].to);
		if (ids[i])
			page_set(r, req_printf(r, "%s.Id", b), req_printf(r, "%lld", ids[i]));
	}
	for (int d = 0; d < 7; d++) {
		int k = (d + 1) % 7;              /* Monday first */
		page_set(r, req_printf(r, "Days.%d.Key", d), day_keys[k]);
		page_set_text(r, req_printf(r, "Days.%d.Name", d), req_printf(r, "schedule.day_%s", day_keys[k]));
		if (req_field(r, KEY_SUN + k)->i == 1)
			page_set(r, req_printf(r, "Days.%d.Checked", d), "1");
	}
	set_choices(r);
	page_set(r, "Form.Provider", req_field(r, KEY_PROVIDER)->raw);
	page_set(r, "Form.Location", req_field(r, KEY_LOCATION)->raw);
	page_set(r, "Form.FromTime", req_field(r, KEY_FROM_TIME)->present ? req_field(r, KEY_FROM_TIME)->raw : "08:00");
	page_set(r, "Form.ToTime", req_field(r, KEY_TO_TIME)->present ? req_field(r, KEY_TO_TIME)->raw : "12:00");
	set_done(r);
	set_keeper(r);
	page_set_text(r, "Page.Title", "schedule.hours_title");
	return render(r, "schedule_hours.cs");
}

static int
page_hours(struct req *r)
{
	return show_hours(r);
}

static int
post_hours(struct req *r)
{
	const char *provider = known_provider(r), *location = known_location(r);
	int from = hhmm(req_field(r, KEY_FROM_TIME)), to = hhmm(req_field(r, KEY_TO_TIME));
	unsigned days = 0;
	for (int d = 0; d < 7; d++)
		if (req_field(r, KEY_SUN + d)->i == 1)
			days |= 1u << d;
	if (!provider[0])
		page_error(r, "provider", "schedule.err_provider_needed");
	if (!location[0])
		page_error(r, "location", "schedule.err_location");
	if (days == 0)
		page_error(r, "day_mon", "schedule.err_days");
	if (from < 0 || to < 0 || from % 5 || to % 5 || to <= from)
		page_error(r, "from_time", "schedule.err_hours");
	if (page_error_count(r))
		return show_hours(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_HOURS_INSERT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(provider), DB_STR(location),
	    DB_INT(days), DB_INT(from), DB_INT(to), DB_INT(r->session->user_id), DB_STR(now_s))) < 0 ||
	    audit(r, "provider_hours.add", 0, "provider_hours", rs.insert_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/schedule/hours?done=hours_added"));
}

static int
post_hours_delete(struct req *r)
{
	return delete_row(r, Q_HOURS_DELETE, "provider_hours.delete", "provider_hours",
		"/staff/schedule/hours?done=hours_deleted");
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff/schedule", ACCESS_STAFF, page_schedule, 0, 0 },
	{ HTTP_POST, "/staff/schedule/appointments/:id/status", ACCESS_STAFF, post_status, 0, 0 },
	{ HTTP_GET, "/staff/schedule/requests", ACCESS_STAFF, page_requests, 0, 0 },
	{ HTTP_GET, "/staff/schedule/requests/:id", ACCESS_STAFF, page_request, 0, 0 },
	{ HTTP_POST, "/staff/schedule/requests/:id/book", ACCESS_STAFF, post_request_book, 0, 0 },
	{ HTTP_POST, "/staff/schedule/requests/:id/decline", ACCESS_STAFF, post_request_decline, 0, 0 },
	{ HTTP_GET, "/staff/schedule/exceptions", ACCESS_STAFF, page_exceptions, 0, 0 },
	{ HTTP_POST, "/staff/schedule/exceptions", ACCESS_SCHEDULE_KEEPERS, post_exception, 0, 0 },
	{ HTTP_POST, "/staff/schedule/exceptions/:id/delete", ACCESS_SCHEDULE_KEEPERS, post_exception_delete, 0, 0 },
	{ HTTP_GET, "/staff/schedule/hours", ACCESS_STAFF, page_hours, 0, 0 },
	{ HTTP_POST, "/staff/schedule/hours", ACCESS_SCHEDULE_KEEPERS, post_hours, 0, 0 },
	{ HTTP_POST, "/staff/schedule/hours/:id/delete", ACCESS_SCHEDULE_KEEPERS, post_hours_delete, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins", ACCESS_STAFF, page_checkins, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins/:id", ACCESS_STAFF, page_checkin, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins/:id/card", ACCESS_STAFF, page_checkin_card, 0, 0 },
	{ HTTP_POST, "/staff/schedule/checkins/:id/reviewed", ACCESS_STAFF, post_checkin_reviewed, 0, 0 },
};

PORTAL_MAIN(.name = "schedule", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX);
