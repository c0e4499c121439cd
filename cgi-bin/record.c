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
	[KEY_ITEM] = { "item", FIELD_TEXT, 0, 200, NULL },
	[KEY_DETAIL] = { "detail", FIELD_TEXT, 0, 300, NULL },
	[KEY_PHONE] = { "phone", FIELD_TEXT, 0, 40, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_REASON] = { "reason", FIELD_TEXT, 1, 300, NULL },
};

enum stmt {
	Q_PATIENT,
	Q_MEDS,
	Q_ALLERGIES,
	Q_PROBLEMS,
	Q_IMMUNIZATIONS,
	Q_VITALS,
	Q_VISITS,
	Q_LABS,
	Q_SHARES,
	Q_SHARE_INSERT,
	Q_SHARE_REVOKE,
	Q_SHARE_BY_TOKEN,
	Q_SHARE_USED,
	Q_REPORTS_MINE,
	Q_REPORT_INSERT,
	Q_QUEUE,
	Q_REPORT,
	Q_REPORT_ANSWER,
	Q_ADD_MED,
	Q_ADD_ALLERGY,
	Q_SET_CONTACT,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	[Q_PATIENT] = { "record_patient",
		"SELECT mrn, first_name, last_name, dob, sex, phone, email, address_line, city, state, postal_code, lang"
		" FROM patients WHERE id = ? AND clinic_id = ?" },
	[Q_MEDS] = { "record_meds",
		"SELECT id, name, rxnorm, dose, instructions, prescriber_key, status, started_on, stopped_on"
		" FROM medications WHERE clinic_id = ? AND patient_id = ? ORDER BY status, name" },
	[Q_ALLERGIES] = { "record_allergies",
		"SELECT id, substance, reaction, severity, noted_on FROM allergies WHERE clinic_id = ? AND patient_id = ?"
		" ORDER BY substance" },
	[Q_PROBLEMS] = { "record_problems",
		"SELECT id, name, snomed, status, onset_on, resolved_on FROM problems WHERE clinic_id = ? AND patient_id = ?"
		" ORDER BY status, onset_on DESC" },
	[Q_IMMUNIZATIONS] = { "record_immunizations",
		"SELECT id, vaccine, cvx, given_on FROM immunizations WHERE clinic_id = ? AND patient_id = ?"
		" ORDER BY given_on DESC" },
	[Q_VITALS] = { "record_vitals",
		"SELECT id, measured_at, weight_kg, height_cm, systolic, diastolic, pulse FROM vitals"
		" WHERE clinic_id = ? AND patient_id = ? ORDER BY measured_at DESC LIMIT 20" },
	[Q_VISITS] = { "record_visits",
		"SELECT id, visit_on, provider_key, reason, diagnoses, instructions, follow_up FROM visit_summaries"
		" WHERE clinic_id = ? AND patient_id = ? ORDER BY visit_on DESC LIMIT 50" },
	/* Released results only, as on the results pages. */
	[Q_LABS] = { "record_labs",
		"SELECT v.id, v.loinc, v.name, v.value_num, v.value_text, v.unit, v.ref_low, v.ref_high, v.flag,"
		" r.collected_at, r.status FROM lab_results v JOIN lab_reports r ON r.id = v.report_id"
		" WHERE v.clinic_id = ? AND v.patient_id = ? AND r.released_at <= ? ORDER BY r.collected_at DESC LIMIT 500" },
	[Q_SHARES] = { "record_shares",
		"SELECT id, label, expires_at, uses, last_used_at, created_at FROM record_shares"
		" WHERE clinic_id = ? AND patient_id = ? AND revoked_at IS NULL AND expires_at > ? ORDER BY expires_at" },
	[Q_SHARE_INSERT] = { "record_share_insert",
		"INSERT INTO record_shares (clinic_id, patient_id, token_hash, label, expires_at, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)" },
	[Q_SHARE_REVOKE] = { "record_share_revoke",
		"UPDATE record_shares SET revoked_at = ? WHERE id = ? AND clinic_id = ? AND patient_id = ?"
		" AND revoked_at IS NULL" },
	[Q_SHARE_BY_TOKEN] = { "record_share_by_token",
		"SELECT s.id, s.patient_id, s.expires_at, s.label FROM record_shares s WHERE s.token_hash = ?"
		" AND s.clinic_id = ? AND s.revoked_at IS NULL AND s.expires_at > ?" },
	[Q_SHARE_USED] = { "record_share_used",
		"UPDATE record_shares SET uses = uses + 1, last_used_at = ? WHERE id = ?" },
	[Q_REPORTS_MINE] = { "record_reports_mine",
		"SELECT kind, item, detail, phone, status, reason, created_at FROM patient_reports"
		" WHERE clinic_id = ? AND patient_id = ? AND (status = 'pending' OR reviewed_at >= ?)"
		" ORDER BY created_at DESC LIMIT 20" },
	[Q_REPORT_INSERT] = { "record_report_insert",
		"INSERT INTO patient_reports (clinic_id, patient_id, kind, item, detail, phone, idempotency_key, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_QUEUE] = { "record_report_queue",
		"SELECT q.id, q.kind, q.item, q.detail, q.phone, q.created_at, p.id, p.first_name, p.last_name, p.mrn,"
		" p.phone, CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code))"
		" FROM patient_reports q JOIN patients p ON p.id = q.patient_id AND p.clinic_id = q.clinic_id"
		" WHERE q.clinic_id = ? AND q.status = 'pending' ORDER BY q.created_at LIMIT 200" },
	[Q_REPORT] = { "record_report",
		"SELECT id, kind, item, detail, phone, patient_id FROM patient_reports WHERE id = ? AND clinic_id = ?"
		" AND status = 'pending'" },
	[Q_REPORT_ANSWER] = { "record_report_answer",
		"UPDATE patient_reports SET status = ?, reason = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?"
		" AND clinic_id = ? AND status = 'pending'" },
	[Q_ADD_MED] = { "record_add_med",
		"INSERT INTO medications (clinic_id, patient_id, name, instructions, status, refillable, started_on)"
		" VALUES (?, ?, ?, ?, 'active', 0, ?)" },
	[Q_ADD_ALLERGY] = { "record_add_allergy",
		"INSERT INTO allergies (clinic_id, patient_id, substance, reaction, severity, noted_on)"
		" VALUES (?, ?, ?, ?, 'unknown', ?)" },
	/* A new address replaces the street line and keeps city and state. */
	[Q_SET_CONTACT] = { "record_set_contact",
		"UPDATE patients SET phone = COALESCE(?, phone), address_line = COALESCE(?, address_line)"
		" WHERE id = ? AND clinic_id = ?" },
};

#define STMT(q) DB_APP_STMT(q)

struct chart {
	struct db_rows patient, meds, allergies, problems, immunizations, vitals, visits;
};

static long long
patient(struct req *r)
{
	return r->session->patient_id;
}

static int
load_chart(struct req *r, long long pid, struct chart *c)
{
	long long cid = clinic_id(r);
	if (db_run(r, STMT(Q_PATIENT), &c->patient, DB_ARGS(DB_INT(pid), DB_INT(cid))) < 0 || c->patient.nrows != 1 ||
	    db_run(r, STMT(Q_MEDS), &c->meds, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_ALLERGIES), &c->allergies, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_PROBLEMS), &c->problems, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_IMMUNIZATIONS), &c->immunizations, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_VITALS), &c->vitals, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_VISITS), &c->visits, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0)
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
		clock_parse_sql(db_cell(v, k, 1), &t);
		if (db_cell(v, k, 2)) {
			tw[nw] = t;
			w[nw++] = atof(db_cell(v, k, 2));
		}
		if (db_cell(v, k, 4) && db_cell(v, k, 5)) {
			tb[nb] = t;
			sys[nb] = atof(db_cell(v, k, 4));
			dia[nb++] = atof(db_cell(v, k, 5));
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
	const struct db_rows *p = &c->patient;
	page_set(r, "Patient.Name", req_printf(r, "%s %s", db_cell(p, 0, 1), db_cell(p, 0, 2)));
	page_set(r, "Patient.Mrn", db_cell(p, 0, 0));
	page_set(r, "Patient.Dob", date(r, db_cell(p, 0, 3)));
	for (size_t i = 0; i < c->meds.nrows; i++) {
		const char *b = req_printf(r, "%s.%zu", strcmp(db_cell(&c->meds, i, 6), "active") == 0 ? "Meds" : "PastMeds", i);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&c->meds, i, 1));
		page_set(r, req_printf(r, "%s.Dose", b), db_cell(&c->meds, i, 3));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&c->meds, i, 4));
		page_set(r, req_printf(r, "%s.Prescriber", b), provider_label(r, db_cell(&c->meds, i, 5)));
		page_set(r, req_printf(r, "%s.Since", b), date(r, db_cell(&c->meds, i, 7)));
		page_set(r, req_printf(r, "%s.Until", b), date(r, db_cell(&c->meds, i, 8)));
	}
	for (size_t i = 0; i < c->allergies.nrows; i++) {
		const char *b = req_printf(r, "Allergies.%zu", i);
		page_set(r, req_printf(r, "%s.Substance", b), db_cell(&c->allergies, i, 1));
		page_set(r, req_printf(r, "%s.Reaction", b), db_cell(&c->allergies, i, 2));
		page_set_text(r, req_printf(r, "%s.Severity", b), req_printf(r, "record.severity_%s", db_cell(&c->allergies, i, 3)));
	}
	for (size_t i = 0; i < c->problems.nrows; i++) {
		const char *b = req_printf(r, "Problems.%zu", i);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&c->problems, i, 1));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "record.problem_%s", db_cell(&c->problems, i, 3)));
		page_set(r, req_printf(r, "%s.Since", b), date(r, db_cell(&c->problems, i, 4)));
	}
	for (size_t i = 0; i < c->immunizations.nrows; i++) {
		const char *b = req_printf(r, "Immunizations.%zu", i);
		page_set(r, req_printf(r, "%s.Vaccine", b), db_cell(&c->immunizations, i, 1));
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(&c->immunizations, i, 3)));
	}
	for (size_t i = 0; i < c->vitals.nrows; i++) {
		const char *b = req_printf(r, "Vitals.%zu", i);
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(&c->vitals, i, 1)));
		page_set(r, req_printf(r, "%s.Weight", b), fmt_decimal(r, db_cell(&c->vitals, i, 2)));
		if (db_cell(&c->vitals, i, 4) && db_cell(&c->vitals, i, 5))
			page_set(r, req_printf(r, "%s.Bp", b), req_printf(r, "%s/%s", db_cell(&c->vitals, i, 4),
				db_cell(&c->vitals, i, 5)));
		page_set(r, req_printf(r, "%s.Pulse", b), db_cell(&c->vitals, i, 6));
	}
	set_vital_charts(r, &c->vitals);
	for (size_t i = 0; i < c->visits.nrows; i++) {
		const char *b = req_printf(r, "Visits.%zu", i);
		page_set(r, req_printf(r, "%s.Date", b), date(r, db_cell(&c->visits, i, 1)));
		page_set(r, req_printf(r, "%s.Provider", b), provider_label(r, db_cell(&c->visits, i, 2)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&c->visits, i, 3));
		page_set(r, req_printf(r, "%s.Diagnoses", b), db_cell(&c->visits, i, 4));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&c->visits, i, 5));
		page_set(r, req_printf(r, "%s.FollowUp", b), db_cell(&c->visits, i, 6));
	}
}

/* The patient's active share links, on the record page. */
static int
set_shares(struct req *r)
{
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_run(r, STMT(Q_SHARES), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(now_s))) < 0)
		return -1;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Shares.%zu", i);
		time_t exp = 0, used = 0;
		clock_parse_sql(db_cell(&rs, i, 2), &exp);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Label", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.Expires", b), fmt_datetime(r, exp));
		page_set(r, req_printf(r, "%s.Uses", b), db_cell(&rs, i, 3));
		if (db_cell(&rs, i, 4) && clock_parse_sql(db_cell(&rs, i, 4), &used) == 0)
			page_set(r, req_printf(r, "%s.LastUsed", b), fmt_datetime(r, used));
	}
	return 0;
}

/* What the patient reported, pending review (or answered in the last 30
 * days). */
static int
set_reports(struct req *r)
{
	char since[20];
	clock_sql(clock_now() - 30 * 86400, since);
	struct db_rows rs;
	if (db_run(r, STMT(Q_REPORTS_MINE), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(since))) < 0)
		return -1;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Reports.%zu", i);
		page_set_text(r, req_printf(r, "%s.Kind", b), req_printf(r, "record.kind_%s", db_cell(&rs, i, 0)));
		page_set(r, req_printf(r, "%s.Item", b), db_cell(&rs, i, 1) ? db_cell(&rs, i, 1) : db_cell(&rs, i, 3));
		page_set(r, req_printf(r, "%s.Detail", b), db_cell(&rs, i, 2));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "record.report_%s", db_cell(&rs, i, 4)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&rs, i, 5));
	}
	/* One key per form: each may be sent once. */
	const struct field *idem = req_field(r, KEY_IDEM), *kind = req_field(r, KEY_KIND);
	for (int k = 0; kinds[k]; k++)
		page_set(r, req_printf(r, "Form.Idem.%s", kinds[k]), idem->valid && kind->valid && kind->i == k ? idem->s :
			form_key(r));
	return 0;
}

static int
show_record(struct req *r)
{
	struct chart c;
	if (load_chart(r, patient(r), &c) < 0 || set_shares(r) < 0 || set_reports(r) < 0)
		return PORTAL_ERR;
	set_chart(r, &c);
	const struct field *done = req_field(r, KEY_DONE);
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "record.done_%s", done->s));
	page_set(r, "Form.Kind", req_field(r, KEY_KIND)->raw);
	page_set(r, "Form.Item", req_field(r, KEY_ITEM)->raw);
	page_set(r, "Form.Detail", req_field(r, KEY_DETAIL)->raw);
	page_set(r, "Form.Phone", req_field(r, KEY_PHONE)->raw);
	page_set(r, "Form.Label", req_field(r, KEY_LABEL)->raw);
	page_set_text(r, "Page.Title", "record.title");
	audit(r, "record.view", patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "record.cs");
}

static int
page_record(struct req *r)
{
	return show_record(r);
}

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
		return show_record(r);
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
	if (db_run(r, STMT(Q_SHARE_INSERT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(hash),
	    DB_STR(label->s), DB_STR(exp_s), DB_STR(now_s))) < 0 ||
	    audit(r, "record.share", patient(r), "record_share", rs.insert_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	page_set(r, "NewShare.Url", req_printf(r, "%s%s?t=%s", portal_conf->public_url, url(r, "/shared"), token));
	page_set(r, "NewShare.Label", label->s);
	page_set(r, "NewShare.Expires", fmt_datetime(r, expires));
	page_set_text(r, "Page.Title", "record.share_title");
	return render(r, "record_shared_link.cs");
}

static int
post_revoke(struct req *r)
{
	long long id = r->path_ids[0];
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_SHARE_REVOKE), &rs, DB_ARGS(DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(patient(r)))) < 0)
		goto fail;
	if (rs.affected != 1) {
		db_rollback(r);
		audit(r, "record.share_revoke", patient(r), "record_share", id, AUDIT_DENIED);
		return 404;
	}
	if (audit(r, "record.share_revoke", patient(r), "record_share", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/record?done=revoked"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* ------------------------------------------------- patient-entered data */

static const char *
opt_text(const struct field *f, bool *bad)
{
	if (!f->present)
		return NULL;
	if (!f->valid) {
		*bad = true;
		return NULL;
	}
	return f->s[0] ? f->s : NULL;
}

static int
post_report(struct req *r)
{
	const struct field *kind = req_field(r, KEY_KIND), *idem = req_field(r, KEY_IDEM);
	if (!idem->valid || !kind->valid)
		return 400;
	bool bad = false;
	const char *item = opt_text(req_field(r, KEY_ITEM), &bad), *detail = opt_text(req_field(r, KEY_DETAIL), &bad);
	const char *phone = opt_text(req_field(r, KEY_PHONE), &bad);
	if (bad)
		page_error(r, "item", "record.err_too_long");
	else if (strcmp(kind->s, "contact") == 0) {
		if (phone == NULL && detail == NULL)
			page_error(r, "phone", "record.err_contact");
		else if (phone && strspn(phone, "0123456789()+-. ") != strlen(phone))
			page_error(r, "phone", "record.err_phone");
		item = NULL;
	} else if (item == NULL) {
		page_error(r, "item", strcmp(kind->s, "medication") == 0 ? "record.err_medication" : "record.err_allergy");
	}
	if (page_error_count(r))
		return show_record(r);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int rc = db_run(r, STMT(Q_REPORT_INSERT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(kind->s),
		DB_STR(item), DB_STR(detail), DB_STR(phone), DB_STR(idem->s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return redirect(r, url(r, "/record?done=reported"));
	}
	if (rc < 0 || audit(r, "record.report", patient(r), "patient_report", rs.insert_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/record?done=reported"));
}

static int
page_queue(struct req *r)
{
	struct db_rows rs;
	if (db_run(r, STMT(Q_QUEUE), &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Queue.%zu", i);
		time_t t = 0;
		clock_parse_sql(db_cell(&rs, i, 5), &t);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.KindKey", b), db_cell(&rs, i, 1));
		page_set_text(r, req_printf(r, "%s.Kind", b), req_printf(r, "record.kind_%s", db_cell(&rs, i, 1)));
		page_set(r, req_printf(r, "%s.Item", b), db_cell(&rs, i, 2));
		page_set(r, req_printf(r, "%s.Detail", b), db_cell(&rs, i, 3));
		page_set(r, req_printf(r, "%s.Phone", b), db_cell(&rs, i, 4));
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, t));
		page_set(r, req_printf(r, "%s.PatientId", b), db_cell(&rs, i, 6));
		page_set(r, req_printf(r, "%s.Patient", b), req_printf(r, "%s %s", db_cell(&rs, i, 7), db_cell(&rs, i, 8)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 9));
		page_set(r, req_printf(r, "%s.ChartPhone", b), db_cell(&rs, i, 10));
		page_set(r, req_printf(r, "%s.ChartAddress", b), db_cell(&rs, i, 11));
	}
	const struct field *done = req_field(r, KEY_DONE);
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "record.done_%s", done->s));
	page_set_text(r, "Page.Title", "record.queue_title");
	audit(r, "record.review_queue", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "record_review.cs");
}

/* Accept puts what the patient said into the chart; dismiss says why not. */
static int
review(struct req *r, bool accept)
{
	long long id = r->path_ids[0], cid = clinic_id(r);
	const struct field *reason = req_field(r, KEY_REASON);
	struct db_rows rs, up;
	if (db_run(r, STMT(Q_REPORT), &rs, DB_ARGS(DB_INT(id), DB_INT(cid))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "record.review", 0, "patient_report", id, AUDIT_DENIED);
		return 404;
	}
	if (!accept && !reason->valid) {
		page_error(r, NULL, "record.err_reason");
		return page_queue(r);
	}
	long long pid = db_cell_int(&rs, 0, 5);
	const char *kind = db_cell(&rs, 0, 1);
	char now_s[20], today[11];
	clock_sql(clock_now(), now_s);
	snprintf(today, sizeof(today), "%.10s", now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_REPORT_ANSWER), &up, DB_ARGS(DB_STR(accept ? "accepted" : "dismissed"),
	    DB_STR(accept ? NULL : reason->s), DB_INT(r->session->user_id), DB_STR(now_s), DB_INT(id), DB_INT(cid))) < 0 ||
	    up.affected != 1)
		goto fail;
	if (accept && strcmp(kind, "medication") == 0 && db_run(r, STMT(Q_ADD_MED), NULL, DB_ARGS(DB_INT(cid), DB_INT(pid),
	    DB_STR(db_cell(&rs, 0, 2)), DB_STR(db_cell(&rs, 0, 3)), DB_STR(today))) < 0)
		goto fail;
	if (accept && strcmp(kind, "allergy") == 0 && db_run(r, STMT(Q_ADD_ALLERGY), NULL, DB_ARGS(DB_INT(cid), DB_INT(pid),
	    DB_STR(db_cell(&rs, 0, 2)), DB_STR(db_cell(&rs, 0, 3)), DB_STR(today))) < 0)
		goto fail;
	if (accept && strcmp(kind, "contact") == 0 && db_run(r, STMT(Q_SET_CONTACT), NULL, DB_ARGS(DB_STR(db_cell(&rs, 0, 4)),
	    DB_STR(db_cell(&rs, 0, 3)), DB_INT(pid), DB_INT(cid))) < 0)
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

/* The copy a link opens: read-only, nothing else of the portal. */
static int
page_shared(struct req *r)
{
	const struct field *tok = req_field(r, KEY_TOKEN);
	char hash[65], now_s[20];
	clock_sql(clock_now(), now_s);
	struct db_rows rs;
	if (!tok->valid) {
		audit(r, "record.shared_view", 0, NULL, 0, AUDIT_DENIED);
		return 404;
	}
	crypto_sha256_hex(tok->s, strlen(tok->s), hash);
	if (db_run(r, STMT(Q_SHARE_BY_TOKEN), &rs, DB_ARGS(DB_STR(hash), DB_INT(clinic_id(r)), DB_STR(now_s))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		/* Unknown, expired or revoked: the same page. */
		audit(r, "record.shared_view", 0, NULL, 0, AUDIT_DENIED);
		return 404;
	}
	long long id = db_cell_int(&rs, 0, 0), pid = db_cell_int(&rs, 0, 1);
	struct chart c;
	if (load_chart(r, pid, &c) < 0 ||
	    db_run(r, STMT(Q_SHARE_USED), NULL, DB_ARGS(DB_STR(now_s), DB_INT(id))) < 0)
		return PORTAL_ERR;
	set_chart(r, &c);
	time_t exp = 0;
	clock_parse_sql(db_cell(&rs, 0, 2), &exp);
	page_set(r, "Record.Shared", "1");
	page_set(r, "Record.SharedUntil", fmt_datetime(r, exp));
	page_set(r, "Record.Print", "1");
	page_set(r, "Record.Printed", fmt_datetime(r, clock_now()));
	page_set_text(r, "Page.Title", "record.print_title");
	audit(r, "record.shared_view", pid, "record_share", id, AUDIT_SUCCESS);
	return render(r, "record.cs");
}

static int
page_print(struct req *r)
{
	struct chart c;
	if (load_chart(r, patient(r), &c) < 0)
		return PORTAL_ERR;
	set_chart(r, &c);
	page_set(r, "Record.Printed", fmt_datetime(r, clock_now()));
	page_set(r, "Record.Print", "1");
	page_set_text(r, "Page.Title", "record.print_title");
	audit(r, "record.print", patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "record.cs");
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
		if (strcmp(db_cell(p, 0, 4), genders[i][0]) == 0)
			gender = genders[i][1];
	json_t *patient_res = json_pack("{s:s, s:[{s:s, s:s}], s:[{s:s, s:[s]}], s:s, s:s}",
		"resourceType", "Patient",
		"identifier", "system", req_printf(r, "%s/%s/mrn", portal_conf->public_url, r->clinic->slug),
		"value", db_cell(p, 0, 0),
		"name", "family", db_cell(p, 0, 2), "given", db_cell(p, 0, 1),
		"gender", gender, "birthDate", db_cell(p, 0, 3));
	if (db_cell(p, 0, 11))
		json_object_set_new(patient_res, "communication", json_pack("[{s:o, s:b}]", "language",
			concept("urn:ietf:bcp:47", db_cell(p, 0, 11), NULL), "preferred", 1));
	add_entry(r, entries, patient_res, pat);

	for (size_t i = 0; i < labs->nrows; i++) {
		json_t *o = json_pack("{s:s, s:s, s:[{s:[o]}], s:o, s:o, s:s}",
			"resourceType", "Observation",
			"status", strcmp(db_cell(labs, i, 10), "preliminary") == 0 ? "preliminary" :
				strcmp(db_cell(labs, i, 10), "corrected") == 0 ? "corrected" : "final",
			"category", "coding", coding("http://terminology.hl7.org/CodeSystem/observation-category", "laboratory",
				"Laboratory"),
			"code", concept("http://loinc.org", db_cell(labs, i, 1), db_cell(labs, i, 2)),
			"subject", ref(pat), "effectiveDateTime", instant(r, db_cell(labs, i, 9)));
		if (db_cell(labs, i, 3))
			json_object_set_new(o, "valueQuantity", quantity(db_cell(labs, i, 3), db_cell(labs, i, 5)));
		else if (db_cell(labs, i, 4))
			json_object_set_new(o, "valueString", json_string(db_cell(labs, i, 4)));
		if (db_cell(labs, i, 6) || db_cell(labs, i, 7)) {
			json_t *range = json_object();
			if (db_cell(labs, i, 6))
				json_object_set_new(range, "low", quantity(db_cell(labs, i, 6), db_cell(labs, i, 5)));
			if (db_cell(labs, i, 7))
				json_object_set_new(range, "high", quantity(db_cell(labs, i, 7), db_cell(labs, i, 5)));
			json_object_set_new(o, "referenceRange", json_pack("[o]", range));
		}
		static const char *const flags[][2] = { { "low", "L" }, { "high", "H" }, { "critical_low", "LL" },
			{ "critical_high", "HH" }, { "abnormal", "A" }, { "normal", "N" } };
		for (size_t k = 0; k < 6; k++)
			if (strcmp(db_cell(labs, i, 8), flags[k][0]) == 0)
				json_object_set_new(o, "interpretation", json_pack("[{s:[o]}]", "coding",
					coding("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation", flags[k][1], NULL)));
		add_entry(r, entries, o, NULL);
	}
	for (size_t i = 0; i < c->vitals.nrows; i++) {
		const struct db_rows *v = &c->vitals;
		const char *when = instant(r, db_cell(v, i, 1));
		if (db_cell(v, i, 2))
			add_entry(r, entries, vital_sign(pat, when, "29463-7", "Body weight", quantity(db_cell(v, i, 2), "kg"),
				false), NULL);
		if (db_cell(v, i, 4) && db_cell(v, i, 5))
			add_entry(r, entries, vital_sign(pat, when, "85354-9", "Blood pressure panel", json_pack("[{s:o, s:o}, {s:o, s:o}]",
				"code", concept("http://loinc.org", "8480-6", "Systolic blood pressure"),
				"valueQuantity", quantity(db_cell(v, i, 4), "mm[Hg]"),
				"code", concept("http://loinc.org", "8462-4", "Diastolic blood pressure"),
				"valueQuantity", quantity(db_cell(v, i, 5), "mm[Hg]")), true), NULL);
	}
	for (size_t i = 0; i < c->allergies.nrows; i++) {
		const struct db_rows *a = &c->allergies;
		json_t *ai = json_pack("{s:s, s:{s:[o]}, s:{s:[o]}, s:o, s:o}",
			"resourceType", "AllergyIntolerance",
			"clinicalStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
				"active", "Active"),
			"verificationStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
				"confirmed", "Confirmed"),
			"code", concept(NULL, NULL, db_cell(a, i, 1)), "patient", ref(pat));
		if (db_cell(a, i, 2)) {
			json_t *reaction = json_pack("{s:[o]}", "manifestation", concept(NULL, NULL, db_cell(a, i, 2)));
			if (strcmp(db_cell(a, i, 3), "unknown") != 0)
				json_object_set_new(reaction, "severity", json_string(db_cell(a, i, 3)));
			json_object_set_new(ai, "reaction", json_pack("[o]", reaction));
		}
		add_entry(r, entries, ai, NULL);
	}
	for (size_t i = 0; i < c->meds.nrows; i++) {
		const struct db_rows *m = &c->meds;
		json_t *mr = json_pack("{s:s, s:s, s:s, s:o, s:o}",
			"resourceType", "MedicationRequest",
			"status", strcmp(db_cell(m, i, 6), "active") == 0 ? "active" : "stopped",
			"intent", "order",
			"medicationCodeableConcept", concept("http://www.nlm.nih.gov/research/umls/rxnorm", db_cell(m, i, 2),
				db_cell(m, i, 1)),
			"subject", ref(pat));
		if (db_cell(m, i, 7))
			json_object_set_new(mr, "authoredOn", json_string(db_cell(m, i, 7)));
		if (db_cell(m, i, 4))
			json_object_set_new(mr, "dosageInstruction", json_pack("[{s:s}]", "text", db_cell(m, i, 4)));
		add_entry(r, entries, mr, NULL);
	}
	for (size_t i = 0; i < c->problems.nrows; i++) {
		const struct db_rows *pr = &c->problems;
		json_t *cond = json_pack("{s:s, s:{s:[o]}, s:[{s:[o]}], s:o, s:o}",
			"resourceType", "Condition",
			"clinicalStatus", "coding", coding("http://terminology.hl7.org/CodeSystem/condition-clinical",
				db_cell(pr, i, 3), NULL),
			"category", "coding", coding("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item",
				"Problem List Item"),
			"code", concept("http://snomed.info/sct", db_cell(pr, i, 2), db_cell(pr, i, 1)), "subject", ref(pat));
		if (db_cell(pr, i, 4))
			json_object_set_new(cond, "onsetDateTime", json_string(db_cell(pr, i, 4)));
		if (db_cell(pr, i, 5))
			json_object_set_new(cond, "abatementDateTime", json_string(db_cell(pr, i, 5)));
		add_entry(r, entries, cond, NULL);
	}
	for (size_t i = 0; i < c->immunizations.nrows; i++) {
		const struct db_rows *im = &c->immunizations;
		add_entry(r, entries, json_pack("{s:s, s:s, s:o, s:o, s:s, s:b}",
			"resourceType", "Immunization", "status", "completed",
			"vaccineCode", concept("http://hl7.org/fhir/sid/cvx", db_cell(im, i, 2), db_cell(im, i, 1)),
			"patient", ref(pat), "occurrenceDateTime", db_cell(im, i, 3), "primarySource", 1), NULL);
	}
	for (size_t i = 0; i < c->visits.nrows; i++) {
		const struct db_rows *v = &c->visits;
		json_t *enc = json_pack("{s:s, s:s, s:o, s:[{s:[o]}], s:o, s:{s:s}}",
			"resourceType", "Encounter", "status", "finished",
			"class", coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"),
			"type", "coding", coding("http://snomed.info/sct", "185349003", "Encounter for check up"),
			"subject", ref(pat), "period", "start", db_cell(v, i, 1));
		if (db_cell(v, i, 3))
			json_object_set_new(enc, "reasonCode", json_pack("[o]", concept(NULL, NULL, db_cell(v, i, 3))));
		const struct clinic_provider *prov = clinic_provider(r->clinic, db_cell(v, i, 2));
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
	if (load_chart(r, patient(r), &c) < 0 ||
	    db_run(r, STMT(Q_LABS), &labs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)), DB_STR(now_s))) < 0)
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
	audit(r, "record.download", patient(r), NULL, 0, AUDIT_SUCCESS);
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

PORTAL_MAIN(.name = "record", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX);
