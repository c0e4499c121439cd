/*
 * results: lab results. Patients see their released reports, newest first,
 * unread ones marked; a report's values with units, reference ranges and
 * flags in words (never colour alone), the provider's comment, what each
 * test is (the LOINC catalogue), and the trend of a numeric test as an SVG
 * chart with its table. Staff enter or correct reports by hand (clinics
 * without an interface yet), comment, and release early.
 *
 * Release: a final or corrected report is released at once, or after the
 * clinic's delay for its category; released_at holds that moment, so a
 * held report simply appears when its time comes, and the patient's
 * notification is queued for the same moment. Never a value in it.
 */
#include "portal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 25
#define ROWS 6                 /* values on the staff form */
#define TREND_MAX 40

enum key {
	KEY_PAGE,
	KEY_MRN,
	KEY_PANEL,
	KEY_PANEL_LOINC,
	KEY_CATEGORY,
	KEY_PROVIDER,
	KEY_COLLECTED_DAY,
	KEY_COLLECTED_TIME,
	KEY_STATUS,
	KEY_COMMENT,
	KEY_DONE,
	KEY_ROW0,              /* ROWS x (name, loinc, value, unit, low, high, flag) */
	KEY__MAX = KEY_ROW0 + ROWS * 7
};
enum { R_NAME, R_LOINC, R_VALUE, R_UNIT, R_LOW, R_HIGH, R_FLAG };

static const char *const statuses[] = { "preliminary", "final", "corrected", NULL };
static const char *const categories[] = { "chemistry", "hematology", "microbiology", "urinalysis", "pathology",
	"hiv", "pregnancy", "mental_health", "substance_use", "other", NULL };
static const char *const flags[] = { "auto", "critical_low", "critical_high", "abnormal", NULL };
static const char *const dones[] = { "saved", "released", NULL };

static struct field_def fields[KEY__MAX] = {
	[KEY_PAGE] = { "page", FIELD_INT, 1, 100000, NULL },
	[KEY_MRN] = { "mrn", FIELD_TEXT, 1, 40, NULL },
	[KEY_PANEL] = { "panel", FIELD_TEXT, 1, 200, NULL },
	[KEY_PANEL_LOINC] = { "panel_loinc", FIELD_TEXT, 0, 20, NULL },
	[KEY_CATEGORY] = { "category", FIELD_ENUM, 0, 0, categories },
	[KEY_PROVIDER] = { "provider", FIELD_TOKEN, 1, 40, NULL },
	[KEY_COLLECTED_DAY] = { "collected_day", FIELD_DATE, 0, 0, NULL },
	[KEY_COLLECTED_TIME] = { "collected_time", FIELD_TEXT, 5, 5, NULL },
	[KEY_STATUS] = { "status", FIELD_ENUM, 0, 0, statuses },
	[KEY_COMMENT] = { "comment", FIELD_MULTILINE, 0, 2000, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
};

static const char *const row_names[7] = { "name", "loinc", "value", "unit", "low", "high", "flag" };
static char row_field_names[ROWS][7][12];

/* The value rows' fields: name_1, loinc_1 ... flag_6. */
static void
init_row_fields(void)
{
	for (int i = 0; i < ROWS; i++)
		for (int k = 0; k < 7; k++) {
			snprintf(row_field_names[i][k], sizeof(row_field_names[i][k]), "%s_%d", row_names[k], i + 1);
			struct field_def *f = &fields[KEY_ROW0 + i * 7 + k];
			f->name = row_field_names[i][k];
			f->type = k == R_FLAG ? FIELD_ENUM : FIELD_TEXT;
			f->min = 0;
			f->max = k == R_NAME ? 200 : k == R_LOINC ? 20 : k == R_UNIT ? 40 : k == R_FLAG ? 0 : 30;
			f->choices = k == R_FLAG ? flags : NULL;
		}
}

static const struct field *
row_field(struct req *r, int row, int k)
{
	return req_field(r, KEY_ROW0 + row * 7 + k);
}

enum stmt {
	Q_LIST,
	Q_REPORT,
	Q_VALUES,
	Q_MARK_READ,
	Q_VALUE,
	Q_TREND,
	Q_STAFF_LIST,
	Q_STAFF_REPORT,
	Q_PATIENT_BY_MRN,
	Q_REPORT_INSERT,
	Q_REPORT_UPDATE,
	Q_VALUES_DELETE,
	Q_VALUE_INSERT,
	Q_RELEASE,
	Q_NOTICE_NOW,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	/* Released reports only; one more row than a page tells if there is a next. */
	[Q_LIST] = { "results_list",
		"SELECT id, panel_name, ordering_provider_key, collected_at, status, read_at IS NULL,"
		" (SELECT COUNT(*) FROM lab_results v WHERE v.report_id = r.id AND v.flag <> 'normal')"
		" FROM lab_reports r WHERE clinic_id = ? AND patient_id = ? AND released_at <= ?"
		" ORDER BY collected_at DESC, id DESC LIMIT ? OFFSET ?" },
	[Q_REPORT] = { "results_report",
		"SELECT id, panel_name, panel_loinc, category, ordering_provider_key, collected_at, reported_at, status,"
		" comment, read_at FROM lab_reports WHERE id = ? AND clinic_id = ? AND patient_id = ? AND released_at <= ?" },
	[Q_VALUES] = { "results_values",
		"SELECT id, loinc, name, value_num, value_text, unit, ref_low, ref_high, ref_text, flag,"
		" (SELECT COUNT(*) FROM lab_results t JOIN lab_reports tr ON tr.id = t.report_id"
		"   WHERE t.clinic_id = v.clinic_id AND t.patient_id = v.patient_id AND t.loinc = v.loinc"
		"   AND t.value_num IS NOT NULL AND tr.released_at <= ?)"
		" FROM lab_results v WHERE report_id = ? AND clinic_id = ? AND patient_id = ? ORDER BY id" },
	[Q_MARK_READ] = { "results_mark_read",
		"UPDATE lab_reports SET read_at = ? WHERE id = ? AND clinic_id = ? AND patient_id = ? AND read_at IS NULL" },
	[Q_VALUE] = { "results_value",
		"SELECT v.loinc, v.name, v.unit FROM lab_results v JOIN lab_reports r ON r.id = v.report_id"
		" WHERE v.id = ? AND v.report_id = ? AND v.clinic_id = ? AND v.patient_id = ? AND r.released_at <= ?" },
	[Q_TREND] = { "results_trend",
		"SELECT r.collected_at, v.value_num, v.ref_low, v.ref_high, v.flag, r.id FROM lab_results v"
		" JOIN lab_reports r ON r.id = v.report_id WHERE v.clinic_id = ? AND v.patient_id = ? AND v.loinc = ?"
		" AND v.value_num IS NOT NULL AND r.released_at <= ? ORDER BY r.collected_at DESC LIMIT 40" },
	[Q_STAFF_LIST] = { "results_staff_list",
		"SELECT r.id, r.panel_name, r.category, r.status, r.collected_at, r.released_at, r.is_sensitive,"
		" p.id, p.first_name, p.last_name, p.mrn FROM lab_reports r"
		" JOIN patients p ON p.id = r.patient_id AND p.clinic_id = r.clinic_id"
		" WHERE r.clinic_id = ? ORDER BY (r.released_at IS NULL OR r.released_at > ?) DESC, r.reported_at DESC"
		" LIMIT 50" },
	[Q_STAFF_REPORT] = { "results_staff_report",
		"SELECT r.id, r.panel_name, r.panel_loinc, r.category, r.ordering_provider_key, r.collected_at, r.status,"
		" r.comment, r.released_at, p.id, p.mrn, p.first_name, p.last_name"
		" FROM lab_reports r JOIN patients p ON p.id = r.patient_id AND p.clinic_id = r.clinic_id"
		" WHERE r.id = ? AND r.clinic_id = ?" },
	[Q_PATIENT_BY_MRN] = { "results_patient_by_mrn",
		"SELECT id FROM patients WHERE clinic_id = ? AND mrn = ?" },
	[Q_REPORT_INSERT] = { "results_report_insert",
		"INSERT INTO lab_reports (clinic_id, patient_id, panel_name, panel_loinc, category, is_sensitive,"
		" ordering_provider_key, collected_at, reported_at, status, released_at, comment, entered_by, updated_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	/* A report already released stays released (its time never moves later). */
	[Q_REPORT_UPDATE] = { "results_report_update",
		"UPDATE lab_reports SET panel_name = ?, panel_loinc = ?, category = ?, is_sensitive = ?,"
		" ordering_provider_key = ?, collected_at = ?, status = ?, comment = ?, reported_at = ?,"
		" released_at = IF(released_at IS NOT NULL AND released_at <= ?, released_at, ?), read_at = NULL,"
		" entered_by = ?, updated_at = ? WHERE id = ? AND clinic_id = ?" },
	[Q_VALUES_DELETE] = { "results_values_delete",
		"DELETE FROM lab_results WHERE report_id = ? AND clinic_id = ?" },
	[Q_VALUE_INSERT] = { "results_value_insert",
		"INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_num, value_text, unit,"
		" ref_low, ref_high, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_RELEASE] = { "results_release",
		"UPDATE lab_reports SET released_at = ?, comment = COALESCE(?, comment), updated_at = ?"
		" WHERE id = ? AND clinic_id = ? AND status <> 'preliminary' AND (released_at IS NULL OR released_at > ?)" },
	/* Released early: its notification goes now, not at the held time. */
	[Q_NOTICE_NOW] = { "results_notice_now",
		"UPDATE outbox SET due_at = ? WHERE clinic_id = ? AND patient_id = ? AND template = 'new_result'"
		" AND status = 'pending' AND link LIKE ?" },
};

#define STMT(q) DB_APP_STMT(q)

/* ------------------------------------------------------------- helpers */

static long long
patient(struct req *r)
{
	return r->session->patient_id;
}

static const char *
range_text(struct req *r, const char *low, const char *high, const char *text)
{
	if (text)
		return text;
	if (low && high)
		return req_printf(r, "%s–%s", fmt_decimal(r, low), fmt_decimal(r, high));
	if (low)
		return req_printf(r, "≥ %s", fmt_decimal(r, low));
	if (high)
		return req_printf(r, "≤ %s", fmt_decimal(r, high));
	return "";
}

static void
set_info(struct req *r, const char *base, const char *loinc)
{
	const struct lab_test_info *info = lab_test_info(r->clinic, loinc);
	if (info) {
		page_set(r, req_printf(r, "%s.About", base), i18n_text_get(&info->about, r->lang));
		page_set(r, req_printf(r, "%s.AboutName", base), i18n_text_get(&info->name, r->lang));
	}
}

static void
set_paging(struct req *r, int page, bool more)
{
	if (page > 1)
		page_set(r, "Paging.Newer", url(r, req_printf(r, "/results?page=%d", page - 1)));
	if (more)
		page_set(r, "Paging.Older", url(r, req_printf(r, "/results?page=%d", page + 1)));
}

/* ------------------------------------------------------------- patient */

static int
page_list(struct req *r)
{
	const struct field *pf = req_field(r, KEY_PAGE);
	int page = pf->valid ? (int)pf->i : 1;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, STMT(Q_LIST), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(now_s),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0)
		return PORTAL_ERR;
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Reports.%zu", i);
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, 3), &t);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(&rs, i, 2)));
		page_set(r, req_printf(r, "%s.Date", b), fmt_date(r, t));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "results.status_%s", db_cell(&rs, i, 4)));
		if (db_cell_int(&rs, i, 5))
			page_set(r, req_printf(r, "%s.New", b), "1");
		if (db_cell_int(&rs, i, 6))
			page_set(r, req_printf(r, "%s.Flagged", b), "1");
	}
	set_paging(r, page, rs.nrows > PAGE_SIZE);
	page_set_text(r, "Page.Title", "results.title");
	audit(r, "results.list", patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "results_list.cs");
}

static int
page_report(struct req *r)
{
	long long id = r->path_ids[0];
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs, vs;
	if (db_run(r, STMT(Q_REPORT), &rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(patient(r)),
	    DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		/* Someone else's, not released yet, or none: the same 404. */
		audit(r, "result.view", patient(r), "lab_report", id, AUDIT_DENIED);
		return 404;
	}
	if (db_run(r, STMT(Q_VALUES), &vs, DB_ARGS(DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(patient(r)))) < 0)
		return PORTAL_ERR;
	time_t collected = 0, reported = 0;
	clock_parse_sql(db_cell(&rs, 0, 5), &collected);
	clock_parse_sql(db_cell(&rs, 0, 6), &reported);
	page_set(r, "Report.Id", db_cell(&rs, 0, 0));
	page_set(r, "Report.Name", db_cell(&rs, 0, 1));
	page_set(r, "Report.Provider", provider_label(r, db_cell(&rs, 0, 4)));
	page_set(r, "Report.Collected", fmt_datetime(r, collected));
	page_set(r, "Report.Reported", fmt_datetime(r, reported));
	page_set(r, "Report.StatusKey", db_cell(&rs, 0, 7));
	page_set_text(r, "Report.Status", req_printf(r, "results.status_%s", db_cell(&rs, 0, 7)));
	page_set(r, "Report.Comment", db_cell(&rs, 0, 8));
	set_info(r, "Report", db_cell(&rs, 0, 2));
	for (size_t i = 0; i < vs.nrows; i++) {
		const char *b = req_printf(r, "Values.%zu", i);
		const char *value = db_cell(&vs, i, 3) ? fmt_decimal(r, db_cell(&vs, i, 3)) : db_cell(&vs, i, 4);
		const char *flag = db_cell(&vs, i, 9);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&vs, i, 2));
		page_set(r, req_printf(r, "%s.Value", b), value);
		page_set(r, req_printf(r, "%s.Unit", b), db_cell(&vs, i, 5));
		page_set(r, req_printf(r, "%s.Range", b), range_text(r, db_cell(&vs, i, 6), db_cell(&vs, i, 7),
			db_cell(&vs, i, 8)));
		page_set(r, req_printf(r, "%s.FlagKey", b), flag);
		if (strcmp(flag, "normal") != 0)
			page_set_text(r, req_printf(r, "%s.Flag", b), req_printf(r, "results.flag_%s", flag));
		if (strncmp(flag, "critical", 8) == 0)
			page_set(r, "Report.Critical", "1");
		set_info(r, b, db_cell(&vs, i, 1));
		if (db_cell(&vs, i, 1) && db_cell_int(&vs, i, 10) >= 2)
			page_set(r, req_printf(r, "%s.Trend", b), url(r, req_printf(r, "/results/%lld/trend/%s", id,
				db_cell(&vs, i, 0))));
	}
	if (db_cell(&rs, 0, 9) == NULL && db_run(r, STMT(Q_MARK_READ), NULL, DB_ARGS(DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)), DB_INT(patient(r)))) < 0)
		return PORTAL_ERR;
	page_set_text(r, "Page.Title", "results.report_title");
	audit(r, "result.view", patient(r), "lab_report", id, AUDIT_SUCCESS);
	return render(r, "results_report.cs");
}

/* The trend chart: the values over time, the latest range shaded. */
static void
set_chart(struct req *r, const struct db_rows *rs, const char *title)
{
	size_t n = rs->nrows;
	time_t *t = req_alloc(r, n * sizeof(*t));
	double *v = req_alloc(r, n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {       /* oldest first */
		clock_parse_sql(db_cell(rs, n - 1 - i, 0), &t[i]);
		v[i] = atof(db_cell(rs, n - 1 - i, 1));
	}
	const char *rl = db_cell(rs, 0, 2), *rh = db_cell(rs, 0, 3);
	double low = rl ? atof(rl) : 0, high = rh ? atof(rh) : 0;
	struct chart_series s = { t, v, n, NULL };
	page_set_chart(r, "Charts.0", title, &s, 1, rl ? &low : NULL, rh ? &high : NULL);
	page_set_text(r, "Charts.0.Caption", rl && rh ? "results.band_note" : "results.no_band");
}

static int
page_trend(struct req *r)
{
	long long report = r->path_ids[0], value = r->path_ids[1];
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows v, rs;
	if (db_run(r, STMT(Q_VALUE), &v, DB_ARGS(DB_INT(value), DB_INT(report), DB_INT(clinic_id(r)), DB_INT(patient(r)),
	    DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	if (v.nrows != 1 || db_cell(&v, 0, 0) == NULL) {
		audit(r, "result.trend", patient(r), "lab_result", value, AUDIT_DENIED);
		return 404;
	}
	if (db_run(r, STMT(Q_TREND), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(db_cell(&v, 0, 0)),
	    DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	if (rs.nrows == 0)
		return 404;
	page_set(r, "Trend.Name", db_cell(&v, 0, 1));
	page_set(r, "Trend.Unit", db_cell(&v, 0, 2));
	page_set(r, "Trend.Back", url(r, req_printf(r, "/results/%lld", report)));
	set_info(r, "Trend", db_cell(&v, 0, 0));
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Trend.Rows.%zu", i);
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, 0), &t);
		page_set(r, req_printf(r, "%s.Date", b), fmt_date(r, t));
		page_set(r, req_printf(r, "%s.Value", b), fmt_decimal(r, db_cell(&rs, i, 1)));
		page_set(r, req_printf(r, "%s.Range", b), range_text(r, db_cell(&rs, i, 2), db_cell(&rs, i, 3), NULL));
		if (strcmp(db_cell(&rs, i, 4), "normal") != 0)
			page_set_text(r, req_printf(r, "%s.Flag", b), req_printf(r, "results.flag_%s", db_cell(&rs, i, 4)));
		page_set(r, req_printf(r, "%s.Report", b), url(r, req_printf(r, "/results/%s", db_cell(&rs, i, 5))));
	}
	set_chart(r, &rs, req_printf(r, "%s %s (%s)", tr(r, "results.chart_label"), db_cell(&v, 0, 1),
		db_cell(&v, 0, 2) ? db_cell(&v, 0, 2) : ""));
	page_set_text(r, "Page.Title", "results.trend_title");
	audit(r, "result.trend", patient(r), "lab_result", value, AUDIT_SUCCESS);
	return render(r, "results_trend.cs");
}

/* --------------------------------------------------------------- staff */

static int
page_staff_list(struct req *r)
{
	char now_s[20];
	time_t now = clock_now();
	clock_sql(now, now_s);
	struct db_rows rs;
	if (db_run(r, STMT(Q_STAFF_LIST), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Reports.%zu", i);
		time_t t = 0, rel = 0;
		clock_parse_sql(db_cell(&rs, i, 4), &t);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&rs, i, 1));
		page_set_text(r, req_printf(r, "%s.Category", b), req_printf(r, "results.category_%s", db_cell(&rs, i, 2)));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "results.status_%s", db_cell(&rs, i, 3)));
		page_set(r, req_printf(r, "%s.Collected", b), fmt_datetime(r, t));
		if (db_cell(&rs, i, 5) && clock_parse_sql(db_cell(&rs, i, 5), &rel) == 0 && rel <= now)
			page_set_text(r, req_printf(r, "%s.Release", b), "results.released");
		else if (db_cell(&rs, i, 5))
			page_set(r, req_printf(r, "%s.Release", b), req_printf(r, "%s %s", tr(r, "results.held_until"),
				fmt_datetime(r, rel)));
		else
			page_set_text(r, req_printf(r, "%s.Release", b), "results.not_released");
		if (db_cell_int(&rs, i, 6))
			page_set(r, req_printf(r, "%s.Sensitive", b), "1");
		page_set(r, req_printf(r, "%s.PatientId", b), db_cell(&rs, i, 7));
		page_set(r, req_printf(r, "%s.Patient", b), req_printf(r, "%s %s", db_cell(&rs, i, 8), db_cell(&rs, i, 9)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 10));
	}
	const struct field *done = req_field(r, KEY_DONE);
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "results.done_%s", done->s));
	page_set_text(r, "Page.Title", "results.staff_title");
	audit(r, "results.staff_list", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "results_staff_list.cs");
}

/* Fills the entry form from what was sent, or from a stored report. */
static void
set_form(struct req *r, const struct db_rows *rep, const struct db_rows *vals)
{
	const struct clinic *c = r->clinic;
	for (size_t i = 0; i < c->nproviders; i++) {
		page_set(r, req_printf(r, "Providers.%zu.Key", i), c->providers[i].key);
		page_set(r, req_printf(r, "Providers.%zu.Name", i), provider_label(r, c->providers[i].key));
	}
	for (int i = 0; categories[i]; i++) {
		page_set(r, req_printf(r, "Categories.%d.Key", i), categories[i]);
		page_set_text(r, req_printf(r, "Categories.%d.Name", i), req_printf(r, "results.category_%s", categories[i]));
	}
	bool sent = req_field(r, KEY_PANEL)->present;
	if (rep && !sent) {
		time_t t = 0;
		clock_parse_sql(db_cell(rep, 0, 5), &t);
		struct tm tm;
		clock_local(c->timezone, t, &tm);
		page_set(r, "Form.Panel", db_cell(rep, 0, 1));
		page_set(r, "Form.PanelLoinc", db_cell(rep, 0, 2));
		page_set(r, "Form.Category", db_cell(rep, 0, 3));
		page_set(r, "Form.Provider", db_cell(rep, 0, 4));
		page_setf(r, "Form.CollectedDay", "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
		page_setf(r, "Form.CollectedTime", "%02d:%02d", tm.tm_hour, tm.tm_min);
		page_set(r, "Form.Status", strcmp(db_cell(rep, 0, 6), "preliminary") == 0 ? "preliminary" : "corrected");
		page_set(r, "Form.Comment", db_cell(rep, 0, 7));
		for (size_t i = 0; vals && i < vals->nrows && i < ROWS; i++) {
			const char *b = req_printf(r, "Rows.%zu", i);
			const char *flag = db_cell(vals, i, 9);
			page_set(r, req_printf(r, "%s.Name", b), db_cell(vals, i, 2));
			page_set(r, req_printf(r, "%s.Loinc", b), db_cell(vals, i, 1));
			page_set(r, req_printf(r, "%s.Value", b), db_cell(vals, i, 3) ? fmt_decimal(r, db_cell(vals, i, 3)) :
				db_cell(vals, i, 4));
			page_set(r, req_printf(r, "%s.Unit", b), db_cell(vals, i, 5));
			page_set(r, req_printf(r, "%s.Low", b), fmt_decimal(r, db_cell(vals, i, 6)));
			page_set(r, req_printf(r, "%s.High", b), fmt_decimal(r, db_cell(vals, i, 7)));
			page_set(r, req_printf(r, "%s.Flag", b), strncmp(flag, "critical", 8) == 0 ||
				strcmp(flag, "abnormal") == 0 ? flag : "auto");
		}
		for (size_t i = vals ? vals->nrows : 0; i < ROWS; i++)
			page_set(r, req_printf(r, "Rows.%zu.Flag", i), "auto");
		return;
	}
	page_set(r, "Form.Mrn", req_field(r, KEY_MRN)->raw);
	page_set(r, "Form.Panel", req_field(r, KEY_PANEL)->raw);
	page_set(r, "Form.PanelLoinc", req_field(r, KEY_PANEL_LOINC)->raw);
	page_set(r, "Form.Category", sent ? req_field(r, KEY_CATEGORY)->raw : "chemistry");
	page_set(r, "Form.Provider", req_field(r, KEY_PROVIDER)->raw);
	page_set(r, "Form.CollectedDay", req_field(r, KEY_COLLECTED_DAY)->raw);
	page_set(r, "Form.CollectedTime", req_field(r, KEY_COLLECTED_TIME)->raw);
	page_set(r, "Form.Status", sent ? req_field(r, KEY_STATUS)->raw : "final");
	page_set(r, "Form.Comment", req_field(r, KEY_COMMENT)->raw);
	static const char *const names[7] = { "Name", "Loinc", "Value", "Unit", "Low", "High", "Flag" };
	for (int i = 0; i < ROWS; i++)
		for (int k = 0; k < 7; k++) {
			const struct field *f = row_field(r, i, k);
			page_set(r, req_printf(r, "Rows.%d.%s", i, names[k]), k == R_FLAG && !f->present ? "auto" : f->raw);
		}
}

static int
show_form(struct req *r, long long id)
{
	for (int i = 0; i < ROWS; i++) {
		page_set_int(r, req_printf(r, "Rows.%d.N", i), i + 1);
	}
	for (int i = 0; flags[i]; i++) {
		page_set(r, req_printf(r, "Flags.%d.Key", i), flags[i]);
		page_set_text(r, req_printf(r, "Flags.%d.Name", i), req_printf(r, "results.flag_%s", flags[i]));
	}
	page_set(r, "Form.Action", url(r, id ? req_printf(r, "/staff/results/%lld", id) : "/staff/results"));
	page_set_text(r, "Page.Title", id ? "results.edit_title" : "results.new_title");
	return render(r, "results_staff_form.cs");
}

static int
page_staff_new(struct req *r)
{
	set_form(r, NULL, NULL);
	return show_form(r, 0);
}

/* Loads a report of this clinic for staff: 0, 404 (audited) or PORTAL_ERR. */
static int
load_staff_report(struct req *r, long long id, const char *action, struct db_rows *rep, struct db_rows *vals)
{
	if (db_run(r, STMT(Q_STAFF_REPORT), rep, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rep->nrows != 1) {
		audit(r, action, 0, "lab_report", id, AUDIT_DENIED);
		return 404;
	}
	char far[20];
	clock_sql(clock_now() + 100LL * 365 * 86400, far);
	if (vals && db_run(r, STMT(Q_VALUES), vals, DB_ARGS(DB_STR(far), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(db_cell_int(rep, 0, 9)))) < 0)
		return PORTAL_ERR;
	return 0;
}

static void
set_report_header(struct req *r, const struct db_rows *rep)
{
	time_t rel = 0;
	page_set(r, "Report.Id", db_cell(rep, 0, 0));
	page_set(r, "Report.PatientId", db_cell(rep, 0, 9));
	page_set(r, "Report.Mrn", db_cell(rep, 0, 10));
	page_set(r, "Report.Patient", req_printf(r, "%s %s", db_cell(rep, 0, 11), db_cell(rep, 0, 12)));
	if (db_cell(rep, 0, 8) && clock_parse_sql(db_cell(rep, 0, 8), &rel) == 0 && rel <= clock_now())
		page_set(r, "Report.Released", fmt_datetime(r, rel));
	else if (strcmp(db_cell(rep, 0, 6), "preliminary") != 0)
		page_set(r, "Report.CanRelease", "1");
	if (db_cell(rep, 0, 8) && rel > clock_now())
		page_set(r, "Report.HeldUntil", fmt_datetime(r, rel));
}

static int
page_staff_edit(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rep, vals;
	int rc = load_staff_report(r, id, "result.staff_view", &rep, &vals);
	if (rc)
		return rc;
	set_report_header(r, &rep);
	set_form(r, &rep, &vals);
	audit(r, "result.staff_view", db_cell_int(&rep, 0, 9), "lab_report", id, AUDIT_SUCCESS);
	return show_form(r, id);
}

/* A decimal of the form, or NULL when empty; *bad when it is not one. */
static const char *
decimal(const struct field *f, bool *bad)
{
	if (!f->present)
		return NULL;
	if (!f->valid) {
		*bad = true;
		return NULL;
	}
	if (f->s[0] == '\0')
		return NULL;
	char *end;
	double v = strtod(f->s, &end);
	if (*end != '\0' || !isfinite(v) || fabs(v) >= 1e10)
		*bad = true;
	return f->s;
}

struct value_row {
	const char *name, *loinc, *num, *text, *unit, *low, *high, *flag;
};

/* Checks the form; fills rows (how many in *n). 0 when it is fine. */
static int
check_form(struct req *r, bool with_mrn, long long *pid, struct value_row *rows, size_t *n, time_t *collected)
{
	const struct clinic *c = r->clinic;
	*n = 0;
	if (with_mrn) {
		struct db_rows rs;
		const struct field *mrn = req_field(r, KEY_MRN);
		if (!mrn->valid || db_run(r, STMT(Q_PATIENT_BY_MRN), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(mrn->s))) < 0 ||
		    rs.nrows != 1)
			page_error(r, "mrn", "results.err_mrn");
		else
			*pid = db_cell_int(&rs, 0, 0);
	}
	if (!req_field(r, KEY_PANEL)->valid)
		page_error(r, "panel", "results.err_panel");
	if (!req_field(r, KEY_CATEGORY)->valid)
		page_error(r, "category", "results.err_category");
	const struct field *prov = req_field(r, KEY_PROVIDER);
	if (prov->present && prov->raw[0] && !(prov->valid && clinic_provider(c, prov->s)))
		page_error(r, "provider", "results.err_provider");
	const struct field *day = req_field(r, KEY_COLLECTED_DAY), *tm = req_field(r, KEY_COLLECTED_TIME);
	int h, m;
	char extra;
	if (!day->valid || !tm->valid || sscanf(tm->s, "%2d:%2d%c", &h, &m, &extra) != 2 || h > 23 || m > 59) {
		page_error(r, "collected_day", "results.err_collected");
	} else {
		int y, mo, d;
		valid_date(day->s, &y, &mo, &d);
		*collected = clock_from_local(c->timezone, y, mo, d, h, m);
		if (*collected > clock_now() + 3600)
			page_error(r, "collected_day", "results.err_future");
	}
	if (!req_field(r, KEY_STATUS)->valid)
		page_error(r, "status", "results.err_status");
	if (!req_field(r, KEY_COMMENT)->valid && req_field(r, KEY_COMMENT)->present)
		page_error(r, "comment", "results.err_comment");
	bool bad_row = false;
	for (int i = 0; i < ROWS; i++) {
		const struct field *name = row_field(r, i, R_NAME), *val = row_field(r, i, R_VALUE);
		if (!name->present || (name->valid && name->s[0] == '\0' && val->valid && val->s[0] == '\0'))
			continue;
		struct value_row *v = &rows[*n];
		bool bad = !name->valid || name->s[0] == '\0' || !val->valid || val->s[0] == '\0';
		v->name = name->valid ? name->s : NULL;
		v->loinc = row_field(r, i, R_LOINC)->valid && row_field(r, i, R_LOINC)->s[0] ? row_field(r, i, R_LOINC)->s : NULL;
		v->unit = row_field(r, i, R_UNIT)->valid && row_field(r, i, R_UNIT)->s[0] ? row_field(r, i, R_UNIT)->s : NULL;
		v->low = decimal(row_field(r, i, R_LOW), &bad);
		v->high = decimal(row_field(r, i, R_HIGH), &bad);
		bool not_number = false;
		v->num = val->valid ? decimal(val, &not_number) : NULL;
		v->text = NULL;
		if (not_number && val->valid) {
			v->num = NULL;          /* "negative", "trace": kept as text */
			v->text = val->s;
		}
		const struct field *fl = row_field(r, i, R_FLAG);
		v->flag = fl->valid && fl->i > 0 ? fl->s : NULL;
		if (v->flag == NULL) {
			v->flag = "normal";
			if (v->num && v->low && strtod(v->num, NULL) < strtod(v->low, NULL))
				v->flag = "low";
			else if (v->num && v->high && strtod(v->num, NULL) > strtod(v->high, NULL))
				v->flag = "high";
		}
		if (bad)
			bad_row = true;
		else
			(*n)++;
	}
	if (bad_row)
		page_error(r, "name_1", "results.err_row");
	else if (*n == 0)
		page_error(r, "name_1", "results.err_no_values");
	return page_error_count(r) ? -1 : 0;
}

/* Stores the values and queues the patient's notice for the release time. */
static int
store(struct req *r, long long report, long long pid, const struct value_row *rows, size_t n, time_t release)
{
	long long cid = clinic_id(r);
	for (size_t i = 0; i < n; i++) {
		const struct value_row *v = &rows[i];
		if (db_run(r, STMT(Q_VALUE_INSERT), NULL, DB_ARGS(DB_INT(report), DB_INT(cid), DB_INT(pid), DB_STR(v->loinc),
		    DB_STR(v->name), DB_STR(v->num), DB_STR(v->text), DB_STR(v->unit), DB_STR(v->low), DB_STR(v->high),
		    DB_STR(v->flag))) < 0)
			return -1;
	}
	if (release && notify_patient_at(r, pid, "new_result", req_printf(r, "/results/%lld", report), release, 0) < 0)
		return -1;
	return 0;
}

/* When a report of this status and category is released: 0 for never
 * (preliminary). */
static time_t
release_time(struct req *r, const char *status, const char *category)
{
	if (strcmp(status, "preliminary") == 0)
		return 0;
	return clock_now() + (time_t)result_delay_hours(r->clinic, category) * 3600;
}

static int
post_staff_new(struct req *r)
{
	struct value_row rows[ROWS];
	size_t n;
	long long pid = 0;
	time_t collected = 0;
	if (check_form(r, true, &pid, rows, &n, &collected) < 0) {
		set_form(r, NULL, NULL);
		return show_form(r, 0);
	}
	const char *status = req_field(r, KEY_STATUS)->s, *category = req_field(r, KEY_CATEGORY)->s;
	const struct field *prov = req_field(r, KEY_PROVIDER), *comment = req_field(r, KEY_COMMENT);
	const struct field *ploinc = req_field(r, KEY_PANEL_LOINC);
	time_t release = release_time(r, status, category);
	char now_s[20], col_s[20], rel_s[20];
	clock_sql(clock_now(), now_s);
	clock_sql(collected, col_s);
	clock_sql(release, rel_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_REPORT_INSERT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(pid),
	    DB_STR(req_field(r, KEY_PANEL)->s), DB_STR(ploinc->valid && ploinc->s[0] ? ploinc->s : NULL),
	    DB_STR(category), DB_INT(result_category_sensitive(r->clinic, category)),
	    DB_STR(prov->valid ? prov->s : NULL), DB_STR(col_s), DB_STR(now_s), DB_STR(status),
	    release ? DB_STR(rel_s) : DB_NULLARG, DB_STR(comment->valid && comment->s[0] ? comment->s : NULL),
	    DB_INT(r->session->user_id), DB_STR(now_s))) < 0 ||
	    store(r, rs.insert_id, pid, rows, n, release) < 0 ||
	    audit(r, "result.enter", pid, "lab_report", rs.insert_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/results?done=saved"));
}

static int
post_staff_edit(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rep, vals;
	int rc = load_staff_report(r, id, "result.correct", &rep, &vals);
	if (rc)
		return rc;
	struct value_row rows[ROWS];
	size_t n;
	long long pid = db_cell_int(&rep, 0, 9);
	time_t collected = 0;
	if (check_form(r, false, &pid, rows, &n, &collected) < 0) {
		set_report_header(r, &rep);
		set_form(r, &rep, &vals);
		return show_form(r, id);
	}
	const char *status = req_field(r, KEY_STATUS)->s, *category = req_field(r, KEY_CATEGORY)->s;
	/* A released report that changes is a corrected one. */
	if (strcmp(db_cell(&rep, 0, 6), "preliminary") != 0 && strcmp(status, "final") == 0)
		status = "corrected";
	const struct field *prov = req_field(r, KEY_PROVIDER), *comment = req_field(r, KEY_COMMENT);
	const struct field *ploinc = req_field(r, KEY_PANEL_LOINC);
	time_t release = release_time(r, status, category);
	char now_s[20], col_s[20], rel_s[20];
	clock_sql(clock_now(), now_s);
	clock_sql(collected, col_s);
	clock_sql(release, rel_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_REPORT_UPDATE), NULL, DB_ARGS(DB_STR(req_field(r, KEY_PANEL)->s),
	    DB_STR(ploinc->valid && ploinc->s[0] ? ploinc->s : NULL), DB_STR(category),
	    DB_INT(result_category_sensitive(r->clinic, category)), DB_STR(prov->valid ? prov->s : NULL), DB_STR(col_s),
	    DB_STR(status), DB_STR(comment->valid && comment->s[0] ? comment->s : NULL), DB_STR(now_s), DB_STR(now_s),
	    release ? DB_STR(rel_s) : DB_NULLARG, DB_INT(r->session->user_id), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)))) < 0 ||
	    db_run(r, STMT(Q_VALUES_DELETE), NULL, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0 ||
	    store(r, id, pid, rows, n, release) < 0 ||
	    audit(r, "result.correct", pid, "lab_report", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/results?done=saved"));
}

static int
post_release(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rep, up;
	int rc = load_staff_report(r, id, "result.release", &rep, NULL);
	if (rc)
		return rc;
	const struct field *comment = req_field(r, KEY_COMMENT);
	long long pid = db_cell_int(&rep, 0, 9);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_RELEASE), &up, DB_ARGS(DB_STR(now_s), DB_STR(comment->valid && comment->s[0] ? comment->s :
	    NULL), DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		goto fail;
	if (up.affected != 1) {
		/* Released already, or preliminary: nothing to do. */
		db_rollback(r);
		return 409;
	}
	if (db_run(r, STMT(Q_NOTICE_NOW), NULL, DB_ARGS(DB_STR(now_s), DB_INT(clinic_id(r)), DB_INT(pid),
	    DB_STR(req_printf(r, "%%/results/%lld", id)))) < 0 ||
	    audit(r, "result.release", pid, "lab_report", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/staff/results?done=released"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static const struct route routes[] = {
	{ HTTP_GET, "/results", ACCESS_PATIENT, page_list, 0, 0 },
	{ HTTP_GET, "/results/:id", ACCESS_PATIENT, page_report, 0, 0 },
	{ HTTP_GET, "/results/:id/trend/:id", ACCESS_PATIENT, page_trend, 0, 0 },
	{ HTTP_GET, "/staff/results", ACCESS_CLINICAL | ACCESS_ADMIN, page_staff_list, 0, 0 },
	{ HTTP_GET, "/staff/results/new", ACCESS_CLINICAL | ACCESS_ADMIN, page_staff_new, 0, 0 },
	{ HTTP_POST, "/staff/results", ACCESS_CLINICAL | ACCESS_ADMIN, post_staff_new, 0, 0 },
	{ HTTP_GET, "/staff/results/:id", ACCESS_CLINICAL | ACCESS_ADMIN, page_staff_edit, 0, 0 },
	{ HTTP_POST, "/staff/results/:id", ACCESS_CLINICAL | ACCESS_ADMIN, post_staff_edit, 0, 0 },
	{ HTTP_POST, "/staff/results/:id/release", ACCESS_CLINICAL | ACCESS_ADMIN, post_release, 0, 0 },
};

static const struct app app = {
	.name = "results",
	.routes = routes,
	.nroutes = sizeof(routes) / sizeof(routes[0]),
	.fields = fields,
	.nfields = KEY__MAX,
	.stmts = stmts,
	.nstmts = Q__MAX,
};

int
main(int argc, char **argv)
{
	init_row_fields();
	return portal_main(&app, argc, argv);
}
