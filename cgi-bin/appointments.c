/*
 * appointments: the patient's visits. Upcoming and past visits with their
 * calendar file; booking an open slot (type, then a week of slots, then
 * confirm) or asking for a visit of a type staff schedule; cancelling
 * before the clinic's cut-off and rescheduling (one transaction that takes
 * the new slot and gives the old one back); the waitlist for an earlier
 * slot; e-check-in; the video visit's join link; and the signed link of a
 * reminder, which confirms or cancels one visit without signing in.
 *
 * A slot is taken by inserting the provider's 5-minute cells it covers
 * (appt_occupy): the database refuses the second of two bookings of one
 * slot, however close together they come.
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS_MAX 400          /* a week of one type's slots, all providers */
#define CARD_BODY_MAX (5L * 1024 * 1024 + 64 * 1024)

enum key {
	KEY_TYPE,
	KEY_PROVIDER,
	KEY_LOCATION,
	KEY_START,
	KEY_WEEK,
	KEY_IDEM,
	KEY_RESCHEDULE,
	KEY_TOKEN,
	KEY_ACTION,
	KEY_REASON,
	KEY_DAY_MON,
	KEY_DAY_TUE,
	KEY_DAY_WED,
	KEY_DAY_THU,
	KEY_DAY_FRI,
	KEY_DAY_SAT,
	KEY_MORNING,
	KEY_AFTERNOON,
	KEY_PHONE,
	KEY_EMAIL,
	KEY_ADDRESS,
	KEY_PAYER,
	KEY_MEMBER_ID,
	KEY_MEDICATIONS,
	KEY_ALLERGIES,
	KEY_DONE,
	KEY__MAX
};

static const char *const actions[] = { "confirm", "cancel", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_TYPE] = { "type", FIELD_TOKEN, 1, 40, NULL },
	[KEY_PROVIDER] = { "provider", FIELD_TOKEN, 1, 40, NULL },
	[KEY_LOCATION] = { "location", FIELD_TOKEN, 1, 40, NULL },
	[KEY_START] = { "start", FIELD_INT, 1, 8589934591LL, NULL },
	[KEY_WEEK] = { "week", FIELD_DATE, 0, 0, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	/* Empty when the form books a new visit rather than moving one. */
	[KEY_RESCHEDULE] = { "reschedule", FIELD_INT, 1, 9007199254740991LL, NULL, .optional = true },
	[KEY_TOKEN] = { "t", FIELD_TOKEN, 20, 100, NULL },
	[KEY_ACTION] = { "action", FIELD_ENUM, 0, 0, actions },
	[KEY_REASON] = { "reason", FIELD_TEXT, 1, 300, NULL },
	[KEY_DAY_MON] = { "day_mon", FIELD_INT, 0, 1, NULL },
	[KEY_DAY_TUE] = { "day_tue", FIELD_INT, 0, 1, NULL },
	[KEY_DAY_WED] = { "day_wed", FIELD_INT, 0, 1, NULL },
	[KEY_DAY_THU] = { "day_thu", FIELD_INT, 0, 1, NULL },
	[KEY_DAY_FRI] = { "day_fri", FIELD_INT, 0, 1, NULL },
	[KEY_DAY_SAT] = { "day_sat", FIELD_INT, 0, 1, NULL },
	[KEY_MORNING] = { "time_morning", FIELD_INT, 0, 1, NULL },
	[KEY_AFTERNOON] = { "time_afternoon", FIELD_INT, 0, 1, NULL },
	/* Check-in: whatever the patient leaves empty is "not given". The
	 * phone's max is that of its column (checkins.phone), which the phone
	 * type does not bound: see post_checkin. */
	[KEY_PHONE] = { "phone", FIELD_PHONE, 0, 40, NULL, .optional = true },
	[KEY_EMAIL] = { "email", FIELD_EMAIL, .optional = true },
	[KEY_ADDRESS] = { "address", FIELD_TEXT, 1, 300, NULL, .optional = true },
	[KEY_PAYER] = { "insurance_payer", FIELD_TEXT, 1, 120, NULL, .optional = true },
	[KEY_MEMBER_ID] = { "insurance_member_id", FIELD_TEXT, 1, 60, NULL, .optional = true },
	[KEY_MEDICATIONS] = { "medications", FIELD_MULTILINE, 1, 2000, NULL, .optional = true },
	[KEY_ALLERGIES] = { "allergies", FIELD_MULTILINE, 1, 2000, NULL, .optional = true },
	[KEY_DONE] = { "done", FIELD_TOKEN, 1, 20, NULL },
	/* Only whether it was sent matters (a reminder link's page): the
	 * request loop has applied the language already. */
};

/* A visit's columns: every query of one visit selects these first. */
#define VISIT_COLS "a.id, a.starts_at, a.duration_min, a.provider_key, a.location_key, a.type_key, a.visit_type," \
	" a.mode, a.status, a.reason, a.instructions, a.confirmed_at, a.checked_in_at"
enum {
	VISIT_ID, VISIT_START, VISIT_MINUTES, VISIT_PROVIDER, VISIT_LOCATION, VISIT_TYPE, VISIT_TYPE_NAME,
	VISIT_MODE, VISIT_STATUS, VISIT_REASON, VISIT_INSTRUCTIONS, VISIT_CONFIRMED, VISIT_CHECKED_IN, VISIT__COLS
};

/* An offer's columns: the list of open offers selects these, one offer
 * these and more. */
enum { OFFER_ID, OFFER_START, OFFER_PROVIDER, OFFER_LOCATION, OFFER_EXPIRES, OFFER__COLS };

/* ------------------------------------------------------------- helpers */

static const char *
type_name(struct req *r, const char *type_key, const char *fallback)
{
	const struct appt_type *t = clinic_appt_type(r->clinic, type_key);
	return t ? i18n_text_get(&t->name, r->lang) : fallback;
}

static const char *
map_url(struct req *r, const char *address)
{
	return req_printf(r, "https://www.openstreetmap.org/search?query=%s", url_encode(r, address));
}

/* The video room of a visit: derived from its id with the installation's
 * key, so it cannot be guessed from another visit's. */
static const char *
room_url(struct req *r, long long id)
{
	unsigned char mac[32];
	char data[64], room[45];
	int n = snprintf(data, sizeof(data), "room:%lld:%lld", clinic_id(r), id);
	crypto_hmac(data, (size_t)n, mac);
	crypto_base64url(mac, 16, room);
	const char *tmpl = r->clinic->telehealth_url, *at = strstr(tmpl, "{room}");
	return req_printf(r, "%.*s%s%s", (int)(at - tmpl), tmpl, room, at + 6);
}

/* A patient who has been seen is an established patient. */
enum { ESTABLISHED_VISITS, ESTABLISHED__COLS };
static struct db_stmt q_appt_established = DB_QUERY("appt_established", ESTABLISHED__COLS,
	"SELECT COUNT(*) FROM appointments WHERE clinic_id = ? AND patient_id = ?"
	" AND status IN ('completed', 'arrived')");

static bool
established(struct req *r)
{
	struct db_rows rs;
	return db_run(r, &q_appt_established, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)))) == 0 &&
		db_cell_int(&rs, 0, ESTABLISHED_VISITS) > 0;
}

/* Whether this patient may book or ask for this type. */
static bool
type_open_to(struct req *r, const struct appt_type *t, bool is_established)
{
	if (strcmp(t->patients, "new") == 0)
		return !is_established;
	if (strcmp(t->patients, "established") == 0)
		return is_established;
	return true;
}

static time_t
cutoff(struct req *r)
{
	return clock_now() + (time_t)r->clinic->cancel_cutoff_hours * 3600;
}

/* Fills Base.* with one visit of a VISIT_COLS row. */
static void
set_visit(struct req *r, const char *base, const struct db_rows *rs, size_t i)
{
	const struct clinic *c = r->clinic;
	time_t t = db_cell_time(rs, i, VISIT_START);
	const struct clinic_location *loc = clinic_location(c, db_cell(rs, i, VISIT_LOCATION));
	page_set(r, req_printf(r, "%s.Id", base), db_cell(rs, i, VISIT_ID));
	page_set(r, req_printf(r, "%s.When", base), fmt_datetime(r, t));
	page_set(r, req_printf(r, "%s.Date", base), fmt_date(r, t));
	page_set(r, req_printf(r, "%s.Time", base), fmt_time(r, t));
	page_set(r, req_printf(r, "%s.Minutes", base), db_cell(rs, i, VISIT_MINUTES));
	page_set(r, req_printf(r, "%s.Provider", base), provider_label(r, db_cell(rs, i, VISIT_PROVIDER)));
	page_set(r, req_printf(r, "%s.Type", base), type_name(r, db_cell(rs, i, VISIT_TYPE),
		db_cell(rs, i, VISIT_TYPE_NAME)));
	page_set(r, req_printf(r, "%s.Location", base), loc ? loc->name : db_cell(rs, i, VISIT_LOCATION));
	if (loc) {
		page_set(r, req_printf(r, "%s.Address", base), loc->address);
		page_set(r, req_printf(r, "%s.MapUrl", base), map_url(r, loc->address));
	}
	if (db_cell_is(rs, i, VISIT_MODE, "video"))
		page_set(r, req_printf(r, "%s.Video", base), "1");
	const char *status = db_cell(rs, i, VISIT_STATUS);
	page_set(r, req_printf(r, "%s.StatusKey", base), status);
	page_set_text(r, req_printf(r, "%s.Status", base), req_printf(r, "appointment.status_%s", status));
	if (db_cell(rs, i, VISIT_CHECKED_IN) && strcmp(status, "scheduled") == 0)
		page_set_text(r, req_printf(r, "%s.Status", base), "appointment.status_checked_in_online");
	if (db_cell(rs, i, VISIT_CONFIRMED))
		page_set(r, req_printf(r, "%s.Confirmed", base), "1");
}

/* Fills Base.* with one offer of an OFFER__COLS row. */
static void
set_offer(struct req *r, const char *base, const struct db_rows *rs, size_t i)
{
	const struct clinic_location *loc = clinic_location(r->clinic, db_cell(rs, i, OFFER_LOCATION));
	page_set(r, req_printf(r, "%s.Id", base), db_cell(rs, i, OFFER_ID));
	page_set(r, req_printf(r, "%s.When", base), fmt_datetime(r, db_cell_time(rs, i, OFFER_START)));
	page_set(r, req_printf(r, "%s.Provider", base), provider_label(r, db_cell(rs, i, OFFER_PROVIDER)));
	page_set(r, req_printf(r, "%s.Location", base), loc ? loc->name : db_cell(rs, i, OFFER_LOCATION));
	page_set(r, req_printf(r, "%s.Expires", base), fmt_datetime(r, db_cell_time(rs, i, OFFER_EXPIRES)));
}

/* The notice of what was just done (?done=), when this page has one. */
static void
set_notice(struct req *r, const char *const *known)
{
	const char *done = req_field(r, KEY_DONE)->s;
	for (; done && *known; known++) {
		if (strcmp(done, *known) == 0) {
			page_set_text(r, "Page.Notice", req_printf(r, "appointments.notice_%s", done));
			return;
		}
	}
}

/* After a change to a visit: its page, with the notice of what changed. */
static int
visit_done(struct req *r, long long id, const char *done)
{
	return redirect(r, url(r, req_printf(r, "/appointments/%lld?done=%s", id, done)));
}

/* -------------------------------------------------------------- lists */

static struct db_stmt q_appt_upcoming = DB_QUERY("appt_upcoming", VISIT__COLS,
	"SELECT " VISIT_COLS " FROM appointments a WHERE a.clinic_id = ? AND a.patient_id = ?"
	" AND a.starts_at >= ? AND a.status IN ('scheduled', 'arrived') ORDER BY a.starts_at LIMIT 50");
static struct db_stmt q_appt_past = DB_QUERY("appt_past", VISIT__COLS,
	"SELECT " VISIT_COLS " FROM appointments a WHERE a.clinic_id = ? AND a.patient_id = ?"
	" AND (a.starts_at < ? OR a.status NOT IN ('scheduled', 'arrived'))"
	" ORDER BY a.starts_at DESC LIMIT 20");
enum { REQUEST_ID, REQUEST_TYPE, REQUEST_STATUS, REQUEST_NOTE, REQUEST_CREATED, REQUEST_VISIT, REQUEST__COLS };
static struct db_stmt q_appt_requests = DB_QUERY("appt_requests", REQUEST__COLS,
	"SELECT id, type_key, status, staff_note, created_at, appointment_id FROM appointment_requests"
	" WHERE clinic_id = ? AND patient_id = ? AND (status = 'pending' OR created_at >= ?)"
	" ORDER BY created_at DESC LIMIT 20");
static struct db_stmt q_offers_open = DB_QUERY("offers_open", OFFER__COLS,
	"SELECT o.id, o.starts_at, o.provider_key, o.location_key, o.expires_at FROM waitlist_offers o"
	" WHERE o.clinic_id = ? AND o.patient_id = ? AND o.status = 'open' AND o.expires_at > ?"
	" ORDER BY o.starts_at");

static int
page_list(struct req *r)
{
	long long cid = clinic_id(r), pid = req_patient(r);
	char since[20], now_s[20], recent[20];
	time_t now = clock_now();
	/* A visit that began up to an hour ago is still "upcoming". */
	clock_sql(now - 3600, since);
	clock_sql(now, now_s);
	clock_sql(now - 30 * 86400, recent);
	struct db_rows up, past, rq, of;
	if (db_run(r, &q_appt_upcoming, &up, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(since))) < 0 ||
	    db_run(r, &q_appt_past, &past, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(since))) < 0 ||
	    db_run(r, &q_appt_requests, &rq, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(recent))) < 0 ||
	    db_run(r, &q_offers_open, &of, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < up.nrows; i++)
		set_visit(r, req_printf(r, "Upcoming.%zu", i), &up, i);
	for (size_t i = 0; i < past.nrows; i++)
		set_visit(r, req_printf(r, "Past.%zu", i), &past, i);
	for (size_t i = 0; i < rq.nrows; i++) {
		const char *b = req_printf(r, "Requests.%zu", i);
		const char *type = db_cell(&rq, i, REQUEST_TYPE);
		page_set(r, req_printf(r, "%s.Type", b), type_name(r, type, type));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "appointments.request_%s",
			db_cell(&rq, i, REQUEST_STATUS)));
		page_set(r, req_printf(r, "%s.Note", b), db_cell(&rq, i, REQUEST_NOTE));
		page_set(r, req_printf(r, "%s.When", b), fmt_date(r, db_cell_time(&rq, i, REQUEST_CREATED)));
		page_set(r, req_printf(r, "%s.AppointmentId", b), db_cell(&rq, i, REQUEST_VISIT));
	}
	for (size_t i = 0; i < of.nrows; i++)
		set_offer(r, req_printf(r, "Offers.%zu", i), &of, i);
	set_notice(r, (const char *const[]){ "cancelled", "requested", NULL });
	page_set_text(r, "Page.Title", "appointments.title");
	audit(r, "appointments.list", pid, NULL, 0, AUDIT_SUCCESS);
	return render(r, "appointments_list.cs");
}

static struct db_stmt q_appt_visit = DB_QUERY("appt_visit", VISIT__COLS,
	"SELECT " VISIT_COLS " FROM appointments a WHERE a.id = ? AND a.clinic_id = ? AND a.patient_id = ?");

/* Loads one of the patient's visits: 0, 404 (someone else's, or no such
 * visit: audited) or PORTAL_ERR. */
static int
load_visit(struct req *r, long long id, const char *action, struct db_rows *rs)
{
	long long pid = req_patient(r);
	return load_or_404(r, &q_appt_visit, rs, (struct audit_object){ action, pid, "appointment", id },
		DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid)));
}

enum { WAITLIST_ID, WAITLIST_STATUS, WAITLIST__COLS };
static struct db_stmt q_waitlist_of = DB_QUERY("waitlist_of", WAITLIST__COLS,
	"SELECT id, status FROM waitlist WHERE appointment_id = ? AND clinic_id = ? AND patient_id = ?");
enum { CHECKIN_STATUS, CHECKIN_SUBMITTED, CHECKIN__COLS };
static struct db_stmt q_checkin = DB_QUERY("checkin", CHECKIN__COLS,
	"SELECT status, submitted_at FROM checkins WHERE appointment_id = ? AND clinic_id = ? AND patient_id = ?");

static int
page_visit(struct req *r)
{
	const struct clinic *c = r->clinic;
	long long id = r->path_ids[0], pid = req_patient(r);
	struct db_rows rs, wl, ci;
	int rc = load_visit(r, id, "appointment.view", &rs);
	if (rc)
		return rc;
	set_visit(r, "Appt", &rs, 0);
	page_set(r, "Appt.Reason", db_cell(&rs, 0, VISIT_REASON));
	const struct appt_type *t = clinic_appt_type(c, db_cell(&rs, 0, VISIT_TYPE));
	const char *instructions = db_cell(&rs, 0, VISIT_INSTRUCTIONS);
	page_set(r, "Appt.Instructions", instructions ? instructions :
		t && t->instructions.v[r->lang] ? i18n_text_get(&t->instructions, r->lang) : NULL);
	time_t start = db_cell_time(&rs, 0, VISIT_START), now = clock_now();
	time_t end = start + (time_t)db_cell_int(&rs, 0, VISIT_MINUTES) * 60;
	bool active = db_cell_is(&rs, 0, VISIT_STATUS, "scheduled") && start > now;
	if (active) {
		page_set(r, "Appt.Active", "1");
		if (start > cutoff(r)) {
			page_set(r, "Appt.CanCancel", "1");
			if (t && strcmp(t->scheduling, "self") == 0)
				page_set(r, "Appt.CanReschedule", "1");
		} else {
			page_set(r, "Appt.CallToCancel", "1");
			page_set_int(r, "Appt.CutoffHours", c->cancel_cutoff_hours);
		}
		/* The waitlist: only for a type patients book themselves. */
		if (t && strcmp(t->scheduling, "self") == 0) {
			if (db_run(r, &q_waitlist_of, &wl, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid))) < 0)
				return PORTAL_ERR;
			page_set(r, "Appt.CanWait", "1");
			if (wl.nrows == 1 && db_cell_is(&wl, 0, WAITLIST_STATUS, "waiting"))
				page_set(r, "Appt.Waiting", "1");
		}
		time_t opens = start - (time_t)c->checkin_opens_hours * 3600;
		if (db_run(r, &q_checkin, &ci, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid))) < 0)
			return PORTAL_ERR;
		if (ci.nrows == 1)
			page_set(r, "Appt.CheckedIn", "1");
		else if (now >= opens)
			page_set(r, "Appt.CanCheckIn", "1");
		else
			page_set(r, "Appt.CheckInOpens", fmt_datetime(r, opens));
	}
	if (db_cell_is(&rs, 0, VISIT_MODE, "video") && c->telehealth_url &&
	    !db_cell_is(&rs, 0, VISIT_STATUS, "cancelled") && now < end) {
		time_t opens = start - (time_t)c->telehealth_join_minutes * 60;
		if (now >= opens)
			page_set(r, "Appt.JoinUrl", url(r, req_printf(r, "/appointments/%lld/join", id)));
		else
			page_set(r, "Appt.JoinOpens", fmt_datetime(r, opens));
	}
	set_notice(r, (const char *const[]){ "booked", "moved", "checkedin", "waiting", "notwaiting", NULL });
	page_set_text(r, "Page.Title", "appointment.title");
	audit(r, "appointment.view", pid, "appointment", id, AUDIT_SUCCESS);
	return render(r, "appointment_detail.cs");
}

/* ------------------------------------------------------------- calendar */

static int
page_calendar(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	int rc = load_visit(r, id, "appointment.calendar", &rs);
	if (rc)
		return rc;
	const struct clinic *c = r->clinic;
	time_t start = db_cell_time(&rs, 0, VISIT_START);
	const struct clinic_location *loc = clinic_location(c, db_cell(&rs, 0, VISIT_LOCATION));
	bool video = db_cell_is(&rs, 0, VISIT_MODE, "video");
	char host[120];
	const char *h = strstr(portal_conf->public_url, "://");
	snprintf(host, sizeof(host), "%s", h ? h + 3 : portal_conf->public_url);
	host[strcspn(host, ":/")] = '\0';
	struct ics_event e = {
		.uid = req_printf(r, "appointment-%lld.%lld@%s", id, clinic_id(r), host),
		.start = start,
		.end = start + (time_t)db_cell_int(&rs, 0, VISIT_MINUTES) * 60,
		.stamp = clock_now(),
		.tz = c->timezone,
		.summary = req_printf(r, "%s: %s", c->short_name, provider_label(r, db_cell(&rs, 0, VISIT_PROVIDER))),
		.location = video ? tr(r, "home.video") : loc ? req_printf(r, "%s, %s", loc->name, loc->address) : NULL,
		.description = req_printf(r, "%s %s", tr(r, "appointments.ics_call"), c->phone),
		.url = req_printf(r, "%s%s", portal_conf->public_url, url(r, req_printf(r, "/appointments/%lld", id))),
		.cancelled = db_cell_is(&rs, 0, VISIT_STATUS, "cancelled"),
	};
	size_t len;
	char *ics = ics_calendar(&e, &len);
	if (ics == NULL)
		return 500;
	char *body = req_alloc(r, len + 1);
	memcpy(body, ics, len + 1);
	free(ics);
	audit(r, "appointment.calendar", req_patient(r), "appointment", id, AUDIT_SUCCESS);
	return respond_download(r, "visit.ics", "text/calendar; charset=utf-8", body, len);
}

/* -------------------------------------------------------------- booking */

/* Step 1: the types this patient may book or ask for. */
static int
page_types(struct req *r)
{
	const struct clinic *c = r->clinic;
	const struct field *f = req_field(r, KEY_RESCHEDULE);
	const char *resched = f->valid && !f->empty ? req_printf(r, "&reschedule=%lld", f->i) : "";
	bool est = established(r);
	int n = 0;
	for (size_t i = 0; i < c->nappt_types; i++) {
		const struct appt_type *t = &c->appt_types[i];
		if (!type_open_to(r, t, est))
			continue;
		const char *b = req_printf(r, "Types.%d", n++);
		page_set(r, req_printf(r, "%s.Name", b), i18n_text_get(&t->name, r->lang));
		page_set_int(r, req_printf(r, "%s.Minutes", b), t->minutes);
		if (strcmp(t->mode, "video") == 0)
			page_set(r, req_printf(r, "%s.Video", b), "1");
		if (strcmp(t->scheduling, "self") == 0)
			page_set(r, req_printf(r, "%s.Href", b), url(r, req_printf(r, "/appointments/book/slots?type=%s%s",
				t->key, resched)));
		else
			page_set(r, req_printf(r, "%s.Href", b), url(r, req_printf(r, "/appointments/request?type=%s",
				t->key)));
		if (strcmp(t->scheduling, "request") == 0)
			page_set(r, req_printf(r, "%s.Request", b), "1");
	}
	page_set_text(r, "Page.Title", "appointments.book_title");
	return render(r, "appointments_types.cs");
}

/* The type the form names, if it is scheduled that way ("self": patients
 * book it; "request": they ask and staff book) and this patient may have
 * it; or NULL. */
static const struct appt_type *
form_type(struct req *r, const char *scheduling)
{
	const struct field *f = req_field(r, KEY_TYPE);
	const struct appt_type *t = f->valid ? clinic_appt_type(r->clinic, f->s) : NULL;
	if (t == NULL || strcmp(t->scheduling, scheduling) != 0 || !type_open_to(r, t, established(r)))
		return NULL;
	return t;
}

/* The visit being moved, when the form names one: it must be the
 * patient's, scheduled, and before the cut-off. 0 when fine (or none),
 * else a status. */
static int
check_reschedule(struct req *r, long long *old_id)
{
	const struct field *f = req_field(r, KEY_RESCHEDULE);
	*old_id = 0;
	if (!f->present || f->empty)
		return 0;
	if (!f->valid)
		return 400;
	struct db_rows rs;
	int rc = load_visit(r, f->i, "appointment.reschedule", &rs);
	if (rc)
		return rc;
	if (!db_cell_is(&rs, 0, VISIT_STATUS, "scheduled") || db_cell_time(&rs, 0, VISIT_START) <= cutoff(r))
		return 409;
	*old_id = f->i;
	return 0;
}

/* Step 2: a week of open slots of one type, by day. */
static int
show_slots(struct req *r, const struct appt_type *t)
{
	const struct clinic *c = r->clinic;
	const struct field *week = req_field(r, KEY_WEEK), *prov = req_field(r, KEY_PROVIDER);
	long long old_id;
	int rc = check_reschedule(r, &old_id);
	if (rc)
		return rc;
	const char *provider = prov->valid && clinic_provider(c, prov->s) && appt_type_offered_by(t, prov->s) ?
		prov->s : NULL;
	time_t now = clock_now(), from = now;
	if (week->valid) {
		time_t day = clock_from_local(c->timezone, week->date.y, week->date.m, week->date.d, 0, 0);
		if (day > from)
			from = day;
	}
	/* The week starts on the clinic's day of from. */
	struct tm first;
	clock_local(c->timezone, from, &first);
	int y = first.tm_year + 1900, m = first.tm_mon + 1, d = first.tm_mday;
	time_t day0 = clock_from_local(c->timezone, y, m, d, 0, 0);
	time_t to = clock_from_local(c->timezone, y, m, d + 7, 0, 0);
	struct open_slot *slots = req_alloc(r, SLOTS_MAX * sizeof(*slots));
	long n = appt_find_slots(r, t, provider, from, to, slots, SLOTS_MAX);
	if (n < 0)
		return PORTAL_ERR;
	const char *resched = old_id ? req_printf(r, "&reschedule=%lld", old_id) : "";
	const char *pq = provider ? req_printf(r, "&provider=%s", provider) : "";
	/* Seven days, each with its slots (a day without any says so). */
	long k = 0;
	for (int i = 0; i < 7; i++) {
		time_t ds = clock_from_local(c->timezone, y, m, d + i, 0, 0);
		time_t de = clock_from_local(c->timezone, y, m, d + i + 1, 0, 0);
		const char *b = req_printf(r, "Days.%d", i);
		page_set(r, req_printf(r, "%s.Label", b), fmt_date(r, clock_from_local(c->timezone, y, m, d + i, 12, 0)));
		int ns = 0;
		for (; k < n && slots[k].start < de; k++) {
			/* With any provider, each time once (the first provider
			 * free then): a phone shows a short list. */
			if (slots[k].start < ds || (provider == NULL && k > 0 && slots[k - 1].start == slots[k].start))
				continue;
			const char *sb = req_printf(r, "%s.Slots.%d", b, ns++);
			page_set(r, req_printf(r, "%s.Time", sb), fmt_time(r, slots[k].start));
			page_set(r, req_printf(r, "%s.Provider", sb), provider_label(r, slots[k].provider));
			const struct clinic_location *loc = clinic_location(c, slots[k].location);
			page_set(r, req_printf(r, "%s.Location", sb), loc ? loc->name : slots[k].location);
			page_set(r, req_printf(r, "%s.Href", sb), url(r, req_printf(r,
				"/appointments/book/confirm?type=%s&provider=%s&location=%s&start=%lld%s", t->key,
				slots[k].provider, slots[k].location, (long long)slots[k].start, resched)));
		}
	}
	page_set(r, "Slots.Type", i18n_text_get(&t->name, r->lang));
	page_set(r, "Slots.TypeKey", t->key);
	page_set(r, "Slots.Count", req_printf(r, "%ld", n));
	page_set(r, "Slots.Reschedule", old_id ? req_printf(r, "%lld", old_id) : NULL);
	page_set(r, "Slots.Provider", provider);
	for (size_t i = 0; i < t->providers.n; i++) {
		page_set(r, req_printf(r, "Providers.%zu.Key", i), t->providers.items[i]);
		page_set(r, req_printf(r, "Providers.%zu.Name", i), provider_label(r, t->providers.items[i]));
	}
	if (day0 > now)
		page_set(r, "Slots.Prev", url(r, req_printf(r, "/appointments/book/slots?type=%s&week=%s%s%s", t->key,
			fmt_local_day(r, clock_from_local(c->timezone, y, m, d - 7, 12, 0)), pq, resched)));
	if (to < now + (time_t)c->booking_horizon_days * 86400)
		page_set(r, "Slots.Next", url(r, req_printf(r, "/appointments/book/slots?type=%s&week=%s%s%s", t->key,
			fmt_local_day(r, clock_from_local(c->timezone, y, m, d + 7, 12, 0)), pq, resched)));
	page_set_text(r, "Page.Title", "appointments.slots_title");
	return render(r, "appointments_slots.cs");
}

static int
page_slots(struct req *r)
{
	const struct appt_type *t = form_type(r, "self");
	return t ? show_slots(r, t) : 404;
}

/* The slot named by the form, when it is one this type offers now. */
static bool
chosen_slot(struct req *r, const struct appt_type *t, const char **provider, const char **location,
	time_t *start)
{
	const struct field *p = req_field(r, KEY_PROVIDER), *l = req_field(r, KEY_LOCATION);
	const struct field *s = req_field(r, KEY_START);
	if (!p->valid || !l->valid || !s->valid || !appt_type_offered_by(t, p->s))
		return false;
	*provider = p->s;
	*location = l->s;
	*start = (time_t)s->i;
	return appt_slot_offered(r, t, p->s, l->s, (time_t)s->i);
}

/* Back to the week of slots, saying the chosen one is gone. */
static int
slot_gone(struct req *r, const struct appt_type *t)
{
	page_error(r, NULL, "appointments.err_slot_taken");
	return show_slots(r, t);
}

/* Step 3: what is about to be booked, and the button. */
static int
page_confirm(struct req *r)
{
	const struct appt_type *t = form_type(r, "self");
	if (t == NULL)
		return 404;
	long long old_id;
	int rc = check_reschedule(r, &old_id);
	if (rc)
		return rc;
	const char *provider, *location;
	time_t start;
	if (!chosen_slot(r, t, &provider, &location, &start))
		return slot_gone(r, t);
	const struct clinic_location *loc = clinic_location(r->clinic, location);
	page_set(r, "Confirm.Type", i18n_text_get(&t->name, r->lang));
	page_set(r, "Confirm.TypeKey", t->key);
	page_set(r, "Confirm.When", fmt_datetime(r, start));
	page_set_int(r, "Confirm.Minutes", t->minutes);
	page_set(r, "Confirm.Provider", provider_label(r, provider));
	page_set(r, "Confirm.ProviderKey", provider);
	page_set(r, "Confirm.Location", loc ? loc->name : location);
	page_set(r, "Confirm.Address", loc ? loc->address : NULL);
	page_set(r, "Confirm.LocationKey", location);
	page_set(r, "Confirm.Start", req_printf(r, "%lld", (long long)start));
	if (strcmp(t->mode, "video") == 0)
		page_set(r, "Confirm.Video", "1");
	page_set(r, "Confirm.Reschedule", old_id ? req_printf(r, "%lld", old_id) : NULL);
	page_set(r, "Form.Idem", form_key(r));
	page_set(r, "Confirm.Back", url(r, req_printf(r, "/appointments/book/slots?type=%s&week=%s%s", t->key,
		fmt_local_day(r, start), old_id ? req_printf(r, "&reschedule=%lld", old_id) : "")));
	page_set_text(r, "Page.Title", "appointments.confirm_title");
	return render(r, "appointments_confirm.cs");
}

/* Who waits for an earlier slot of this type than the one they hold,
 * first come first served. */
enum { WAITING_ID, WAITING_PATIENT, WAITING__COLS };
static struct db_stmt q_waiting_for = DB_QUERY("waiting_for", WAITING__COLS,
	"SELECT w.id, w.patient_id FROM waitlist w JOIN appointments a ON a.id = w.appointment_id"
	" WHERE w.clinic_id = ? AND w.type_key = ? AND w.status = 'waiting' AND a.status = 'scheduled'"
	" AND a.starts_at > ? AND w.patient_id <> ? ORDER BY w.created_at, w.id LIMIT 20");
static struct db_stmt q_offer_insert = DB_STMT("offer_insert",
	"INSERT INTO waitlist_offers (clinic_id, waitlist_id, patient_id, provider_key, location_key, starts_at,"
	" expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

/* Offers a freed slot to the patients waiting for one like it, in the
 * transaction that freed it. */
static int
offer_freed_slot(struct req *r, const char *type_key, const char *provider, const char *location, time_t start,
	long long freed_by)
{
	const struct appt_type *t = clinic_appt_type(r->clinic, type_key);
	if (t == NULL || strcmp(t->scheduling, "self") != 0 || start <= clock_now() +
	    (time_t)r->clinic->min_lead_hours * 3600)
		return 0;
	char start_s[20], now_s[20], exp_s[20];
	clock_sql(start, start_s);
	clock_sql(clock_now(), now_s);
	time_t expires = clock_now() + (time_t)r->clinic->waitlist_offer_minutes * 60;
	if (expires > start)
		expires = start;
	clock_sql(expires, exp_s);
	struct db_rows w, rs;
	long long cid = clinic_id(r);
	if (db_run(r, &q_waiting_for, &w, DB_ARGS(DB_INT(cid), DB_STR(type_key), DB_STR(start_s),
	    DB_INT(freed_by))) < 0)
		return -1;
	for (size_t i = 0; i < w.nrows; i++) {
		long long pid = db_cell_int(&w, i, WAITING_PATIENT);
		long long waiting = db_cell_int(&w, i, WAITING_ID);
		if (db_run(r, &q_offer_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(waiting), DB_INT(pid),
		    DB_STR(provider), DB_STR(location), DB_STR(start_s), DB_STR(exp_s), DB_STR(now_s))) < 0 ||
		    notify_patient(r, pid, "waitlist_offer", req_printf(r, "/appointments/offers/%lld", rs.insert_id)) < 0)
			return -1;
	}
	return 0;
}

/* The cut-off is in the statement: a visit that crossed it a moment ago
 * cannot be cancelled here. */
static struct db_stmt q_appt_cancel = DB_STMT("appt_cancel",
	"UPDATE appointments SET status = 'cancelled', cancelled_at = ?, cancelled_by = ?, updated_at = ?"
	" WHERE id = ? AND clinic_id = ? AND patient_id = ? AND status = 'scheduled' AND starts_at > ?");
static struct db_stmt q_waitlist_leave = DB_STMT("waitlist_leave",
	"UPDATE waitlist SET status = 'withdrawn' WHERE appointment_id = ? AND clinic_id = ? AND patient_id = ?"
	" AND status = 'waiting'");

/* Cancels one of the patient's visits inside the caller's transaction,
 * if it starts after cut: 1 done, 0 when it can no longer be cancelled
 * here, -1 on failure. */
static int
cancel_visit(struct req *r, long long id, long long pid, const char *by, time_t cut)
{
	char now_s[20], cut_s[20];
	clock_sql(clock_now(), now_s);
	clock_sql(cut, cut_s);
	struct db_rows v, rs;
	if (db_run(r, &q_appt_visit, &v, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid))) < 0)
		return -1;
	if (v.nrows != 1)
		return 0;
	if (db_run(r, &q_appt_cancel, &rs, DB_ARGS(DB_STR(now_s), DB_STR(by), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)), DB_INT(pid), DB_STR(cut_s))) < 0)
		return -1;
	if (rs.affected != 1)
		return 0;
	if (appt_release(r, id) < 0 ||
	    db_run(r, &q_waitlist_leave, NULL, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid))) < 0)
		return -1;
	const char *type = db_cell(&v, 0, VISIT_TYPE);
	if (type && offer_freed_slot(r, type, db_cell(&v, 0, VISIT_PROVIDER), db_cell(&v, 0, VISIT_LOCATION),
	    db_cell_time(&v, 0, VISIT_START), pid) < 0)
		return -1;
	return 1;
}

static struct db_stmt q_appt_insert = DB_STMT("appt_insert",
	"INSERT INTO appointments (clinic_id, patient_id, provider_key, location_key, type_key, visit_type,"
	" mode, starts_at, duration_min, status, instructions, booked_by, idempotency_key, created_at,"
	" updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'scheduled', ?, 'patient', ?, ?, ?)");
/* The slot went to someone: the other offers of it are void. */
static struct db_stmt q_offers_taken = DB_STMT("offers_taken",
	"UPDATE waitlist_offers SET status = 'taken' WHERE clinic_id = ? AND provider_key = ? AND starts_at = ?"
	" AND status = 'open'");

/* Books a slot for the patient in the caller's transaction: the new id,
 * 0 when the slot is taken, -1 on failure. *dup is set when this form was
 * sent before (the id is then that visit's). */
static long long
book(struct req *r, const struct appt_type *t, const char *provider, const char *location, time_t start,
	const char *idem, bool *dup)
{
	long long cid = clinic_id(r), pid = req_patient(r);
	char start_s[20], now_s[20];
	clock_sql(start, start_s);
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	*dup = false;
	int rc = db_run(r, &q_appt_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(provider), DB_STR(location),
		DB_STR(t->key), DB_STR(i18n_text_get(&t->name, r->clinic->default_lang)), DB_STR(t->mode),
		DB_STR(start_s), DB_INT(t->minutes), DB_NULLARG, DB_STR(idem), DB_STR(now_s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		*dup = true;
		return 0;
	}
	if (rc == DB_CONFLICT)
		return 0;
	if (rc < 0)
		return -1;
	long long id = rs.insert_id;
	rc = appt_occupy(r, id, provider, start, t->minutes);
	if (rc == DB_DUPLICATE || rc == DB_CONFLICT)
		return 0;
	if (rc < 0 || db_run(r, &q_offers_taken, NULL, DB_ARGS(DB_INT(cid), DB_STR(provider),
	    DB_STR(start_s))) < 0 || appt_queue_reminders(r, pid, id, start) < 0 ||
	    notify_patient(r, pid, "appointment_booked", req_printf(r, "/appointments/%lld", id)) < 0)
		return -1;
	return id;
}

/* The visit a booking form made already (form_sent_before). */
static struct db_stmt q_appt_by_idempotency = DB_QUERY("appt_by_idempotency", SENT_BEFORE__COLS,
	"SELECT id FROM appointments WHERE clinic_id = ? AND patient_id = ? AND idempotency_key = ?");

static struct db_stmt q_appt_moved = DB_STMT("appt_moved",
	"UPDATE appointments SET rescheduled_to = ? WHERE id = ? AND clinic_id = ?");

static int
post_book(struct req *r)
{
	const struct appt_type *t = form_type(r, "self");
	const struct field *idem = req_field(r, KEY_IDEM);
	if (t == NULL)
		return 404;
	if (!idem->valid)
		return 400;
	long long old_id, first;
	int rc = check_reschedule(r, &old_id);
	/* Sent twice: the first already moved the visit. */
	if (rc == 409 && (first = form_sent_before(r, &q_appt_by_idempotency, idem->s)) != 0)
		return first < 0 ? PORTAL_ERR : visit_done(r, first, "moved");
	if (rc)
		return rc;
	const char *provider, *location;
	time_t start;
	if (!chosen_slot(r, t, &provider, &location, &start)) {
		/* This form may have booked it a moment ago. */
		first = form_sent_before(r, &q_appt_by_idempotency, idem->s);
		return first < 0 ? PORTAL_ERR : first ? visit_done(r, first, "booked") : slot_gone(r, t);
	}
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	bool dup;
	long long id = book(r, t, provider, location, start, idem->s, &dup);
	if (id < 0)
		goto fail;
	if (dup || id == 0) {
		db_rollback(r);
		if (!dup) {
			audit(r, "appointment.book", req_patient(r), NULL, 0, AUDIT_FAILURE);
			return slot_gone(r, t);
		}
		first = form_sent_before(r, &q_appt_by_idempotency, idem->s);
		return first <= 0 ? PORTAL_ERR : visit_done(r, first, old_id ? "moved" : "booked");
	}
	if (old_id) {
		int c = cancel_visit(r, old_id, req_patient(r), "patient", cutoff(r));
		if (c < 0)
			goto fail;
		if (c == 0) {
			/* Crossed the cut-off meanwhile: keep the old visit. */
			db_rollback(r);
			return 409;
		}
		if (db_run(r, &q_appt_moved, NULL, DB_ARGS(DB_INT(id), DB_INT(old_id), DB_INT(clinic_id(r)))) < 0 ||
		    audit(r, "appointment.reschedule", req_patient(r), "appointment", old_id, AUDIT_SUCCESS) < 0)
			goto fail;
	}
	if (audit(r, "appointment.book", req_patient(r), "appointment", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return visit_done(r, id, old_id ? "moved" : "booked");
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* ----------------------------------------------------- cancel, reschedule */

static int
page_cancel(struct req *r)
{
	struct db_rows rs;
	int rc = load_visit(r, r->path_ids[0], "appointment.cancel", &rs);
	if (rc)
		return rc;
	set_visit(r, "Appt", &rs, 0);
	time_t start = db_cell_time(&rs, 0, VISIT_START);
	if (!db_cell_is(&rs, 0, VISIT_STATUS, "scheduled") || start <= clock_now())
		return 409;
	if (start <= cutoff(r)) {
		page_set(r, "Appt.CallToCancel", "1");
		page_set_int(r, "Appt.CutoffHours", r->clinic->cancel_cutoff_hours);
	}
	page_set_text(r, "Page.Title", "appointments.cancel_title");
	return render(r, "appointments_cancel.cs");
}

static int
post_cancel(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	int rc = load_visit(r, id, "appointment.cancel", &rs);
	if (rc)
		return rc;
	if (db_cell_is(&rs, 0, VISIT_STATUS, "cancelled"))
		return redirect(r, url(r, "/appointments?done=cancelled"));     /* sent twice */
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int c = cancel_visit(r, id, req_patient(r), "patient", cutoff(r));
	if (c < 0)
		goto fail;
	if (c == 0) {
		db_rollback(r);
		return page_cancel(r);     /* past the cut-off: says to call */
	}
	if (audit(r, "appointment.cancel", req_patient(r), "appointment", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/appointments?done=cancelled"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
page_reschedule(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	int rc = load_visit(r, id, "appointment.reschedule", &rs);
	if (rc)
		return rc;
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rs, 0, VISIT_TYPE));
	if (t == NULL || strcmp(t->scheduling, "self") != 0)
		return 409;
	return redirect(r, url(r, req_printf(r, "/appointments/book/slots?type=%s&reschedule=%lld", t->key, id)));
}

/* ------------------------------------------------------------- requests */

static const char *const day_keys[] = { "mon", "tue", "wed", "thu", "fri", "sat" };

static int
show_request(struct req *r, const struct appt_type *t)
{
	page_set(r, "Request.Type", i18n_text_get(&t->name, r->lang));
	page_set(r, "Request.TypeKey", t->key);
	for (int i = 0; i < 6; i++) {
		page_set(r, req_printf(r, "Days.%d.Key", i), day_keys[i]);
		page_set_text(r, req_printf(r, "Days.%d.Name", i), req_printf(r, "appointments.day_%s", day_keys[i]));
		if (req_field(r, KEY_DAY_MON + i)->i == 1)
			page_set(r, req_printf(r, "Days.%d.Checked", i), "1");
	}
	if (req_field(r, KEY_MORNING)->i == 1)
		page_set(r, "Form.Morning", "1");
	if (req_field(r, KEY_AFTERNOON)->i == 1)
		page_set(r, "Form.Afternoon", "1");
	page_set_field(r, "Form.Reason", KEY_REASON, NULL);
	page_set_form_key(r, KEY_IDEM);
	page_set_text(r, "Page.Title", "appointments.request_title");
	return render(r, "appointments_request.cs");
}

static int
page_request(struct req *r)
{
	const struct appt_type *t = form_type(r, "request");
	return t ? show_request(r, t) : 404;
}

static struct db_stmt q_appt_request_insert = DB_STMT("appt_request_insert",
	"INSERT INTO appointment_requests (clinic_id, patient_id, type_key, preferred_days, preferred_times,"
	" reason, idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

static int
post_request(struct req *r)
{
	const struct appt_type *t = form_type(r, "request");
	const struct field *idem = req_field(r, KEY_IDEM), *reason = req_field(r, KEY_REASON);
	if (t == NULL)
		return 404;
	if (!idem->valid)
		return 400;
	char days[40] = "", times[40] = "";
	for (int i = 0; i < 6; i++)
		if (req_field(r, KEY_DAY_MON + i)->i == 1)
			snprintf(days + strlen(days), sizeof(days) - strlen(days), "%s%s", days[0] ? "," : "", day_keys[i]);
	if (req_field(r, KEY_MORNING)->i == 1)
		snprintf(times, sizeof(times), "morning");
	if (req_field(r, KEY_AFTERNOON)->i == 1)
		snprintf(times + strlen(times), sizeof(times) - strlen(times), "%safternoon", times[0] ? "," : "");
	if (days[0] == '\0')
		page_error(r, "day_mon", "appointments.err_days");
	if (times[0] == '\0')
		page_error(r, "time_morning", "appointments.err_times");
	if (!reason->valid)
		page_error(r, "reason", "appointments.err_reason");
	if (page_error_count(r))
		return show_request(r, t);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int rc = db_run(r, &q_appt_request_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)),
		DB_STR(t->key), DB_STR(days), DB_STR(times), DB_STR(reason->s), DB_STR(idem->s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return redirect(r, url(r, "/appointments?done=requested"));
	}
	if (rc < 0 || audit(r, "appointment.request", req_patient(r), "appointment_request", rs.insert_id,
	    AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/appointments?done=requested"));
}

/* ------------------------------------------------------------- waitlist */

static struct db_stmt q_waitlist_join = DB_STMT("waitlist_join",
	"INSERT INTO waitlist (clinic_id, patient_id, appointment_id, type_key, status, created_at)"
	" VALUES (?, ?, ?, ?, 'waiting', ?) ON DUPLICATE KEY UPDATE status = 'waiting'");

static int
post_waitlist(struct req *r, bool join)
{
	long long id = r->path_ids[0], pid = req_patient(r);
	struct db_rows rs;
	int rc = load_visit(r, id, join ? "waitlist.join" : "waitlist.leave", &rs);
	if (rc)
		return rc;
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rs, 0, VISIT_TYPE));
	if (t == NULL || strcmp(t->scheduling, "self") != 0 || !db_cell_is(&rs, 0, VISIT_STATUS, "scheduled") ||
	    db_cell_time(&rs, 0, VISIT_START) <= clock_now())
		return 409;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if ((join ? db_run(r, &q_waitlist_join, NULL, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(pid), DB_INT(id),
	    DB_STR(t->key), DB_STR(now_s))) :
	    db_run(r, &q_waitlist_leave, NULL, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid)))) < 0 ||
	    audit(r, join ? "waitlist.join" : "waitlist.leave", pid, "appointment", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return visit_done(r, id, join ? "waiting" : "notwaiting");
}

static int
post_waitlist_join(struct req *r)
{
	return post_waitlist(r, true);
}

static int
post_waitlist_leave(struct req *r)
{
	return post_waitlist(r, false);
}

/* An offer with what it would replace: the columns of OFFER__COLS, then these. */
enum { OFFER_STATUS = OFFER__COLS, OFFER_HELD_VISIT, OFFER_TYPE, OFFER_HELD__COLS };
static struct db_stmt q_offer = DB_QUERY("offer", OFFER_HELD__COLS,
	"SELECT o.id, o.starts_at, o.provider_key, o.location_key, o.expires_at, o.status, w.appointment_id,"
	" w.type_key FROM waitlist_offers o JOIN waitlist w ON w.id = o.waitlist_id"
	" WHERE o.id = ? AND o.clinic_id = ? AND o.patient_id = ?");

static int
page_offer(struct req *r)
{
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_offer, &rs, "waitlist.offer", "waitlist_offer");
	if (rc)
		return rc;
	set_offer(r, "Offer", &rs, 0);
	page_set(r, "Offer.Current", url(r, req_printf(r, "/appointments/%s", db_cell(&rs, 0, OFFER_HELD_VISIT))));
	const char *status = db_cell(&rs, 0, OFFER_STATUS);
	if (strcmp(status, "open") == 0 && db_cell_time(&rs, 0, OFFER_EXPIRES) <= clock_now())
		status = "expired";
	page_set(r, "Offer.Status", status);
	page_set_text(r, "Page.Title", "appointments.offer_title");
	audit(r, "waitlist.offer", req_patient(r), "waitlist_offer", r->path_ids[0], AUDIT_SUCCESS);
	return render(r, "appointments_offer.cs");
}

static struct db_stmt q_offer_answer = DB_STMT("offer_answer",
	"UPDATE waitlist_offers SET status = ?, answered_at = ? WHERE id = ? AND clinic_id = ? AND status = 'open'");
static struct db_stmt q_waitlist_done = DB_STMT("waitlist_done",
	"UPDATE waitlist SET status = 'done' WHERE appointment_id = ? AND clinic_id = ?");

/* Back to the offer, saying it is gone. */
static int
offer_gone(struct req *r)
{
	page_error(r, NULL, "appointments.err_offer_gone");
	return page_offer(r);
}

/* Accepting moves the patient's visit into the offered slot: the cells
 * decide between patients accepting the same slot at once. */
static int
post_offer_accept(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_offer, &rs, "waitlist.offer", "waitlist_offer");
	if (rc)
		return rc;
	time_t start = db_cell_time(&rs, 0, OFFER_START);
	const struct appt_type *t = clinic_appt_type(r->clinic, db_cell(&rs, 0, OFFER_TYPE));
	long long old_id = db_cell_int(&rs, 0, OFFER_HELD_VISIT);
	if (!db_cell_is(&rs, 0, OFFER_STATUS, "open") || db_cell_time(&rs, 0, OFFER_EXPIRES) <= clock_now() || t == NULL)
		return offer_gone(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	struct db_rows up;
	if (db_run(r, &q_offer_answer, &up, DB_ARGS(DB_STR("accepted"), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0)
		goto fail;
	bool dup;
	long long new_id = up.affected == 1 ? book(r, t, db_cell(&rs, 0, OFFER_PROVIDER),
		db_cell(&rs, 0, OFFER_LOCATION), start, form_key(r), &dup) : 0;
	if (new_id < 0)
		goto fail;
	if (new_id == 0) {
		db_rollback(r);
		/* Someone else accepted first (or the offer was just answered). */
		char exp_s[20];
		clock_sql(clock_now(), exp_s);
		db_run(r, &q_offer_answer, NULL, DB_ARGS(DB_STR("taken"), DB_STR(exp_s), DB_INT(id),
			DB_INT(clinic_id(r))));
		return offer_gone(r);
	}
	/* The visit it replaces goes, cut-off or not: it is the later one. */
	int c = cancel_visit(r, old_id, req_patient(r), "patient", clock_now());
	if (c < 0)
		goto fail;
	if (c == 1 && db_run(r, &q_appt_moved, NULL, DB_ARGS(DB_INT(new_id), DB_INT(old_id), DB_INT(clinic_id(r)))) < 0)
		goto fail;
	if (db_run(r, &q_waitlist_done, NULL, DB_ARGS(DB_INT(old_id), DB_INT(clinic_id(r)))) < 0 ||
	    audit(r, "waitlist.accept", req_patient(r), "appointment", new_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return visit_done(r, new_id, "moved");
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* ------------------------------------------------------------ check-in */

/* One of the patient's visits whose check-in is open: from
 * checkin_opens_hours before the visit, while it is scheduled, until it
 * starts. 0, or a status. */
static int
load_checkin_visit(struct req *r, const char *action, struct db_rows *v)
{
	int rc = load_visit(r, r->path_ids[0], action, v);
	if (rc)
		return rc;
	time_t start = db_cell_time(v, 0, VISIT_START), now = clock_now();
	if (!db_cell_is(v, 0, VISIT_STATUS, "scheduled") || now >= start ||
	    now < start - (time_t)r->clinic->checkin_opens_hours * 3600)
		return 409;
	return 0;
}

enum { CONTACT_PHONE, CONTACT_EMAIL, CONTACT_ADDRESS, CONTACT__COLS };
static struct db_stmt q_patient_contact = DB_QUERY("patient_contact", CONTACT__COLS,
	"SELECT phone, email, CONCAT_WS(', ', address_line, city, CONCAT_WS(' ', state, postal_code))"
	" FROM patients WHERE id = ? AND clinic_id = ?");

/* The form, filled from the chart or with what was sent. */
static int
show_checkin(struct req *r, const struct db_rows *v)
{
	long long id = r->path_ids[0];
	struct db_rows pc;
	if (db_run(r, &q_patient_contact, &pc, DB_ARGS(DB_INT(req_patient(r)), DB_INT(clinic_id(r)))) < 0 ||
	    pc.nrows != 1)
		return PORTAL_ERR;
	set_visit(r, "Appt", v, 0);
	page_set_field(r, "Form.Phone", KEY_PHONE, db_cell(&pc, 0, CONTACT_PHONE));
	page_set_field(r, "Form.Email", KEY_EMAIL, db_cell(&pc, 0, CONTACT_EMAIL));
	page_set_field(r, "Form.Address", KEY_ADDRESS, db_cell(&pc, 0, CONTACT_ADDRESS));
	page_set_field(r, "Form.Payer", KEY_PAYER, NULL);
	page_set_field(r, "Form.MemberId", KEY_MEMBER_ID, NULL);
	page_set_field(r, "Form.Medications", KEY_MEDICATIONS, NULL);
	page_set_field(r, "Form.Allergies", KEY_ALLERGIES, NULL);
	page_set(r, "Checkin.Action", url(r, req_printf(r, "/appointments/%lld/checkin", id)));
	page_set_text(r, "Page.Title", "appointments.checkin_title");
	audit(r, "checkin.view", req_patient(r), "appointment", id, AUDIT_SUCCESS);
	return render(r, "appointments_checkin.cs");
}

static int
page_checkin(struct req *r)
{
	struct db_rows v;
	int rc = load_checkin_visit(r, "checkin.view", &v);
	return rc ? rc : show_checkin(r, &v);
}

static struct db_stmt q_checkin_insert = DB_STMT("checkin_insert",
	"INSERT INTO checkins (clinic_id, patient_id, appointment_id, phone, email, address, insurance_payer,"
	" insurance_member_id, card_type, card_data, medications, allergies, submitted_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
static struct db_stmt q_checked_in = DB_STMT("checked_in",
	"UPDATE appointments SET checked_in_at = ?, updated_at = ? WHERE id = ? AND clinic_id = ?"
	" AND patient_id = ?");

static int
post_checkin(struct req *r)
{
	long long id = r->path_ids[0], pid = req_patient(r);
	struct db_rows v, rs;
	int rc = load_checkin_visit(r, "checkin.submit", &v);
	if (rc)
		return rc;
	const struct field *ph = req_field(r, KEY_PHONE), *em = req_field(r, KEY_EMAIL), *ad = req_field(r, KEY_ADDRESS);
	const struct field *payer = req_field(r, KEY_PAYER), *member = req_field(r, KEY_MEMBER_ID);
	const struct field *meds = req_field(r, KEY_MEDICATIONS), *alg = req_field(r, KEY_ALLERGIES);
	/* A number may be spaced out past what its column holds. */
	if (!ph->valid)
		page_error(r, "phone", "appointments.err_phone");
	if (!em->valid)
		page_error(r, "email", "appointments.err_email");
	if (!ad->valid)
		page_error(r, "address", "appointments.err_address");
	if (!payer->valid || !member->valid)
		page_error(r, "insurance_payer", "appointments.err_insurance");
	if (!meds->valid || !alg->valid)
		page_error(r, "medications", "appointments.err_lists");
	/* The insurance card photo: the rules of message attachments. */
	const struct upload *card[2];
	size_t ncard = req_files(r, "card", card, 2);
	const char *card_type = NULL;
	if (ncard > 1)
		page_error(r, "card", "messages.err_too_many_files");
	else if (ncard == 1 && (long)card[0]->len > portal_conf->upload_max)
		page_error(r, "card", "messages.err_file_too_large");
	else if (ncard == 1 && (card_type = valid_attachment_type(card[0]->data, card[0]->len)) == NULL)
		page_error(r, "card", "messages.err_file_type");
	if (page_error_count(r))
		return show_checkin(r, &v);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, &q_checkin_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(pid), DB_INT(id),
		DB_STR(ph->s), DB_STR(em->s), DB_STR(ad->s), DB_STR(field_text(payer)), DB_STR(field_text(member)),
		DB_STR(card_type), card_type ? DB_BLOB(card[0]->data, card[0]->len) : DB_NULLARG,
		DB_STR(field_text(meds)), DB_STR(field_text(alg)), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		/* Checked in already (sent twice). */
		db_rollback(r);
		return visit_done(r, id, "checkedin");
	}
	if (rc < 0 || db_run(r, &q_checked_in, NULL, DB_ARGS(DB_STR(now_s), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)), DB_INT(pid))) < 0 ||
	    audit(r, "checkin.submit", pid, "appointment", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return visit_done(r, id, "checkedin");
}

/* ---------------------------------------------------------- telehealth */

static int
page_join(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rs;
	int rc = load_visit(r, id, "telehealth.join", &rs);
	if (rc)
		return rc;
	time_t start = db_cell_time(&rs, 0, VISIT_START), now = clock_now();
	time_t end = start + (time_t)db_cell_int(&rs, 0, VISIT_MINUTES) * 60;
	if (!db_cell_is(&rs, 0, VISIT_MODE, "video") || r->clinic->telehealth_url == NULL ||
	    db_cell_is(&rs, 0, VISIT_STATUS, "cancelled"))
		return 404;
	if (now < start - (time_t)r->clinic->telehealth_join_minutes * 60 || now >= end)
		return redirect(r, url(r, req_printf(r, "/appointments/%lld", id)));
	audit(r, "telehealth.join", req_patient(r), "appointment", id, AUDIT_SUCCESS);
	return redirect_external(r, room_url(r, id));
}

/* ------------------------------------------------- reminder links */

/* A visit, whoever's, with its patient and the language of the patient's
 * account. */
enum { LINK_PATIENT = VISIT__COLS, LINK_LANG, LINK__COLS };
static struct db_stmt q_link_visit = DB_QUERY("link_visit", LINK__COLS,
	"SELECT " VISIT_COLS ", a.patient_id, (SELECT u.lang FROM users u WHERE u.clinic_id = a.clinic_id"
	" AND u.patient_id = a.patient_id AND u.role = 'patient' LIMIT 1)"
	" FROM appointments a WHERE a.id = ? AND a.clinic_id = ?");

/* The visit a reminder link is for, after checking the link: 0, or the
 * status of the page that says why not (audited). */
static int
link_visit(struct req *r, long long *id, char nonce[17], struct db_rows *v)
{
	const struct field *tok = req_field(r, KEY_TOKEN);
	time_t expires;
	enum visit_link_check ok = tok->valid ? visit_link_check(tok->s, clinic_id(r), VISIT_LINK_PURPOSE_RESPOND,
		clock_now(), id, &expires, nonce) : VL_MALFORMED;
	if (ok == VL_EXPIRED) {
		page_set(r, "Link.Problem", "expired");
		return 1;
	}
	if (ok != VL_OK) {
		audit(r, "visit_link.open", 0, NULL, 0, AUDIT_DENIED);
		return 404;
	}
	/* The link is for this visit only, whoever holds it. */
	if (db_run(r, &q_link_visit, v, DB_ARGS(DB_INT(*id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (v->nrows != 1)
		return 404;
	/* The page speaks the patient's language, unless ?lang= says otherwise. */
	int l = lang_from_code(db_cell(v, 0, LINK_LANG));
	if (!r->lang_asked && l >= 0 && r->clinic->offered[l])
		r->lang = (enum lang)l;
	return 0;
}

static int
render_link(struct req *r)
{
	page_set_text(r, "Page.Title", "appointments.link_title");
	return render(r, "visit_link.cs");
}

static int
page_link(struct req *r)
{
	long long id = 0;
	char nonce[17];
	struct db_rows v;
	int rc = link_visit(r, &id, nonce, &v);
	if (rc == 1)
		goto render;
	if (rc)
		return rc;
	set_visit(r, "Appt", &v, 0);
	page_set(r, "Link.Token", req_field(r, KEY_TOKEN)->s);
	if (!db_cell_is(&v, 0, VISIT_STATUS, "scheduled"))
		page_set(r, "Link.Problem", "cancelled");
	else if (db_cell_time(&v, 0, VISIT_START) > cutoff(r))
		page_set(r, "Link.CanCancel", "1");
	else
		page_set_int(r, "Link.CutoffHours", r->clinic->cancel_cutoff_hours);
	audit(r, "visit_link.open", db_cell_int(&v, 0, LINK_PATIENT), "appointment", id, AUDIT_SUCCESS);
render:
	page_set(r, "Page.Csrf", csrf_token(r));
	return render_link(r);
}

static struct db_stmt q_visit_link_use = DB_STMT("visit_link_use",
	"INSERT INTO visit_link_uses (nonce, clinic_id, appointment_id, action, used_at) VALUES (?, ?, ?, ?, ?)");
static struct db_stmt q_appt_confirm = DB_STMT("appt_confirm",
	"UPDATE appointments SET confirmed_at = ?, updated_at = ? WHERE id = ? AND clinic_id = ?"
	" AND status = 'scheduled'");

static int
post_link(struct req *r)
{
	long long id = 0;
	char nonce[17];
	struct db_rows v, rs;
	int rc = link_visit(r, &id, nonce, &v);
	if (rc == 1)
		return page_link(r);
	if (rc)
		return rc;
	const struct field *action = req_field(r, KEY_ACTION);
	if (!action->valid)
		return 400;
	long long pid = db_cell_int(&v, 0, LINK_PATIENT);
	bool cancel = action->i == 1;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, &q_visit_link_use, NULL, DB_ARGS(DB_STR(nonce), DB_INT(clinic_id(r)), DB_INT(id),
		DB_STR(cancel ? "cancel" : "confirm"), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		/* A link answers once. */
		db_rollback(r);
		audit(r, "visit_link.reuse", pid, "appointment", id, AUDIT_DENIED);
		page_set(r, "Link.Problem", "used");
		return render_link(r);
	}
	if (rc < 0)
		goto fail;
	if (cancel) {
		int c = cancel_visit(r, id, pid, "link", cutoff(r));
		if (c < 0)
			goto fail;
		if (c == 0) {
			db_rollback(r);
			return page_link(r);
		}
	} else if (db_run(r, &q_appt_confirm, &rs, DB_ARGS(DB_STR(now_s), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0)
		goto fail;
	if (audit(r, cancel ? "visit_link.cancel" : "visit_link.confirm", pid, "appointment", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0)
		goto fail;
	page_set(r, "Link.Done", cancel ? "cancelled" : "confirmed");
	set_visit(r, "Appt", &v, 0);
	return render_link(r);
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static const struct route routes[] = {
	{ HTTP_GET, "/appointments", ACCESS_PATIENT, page_list, 0, 0 },
	{ HTTP_GET, "/appointments/book", ACCESS_PATIENT, page_types, 0, 0 },
	{ HTTP_GET, "/appointments/book/slots", ACCESS_PATIENT, page_slots, 0, 0 },
	{ HTTP_GET, "/appointments/book/confirm", ACCESS_PATIENT, page_confirm, 0, 0 },
	{ HTTP_POST, "/appointments/book", ACCESS_PATIENT, post_book, 0, 0 },
	{ HTTP_GET, "/appointments/request", ACCESS_PATIENT, page_request, 0, 0 },
	{ HTTP_POST, "/appointments/request", ACCESS_PATIENT, post_request, 0, 0 },
	{ HTTP_GET, "/appointments/offers/:id", ACCESS_PATIENT, page_offer, 0, 0 },
	{ HTTP_POST, "/appointments/offers/:id/accept", ACCESS_PATIENT, post_offer_accept, 0, 0 },
	{ HTTP_GET, "/appointments/:id", ACCESS_PATIENT, page_visit, 0, 0 },
	{ HTTP_GET, "/appointments/:id/calendar", ACCESS_PATIENT, page_calendar, 0, 0 },
	{ HTTP_GET, "/appointments/:id/cancel", ACCESS_PATIENT, page_cancel, 0, 0 },
	{ HTTP_POST, "/appointments/:id/cancel", ACCESS_PATIENT, post_cancel, 0, 0 },
	{ HTTP_GET, "/appointments/:id/reschedule", ACCESS_PATIENT, page_reschedule, 0, 0 },
	{ HTTP_POST, "/appointments/:id/waitlist", ACCESS_PATIENT, post_waitlist_join, 0, 0 },
	{ HTTP_POST, "/appointments/:id/waitlist/leave", ACCESS_PATIENT, post_waitlist_leave,
		0, 0 },
	{ HTTP_GET, "/appointments/:id/checkin", ACCESS_PATIENT, page_checkin, 0, 0 },
	{ HTTP_POST, "/appointments/:id/checkin", ACCESS_PATIENT, post_checkin, CARD_BODY_MAX,
		0 },
	{ HTTP_GET, "/appointments/:id/join", ACCESS_PATIENT, page_join, 0, 0 },
	{ HTTP_GET, "/visit", ACCESS_PUBLIC, page_link, 0, 0 },
	{ HTTP_POST, "/visit", ACCESS_PUBLIC, post_link, 0, 0 },
};

PORTAL_MAIN(.name = "appointments", ROUTES(routes), FIELDS(fields));
