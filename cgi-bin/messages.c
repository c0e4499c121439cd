/*
 * messages: secure messaging for patients. Inbox and sent folders, compose
 * with a topic routed to a care team and optional attachments (PDF, JPEG,
 * PNG, judged by content), threads with replies, attachment downloads.
 * Sending is idempotent (a key per form), and urgent words are triaged: the
 * patient is told what to do before and after sending, and staff see the
 * thread flagged.
 */
#include "portal.h"

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

/* ------------------------------------------------------------- helpers */

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

/* A stored file's name is text like a form's: well-formed UTF-8 without
 * control characters. */
static const struct field_def filename_def = { .name = "attachment", .type = FIELD_TEXT, .max = 100 };

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
	struct field checked;
	while (o > 0 && form_check(r, &filename_def, out, &checked) < 0)
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

/* A form shown again has lost its files: the patient attaches them again. */
static void
ask_files_again(struct req *r, const struct checked_files *cf)
{
	if (cf->n)
		page_set_text(r, "Msg.FilesAgain", "messages.files_again");
}

/* Urgent words not yet confirmed: the form is shown again with what to do
 * now, and the choice to send anyway. True when it must be. */
static bool
ask_to_confirm_urgent(struct req *r, unsigned triage, const struct checked_files *cf)
{
	if (triage == 0 || req_field(r, KEY_URGENT_ACK)->i == 1)
		return false;
	set_triage(r, triage);
	page_set(r, "Msg.Confirm", "1");
	ask_files_again(r, cf);
	return true;
}

static struct db_stmt q_attachment_insert = DB_STMT("attachment_insert",
	"INSERT INTO message_attachments (message_id, clinic_id, patient_id, filename, content_type,"
	" size_bytes, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");

static int
store_files(struct req *r, long long message_id, const struct checked_files *cf, const char *now)
{
	for (size_t i = 0; i < cf->n; i++) {
		const struct upload *u = cf->files[i];
		if (db_run(r, &q_attachment_insert, NULL, DB_ARGS(DB_INT(message_id), DB_INT(clinic_id(r)),
		    DB_INT(req_patient(r)), DB_STR(clean_filename(r, u->filename, cf->types[i])), DB_STR(cf->types[i]),
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

/* After a message went (or had gone already: its form sent twice): its
 * thread, which says so. */
static int
thread_sent(struct req *r, long long thread_id)
{
	return redirect(r, url(r, req_printf(r, "/messages/%lld?sent=1", thread_id)));
}

/* The rest of sending a message, inside its transaction: its files, the
 * alert to care_team when the message made the thread urgent (NULL: no
 * alert), the audit row; then the commit, and the thread. */
static int
finish_sending(struct req *r, const char *action, long long thread_id, long long message_id,
	const struct checked_files *cf, const char *now, const char *care_team)
{
	if (store_files(r, message_id, cf, now) < 0 || (care_team && alert_team(r, care_team, thread_id) < 0) ||
	    audit(r, action, req_patient(r), "message_thread", thread_id, AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return thread_sent(r, thread_id);
}

/* --------------------------------------------------------------- lists */

/* A folder of the patient's: its statement (clinic, patient, limit,
 * offset), where its rows go and how each is set. */
struct folder {
	const char *name;      /* "inbox" or "sent", also the key of its title */
	const char *path;
	struct db_stmt *stmt;
	const char *rows;      /* rows go under rows.0, rows.1 ... */
	void (*set_row)(struct req *r, const char *base, const struct db_rows *rs, size_t i);
	const char *action;    /* of the audit row */
};

/* A page of a folder: one row more than shown tells whether an older page
 * follows. */
static int
show_folder(struct req *r, const struct folder *f)
{
	const struct field *p = req_field(r, KEY_PAGE);
	int number = p->valid ? (int)p->i : 1;
	struct db_rows rs;
	if (db_run(r, f->stmt, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)),
	    DB_INT(PAGE_SIZE + 1), DB_INT((long long)(number - 1) * PAGE_SIZE))) < 0)
		return PORTAL_ERR;
	bool more = rs.nrows > PAGE_SIZE;
	for (size_t i = 0; i < (more ? PAGE_SIZE : rs.nrows); i++)
		f->set_row(r, req_printf(r, "%s.%zu", f->rows, i), &rs, i);
	const char *base = url(r, f->path);
	if (number > 1)
		page_set(r, "Paging.Newer", number == 2 ? base : req_printf(r, "%s?page=%d", base, number - 1));
	if (more)
		page_set(r, "Paging.Older", req_printf(r, "%s?page=%d", base, number + 1));
	page_set(r, "Folder", f->name);
	page_set_text(r, "Page.Title", req_printf(r, "messages.%s", f->name));
	audit(r, f->action, req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, "messages_list.cs");
}

enum { INBOX_ID, INBOX_SUBJECT, INBOX_TOPIC, INBOX_STATUS, INBOX_UPDATED, INBOX_UNREAD, INBOX__COLS };
static struct db_stmt q_inbox = DB_QUERY("inbox", INBOX__COLS,
	"SELECT t.id, t.subject, t.topic, t.status, t.updated_at,"
	" (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.from_patient = 0"
	"   AND m.read_by_patient_at IS NULL)"
	" FROM message_threads t WHERE t.clinic_id = ? AND t.patient_id = ?"
	" ORDER BY t.updated_at DESC, t.id DESC LIMIT ? OFFSET ?");

static void
set_thread_row(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	const struct message_topic *t = clinic_topic(r->clinic, db_cell(rs, i, INBOX_TOPIC));
	page_set(r, req_printf(r, "%s.Id", b), db_cell(rs, i, INBOX_ID));
	page_set(r, req_printf(r, "%s.Subject", b), db_cell(rs, i, INBOX_SUBJECT));
	page_set(r, req_printf(r, "%s.Topic", b), t ? i18n_text_get(&t->name, r->lang) : "");
	page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(rs, i, INBOX_UPDATED)));
	page_set(r, req_printf(r, "%s.Unread", b),
		db_cell_int(rs, i, INBOX_UNREAD) > 0 ? db_cell(rs, i, INBOX_UNREAD) : "");
	if (db_cell_is(rs, i, INBOX_STATUS, "closed"))
		page_set(r, req_printf(r, "%s.Closed", b), "1");
}

static int
page_inbox(struct req *r)
{
	static const struct folder inbox = { "inbox", "/messages", &q_inbox, "Threads", set_thread_row,
		"messages.list" };
	return show_folder(r, &inbox);
}

enum { SENT_THREAD_ID, SENT_SUBJECT, SENT_CREATED, SENT_PREVIEW, SENT__COLS };
static struct db_stmt q_sent = DB_QUERY("sent", SENT__COLS,
	"SELECT m.thread_id, t.subject, m.created_at, LEFT(m.body, 140)"
	" FROM messages m JOIN message_threads t ON t.id = m.thread_id"
	" WHERE m.clinic_id = ? AND m.patient_id = ? AND m.from_patient = 1"
	" ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?");

static void
set_sent_row(struct req *r, const char *b, const struct db_rows *rs, size_t i)
{
	page_set(r, req_printf(r, "%s.ThreadId", b), db_cell(rs, i, SENT_THREAD_ID));
	page_set(r, req_printf(r, "%s.Subject", b), db_cell(rs, i, SENT_SUBJECT));
	page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(rs, i, SENT_CREATED)));
	page_set(r, req_printf(r, "%s.Preview", b), db_cell(rs, i, SENT_PREVIEW));
}

static int
page_sent(struct req *r)
{
	static const struct folder sent = { "sent", "/messages/sent", &q_sent, "Sent", set_sent_row,
		"messages.list_sent" };
	return show_folder(r, &sent);
}

/* ------------------------------------------------------------- compose */

static int
page_compose(struct req *r)
{
	for (size_t i = 0; i < r->clinic->ntopics; i++) {
		const struct message_topic *t = &r->clinic->topics[i];
		page_set(r, req_printf(r, "Topics.%zu.Key", i), t->key);
		page_set(r, req_printf(r, "Topics.%zu.Name", i), i18n_text_get(&t->name, r->lang));
	}
	page_set_field(r, "Form.Topic", KEY_TOPIC, "");
	page_set_field(r, "Form.Subject", KEY_SUBJECT, "");
	page_set_field(r, "Form.Body", KEY_BODY, "");
	page_set_form_key(r, KEY_IDEM);
	set_expectations(r);
	page_set_text(r, "Page.Title", "messages.compose");
	return render(r, "messages_compose.cs");
}

/* The key is the form's: a message sent twice (a double click, a refresh)
 * is refused as a duplicate. */
static struct db_stmt q_message_insert = DB_STMT("message_insert",
	"INSERT INTO messages (thread_id, clinic_id, patient_id, author_user_id, from_patient, body,"
	" idempotency_key, created_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?)");

static struct db_stmt q_thread_insert = DB_STMT("thread_insert",
	"INSERT INTO message_threads (clinic_id, patient_id, topic, subject, care_team, status, urgent,"
	" awaiting_staff, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'open', ?, 1, ?, ?)");

/* The thread a compose form started already (form_sent_before). */
static struct db_stmt q_by_idempotency = DB_QUERY("by_idempotency", SENT_BEFORE__COLS,
	"SELECT thread_id FROM messages WHERE clinic_id = ? AND patient_id = ? AND idempotency_key = ?");

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
		ask_files_again(r, &cf);
		return page_compose(r);
	}
	unsigned triage = triage_check(r->clinic, req_printf(r, "%s\n%s", subject->s, body->s));
	if (ask_to_confirm_urgent(r, triage, &cf))
		return page_compose(r);

	long long cid = clinic_id(r), pid = req_patient(r), thread_id = 0;
	char now[20];
	clock_sql(clock_now(), now);
	struct db_rows rs;
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_thread_insert, &rs, DB_ARGS(DB_INT(cid), DB_INT(pid), DB_STR(t->key),
	    DB_STR(subject->s), DB_STR(t->care_team), DB_INT(triage), DB_STR(now), DB_STR(now))) < 0)
		goto fail;
	thread_id = rs.insert_id;
	int rc = db_run(r, &q_message_insert, &rs, DB_ARGS(DB_INT(thread_id), DB_INT(cid), DB_INT(pid),
		DB_INT(r->session->user_id), DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		/* Sent already: show that one. */
		db_rollback(r);
		long long first = form_sent_before(r, &q_by_idempotency, idem->s);
		return first > 0 ? thread_sent(r, first) : PORTAL_ERR;
	}
	if (rc < 0)
		goto fail;
	return finish_sending(r, "message.send", thread_id, rs.insert_id, &cf, now, triage ? t->care_team : NULL);
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

/* -------------------------------------------------------------- thread */

enum { THREAD_ID, THREAD_SUBJECT, THREAD_TOPIC, THREAD_STATUS, THREAD_URGENT, THREAD_AWAITING_STAFF,
	THREAD_CARE_TEAM, THREAD__COLS };
static struct db_stmt q_thread = DB_QUERY("thread", THREAD__COLS,
	"SELECT id, subject, topic, status, urgent, awaiting_staff, care_team FROM message_threads"
	" WHERE id = ? AND clinic_id = ? AND patient_id = ?");

static struct db_stmt q_mark_read = DB_STMT("mark_read",
	"UPDATE messages SET read_by_patient_at = ? WHERE thread_id = ? AND clinic_id = ? AND patient_id = ?"
	" AND from_patient = 0 AND read_by_patient_at IS NULL");

static int
set_messages(struct req *r, long long id)
{
	struct db_rows ms, at;
	if (messaging_thread(r, id, &ms, &at) < 0)
		return PORTAL_ERR;
	for (size_t i = 0; i < ms.nrows; i++) {
		const char *b = req_printf(r, "Thread.Messages.%zu", i);
		bool mine = db_cell_int(&ms, i, MSG_FROM_PATIENT) == 1;
		page_set(r, req_printf(r, "%s.Mine", b), mine ? "1" : "");
		page_set(r, req_printf(r, "%s.From", b), mine ? tr(r, "messages.you") :
			db_cell(&ms, i, MSG_AUTHOR) ? db_cell(&ms, i, MSG_AUTHOR) : tr(r, "messages.care_team"));
		page_set(r, req_printf(r, "%s.When", b), fmt_sql_datetime(r, db_cell(&ms, i, MSG_CREATED)));
		page_set(r, req_printf(r, "%s.Body", b), db_cell(&ms, i, MSG_BODY));
		if (!mine && db_cell_int(&ms, i, MSG_UNREAD))
			page_set(r, req_printf(r, "%s.New", b), "1");
		messaging_set_files(r, b, &at, db_cell(&ms, i, MSG_ID),
			req_printf(r, "/messages/%lld/attachments/", id));
	}
	return 0;
}

/* The thread, its messages marked read; also the reply form shown again. */
static int
page_thread(struct req *r)
{
	long long id = r->path_ids[0];
	struct db_rows th;
	int rc = load_path_or_404(r, &q_thread, &th, "message.read", "message_thread");
	if (rc)
		return rc;
	if (set_messages(r, id) < 0)
		return PORTAL_ERR;
	const struct message_topic *t = clinic_topic(r->clinic, db_cell(&th, 0, THREAD_TOPIC));
	page_set(r, "Thread.Id", db_cell(&th, 0, THREAD_ID));
	page_set(r, "Thread.Subject", db_cell(&th, 0, THREAD_SUBJECT));
	page_set(r, "Thread.Topic", t ? i18n_text_get(&t->name, r->lang) : "");
	if (db_cell_is(&th, 0, THREAD_STATUS, "closed"))
		page_set(r, "Thread.Closed", "1");
	/* While the patient waits on an urgent thread, the advice stays up. */
	if (db_cell_int(&th, 0, THREAD_AWAITING_STAFF) == 1)
		set_triage(r, (unsigned)db_cell_int(&th, 0, THREAD_URGENT));
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, &q_mark_read, NULL, DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(clinic_id(r)),
	    DB_INT(req_patient(r)))) < 0)
		return PORTAL_ERR;
	if (req_field(r, KEY_SENT)->i == 1)
		page_set_text(r, "Page.Notice", "messages.sent_notice");
	page_set_form_key(r, KEY_IDEM);
	page_set_field(r, "Form.Body", KEY_BODY, "");
	set_expectations(r);
	page_set_text(r, "Page.Title", "messages.thread");
	audit(r, "message.read", req_patient(r), "message_thread", id, AUDIT_SUCCESS);
	return render(r, "messages_thread.cs");
}

/* The status check makes a reply to a thread closed a moment ago fail. */
static struct db_stmt q_thread_patient_wrote = DB_STMT("thread_patient_wrote",
	"UPDATE message_threads SET updated_at = ?, awaiting_staff = 1, urgent = urgent | ?"
	" WHERE id = ? AND clinic_id = ? AND patient_id = ? AND status = 'open'");

static int
post_reply(struct req *r)
{
	long long id = r->path_ids[0], cid = clinic_id(r), pid = req_patient(r);
	const struct field *body = req_field(r, KEY_BODY), *idem = req_field(r, KEY_IDEM);
	struct checked_files cf;
	struct db_rows th, rs;
	if (!idem->valid)
		return 400;
	int rc = load_path_or_404(r, &q_thread, &th, "message.reply", "message_thread");
	if (rc)
		return rc;
	if (db_cell_is(&th, 0, THREAD_STATUS, "closed"))
		page_error(r, NULL, "messages.err_closed");
	else if (!body->valid)
		page_error(r, "body", "messages.err_body");
	if (page_error_count(r) == 0)
		check_files(r, &cf);
	if (page_error_count(r))
		return page_thread(r);
	unsigned triage = triage_check(r->clinic, body->s);
	if (ask_to_confirm_urgent(r, triage, &cf))
		return page_thread(r);
	char now[20];
	clock_sql(clock_now(), now);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	rc = db_run(r, &q_message_insert, &rs, DB_ARGS(DB_INT(id), DB_INT(cid), DB_INT(pid),
		DB_INT(r->session->user_id), DB_STR(body->s), DB_STR(idem->s), DB_STR(now)));
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		return thread_sent(r, id);
	}
	long long message_id = rs.insert_id;
	if (rc < 0 || db_run(r, &q_thread_patient_wrote, &rs, DB_ARGS(DB_STR(now), DB_INT(triage),
	    DB_INT(id), DB_INT(cid), DB_INT(pid))) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	if (rs.affected != 1) {
		/* Closed by staff between the page and this reply. */
		db_rollback(r);
		page_error(r, NULL, "messages.err_closed");
		return page_thread(r);
	}
	bool newly_urgent = triage && db_cell_int(&th, 0, THREAD_URGENT) == 0;
	return finish_sending(r, "message.reply", id, message_id, &cf, now,
		newly_urgent ? db_cell(&th, 0, THREAD_CARE_TEAM) : NULL);
}

static const struct route routes[] = {
	{ HTTP_GET, "/messages", ACCESS_PATIENT, page_inbox, 0, 0 },
	{ HTTP_GET, "/messages/sent", ACCESS_PATIENT, page_sent, 0, 0 },
	{ HTTP_GET, "/messages/new", ACCESS_PATIENT, page_compose, 0, 0 },
	{ HTTP_POST, "/messages", ACCESS_PATIENT, post_compose, BODY_MAX, 0 },
	{ HTTP_GET, "/messages/:id", ACCESS_PATIENT, page_thread, 0, 0 },
	{ HTTP_POST, "/messages/:id/reply", ACCESS_PATIENT, post_reply, BODY_MAX, 0 },
	{ HTTP_GET, "/messages/:id/attachments/:id", ACCESS_PATIENT, messaging_download, 0, 0 },
};

PORTAL_MAIN(.name = "messages", ROUTES(routes), FIELDS(fields), .needs_triage = true);
