/*
 * record: the patient's chart as they may read it. Medications (active and
 * past), allergies, problems, immunizations, vitals and visit summaries on
 * one page; a printable copy; and the whole record as a FHIR R4 Bundle
 * (JSON, built with jansson) to take to another doctor or app; and
 * time-limited links to a read-only copy for a new doctor, which the
 * patient sees and can revoke. Every view, download and use of a link is
 * audited.
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#define SHARE_TOKEN_BYTES 32

enum key {
	KEY_LABEL,
	KEY_HOURS,
	KEY_TOKEN,
	KEY_DONE,
	KEY_KIND,
	KEY_ITEM,
	KEY_DETAIL,
	KEY_PHONE,
	KEY_IDEM,
	KEY_REASON,
	KEY__MAX
};

static const char *const dones[] = { "revoked", "reported", "accepted", "dismissed", NULL };
static const char *const kinds[] = { "medication", "allergy", "contact", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_LABEL] = { "label", FIELD_TEXT, 1, 100, NULL },
	/* 1 hour to 7 days, the choices of the form. */
	[KEY_HOURS] = { "hours", FIELD_INT, 1, 168, NULL },
	[KEY_TOKEN] = { "t", FIELD_TOKEN, 43, 43, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
	[KEY_KIND] = { "kind", FIELD_ENUM, 0, 0, kinds },
	[KEY_ITEM] = { "item", FIELD_TEXT, 1, 200, NULL, .optional = true },
	[KEY_DETAIL] = { "detail", FIELD_TEXT, 1, 300, NULL, .optional = true },
	/* max: the chart's column (the type checks the digits, not the length). */
	[KEY_PHONE] = { "phone", FIELD_PHONE, 0, 40, NULL, .optional = true },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_REASON] = { "reason", FIELD_TEXT, 1, 300, NULL },
};

struct chart {
	struct db_rows patient, meds, allergies, problems, immunizations, vitals, visits;
};

enum { PAT_MRN, PAT_FIRST_NAME, PAT_LAST_NAME, PAT_DOB, PAT_SEX, PAT_PHONE, PAT_EMAIL, PAT_ADDRESS_LINE, PAT_CITY,
	PAT_STATE, PAT_POSTAL_CODE, PAT_LANG, PAT__COLS };
static struct db_stmt q_patient = DB_QUERY("record_patient", PAT__COLS,
	"SELECT mrn, first_name, last_name, dob, sex, phone, email, address_line, city, state, postal_code, lang"
	" FROM patients WHERE id = ? AND clinic_id = ?");

enum { MED_ID, MED_NAME, MED_RXNORM, MED_DOSE, MED_INSTRUCTIONS, MED_PRESCRIBER, MED_STATUS, MED_STARTED_ON,
	MED_STOPPED_ON, MED__COLS };
static struct db_stmt q_meds = DB_QUERY("record_meds", MED__COLS,
	"SELECT id, name, rxnorm, dose, instructions, prescriber_key, status, started_on, stopped_on"
	" FROM medications WHERE clinic_id = ? AND patient_id = ? ORDER BY status, name");

enum { ALLERGY_ID, ALLERGY_SUBSTANCE, ALLERGY_REACTION, ALLERGY_SEVERITY, ALLERGY_NOTED_ON, ALLERGY__COLS };
static struct db_stmt q_allergies = DB_QUERY("record_allergies", ALLERGY__COLS,
	"SELECT id, substance, reaction, severity, noted_on FROM allergies WHERE clinic_id = ? AND patient_id = ?"
	" ORDER BY substance");

enum { PROBLEM_ID, PROBLEM_NAME, PROBLEM_SNOMED, PROBLEM_STATUS, PROBLEM_ONSET_ON, PROBLEM_RESOLVED_ON,
	PROBLEM__COLS };
static struct db_stmt q_problems = DB_QUERY("record_problems", PROBLEM__COLS,
	"SELECT id, name, snomed, status, onset_on, resolved_on FROM problems WHERE clinic_id = ? AND patient_id = ?"
	" ORDER BY status, onset_on DESC");

enum { IMM_ID, IMM_VACCINE, IMM_CVX, IMM_GIVEN_ON, IMM__COLS };
static struct db_stmt q_immunizations = DB_QUERY("record_immunizations", IMM__COLS,
	"SELECT id, vaccine, cvx, given_on FROM immunizations WHERE clinic_id = ? AND patient_id = ?"
	" ORDER BY given_on DESC");

enum { VITAL_ID, VITAL_MEASURED_AT, VITAL_WEIGHT_KG, VITAL_HEIGHT_CM, VITAL_SYSTOLIC, VITAL_DIASTOLIC, VITAL_PULSE,
	VITAL__COLS };
static struct db_stmt q_vitals = DB_QUERY("record_vitals", VITAL__COLS,
	"SELECT id, measured_at, weight_kg, height_cm, systolic, diastolic, pulse FROM vitals"
	" WHERE clinic_id = ? AND patient_id = ? ORDER BY measured_at DESC LIMIT 20");

enum { VISIT_ID, VISIT_ON, VISIT_PROVIDER, VISIT_REASON, VISIT_DIAGNOSES, VISIT_INSTRUCTIONS, VISIT_FOLLOW_UP,
	VISIT__COLS };
static struct db_stmt q_visits = DB_QUERY("record_visits", VISIT__COLS,
	"SELECT id, visit_on, provider_key, reason, diagnoses, instructions, follow_up FROM visit_summaries"
	" WHERE clinic_id = ? AND patient_id = ? ORDER BY visit_on DESC LIMIT 50");

static int
load_chart(struct req *r, long long pid, struct chart *c)
{
	long long cid = clinic_id(r);
	if (db_run(r, &q_patient, &c->patient, DB_ARGS(DB_INT(pid), DB_INT(cid))) < 0 || c->patient.nrows != 1 ||
	    db_run(r, &q_meds, &c->meds, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_allergies, &c->allergies, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_problems, &c->problems, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_immunizations, &c->immunizations, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_vitals, &c->vitals, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_visits, &c->visits, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0)
		return -1;
	return 0;
}

static const char *
date(struct req *r, const char *sql_date)
{
	return sql_date ? fmt_sql_date(r, req_strndup(r, sql_date, 10)) : NULL;
}

/* Weight, and blood pressure (systolic and diastolic), over time: charts
 * beside the table, when there are two measurements or more. */
static void
set_vital_charts(struct req *r, const struct db_rows *v)
{
	size_t n = v->nrows, nw = 0, nb = 0;
	time_t *tw = req_alloc(r, (n + 1) * sizeof(time_t)), *tb = req_alloc(r, (n + 1) * sizeof(time_t));
	double *w = req_alloc(r, (n + 1) * sizeof(double)), *sys = req_alloc(r, (n + 1) * sizeof(double));
	double *dia = req_alloc(r, (n + 1) * sizeof(double));
	for (size_t k = n; k-- > 0;) {         /* oldest first */
		time_t t = 0;
		clock_parse_sql(db_cell(v, k, VITAL_MEASURED_AT), &t);
		if (db_cell(v, k, VITAL_WEIGHT_KG)) {
			tw[nw] = t;
			w[nw++] = atof(db_cell(v, k, VITAL_WEIGHT_KG));
		}
		if (db_cell(v, k, VITAL_SYSTOLIC) && db_cell(v, k, VITAL_DIASTOLIC)) {
			tb[nb] = t;
			sys[nb] = atof(db_cell(v, k, VITAL_SYSTOLIC));
			dia[nb++] = atof(db_cell(v, k, VITAL_DIASTOLIC));
		}
	}
	int nc = 0;
	if (nw >= 2) {
		struct chart_series s = { tw, w, nw, NULL };
		page_set_chart(r, req_printf(r, "Charts.%d", nc++), tr(r, "record.weight_chart"), &s, 1, NULL, NULL);
	}
	if (nb >= 2) {
		struct chart_series s[2] = { { tb, sys, nb, NULL }, { tb, dia, nb, "line2" } };
		const char *b = req_printf(r, "Charts.%d", nc++);
		page_set_chart(r, b, tr(r, "record.bp_chart"), s, 2, NULL, NULL);
		page_set_text(r, req_printf(r, "%s.Caption", b), "record.bp_caption");
	}
}

static void
set_chart(struct req *r, const struct chart *c)
{
	const struct db_rows *p = &c->patient, *m = &c->meds, *a = &c->allergies, *pr = &c->problems;
	const struct db_rows *im = &c->immunizations, *v = &c->vitals, *vs = &c->visits;
	page_set(r, "Patient.Name", req_printf(r, "%s %s", db_cell(p, 0, PAT_FIRST_NAME), db_cell(p, 0, PAT_LAST_NAME)));
	page_set(r, "Patient.Mrn", db_cell(p, 0, PAT_MRN));
	page_set(r, "Patient.Dob", date(r, db_cell(p, 0, PAT_DOB)));
	for (size_t i = 0; i < m->nrows; i++) {
		const char *b = req_printf(r, "%s.%zu", db_cell_is(m, i, MED_STATUS, "active") ? "Meds" : "PastMeds", i);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(m, i, MED_NAME));
		page_set(r, req_printf(r, "%s.Dose", b), db_cell(m, i, MED_DOSE));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(m, i, MED_INSTRUCTIONS));
		page_set(r, req_printf(r, "%s.Prescriber", b), provider_label(r, db_cell(m, i, MED_PRESCRIBER)));
		page_set(r, req_printf(r, "%s.Since", b), date(r, db_cell(m, i, MED_STARTED_ON)));
		page_set(r, req_printf(r, "%s.Until", b), date(r, db_cell(m, i, MED_STOPPED_ON)));
	}
	for (size_t i = 0; i < a->nrows; i++) {
		const char *b = req_printf(r, "Allergies.%zu", i);
		page_set(r, req_printf(r, "%s.Substance", b), db_cell(a, i, ALLERGY_SUBSTANCE));
		page_set(r, req_printf(r, "%s.Reaction", b), db_cell(a, i, ALLERGY_REACTION));
		page_set_text(r, req_printf(r, "%s.Severity", b), req_printf(r, "record.severity_%s",
			db_cell(a, i, ALLERGY_SEVERITY)));
	}
	for (size_t i = 0; i < pr->nrows; i++) {
		const char *b = req_printf(r, "Problems.%zu", i);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(pr, i, PROBLEM_NAME));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "record.problem_%s",
			db_cell(pr, i, PROBLEM_STATUS)));
		page_set(r, req_printf(r, "%s.Since", b), date(r, db_cell(pr, i, PROBLEM_ONSET_ON)));
	}
	for (size_t i = 0; i < im->nrows; i++) {
		const char *b = req_printf(r, "Immunizations.%zu", i);
		page_set(r, req_printf(r, "%s.Vaccine", b), db_cell(im, i, IMM_VACCINE));
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(im, i, IMM_GIVEN_ON)));
	}
	for (size_t i = 0; i < v->nrows; i++) {
		const char *b = req_printf(r, "Vitals.%zu", i);
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(v, i, VITAL_MEASURED_AT)));
		page_set(r, req_printf(r, "%s.Weight", b), fmt_decimal(r, db_cell(v, i, VITAL_WEIGHT_KG)));
		if (db_cell(v, i, VITAL_SYSTOLIC) && db_cell(v, i, VITAL_DIASTOLIC))
			page_set(r, req_printf(r, "%s.Bp", b), req_printf(r, "%s/%s", db_cell(v, i, VITAL_SYSTOLIC),
				db_cell(v, i, VITAL_DIASTOLIC)));
		page_set(r, req_printf(r, "%s.Pulse", b), db_cell(v, i, VITAL_PULSE));
	}
	set_vital_charts(r, v);
	for (size_t i = 0; i < vs->nrows; i++) {
		const char *b = req_printf(r, "Visits.%zu", i);
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(vs, i, VISIT_ON)));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(vs, i, VISIT_PROVIDER)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(vs, i, VISIT_REASON));
		page_set(r, req_printf(r, "%s.Diagnoses", b), db_cell(vs, i, VISIT_DIAGNOSES));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(vs, i, VISIT_INSTRUCTIONS));
		page_set(r, req_printf(r, "%s.FollowUp", b), db_cell(vs, i, VISIT_FOLLOW_UP));
	}
}

enum { SHARE_ID, SHARE_LABEL, SHARE_EXPIRES_AT, SHARE_USES, SHARE_LAST_USED_AT, SHARE_CREATED_AT, SHARE__COLS };
static struct db_stmt q_shares = DB_QUERY("record_shares", SHARE__COLS,
	"SELECT id, label, expires_at, uses, last_used_at, created_at FROM record_shares"
	" WHERE clinic_id = ? AND patient_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY expires_at");

/* The patient's active share links, on the record page. */
static int
set_shares(struct req *r)
{
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, &q_shares, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(now_s))) < 0)
		return -1;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Shares.%zu", i);
		time_t exp = 0, used = 0;
		clock_parse_sql(db_cell(&rs, i, SHARE_EXPIRES_AT), &exp);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, SHARE_ID));
		page_set(r, req_printf(r, "%s.Label", b), db_cell(&rs, i, SHARE_LABEL));
		page_set(r, req_printf(r, "%s.Expires", b), fmt_datetime(r, exp));
		page_set(r, req_printf(r, "%s.Uses", b), db_cell(&rs, i, SHARE_USES));
		if (db_cell(&rs, i, SHARE_LAST_USED_AT) && clock_parse_sql(db_cell(&rs, i, SHARE_LAST_USED_AT), &used) == 0)
			page_set(r, req_printf(r, "%s.LastUsed", b), fmt_datetime(r, used));
	}
	return 0;
}

enum { MINE_KIND, MINE_ITEM, MINE_DETAIL, MINE_PHONE, MINE_STATUS, MINE_REASON, MINE_CREATED_AT, MINE__COLS };
static struct db_stmt q_reports_mine = DB_QUERY("record_reports_mine", MINE__COLS,
	"SELECT kind, item, detail, phone, status, reason, created_at FROM patient_reports"
	" WHERE clinic_id = ? AND patient_id = ? AND (status = 'pending' OR reviewed_at >= ?)"
	" ORDER BY created_at DESC LIMIT 20");

/* What the patient reported, pending review (or answered in the last 30
 * days). */
static int
set_reports(struct req *r)
{
	char since[20];
	clock_sql(clock_now() - 30 * 86400, since);
	struct db_rows rs;
	if (db_run(r, &q_reports_mine, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(since))) < 0)
		return -1;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Reports.%zu", i);
		const char *item = db_cell(&rs, i, MINE_ITEM);
		page_set_text(r, req_printf(r, "%s.Kind", b), req_printf(r, "record.kind_%s", db_cell(&rs, i, MINE_KIND)));
		page_set(r, req_printf(r, "%s.Item", b), item ? item : db_cell(&rs, i, MINE_PHONE));
		page_set(r, req_printf(r, "%s.Detail", b), db_cell(&rs, i, MINE_DETAIL));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "record.report_%s",
			db_cell(&rs, i, MINE_STATUS)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&rs, i, MINE_REASON));
	}
	/* One key per form: each may be sent once. */
	const struct field *idem = req_field(r, KEY_IDEM), *kind = req_field(r, KEY_KIND);
	for (int k = 0; kinds[k]; k++)
		page_set(r, req_printf(r, "Form.Idem.%s", kinds[k]), idem->valid && kind->valid && kind->i == k ? idem->s :
			form_key(r));
	return 0;
}

/* The record page; also shown again, with its errors, by a form that was
 * not right. */
static int
page_record(struct req *r)
{
	struct chart c;
	if (load_chart(r, req_patient(r), &c) < 0 || set_shares(r) < 0 || set_reports(r) < 0)
		return PORTAL_ERR;
	set_chart(r, &c);
	page_set_notice(r, KEY_DONE, "record.done_");
	page_set_field(r, "Form.Kind", KEY_KIND, NULL);
	page_set_field(r, "Form.Item", KEY_ITEM, NULL);
	page_set_field(r, "Form.Detail", KEY_DETAIL, NULL);
	page_set_field(r, "Form.Phone", KEY_PHONE, NULL);
	page_set_field(r, "Form.Label", KEY_LABEL, NULL);
	page_set_text(r, "Page.Title", "record.title");
	audit(r, "record.view", req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "record.cs");
}

static struct db_stmt q_share_insert = DB_STMT("record_share_insert",
	"INSERT INTO record_shares (clinic_id, patient_id, token_hash, label, expires_at, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?)");

/* A new link: its token is shown once, on this page, and only its hash is
 * kept. */
static int
post_share(struct req *r)
{
	const struct field *label = req_field(r, KEY_LABEL), *hours = req_field(r, KEY_HOURS);
	if (!label->valid)
		page_error(r, "label", "record.err_label");
	if (!hours->valid || (hours->i != 1 && hours->i != 24 && hours->i != 72 && hours->i != 168))
		page_error(r, "hours", "record.err_hours");
	if (page_error_count(r))
		return page_record(r);
	unsigned char raw[SHARE_TOKEN_BYTES];
	char token[45], hash[65], now_s[20], exp_s[20];
	if (crypto_random(raw, sizeof(raw)) < 0)
		return 500;
	crypto_base64url(raw, sizeof(raw), token);
	crypto_sha256_hex(token, strlen(token), hash);
	time_t expires = clock_now() + (time_t)hours->i * 3600;
	clock_sql(clock_now(), now_s);
	clock_sql(expires, exp_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_share_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(hash),
	    DB_STR(label->s), DB_STR(exp_s), DB_STR(now_s))) < 0 ||
	    audit(r, "record.share", req_patient(r), "record_share", rs.insert_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	page_set(r, "NewShare.Url", req_printf(r, "%s%s?t=%s", portal_conf->public_url, url(r, "/shared"), token));
	page_set(r, "NewShare.Label", label->s);
	page_set(r, "NewShare.Expires", fmt_datetime(r, expires));
	page_set_text(r, "Page.Title", "record.share_title");
	return render(r, "record_shared_link.cs");
}

static struct db_stmt q_share_revoke = DB_STMT("record_share_revoke",
	"UPDATE record_shares SET revoked_at = ? WHERE id = ? AND clinic_id = ? AND patient_id = ?"
	" AND revoked_at IS NULL");

static int
post_revoke(struct req *r)
{
	long long id = r->path_ids[0];
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_share_revoke, &rs, DB_ARGS(DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(req_patient(r)))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		return audit_not_found(r, "record.share_revoke", req_patient(r), "record_share", id);
	}
	if (audit(r, "record.share_revoke", req_patient(r), "record_share", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/record?done=revoked"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* ------------------------------------------------- patient-entered data */

/* An optional field: its text, or NULL when it was not given; *bad when it
 * was sent and is not valid. */
static const char *
given(const struct field *f, bool *bad)
{
	if (f->present && !f->valid)
		*bad = true;
	return f->valid && !f->empty ? f->s : NULL;
}

static struct db_stmt q_report_insert = DB_STMT("record_report_insert",
	"INSERT INTO patient_reports (clinic_id, patient_id, kind, item, detail, phone, idempotency_key, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

static int
post_report(struct req *r)
{
	const struct field *kind = req_field(r, KEY_KIND), *idem = req_field(r, KEY_IDEM);
	if (!idem->valid || !kind->valid)
		return 400;
	bool bad = false, bad_phone = false;
	const char *item = given(req_field(r, KEY_ITEM), &bad), *detail = given(req_field(r, KEY_DETAIL), &bad);
	const char *phone = given(req_field(r, KEY_PHONE), &bad_phone);
	if (bad || (phone && (long long)strlen(phone) > fields[KEY_PHONE].max))
		page_error(r, "item", "record.err_too_long");
	else if (bad_phone)
		page_error(r, "phone", "record.err_phone");
	else if (strcmp(kind->s, "contact") == 0) {
		if (phone == NULL && detail == NULL)
			page_error(r, "phone", "record.err_contact");
		item = NULL;
	} else if (item == NULL) {
		page_error(r, "item", strcmp(kind->s, "medication") == 0 ? "record.err_medication" : "record.err_allergy");
	}
	if (page_error_count(r))
		return page_record(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int rc = db_run(r, &q_report_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(kind->s),
		DB_STR(item), DB_STR(detail), DB_STR(phone), DB_STR(idem->s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return redirect(r, url(r, "/record?done=reported"));
	}
	if (rc < 0 || audit(r, "record.report", req_patient(r), "patient_report", rs.insert_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/record?done=reported"));
}

/* The patient's id to the MRN: page_set_patient's four columns. */
enum { QUEUE_ID, QUEUE_KIND, QUEUE_ITEM, QUEUE_DETAIL, QUEUE_PHONE, QUEUE_CREATED_AT, QUEUE_PATIENT_ID,
	QUEUE_FIRST_NAME, QUEUE_LAST_NAME, QUEUE_MRN, QUEUE_CHART_PHONE, QUEUE_CHART_ADDRESS, QUEUE__COLS };
static struct db_stmt q_queue = DB_QUERY("record_report_queue", QUEUE__COLS,
	"SELECT q.id, q.kind, q.item, q.detail, q.phone, q.created_at, p.id, p.first_name, p.last_name, p.mrn,"
	" p.phone, CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code))"
	" FROM patient_reports q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
	" WHERE q.clinic_id = ? AND q.status = 'pending' ORDER BY q.created_at LIMIT 200");

static void
set_queue_row(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, QUEUE_ID));
	page_set(r, req_printf(r, "%s.KindKey", b), db_cell(rs, i, QUEUE_KIND));
	page_set_text(r, req_printf(r, "%s.Kind", b), req_printf(r, "record.kind_%s", db_cell(rs, i, QUEUE_KIND)));
	page_set(r, req_printf(r, "%s.Item", b), db_cell(rs, i, QUEUE_ITEM));
	page_set(r, req_printf(r, "%s.Detail", b), db_cell(rs, i, QUEUE_DETAIL));
	page_set(r, req_printf(r, "%s.Phone", b), db_cell(rs, i, QUEUE_PHONE));
	page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, db_cell_time(rs, i, QUEUE_CREATED_AT)));
	page_set_patient(r, b, rs, i, QUEUE_PATIENT_ID);
	page_set(r, req_printf(r, "%s.ChartPhone", b), db_cell(rs, i, QUEUE_CHART_PHONE));
	page_set(r, req_printf(r, "%s.ChartAddress", b), db_cell(rs, i, QUEUE_CHART_ADDRESS));
}

static int
page_queue(struct req *r)
{
	static const struct list_page queue = { "Queue", set_queue_row, "record.queue_title", "record.review_queue",
		"record_review.cs" };
	struct db_rows rs;
	if (db_run(r, &q_queue, &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	page_set_notice(r, KEY_DONE, "record.done_");
	return render_list(r, &queue, &rs);
}

enum { REPORT_ID, REPORT_KIND, REPORT_ITEM, REPORT_DETAIL, REPORT_PHONE, REPORT_PATIENT_ID, REPORT__COLS };
static struct db_stmt q_report = DB_QUERY("record_report", REPORT__COLS,
	"SELECT id, kind, item, detail, phone, patient_id FROM patient_reports WHERE id = ? AND clinic_id = ?"
	" AND status = 'pending'");
static struct db_stmt q_report_answer = DB_STMT("record_report_answer",
	"UPDATE patient_reports SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?"
	" AND clinic_id = ? AND status = 'pending'");
static struct db_stmt q_add_med = DB_STMT("record_add_med",
	"INSERT INTO medications (clinic_id, patient_id, name, instructions, status, refillable, started_on)"
	" VALUES (?, ?, ?, ?, 'active', 0, ?)");
static struct db_stmt q_add_allergy = DB_STMT("record_add_allergy",
	"INSERT INTO allergies (clinic_id, patient_id, substance, reaction, severity, noted_on)"
	" VALUES (?, ?, ?, ?, 'unknown', ?)");
/* A new address replaces the street line and keeps city and state. */
static struct db_stmt q_set_contact = DB_STMT("record_set_contact",
	"UPDATE patients SET phone = COALESCE(?, phone), address_line = COALESCE(?, address_line)"
	" WHERE id = ? AND clinic_id = ?");

/* What an accepted report puts into the chart: 0 or -1. */
static int
add_to_chart(struct req *r, const struct db_rows *rep, long long pid, const char *today)
{
	long long cid = clinic_id(r);
	const char *item = db_cell(rep, 0, REPORT_ITEM), *detail = db_cell(rep, 0, REPORT_DETAIL);
	int rc = 0;
	if (db_cell_is(rep, 0, REPORT_KIND, "medication"))
		rc = db_run(r, &q_add_med, NULL, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(item), DB_STR(detail),
			DB_STR(today)));
	else if (db_cell_is(rep, 0, REPORT_KIND, "allergy"))
		rc = db_run(r, &q_add_allergy, NULL, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(item), DB_STR(detail),
			DB_STR(today)));
	else if (db_cell_is(rep, 0, REPORT_KIND, "contact"))
		rc = db_run(r, &q_set_contact, NULL, DB_ARGS(DB_STR(db_cell(rep, 0, REPORT_PHONE)), DB_STR(detail),
			DB_INT(pid), DB_INT(cid)));
	return rc < 0 ? -1 : 0;
}

/* Accept puts what the patient said into the chart; dismiss says why not. */
static int
review(struct req *r, bool accept)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	const struct field *reason = req_field(r, KEY_REASON);
	struct db_rows rs, up;
	int rc = load_path_or_404(r, &q_report, &rs, "record.review", "patient_report");
	if (rc)
		return rc;
	if (!accept && !reason->valid) {
		page_error(r, NULL, "record.err_reason");
		return page_queue(r);
	}
	long long pid = db_cell_int(&rs, 0, REPORT_PATIENT_ID);
	char now_s[20], today[11];
	clock_sql(clock_now(), now_s);
	snprintf(today, sizeof(today), "%.10s", now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_report_answer, &up, DB_ARGS(DB_STR(accept ? "accepted" : "dismissed"),
	    DB_STR(accept ? NULL : reason->s), DB_INT(r->session->user_id), DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0 ||
	    up.affected != 1)
		goto fail;
	if (accept && add_to_chart(r, &rs, pid, today) < 0)
		goto fail;
	if (audit(r, accept ? "record.report_accept" : "record.report_dismiss", pid, "patient_report", id,
	    AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, req_printf(r, "/staff/reports?done=%s", accept ? "accepted" : "dismissed")));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
post_accept(struct req *r)
{
	return review(r, true);
}

static int
post_dismiss(struct req *r)
{
	return review(r, false);
}

/* The printable copy of a chart, for the patient or for whom they shared
 * it with. */
static int
render_copy(struct req *r, const struct chart *c)
{
	set_chart(r, c);
	page_set(r, "Record.Print", "1");
	page_set(r, "Record.Printed", fmt_datetime(r, clock_now()));
	page_set_text(r, "Page.Title", "record.print_title");
	return render(r, "record.cs");
}

enum { LINK_ID, LINK_PATIENT_ID, LINK_EXPIRES_AT, LINK_LABEL, LINK__COLS };
static struct db_stmt q_share_by_token = DB_QUERY("record_share_by_token", LINK__COLS,
	"SELECT s.id, s.patient_id, s.expires_at, s.label FROM record_shares s WHERE s.token_hash = ?"
	" AND s.clinic_id = ? AND s.revoked_at IS NULL AND s.expires_at > ?");
static struct db_stmt q_share_used = DB_STMT("record_share_used",
	"UPDATE record_shares SET uses = uses + 1, last_used_at = ? WHERE id = ?");

/* The copy a link opens: read-only, nothing else of the portal. */
static int
page_shared(struct req *r)
{
	const struct field *tok = req_field(r, KEY_TOKEN);
	char hash[65], now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	/* Malformed, unknown, expired or revoked: the same page. */
	if (!tok->valid)
		return audit_not_found(r, "record.shared_view", 0, NULL, 0);
	crypto_sha256_hex(tok->s, strlen(tok->s), hash);
	int rc = load_or_404(r, &q_share_by_token, &rs, (struct audit_object){ "record.shared_view", 0, NULL, 0 },
		DB_ARGS(DB_STR(hash), DB_INT(clinic_id(r)), DB_STR(now_s)));
	if (rc)
		return rc;
	long long id = db_cell_int(&rs, 0, LINK_ID), pid = db_cell_int(&rs, 0, LINK_PATIENT_ID);
	struct chart c;
	if (load_chart(r, pid, &c) < 0 ||
	    db_run(r, &q_share_used, NULL, DB_ARGS(DB_STR(now_s), DB_INT(id))) < 0)
		return PORTAL_ERR;
	time_t exp = 0;
	clock_parse_sql(db_cell(&rs, 0, LINK_EXPIRES_AT), &exp);
	page_set(r, "Record.Shared", "1");
	page_set(r, "Record.SharedUntil", fmt_datetime(r, exp));
	audit(r, "record.shared_view", pid, "record_share", id, AUDIT_SUCCESS);
	return render_copy(r, &c);
}

static int
page_print(struct req *r)
{
	struct chart c;
	if (load_chart(r, req_patient(r), &c) < 0)
		return PORTAL_ERR;
	audit(r, "record.print", req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return render_copy(r, &c);
}

/* ----------------------------------------------------------------- FHIR */

/* A fresh urn:uuid (version 4): the Bundle's entries refer to each other
 * by these fullUrls. */
static const char *
new_urn(struct req *r)
{
	unsigned char u[16];
	crypto_random(u, sizeof(u));
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	return req_printf(r, "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13], u[14], u[15]);
}

static json_t *
coding(const char *system, const char *code, const char *display)
{
	json_t *c = json_pack("{s:s, s:s}", "system", system, "code", code);
	if (display)
		json_object_set_new(c, "display", json_string(display));
	return c;
}

/* A CodeableConcept: the text, with a coding when the data has a code
 * (system and code NULL: text only). */
static json_t *
concept(const char *system, const char *code, const char *text)
{
	json_t *cc = json_pack("{s:s}", "text", text ? text : "");
	if (code && code[0])
		json_object_set_new(cc, "coding", json_pack("[o]", coding(system, code, text)));
	return cc;
}

static json_t *
ref(const char *urn)
{
	return json_pack("{s:s}", "reference", urn);
}

static void
add_entry(struct req *r, json_t *entries, json_t *resource, const char *urn)
{
	json_array_append_new(entries, json_pack("{s:s, s:o}", "fullUrl", urn ? urn : new_urn(r), "resource", resource));
}

/* "YYYY-MM-DD HH:MM:SS" (UTC) as a FHIR instant. */
static const char *
instant(struct req *r, const char *sql)
{
	return req_printf(r, "%.10sT%.8sZ", sql, sql + 11);
}

static json_t *
quantity(const char *value, const char *unit)
{
	json_t *q = json_pack("{s:f}", "value", atof(value));
	if (unit && unit[0]) {
		json_object_set_new(q, "unit", json_string(unit));
		json_object_set_new(q, "system", json_string("http://unitsofmeasure.org"));
		json_object_set_new(q, "code", json_string(unit));
	}
	return q;
}

static json_t *
vital_sign(const char *subject, const char *when, const char *loinc, const char *display, json_t *value_or_components,
	bool components)
{
	json_t *o = json_pack("{s:s, s:s, s:[{s:[o]}], s:o, s:o, s:s}",
		"resourceType", "Observation", "status", "final",
		"category", "coding", coding("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs",
			"Vital Signs"),
		"code", concept("http://loinc.org", loinc, display), "subject", ref(subject), "effectiveDateTime", when);
	json_object_set_new(o, components ? "component" : "valueQuantity", value_or_components);
	return o;
}

/* Released results only, as on the results pages. */
enum { LAB_ID, LAB_LOINC, LAB_NAME, LAB_VALUE_NUM, LAB_VALUE_TEXT, LAB_UNIT, LAB_REF_LOW, LAB_REF_HIGH, LAB_FLAG,
	LAB_COLLECTED_AT, LAB_STATUS, LAB__COLS };
static struct db_stmt q_labs = DB_QUERY("record_labs", LAB__COLS,
	"SELECT v.id, v.loinc, v.name, v.value_num, v.value_text, v.unit, v.ref_low, v.ref_high, v.flag,"
	" r.collected_at, r.status FROM lab_results v JOIN lab_reports r ON r.id = v.report_id"
	" WHERE v.clinic_id = ? AND v.patient_id = ? AND r.released_at <= ? ORDER BY r.collected_at DESC LIMIT 500");

static json_t *
bundle(struct req *r, const struct chart *c, const struct db_rows *labs)
{
	const struct db_rows *p = &c->patient;
	json_t *entries = json_array();
	const char *pat = new_urn(r);
	static const char *const genders[][2] = { { "female", "female" }, { "male", "male" }, { "other", "other" },
		{ "unknown", "unknown" } };
	const char *gender = "unknown";
	for (size_t i = 0; i < 4; i++)
		if (db_cell_is(p, 0, PAT_SEX, genders[i][0]))
			gender = genders[i][1];
	json_t *patient_res = json_pack("{s:s, s:[{s:s, s:s}], s:[{s:s, s:[s]}], s:s, s:s}",
		"resourceType", "Patient",
		"identifier", "system", req_printf(r, "%s/%s/mrn", portal_conf->public_url, r->clinic->slug),
		"value", db_cell(p, 0, PAT_MRN),
		"name", "family", db_cell(p, 0, PAT_LAST_NAME), "given", db_cell(p, 0, PAT_FIRST_NAME),
		"gender", gender, "birthDate", db_cell(p, 0, PAT_DOB));
	if (db_cell(p, 0, PAT_LANG))
		json_object_set_new(patient_res, "communication", json_pack("[{s:o, s:b}]", "language",
			concept("urn:ietf:bcp:47", db_cell(p, 0, PAT_LANG), NULL), "preferred", 1));
	add_entry(r, entries, patient_res, pat);

	for (size_t i = 0; i < labs->nrows; i++) {
		json_t *o = json_pack("{s:s, s:s, s:[{s:[o]}], s:o, s:o, s:s}",
			"resourceType", "Observation",
			"status", db_cell_is(labs, i, LAB_STATUS, "preliminary") ? "preliminary" :
				db_cell_is(labs, i, LAB_STATUS, "corrected") ? "corrected" : "final",
			"category", "coding", coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory",
				"Laboratory"),
			"code", concept("http://loinc.org", db_cell(labs, i, LAB_LOINC), db_cell(labs, i, LAB_NAME)),
			"subject", ref(pat), "effectiveDateTime", instant(r, db_cell(labs, i, LAB_COLLECTED_AT)));
		const char *unit = db_cell(labs, i, LAB_UNIT), *low = db_cell(labs, i, LAB_REF_LOW);
		const char *high = db_cell(labs, i, LAB_REF_HIGH);
		if (db_cell(labs, i, LAB_VALUE_NUM))
			json_object_set_new(o, "valueQuantity", quantity(db_cell(labs, i, LAB_VALUE_NUM), unit));
		else if (db_cell(labs, i, LAB_VALUE_TEXT))
			json_object_set_new(o, "valueString", json_string(db_cell(labs, i, LAB_VALUE_TEXT)));
		if (low || high) {
			json_t *range = json_object();
			if (low)
				json_object_set_new(range, "low", quantity(low, unit));
			if (high)
				json_object_set_new(range, "high", quantity(high, unit));
			json_object_set_new(o, "referenceRange", json_pack("[o]", range));
		}
		static const char *const flags[][2] = { { "low", "L" }, { "high", "H" }, { "critical_low", "LL" },
			{ "critical_high", "HH" }, { "abnormal", "A" }, { "normal", "N" } };
		for (size_t k = 0; k < 6; k++)
			if (db_cell_is(labs, i, LAB_FLAG, flags[k][0]))
				json_object_set_new(o, "interpretation", json_pack("[{s:[o]}]", "coding",
					coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", flags[k][1], NULL)));
		add_entry(r, entries, o, NULL);
	}
	for (size_t i = 0; i < c->vitals.nrows; i++) {
		const struct db_rows *v = &c->vitals;
		const char *when = instant(r, db_cell(v, i, VITAL_MEASURED_AT));
		if (db_cell(v, i, VITAL_WEIGHT_KG))
			add_entry(r, entries, vital_sign(pat, when, "29463-7", "Body weight",
				quantity(db_cell(v, i, VITAL_WEIGHT_KG), "kg"), false), NULL);
		if (db_cell(v, i, VITAL_SYSTOLIC) && db_cell(v, i, VITAL_DIASTOLIC))
			add_entry(r, entries, vital_sign(pat, when, "85354-9", "Blood pressure panel", json_pack("[{s:o, s:o}, {s:o, s:o}]",
				"code", concept("http://loinc.org", "8480-6", "Systolic blood pressure"),
				"valueQuantity", quantity(db_cell(v, i, VITAL_SYSTOLIC), "mm[Hg]"),
				"code", concept("http://loinc.org", "8462-4", "Diastolic blood pressure"),
				"valueQuantity", quantity(db_cell(v, i, VITAL_DIASTOLIC), "mm[Hg]")), true), NULL);
	}
	for (size_t i = 0; i < c->allergies.nrows; i++) {
		const struct db_rows *a = &c->allergies;
		json_t *ai = json_pack("{s:s, s:{s:[o]}, s:{s:[o]}, s:o, s:o}",
			"resourceType", "AllergyIntolerance",
			"clinicalStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
				"active", "Active"),
			"verificationStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
				"confirmed", "Confirmed"),
			"code", concept(NULL, NULL, db_cell(a, i, ALLERGY_SUBSTANCE)), "patient", ref(pat));
		if (db_cell(a, i, ALLERGY_REACTION)) {
			json_t *reaction = json_pack("{s:[o]}", "manifestation",
				concept(NULL, NULL, db_cell(a, i, ALLERGY_REACTION)));
			if (!db_cell_is(a, i, ALLERGY_SEVERITY, "unknown"))
				json_object_set_new(reaction, "severity", json_string(db_cell(a, i, ALLERGY_SEVERITY)));
			json_object_set_new(ai, "reaction", json_pack("[o]", reaction));
		}
		add_entry(r, entries, ai, NULL);
	}
	for (size_t i = 0; i < c->meds.nrows; i++) {
		const struct db_rows *m = &c->meds;
		json_t *mr = json_pack("{s:s, s:s, s:s, s:o, s:o}",
			"resourceType", "MedicationRequest",
			"status", db_cell_is(m, i, MED_STATUS, "active") ? "active" : "stopped",
			"intent", "order",
			"medicationCodeableConcept", concept("http://www.nlm.nih.gov/research/umls/rxnorm",
				db_cell(m, i, MED_RXNORM), db_cell(m, i, MED_NAME)),
			"subject", ref(pat));
		if (db_cell(m, i, MED_STARTED_ON))
			json_object_set_new(mr, "authoredOn", json_string(db_cell(m, i, MED_STARTED_ON)));
		if (db_cell(m, i, MED_INSTRUCTIONS))
			json_object_set_new(mr, "dosageInstruction", json_pack("[{s:s}]", "text", db_cell(m, i, MED_INSTRUCTIONS)));
		add_entry(r, entries, mr, NULL);
	}
	for (size_t i = 0; i < c->problems.nrows; i++) {
		const struct db_rows *pr = &c->problems;
		json_t *cond = json_pack("{s:s, s:{s:[o]}, s:[{s:[o]}], s:o, s:o}",
			"resourceType", "Condition",
			"clinicalStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
				db_cell(pr, i, PROBLEM_STATUS), NULL),
			"category", "coding", coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
				"Problem List Item"),
			"code", concept("http://snomed.info/sct", db_cell(pr, i, PROBLEM_SNOMED), db_cell(pr, i, PROBLEM_NAME)),
			"subject", ref(pat));
		if (db_cell(pr, i, PROBLEM_ONSET_ON))
			json_object_set_new(cond, "onsetDateTime", json_string(db_cell(pr, i, PROBLEM_ONSET_ON)));
		if (db_cell(pr, i, PROBLEM_RESOLVED_ON))
			json_object_set_new(cond, "abatementDateTime", json_string(db_cell(pr, i, PROBLEM_RESOLVED_ON)));
		add_entry(r, entries, cond, NULL);
	}
	for (size_t i = 0; i < c->immunizations.nrows; i++) {
		const struct db_rows *im = &c->immunizations;
		add_entry(r, entries, json_pack("{s:s, s:s, s:o, s:o, s:s, s:b}",
			"resourceType", "Immunization", "status", "completed",
			"vaccineCode", concept("http://hl7.org/fhir/sid/cvx", db_cell(im, i, IMM_CVX), db_cell(im, i, IMM_VACCINE)),
			"patient", ref(pat), "occurrenceDateTime", db_cell(im, i, IMM_GIVEN_ON), "primarySource", 1), NULL);
	}
	for (size_t i = 0; i < c->visits.nrows; i++) {
		const struct db_rows *v = &c->visits;
		json_t *enc = json_pack("{s:s, s:s, s:o, s:[{s:[o]}], s:o, s:{s:s}}",
			"resourceType", "Encounter", "status", "finished",
			"class", coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
			"type", "coding", coding("http://snomed.info/sct", "185349003", "Encounter for check up"),
			"subject", ref(pat), "period", "start", db_cell(v, i, VISIT_ON));
		if (db_cell(v, i, VISIT_REASON))
			json_object_set_new(enc, "reasonCode", json_pack("[o]", concept(NULL, NULL, db_cell(v, i, VISIT_REASON))));
		const struct clinic_provider *prov = clinic_provider(r->clinic, db_cell(v, i, VISIT_PROVIDER));
		if (prov)
			json_object_set_new(enc, "participant", json_pack("[{s:{s:s}}]", "individual", "display", prov->name));
		add_entry(r, entries, enc, NULL);
	}
	char stamp[20];
	clock_sql(clock_now(), stamp);
	return json_pack("{s:s, s:s, s:s, s:o}", "resourceType", "Bundle", "type", "collection",
		"timestamp", instant(r, stamp), "entry", entries);
}

static int
page_fhir(struct req *r)
{
	struct chart c;
	struct db_rows labs;
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (load_chart(r, req_patient(r), &c) < 0 ||
	    db_run(r, &q_labs, &labs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	json_t *b = bundle(r, &c, &labs);
	char *text = b ? json_dumps(b, JSON_INDENT(1) | JSON_ENSURE_ASCII) : NULL;
	json_decref(b);
	if (text == NULL)
		return 500;
	size_t len = strlen(text);
	char *body = req_alloc(r, len + 1);
	memcpy(body, text, len + 1);
	free(text);
	audit(r, "record.download", req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return respond_download(r, "health-record.json", "application/fhir+json", body, len);
}

static const struct route routes[] = {
	{ HTTP_GET, "/record", ACCESS_PATIENT, page_record, 0, 0 },
	{ HTTP_GET, "/record/print", ACCESS_PATIENT, page_print, 0, 0 },
	{ HTTP_GET, "/record/fhir", ACCESS_PATIENT, page_fhir, 0, 0 },
	{ HTTP_POST, "/record/shares", ACCESS_PATIENT, post_share, 0, 0 },
	{ HTTP_POST, "/record/shares/:id/revoke", ACCESS_PATIENT, post_revoke, 0, 0 },
	{ HTTP_GET, "/shared", ACCESS_PUBLIC, page_shared, 0, 0 },
	{ HTTP_POST, "/record/reports", ACCESS_PATIENT, post_report, 0, 0 },
	{ HTTP_GET, "/staff/reports", ACCESS_STAFF, page_queue, 0, 0 },
	{ HTTP_POST, "/staff/reports/:id/accept", ACCESS_STAFF, post_accept, 0, 0 },
	{ HTTP_POST, "/staff/reports/:id/dismiss", ACCESS_STAFF, post_dismiss, 0, 0 },
};

PORTAL_MAIN(.name = "record", ROUTES(routes), FIELDS(fields));
