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
	/* Empty: all providers (locations); for time off, the whole clinic. */
	[KEY_PROVIDER] = { "provider", FIELD_TOKEN, 1, 40, NULL, .optional = true },
	[KEY_LOCATION] = { "location", FIELD_TOKEN, 1, 40, NULL, .optional = true },
	[KEY_STATUS] = { "status", FIELD_ENUM, 0, 0, statuses },
	[KEY_SLOT] = { "slot", FIELD_TEXT, 5, 120, NULL },
	[KEY_NOTE] = { "note", FIELD_MULTILINE, 1, 500, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_FROM_DAY] = { "from_day", FIELD_DATE, 0, 0, NULL },
	[KEY_FROM_TIME] = { "from_time", FIELD_TIME, 0, 0, NULL },
	[KEY_TO_DAY] = { "to_day", FIELD_DATE, 0, 0, NULL },
	[KEY_TO_TIME] = { "to_time", FIELD_TIME, 0, 0, NULL },
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

/* A queue of the clinic's pending rows (stmt takes the clinic), with the
 * notice of what was just done. */
static int
show_queue(struct req *r, struct db_stmt *stmt, const struct list_page *page)
{
	struct db_rows rs;
	if (db_run(r, stmt, &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	page_set_notice(r, KEY_DONE, "schedule.done_");
	return render_list(r, page, &rs);
}

/* ------------------------------------------------------------ schedule */

enum {
	VISITS_ID,
	VISITS_STARTS_AT,
	VISITS_MINUTES,
	VISITS_PROVIDER,
	VISITS_LOCATION,
	VISITS_TYPE,
	VISITS_VISIT_TYPE,
	VISITS_MODE,
	VISITS_STATUS,
	VISITS_CONFIRMED_AT,
	VISITS_CHECKED_IN_AT,
	VISITS_PATIENT_ID,          /* to the MRN: page_set_patient's four */
	VISITS_FIRST,
	VISITS_LAST,
	VISITS_MRN,
	VISITS__COLS
};
static struct db_stmt q_visits = DB_QUERY("sched_visits", VISITS__COLS,
	"SELECT a.id, a.starts_at, a.duration_min, a.provider_key, a.location_key, a.type_key, a.visit_type,"
	" a.mode, a.status, a.confirmed_at, a.checked_in_at, p.id, p.first_name, p.last_name, p.mrn"
	" FROM appointments a JOIN patients p ON p.id = a.patient_id AND p.clinic_id = a.clinic_id"
	" WHERE a.clinic_id = ? AND a.starts_at >= ? AND a.starts_at < ? AND a.status <> 'cancelled'"
	" AND (? = '' OR a.provider_key = ?) AND (? = '' OR a.location_key = ?)"
	" ORDER BY a.starts_at, a.provider_key LIMIT 501");

enum { COUNTS_REQUESTS, COUNTS_CHECKINS, COUNTS__COLS };
static struct db_stmt q_counts = DB_QUERY("sched_counts", COUNTS__COLS,
	"SELECT (SELECT COUNT(*) FROM appointment_requests WHERE clinic_id = ? AND status = 'pending'),"
	" (SELECT COUNT(*) FROM checkins WHERE clinic_id = ? AND status = 'pending')");

static void
set_visit(struct req *r, const char *b, const struct db_rows *rs, size_t i, time_t t)
{
	const struct clinic_location *loc = clinic_location(r->clinic, db_cell(rs, i, VISITS_LOCATION));
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, VISITS_ID));
	page_set(r, req_printf(r, "%s.Time", b), fmt_time(r, t));
	page_set(r, req_printf(r, "%s.Minutes", b), db_cell(rs, i, VISITS_MINUTES));
	page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(rs, i, VISITS_PROVIDER)));
	page_set(r, req_printf(r, "%s.Location", b), loc ? loc->name : db_cell(rs, i, VISITS_LOCATION));
	page_set(r, req_printf(r, "%s.Type", b), type_name(r, db_cell(rs, i, VISITS_TYPE),
		db_cell(rs, i, VISITS_VISIT_TYPE)));
	if (db_cell_is(rs, i, VISITS_MODE, "video"))
		page_set(r, req_printf(r, "%s.Video", b), "1");
	const char *status = db_cell(rs, i, VISITS_STATUS);
	page_set(r, req_printf(r, "%s.StatusKey", b), status);
	page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "appointment.status_%s", status));
	if (db_cell(rs, i, VISITS_CONFIRMED_AT))
		page_set(r, req_printf(r, "%s.Confirmed", b), "1");
	if (db_cell(rs, i, VISITS_CHECKED_IN_AT))
		page_set(r, req_printf(r, "%s.CheckedIn", b), "1");
	page_set_patient(r, b, rs, i, VISITS_PATIENT_ID);
}

static int
page_schedule(struct req *r)
{
	const struct clinic *c = r->clinic;
	long long cid = clinic_id(r);
	const struct field *dayf = req_field(r, KEY_DAY);
	bool week = req_field(r, KEY_VIEW)->valid && req_field(r, KEY_VIEW)->i == 1;
	const char *day = dayf->s;
	struct date dd = dayf->date;
	if (!dayf->valid) {
		time_t now = clock_now();
		struct tm today;
		clock_local(c->timezone, now, &today);
		day = fmt_local_day(r, now);
		dd = (struct date){ today.tm_year + 1900, today.tm_mon + 1, today.tm_mday };
	}
	time_t from = clock_from_local(c->timezone, dd.y, dd.m, dd.d, 0, 0);
	time_t to = clock_from_local(c->timezone, dd.y, dd.m, dd.d + (week ? 7 : 1), 0, 0);
	const char *provider = known_provider(r), *location = known_location(r);
	char from_s[20], to_s[20];
	clock_sql(from, from_s);
	clock_sql(to, to_s);
	struct db_rows rs, counts;
	if (db_run(r, &q_visits, &rs, DB_ARGS(DB_INT(cid), DB_STR(from_s), DB_STR(to_s), DB_STR(provider),
	    DB_STR(provider), DB_STR(location), DB_STR(location))) < 0 ||
	    db_run(r, &q_counts, &counts, DB_ARGS(DB_INT(cid), DB_INT(cid))) < 0)
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
		clock_parse_sql(db_cell(&rs, i, VISITS_STARTS_AT), &t);
		const char *ld = fmt_local_day(r, t);
		if (strcmp(ld, last_day) != 0) {
			nday++;
			nvisit = 0;
			last_day = ld;
			page_set(r, req_printf(r, "Days.%d.Label", nday), fmt_date(r, t));
		}
		set_visit(r, req_printf(r, "Days.%d.Visits.%d", nday, nvisit++), &rs, i, t);
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
		fmt_local_day(r, clock_from_local(c->timezone, dd.y, dd.m, dd.d - (week ? 7 : 1), 12, 0)), q)));
	page_set(r, "Sched.Next", url(r, req_printf(r, "/staff/schedule?day=%s%s",
		fmt_local_day(r, clock_from_local(c->timezone, dd.y, dd.m, dd.d + (week ? 7 : 1), 12, 0)), q)));
	page_set(r, "Sched.Requests", db_cell(&counts, 0, COUNTS_REQUESTS));
	page_set(r, "Sched.Checkins", db_cell(&counts, 0, COUNTS_CHECKINS));
	page_set_notice(r, KEY_DONE, "schedule.done_");
	page_set_text(r, "Page.Title", "schedule.title");
	audit(r, "schedule.view", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "schedule_day.cs");
}

enum { VISIT_PATIENT_ID, VISIT_STATUS, VISIT__COLS };
static struct db_stmt q_visit = DB_QUERY("sched_visit", VISIT__COLS,
	"SELECT patient_id, status FROM appointments WHERE id = ? AND clinic_id = ?");
static struct db_stmt q_set_status = DB_STMT("sched_set_status",
	"UPDATE appointments SET status = ?, updated_at = ? WHERE id = ? AND clinic_id = ? AND status <> 'cancelled'");

static int
post_status(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *st = req_field(r, KEY_STATUS);
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_visit, &rs, "appointment.status", "appointment");
	if (rc)
		return rc;
	if (!st->valid)
		return 400;
	if (db_cell_is(&rs, 0, VISIT_STATUS, "cancelled"))
		return 409;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	struct db_rows up;
	if (db_run(r, &q_set_status, &up, DB_ARGS(DB_STR(st->s), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	if (up.affected != 1) {
		/* Cancelled a moment ago: nothing changed, nothing to record. */
		db_rollback(r);
		return 409;
	}
	if (audit(r, "appointment.status", db_cell_int(&rs, 0, VISIT_PATIENT_ID), "appointment", id,
	    AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	const struct field *day = req_field(r, KEY_DAY);
	return redirect(r, url(r, req_printf(r, "/staff/schedule?done=status&day=%s&provider=%s&location=%s%s",
		day->valid ? day->s : "", known_provider(r), known_location(r),
		req_field(r, KEY_VIEW)->valid && req_field(r, KEY_VIEW)->i == 1 ? "&view=week" : "")));
}

/* ------------------------------------------------------------ requests */

/* The queue's columns; one request adds its status. */
enum {
	REQUEST_ID,
	REQUEST_TYPE,
	REQUEST_DAYS,
	REQUEST_TIMES,
	REQUEST_REASON,
	REQUEST_CREATED_AT,
	REQUEST_PATIENT_ID,          /* to the MRN: page_set_patient's four */
	REQUEST_FIRST,
	REQUEST_LAST,
	REQUEST_MRN,
	REQUESTS__COLS
};
enum { REQUEST_STATUS = REQUESTS__COLS, REQUEST__COLS };

/* A stored list ("mon,thu") in the reader's words: each item is the text
 * of prefix + item. */
static const char *
list_in_words(struct req *r, const char *list, const char *prefix)
{
	const char *words = "";
	for (const char *p = list; *p; ) {
		size_t n = strcspn(p, ",");
		if (n)
			words = req_printf(r, "%s%s%s", words, words[0] ? ", " : "",
				tr(r, req_printf(r, "%s%.*s", prefix, (int)n, p)));
		p += n + (p[n] == ',');
	}
	return words;
}

static void
set_request(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	time_t t = 0;
	clock_parse_sql(db_cell(rs, i, REQUEST_CREATED_AT), &t);
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, REQUEST_ID));
	page_set(r, req_printf(r, "%s.Type", b), type_name(r, db_cell(rs, i, REQUEST_TYPE), NULL));
	page_set(r, req_printf(r, "%s.Days", b), list_in_words(r, db_cell(rs, i, REQUEST_DAYS), "appointments.day_"));
	page_set(r, req_printf(r, "%s.Times", b), list_in_words(r, db_cell(rs, i, REQUEST_TIMES), "appointments."));
	page_set(r, req_printf(r, "%s.Reason", b), db_cell(rs, i, REQUEST_REASON));
	page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, t));
	page_set_patient(r, b, rs, i, REQUEST_PATIENT_ID);
}

static struct db_stmt q_requests = DB_QUERY("sched_requests", REQUESTS__COLS,
	"SELECT q.id, q.type_key, q.preferred_days, q.preferred_times, q.reason, q.created_at,"
	" p.id, p.first_name, p.last_name, p.mrn"
	" FROM appointment_requests q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
	" WHERE q.clinic_id = ? AND q.status = 'pending' ORDER BY q.created_at, q.id LIMIT 200");

static int
page_requests(struct req *r)
{
	static const struct list_page requests = { "Requests", set_request, "schedule.requests_title",
		"schedule.requests", "schedule_requests.cs" };
	return show_queue(r, &q_requests, &requests);
}

static struct db_stmt q_request = DB_QUERY("sched_request", REQUEST__COLS,
	"SELECT q.id, q.type_key, q.preferred_days, q.preferred_times, q.reason, q.created_at,"
	" p.id, p.first_name, p.last_name, p.mrn, q.status"
	" FROM appointment_requests q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
	" WHERE q.id = ? AND q.clinic_id = ?");

static int
show_request(struct req *r)
{
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_request, &rs, "schedule.request", "appointment_request");
	if (rc)
		return rc;
	set_request(r, "Request", &rs, 0);
	const char *status = db_cell(&rs, 0, REQUEST_STATUS);
	page_set(r, "Request.StatusKey", status);
	page_set_text(r, "Request.Status", req_printf(r, "appointments.request_%s", status));
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rs, 0, REQUEST_TYPE));
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
	page_set_form_key(r, KEY_IDEM);
	page_set_field(r, "Form.Note", KEY_NOTE, NULL);
	page_set_text(r, "Page.Title", "schedule.request_title");
	audit(r, "schedule.request", db_cell_int(&rs, 0, REQUEST_PATIENT_ID), "appointment_request", r->path_ids[0],
		AUDIT_SUCCESS);
	return render(r, "schedule_request.cs");
}

/* Back to the request, saying a colleague has answered it. */
static int
answered_already(struct req *r)
{
	page_error(r, NULL, "schedule.err_answered");
	return show_request(r);
}

/* A slot as the request's page offers it, "provider:location:start" (the
 * start in seconds since the epoch); false for anything else. */
static bool
slot_parse(struct req *r, const char *s, const char **provider, const char **location, time_t *start)
{
	static const char key_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789_-";
	size_t np = strspn(s, key_chars);
	if (np == 0 || np > 40 || s[np] != ':')
		return false;
	const char *l = s + np + 1;
	size_t nl = strspn(l, key_chars);
	if (nl == 0 || nl > 40 || l[nl] != ':')
		return false;
	const char *t = l + nl + 1;
	size_t nt = strspn(t, "0123456789");
	if (nt == 0 || nt > 12 || t[nt] != '\0')
		return false;
	*provider = req_strndup(r, s, np);
	*location = req_strndup(r, l, nl);
	*start = (time_t)strtoll(t, NULL, 10);
	return true;
}

static struct db_stmt q_book_insert = DB_STMT("sched_book_insert",
	"INSERT INTO appointments (clinic_id, patient_id, provider_key, location_key, type_key, visit_type,"
	" mode, starts_at, duration_min, status, reason, booked_by, idempotency_key, created_at, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 'staff', ?, ?, ?)");
/* The status check: of two staff answering one request, one wins. */
static struct db_stmt q_request_booked = DB_STMT("sched_request_booked",
	"UPDATE appointment_requests SET status = 'booked', appointment_id = ?, answered_by = ?, answered_at = ?"
	" WHERE id = ? AND clinic_id = ? AND status = 'pending'");

static int
post_request_book(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	struct db_rows rq, rs;
	int rc = load_path_or_404(r, &q_request, &rq, "appointment_request.book", "appointment_request");
	if (rc)
		return rc;
	const struct field *slot = req_field(r, KEY_SLOT), *idem = req_field(r, KEY_IDEM);
	if (!idem->valid)
		return 400;
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rq, 0, REQUEST_TYPE));
	if (!db_cell_is(&rq, 0, REQUEST_STATUS, "pending") || t == NULL)
		return answered_already(r);
	const char *provider = NULL, *location = NULL;
	time_t start = 0;
	if (!slot->valid || !slot_parse(r, slot->s, &provider, &location, &start) ||
	    !appt_slot_offered(r, t, provider, location, start)) {
		page_error(r, "slot", slot->valid ? "schedule.err_slot_taken" : "schedule.err_slot");
		return show_request(r);
	}
	long long pid = db_cell_int(&rq, 0, REQUEST_PATIENT_ID);
	char start_s[20], now_s[20];
	clock_sql(start, start_s);
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, &q_book_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(provider), DB_STR(location),
		DB_STR(t->key), DB_STR(i18n_text_get(&t->name, r->clinic->default_lang)), DB_STR(t->mode), DB_STR(start_s),
		DB_INT(t->minutes), DB_STR(db_cell(&rq, 0, REQUEST_REASON)), DB_STR(idem->s), DB_STR(now_s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		/* Sent twice: the first booked it. */
		db_rollback(r);
		return redirect(r, url(r, "/staff/schedule/requests?done=booked"));
	}
	if (rc < 0)
		goto fail;
	long long appt = rs.insert_id;
	rc = appt_occupy(r, appt, provider, start, t->minutes);
	if (rc == DB_DUPLICATE || rc == DB_CONFLICT) {
		db_rollback(r);
		page_error(r, "slot", "schedule.err_slot_taken");
		return show_request(r);
	}
	if (rc < 0 || db_run(r, &q_request_booked, &rs, DB_ARGS(DB_INT(appt), DB_INT(r->session->user_id),
	    DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0)
		goto fail;
	if (rs.affected != 1) {
		/* A colleague answered it meanwhile. */
		db_rollback(r);
		return answered_already(r);
	}
	if (appt_queue_reminders(r, pid, appt, start) < 0 ||
	    notify_patient(r, pid, "appointment_request", req_printf(r, "/appointments/%lld", appt)) < 0 ||
	    audit(r, "appointment_request.book", pid, "appointment", appt, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/staff/schedule/requests?done=booked"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static struct db_stmt q_request_declined = DB_STMT("sched_request_declined",
	"UPDATE appointment_requests SET status = 'declined', staff_note = ?, answered_by = ?, answered_at = ?"
	" WHERE id = ? AND clinic_id = ? AND status = 'pending'");

static int
post_request_decline(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	struct db_rows rq, rs;
	int rc = load_path_or_404(r, &q_request, &rq, "appointment_request.decline", "appointment_request");
	if (rc)
		return rc;
	const struct field *note = req_field(r, KEY_NOTE);
	if (!note->valid) {
		page_error(r, "note", "schedule.err_note");
		return show_request(r);
	}
	long long pid = db_cell_int(&rq, 0, REQUEST_PATIENT_ID);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_request_declined, &rs, DB_ARGS(DB_STR(note->s), DB_INT(r->session->user_id),
	    DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		return answered_already(r);
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

enum { EXCEPTION_ID, EXCEPTION_PROVIDER, EXCEPTION_STARTS_AT, EXCEPTION_ENDS_AT, EXCEPTION_REASON, EXCEPTIONS__COLS };
static struct db_stmt q_exceptions = DB_QUERY("sched_exceptions", EXCEPTIONS__COLS,
	"SELECT id, provider_key, starts_at, ends_at, reason FROM availability_exceptions"
	" WHERE clinic_id = ? AND ends_at > ? ORDER BY starts_at LIMIT 200");

static int
show_exceptions(struct req *r)
{
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, &q_exceptions, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Exceptions.%zu", i);
		const char *who = db_cell(&rs, i, EXCEPTION_PROVIDER);
		time_t s = 0, e = 0;
		clock_parse_sql(db_cell(&rs, i, EXCEPTION_STARTS_AT), &s);
		clock_parse_sql(db_cell(&rs, i, EXCEPTION_ENDS_AT), &e);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, EXCEPTION_ID));
		page_set(r, req_printf(r, "%s.Who", b), who ? provider_label(r, who) : tr(r, "schedule.whole_clinic"));
		page_set(r, req_printf(r, "%s.From", b), fmt_datetime(r, s));
		page_set(r, req_printf(r, "%s.To", b), fmt_datetime(r, e));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&rs, i, EXCEPTION_REASON));
	}
	set_choices(r);
	page_set_field(r, "Form.Provider", KEY_PROVIDER, NULL);
	page_set_field(r, "Form.FromDay", KEY_FROM_DAY, NULL);
	page_set_field(r, "Form.FromTime", KEY_FROM_TIME, "08:00");
	page_set_field(r, "Form.ToDay", KEY_TO_DAY, NULL);
	page_set_field(r, "Form.ToTime", KEY_TO_TIME, "17:00");
	page_set_field(r, "Form.Reason", KEY_REASON, NULL);
	page_set_notice(r, KEY_DONE, "schedule.done_");
	set_keeper(r);
	page_set_text(r, "Page.Title", "schedule.exceptions_title");
	return render(r, "schedule_exceptions.cs");
}

/* The instant of a day and a time of the form in the clinic's zone. */
static time_t
local_instant(struct req *r, int day_key, int time_key)
{
	const struct field *day = req_field(r, day_key), *minutes = req_field(r, time_key);
	return clock_from_local(r->clinic->timezone, day->date.y, day->date.m, day->date.d, (int)(minutes->i / 60),
		(int)(minutes->i % 60));
}

static struct db_stmt q_exception_insert = DB_STMT("sched_exception_insert",
	"INSERT INTO availability_exceptions (clinic_id, provider_key, starts_at, ends_at, reason, created_by,"
	" created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");

static int
post_exception(struct req *r)
{
	const struct field *prov = req_field(r, KEY_PROVIDER), *reason = req_field(r, KEY_REASON);
	/* None: the whole clinic is closed. */
	const char *provider = known_provider(r);
	if (prov->present && !prov->empty && !provider[0])
		page_error(r, "provider", "schedule.err_provider");
	if (!req_field(r, KEY_FROM_DAY)->valid || !req_field(r, KEY_FROM_TIME)->valid)
		page_error(r, "from_day", "schedule.err_from");
	if (!req_field(r, KEY_TO_DAY)->valid || !req_field(r, KEY_TO_TIME)->valid)
		page_error(r, "to_day", "schedule.err_to");
	if (!reason->valid)
		page_error(r, "reason", "schedule.err_reason");
	time_t from = 0, to = 0;
	if (page_error_count(r) == 0) {
		from = local_instant(r, KEY_FROM_DAY, KEY_FROM_TIME);
		to = local_instant(r, KEY_TO_DAY, KEY_TO_TIME);
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
	if (db_run(r, &q_exception_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(provider[0] ? provider : NULL),
	    DB_STR(from_s), DB_STR(to_s), DB_STR(reason->s), DB_INT(r->session->user_id), DB_STR(now_s))) < 0 ||
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
delete_row(struct req *r, struct db_stmt *stmt, const char *action, const char *object, const char *done)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, stmt, &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		return audit_not_found(r, action, 0, object, id);
	}
	if (audit(r, action, 0, object, id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, done));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static struct db_stmt q_exception_delete = DB_STMT("sched_exception_delete",
	"DELETE FROM availability_exceptions WHERE id = ? AND clinic_id = ?");

static int
post_exception_delete(struct req *r)
{
	return delete_row(r, &q_exception_delete, "availability_exception.delete", "availability_exception",
		"/staff/schedule/exceptions?done=deleted");
}

/* ------------------------------------------------------------ check-ins */

/* The queue's columns; one check-in adds what the patient gave and what
 * the chart says. */
enum {
	CHECKIN_ID,
	CHECKIN_SUBMITTED_AT,
	CHECKIN_VISIT_AT,
	CHECKIN_PROVIDER,
	CHECKIN_PATIENT_ID,          /* to the MRN: page_set_patient's four */
	CHECKIN_FIRST,
	CHECKIN_LAST,
	CHECKIN_MRN,
	CHECKINS__COLS
};
enum {
	CHECKIN_PHONE = CHECKINS__COLS,
	CHECKIN_EMAIL,
	CHECKIN_ADDRESS,
	CHECKIN_PAYER,
	CHECKIN_MEMBER_ID,
	CHECKIN_CARD_TYPE,
	CHECKIN_MEDICATIONS,
	CHECKIN_ALLERGIES,
	CHECKIN_STATUS,
	CHECKIN_CHART_PHONE,
	CHECKIN_CHART_EMAIL,
	CHECKIN_CHART_ADDRESS,
	CHECKIN__COLS
};

/* Sets <b>.Id, .Submitted, .Visit, .Provider and the patient's .PatientId,
 * .Patient and .Mrn. */
static void
set_checkin(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	time_t sub = 0, start = 0;
	clock_parse_sql(db_cell(rs, i, CHECKIN_SUBMITTED_AT), &sub);
	clock_parse_sql(db_cell(rs, i, CHECKIN_VISIT_AT), &start);
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, CHECKIN_ID));
	page_set(r, req_printf(r, "%s.Submitted", b), fmt_datetime(r, sub));
	page_set(r, req_printf(r, "%s.Visit", b), fmt_datetime(r, start));
	page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(rs, i, CHECKIN_PROVIDER)));
	page_set_patient(r, b, rs, i, CHECKIN_PATIENT_ID);
}

static struct db_stmt q_checkins = DB_QUERY("sched_checkins", CHECKINS__COLS,
	"SELECT c.id, c.submitted_at, a.starts_at, a.provider_key, p.id, p.first_name, p.last_name, p.mrn"
	" FROM checkins c JOIN appointments a ON a.id = c.appointment_id"
	" JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
	" WHERE c.clinic_id = ? AND c.status = 'pending' ORDER BY a.starts_at LIMIT 200");

static int
page_checkins(struct req *r)
{
	static const struct list_page checkins = { "Checkins", set_checkin, "schedule.checkins_title",
		"schedule.checkins", "schedule_checkins.cs" };
	return show_queue(r, &q_checkins, &checkins);
}

static struct db_stmt q_checkin = DB_QUERY("sched_checkin", CHECKIN__COLS,
	"SELECT c.id, c.submitted_at, a.starts_at, a.provider_key, p.id, p.first_name, p.last_name, p.mrn,"
	" c.phone, c.email, c.address, c.insurance_payer, c.insurance_member_id, c.card_type, c.medications,"
	" c.allergies, c.status, p.phone, p.email,"
	" CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code))"
	" FROM checkins c JOIN appointments a ON a.id = c.appointment_id"
	" JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
	" WHERE c.id = ? AND c.clinic_id = ?");

static int
page_checkin(struct req *r)
{
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_checkin, &rs, "checkin.review", "checkin");
	if (rc)
		return rc;
	static const struct {
		const char *name;
		int col;
	} given[] = {
		{ "Checkin.Phone", CHECKIN_PHONE }, { "Checkin.Email", CHECKIN_EMAIL },
		{ "Checkin.Address", CHECKIN_ADDRESS }, { "Checkin.Payer", CHECKIN_PAYER },
		{ "Checkin.MemberId", CHECKIN_MEMBER_ID }, { "Checkin.Medications", CHECKIN_MEDICATIONS },
		{ "Checkin.Allergies", CHECKIN_ALLERGIES }, { "Chart.Phone", CHECKIN_CHART_PHONE },
		{ "Chart.Email", CHECKIN_CHART_EMAIL }, { "Chart.Address", CHECKIN_CHART_ADDRESS },
	};
	for (size_t k = 0; k < sizeof(given) / sizeof(given[0]); k++)
		page_set(r, given[k].name, db_cell(&rs, 0, given[k].col));
	set_checkin(r, "Checkin", &rs, 0);
	page_set(r, "Checkin.HasCard", db_cell(&rs, 0, CHECKIN_CARD_TYPE) ? "1" : NULL);
	page_set(r, "Checkin.Reviewed", db_cell_is(&rs, 0, CHECKIN_STATUS, "reviewed") ? "1" : NULL);
	page_set_text(r, "Page.Title", "schedule.checkin_title");
	audit(r, "checkin.review", db_cell_int(&rs, 0, CHECKIN_PATIENT_ID), "checkin", r->path_ids[0], AUDIT_SUCCESS);
	return render(r, "schedule_checkin.cs");
}

enum { CARD_TYPE, CARD_DATA, CARD_PATIENT_ID, CARD__COLS };
static struct db_stmt q_checkin_card = DB_QUERY("sched_checkin_card", CARD__COLS,
	"SELECT card_type, card_data, patient_id FROM checkins WHERE id = ? AND clinic_id = ? AND card_data IS NOT NULL");

static int
page_checkin_card(struct req *r)
{
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_checkin_card, &rs, "checkin.card", "checkin");
	if (rc)
		return rc;
	const char *type = db_cell(&rs, 0, CARD_TYPE);
	const char *name = strcmp(type, "application/pdf") == 0 ? "insurance-card.pdf" :
		strcmp(type, "image/png") == 0 ? "insurance-card.png" : "insurance-card.jpg";
	audit(r, "checkin.card", db_cell_int(&rs, 0, CARD_PATIENT_ID), "checkin", r->path_ids[0], AUDIT_SUCCESS);
	return respond_download(r, name, type, db_cell(&rs, 0, CARD_DATA), db_cell_len(&rs, 0, CARD_DATA));
}

static struct db_stmt q_checkin_reviewed = DB_STMT("sched_checkin_reviewed",
	"UPDATE checkins SET status = 'reviewed', reviewed_by = ?, reviewed_at = ? WHERE id = ? AND clinic_id = ?"
	" AND status = 'pending'");

static int
post_checkin_reviewed(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs, up;
	int rc = load_path_or_404(r, &q_checkin, &rs, "checkin.reviewed", "checkin");
	if (rc)
		return rc;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_checkin_reviewed, &up, DB_ARGS(DB_INT(r->session->user_id), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	if (up.affected != 1) {
		/* Reviewed already (a second click, an old tab): the first stands. */
		db_rollback(r);
		return redirect(r, url(r, "/staff/schedule/checkins?done=reviewed"));
	}
	if (audit(r, "checkin.reviewed", db_cell_int(&rs, 0, CHECKIN_PATIENT_ID), "checkin", id, AUDIT_SUCCESS) < 0 ||
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
	page_set_field(r, "Form.Provider", KEY_PROVIDER, NULL);
	page_set_field(r, "Form.Location", KEY_LOCATION, NULL);
	page_set_field(r, "Form.FromTime", KEY_FROM_TIME, "08:00");
	page_set_field(r, "Form.ToTime", KEY_TO_TIME, "12:00");
	page_set_notice(r, KEY_DONE, "schedule.done_");
	set_keeper(r);
	page_set_text(r, "Page.Title", "schedule.hours_title");
	return render(r, "schedule_hours.cs");
}

static struct db_stmt q_hours_insert = DB_STMT("sched_hours_insert",
	"INSERT INTO provider_hours (clinic_id, provider_key, location_key, days, from_min, to_min, created_by,"
	" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

static int
post_hours(struct req *r)
{
	const char *provider = known_provider(r), *location = known_location(r);
	const struct field *from = req_field(r, KEY_FROM_TIME), *to = req_field(r, KEY_TO_TIME);
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
	if (!from->valid || !to->valid || from->i % 5 || to->i % 5 || to->i <= from->i)
		page_error(r, "from_time", "schedule.err_hours");
	if (page_error_count(r))
		return show_hours(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_hours_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(provider), DB_STR(location),
	    DB_INT(days), DB_INT(from->i), DB_INT(to->i), DB_INT(r->session->user_id), DB_STR(now_s))) < 0 ||
	    audit(r, "provider_hours.add", 0, "provider_hours", rs.insert_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/schedule/hours?done=hours_added"));
}

static struct db_stmt q_hours_delete = DB_STMT("sched_hours_delete",
	"DELETE FROM provider_hours WHERE id = ? AND clinic_id = ?");

static int
post_hours_delete(struct req *r)
{
	return delete_row(r, &q_hours_delete, "provider_hours.delete", "provider_hours",
		"/staff/schedule/hours?done=hours_deleted");
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff/schedule", ACCESS_STAFF, page_schedule, 0, 0 },
	{ HTTP_POST, "/staff/schedule/appointments/:id/status", ACCESS_STAFF, post_status, 0, 0 },
	{ HTTP_GET, "/staff/schedule/requests", ACCESS_STAFF, page_requests, 0, 0 },
	{ HTTP_GET, "/staff/schedule/requests/:id", ACCESS_STAFF, show_request, 0, 0 },
	{ HTTP_POST, "/staff/schedule/requests/:id/book", ACCESS_STAFF, post_request_book, 0, 0 },
	{ HTTP_POST, "/staff/schedule/requests/:id/decline", ACCESS_STAFF, post_request_decline, 0, 0 },
	{ HTTP_GET, "/staff/schedule/exceptions", ACCESS_STAFF, show_exceptions, 0, 0 },
	{ HTTP_POST, "/staff/schedule/exceptions", ACCESS_SCHEDULE_KEEPERS, post_exception, 0, 0 },
	{ HTTP_POST, "/staff/schedule/exceptions/:id/delete", ACCESS_SCHEDULE_KEEPERS, post_exception_delete, 0, 0 },
	{ HTTP_GET, "/staff/schedule/hours", ACCESS_STAFF, show_hours, 0, 0 },
	{ HTTP_POST, "/staff/schedule/hours", ACCESS_SCHEDULE_KEEPERS, post_hours, 0, 0 },
	{ HTTP_POST, "/staff/schedule/hours/:id/delete", ACCESS_SCHEDULE_KEEPERS, post_hours_delete, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins", ACCESS_STAFF, page_checkins, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins/:id", ACCESS_STAFF, page_checkin, 0, 0 },
	{ HTTP_GET, "/staff/schedule/checkins/:id/card", ACCESS_STAFF, page_checkin_card, 0, 0 },
	{ HTTP_POST, "/staff/schedule/checkins/:id/reviewed", ACCESS_STAFF, post_checkin_reviewed, 0, 0 },
};

PORTAL_MAIN(.name = "schedule", ROUTES(routes), FIELDS(fields));
