/* Appointment scheduling: open slots derived from the providers' weekly
 * availability minus booked visits and exceptions, the cells that make a
 * double booking impossible, and the reminders queued with a visit. */
#include "domain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_S (5 * 60)        /* the grid of appointment_cells */
#define LONGEST_VISIT_S (8 * 3600)


static struct db_stmt q_cell_insert = DB_STMT("cell_insert",
	"INSERT INTO appointment_cells (clinic_id, provider_key, cell_at, appointment_id) VALUES (?, ?, ?, ?)");
static struct db_stmt q_cells_release = DB_STMT("cells_release",
	"DELETE FROM appointment_cells WHERE appointment_id = ? AND clinic_id = ?");
static struct db_stmt q_reminders_cancel = DB_STMT("reminders_cancel",
	"UPDATE outbox SET status = 'cancelled', last_error = 'the visit was cancelled or moved'"
	" WHERE appointment_id = ? AND clinic_id = ? AND status = 'pending'");
/* Visits are at most 8 hours long: one that began 8 hours before the
 * range may still reach into it. */
enum { BUSY_PROVIDER, BUSY_START, BUSY_MINUTES, BUSY__COLS };
static struct db_stmt q_busy_visits = DB_QUERY("busy_visits", BUSY__COLS,
	"SELECT provider_key, starts_at, duration_min FROM appointments"
	" WHERE clinic_id = ? AND starts_at >= ? AND starts_at < ? AND status IN ('scheduled', 'arrived')");
enum { EXC_PROVIDER, EXC_START, EXC_END, EXC__COLS };
static struct db_stmt q_busy_exceptions = DB_QUERY("busy_exceptions", EXC__COLS,
	"SELECT provider_key, starts_at, ends_at FROM availability_exceptions"
	" WHERE clinic_id = ? AND starts_at < ? AND ends_at > ?");
static struct db_stmt q_reminders_queued = DB_STMT("reminders_queued",
	"UPDATE appointments SET reminders_queued_at = ? WHERE id = ? AND clinic_id = ?");
enum { WANTED_ID, WANTED_PATIENT, WANTED_START, WANTED__COLS };
static struct db_stmt q_reminders_wanted = DB_QUERY("reminders_wanted", WANTED__COLS,
	"SELECT id, patient_id, starts_at FROM appointments WHERE clinic_id = ? AND status = 'scheduled'"
	" AND reminders_queued_at IS NULL AND starts_at > ? ORDER BY starts_at LIMIT 100");
enum { HOURS_PROVIDER, HOURS_LOCATION, HOURS_DAYS, HOURS_FROM, HOURS_TO, HOURS_ID, HOURS__COLS };
static struct db_stmt q_provider_hours = DB_QUERY("provider_hours", HOURS__COLS,
	"SELECT provider_key, location_key, days, from_min, to_min, id FROM provider_hours WHERE clinic_id = ?"
	" ORDER BY provider_key, from_min, id");

/* Busy times sorted by provider (the clinic's own, NULL, first), then
 * start: a slot is checked against its provider's few neighbours instead
 * of every visit of the week (a busy clinic has thousands). */
static int
busy_order(const void *a, const void *b)
{
	const struct busy_time *x = a, *y = b;
	if ((x->provider == NULL) != (y->provider == NULL))
		return x->provider == NULL ? -1 : 1;
	int c = x->provider ? strcmp(x->provider, y->provider) : 0;
	if (c)
		return c;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* The first busy time of provider that starts at or after t. */
static size_t
lower_bound(const struct busy_time *busy, size_t nbusy, const char *provider, time_t t)
{
	size_t lo = 0, hi = nbusy;
	struct busy_time key = { provider, t, t };
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (busy_order(&busy[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
overlaps_any(const struct busy_time *busy, size_t nbusy, const char *provider, time_t start, time_t end,
	time_t longest)
{
	for (size_t i = lower_bound(busy, nbusy, provider, start - longest); i < nbusy; i++) {
		const struct busy_time *b = &busy[i];
		if ((b->provider == NULL) != (provider == NULL) || (provider && strcmp(b->provider, provider) != 0) ||
		    b->start >= end)
			break;
		if (start < b->end)
			return true;
	}
	return false;
}

struct busy_index {
	struct busy_time *busy;
	size_t n;
	time_t longest;        /* the longest busy time: how far back to look */
};

static bool
is_busy(const struct busy_index *ix, const char *provider, time_t start, time_t end)
{
	return overlaps_any(ix->busy, ix->n, NULL, start, end, ix->longest) ||
		overlaps_any(ix->busy, ix->n, provider, start, end, ix->longest);
}

/* Whether an earlier availability row of the same provider offers the slot
 * at minute m of a day already (two rows may overlap: one slot each). */
static bool
offered_earlier(const struct clinic *c, const struct appt_type *t, size_t row, int wday, int m)
{
	const struct appt_availability *av = &c->availability[row];
	for (size_t i = 0; i < row; i++) {
		const struct appt_availability *o = &c->availability[i];
		int from = clock_parse_hhmm(o->from);
		if (strcmp(o->provider, av->provider) == 0 && (o->day_mask & (1u << wday)) && m >= from &&
		    m + t->minutes <= clock_parse_hhmm(o->to) && (m - from) % t->minutes == 0)
			return true;
	}
	return false;
}

static int
by_start(const void *a, const void *b)
{
	const struct open_slot *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->provider, y->provider);
}

size_t
appt_open_slots(const struct clinic *c, const struct appt_type *t, const char *provider,
	time_t from, time_t to, time_t not_before, const struct busy_time *busy, size_t nbusy,
	struct open_slot *out, size_t max)
{
	size_t n = 0;
	time_t len = (time_t)t->minutes * 60;
	struct busy_index ix = { NULL, nbusy, 0 };
	if (nbusy) {
		ix.busy = malloc(nbusy * sizeof(*ix.busy));
		if (ix.busy == NULL)
			return 0;
		memcpy(ix.busy, busy, nbusy * sizeof(*busy));
		qsort(ix.busy, nbusy, sizeof(*ix.busy), busy_order);
		for (size_t i = 0; i < nbusy; i++)
			if (busy[i].end - busy[i].start > ix.longest)
				ix.longest = busy[i].end - busy[i].start;
	}
	struct tm first;
	clock_local(c->timezone, from, &first);
	/* Day by day in the clinic's calendar; noon is never skipped by a
	 * daylight-saving change. */
	for (int day = 0;; day++) {
		struct tm d;
		time_t noon = clock_from_local(c->timezone, first.tm_year + 1900, first.tm_mon + 1,
			first.tm_mday + day, 12, 0);
		clock_local(c->timezone, noon, &d);
		if (clock_from_local(c->timezone, d.tm_year + 1900, d.tm_mon + 1, d.tm_mday, 0, 0) >= to)
			break;
		for (size_t a = 0; a < c->navailability; a++) {
			const struct appt_availability *av = &c->availability[a];
			if (!(av->day_mask & (1u << d.tm_wday)) || !appt_type_offered_by(t, av->provider) ||
			    (provider && strcmp(provider, av->provider) != 0))
				continue;
			int close = clock_parse_hhmm(av->to);
			for (int m = clock_parse_hhmm(av->from); m + t->minutes <= close; m += t->minutes) {
				time_t s = clock_from_local(c->timezone, d.tm_year + 1900, d.tm_mon + 1, d.tm_mday,
					m / 60, m % 60);
				if (s < from || s >= to || s < not_before || is_busy(&ix, av->provider, s, s + len))
					continue;
				if (offered_earlier(c, t, a, d.tm_wday, m))
					continue;
				if (n == max)
					goto done;
				out[n++] = (struct open_slot){ av->provider, av->location, s };
			}
		}
	}
done:
	free(ix.busy);
	qsort(out, n, sizeof(*out), by_start);
	return n;
}

/* Busy times of the request's clinic that may touch [from, to). */
static long
load_busy(struct req *r, time_t from, time_t to, struct busy_time **out)
{
	char lo[20], hi[20], lo_exc[20];
	clock_sql(from - LONGEST_VISIT_S, lo);
	clock_sql(to, hi);
	clock_sql(from, lo_exc);
	long long cid = clinic_id(r);
	struct db_rows v, e;
	if (db_run(r, &q_busy_visits, &v, DB_ARGS(DB_INT(cid), DB_STR(lo), DB_STR(hi))) < 0 ||
	    db_run(r, &q_busy_exceptions, &e, DB_ARGS(DB_INT(cid), DB_STR(hi), DB_STR(lo_exc))) < 0)
		return -1;
	struct busy_time *b = req_alloc(r, (v.nrows + e.nrows + 1) * sizeof(*b));
	size_t n = 0;
	for (size_t i = 0; i < v.nrows; i++) {
		time_t s;
		if (clock_parse_sql(db_cell(&v, i, BUSY_START), &s) < 0)
			continue;
		b[n++] = (struct busy_time){ db_cell(&v, i, BUSY_PROVIDER), s,
			s + (time_t)db_cell_int(&v, i, BUSY_MINUTES) * 60 };
	}
	for (size_t i = 0; i < e.nrows; i++) {
		time_t s, en;
		if (clock_parse_sql(db_cell(&e, i, EXC_START), &s) < 0 || clock_parse_sql(db_cell(&e, i, EXC_END), &en) < 0)
			continue;
		b[n++] = (struct busy_time){ db_cell(&e, i, EXC_PROVIDER), s, en };
	}
	*out = b;
	return (long)n;
}

static time_t
soonest(const struct clinic *c)
{
	return clock_now() + (time_t)c->min_lead_hours * 3600;
}

static time_t
latest(const struct clinic *c)
{
	return clock_now() + (time_t)c->booking_horizon_days * 86400;
}

long
appt_hours(struct req *r, struct appt_availability **out, long long **ids)
{
	const struct clinic *c = r->clinic;
	struct db_rows rs;
	if (db_run(r, &q_provider_hours, &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return -1;
	struct appt_availability *av = req_alloc(r, (rs.nrows + c->navailability + 1) * sizeof(*av));
	long long *id = req_alloc(r, (rs.nrows + c->navailability + 1) * sizeof(*id));
	size_t n = 0;
	for (size_t i = 0; i < rs.nrows; i++) {
		int f = (int)db_cell_int(&rs, i, HOURS_FROM), t = (int)db_cell_int(&rs, i, HOURS_TO);
		id[n] = db_cell_int(&rs, i, HOURS_ID);
		av[n++] = (struct appt_availability){
			.provider = req_strdup(r, db_cell(&rs, i, HOURS_PROVIDER)),
			.location = req_strdup(r, db_cell(&rs, i, HOURS_LOCATION)),
			.day_mask = (unsigned)db_cell_int(&rs, i, HOURS_DAYS),
			.from = req_printf(r, "%02d:%02d", f / 60, f % 60),
			.to = req_printf(r, "%02d:%02d", t / 60, t % 60),
		};
	}
	/* The clinic file's hours, for the providers staff have not set. */
	for (size_t i = 0; i < c->navailability; i++) {
		bool kept = false;
		for (size_t k = 0; k < rs.nrows && !kept; k++)
			kept = db_cell_is(&rs, k, HOURS_PROVIDER, c->availability[i].provider);
		if (!kept) {
			id[n] = 0;
			av[n++] = c->availability[i];
		}
	}
	*out = av;
	if (ids)
		*ids = id;
	return (long)n;
}

long
appt_find_slots(struct req *r, const struct appt_type *t, const char *provider, time_t from, time_t to,
	struct open_slot *out, size_t max)
{
	if (to > latest(r->clinic))
		to = latest(r->clinic);
	if (to <= from)
		return 0;
	struct busy_time *busy;
	struct appt_availability *hours;
	long nb = load_busy(r, from, to, &busy), nh = appt_hours(r, &hours, NULL);
	if (nb < 0 || nh < 0)
		return -1;
	/* The clinic as configured, with the hours in force. */
	struct clinic c = *r->clinic;
	c.availability = hours;
	c.navailability = (size_t)nh;
	return (long)appt_open_slots(&c, t, provider, from, to, soonest(r->clinic), busy, (size_t)nb, out, max);
}

bool
appt_slot_offered(struct req *r, const struct appt_type *t, const char *provider, const char *location,
	time_t start)
{
	struct open_slot s[4];
	long n = appt_find_slots(r, t, provider, start, start + 1, s, 4);
	for (long i = 0; i < n; i++)
		if (s[i].start == start && strcmp(s[i].location, location) == 0)
			return true;
	return false;
}

int
appt_occupy(struct req *r, long long appointment_id, const char *provider, time_t start, int minutes)
{
	long long cid = clinic_id(r);
	for (time_t cell = start - start % CELL_S; cell < start + (time_t)minutes * 60; cell += CELL_S) {
		char at[20];
		clock_sql(cell, at);
		int rc = db_run(r, &q_cell_insert, NULL, DB_ARGS(DB_INT(cid), DB_STR(provider), DB_STR(at),
			DB_INT(appointment_id)));
		if (rc < 0)
			return rc;     /* DB_DUPLICATE: someone has this time */
	}
	return 0;
}

int
appt_release(struct req *r, long long appointment_id)
{
	long long cid = clinic_id(r);
	if (db_run(r, &q_cells_release, NULL, DB_ARGS(DB_INT(appointment_id), DB_INT(cid))) < 0 ||
	    db_run(r, &q_reminders_cancel, NULL, DB_ARGS(DB_INT(appointment_id), DB_INT(cid))) < 0)
		return -1;
	return 0;
}

int
appt_queue_reminders(struct req *r, long long patient_id, long long appointment_id, time_t start)
{
	time_t now = clock_now();
	for (size_t i = 0; i < r->clinic->nreminder_hours; i++) {
		time_t when = start - (time_t)r->clinic->reminder_hours[i] * 3600;
		if (when <= now)
			continue;
		/* The link answers for this visit only, until it begins. */
		char token[VISIT_LINK_MAX];
		if (visit_link_make(clinic_id(r), appointment_id, start, VISIT_LINK_PURPOSE_RESPOND, token) < 0)
			return -1;
		if (notify_patient_at(r, patient_id, "appointment_reminder", req_printf(r, "/visit?t=%s", token), when,
		    appointment_id) < 0)
			return -1;
	}
	char now_s[20];
	clock_sql(now, now_s);
	return db_run(r, &q_reminders_queued, NULL, DB_ARGS(DB_STR(now_s), DB_INT(appointment_id),
		DB_INT(clinic_id(r)))) < 0 ? -1 : 0;
}

long
appt_sweep_reminders(struct req *r)
{
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, &q_reminders_wanted, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return -1;
	for (size_t i = 0; i < rs.nrows; i++) {
		time_t start;
		if (clock_parse_sql(db_cell(&rs, i, WANTED_START), &start) < 0)
			continue;
		/* One transaction per visit: a failure leaves the others done. */
		if (db_begin(r) < 0)
			return -1;
		if (appt_queue_reminders(r, db_cell_int(&rs, i, WANTED_PATIENT), db_cell_int(&rs, i, WANTED_ID), start) < 0 ||
		    db_commit(r) < 0) {
			db_rollback(r);
			return -1;
		}
	}
	return (long)rs.nrows;
}
