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
	[KEY_PH_NAME] = { "pharmacy_name", FIELD_TEXT, 1, 120, NULL },
	[KEY_PH_ADDRESS] = { "pharmacy_address", FIELD_TEXT, 1, 300, NULL, .optional = true },
	[KEY_PH_PHONE] = { "pharmacy_phone", FIELD_PHONE, 0, 0, NULL, .optional = true },
	[KEY_NOTE] = { "note", FIELD_MULTILINE, 1, 500, NULL, .optional = true },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_REASON] = { "reason", FIELD_MULTILINE, 1, 500, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, dones },
};

/* ------------------------------------------------------------- patient */

enum { MEDS_ID, MEDS_NAME, MEDS_DOSE, MEDS_INSTRUCTIONS, MEDS_REFILLABLE, MEDS_REFILLS_LEFT, MEDS_OPEN_STATUS,
	MEDS__COLS };
static struct db_stmt q_meds = DB_QUERY("refill_meds", MEDS__COLS,
	"SELECT m.id, m.name, m.dose, m.instructions, m.refillable, m.refills_left,"
	" (SELECT q.status FROM refill_requests q WHERE q.open_medication_id = m.id)"
	" FROM medications m WHERE m.clinic_id = ? AND m.patient_id = ? AND m.status = 'active' ORDER BY m.name");

enum { REQS_ID, REQS_MEDICATION, REQS_STATUS, REQS_REASON, REQS_CREATED, REQS_ANSWERED, REQS_PHARMACY,
	REQS__COLS };
static struct db_stmt q_requests = DB_QUERY("refill_requests", REQS__COLS,
	"SELECT q.id, m.name, q.status, q.reason, q.created_at, q.answered_at, p.name FROM refill_requests q"
	" JOIN medications m ON m.id = q.medication_id JOIN pharmacies p ON p.id = q.pharmacy_id"
	" WHERE q.clinic_id = ? AND q.patient_id = ? ORDER BY q.created_at DESC, q.id DESC LIMIT 30");

static int
page_list(struct req *r)
{
	long long cid = clinic_id(r), pid = req_patient(r);
	struct db_rows meds, reqs;
	if (db_run(r, &q_meds, &meds, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, &q_requests, &reqs, DB_ARGS(DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < meds.nrows; i++) {
		const char *b = req_printf(r, "Meds.%zu", i);
		const char *open = db_cell(&meds, i, MEDS_OPEN_STATUS);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&meds, i, MEDS_ID));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&meds, i, MEDS_NAME));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&meds, i, MEDS_INSTRUCTIONS));
		if (open)
			page_set_text(r, req_printf(r, "%s.Open", b), req_printf(r, "refills.status_%s", open));
		else if (db_cell_int(&meds, i, MEDS_REFILLABLE))
			page_set(r, req_printf(r, "%s.Refillable", b), "1");
	}
	for (size_t i = 0; i < reqs.nrows; i++) {
		const char *b = req_printf(r, "Requests.%zu", i);
		const char *status = db_cell(&reqs, i, REQS_STATUS);
		page_set(r, req_printf(r, "%s.Medication", b), db_cell(&reqs, i, REQS_MEDICATION));
		page_set(r, req_printf(r, "%s.StatusKey", b), status);
		page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.status_%s", status));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&reqs, i, REQS_REASON));
		page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(&reqs, i, REQS_CREATED)));
		page_set(r, req_printf(r, "%s.Pharmacy", b), db_cell(&reqs, i, REQS_PHARMACY));
	}
	page_set_notice(r, KEY_DONE, "refills.done_");
	page_set_text(r, "Page.Title", "refills.title");
	audit(r, "refills.list", pid, NULL, 0, AUDIT_SUCCESS);
	return render(r, "refills_list.cs");
}

enum { MED_ID, MED_NAME, MED_DOSE, MED_REFILLABLE, MED_STATUS, MED__COLS };
static struct db_stmt q_med = DB_QUERY("refill_med", MED__COLS,
	"SELECT id, name, dose, refillable, status FROM medications WHERE id = ? AND clinic_id = ? AND patient_id = ?");

/* The medication named by the form, if the patient may ask for it: 0, 404
 * (audited), 409 (not refillable) or PORTAL_ERR. */
static int
load_med(struct req *r, struct db_rows *med)
{
	const struct field *f = req_field(r, KEY_MEDICATION);
	long long pid = req_patient(r);
	if (!f->valid)
		return 404;
	int rc = load_or_404(r, &q_med, med, (struct audit_object){ "refill.request", pid, "medication", f->i },
		DB_ARGS(DB_INT(f->i), DB_INT(clinic_id(r)), DB_INT(pid)));
	if (rc)
		return rc;
	if (db_cell_int(med, 0, MED_REFILLABLE) != 1 || !db_cell_is(med, 0, MED_STATUS, "active"))
		return 409;
	return 0;
}

enum { PH_ID, PH_NAME, PH_ADDRESS, PH_PHONE, PH__COLS };
static struct db_stmt q_pharmacies = DB_QUERY("refill_pharmacies", PH__COLS,
	"SELECT id, name, address, phone FROM pharmacies WHERE clinic_id = ? AND patient_id = ? ORDER BY id");

static int
show_form(struct req *r, const struct db_rows *med)
{
	struct db_rows ph;
	if (db_run(r, &q_pharmacies, &ph, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)))) < 0)
		return PORTAL_ERR;
	const struct field *chosen = req_field(r, KEY_PHARMACY);
	for (size_t i = 0; i < ph.nrows; i++) {
		const char *b = req_printf(r, "Pharmacies.%zu", i);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&ph, i, PH_ID));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&ph, i, PH_NAME));
		page_set(r, req_printf(r, "%s.Address", b), db_cell(&ph, i, PH_ADDRESS));
		if ((chosen->valid && chosen->i == db_cell_int(&ph, i, PH_ID)) || (!chosen->present && i == 0))
			page_set(r, req_printf(r, "%s.Checked", b), "1");
	}
	if ((chosen->valid && chosen->i == 0) || ph.nrows == 0)
		page_set(r, "Form.NewChecked", "1");
	page_set(r, "Med.Id", db_cell(med, 0, MED_ID));
	page_set(r, "Med.Name", db_cell(med, 0, MED_NAME));
	page_set_field(r, "Form.PhName", KEY_PH_NAME, "");
	page_set_field(r, "Form.PhAddress", KEY_PH_ADDRESS, "");
	page_set_field(r, "Form.PhPhone", KEY_PH_PHONE, "");
	page_set_field(r, "Form.Note", KEY_NOTE, "");
	page_set_form_key(r, KEY_IDEM);
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

/* An optional field left out of the form is as good as one left empty;
 * NULL when it was sent and refused. */
static const char *
optional_value(const struct field *f)
{
	return f->present ? f->s : "";
}

/* The request a form made already (form_sent_before). */
static struct db_stmt q_by_idempotency = DB_QUERY("refill_by_idempotency", SENT_BEFORE__COLS,
	"SELECT id FROM refill_requests WHERE clinic_id = ? AND patient_id = ? AND idempotency_key = ?");

enum { PHARMACY_ID, PHARMACY__COLS };
static struct db_stmt q_pharmacy = DB_QUERY("refill_pharmacy", PHARMACY__COLS,
	"SELECT id FROM pharmacies WHERE id = ? AND clinic_id = ? AND patient_id = ?");

static struct db_stmt q_pharmacy_insert = DB_STMT("refill_pharmacy_insert",
	"INSERT INTO pharmacies (clinic_id, patient_id, name, address, phone, created_at) VALUES (?, ?, ?, ?, ?, ?)");

static struct db_stmt q_request_insert = DB_STMT("refill_request_insert",
	"INSERT INTO refill_requests (clinic_id, patient_id, medication_id, pharmacy_id, note, idempotency_key,"
	" created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

static int
post_request(struct req *r)
{
	long long cid = clinic_id(r), pid = req_patient(r);
	const struct field *idem = req_field(r, KEY_IDEM), *pharmacy = req_field(r, KEY_PHARMACY);
	const struct field *name = req_field(r, KEY_PH_NAME);
	if (!idem->valid)
		return 400;
	struct db_rows med, rs;
	int rc = load_med(r, &med);
	/* Sent twice, or refillable no more. */
	if (rc == 409 && form_sent_before(r, &q_by_idempotency, idem->s) > 0)
		return redirect(r, url(r, "/refills?done=requested"));
	if (rc)
		return rc;
	bool new_pharmacy = !pharmacy->valid || pharmacy->i == 0;
	const char *address = optional_value(req_field(r, KEY_PH_ADDRESS));
	const char *tel = optional_value(req_field(r, KEY_PH_PHONE));
	const char *note = optional_value(req_field(r, KEY_NOTE));
	if (new_pharmacy) {
		if (!name->valid)
			page_error(r, "pharmacy_name", "refills.err_pharmacy");
		if (address == NULL || tel == NULL)
			page_error(r, "pharmacy_phone", "refills.err_pharmacy_details");
	} else if (db_run(r, &q_pharmacy, &rs, DB_ARGS(DB_INT(pharmacy->i), DB_INT(cid), DB_INT(pid))) < 0) {
		return PORTAL_ERR;
	} else if (rs.nrows != 1) {
		page_error(r, "pharmacy", "refills.err_pharmacy");
	}
	if (note == NULL)
		page_error(r, "note", "refills.err_note");
	if (page_error_count(r))
		return show_form(r, &med);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	long long pharmacy_id = new_pharmacy ? 0 : pharmacy->i;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (new_pharmacy) {
		if (db_run(r, &q_pharmacy_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(name->s),
		    DB_STR(address[0] ? address : NULL), DB_STR(tel[0] ? tel : NULL), DB_STR(now_s))) < 0)
			goto fail;
		pharmacy_id = rs.insert_id;
	}
	rc = db_run(r, &q_request_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_INT(db_cell_int(&med, 0, MED_ID)),
		DB_INT(pharmacy_id), DB_STR(note[0] ? note : NULL), DB_STR(idem->s), DB_STR(now_s), DB_STR(now_s)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		long long sent = form_sent_before(r, &q_by_idempotency, idem->s);
		if (sent < 0)
			return PORTAL_ERR;
		if (sent)          /* this form, sent twice */
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

/* The patient's id to the MRN: page_set_patient's four columns. */
enum { QUEUE_ID, QUEUE_STATUS, QUEUE_CREATED, QUEUE_MEDICATION, QUEUE_DOSE, QUEUE_PHARMACY, QUEUE_PATIENT_ID,
	QUEUE_FIRST_NAME, QUEUE_LAST_NAME, QUEUE_MRN, QUEUE__COLS };
static struct db_stmt q_queue = DB_QUERY("refill_queue", QUEUE__COLS,
	"SELECT q.id, q.status, q.created_at, m.name, m.dose, ph.name, pt.id, pt.first_name, pt.last_name, pt.mrn"
	" FROM refill_requests q JOIN medications m ON m.id = q.medication_id"
	" JOIN pharmacies ph ON ph.id = q.pharmacy_id JOIN patients pt ON pt.id = q.patient_id"
	" WHERE q.clinic_id = ? AND q.status IN ('requested', 'approved') ORDER BY q.status = 'approved', q.created_at"
	" LIMIT 200");

static void
set_queue_row(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, QUEUE_ID));
	page_set_text(r, req_printf(r, "%s.Status", b), req_printf(r, "refills.status_%s", db_cell(rs, i, QUEUE_STATUS)));
	page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(rs, i, QUEUE_CREATED)));
	page_set(r, req_printf(r, "%s.Medication", b), db_cell(rs, i, QUEUE_MEDICATION));
	page_set(r, req_printf(r, "%s.Pharmacy", b), db_cell(rs, i, QUEUE_PHARMACY));
	page_set_patient(r, b, rs, i, QUEUE_PATIENT_ID);
}

static int
page_queue(struct req *r)
{
	static const struct list_page queue = { "Queue", set_queue_row, "refills.queue_title", "refills.queue",
		"refills_queue.cs" };
	struct db_rows rs;
	if (db_run(r, &q_queue, &rs, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	page_set_int(r, "QueueCount", (long long)rs.nrows);
	page_set_notice(r, KEY_DONE, "refills.done_");
	return render_list(r, &queue, &rs);
}

/* The patient's id to the MRN: page_set_patient's four columns. */
enum { REQ_ID, REQ_STATUS, REQ_NOTE, REQ_CREATED, REQ_REASON, REQ_MED_ID, REQ_MEDICATION, REQ_DOSE,
	REQ_INSTRUCTIONS, REQ_REFILLS_LEFT, REQ_PHARMACY, REQ_PHARMACY_ADDRESS, REQ_PHARMACY_PHONE, REQ_PATIENT_ID,
	REQ_FIRST_NAME, REQ_LAST_NAME, REQ_MRN, REQ_DOB, REQ__COLS };
static struct db_stmt q_request = DB_QUERY("refill_request", REQ__COLS,
	"SELECT q.id, q.status, q.note, q.created_at, q.reason, m.id, m.name, m.dose, m.instructions,"
	" m.refills_left, ph.name, ph.address, ph.phone, pt.id, pt.first_name, pt.last_name, pt.mrn, pt.dob"
	" FROM refill_requests q JOIN medications m ON m.id = q.medication_id"
	" JOIN pharmacies ph ON ph.id = q.pharmacy_id JOIN patients pt ON pt.id = q.patient_id"
	" WHERE q.id = ? AND q.clinic_id = ?");

enum { PMEDS_NAME, PMEDS_DOSE, PMEDS_INSTRUCTIONS, PMEDS_STATUS, PMEDS_STARTED, PMEDS_STOPPED, PMEDS_PRESCRIBER,
	PMEDS__COLS };
static struct db_stmt q_patient_meds = DB_QUERY("refill_patient_meds", PMEDS__COLS,
	"SELECT name, dose, instructions, status, started_on, stopped_on, prescriber_key FROM medications"
	" WHERE clinic_id = ? AND patient_id = ? ORDER BY status, name");

enum { EARLIER_CREATED, EARLIER_STATUS, EARLIER_REASON, EARLIER__COLS };
static struct db_stmt q_med_requests = DB_QUERY("refill_med_requests", EARLIER__COLS,
	"SELECT created_at, status, reason FROM refill_requests WHERE clinic_id = ? AND medication_id = ? AND id <> ?"
	" ORDER BY created_at DESC LIMIT 10");

/* The patient's medications and the earlier requests for this one. */
static int
set_history(struct req *r, const struct db_rows *rq)
{
	struct db_rows meds, earlier;
	long long cid = clinic_id(r);
	if (db_run(r, &q_patient_meds, &meds, DB_ARGS(DB_INT(cid), DB_INT(db_cell_int(rq, 0, REQ_PATIENT_ID)))) < 0 ||
	    db_run(r, &q_med_requests, &earlier, DB_ARGS(DB_INT(cid), DB_INT(db_cell_int(rq, 0, REQ_MED_ID)),
	    DB_INT(db_cell_int(rq, 0, REQ_ID)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < meds.nrows; i++) {
		const char *b = req_printf(r, "Meds.%zu", i);
		const char *started = db_cell(&meds, i, PMEDS_STARTED);
		page_set(r, req_printf(r, "%s.Name", b), db_cell(&meds, i, PMEDS_NAME));
		page_set(r, req_printf(r, "%s.Instructions", b), db_cell(&meds, i, PMEDS_INSTRUCTIONS));
		page_set_text(r, req_printf(r, "%s.Status", b),
			req_printf(r, "refills.med_%s", db_cell(&meds, i, PMEDS_STATUS)));
		page_set(r, req_printf(r, "%s.Since", b), started ? fmt_sql_date(r, started) : NULL);
	}
	for (size_t i = 0; i < earlier.nrows; i++) {
		const char *b = req_printf(r, "Earlier.%zu", i);
		page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(&earlier, i, EARLIER_CREATED)));
		page_set_text(r, req_printf(r, "%s.Status", b),
			req_printf(r, "refills.status_%s", db_cell(&earlier, i, EARLIER_STATUS)));
		page_set(r, req_printf(r, "%s.Reason", b), db_cell(&earlier, i, EARLIER_REASON));
	}
	return 0;
}

/* The request with what staff need to answer it; also the form shown
 * again. */
static int
page_request(struct req *r)
{
	struct db_rows rs;
	int rc = load_path_or_404(r, &q_request, &rs, "refill.review", "refill_request");
	if (rc)
		return rc;
	if (set_history(r, &rs) < 0)
		return PORTAL_ERR;
	page_set(r, "Req.Id", db_cell(&rs, 0, REQ_ID));
	page_set(r, "Req.StatusKey", db_cell(&rs, 0, REQ_STATUS));
	page_set_text(r, "Req.Status", req_printf(r, "refills.status_%s", db_cell(&rs, 0, REQ_STATUS)));
	page_set(r, "Req.Note", db_cell(&rs, 0, REQ_NOTE));
	page_set(r, "Req.When", fmt_sql_datetime(r, db_cell(&rs, 0, REQ_CREATED)));
	page_set(r, "Req.Reason", db_cell(&rs, 0, REQ_REASON));
	page_set(r, "Req.Medication", db_cell(&rs, 0, REQ_MEDICATION));
	page_set(r, "Req.Dose", db_cell(&rs, 0, REQ_DOSE));
	page_set(r, "Req.Instructions", db_cell(&rs, 0, REQ_INSTRUCTIONS));
	page_set(r, "Req.RefillsLeft", db_cell(&rs, 0, REQ_REFILLS_LEFT));
	page_set(r, "Req.Pharmacy", db_cell(&rs, 0, REQ_PHARMACY));
	page_set(r, "Req.PharmacyAddress", db_cell(&rs, 0, REQ_PHARMACY_ADDRESS));
	page_set(r, "Req.PharmacyPhone", db_cell(&rs, 0, REQ_PHARMACY_PHONE));
	page_set_patient(r, "Req", &rs, 0, REQ_PATIENT_ID);
	page_set(r, "Req.Dob", fmt_sql_date(r, db_cell(&rs, 0, REQ_DOB)));
	page_set_field(r, "Form.Reason", KEY_REASON, "");
	page_set_text(r, "Page.Title", "refills.review_title");
	audit(r, "refill.review", db_cell_int(&rs, 0, REQ_PATIENT_ID), "refill_request", r->path_ids[0], AUDIT_SUCCESS);
	return render(r, "refills_review.cs");
}

/* From the status the page was shown with: two staff answering at once
 * cannot both act. */
static struct db_stmt q_answer = DB_STMT("refill_answer",
	"UPDATE refill_requests SET status = ?, reason = ?, answered_by = ?, answered_at = ?, updated_at = ?"
	" WHERE id = ? AND clinic_id = ? AND status = ?");

/* Moves a request from one status to the next and tells the patient. */
static int
answer(struct req *r, const char *from, const char *to, bool needs_reason)
{
	long long id = r->path_ids[0];
	const char *action = req_printf(r, "refill.%s", to);
	struct db_rows rs, up;
	int rc = load_path_or_404(r, &q_request, &rs, action, "refill_request");
	if (rc)
		return rc;
	const struct field *reason = req_field(r, KEY_REASON);
	if (needs_reason && !reason->valid) {
		page_error(r, "reason", "refills.err_reason");
		return page_request(r);
	}
	long long pid = db_cell_int(&rs, 0, REQ_PATIENT_ID);
	char now_s[20];
	clock_sql(clock_now(), now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_answer, &up, DB_ARGS(DB_STR(to), DB_STR(needs_reason ? reason->s : NULL),
	    DB_INT(r->session->user_id), DB_STR(now_s), DB_STR(now_s), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_STR(from))) < 0)
		goto fail;
	if (up.affected != 1) {
		db_rollback(r);
		page_error(r, NULL, "refills.err_answered");
		return page_request(r);
	}
	if (notify_patient(r, pid, "refill_update", "/refills") < 0 ||
	    audit(r, action, pid, "refill_request", id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
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

PORTAL_MAIN(.name = "refills", ROUTES(routes), FIELDS(fields));
