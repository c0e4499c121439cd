/* Appointment scheduling: open slots derived from the providers' weekly
 * availability minus booked visits and exceptions, the cells that make a
 * double booking impossible, and the reminders queued with a visit. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL_S (5 * 60)        /* the grid of appointment_cells */
#define LONGEST_VISIT_S (8 * 3600)

static int
minutes_of_day(const char *hhmm)
{
	return ((hhmm[0] - '0') * 10 + (hhmm[1] - '0')) * 60 + (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
}

static bool
is_busy(const char *provider, time_t start, time_t end, const struct busy_time *busy, size_t nbusy)
{
	for (size_t i = 0; i < nbusy; i++)
		if ((busy[i].provider == NULL || strcmp(busy[i].provider, provider) == 0) &&
		    busy[i].start < end && start < busy[i].end)
			return true;
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
			int close = minutes_of_day(av->to);
			for (int m = minutes_of_day(av->from); m + t->minutes <= close; m += t->minutes) {
				time_t s = clock_from_local(c->timezone, d.tm_year + 1900, d.tm_mon + 1, d.tm_mday,
					m / 60, m % 60);
				if (s < from || s >= to || s < not_before || is_busy(av->provider, s, s + len, busy, nbusy))
					continue;
				/* Two availability rows may overlap: one slot each. */
				bool dup = false;
				for (size_t k = 0; k < n && !dup; k++)
					dup = out[k].start == s && strcmp(out[k].provider, av->provider) == 0;
				if (dup)
					continue;
				if (n == max)
					goto done;
				out[n++] = (struct open_slot){ av->provider, av->location, s };
			}
		}
	}
done:
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
	if (db_run(r, SQL_BUSY_VISITS, &v, DB_ARGS(DB_INT(cid), DB_STR(lo), DB_STR(hi))) < 0 ||
	    db_run(r, SQL_BUSY_EXCEPTIONS, &e, DB_ARGS(DB_INT(cid), DB_STR(hi), DB_STR(lo_exc))) < 0)
		return -1;
	struct busy_time *b = req_alloc(r, (v.nrows + e.nrows + 1) * sizeof(*b));
	size_t n = 0;
	for (size_t i = 0; i < v.nrows; i++) {
		time_t s;
		if (clock_parse_sql(db_cell(&v, i, 1), &s) < 0)
			continue;
		b[n++] = (struct busy_time){ db_cell(&v, i, 0), s, s + (time_t)db_cell_int(&v, i, 2) * 60 };
	}
	for (size_t i = 0; i < e.nrows; i++) {
		time_t s, en;
		if (clock_parse_sql(db_cell(&e, i, 1), &s) < 0 || clock_parse_sql(db_cell(&e, i, 2), &en) < 0)
			continue;
		b[n++] = (struct busy_time){ db_cell(&e, i, 0), s, en };
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
appt_find_slots(struct req *r, const struct appt_type *t, const char *provider, time_t from, time_t to,
	struct open_slot *out, size_t max)
{
	if (to > latest(r->clinic))
		to = latest(r->clinic);
	if (to <= from)
		return 0;
	struct busy_time *busy;
	long nb = load_busy(r, from, to, &busy);
	if (nb < 0)
		return -1;
	return (long)appt_open_slots(r->clinic, t, provider, from, to, soonest(r->clinic), busy, (size_t)nb, out,
		max);
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
		int rc = db_run(r, SQL_CELL_INSERT, NULL, DB_ARGS(DB_INT(cid), DB_STR(provider), DB_STR(at),
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
	if (db_run(r, SQL_CELLS_RELEASE, NULL, DB_ARGS(DB_INT(appointment_id), DB_INT(cid))) < 0 ||
	    db_run(r, SQL_REMINDERS_CANCEL, NULL, DB_ARGS(DB_INT(appointment_id), DB_INT(cid))) < 0)
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
	return 0;
}
