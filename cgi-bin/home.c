/*
 * home: the patient's start page (greeting, next appointment, unread
 * messages, new results, balance due, quick links: each only when its
 * feature is on). A visit's details are in cgi-bin/appointments.
 */
#include "portal.h"

#include <string.h>

enum stmt {
	Q_SUMMARY,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	/* One round trip for the whole page: the next visit joined to a row of
	 * counts. Every part is scoped to the patient and the clinic. */
	[Q_SUMMARY] = { "home_summary",
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
		"   ORDER BY n.starts_at LIMIT 1)" },
};

#define STMT(q) DB_APP_STMT(q)

static int
page_home(struct req *r)
{
	const struct clinic *c = r->clinic;
	long long cid = clinic_id(r), pid = r->session->patient_id;
	char now[20];
	/* A visit that started up to an hour ago is still "next". */
	clock_sql(clock_now() - 3600, now);
	char released_by[20];
	clock_sql(clock_now(), released_by);
	struct db_rows rs;
	if (cid == 0 || db_run(r, STMT(Q_SUMMARY), &rs, DB_ARGS(
	    DB_INT(cid), DB_INT(pid),
	    DB_INT(cid), DB_INT(pid), DB_STR(released_by),
	    DB_INT(cid), DB_INT(pid),
	    DB_INT(cid), DB_INT(pid), DB_STR(now))) < 0 || rs.nrows != 1)
		return PORTAL_ERR;

	page_set_text(r, "Page.Title", "home.title");
	if (clinic_has(c, "appointments")) {
		page_set(r, "Home.Appointments", "1");
		time_t t;
		if (db_cell(&rs, 0, 0) && clock_parse_sql(db_cell(&rs, 0, 1), &t) == 0) {
			const struct clinic_location *loc = clinic_location(c, db_cell(&rs, 0, 3));
			page_set(r, "Home.Next.Id", db_cell(&rs, 0, 0));
			page_set(r, "Home.Next.When", fmt_datetime(r, t));
			page_set(r, "Home.Next.Provider", provider_label(r, db_cell(&rs, 0, 2)));
			page_set(r, "Home.Next.Location", loc ? loc->name : db_cell(&rs, 0, 3));
			page_set(r, "Home.Next.Type", db_cell(&rs, 0, 4));
			if (strcmp(db_cell(&rs, 0, 5), "video") == 0)
				page_set(r, "Home.Next.Video", "1");
		}
	}
	if (clinic_has(c, "messages")) {
		page_set(r, "Home.Messages", "1");
		page_set(r, "Home.Unread", db_cell(&rs, 0, 6));
	}
	if (clinic_has(c, "results")) {
		page_set(r, "Home.Results", "1");
		page_set(r, "Home.NewResults", db_cell(&rs, 0, 7));
	}
	if (clinic_has(c, "billing")) {
		page_set(r, "Home.Billing", "1");
		page_set(r, "Home.Balance", fmt_money(r, db_cell_int(&rs, 0, 8)));
	}
	/* The summary shows appointment details and counts of health data. */
	audit(r, "home.view", pid, NULL, 0, AUDIT_SUCCESS);
	return render(r, "home.cs");
}

static const struct route routes[] = {
	{ HTTP_GET, "/home", ACCESS_PATIENT, page_home, 0, 0 },
};

PORTAL_MAIN(.name = "home", ROUTES(routes), .stmts = stmts, .nstmts = Q__MAX);
