/*
 * inbox: the staff side of messaging. Threads of the clinic with filters
 * (unassigned, mine, urgent, open, closed) and a care-team choice, urgent
 * threads first; a thread with the patient's chart header, reply (with the
 * clinic's reply templates), assign, close or reopen, mark urgent or not.
 * Staff see only their own clinic's threads; every read is audited.
 */
#include "portal.h"

#include <stdio.h>
#include <string.h>

#define PAGE_SIZE 25

enum key {
	KEY_FILTER,
	KEY_TEAM,
	KEY_PAGE,
	KEY_BODY,
	KEY_IDEM,
	KEY_TEMPLATE,
	KEY_ASSIGNEE,
	KEY_URGENT,
	KEY_DONE,
	KEY__MAX
};

static const char *const filter_choices[] = { "open", "unassigned", "mine", "urgent", "closed", NULL };
enum filter { FILTER_OPEN, FILTER_UNASSIGNED, FILTER_MINE, FILTER_URGENT, FILTER_CLOSED, FILTER__MAX };
static const char *const done_choices[] = { "replied", "assigned", "closed", "reopened", "urgent", "not_urgent", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_FILTER] = { "filter", FIELD_ENUM, 0, 0, filter_choices },
	[KEY_TEAM] = { "team", FIELD_TOKEN, 1, 40, NULL, .optional = true },
	[KEY_PAGE] = { "page", FIELD_INT, 1, 100000, NULL },
	[KEY_BODY] = { "body", FIELD_MULTILINE, 1, 5000, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_TEMPLATE] = { "template", FIELD_TOKEN, 1, 40, NULL },
	[KEY_ASSIGNEE] = { "assignee", FIELD_INT, 0, 9007199254740991LL, NULL },
	[KEY_URGENT] = { "urgent", FIELD_INT, 0, 1, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, done_choices },
};

/* ---------------------------------------------------------------- list */

static const char *
team_param(struct req *r)
{
	const struct field *team = req_field(r, KEY_TEAM);
	return team->valid && clinic_care_team(r->clinic, team->s) ? team->s : "";
}

/* The filter as flags: one statement serves every tab. */
enum { LIST_ID, LIST_SUBJECT, LIST_TOPIC, LIST_CARE_TEAM, LIST_STATUS, LIST_URGENT, LIST_AWAITING_STAFF,
	LIST_UPDATED, LIST_FIRST_NAME, LIST_LAST_NAME, LIST_MRN, LIST_ASSIGNEE, LIST__COLS };
static struct db_stmt q_list = DB_QUERY("inbox_list", LIST__COLS,
	"SELECT t.id, t.subject, t.topic, t.care_team, t.status, t.urgent, t.awaiting_staff, t.updated_at,"
	" p.first_name, p.last_name, p.mrn, u.display_name"
	" FROM message_threads t JOIN patients p ON p.id = t.patient_id AND p.clinic_id = t.clinic_id"
	" LEFT JOIN users u ON u.id = t.assigned_to"
	" WHERE t.clinic_id = ? AND (? = '' OR t.care_team = ?)"
	" AND (? = 0 OR t.status = 'open')"
	" AND (? = 0 OR t.status = 'closed')"
	" AND (? = 0 OR t.assigned_to IS NULL)"
	" AND (? = 0 OR t.assigned_to = ?)"
	" AND (? = 0 OR t.urgent > 0)"
	" ORDER BY (t.urgent > 0 AND t.status = 'open') DESC, t.awaiting_staff DESC, t.updated_at DESC, t.id DESC"
	" LIMIT ? OFFSET ?");

/* The count of every tab, in the order of the filters. */
enum { COUNT_OPEN, COUNT_UNASSIGNED, COUNT_MINE, COUNT_URGENT, COUNT_CLOSED, COUNT__COLS };
static struct db_stmt q_counts = DB_QUERY("inbox_counts", COUNT__COLS,
	"SELECT COALESCE(SUM(status = 'open'), 0), COALESCE(SUM(status = 'open' AND assigned_to IS NULL), 0),"
	" COALESCE(SUM(status = 'open' AND assigned_to = ?), 0), COALESCE(SUM(status = 'open' AND urgent > 0), 0),"
	" COALESCE(SUM(status = 'closed'), 0)"
	" FROM message_threads WHERE clinic_id = ? AND (? = '' OR care_team = ?)");

static void
set_tabs(struct req *r, enum filter filter, const struct db_rows *counts)
{
	static const int count_col[FILTER__MAX] = {
		[FILTER_OPEN] = COUNT_OPEN, [FILTER_UNASSIGNED] = COUNT_UNASSIGNED, [FILTER_MINE] = COUNT_MINE,
		[FILTER_URGENT] = COUNT_URGENT, [FILTER_CLOSED] = COUNT_CLOSED,
	};
	for (int i = 0; i < FILTER__MAX; i++) {
		const char *b = req_printf(r, "Tabs.%d", i);
		page_set(r, req_printf(r, "%s.Key", b), filter_choices[i]);
		page_set_text(r, req_printf(r, "%s.Label", b), req_printf(r, "inbox.filter_%s", filter_choices[i]));
		page_set(r, req_printf(r, "%s.Count", b), db_cell(counts, 0, count_col[i]));
		if ((int)filter == i)
			page_set(r, req_printf(r, "%s.Current", b), "1");
	}
	for (size_t i = 0; i < r->clinic->ncare_teams; i++) {
		const struct care_team *t = &r->clinic->care_teams[i];
		page_set(r, req_printf(r, "Teams.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Teams.%zu.Name", i), i18n_text_get(&t->name, r->lang));
	}
}

static int
page_list(struct req *r)
{
	const struct field *f = req_field(r, KEY_FILTER), *p = req_field(r, KEY_PAGE);
	enum filter filter = f->valid ? (enum filter)f->i : FILTER_OPEN;
	int page = p->valid ? (int)p->i : 1;
	const char *team = team_param(r);
	long long me = r->session->user_id, cid = clinic_id(r);
	struct db_rows rs, counts;
	if (db_run(r, &q_list, &rs, DB_ARGS(DB_INT(cid), DB_STR(team), DB_STR(team),
	    DB_INT(filter != FILTER_CLOSED), DB_INT(filter == FILTER_CLOSED), DB_INT(filter == FILTER_UNASSIGNED),
	    DB_INT(filter == FILTER_MINE), DB_INT(me), DB_INT(filter == FILTER_URGENT),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0 ||
	    db_run(r, &q_counts, &counts, DB_ARGS(DB_INT(me), DB_INT(cid), DB_STR(team), DB_STR(team))) < 0)
		return PORTAL_ERR;
	set_tabs(r, filter, &counts);
	page_set(r, "Form.Team", team);
	page_set(r, "Form.Filter", filter_choices[filter]);
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Threads.%zu", i);
		const struct message_topic *topic = clinic_topic(r->clinic, db_cell(&rs, i, LIST_TOPIC));
		bool open = db_cell_is(&rs, i, LIST_STATUS, "open");
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, LIST_ID));
		page_set(r, req_printf(r, "%s.Subject", b), db_cell(&rs, i, LIST_SUBJECT));
		page_set(r, req_printf(r, "%s.Topic", b), topic ? i18n_text_get(&topic->name, r->lang) : "");
		page_set(r, req_printf(r, "%s.Patient", b), req_printf(r, "%s, %s", db_cell(&rs, i, LIST_LAST_NAME),
			db_cell(&rs, i, LIST_FIRST_NAME)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, LIST_MRN));
		page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(&rs, i, LIST_UPDATED)));
		const char *assignee = db_cell(&rs, i, LIST_ASSIGNEE);
		page_set(r, req_printf(r, "%s.Assignee", b), assignee ? assignee : "");
		if (open && db_cell_int(&rs, i, LIST_URGENT) > 0)
			page_set(r, req_printf(r, "%s.Urgent", b), "1");
		if (open && db_cell_int(&rs, i, LIST_AWAITING_STAFF) == 1)
			page_set(r, req_printf(r, "%s.Waiting", b), "1");
	}
	const char *base = req_printf(r, "%s?filter=%s&team=%s", url(r, "/staff/messages"), filter_choices[filter], team);
	if (page > 1)
		page_set(r, "Paging.Newer", req_printf(r, "%s&page=%d", base, page - 1));
	if (rs.nrows > PAGE_SIZE)
		page_set(r, "Paging.Older", req_printf(r, "%s&page=%d", base, page + 1));
	page_set_text(r, "Page.Title", "inbox.title");
	audit(r, "inbox.list", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "inbox_list.cs");
}

/* -------------------------------------------------------------- thread */

enum { THREAD_ID, THREAD_SUBJECT, THREAD_TOPIC, THREAD_CARE_TEAM, THREAD_STATUS, THREAD_URGENT,
	THREAD_ASSIGNED_TO, THREAD_PATIENT_ID, THREAD_FIRST_NAME, THREAD_LAST_NAME, THREAD_DOB, THREAD_MRN,
	THREAD_LANG, THREAD__COLS };
static struct db_stmt q_thread = DB_QUERY("inbox_thread", THREAD__COLS,
	"SELECT t.id, t.subject, t.topic, t.care_team, t.status, t.urgent, t.assigned_to, t.patient_id,"
	" p.first_name, p.last_name, p.dob, p.mrn, p.lang"
	" FROM message_threads t JOIN patients p ON p.id = t.patient_id AND p.clinic_id = t.clinic_id"
	" WHERE t.id = ? AND t.clinic_id = ?");

static const char *
fill_template(struct req *r, const struct reply_template *t, const char *first_name, enum lang lang)
{
	const char *text = i18n_text_get(&t->text, lang);
	const char *at = strstr(text, "{first_name}");
	if (at == NULL)
		return text;
	return req_printf(r, "%.*s%s%s", (int)(at - text), text, first_name, at + strlen("{first_name}"));
}

static int
set_messages(struct req *r, long long id, const char *patient_name)
{
	struct db_rows ms, at;
	if (messaging_thread(r, id, &ms, &at) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < ms.nrows; i++) {
		const char *b = req_printf(r, "Thread.Messages.%zu", i);
		bool from_patient = db_cell_int(&ms, i, MSG_FROM_PATIENT) == 1;
		page_set(r, req_printf(r, "%s.FromPatient", b), from_patient ? "1" : "");
		page_set(r, req_printf(r, "%s.From", b), from_patient ? patient_name :
			db_cell(&ms, i, MSG_AUTHOR) ? db_cell(&ms, i, MSG_AUTHOR) : "");
		page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(&ms, i, MSG_CREATED)));
		page_set(r, req_printf(r, "%s.Body", b), db_cell(&ms, i, MSG_BODY));
		messaging_set_files(r, b, &at, db_cell(&ms, i, MSG_ID),
			req_printf(r, "/staff/messages/%lld/attachments/", id));
	}
	return 0;
}

enum { STAFF_ID, STAFF_NAME, STAFF__COLS };
static struct db_stmt q_staff = DB_QUERY("inbox_staff", STAFF__COLS,
	"SELECT id, display_name FROM users WHERE clinic_id = ? AND role <> 'patient' AND status = 'active'"
	" ORDER BY display_name");

static int
set_staff(struct req *r)
{
	struct db_rows staff;
	if (db_run(r, &q_staff, &staff, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < staff.nrows; i++) {
		page_set(r, req_printf(r, "Staff.%zu.Id", i), db_cell(&staff, i, STAFF_ID));
		page_set(r, req_printf(r, "Staff.%zu.Name", i), db_cell(&staff, i, STAFF_NAME));
	}
	page_set_int(r, "Me", r->session->user_id);
	return 0;
}

/* The reply form: the clinic's templates, in the patient's language with
 * the first name filled in, and what was typed when it is shown again. */
static void
set_reply_form(struct req *r, const char *first_name, int plang)
{
	enum lang patient_lang = plang >= 0 && r->clinic->offered[plang] ? (enum lang)plang : r->clinic->default_lang;
	const struct field *tmpl = req_field(r, KEY_TEMPLATE), *body = req_field(r, KEY_BODY);
	for (size_t i = 0; i < r->clinic->nreply_templates; i++) {
		const struct reply_template *t = &r->clinic->reply_templates[i];
		page_set(r, req_printf(r, "Templates.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Templates.%zu.Name", i), i18n_text_get(&t->name, r->lang));
		if (tmpl->valid && strcmp(tmpl->s, t->key) == 0 && !body->present)
			page_set(r, "Form.Body", fill_template(r, t, first_name, patient_lang));
	}
	if (body->present)
		page_set(r, "Form.Body", body->raw);
	page_set_form_key(r, KEY_IDEM);
}

static struct db_stmt q_mark_read = DB_STMT("inbox_mark_read",
	"UPDATE messages SET read_by_staff_at = ? WHERE thread_id = ? AND clinic_id = ? AND from_patient = 1"
	" AND read_by_staff_at IS NULL");

/* The thread with the patient's chart header; also the reply form shown
 * again. */
static int
page_thread(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows th;
	int rc = load_path_or_404(r, &q_thread, &th, "message.read", "message_thread");
	if (rc)
		return rc;
	const char *first = db_cell(&th, 0, THREAD_FIRST_NAME), *last = db_cell(&th, 0, THREAD_LAST_NAME);
	if (set_messages(r, id, req_printf(r, "%s %s", first, last)) < 0 || set_staff(r) < 0)
		return PORTAL_ERR;
	const struct message_topic *topic = clinic_topic(r->clinic, db_cell(&th, 0, THREAD_TOPIC));
	const struct care_team *team = clinic_care_team(r->clinic, db_cell(&th, 0, THREAD_CARE_TEAM));
	page_set(r, "Thread.Id", db_cell(&th, 0, THREAD_ID));
	page_set(r, "Thread.Subject", db_cell(&th, 0, THREAD_SUBJECT));
	page_set(r, "Thread.Topic", topic ? i18n_text_get(&topic->name, r->lang) : "");
	page_set(r, "Thread.Team", team ? i18n_text_get(&team->name, r->lang) : "");
	page_set(r, "Thread.Status", db_cell(&th, 0, THREAD_STATUS));
	if (db_cell_int(&th, 0, THREAD_URGENT) > 0)
		page_set(r, "Thread.Urgent", "1");
	const char *assigned_to = db_cell(&th, 0, THREAD_ASSIGNED_TO);
	page_set(r, "Thread.AssignedTo", assigned_to ? assigned_to : "0");
	page_set(r, "Patient.Id", db_cell(&th, 0, THREAD_PATIENT_ID));
	page_set(r, "Patient.First", first);
	page_set(r, "Patient.Last", last);
	page_set(r, "Patient.Dob", fmt_sql_date(r, db_cell(&th, 0, THREAD_DOB)));
	page_set(r, "Patient.Mrn", db_cell(&th, 0, THREAD_MRN));
	int plang = lang_from_code(db_cell(&th, 0, THREAD_LANG));
	page_set_text(r, "Patient.Language", req_printf(r, "language_name.%s", lang_codes[plang < 0 ? 0 : plang]));
	set_reply_form(r, first, plang);
	page_set_notice(r, KEY_DONE, "inbox.done_");
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, &q_mark_read, NULL, DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	audit(r, "message.read", db_cell_int(&th, 0, THREAD_PATIENT_ID), "message_thread", id, AUDIT_SUCCESS);
	page_set_text(r, "Page.Title", "inbox.thread");
	return render(r, "inbox_thread.cs");
}

static int
done(struct req *r, long long id, const char *what)
{
	return redirect(r, url(r, req_printf(r, "/staff/messages/%lld?done=%s", id, what)));
}

static struct db_stmt q_reply_insert = DB_STMT("inbox_reply_insert",
	"INSERT INTO messages (thread_id, clinic_id, patient_id, author_user_id, from_patient, body,"
	" idempotency_key, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)");

/* Answering takes the thread if nobody had it, and starts the clock of the
 * first response only once. */
static struct db_stmt q_replied = DB_STMT("inbox_replied",
	"UPDATE message_threads SET updated_at = ?, awaiting_staff = 0,"
	" first_response_at = COALESCE(first_response_at, ?), assigned_to = COALESCE(assigned_to, ?)"
	" WHERE id = ? AND clinic_id = ?");

static int
post_reply(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r), me = r->session->user_id;
	const struct field *body = req_field(r, KEY_BODY), *idem = req_field(r, KEY_IDEM);
	struct db_rows th;
	int rc = load_path_or_404(r, &q_thread, &th, "message.staff_reply", "message_thread");
	if (rc)
		return rc;
	if (!idem->valid)
		return 400;
	if (!body->valid) {
		page_error(r, "body", "messages.err_body");
		return page_thread(r);
	}
	long long pid = db_cell_int(&th, 0, THREAD_PATIENT_ID);
	char now[20];
	clock_sql(clock_now(), now);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, &q_reply_insert, NULL, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid), DB_INT(me),
		DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return done(r, id, "replied");
	}
	if (rc < 0 || db_run(r, &q_replied, NULL, DB_ARGS(DB_STR(now), DB_STR(now), DB_INT(me), DB_INT(id),
	    DB_INT(cid))) < 0 ||
	    notify_patient(r, pid, "new_message", req_printf(r, "/messages/%lld", id)) < 0 ||
	    audit(r, "message.staff_reply", pid, "message_thread", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return done(r, id, "replied");
}

static struct db_stmt q_assign = DB_STMT("inbox_assign",
	"UPDATE message_threads t SET t.assigned_to = ? WHERE t.id = ? AND t.clinic_id = ?"
	" AND (? IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = ? AND u.clinic_id = t.clinic_id"
	"   AND u.role <> 'patient' AND u.status = 'active'))");

static int
post_assign(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *who = req_field(r, KEY_ASSIGNEE);
	struct db_rows th, rs;
	int rc = load_path_or_404(r, &q_thread, &th, "message.assign", "message_thread");
	if (rc)
		return rc;
	if (!who->valid)
		return 400;
	struct db_arg assignee = who->i ? DB_INT(who->i) : DB_NULLARG;
	if (db_run(r, &q_assign, &rs, DB_ARGS(assignee, DB_INT(id), DB_INT(clinic_id(r)), assignee, assignee)) < 0)
		return PORTAL_ERR;
	if (rs.affected == 0)
		return 400;    /* not an active colleague of this clinic */
	audit(r, "message.assign", db_cell_int(&th, 0, THREAD_PATIENT_ID), "message_thread", id, AUDIT_SUCCESS);
	return done(r, id, "assigned");
}

static struct db_stmt q_status = DB_STMT("inbox_status",
	"UPDATE message_threads SET status = ?, closed_at = ? WHERE id = ? AND clinic_id = ?");

static int
set_status(struct req *r, bool close)
{
	long long id = r->path_ids[0];
	const char *action = close ? "message.close" : "message.reopen";
	struct db_rows th;
	int rc = load_path_or_404(r, &q_thread, &th, action, "message_thread");
	if (rc)
		return rc;
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, &q_status, NULL, DB_ARGS(DB_STR(close ? "closed" : "open"),
	    close ? DB_STR(now) : DB_NULLARG, DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	audit(r, action, db_cell_int(&th, 0, THREAD_PATIENT_ID), "message_thread", id, AUDIT_SUCCESS);
	return done(r, id, close ? "closed" : "reopened");
}

static int
post_close(struct req *r)
{
	return set_status(r, true);
}

static int
post_reopen(struct req *r)
{
	return set_status(r, false);
}

/* Marked by staff: an emergency flag without a triage category. */
static struct db_stmt q_urgent = DB_STMT("inbox_urgent",
	"UPDATE message_threads SET urgent = ? WHERE id = ? AND clinic_id = ?");

static int
post_urgent(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *urgent = req_field(r, KEY_URGENT);
	struct db_rows th;
	int rc = load_path_or_404(r, &q_thread, &th, "message.urgent", "message_thread");
	if (rc)
		return rc;
	if (!urgent->valid)
		return 400;
	if (db_run(r, &q_urgent, NULL, DB_ARGS(DB_INT(urgent->i ? 1 : 0), DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	audit(r, urgent->i ? "message.mark_urgent" : "message.mark_not_urgent", db_cell_int(&th, 0, THREAD_PATIENT_ID),
		"message_thread", id, AUDIT_SUCCESS);
	return done(r, id, urgent->i ? "urgent" : "not_urgent");
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff/messages", ACCESS_STAFF, page_list, 0, 0 },
	{ HTTP_GET, "/staff/messages/:id", ACCESS_STAFF, page_thread, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/reply", ACCESS_STAFF, post_reply, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/assign", ACCESS_STAFF, post_assign, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/close", ACCESS_STAFF, post_close, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/reopen", ACCESS_STAFF, post_reopen, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/urgent", ACCESS_STAFF, post_urgent, 0, 0 },
	{ HTTP_GET, "/staff/messages/:id/attachments/:id", ACCESS_STAFF, messaging_download, 0, 0 },
};

PORTAL_MAIN(.name = "inbox", ROUTES(routes), FIELDS(fields));
