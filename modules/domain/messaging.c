/* Secure messaging's shared parts: the patient's and the staff's thread
 * pages read a thread, list each message's attachments, and hand one out,
 * the same way; only the scope differs. */
#include "domain.h"

#define MSG_SQL(unread) "SELECT m.id, m.from_patient, m.body, m.created_at, u.display_name, " unread \
	" FROM messages m LEFT JOIN users u ON u.id = m.author_user_id WHERE m.thread_id = ? AND m.clinic_id = ?"
static struct db_stmt q_messages = DB_QUERY("thread_messages", MSG__COLS,
	MSG_SQL("m.read_by_staff_at IS NULL") " ORDER BY m.created_at, m.id");
static struct db_stmt q_own_messages = DB_QUERY("own_thread_messages", MSG__COLS,
	MSG_SQL("m.read_by_patient_at IS NULL") " AND m.patient_id = ? ORDER BY m.created_at, m.id");

#define MSGFILE_SQL "SELECT a.id, a.message_id, a.filename, a.size_bytes FROM message_attachments a" \
	" JOIN messages m ON m.id = a.message_id WHERE m.thread_id = ? AND a.clinic_id = ?"
static struct db_stmt q_files = DB_QUERY("thread_attachments", MSGFILE__COLS, MSGFILE_SQL " ORDER BY a.id");
static struct db_stmt q_own_files = DB_QUERY("own_thread_attachments", MSGFILE__COLS,
	MSGFILE_SQL " AND a.patient_id = ? ORDER BY a.id");

int
messaging_thread(struct req *r, long long thread_id, struct db_rows *messages, struct db_rows *files)
{
	long long cid = clinic_id(r), pid = req_patient(r);
	int rc = pid ? db_run(r, &q_own_messages, messages, DB_ARGS(DB_INT(thread_id), DB_INT(cid), DB_INT(pid))) :
		db_run(r, &q_messages, messages, DB_ARGS(DB_INT(thread_id), DB_INT(cid)));
	if (rc == 0)
		rc = pid ? db_run(r, &q_own_files, files, DB_ARGS(DB_INT(thread_id), DB_INT(cid), DB_INT(pid))) :
			db_run(r, &q_files, files, DB_ARGS(DB_INT(thread_id), DB_INT(cid)));
	return rc < 0 ? PORTAL_ERR : 0;
}

void
messaging_set_files(struct req *r, const char *base, const struct db_rows *at, const char *message_id,
	const char *href)
{
	int n = 0;
	for (size_t k = 0; k < at->nrows; k++) {
		if (!db_cell_is(at, k, MSGFILE_MESSAGE_ID, message_id))
			continue;
		const char *b = req_printf(r, "%s.Files.%d", base, n++);
		page_set(r, req_printf(r, "%s.Href", b), url(r, req_printf(r, "%s%s", href, db_cell(at, k, MSGFILE_ID))));
		page_set(r, req_printf(r, "%s.Name", b), db_cell(at, k, MSGFILE_NAME));
		page_set(r, req_printf(r, "%s.Size", b),
			req_printf(r, "%lld KB", (db_cell_int(at, k, MSGFILE_SIZE) + 1023) / 1024));
	}
}

/* One file of a thread of the clinic; for a patient, of their own only. */
enum { MSGDATA_FILENAME, MSGDATA_TYPE, MSGDATA_DATA, MSGDATA_PATIENT_ID, MSGDATA__COLS };
#define MSGDATA_SQL "SELECT a.filename, a.content_type, a.data, a.patient_id FROM message_attachments a" \
	" JOIN messages m ON m.id = a.message_id WHERE a.id = ? AND m.thread_id = ? AND a.clinic_id = ?"
static struct db_stmt q_attachment = DB_QUERY("message_attachment", MSGDATA__COLS, MSGDATA_SQL);
static struct db_stmt q_own_attachment = DB_QUERY("own_message_attachment", MSGDATA__COLS,
	MSGDATA_SQL " AND a.patient_id = ?");

int
messaging_download(struct req *r)
{
	long long thread = r->path_ids[0], id = r->path_ids[1], pid = req_patient(r);
	struct db_rows rs;
	struct audit_object what = { "attachment.download", pid, "attachment", id };
	int rc = pid ? load_or_404(r, &q_own_attachment, &rs, what,
		DB_ARGS(DB_INT(id), DB_INT(thread), DB_INT(clinic_id(r)), DB_INT(pid))) :
		load_or_404(r, &q_attachment, &rs, what, DB_ARGS(DB_INT(id), DB_INT(thread), DB_INT(clinic_id(r))));
	if (rc)
		return rc;
	audit(r, what.action, db_cell_int(&rs, 0, MSGDATA_PATIENT_ID), what.type, id, AUDIT_SUCCESS);
	return respond_download(r, db_cell(&rs, 0, MSGDATA_FILENAME), db_cell(&rs, 0, MSGDATA_TYPE),
		db_cell(&rs, 0, MSGDATA_DATA), db_cell_len(&rs, 0, MSGDATA_DATA));
}
