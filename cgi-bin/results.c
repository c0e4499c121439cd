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
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 25
#define ROWS 6                 /* values on the staff form */
#define TREND_MAX 40

/* The fields of each value row of the staff form. */
enum { R_NAME, R_LOINC, R_VALUE, R_UNIT, R_LOW, R_HIGH, R_FLAG, R__MAX };

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
	KEY__MAX = KEY_ROW0 + ROWS * R__MAX
};
#define ROW_KEY(row, k) (KEY_ROW0 + (row) * R__MAX + (k))

static const char *const statuses[] = { "preliminary", "final", "corrected", NULL };
static const char *const categories[] = { "chemistry", "hematology", "microbiology", "urinalysis", "pathology",
	"hiv", "pregnancy", "mental_health", "substance_use", "other", NULL };
static const char *const flags[] = { "auto", "critical_low", "critical_high", "abnormal", NULL };
static const char *const dones[] = { "saved", "released", NULL };

/* The fields of value row n (1 to ROWS): name_n, loinc_n ... flag_n. */
#define ROW_FIELDS(n) \
	[ROW_KEY(n - 1, R_NAME)] = { "name_" #n, FIELD_TEXT, 1, 200, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_LOINC)] = { "loinc_" #n, FIELD_TEXT, 1, 20, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_VALUE)] = { "value_" #n, FIELD_TEXT, 1, 30, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_UNIT)] = { "unit_" #n, FIELD_TEXT, 1, 40, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_LOW)] = { "low_" #n, FIELD_TEXT, 1, 30, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_HIGH)] = { "high_" #n, FIELD_TEXT, 1, 30, NULL, .optional = true }, \
	[ROW_KEY(n - 1, R_FLAG)] = { "flag_" #n, FIELD_ENUM, 0, 0, flags }
_Static_assert(ROWS == 6, "one ROW_FIELDS() below for each row");

static const struct field_def fields[KEY__MAX] = {
	[KEY_PAGE] = { "page", FIELD_INT, 1, 100000, NULL },
	[KEY_MRN] = { "mrn", FIELD_TEXT, 1, 40, NULL },
	[KEY_PANEL] = { "panel", FIELD_TEXT, 1, 200, NULL },
	[KEY_PANEL_LOINC] = { "panel_loinc", FIELD_TEXT, 1, 20, NULL, .optional = true },
	[KEY_CATEGORY] = { "category", FIELD_ENUM, 0, 0, categories },
	[KEY_PROVIDER] = { "provider", FIELD_TOKEN, 1, 40, NULL, .optional = true },
	[KEY_COLLECTED_DAY] = { "collected_day", FIELD_DATE, 0, 0, NULL },
	[KEY_COLLECTED_TIME] = { "collected_time", FIELD_TIME, 0, 0, NULL },
	[KEY_STATUS] = { "status", FIELD_ENUM, 0, 0, statuses },
	[KEY_COMMENT] = { "comment", FIELD_MULTILINE, 1, 2000, NULL, .optional = true },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
	ROW_FIELDS(1), ROW_FIELDS(2), ROW_FIELDS(3), ROW_FIELDS(4), ROW_FIELDS(5), ROW_FIELDS(6),
};

static const struct field *
row_field(struct req *r, int row, int k)
{
	return req_field(r, ROW_KEY(row, k));
}

/* ------------------------------------------------------------- helpers */

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

enum { LIST_ID, LIST_PANEL, LIST_PROVIDER, LIST_COLLECTED_AT, LIST_STATUS, LIST_UNREAD, LIST_FLAGGED, LIST__COLS };
/* Released reports only; one more row than a page tells if there is a next. */
static struct db_stmt q_list = DB_QUERY("results_list", LIST__COLS,
	"SELECT id, panel_name, ordering_provider_key, collected_at, status, read_at IS NULL,"
	" (SELECT COUNT(*) FROM lab_results v WHERE v.report_id = r.id AND v.flag <> 'normal')"
	" FROM lab_reports r WHERE clinic_id = ? AND patient_id = ? AND released_at <= ?"
	" ORDER BY collected_at DESC, id DESC LIMIT ? OFFSET ?");

static int
page_list(struct req *r)
{
	const struct field *pf = req_field(r, KEY_PAGE);
	int page = pf->valid ? (int)pf->i : 1;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, &q_list, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(now_s),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0)
		return PORTAL_ERR;
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Reports.%zu", i);
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, LIST_COLLECTED_AT), &t);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, LIST_ID));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&rs, i, LIST_PANEL));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(&rs, i, LIST_PROVIDER)));
		page_set(r, req_printf(r, "%s.Date", b), fmt_date(r, t));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "results.status_%s",
			db_cell(&rs, i, LIST_STATUS)));
		if (db_cell_int(&rs, i, LIST_UNREAD))
			page_set(r, req_printf(r, "%s.New", b), "1");
		if (db_cell_int(&rs, i, LIST_FLAGGED))
			page_set(r, req_printf(r, "%s.Flagged", b), "1");
	}
	set_paging(r, page, rs.nrows > PAGE_SIZE);
	page_set_text(r, "Page.Title", "results.title");
	audit(r, "results.list", req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "results_list.cs");
}

enum { VAL_ID, VAL_LOINC, VAL_NAME, VAL_NUM, VAL_TEXT, VAL_UNIT, VAL_LOW, VAL_HIGH, VAL_RANGE_TEXT, VAL_FLAG,
	VAL_TREND_POINTS, VAL__COLS };
static struct db_stmt q_values = DB_QUERY("results_values", VAL__COLS,
	"SELECT id, loinc, name, value_num, value_text, unit, ref_low, ref_high, ref_text, flag,"
	" (SELECT COUNT(*) FROM lab_results t JOIN lab_reports tr ON tr.id = t.report_id"
	"   WHERE t.clinic_id = v.clinic_id AND t.patient_id = v.patient_id AND t.loinc = v.loinc"
	"   AND t.value_num IS NOT NULL AND tr.released_at <= ?)"
	" FROM lab_results v WHERE report_id = ? AND clinic_id = ? AND patient_id = ? ORDER BY id");

/* A value as people read it: a number without trailing zeros, or its text. */
static const char *
value_text(struct req *r, const struct db_rows *vs, size_t i)
{
	const char *num = db_cell(vs, i, VAL_NUM);
	return num ? fmt_decimal(r, num) : db_cell(vs, i, VAL_TEXT);
}

enum { REPORT_ID, REPORT_PANEL, REPORT_PANEL_LOINC, REPORT_CATEGORY, REPORT_PROVIDER, REPORT_COLLECTED_AT,
	REPORT_REPORTED_AT, REPORT_STATUS, REPORT_COMMENT, REPORT_READ_AT, REPORT__COLS };
static struct db_stmt q_report = DB_QUERY("results_report", REPORT__COLS,
	"SELECT id, panel_name, panel_loinc, category, ordering_provider_key, collected_at, reported_at, status,"
	" comment, read_at FROM lab_reports WHERE id = ? AND clinic_id = ? AND patient_id = ? AND released_at <= ?");
static struct db_stmt q_mark_read = DB_STMT("results_mark_read",
	"UPDATE lab_reports SET read_at = ? WHERE id = ? AND clinic_id = ? AND patient_id = ? AND read_at IS NULL");

static int
page_report(struct req *r)
{
	long long id = r->path_ids[0], pid = req_patient(r), cid = clinic_id(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs, vs;
	/* Someone else's, not released yet, or none: the same 404. */
	int rc = load_or_404(r, &q_report, &rs, (struct audit_object){ "result.view", pid, "lab_report", id },
		DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid), DB_STR(now_s)));
	if (rc)
		return rc;
	if (db_run(r, &q_values, &vs, DB_ARGS(DB_STR(now_s), DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	time_t collected = 0, reported = 0;
	clock_parse_sql(db_cell(&rs, 0, REPORT_COLLECTED_AT), &collected);
	clock_parse_sql(db_cell(&rs, 0, REPORT_REPORTED_AT), &reported);
	page_set(r, "Report.Id", db_cell(&rs, 0, REPORT_ID));
	page_set(r, "Report.Name", db_cell(&rs, 0, REPORT_PANEL));
	page_set(r, "Report.Provider", provider_label(r, db_cell(&rs, 0, REPORT_PROVIDER)));
	page_set(r, "Report.Collected", fmt_datetime(r, collected));
	page_set(r, "Report.Reported", fmt_datetime(r, reported));
	page_set(r, "Report.StatusKey", db_cell(&rs, 0, REPORT_STATUS));
	page_set_text(r, "Report.Status", req_printf(r, "results.status_%s", db_cell(&rs, 0, REPORT_STATUS)));
	page_set(r, "Report.Comment", db_cell(&rs, 0, REPORT_COMMENT));
	set_info(r, "Report", db_cell(&rs, 0, REPORT_PANEL_LOINC));
	for (size_t i = 0; i < vs.nrows; i++) {
		const char *b = req_printf(r, "Values.%zu", i);
		const char *flag = db_cell(&vs, i, VAL_FLAG);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&vs, i, VAL_NAME));
		page_set(r, req_printf(r, "%s.Value", b), value_text(r, &vs, i));
		page_set(r, req_printf(r, "%s.Unit", b), db_cell(&vs, i, VAL_UNIT));
		page_set(r, req_printf(r, "%s.Range", b), range_text(r, db_cell(&vs, i, VAL_LOW), db_cell(&vs, i, VAL_HIGH),
			db_cell(&vs, i, VAL_RANGE_TEXT)));
		page_set(r, req_printf(r, "%s.FlagKey", b), flag);
		if (strcmp(flag, "normal") != 0)
			page_set_text(r, req_printf(r, "%s.Flag", b), req_printf(r, "results.flag_%s", flag));
		if (strncmp(flag, "critical", 8) == 0)
			page_set(r, "Report.Critical", "1");
		set_info(r, b, db_cell(&vs, i, VAL_LOINC));
		if (db_cell(&vs, i, VAL_LOINC) && db_cell_int(&vs, i, VAL_TREND_POINTS) >= 2)
			page_set(r, req_printf(r, "%s.Trend", b), url(r, req_printf(r, "/results/%lld/trend/%s", id,
				db_cell(&vs, i, VAL_ID))));
	}
	if (db_cell(&rs, 0, REPORT_READ_AT) == NULL && db_run(r, &q_mark_read, NULL, DB_ARGS(DB_STR(now_s), DB_INT(id),
	    DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	page_set_text(r, "Page.Title", "results.report_title");
	audit(r, "result.view", pid, "lab_report", id, AUDIT_SUCCESS);
	return render(r, "results_report.cs");
}

enum { TREND_COLLECTED_AT, TREND_VALUE, TREND_LOW, TREND_HIGH, TREND_FLAG, TREND_REPORT_ID, TREND__COLS };
static struct db_stmt q_trend = DB_QUERY("results_trend", TREND__COLS,
	"SELECT r.collected_at, v.value_num, v.ref_low, v.ref_high, v.flag, r.id FROM lab_results v"
	" JOIN lab_reports r ON r.id = v.report_id WHERE v.clinic_id = ? AND v.patient_id = ? AND v.loinc = ?"
	" AND v.value_num IS NOT NULL AND r.released_at <= ? ORDER BY r.collected_at DESC LIMIT 40");

/* The trend chart: the values over time, the latest range shaded. */
static void
set_chart(struct req *r, const struct db_rows *rs, const char *title)
{
	size_t n = rs->nrows;
	time_t *t = req_alloc(r, n * sizeof(*t));
	double *v = req_alloc(r, n * sizeof(*v));
	for (size_t i = 0; i < n; i++) {       /* oldest first */
		clock_parse_sql(db_cell(rs, n - 1 - i, TREND_COLLECTED_AT), &t[i]);
		v[i] = atof(db_cell(rs, n - 1 - i, TREND_VALUE));
	}
	const char *rl = db_cell(rs, 0, TREND_LOW), *rh = db_cell(rs, 0, TREND_HIGH);
	double low = rl ? atof(rl) : 0, high = rh ? atof(rh) : 0;
	struct chart_series s = { t, v, n, NULL };
	page_set_chart(r, "Charts.0", title, &s, 1, rl ? &low : NULL, rh ? &high : NULL);
	page_set_text(r, "Charts.0.Caption", rl && rh ? "results.band_note" : "results.no_band");
}

enum { TEST_LOINC, TEST_NAME, TEST_UNIT, TEST__COLS };
static struct db_stmt q_value = DB_QUERY("results_value", TEST__COLS,
	"SELECT v.loinc, v.name, v.unit FROM lab_results v JOIN lab_reports r ON r.id = v.report_id"
	" WHERE v.id = ? AND v.report_id = ? AND v.clinic_id = ? AND v.patient_id = ? AND r.released_at <= ?");

static int
page_trend(struct req *r)
{
	long long report = r->path_ids[0], value = r->path_ids[1], pid = req_patient(r), cid = clinic_id(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows v, rs;
	struct audit_object what = { "result.trend", pid, "lab_result", value };
	int rc = load_or_404(r, &q_value, &v, what, DB_ARGS(DB_INT(value), DB_INT(report), DB_INT(cid), DB_INT(pid),
		DB_STR(now_s)));
	if (rc)
		return rc;
	/* A value without a test code has no trend to show. */
	if (db_cell(&v, 0, TEST_LOINC) == NULL)
		return audit_not_found(r, what.action, what.patient_id, what.type, what.id);
	if (db_run(r, &q_trend, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(db_cell(&v, 0, TEST_LOINC)),
	    DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	if (rs.nrows == 0)
		return 404;
	const char *name = db_cell(&v, 0, TEST_NAME), *unit = db_cell(&v, 0, TEST_UNIT);
	page_set(r, "Trend.Name", name);
	page_set(r, "Trend.Unit", unit);
	page_set(r, "Trend.Back", url(r, req_printf(r, "/results/%lld", report)));
	set_info(r, "Trend", db_cell(&v, 0, TEST_LOINC));
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Trend.Rows.%zu", i);
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, TREND_COLLECTED_AT), &t);
		page_set(r, req_printf(r, "%s.Date", b), fmt_date(r, t));
		page_set(r, req_printf(r, "%s.Value", b), fmt_decimal(r, db_cell(&rs, i, TREND_VALUE)));
		page_set(r, req_printf(r, "%s.Range", b), range_text(r, db_cell(&rs, i, TREND_LOW),
			db_cell(&rs, i, TREND_HIGH), NULL));
		if (!db_cell_is(&rs, i, TREND_FLAG, "normal"))
			page_set_text(r, req_printf(r, "%s.Flag", b), req_printf(r, "results.flag_%s",
				db_cell(&rs, i, TREND_FLAG)));
		page_set(r, req_printf(r, "%s.Report", b), url(r, req_printf(r, "/results/%s",
			db_cell(&rs, i, TREND_REPORT_ID))));
	}
	set_chart(r, &rs, req_printf(r, "%s %s (%s)", tr(r, "results.chart_label"), name, unit ? unit : ""));
	page_set_text(r, "Page.Title", "results.trend_title");
	audit(r, "result.trend", pid, "lab_result", value, AUDIT_SUCCESS);
	return render(r, "results_trend.cs");
}

/* --------------------------------------------------------------- staff */

/* The patient's id to the MRN: page_set_patient's four columns. */
enum { LISTED_ID, LISTED_PANEL, LISTED_CATEGORY, LISTED_STATUS, LISTED_COLLECTED_AT, LISTED_RELEASED_AT,
	LISTED_SENSITIVE, LISTED_PATIENT_ID, LISTED_FIRST_NAME, LISTED_LAST_NAME, LISTED_MRN, LISTED__COLS };
static struct db_stmt q_staff_list = DB_QUERY("results_staff_list", LISTED__COLS,
	"SELECT r.id, r.panel_name, r.category, r.status, r.collected_at, r.released_at, r.is_sensitive,"
	" p.id, p.first_name, p.last_name, p.mrn FROM lab_reports r"
	" JOIN patients p ON p.id = r.patient_id AND p.clinic_id = r.clinic_id"
	" WHERE r.clinic_id = ? ORDER BY (r.released_at IS NULL OR r.released_at > ?) DESC, r.reported_at DESC"
	" LIMIT 50");

static void
set_listed_row(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	const char *released = db_cell(rs, i, LISTED_RELEASED_AT);
	time_t rel = 0;
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, LISTED_ID));
	page_set(r, req_printf(r, "%s.Name", b), db_cell(rs, i, LISTED_PANEL));
	page_set_text(r, req_printf(r, "%s.Category", b), req_printf(r, "results.category_%s",
		db_cell(rs, i, LISTED_CATEGORY)));
	page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "results.status_%s", db_cell(rs, i, LISTED_STATUS)));
	page_set(r, req_printf(r, "%s.Collected", b), fmt_datetime(r, db_cell_time(rs, i, LISTED_COLLECTED_AT)));
	if (released && clock_parse_sql(released, &rel) == 0 && rel <= clock_now())
		page_set_text(r, req_printf(r, "%s.Release", b), "results.released");
	else if (released)
		page_set(r, req_printf(r, "%s.Release", b), req_printf(r, "%s %s", tr(r, "results.held_until"),
			fmt_datetime(r, rel)));
	else
		page_set_text(r, req_printf(r, "%s.Release", b), "results.not_released");
	if (db_cell_int(rs, i, LISTED_SENSITIVE))
		page_set(r, req_printf(r, "%s.Sensitive", b), "1");
	page_set_patient(r, b, rs, i, LISTED_PATIENT_ID);
}

static int
page_staff_list(struct req *r)
{
	static const struct list_page reports = { "Reports", set_listed_row, "results.staff_title",
		"results.staff_list", "results_staff_list.cs" };
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, &q_staff_list, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	page_set_notice(r, KEY_DONE, "results.done_");
	return render_list(r, &reports, &rs);
}

/* The patient's id to the MRN: page_set_patient's four columns. */
enum { STAFF_ID, STAFF_PANEL, STAFF_PANEL_LOINC, STAFF_CATEGORY, STAFF_PROVIDER, STAFF_COLLECTED_AT, STAFF_STATUS,
	STAFF_COMMENT, STAFF_RELEASED_AT, STAFF_PATIENT_ID, STAFF_FIRST_NAME, STAFF_LAST_NAME, STAFF_MRN, STAFF__COLS };
static struct db_stmt q_staff_report = DB_QUERY("results_staff_report", STAFF__COLS,
	"SELECT r.id, r.panel_name, r.panel_loinc, r.category, r.ordering_provider_key, r.collected_at, r.status,"
	" r.comment, r.released_at, p.id, p.first_name, p.last_name, p.mrn"
	" FROM lab_reports r JOIN patients p ON p.id = r.patient_id AND p.clinic_id = r.clinic_id"
	" WHERE r.id = ? AND r.clinic_id = ?");

/* The report of the URL, of any patient of this clinic, and its values
 * when vals is not NULL: 0, 404 (audited as action) or PORTAL_ERR. */
static int
load_staff_report(struct req *r, const char *action, struct db_rows *rep, struct db_rows *vals)
{
	long long id = r->path_ids[0];
	int rc = load_path_or_404(r, &q_staff_report, rep, action, "lab_report");
	if (rc)
		return rc;
	char far[20];
	clock_sql(clock_now() + 100LL * 365 * 86400, far);
	if (vals && db_run(r, &q_values, vals, DB_ARGS(DB_STR(far), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(db_cell_int(rep, 0, STAFF_PATIENT_ID)))) < 0)
		return PORTAL_ERR;
	return 0;
}

static void
set_report_header(struct req *r, const struct db_rows *rep)
{
	const char *released = db_cell(rep, 0, STAFF_RELEASED_AT);
	time_t rel = 0;
	page_set(r, "Report.Id", db_cell(rep, 0, STAFF_ID));
	page_set_patient(r, "Report", rep, 0, STAFF_PATIENT_ID);
	if (released && clock_parse_sql(released, &rel) == 0 && rel <= clock_now())
		page_set(r, "Report.Released", fmt_datetime(r, rel));
	else if (!db_cell_is(rep, 0, STAFF_STATUS, "preliminary"))
		page_set(r, "Report.CanRelease", "1");
	if (released && rel > clock_now())
		page_set(r, "Report.HeldUntil", fmt_datetime(r, rel));
}

/* The form's values from a stored report. */
static void
set_form_stored(struct req *r, const struct db_rows *rep, const struct db_rows *vals)
{
	time_t t = 0;
	clock_parse_sql(db_cell(rep, 0, STAFF_COLLECTED_AT), &t);
	struct tm tm;
	clock_local(r->clinic->timezone, t, &tm);
	page_set(r, "Form.Panel", db_cell(rep, 0, STAFF_PANEL));
	page_set(r, "Form.PanelLoinc", db_cell(rep, 0, STAFF_PANEL_LOINC));
	page_set(r, "Form.Category", db_cell(rep, 0, STAFF_CATEGORY));
	page_set(r, "Form.Provider", db_cell(rep, 0, STAFF_PROVIDER));
	page_setf(r, "Form.CollectedDay", "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	page_setf(r, "Form.CollectedTime", "%02d:%02d", tm.tm_hour, tm.tm_min);
	page_set(r, "Form.Status", db_cell_is(rep, 0, STAFF_STATUS, "preliminary") ? "preliminary" : "corrected");
	page_set(r, "Form.Comment", db_cell(rep, 0, STAFF_COMMENT));
	for (size_t i = 0; i < vals->nrows && i < ROWS; i++) {
		const char *b = req_printf(r, "Rows.%zu", i);
		const char *flag = db_cell(vals, i, VAL_FLAG);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(vals, i, VAL_NAME));
		page_set(r, req_printf(r, "%s.Loinc", b), db_cell(vals, i, VAL_LOINC));
		page_set(r, req_printf(r, "%s.Value", b), value_text(r, vals, i));
		page_set(r, req_printf(r, "%s.Unit", b), db_cell(vals, i, VAL_UNIT));
		page_set(r, req_printf(r, "%s.Low", b), fmt_decimal(r, db_cell(vals, i, VAL_LOW)));
		page_set(r, req_printf(r, "%s.High", b), fmt_decimal(r, db_cell(vals, i, VAL_HIGH)));
		/* Flags set by hand are kept; high and low come from the range again. */
		page_set(r, req_printf(r, "%s.Flag", b), strncmp(flag, "critical", 8) == 0 ||
			strcmp(flag, "abnormal") == 0 ? flag : "auto");
	}
	for (size_t i = vals->nrows; i < ROWS; i++)
		page_set(r, req_printf(r, "Rows.%zu.Flag", i), "auto");
}

/* The form's values as they were sent, or those of a new report. */
static void
set_form_sent(struct req *r)
{
	static const char *const names[R__MAX] = { "Name", "Loinc", "Value", "Unit", "Low", "High", "Flag" };
	page_set_field(r, "Form.Mrn", KEY_MRN, NULL);
	page_set_field(r, "Form.Panel", KEY_PANEL, NULL);
	page_set_field(r, "Form.PanelLoinc", KEY_PANEL_LOINC, NULL);
	page_set_field(r, "Form.Category", KEY_CATEGORY, "chemistry");
	page_set_field(r, "Form.Provider", KEY_PROVIDER, NULL);
	page_set_field(r, "Form.CollectedDay", KEY_COLLECTED_DAY, NULL);
	page_set_field(r, "Form.CollectedTime", KEY_COLLECTED_TIME, NULL);
	page_set_field(r, "Form.Status", KEY_STATUS, "final");
	page_set_field(r, "Form.Comment", KEY_COMMENT, NULL);
	for (int i = 0; i < ROWS; i++)
		for (int k = 0; k < R__MAX; k++)
			page_set_field(r, req_printf(r, "Rows.%d.%s", i, names[k]), ROW_KEY(i, k), k == R_FLAG ? "auto" : NULL);
}

/* The entry form: for a new report (rep NULL) or to correct rep; filled
 * from what was sent, when a form was. */
static int
show_form(struct req *r, const struct db_rows *rep, const struct db_rows *vals)
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
	for (int i = 0; flags[i]; i++) {
		page_set(r, req_printf(r, "Flags.%d.Key", i), flags[i]);
		page_set_text(r, req_printf(r, "Flags.%d.Name", i), req_printf(r, "results.flag_%s", flags[i]));
	}
	for (int i = 0; i < ROWS; i++)
		page_set_int(r, req_printf(r, "Rows.%d.N", i), i + 1);
	if (rep)
		set_report_header(r, rep);
	if (rep && !req_field(r, KEY_PANEL)->present)
		set_form_stored(r, rep, vals);
	else
		set_form_sent(r);
	const char *id = rep ? db_cell(rep, 0, STAFF_ID) : NULL;
	page_set(r, "Form.Action", url(r, id ? req_printf(r, "/staff/results/%s", id) : "/staff/results"));
	page_set_text(r, "Page.Title", id ? "results.edit_title" : "results.new_title");
	return render(r, "results_staff_form.cs");
}

static int
page_staff_new(struct req *r)
{
	return show_form(r, NULL, NULL);
}

static int
page_staff_edit(struct req *r)
{
	struct db_rows rep, vals;
	int rc = load_staff_report(r, "result.staff_view", &rep, &vals);
	if (rc)
		return rc;
	audit(r, "result.staff_view", db_cell_int(&rep, 0, STAFF_PATIENT_ID), "lab_report", r->path_ids[0],
		AUDIT_SUCCESS);
	return show_form(r, &rep, &vals);
}

/* A decimal of the form, or NULL when empty; *bad when it is not one. */
static const char *
decimal(const struct field *f, bool *bad)
{
	if (f->present && !f->valid)
		*bad = true;
	if (!f->valid || f->empty)
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

enum { MRN_PATIENT_ID, MRN__COLS };
static struct db_stmt q_patient_by_mrn = DB_QUERY("results_patient_by_mrn", MRN__COLS,
	"SELECT id FROM patients WHERE clinic_id = ? AND mrn = ?");

/* Checks the form; fills rows (how many in *n). 0 when it is fine. */
static int
check_form(struct req *r, bool with_mrn, long long *pid, struct value_row *rows, size_t *n, time_t *collected)
{
	const struct clinic *c = r->clinic;
	*n = 0;
	if (with_mrn) {
		struct db_rows rs;
		const struct field *mrn = req_field(r, KEY_MRN);
		if (!mrn->valid || db_run(r, &q_patient_by_mrn, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(mrn->s))) < 0 ||
		    rs.nrows != 1)
			page_error(r, "mrn", "results.err_mrn");
		else
			*pid = db_cell_int(&rs, 0, MRN_PATIENT_ID);
	}
	if (!req_field(r, KEY_PANEL)->valid)
		page_error(r, "panel", "results.err_panel");
	if (!req_field(r, KEY_CATEGORY)->valid)
		page_error(r, "category", "results.err_category");
	const struct field *prov = req_field(r, KEY_PROVIDER);
	if (prov->present && !(prov->valid && (prov->empty || clinic_provider(c, prov->s))))
		page_error(r, "provider", "results.err_provider");
	const struct field *day = req_field(r, KEY_COLLECTED_DAY), *tm = req_field(r, KEY_COLLECTED_TIME);
	if (!day->valid || !tm->valid) {
		page_error(r, "collected_day", "results.err_collected");
	} else {
		*collected = clock_from_local(c->timezone, day->date.y, day->date.m, day->date.d, (int)tm->i / 60,
			(int)tm->i % 60);
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
		if (!name->present || (name->empty && val->empty))
			continue;
		struct value_row *v = &rows[*n];
		bool bad = !name->valid || name->empty || !val->valid || val->empty;
		v->name = name->valid ? name->s : NULL;
		v->loinc = field_text(row_field(r, i, R_LOINC));
		v->unit = field_text(row_field(r, i, R_UNIT));
		v->low = decimal(row_field(r, i, R_LOW), &bad);
		v->high = decimal(row_field(r, i, R_HIGH), &bad);
		bool not_number = false;
		v->num = decimal(val, &not_number);
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

static struct db_stmt q_value_insert = DB_STMT("results_value_insert",
	"INSERT INTO lab_results (report_id, clinic_id, patient_id, loinc, name, value_num, value_text, unit,"
	" ref_low, ref_high, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

/* Stores the values and queues the patient's notice for the release time. */
static int
store(struct req *r, long long report, long long pid, const struct value_row *rows, size_t n, time_t release)
{
	long long cid = clinic_id(r);
	for (size_t i = 0; i < n; i++) {
		const struct value_row *v = &rows[i];
		if (db_run(r, &q_value_insert, NULL, DB_ARGS(DB_INT(report), DB_INT(cid), DB_INT(pid), DB_STR(v->loinc),
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

static struct db_stmt q_report_insert = DB_STMT("results_report_insert",
	"INSERT INTO lab_reports (clinic_id, patient_id, panel_name, panel_loinc, category, is_sensitive,"
	" ordering_provider_key, collected_at, reported_at, status, released_at, comment, entered_by, updated_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
/* A report already released stays released (its time never moves later). */
static struct db_stmt q_report_update = DB_STMT("results_report_update",
	"UPDATE lab_reports SET panel_name = ?, panel_loinc = ?, category = ?, is_sensitive = ?,"
	" ordering_provider_key = ?, collected_at = ?, status = ?, comment = ?, reported_at = ?,"
	" released_at = IF(released_at IS NOT NULL AND released_at <= ?, released_at, ?), read_at = NULL,"
	" entered_by = ?, updated_at = ? WHERE id = ? AND clinic_id = ?");
static struct db_stmt q_values_delete = DB_STMT("results_values_delete",
	"DELETE FROM lab_results WHERE report_id = ? AND clinic_id = ?");

/* Saves the form as a new report (rep NULL) or as the correction of rep;
 * shows the form again when it is not right. */
static int
save(struct req *r, const struct db_rows *rep, const struct db_rows *vals)
{
	struct value_row rows[ROWS];
	size_t n;
	long long pid = rep ? db_cell_int(rep, 0, STAFF_PATIENT_ID) : 0;
	time_t collected = 0;
	if (check_form(r, rep == NULL, &pid, rows, &n, &collected) < 0)
		return show_form(r, rep, vals);
	const char *status = req_field(r, KEY_STATUS)->s, *category = req_field(r, KEY_CATEGORY)->s;
	/* A released report that changes is a corrected one. */
	if (rep && !db_cell_is(rep, 0, STAFF_STATUS, "preliminary") && strcmp(status, "final") == 0)
		status = "corrected";
	const char *panel = req_field(r, KEY_PANEL)->s, *panel_loinc = field_text(req_field(r, KEY_PANEL_LOINC));
	const char *provider = field_text(req_field(r, KEY_PROVIDER)), *comment = field_text(req_field(r, KEY_COMMENT));
	bool sensitive = result_category_sensitive(r->clinic, category);
	long long id = rep ? db_cell_int(rep, 0, STAFF_ID) : 0, cid = clinic_id(r), uid = r->session->user_id;
	time_t release = release_time(r, status, category);
	char now_s[20], col_s[20], rel_s[20];
	clock_sql(clock_now(), now_s);
	clock_sql(collected, col_s);
	clock_sql(release, rel_s);
	struct db_arg released_at = release ? DB_STR(rel_s) : DB_NULLARG;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int rc;
	if (rep == NULL) {
		struct db_rows ins;
		rc = db_run(r, &q_report_insert, &ins, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(panel), DB_STR(panel_loinc),
			DB_STR(category), DB_INT(sensitive), DB_STR(provider), DB_STR(col_s), DB_STR(now_s), DB_STR(status),
			released_at, DB_STR(comment), DB_INT(uid), DB_STR(now_s)));
		id = ins.insert_id;
	} else {
		rc = db_run(r, &q_report_update, NULL, DB_ARGS(DB_STR(panel), DB_STR(panel_loinc), DB_STR(category),
			DB_INT(sensitive), DB_STR(provider), DB_STR(col_s), DB_STR(status), DB_STR(comment), DB_STR(now_s),
			DB_STR(now_s), released_at, DB_INT(uid), DB_STR(now_s), DB_INT(id), DB_INT(cid)));
		if (rc == 0)
			rc = db_run(r, &q_values_delete, NULL, DB_ARGS(DB_INT(id), DB_INT(cid)));
	}
	if (rc < 0 || store(r, id, pid, rows, n, release) < 0 ||
	    audit(r, rep ? "result.correct" : "result.enter", pid, "lab_report", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/staff/results?done=saved"));
}

static int
post_staff_new(struct req *r)
{
	return save(r, NULL, NULL);
}

static int
post_staff_edit(struct req *r)
{
	struct db_rows rep, vals;
	int rc = load_staff_report(r, "result.correct", &rep, &vals);
	if (rc)
		return rc;
	return save(r, &rep, &vals);
}

static struct db_stmt q_release = DB_STMT("results_release",
	"UPDATE lab_reports SET released_at = ?, comment = COALESCE(?, comment), updated_at = ?"
	" WHERE id = ? AND clinic_id = ? AND status <> 'preliminary' AND (released_at IS NULL OR released_at > ?)");
/* Released early: its notification goes now, not at the held time. */
static struct db_stmt q_notice_now = DB_STMT("results_notice_now",
	"UPDATE outbox SET due_at = ? WHERE clinic_id = ? AND patient_id = ? AND template = 'new_result'"
	" AND status = 'pending' AND link LIKE ?");

static int
post_release(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows rep, up;
	int rc = load_staff_report(r, "result.release", &rep, NULL);
	if (rc)
		return rc;
	const char *comment = field_text(req_field(r, KEY_COMMENT));
	long long pid = db_cell_int(&rep, 0, STAFF_PATIENT_ID);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_release, &up, DB_ARGS(DB_STR(now_s), DB_STR(comment), DB_STR(now_s), DB_INT(id),
	    DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		goto fail;
	if (up.affected != 1) {
		/* Released already, or preliminary: nothing to do. */
		db_rollback(r);
		return 409;
	}
	if (db_run(r, &q_notice_now, NULL, DB_ARGS(DB_STR(now_s), DB_INT(clinic_id(r)), DB_INT(pid),
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

PORTAL_MAIN(.name = "results", ROUTES(routes), FIELDS(fields));
