/*
 * refills: prescription refill requests. A patient asks for a refill of an
 * active medication marked refillable, to one of their pharmacies (or a new
 * one), with a note; one open request per medication (the database holds
 * the rule) and one request per form (an idempotency key). Staff approve,
 * deny with a reason, or mark sent to the pharmacy, from a queue that shows
 * the patient's medications and earlier requests; each change tells the
 * patient (without the medication's name).
 */
#include "portal.h"

#include <stdio.h>
#include <string.h>

enum key {
	KEY_MEDICATION,
	KEY_PHARMACY,
	KEY_PH_NAME,
	KEY_PH_ADDRESS,
	KEY_PH_PHONE,
	KEY_NOTE,
	KEY_IDEM,
	KEY_REASON,
	KEY_DONE,
	KEY__MAX
};

static const char *const dones[] = { "requested", "approved", "denied", "sent", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_MEDICATION] = { "medication", FIELD_INT, 1, 9007199254740991LL, NULL },
	/* A saved pharmacy's id, or 0 for a new one. */
	[KEY_PHARMACY] = { "pharmacy", FIELD_INT, 0, 9007199254740991LL, NULL },
	[KEY_PH_NAME] = { "pharmacy_name", FIELD_TEXT, 0, 120, NULL },
	[KEY_PH_ADDRESS] = { "pharmacy_address", FIELD_TEXT, 0, 300, NULL },
	[KEY_PH_PHONE] = { "pharmacy_phone", FIELD_TEXT, 0, 40, NULL },
	[KEY_NOTE] = { "note", FIELD_MULTILINE, 0, 500, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_REASON] = { "reason", FIELD_MULTILINE, 1, 500, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
};

enum stmt {
	Q_MEDS,
	Q_MED,
	Q_REQUESTS,
	Q_PHARMACIES,
	Q_PHARMACY,
	Q_PHARMACY_INSERT,
	Q_REQUEST_INSERT,
	Q_BY_IDEMPOTENCY,
	Q_QUEUE,
	Q_REQUEST,
	Q_PATIENT_MEDS,
	Q_MED_REQUESTS,
	Q_ANSWER,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	[Q_MEDS] = { "refill_meds",
		"SELECT m.id, m.name, m.dose, m.instructions, m.refillable, m.refills_left,"
		" (SELECT q.status FROM refill_requests q WHERE q.open_medication_id = m.id)"
		" FROM medications m WHERE m.clinic_id = ? AND m.patient_id = ? AND m.status = 'active' ORDER BY m.name" },
	[Q_MED] = { "refill_med",
		"SELECT id, name, dose, refillable, status FROM medications WHERE id = ? AND clinic_id = ? AND patient_id = ?" },
	[Q_REQUESTS] = { "refill_requests",
		"SELECT q.id, m.name, q.status, q.reason, q.created_at, q.answered_at, p.name FROM refill_requests q"
		" JOIN medications m ON m.id = q.medication_id JOIN pharmacies p ON p.id = q.pharmacy_id"
		" WHERE q.clinic_id = ? AND q.patient_id = ? ORDER BY q.created_at DESC, q.id DESC LIMIT 30" },
	[Q_PHARMACIES] = { "refill_pharmacies",
		"SELECT id, name, address, phone FROM pharmacies WHERE clinic_id = ? AND patient_id = ? ORDER BY id" },
	[Q_PHARMACY] = { "refill_pharmacy",
		"SELECT id FROM pharmacies WHERE id = ? AND clinic_id = ? AND patient_id = ?" },
	[Q_PHARMACY_INSERT] = { "refill_pharmacy_insert",
		"INSERT INTO pharmacies (clinic_id, patient_id, name, address, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)" },
	[Q_REQUEST_INSERT] = { "refill_request_insert",
		"INSERT INTO refill_requests (clinic_id, patient_id, medication_id, pharmacy_id, note, idempotency_key,"
		" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_BY_IDEMPOTENCY] = { "refill_by_idempotency",
		"SELECT id FROM refill_requests WHERE clinic_id = ? AND patient_id = ? AND idempotency_key = ?" },
	[Q_QUEUE] = { "refill_queue",
		"SELECT q.id, q.status, q.created_at, m.name, m.dose, ph.name, pt.id, pt.first_name, pt.last_name, pt.mrn"
		" FROM refill_requests q JOIN medications m ON m.id = q.medication_id"
		" JOIN pharmacies ph ON ph.id = q.pharmacy_id JOIN patients pt ON pt.id = q.patient_id"
		" WHERE q.clinic_id = ? AND q.status IN ('requested', 'approved') ORDER BY q.status = 'approved', q.created_at"
		" LIMIT 200" },
	[Q_REQUEST] = { "refill_request",
		"SELECT q.id, q.status, q.note, q.created_at, q.reason, m.id, m.name, m.dose, m.instructions,"
		" m.refills_left, ph.name, ph.address, ph.phone, pt.id, pt.first_name, pt.last_name, pt.mrn, pt.dob"
		" FROM refill_requests q JOIN medications m ON m.id = q.medication_id"
		" JOIN pharmacies ph ON ph.id = q.pharmacy_id JOIN patients pt ON pt.id = q.patient_id"
		" WHERE q.id = ? AND q.clinic_id = ?" },
	[Q_PATIENT_MEDS] = { "refill_patient_meds",
		"SELECT name, dose, instructions, status, started_on, stopped_on, prescriber_key FROM medications"
		" WHERE clinic_id = ? AND patient_id = ? ORDER BY status, name" },
	[Q_MED_REQUESTS] = { "refill_med_requests",
		"SELECT created_at, status, reason FROM refill_requests WHERE clinic_id = ? AND medication_id = ? AND id <> ?"
		" ORDER BY created_at DESC LIMIT 10" },
	/* From the status the page was shown with: two staff answering at once
	 * cannot both act. */
	[Q_ANSWER] = { "refill_answer",
		"UPDATE refill_requests SET status = ?, reason = ?, answered_by = ?, answered_at = ?, updated_at = ?"
		" WHERE id = ? AND clinic_id = ? AND status = ?" },
};

#define STMT(q) DB_APP_STMT(q)

static long long
patient(struct req *r)
{
	return r->session->patient_id;
}

static const char *
when(struct req *r, const char *sql_time)
{
	time_t t = 0;
	return sql_time && clock_parse_sql(sql_time, &t) == 0 ? fmt_datetime(r, t) : NULL;
}

static void
set_done(struct req *r)
{
	const struct field *done = req_field(r, KEY_DONE);
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "refills.done_%s", done->s));
}

/* ------------------------------------------------------------- patient */

static int
page_list(struct req *r)
{
	long long cid = clinic_id(r), pid = patient(r);
	struct db_rows meds, reqs;
	if (db_run(r, STMT(Q_MEDS), &meds, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_REQUESTS), &reqs, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < meds.nrows; i++) {
		const char *b = req_printf(r, "Meds.%zu", i);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&meds, i, 0));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&meds, i, 1));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&meds, i, 3));
		if (db_cell(&meds, i, 6))
			page_set_text(r, req_printf(r, "%s.Open", b), req_printf(r, "refills.status_%s", db_cell(&meds, i, 6)));
		else if (db_cell_int(&meds, i, 4))
			page_set(r, req_printf(r, "%s.Refillable", b), "1");
	}
	for (size_t i = 0; i < reqs.nrows; i++) {
		const char *b = req_printf(r, "Requests.%zu", i);
		page_set(r, req_printf(r, "%s.Medication", b), db_cell(&reqs, i, 1));
		page_set(r, req_printf(r, "%s.StatusKey", b), db_cell(&reqs, i, 2));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.status_%s", db_cell(&reqs, i, 2)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&reqs, i, 3));
		page_set(r, req_printf(r, "%s.When", b), when(r, db_cell(&reqs, i, 4)));
		page_set(r, req_printf(r, "%s.Pharmacy", b), db_cell(&reqs, i, 6));
	}
	set_done(r);
	page_set_text(r, "Page.Title", "refills.title");
	audit(r, "refills.list", pid, NULL, 0, AUDIT_SUCCESS);
	return render(r, "refills_list.cs");
}

/* The medication named by the form, if the patient may ask for it: 0, 404
 * (audited), 409 (not refillable) or PORTAL_ERR. */
static int
load_med(struct req *r, struct db_rows *med)
{
	const struct field *f = req_field(r, KEY_MEDICATION);
	if (!f->valid)
		return 404;
	if (db_run(r, STMT(Q_MED), med, DB_ARGS(DB_INT(f->i), DB_INT(clinic_id(r)), DB_INT(patient(r)))) < 0)
		return PORTAL_ERR;
	if (med->nrows != 1) {
		audit(r, "refill.request", patient(r), "medication", f->i, AUDIT_DENIED);
		return 404;
	}
	if (db_cell_int(med, 0, 3) != 1 || strcmp(db_cell(med, 0, 4), "active") != 0)
		return 409;
	return 0;
}

static int
show_form(struct req *r, const struct db_rows *med)
{
	struct db_rows ph;
	if (db_run(r, STMT(Q_PHARMACIES), &ph, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)))) < 0)
		return PORTAL_ERR;
	const struct field *chosen = req_field(r, KEY_PHARMACY);
	for (size_t i = 0; i < ph.nrows; i++) {
		const char *b = req_printf(r, "Pharmacies.%zu", i);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&ph, i, 0));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&ph, i, 1));
		page_set(r, req_printf(r, "%s.Address", b), db_cell(&ph, i, 2));
		if ((chosen->valid && chosen->i == db_cell_int(&ph, i, 0)) || (!chosen->present && i == 0))
			page_set(r, req_printf(r, "%s.Checked", b), "1");
	}
	if ((chosen->valid && chosen->i == 0) || ph.nrows == 0)
		page_set(r, "Form.NewChecked", "1");
	page_set(r, "Med.Id", db_cell(med, 0, 0));
	page_set(r, "Med.Name", db_cell(med, 0, 1));
	page_set(r, "Form.PhName", req_field(r, KEY_PH_NAME)->raw);
	page_set(r, "Form.PhAddress", req_field(r, KEY_PH_ADDRESS)->raw);
	page_set(r, "Form.PhPhone", req_field(r, KEY_PH_PHONE)->raw);
	page_set(r, "Form.Note", req_field(r, KEY_NOTE)->raw);
	const struct field *idem = req_field(r, KEY_IDEM);
	page_set(r, "Form.Idem", idem->valid ? idem->s : form_key(r));
	page_set_text(r, "Page.Title", "refills.new_title");
	return render(r, "refills_new.cs");
}

static int
page_new(struct req *r)
{
	struct db_rows med;
	int rc = load_med(r, &med);
	return rc ? rc : show_form(r, &med);
}

static int
post_request(struct req *r)
{
	long long cid = clinic_id(r), pid = patient(r);
	const struct field *idem = req_field(r, KEY_IDEM), *pharmacy = req_field(r, KEY_PHARMACY);
	const struct field *name = req_field(r, KEY_PH_NAME), *addr = req_field(r, KEY_PH_ADDRESS);
	const struct field *phone = req_field(r, KEY_PH_PHONE), *note = req_field(r, KEY_NOTE);
	if (!idem->valid)
		return 400;
	struct db_rows med, rs;
	int rc = load_med(r, &med);
	if (rc == 409) {
		/* Sent twice, or refillable no more. */
		if (db_run(r, STMT(Q_BY_IDEMPOTENCY), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(idem->s))) == 0 &&
		    rs.nrows == 1)
			return redirect(r, url(r, "/refills?done=requested"));
	}
	if (rc)
		return rc;
	bool new_pharmacy = !pharmacy->valid || pharmacy->i == 0;
	/* Optional fields left out of the form count as empty. */
	const char *address = addr->present ? addr->s : "", *tel = phone->present ? phone->s : "";
	const char *note_s = note->present ? note->s : "";
	if (new_pharmacy) {
		if (!name->valid || name->s[0] == '\0')
			page_error(r, "pharmacy_name", "refills.err_pharmacy");
		if (address == NULL || tel == NULL || strspn(tel, "0123456789()+-. ") != strlen(tel))
			page_error(r, "pharmacy_phone", "refills.err_pharmacy_details");
	} else if (db_run(r, STMT(Q_PHARMACY), &rs, DB_ARGS(DB_INT(pharmacy->i), DB_INT(cid), DB_INT(pid))) < 0) {
		return PORTAL_ERR;
	} else if (rs.nrows != 1) {
		page_error(r, "pharmacy", "refills.err_pharmacy");
	}
	if (note_s == NULL)
		page_error(r, "note", "refills.err_note");
	if (page_error_count(r))
		return show_form(r, &med);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	long long pharmacy_id = new_pharmacy ? 0 : pharmacy->i;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (new_pharmacy) {
		if (db_run(r, STMT(Q_PHARMACY_INSERT), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(name->s),
		    DB_STR(address[0] ? address : NULL), DB_STR(tel[0] ? tel : NULL), DB_STR(now_s))) < 0)
			goto fail;
		pharmacy_id = rs.insert_id;
	}
	rc = db_run(r, STMT(Q_REQUEST_INSERT), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_INT(db_cell_int(&med, 0, 0)),
		DB_INT(pharmacy_id), DB_STR(note_s[0] ? note_s : NULL), DB_STR(idem->s), DB_STR(now_s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		struct db_rows dup;
		if (db_run(r, STMT(Q_BY_IDEMPOTENCY), &dup, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(idem->s))) < 0)
			return PORTAL_ERR;
		if (dup.nrows == 1)          /* this form, sent twice */
			return redirect(r, url(r, "/refills?done=requested"));
		page_error(r, NULL, "refills.err_open");
		return show_form(r, &med);
	}
	if (rc < 0 || audit(r, "refill.request", pid, "refill_request", rs.insert_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, "/refills?done=requested"));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* --------------------------------------------------------------- staff */

static int
page_queue(struct req *r)
{
	struct db_rows rs;
	if (db_run(r, STMT(Q_QUEUE), &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < rs.nrows; i++) {
		const char *b = req_printf(r, "Queue.%zu", i);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.status_%s", db_cell(&rs, i, 1)));
		page_set(r, req_printf(r, "%s.When", b), when(r, db_cell(&rs, i, 2)));
		page_set(r, req_printf(r, "%s.Medication", b), db_cell(&rs, i, 3));
		page_set(r, req_printf(r, "%s.Pharmacy", b), db_cell(&rs, i, 5));
		page_set(r, req_printf(r, "%s.PatientId", b), db_cell(&rs, i, 6));
		page_set(r, req_printf(r, "%s.Patient", b), req_printf(r, "%s %s", db_cell(&rs, i, 7), db_cell(&rs, i, 8)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 9));
	}
	page_set_int(r, "QueueCount", (long long)rs.nrows);
	set_done(r);
	page_set_text(r, "Page.Title", "refills.queue_title");
	audit(r, "refills.queue", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "refills_queue.cs");
}

static int
load_request(struct req *r, long long id, const char *action, struct db_rows *rs)
{
	if (db_run(r, STMT(Q_REQUEST), rs, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs->nrows != 1) {
		audit(r, action, 0, "refill_request", id, AUDIT_DENIED);
		return 404;
	}
	return 0;
}

static int
show_request(struct req *r, long long id)
{
	struct db_rows rs, meds, earlier;
	int rc = load_request(r, id, "refill.review", &rs);
	if (rc)
		return rc;
	long long pid = db_cell_int(&rs, 0, 13);
	if (db_run(r, STMT(Q_PATIENT_MEDS), &meds, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_MED_REQUESTS), &earlier, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(db_cell_int(&rs, 0, 5)),
	    DB_INT(id))) < 0)
		return PORTAL_ERR;
	page_set(r, "Req.Id", db_cell(&rs, 0, 0));
	page_set(r, "Req.StatusKey", db_cell(&rs, 0, 1));
	page_set_text(r, "Req.Status", req_printf(r, "refills.status_%s", db_cell(&rs, 0, 1)));
	page_set(r, "Req.Note", db_cell(&rs, 0, 2));
	page_set(r, "Req.When", when(r, db_cell(&rs, 0, 3)));
	page_set(r, "Req.Reason", db_cell(&rs, 0, 4));
	page_set(r, "Req.Medication", db_cell(&rs, 0, 6));
	page_set(r, "Req.Dose", db_cell(&rs, 0, 7));
	page_set(r, "Req.Instructions", db_cell(&rs, 0, 8));
	page_set(r, "Req.RefillsLeft", db_cell(&rs, 0, 9));
	page_set(r, "Req.Pharmacy", db_cell(&rs, 0, 10));
	page_set(r, "Req.PharmacyAddress", db_cell(&rs, 0, 11));
	page_set(r, "Req.PharmacyPhone", db_cell(&rs, 0, 12));
	page_set(r, "Req.PatientId", db_cell(&rs, 0, 13));
	page_set(r, "Req.Patient", req_printf(r, "%s %s", db_cell(&rs, 0, 14), db_cell(&rs, 0, 15)));
	page_set(r, "Req.Mrn", db_cell(&rs, 0, 16));
	page_set(r, "Req.Dob", fmt_sql_date(r, db_cell(&rs, 0, 17)));
	for (size_t i = 0; i < meds.nrows; i++) {
		const char *b = req_printf(r, "Meds.%zu", i);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&meds, i, 0));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&meds, i, 2));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.med_%s", db_cell(&meds, i, 3)));
		page_set(r, req_printf(r, "%s.Since", b), db_cell(&meds, i, 4) ? fmt_sql_date(r, db_cell(&meds, i, 4)) : NULL);
	}
	for (size_t i = 0; i < earlier.nrows; i++) {
		const char *b = req_printf(r, "Earlier.%zu", i);
		page_set(r, req_printf(r, "%s.When", b), when(r, db_cell(&earlier, i, 0)));
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.status_%s", db_cell(&earlier, i, 1)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&earlier, i, 2));
	}
	page_set(r, "Form.Reason", req_field(r, KEY_REASON)->raw);
	page_set_text(r, "Page.Title", "refills.review_title");
	audit(r, "refill.review", pid, "refill_request", id, AUDIT_SUCCESS);
	return render(r, "refills_review.cs");
}

static int
page_request(struct req *r)
{
	return show_request(r, r->path_ids[0]);
}

/* Moves a request from one status to the next and tells the patient. */
static int
answer(struct req *r, const char *from, const char *to, bool needs_reason)
{
	long long id = r->path_ids[0];
	struct db_rows rs, up;
	int rc = load_request(r, id, req_printf(r, "refill.%s", to), &rs);
	if (rc)
		return rc;
	const struct field *reason = req_field(r, KEY_REASON);
	if (needs_reason && !reason->valid) {
		page_error(r, "reason", "refills.err_reason");
		return show_request(r, id);
	}
	long long pid = db_cell_int(&rs, 0, 13);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_ANSWER), &up, DB_ARGS(DB_STR(to), DB_STR(needs_reason ? reason->s : NULL),
	    DB_INT(r->session->user_id), DB_STR(now_s), DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)), DB_STR(from))) < 0)
		goto fail;
	if (up.affected != 1) {
		db_rollback(r);
		page_error(r, NULL, "refills.err_answered");
		return show_request(r, id);
	}
	if (notify_patient(r, pid, "refill_update", "/refills") < 0 ||
	    audit(r, req_printf(r, "refill.%s", to), pid, "refill_request", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, req_printf(r, "/staff/refills?done=%s", to)));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
post_approve(struct req *r)
{
	return answer(r, "requested", "approved", false);
}

static int
post_deny(struct req *r)
{
	return answer(r, "requested", "denied", true);
}

static int
post_sent(struct req *r)
{
	return answer(r, "approved", "sent", false);
}

static const struct route routes[] = {
	{ HTTP_GET, "/refills", ACCESS_PATIENT, page_list, 0, 0 },
	{ HTTP_GET, "/refills/new", ACCESS_PATIENT, page_new, 0, 0 },
	{ HTTP_POST, "/refills", ACCESS_PATIENT, post_request, 0, 0 },
	{ HTTP_GET, "/staff/refills", ACCESS_STAFF, page_queue, 0, 0 },
	{ HTTP_GET, "/staff/refills/:id", ACCESS_STAFF, page_request, 0, 0 },
	/* Approving and denying are clinical decisions; the desk sends. */
	{ HTTP_POST, "/staff/refills/:id/approve", ACCESS_CLINICAL, post_approve, 0, 0 },
	{ HTTP_POST, "/staff/refills/:id/deny", ACCESS_CLINICAL, post_deny, 0, 0 },
	{ HTTP_POST, "/staff/refills/:id/sent", ACCESS_STAFF, post_sent, 0, 0 },
};

PORTAL_MAIN(.name = "refills", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX);
