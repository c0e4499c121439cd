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
	[KEY_TEAM] = { "team", FIELD_TOKEN, 1, 40, NULL },
	[KEY_PAGE] = { "page", FIELD_INT, 1, 100000, NULL },
	[KEY_BODY] = { "body", FIELD_MULTILINE, 1, 5000, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_TEMPLATE] = { "template", FIELD_TOKEN, 1, 40, NULL },
	[KEY_ASSIGNEE] = { "assignee", FIELD_INT, 0, 9007199254740991LL, NULL },
	[KEY_URGENT] = { "urgent", FIELD_INT, 0, 1, NULL },
	[KEY_DONE] = { "done", FIELD_ENUM, 0, 0, done_choices },
};

enum stmt {
	Q_LIST,
	Q_COUNTS,
	Q_THREAD,
	Q_MESSAGES,
	Q_ATTACHMENTS,
	Q_ATTACHMENT,
	Q_MARK_READ,
	Q_STAFF,
	Q_REPLY_INSERT,
	Q_REPLIED,
	Q_ASSIGN,
	Q_STATUS,
	Q_URGENT,
	Q__MAX
};

/* The filter as flags: one statement serves every tab. */
#define LIST_WHERE \
	" WHERE t.clinic_id = ? AND (? = '' OR t.care_team = ?)" \
	" AND (? = 0 OR t.status = 'open')" \
	" AND (? = 0 OR t.status = 'closed')" \
	" AND (? = 0 OR t.assigned_to IS NULL)" \
	" AND (? = 0 OR t.assigned_to = ?)" \
	" AND (? = 0 OR t.urgent > 0)"

static const struct db_stmt_def stmts[Q__MAX] = {
	[Q_LIST] = { "inbox_list",
		"SELECT t.id, t.subject, t.topic, t.care_team, t.status, t.urgent, t.awaiting_staff, t.updated_at,"
		" p.first_name, p.last_name, p.mrn, u.display_name"
		" FROM message_threads t JOIN patients p ON p.id = t.patient_id AND p.clinic_id = t.clinic_id"
		" LEFT JOIN users u ON u.id = t.assigned_to" LIST_WHERE
		" ORDER BY (t.urgent > 0 AND t.status = 'open') DESC, t.awaiting_staff DESC, t.updated_at DESC, t.id DESC"
		" LIMIT ? OFFSET ?" },
	[Q_COUNTS] = { "inbox_counts",
		"SELECT COALESCE(SUM(status = 'open'), 0), COALESCE(SUM(status = 'open' AND assigned_to IS NULL), 0),"
		" COALESCE(SUM(status = 'open' AND assigned_to = ?), 0), COALESCE(SUM(status = 'open' AND urgent > 0), 0),"
		" COALESCE(SUM(status = 'closed'), 0)"
		" FROM message_threads WHERE clinic_id = ? AND (? = '' OR care_team = ?)" },
	[Q_THREAD] = { "inbox_thread",
		"SELECT t.id, t.subject, t.topic, t.care_team, t.status, t.urgent, t.assigned_to, t.patient_id,"
		" p.first_name, p.last_name, p.dob, p.mrn, p.lang"
		" FROM message_threads t JOIN patients p ON p.id = t.patient_id AND p.clinic_id = t.clinic_id"
		" WHERE t.id = ? AND t.clinic_id = ?" },
	[Q_MESSAGES] = { "inbox_messages",
		"SELECT m.id, m.from_patient, m.body, m.created_at, u.display_name FROM messages m"
		" LEFT JOIN users u ON u.id = m.author_user_id"
		" WHERE m.thread_id = ? AND m.clinic_id = ? ORDER BY m.created_at, m.id" },
	[Q_ATTACHMENTS] = { "inbox_attachments",
		"SELECT a.id, a.message_id, a.filename, a.size_bytes FROM message_attachments a"
		" JOIN messages m ON m.id = a.message_id WHERE m.thread_id = ? AND a.clinic_id = ? ORDER BY a.id" },
	[Q_ATTACHMENT] = { "inbox_attachment",
		"SELECT a.filename, a.content_type, a.data, a.patient_id FROM message_attachments a"
		" JOIN messages m ON m.id = a.message_id WHERE a.id = ? AND m.thread_id = ? AND a.clinic_id = ?" },
	[Q_MARK_READ] = { "inbox_mark_read",
		"UPDATE messages SET read_by_staff_at = ? WHERE thread_id = ? AND clinic_id = ? AND from_patient = 1"
		" AND read_by_staff_at IS NULL" },
	[Q_STAFF] = { "inbox_staff",
		"SELECT id, display_name FROM users WHERE clinic_id = ? AND role <> 'patient' AND status = 'active'"
		" ORDER BY display_name" },
	[Q_REPLY_INSERT] = { "inbox_reply_insert",
		"INSERT INTO messages (thread_id, clinic_id, patient_id, author_user_id, from_patient, body,"
		" idempotency_key, created_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?)" },
	/* Answering takes the thread if nobody had it, and starts the clock
	 * of the first response only once. */
	[Q_REPLIED] = { "inbox_replied",
		"UPDATE message_threads SET updated_at = ?, awaiting_staff = 0,"
		" first_response_at = COALESCE(first_response_at, ?), assigned_to = COALESCE(assigned_to, ?)"
		" WHERE id = ? AND clinic_id = ?" },
	[Q_ASSIGN] = { "inbox_assign",
		"UPDATE message_threads t SET t.assigned_to = ? WHERE t.id = ? AND t.clinic_id = ?"
		" AND (? IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = ? AND u.clinic_id = t.clinic_id"
		"   AND u.role <> 'patient' AND u.status = 'active'))" },
	[Q_STATUS] = { "inbox_status",
		"UPDATE message_threads SET status = ?, closed_at = ? WHERE id = ? AND clinic_id = ?" },
	[Q_URGENT] = { "inbox_urgent",
		"UPDATE message_threads SET urgent = ? WHERE id = ? AND clinic_id = ?" },
};

#define STMT(q) DB_APP_STMT(q)

/* ---------------------------------------------------------------- list */

static const char *
team_param(struct req *r)
{
	const struct field *team = req_field(r, KEY_TEAM);
	return team->valid && clinic_care_team(r->clinic, team->s) ? team->s : "";
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
	if (db_run(r, STMT(Q_LIST), &rs, DB_ARGS(DB_INT(cid), DB_STR(team), DB_STR(team),
	    DB_INT(filter != FILTER_CLOSED), DB_INT(filter == FILTER_CLOSED), DB_INT(filter == FILTER_UNASSIGNED),
	    DB_INT(filter == FILTER_MINE), DB_INT(me), DB_INT(filter == FILTER_URGENT),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0 ||
	    db_run(r, STMT(Q_COUNTS), &counts, DB_ARGS(DB_INT(me), DB_INT(cid), DB_STR(team), DB_STR(team))) < 0)
		return PORTAL_ERR;
	/* The tabs, with their counts. */
	static const int count_col[FILTER__MAX] = { 0, 1, 2, 3, 4 };
	for (int i = 0; i < FILTER__MAX; i++) {
		const char *b = req_printf(r, "Tabs.%d", i);
		page_set(r, req_printf(r, "%s.Key", b), filter_choices[i]);
		page_set_text(r, req_printf(r, "%s.Label", b), req_printf(r, "inbox.filter_%s", filter_choices[i]));
		page_set(r, req_printf(r, "%s.Count", b), db_cell(&counts, 0, (size_t)count_col[i]));
		if ((int)filter == i)
			page_set(r, req_printf(r, "%s.Current", b), "1");
	}
	for (size_t i = 0; i < r->clinic->ncare_teams; i++) {
		const struct care_team *t = &r->clinic->care_teams[i];
		page_set(r, req_printf(r, "Teams.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Teams.%zu.Name", i), i18n_text_get(&t->name, r->lang));
	}
	page_set(r, "Form.Team", team);
	page_set(r, "Form.Filter", filter_choices[filter]);
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Threads.%zu", i);
		const struct message_topic *topic = clinic_topic(r->clinic, db_cell(&rs, i, 2));
		time_t when = 0;
		clock_parse_sql(db_cell(&rs, i, 7), &when);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Subject", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.Topic", b), topic ? i18n_text_get(&topic->name, r->lang) : "");
		page_set(r, req_printf(r, "%s.Patient", b), req_printf(r, "%s, %s", db_cell(&rs, i, 9),
			db_cell(&rs, i, 8)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 10));
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, when));
		page_set(r, req_printf(r, "%s.Assignee", b), db_cell(&rs, i, 11) ? db_cell(&rs, i, 11) : "");
		if (db_cell_int(&rs, i, 5) > 0 && strcmp(db_cell(&rs, i, 4), "open") == 0)
			page_set(r, req_printf(r, "%s.Urgent", b), "1");
		if (db_cell_int(&rs, i, 6) == 1 && strcmp(db_cell(&rs, i, 4), "open") == 0)
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

/* The thread, scoped to the clinic; 404 (audited) when it is not there. */
static int
load_thread(struct req *r, long long id, struct db_rows *th, const char *action)
{
	if (db_run(r, STMT(Q_THREAD), th, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (th->nrows != 1) {
		audit(r, action, 0, "message_thread", id, AUDIT_DENIED);
		return 404;
	}
	return 0;
}

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
show_thread(struct req *r, long long id)
{
	struct db_rows th, ms, at, staff;
	long long cid = clinic_id(r);
	int rc = load_thread(r, id, &th, "message.read");
	if (rc)
		return rc;
	long long pid = db_cell_int(&th, 0, 7);
	if (db_run(r, STMT(Q_MESSAGES), &ms, DB_ARGS(DB_INT(id), DB_INT(cid))) < 0 ||
	    db_run(r, STMT(Q_ATTACHMENTS), &at, DB_ARGS(DB_INT(id), DB_INT(cid))) < 0 ||
	    db_run(r, STMT(Q_STAFF), &staff, DB_ARGS(DB_INT(cid))) < 0)
		return PORTAL_ERR;
	const struct message_topic *topic = clinic_topic(r->clinic, db_cell(&th, 0, 2));
	const struct care_team *team = clinic_care_team(r->clinic, db_cell(&th, 0, 3));
	page_set(r, "Thread.Id", db_cell(&th, 0, 0));
	page_set(r, "Thread.Subject", db_cell(&th, 0, 1));
	page_set(r, "Thread.Topic", topic ? i18n_text_get(&topic->name, r->lang) : "");
	page_set(r, "Thread.Team", team ? i18n_text_get(&team->name, r->lang) : "");
	page_set(r, "Thread.Status", db_cell(&th, 0, 4));
	if (db_cell_int(&th, 0, 5) > 0)
		page_set(r, "Thread.Urgent", "1");
	page_set(r, "Thread.AssignedTo", db_cell(&th, 0, 6) ? db_cell(&th, 0, 6) : "0");
	page_set(r, "Patient.Id", db_cell(&th, 0, 7));
	page_set(r, "Patient.First", db_cell(&th, 0, 8));
	page_set(r, "Patient.Last", db_cell(&th, 0, 9));
	page_set(r, "Patient.Dob", fmt_sql_date(r, db_cell(&th, 0, 10)));
	page_set(r, "Patient.Mrn", db_cell(&th, 0, 11));
	int plang = lang_from_code(db_cell(&th, 0, 12));
	page_set_text(r, "Patient.Language", req_printf(r, "language_name.%s", lang_codes[plang < 0 ? 0 : plang]));
	for (size_t i = 0; i < ms.nrows; i++) {
		const char *b = req_printf(r, "Thread.Messages.%zu", i);
		time_t when = 0;
		clock_parse_sql(db_cell(&ms, i, 3), &when);
		bool from_patient = db_cell_int(&ms, i, 1) == 1;
		page_set(r, req_printf(r, "%s.FromPatient", b), from_patient ? "1" : "");
		page_set(r, req_printf(r, "%s.From", b), from_patient ?
			req_printf(r, "%s %s", db_cell(&th, 0, 8), db_cell(&th, 0, 9)) :
			db_cell(&ms, i, 4) ? db_cell(&ms, i, 4) : "");
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, when));
		page_set(r, req_printf(r, "%s.Body", b), db_cell(&ms, i, 2));
		int na = 0;
		for (size_t k = 0; k < at.nrows; k++) {
			if (strcmp(db_cell(&at, k, 1), db_cell(&ms, i, 0)) != 0)
				continue;
			const char *ab = req_printf(r, "%s.Files.%d", b, na++);
			page_set(r, req_printf(r, "%s.Href", ab),
				url(r, req_printf(r, "/staff/messages/%lld/attachments/%s", id, db_cell(&at, k, 0))));
			page_set(r, req_printf(r, "%s.Name", ab), db_cell(&at, k, 2));
			page_set(r, req_printf(r, "%s.Size", ab), req_printf(r, "%lld KB",
				(db_cell_int(&at, k, 3) + 1023) / 1024));
		}
	}
	for (size_t i = 0; i < staff.nrows; i++) {
		page_set(r, req_printf(r, "Staff.%zu.Id", i), db_cell(&staff, i, 0));
		page_set(r, req_printf(r, "Staff.%zu.Name", i), db_cell(&staff, i, 1));
	}
	page_set_int(r, "Me", r->session->user_id);
	/* Reply templates, in the patient's language, first name filled in. */
	enum lang patient_lang = plang >= 0 && r->clinic->offered[plang] ? (enum lang)plang : r->clinic->default_lang;
	const struct field *tmpl = req_field(r, KEY_TEMPLATE), *body = req_field(r, KEY_BODY);
	for (size_t i = 0; i < r->clinic->nreply_templates; i++) {
		const struct reply_template *t = &r->clinic->reply_templates[i];
		page_set(r, req_printf(r, "Templates.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Templates.%zu.Name", i), i18n_text_get(&t->name, r->lang));
		if (tmpl->valid && strcmp(tmpl->s, t->key) == 0 && !body->present)
			page_set(r, "Form.Body", fill_template(r, t, db_cell(&th, 0, 8), patient_lang));
	}
	if (body->present)
		page_set(r, "Form.Body", body->raw);
	const struct field *idem = req_field(r, KEY_IDEM), *done = req_field(r, KEY_DONE);
	page_set(r, "Form.Idem", idem->valid ? idem->s : form_key(r));
	if (done->valid)
		page_set_text(r, "Page.Notice", req_printf(r, "inbox.done_%s", done->s));
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, STMT(Q_MARK_READ), NULL, DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(cid))) < 0)
		return PORTAL_ERR;
	audit(r, "message.read", pid, "message_thread", id, AUDIT_SUCCESS);
	page_set_text(r, "Page.Title", "inbox.thread");
	return render(r, "inbox_thread.cs");
}

static int
page_thread(struct req *r)
{
	return show_thread(r, r->path_ids[0]);
}

static int
done(struct req *r, long long id, const char *what)
{
	return redirect(r, url(r, req_printf(r, "/staff/messages/%lld?done=%s", id, what)));
}

static int
post_reply(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r), me = r->session->user_id;
	const struct field *body = req_field(r, KEY_BODY), *idem = req_field(r, KEY_IDEM);
	struct db_rows th, rs;
	int rc = load_thread(r, id, &th, "message.staff_reply");
	if (rc)
		return rc;
	if (!idem->valid)
		return 400;
	if (!body->valid) {
		page_error(r, "body", "messages.err_body");
		return show_thread(r, id);
	}
	long long pid = db_cell_int(&th, 0, 7);
	char now[20];
	clock_sql(clock_now(), now);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, STMT(Q_REPLY_INSERT), &rs, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid), DB_INT(me),
		DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return done(r, id, "replied");
	}
	if (rc < 0 || db_run(r, STMT(Q_REPLIED), NULL, DB_ARGS(DB_STR(now), DB_STR(now), DB_INT(me), DB_INT(id),
	    DB_INT(cid))) < 0 ||
	    notify_patient(r, pid, "new_message", req_printf(r, "/messages/%lld", id)) < 0 ||
	    audit(r, "message.staff_reply", pid, "message_thread", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return done(r, id, "replied");
}

static int
post_assign(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *who = req_field(r, KEY_ASSIGNEE);
	struct db_rows th, rs;
	int rc = load_thread(r, id, &th, "message.assign");
	if (rc)
		return rc;
	if (!who->valid)
		return 400;
	struct db_arg assignee = who->i ? DB_INT(who->i) : DB_NULLARG;
	if (db_run(r, STMT(Q_ASSIGN), &rs, DB_ARGS(assignee, DB_INT(id), DB_INT(clinic_id(r)), assignee, assignee)) < 0)
		return PORTAL_ERR;
	if (rs.affected == 0)
		return 400;    /* not an active colleague of this clinic */
	audit(r, "message.assign", db_cell_int(&th, 0, 7), "message_thread", id, AUDIT_SUCCESS);
	return done(r, id, "assigned");
}

static int
set_status(struct req *r, bool close)
{
	long long id = r->path_ids[0];
	struct db_rows th;
	int rc = load_thread(r, id, &th, close ? "message.close" : "message.reopen");
	if (rc)
		return rc;
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, STMT(Q_STATUS), NULL, DB_ARGS(DB_STR(close ? "closed" : "open"),
	    close ? DB_STR(now) : DB_NULLARG, DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	audit(r, close ? "message.close" : "message.reopen", db_cell_int(&th, 0, 7), "message_thread", id,
		AUDIT_SUCCESS);
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

static int
post_urgent(struct req *r)
{
	long long id = r->path_ids[0];
	const struct field *urgent = req_field(r, KEY_URGENT);
	struct db_rows th;
	int rc = load_thread(r, id, &th, "message.urgent");
	if (rc)
		return rc;
	if (!urgent->valid)
		return 400;
	/* Marked by staff: an emergency flag without a triage category. */
	if (db_run(r, STMT(Q_URGENT), NULL, DB_ARGS(DB_INT(urgent->i ? 1 : 0), DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	audit(r, urgent->i ? "message.mark_urgent" : "message.mark_not_urgent", db_cell_int(&th, 0, 7),
		"message_thread", id, AUDIT_SUCCESS);
	return done(r, id, urgent->i ? "urgent" : "not_urgent");
}

static int
page_attachment(struct req *r)
{
	long long thread = r->path_ids[0], id = r->path_ids[1];
	struct db_rows rs;
	if (db_run(r, STMT(Q_ATTACHMENT), &rs, DB_ARGS(DB_INT(id), DB_INT(thread), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "attachment.download", 0, "attachment", id, AUDIT_DENIED);
		return 404;
	}
	audit(r, "attachment.download", db_cell_int(&rs, 0, 3), "attachment", id, AUDIT_SUCCESS);
	return respond_download(r, db_cell(&rs, 0, 0), db_cell(&rs, 0, 1), db_cell(&rs, 0, 2), rs.lens[2]);
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff/messages", ACCESS_STAFF, page_list, 0, 0 },
	{ HTTP_GET, "/staff/messages/:id", ACCESS_STAFF, page_thread, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/reply", ACCESS_STAFF, post_reply, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/assign", ACCESS_STAFF, post_assign, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/close", ACCESS_STAFF, post_close, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/reopen", ACCESS_STAFF, post_reopen, 0, 0 },
	{ HTTP_POST, "/staff/messages/:id/urgent", ACCESS_STAFF, post_urgent, 0, 0 },
	{ HTTP_GET, "/staff/messages/:id/attachments/:id", ACCESS_STAFF, page_attachment, 0, 0 },
};

PORTAL_MAIN(.name = "inbox", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX);
