/*
 * messages: secure messaging for patients. Inbox and sent folders, compose
 * with a topic routed to a care team and optional attachments (PDF, JPEG,
 * PNG, judged by content), threads with replies, attachment downloads.
 * Sending is idempotent (a key per form), and urgent words are triaged: the
 * patient is told what to do before and after sending, and staff see the
 * thread flagged.
 */
#include "portal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define PAGE_SIZE 20
#define MAX_FILES 3
/* Three files of 5 MiB (limits.upload_max_bytes), the text, the envelope. */
#define BODY_MAX (3 * 5L * 1024 * 1024 + 256 * 1024)

enum key {
	KEY_TOPIC,
	KEY_SUBJECT,
	KEY_BODY,
	KEY_IDEM,
	KEY_URGENT_ACK,
	KEY_PAGE,
	KEY_SENT,
	KEY__MAX
};

static const struct field_def fields[KEY__MAX] = {
	[KEY_TOPIC] = { "topic", FIELD_TOKEN, 1, 40, NULL },
	[KEY_SUBJECT] = { "subject", FIELD_TEXT, 1, 120, NULL },
	[KEY_BODY] = { "body", FIELD_MULTILINE, 1, 5000, NULL },
	[KEY_IDEM] = { "idem", FIELD_TOKEN, 32, 32, NULL },
	[KEY_URGENT_ACK] = { "urgent_ack", FIELD_INT, 0, 1, NULL },
	[KEY_PAGE] = { "page", FIELD_INT, 1, 100000, NULL },
	[KEY_SENT] = { "sent", FIELD_INT, 0, 1, NULL },
};

enum stmt {
	Q_INBOX,
	Q_SENT,
	Q_THREAD,
	Q_THREAD_MESSAGES,
	Q_THREAD_ATTACHMENTS,
	Q_MARK_READ,
	Q_THREAD_INSERT,
	Q_MESSAGE_INSERT,
	Q_ATTACHMENT_INSERT,
	Q_BY_IDEMPOTENCY,
	Q_THREAD_PATIENT_WROTE,
	Q_ATTACHMENT,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	[Q_INBOX] = { "inbox",
		"SELECT t.id, t.subject, t.topic, t.status, t.updated_at,"
		" (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.from_patient = 0"
		"   AND m.read_by_patient_at IS NULL)"
		" FROM message_threads t WHERE t.clinic_id = ? AND t.patient_id = ?"
		" ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?" },
	[Q_SENT] = { "sent",
		"SELECT m.thread_id, t.subject, m.created_at, LEFT(m.body, 140)"
		" FROM messages m JOIN message_threads t ON t.id = m.thread_id"
		" WHERE m.clinic_id = ? AND m.patient_id = ? AND m.from_patient = 1"
		" ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?" },
	[Q_THREAD] = { "thread",
		"SELECT id, subject, topic, status, urgent, awaiting_staff, care_team FROM message_threads"
		" WHERE id = ? AND clinic_id = ? AND patient_id = ?" },
	[Q_THREAD_MESSAGES] = { "thread_messages",
		"SELECT m.id, m.from_patient, m.body, m.created_at, u.display_name, m.read_by_patient_at IS NULL"
		" FROM messages m LEFT JOIN users u ON u.id = m.author_user_id"
		" WHERE m.thread_id = ? AND m.clinic_id = ? AND m.patient_id = ? ORDER BY m.created_at, m.id" },
	[Q_THREAD_ATTACHMENTS] = { "thread_attachments",
		"SELECT a.id, a.message_id, a.filename, a.size_bytes FROM message_attachments a"
		" JOIN messages m ON m.id = a.message_id"
		" WHERE m.thread_id = ? AND a.clinic_id = ? AND a.patient_id = ? ORDER BY a.id" },
	[Q_MARK_READ] = { "mark_read",
		"UPDATE messages SET read_by_patient_at = ? WHERE thread_id = ? AND clinic_id = ? AND patient_id = ?"
		" AND from_patient = 0 AND read_by_patient_at IS NULL" },
	[Q_THREAD_INSERT] = { "thread_insert",
		"INSERT INTO message_threads (clinic_id, patient_id, topic, subject, care_team, status, urgent,"
		" awaiting_staff, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, 1, ?, ?)" },
	[Q_MESSAGE_INSERT] = { "message_insert",
		"INSERT INTO messages (thread_id, clinic_id, patient_id, author_user_id, from_patient, body,"
		" idempotency_key, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)" },
	[Q_ATTACHMENT_INSERT] = { "attachment_insert",
		"INSERT INTO message_attachments (message_id, clinic_id, patient_id, filename, content_type,"
		" size_bytes, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)" },
	[Q_BY_IDEMPOTENCY] = { "by_idempotency",
		"SELECT thread_id FROM messages WHERE clinic_id = ? AND patient_id = ? AND idempotency_key = ?" },
	/* The status check makes a reply to a thread closed a moment ago fail. */
	[Q_THREAD_PATIENT_WROTE] = { "thread_patient_wrote",
		"UPDATE message_threads SET updated_at = ?, awaiting_staff = 1, urgent = urgent | ?"
		" WHERE id = ? AND clinic_id = ? AND patient_id = ? AND status = 'open'" },
	[Q_ATTACHMENT] = { "attachment",
		"SELECT a.filename, a.content_type, a.data FROM message_attachments a"
		" JOIN messages m ON m.id = a.message_id"
		" WHERE a.id = ? AND m.thread_id = ? AND a.clinic_id = ? AND a.patient_id = ?" },
};

#define STMT(q) DB_APP_STMT(q)

/* ------------------------------------------------------------- helpers */

static long long
patient(struct req *r)
{
	return r->session->patient_id;
}

/* What every compose and reply page says: when to expect an answer, and
 * what to do instead in an emergency. */
static void
set_expectations(struct req *r)
{
	page_set(r, "Msg.ResponseTime", i18n_text_get(&r->clinic->response_time, r->lang));
}

static void
set_triage(struct req *r, unsigned triage)
{
	if (triage & TRIAGE_EMERGENCY)
		page_set(r, "Msg.Urgent911", "1");
	if (triage & TRIAGE_CRISIS)
		page_set(r, "Msg.Urgent988", "1");
}

/* A file name safe to store and to put back in a header: the base name,
 * printable characters only, at most 100 bytes. */
static const char *
clean_filename(struct req *r, const char *name, const char *type)
{
	char *out = req_alloc(r, 101);
	size_t o = 0;
	for (const unsigned char *p = (const unsigned char *)name; *p && o < 100; p++)
		if (*p >= 0x20 && *p != 0x7f && *p != '"' && *p != '\\' && *p != '/')
			out[o++] = (char)*p;
	out[o] = '\0';
	/* A cut-off multibyte character at the end is dropped. */
	while (o > 0 && valid_utf8_text(out, o, 0, 1000, false) < 0)
		out[--o] = '\0';
	if (o == 0)
		return strcmp(type, "application/pdf") == 0 ? "document.pdf" :
			strcmp(type, "image/png") == 0 ? "image.png" : "image.jpg";
	return out;
}

struct checked_files {
	const struct upload *files[MAX_FILES + 1];
	const char *types[MAX_FILES];
	size_t n;
};

/* 0 when the attachments are acceptable; else an error was added. */
static int
check_files(struct req *r, struct checked_files *cf)
{
	cf->n = req_files(r, "attachment", cf->files, MAX_FILES + 1);
	if (cf->n > MAX_FILES) {
		page_error(r, "attachment", "messages.err_too_many_files");
		return -1;
	}
	for (size_t i = 0; i < cf->n; i++) {
		if ((long)cf->files[i]->len > portal_conf->upload_max) {
			page_error(r, "attachment", "messages.err_file_too_large");
			return -1;
		}
		cf->types[i] = valid_attachment_type(cf->files[i]->data, cf->files[i]->len);
		if (cf->types[i] == NULL) {
			page_error(r, "attachment", "messages.err_file_type");
			return -1;
		}
	}
	return 0;
}

static int
store_files(struct req *r, long long message_id, const struct checked_files *cf, const char *now)
{
	for (size_t i = 0; i < cf->n; i++) {
		const struct upload *u = cf->files[i];
		if (db_run(r, STMT(Q_ATTACHMENT_INSERT), NULL, DB_ARGS(DB_INT(message_id), DB_INT(clinic_id(r)),
		    DB_INT(patient(r)), DB_STR(clean_filename(r, u->filename, cf->types[i])), DB_STR(cf->types[i]),
		    DB_INT(u->len), DB_BLOB(u->data, u->len), DB_STR(now))) < 0)
			return -1;
	}
	return 0;
}

/* Tells the care team, without any of the message, that it is urgent. */
static int
alert_team(struct req *r, const char *care_team, long long thread_id)
{
	const struct care_team *team = clinic_care_team(r->clinic, care_team);
	if (team == NULL || team->alert_email == NULL)
		return 0;
	return notify_address(r, team->alert_email, r->clinic->default_lang, "urgent_alert",
		req_printf(r, "/staff/messages/%lld", thread_id));
}

/* --------------------------------------------------------------- lists */

static int
page_number(struct req *r)
{
	const struct field *p = req_field(r, KEY_PAGE);
	return p->valid ? (int)p->i : 1;
}

static void
set_paging(struct req *r, const char *base, int page, bool more)
{
	if (page > 1)
		page_set(r, "Paging.Newer", page == 2 ? base : req_printf(r, "%s?page=%d", base, page - 1));
	if (more)
		page_set(r, "Paging.Older", req_printf(r, "%s?page=%d", base, page + 1));
}

static int
page_inbox(struct req *r)
{
	int page = page_number(r);
	struct db_rows rs;
	if (db_run(r, STMT(Q_INBOX), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0)
		return PORTAL_ERR;
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Threads.%zu", i);
		const struct message_topic *t = clinic_topic(r->clinic, db_cell(&rs, i, 2));
		time_t when = 0;
		clock_parse_sql(db_cell(&rs, i, 4), &when);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Subject", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.Topic", b), t ? i18n_text_get(&t->name, r->lang) : "");
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, when));
		page_set(r, req_printf(r, "%s.Unread", b), db_cell_int(&rs, i, 5) > 0 ? db_cell(&rs, i, 5) : "");
		if (strcmp(db_cell(&rs, i, 3), "closed") == 0)
			page_set(r, req_printf(r, "%s.Closed", b), "1");
	}
	set_paging(r, url(r, "/messages"), page, rs.nrows > PAGE_SIZE);
	page_set(r, "Folder", "inbox");
	page_set_text(r, "Page.Title", "messages.inbox");
	audit(r, "messages.list", patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "messages_list.cs");
}

static int
page_sent(struct req *r)
{
	int page = page_number(r);
	struct db_rows rs;
	if (db_run(r, STMT(Q_SENT), &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient(r)),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(page - 1) * PAGE_SIZE))) < 0)
		return PORTAL_ERR;
	size_t n = rs.nrows > PAGE_SIZE ? PAGE_SIZE : rs.nrows;
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Sent.%zu", i);
		time_t when = 0;
		clock_parse_sql(db_cell(&rs, i, 2), &when);
		page_set(r, req_printf(r, "%s.ThreadId", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.Subject", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, when));
		page_set(r, req_printf(r, "%s.Preview", b), db_cell(&rs, i, 3));
	}
	set_paging(r, url(r, "/messages/sent"), page, rs.nrows > PAGE_SIZE);
	page_set(r, "Folder", "sent");
	page_set_text(r, "Page.Title", "messages.sent");
	audit(r, "messages.list_sent", patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "messages_list.cs");
}

/* ------------------------------------------------------------- compose */

static int
show_compose(struct req *r)
{
	const struct field *topic = req_field(r, KEY_TOPIC), *idem = req_field(r, KEY_IDEM);
	for (size_t i = 0; i < r->clinic->ntopics; i++) {
		const struct message_topic *t = &r->clinic->topics[i];
		page_set(r, req_printf(r, "Topics.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Topics.%zu.Name", i), i18n_text_get(&t->name, r->lang));
	}
	page_set(r, "Form.Topic", topic->present ? topic->raw : "");
	page_set(r, "Form.Subject", req_field(r, KEY_SUBJECT)->raw);
	page_set(r, "Form.Body", req_field(r, KEY_BODY)->raw);
	/* The same key across re-displays: a retry of this form sends once. */
	page_set(r, "Form.Idem", idem->valid ? idem->s : form_key(r));
	set_expectations(r);
	page_set_text(r, "Page.Title", "messages.compose");
	return render(r, "messages_compose.cs");
}

static int
page_compose(struct req *r)
{
	return show_compose(r);
}

static int
post_compose(struct req *r)
{
	const struct field *topic = req_field(r, KEY_TOPIC), *subject = req_field(r, KEY_SUBJECT);
	const struct field *body = req_field(r, KEY_BODY), *idem = req_field(r, KEY_IDEM);
	const struct message_topic *t = topic->valid ? clinic_topic(r->clinic, topic->s) : NULL;
	struct checked_files cf;
	if (!idem->valid)
		return 400;
	if (t == NULL)
		page_error(r, "topic", "messages.err_topic");
	if (!subject->valid)
		page_error(r, "subject", "messages.err_subject");
	if (!body->valid)
		page_error(r, "body", "messages.err_body");
	check_files(r, &cf);
	if (page_error_count(r)) {
		if (cf.n)
			page_set_text(r, "Msg.FilesAgain", "messages.files_again");
		return show_compose(r);
	}
	unsigned triage = triage_check(r->clinic, req_printf(r, "%s\n%s", subject->s, body->s));
	if (triage && req_field(r, KEY_URGENT_ACK)->i != 1) {
		/* Before sending: what to do now, then the choice to send anyway. */
		set_triage(r, triage);
		page_set(r, "Msg.Confirm", "1");
		if (cf.n)
			page_set_text(r, "Msg.FilesAgain", "messages.files_again");
		return show_compose(r);
	}

	long long cid = clinic_id(r), pid = patient(r), thread_id = 0;
	char now[20];
	clock_sql(clock_now(), now);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, STMT(Q_THREAD_INSERT), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(t->key),
	    DB_STR(subject->s), DB_STR(t->care_team), DB_INT(triage), DB_STR(now), DB_STR(now))) < 0)
		goto fail;
	thread_id = rs.insert_id;
	int rc = db_run(r, STMT(Q_MESSAGE_INSERT), &rs, DB_ARGS(DB_INT(thread_id), DB_INT(cid), DB_INT(pid),
		DB_INT(r->session->user_id), DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		/* Sent already (a double click, a refresh): show that one. */
		db_rollback(r);
		if (db_run(r, STMT(Q_BY_IDEMPOTENCY), &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(idem->s))) < 0 ||
		    rs.nrows != 1)
			return PORTAL_ERR;
		return redirect(r, url(r, req_printf(r, "/messages/%s?sent=1", db_cell(&rs, 0, 0))));
	}
	if (rc < 0 || store_files(r, rs.insert_id, &cf, now) < 0 ||
	    (triage && alert_team(r, t->care_team, thread_id) < 0) ||
	    audit(r, "message.send", pid, "message_thread", thread_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, req_printf(r, "/messages/%lld?sent=1", thread_id)));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* -------------------------------------------------------------- thread */

/* Loads the thread into the page: 0, 404 (audited) or PORTAL_ERR. */
static int
load_thread(struct req *r, long long id, const char *action)
{
	struct db_rows th, ms, at;
	long long cid = clinic_id(r), pid = patient(r);
	if (db_run(r, STMT(Q_THREAD), &th, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	if (th.nrows != 1) {
		audit(r, action, pid, "message_thread", id, AUDIT_DENIED);
		return 404;
	}
	if (db_run(r, STMT(Q_THREAD_MESSAGES), &ms, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0 ||
	    db_run(r, STMT(Q_THREAD_ATTACHMENTS), &at, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	const struct message_topic *t = clinic_topic(r->clinic, db_cell(&th, 0, 2));
	page_set(r, "Thread.Id", db_cell(&th, 0, 0));
	page_set(r, "Thread.Subject", db_cell(&th, 0, 1));
	page_set(r, "Thread.Topic", t ? i18n_text_get(&t->name, r->lang) : "");
	if (strcmp(db_cell(&th, 0, 3), "closed") == 0)
		page_set(r, "Thread.Closed", "1");
	/* While the patient waits on an urgent thread, the advice stays up. */
	if (db_cell_int(&th, 0, 5) == 1)
		set_triage(r, (unsigned)db_cell_int(&th, 0, 4));
	for (size_t i = 0; i < ms.nrows; i++) {
		const char *b = req_printf(r, "Thread.Messages.%zu", i);
		time_t when = 0;
		clock_parse_sql(db_cell(&ms, i, 3), &when);
		bool mine = db_cell_int(&ms, i, 1) == 1;
		page_set(r, req_printf(r, "%s.Mine", b), mine ? "1" : "");
		page_set(r, req_printf(r, "%s.From", b), mine ? tr(r, "messages.you") :
			db_cell(&ms, i, 4) ? db_cell(&ms, i, 4) : tr(r, "messages.care_team"));
		page_set(r, req_printf(r, "%s.When", b), fmt_datetime(r, when));
		page_set(r, req_printf(r, "%s.Body", b), db_cell(&ms, i, 2));
		if (!mine && db_cell_int(&ms, i, 5))
			page_set(r, req_printf(r, "%s.New", b), "1");
		int na = 0;
		for (size_t k = 0; k < at.nrows; k++) {
			if (strcmp(db_cell(&at, k, 1), db_cell(&ms, i, 0)) != 0)
				continue;
			const char *ab = req_printf(r, "%s.Files.%d", b, na++);
			page_set(r, req_printf(r, "%s.Href", ab),
				url(r, req_printf(r, "/messages/%lld/attachments/%s", id, db_cell(&at, k, 0))));
			page_set(r, req_printf(r, "%s.Name", ab), db_cell(&at, k, 2));
			page_set(r, req_printf(r, "%s.Size", ab), req_printf(r, "%lld KB",
				(db_cell_int(&at, k, 3) + 1023) / 1024));
		}
	}
	return 0;
}

static int
show_thread(struct req *r, long long id)
{
	int rc = load_thread(r, id, "message.read");
	if (rc)
		return rc;
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, STMT(Q_MARK_READ), NULL, DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(patient(r)))) < 0)
		return PORTAL_ERR;
	if (req_field(r, KEY_SENT)->i == 1)
		page_set_text(r, "Page.Notice", "messages.sent_notice");
	const struct field *idem = req_field(r, KEY_IDEM);
	page_set(r, "Form.Idem", idem->valid ? idem->s : form_key(r));
	page_set(r, "Form.Body", req_field(r, KEY_BODY)->raw);
	set_expectations(r);
	page_set_text(r, "Page.Title", "messages.thread");
	audit(r, "message.read", patient(r), "message_thread", id, AUDIT_SUCCESS);
	return render(r, "messages_thread.cs");
}

static int
page_thread(struct req *r)
{
	return show_thread(r, r->path_ids[0]);
}

static int
post_reply(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r), pid = patient(r);
	const struct field *body = req_field(r, KEY_BODY), *idem = req_field(r, KEY_IDEM);
	struct checked_files cf;
	struct db_rows th, rs;
	if (!idem->valid)
		return 400;
	if (db_run(r, STMT(Q_THREAD), &th, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0)
		return PORTAL_ERR;
	if (th.nrows != 1) {
		audit(r, "message.reply", pid, "message_thread", id, AUDIT_DENIED);
		return 404;
	}
	if (strcmp(db_cell(&th, 0, 3), "closed") == 0)
		page_error(r, NULL, "messages.err_closed");
	else if (!body->valid)
		page_error(r, "body", "messages.err_body");
	if (page_error_count(r) == 0)
		check_files(r, &cf);
	if (page_error_count(r))
		return show_thread(r, id);
	unsigned triage = triage_check(r->clinic, body->s);
	if (triage && req_field(r, KEY_URGENT_ACK)->i != 1) {
		set_triage(r, triage);
		page_set(r, "Msg.Confirm", "1");
		if (cf.n)
			page_set_text(r, "Msg.FilesAgain", "messages.files_again");
		return show_thread(r, id);
	}
	char now[20];
	clock_sql(clock_now(), now);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	int rc = db_run(r, STMT(Q_MESSAGE_INSERT), &rs, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid),
		DB_INT(r->session->user_id), DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return redirect(r, url(r, req_printf(r, "/messages/%lld?sent=1", id)));
	}
	long long message_id = rs.insert_id;
	if (rc < 0 || db_run(r, STMT(Q_THREAD_PATIENT_WROTE), &rs, DB_ARGS(DB_STR(now), DB_INT(triage),
	    DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0)
		goto fail;
	if (rs.affected != 1) {
		/* Closed by staff between the page and this reply. */
		db_rollback(r);
		page_error(r, NULL, "messages.err_closed");
		return show_thread(r, id);
	}
	bool newly_urgent = triage && db_cell_int(&th, 0, 4) == 0;
	if (store_files(r, message_id, &cf, now) < 0 ||
	    (newly_urgent && alert_team(r, db_cell(&th, 0, 6), id) < 0) ||
	    audit(r, "message.reply", pid, "message_thread", id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0)
		goto fail;
	return redirect(r, url(r, req_printf(r, "/messages/%lld?sent=1", id)));
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* A stored file, sent back as a download of its checked type. */
static int
page_attachment(struct req *r)
{
	long long thread = r->path_ids[0], id = r->path_ids[1], pid = patient(r);
	struct db_rows rs;
	if (db_run(r, STMT(Q_ATTACHMENT), &rs, DB_ARGS(DB_INT(id), DB_INT(thread), DB_INT(clinic_id(r)),
	    DB_INT(pid))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "attachment.download", pid, "attachment", id, AUDIT_DENIED);
		return 404;
	}
	audit(r, "attachment.download", pid, "attachment", id, AUDIT_SUCCESS);
	return respond_download(r, db_cell(&rs, 0, 0), db_cell(&rs, 0, 1), db_cell(&rs, 0, 2), rs.lens[2]);
}

static const struct route routes[] = {
	{ HTTP_GET, "/messages", ACCESS_PATIENT, page_inbox, 0, 0 },
	{ HTTP_GET, "/messages/sent", ACCESS_PATIENT, page_sent, 0, 0 },
	{ HTTP_GET, "/messages/new", ACCESS_PATIENT, page_compose, 0, 0 },
	{ HTTP_POST, "/messages", ACCESS_PATIENT, post_compose, BODY_MAX, 0 },
	{ HTTP_GET, "/messages/:id", ACCESS_PATIENT, page_thread, 0, 0 },
	{ HTTP_POST, "/messages/:id/reply", ACCESS_PATIENT, post_reply, BODY_MAX, 0 },
	{ HTTP_GET, "/messages/:id/attachments/:id", ACCESS_PATIENT, page_attachment, 0, 0 },
};

PORTAL_MAIN(.name = "messages", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX, .needs_triage = true);
