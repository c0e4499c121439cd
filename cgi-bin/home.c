/*
 * home: the patient's start page (greeting, next appointment, unread
 * messages, new results, balance due, quick links: each only when its
 * feature is on). A visit's details are in cgi-bin/appointments.
 */
#include "portal.h"

/* One round trip for the whole page: the next visit joined to a row of
 * counts. Every part is scoped to the patient and the clinic. */
enum {
	SUMMARY_ID, SUMMARY_START, SUMMARY_PROVIDER, SUMMARY_LOCATION, SUMMARY_TYPE, SUMMARY_MODE,
	SUMMARY_UNREAD, SUMMARY_NEW_RESULTS, SUMMARY_BALANCE, SUMMARY__COLS
};
static struct db_stmt q_home_summary = DB_QUERY("home_summary", SUMMARY__COLS,
	"SELECT a.id, a.starts_at, a.provider_key, a.location_key, a.visit_type, a.mode,"
	" (SELECT COUNT(*) FROM messages m WHERE m.clinic_id = ? AND m.patient_id = ?"
	"   AND m.from_patient = 0 AND m.read_by_patient_at IS NULL),"
	" (SELECT COUNT(*) FROM lab_reports l WHERE l.clinic_id = ? AND l.patient_id = ?"
	"   AND l.released_at <= ? AND l.read_at IS NULL),"
	" (SELECT COALESCE(SUM(b.balance_cents), 0) FROM billing_statements b"
	"   WHERE b.clinic_id = ? AND b.patient_id = ?)"
	" FROM (SELECT 1) AS one LEFT JOIN appointments a ON a.id ="
	"  (SELECT n.id FROM appointments n WHERE n.clinic_id = ? AND n.patient_id = ?"
	"   AND n.status IN ('scheduled', 'arrived') AND n.starts_at >= ?"
	"   ORDER BY n.starts_at LIMIT 1)");

static void
set_next_visit(struct req *r, const struct db_rows *rs)
{
	time_t t;
	if (db_cell(rs, 0, SUMMARY_ID) == NULL || clock_parse_sql(db_cell(rs, 0, SUMMARY_START), &t) != 0)
		return;
	const char *location = db_cell(rs, 0, SUMMARY_LOCATION);
	const struct clinic_location *loc = clinic_location(r->clinic, location);
	page_set(r, "Home.Next.Id", db_cell(rs, 0, SUMMARY_ID));
	page_set(r, "Home.Next.When", fmt_datetime(r, t));
	page_set(r, "Home.Next.Provider", provider_label(r, db_cell(rs, 0, SUMMARY_PROVIDER)));
	page_set(r, "Home.Next.Location", loc ? loc->name : location);
	page_set(r, "Home.Next.Type", db_cell(rs, 0, SUMMARY_TYPE));
	if (db_cell_is(rs, 0, SUMMARY_MODE, "video"))
		page_set(r, "Home.Next.Video", "1");
}

static int
page_home(struct req *r)
{
	const struct clinic *c = r->clinic;
	long long cid = clinic_id(r), pid = req_patient(r);
	char now[20];
	/* A visit that started up to an hour ago is still "next". */
	clock_sql(clock_now() - 3600, now);
	char released_by[20];
	clock_sql(clock_now(), released_by);
	struct db_rows rs;
	if (cid == 0 || db_run(r, &q_home_summary, &rs, DB_ARGS(
	    DB_INT(cid), DB_INT(pid),
	    DB_INT(cid), DB_INT(pid), DB_STR(released_by),
	    DB_INT(cid), DB_INT(pid),
	    DB_INT(cid), DB_INT(pid), DB_STR(now))) < 0 || rs.nrows != 1)
		return PORTAL_ERR;

	page_set_text(r, "Page.Title", "home.title");
	if (clinic_has(c, "appointments")) {
		page_set(r, "Home.Appointments", "1");
		set_next_visit(r, &rs);
	}
	if (clinic_has(c, "messages")) {
		page_set(r, "Home.Messages", "1");
		page_set(r, "Home.Unread", db_cell(&rs, 0, SUMMARY_UNREAD));
	}
	if (clinic_has(c, "results")) {
		page_set(r, "Home.Results", "1");
		page_set(r, "Home.NewResults", db_cell(&rs, 0, SUMMARY_NEW_RESULTS));
	}
	if (clinic_has(c, "billing")) {
		page_set(r, "Home.Billing", "1");
		page_set(r, "Home.Balance", fmt_money(r, db_cell_int(&rs, 0, SUMMARY_BALANCE)));
	}
	/* The summary shows appointment details and counts of health data. */
	audit(r, "home.view", pid, NULL, 0, AUDIT_SUCCESS);
	return render(r, "home.cs");
}

static const struct route routes[] = {
	{ HTTP_GET, "/home", ACCESS_PATIENT, page_home, 0, 0 },
};

PORTAL_MAIN(.name = "home", ROUTES(routes));
