/* The audit trail: one hash-chained row per sign-in, failure, view of health
 * data and change. A trigger chains each inserted row (the application can
 * insert, never update or delete); verification recomputes every hash here,
 * independently of the database's own arithmetic. */
#include "services.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[] = { "success", "failure", "denied" };

/* The audit_log_chain trigger sets id, prev_hash and row_hash. */
static struct db_stmt q_append = DB_STMT("audit_append",
	"INSERT INTO audit_log (id, occurred_at, user_id, role, clinic_id, patient_id, action,"
	" object_type, object_id, outcome, client_ip, prev_hash, row_hash)"
	" VALUES (0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '')");
enum {
	ALL_ID, ALL_OCCURRED, ALL_USER, ALL_ROLE, ALL_CLINIC, ALL_PATIENT, ALL_ACTION, ALL_OBJECT, ALL_OUTCOME,
	ALL_IP, ALL_PREV_HASH, ALL_ROW_HASH, ALL__COLS
};
static struct db_stmt q_all = DB_QUERY("audit_all", ALL__COLS,
	"SELECT id, occurred_at, user_id, role, clinic_id, patient_id, action,"
	" CONCAT_WS(':', object_type, object_id), outcome, client_ip, prev_hash, row_hash"
	" FROM audit_log WHERE id > ? ORDER BY id LIMIT 5000");
enum { HEAD_LAST_ID, HEAD_LAST_HASH, HEAD__COLS };
static struct db_stmt q_head = DB_QUERY("audit_head", HEAD__COLS,
	"SELECT last_id, last_hash FROM audit_head WHERE id = 1");

int
audit(struct req *r, const char *action, long long patient_id, const char *object_type,
	long long object_id, enum audit_outcome outcome)
{
	char now[20];
	clock_sql(clock_now(), now);
	long long cid = r->clinic ? clinic_id(r) : 0;
	const struct session *s = r->session;
	int rc = db_run(r, &q_append, NULL, DB_ARGS(
		DB_STR(now),
		s ? DB_INT(s->user_id) : DB_NULLARG,
		s ? DB_STR(role_names[s->role]) : DB_NULLARG,
		cid ? DB_INT(cid) : DB_NULLARG,
		patient_id > 0 ? DB_INT(patient_id) : DB_NULLARG,
		DB_STR(action),
		DB_STR(object_type),
		object_id > 0 ? DB_INT(object_id) : DB_NULLARG,
		DB_STR(outcome_names[outcome]),
		DB_STR(r->client_ip)));
	if (rc < 0)
		log_error("audit row for %s could not be written", action);
	return rc < 0 ? -1 : 0;
}

int
audit_not_found(struct req *r, const char *action, long long patient_id, const char *object_type,
	long long object_id)
{
	audit(r, action, patient_id, object_type, object_id, AUDIT_DENIED);
	return 404;
}

int
load_or_404(struct req *r, struct db_stmt *stmt, struct db_rows *out, struct audit_object what,
	const struct db_arg *args, size_t nargs)
{
	if (db_run(r, stmt, out, args, nargs) < 0)
		return PORTAL_ERR;
	if (out->nrows != 1)
		return audit_not_found(r, what.action, what.patient_id, what.type, what.id);
	return 0;
}

int
load_path_or_404(struct req *r, struct db_stmt *stmt, struct db_rows *out, const char *action, const char *type)
{
	long long id = r->path_ids[0], pid = req_patient(r);
	struct audit_object what = { action, pid, type, id };
	if (pid)
		return load_or_404(r, stmt, out, what, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r)), DB_INT(pid)));
	return load_or_404(r, stmt, out, what, DB_ARGS(DB_INT(id), DB_INT(clinic_id(r))));
}

/* fields: id, occurred_at, user_id, role, clinic_id, patient_id, action,
 * object ("type:id"), outcome, client_ip, prev_hash; NULL is "". */
void
audit_row_hash(const char *const fields[11], char out[65])
{
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 11; i++) {
		if (i)
			buf_puts(&b, "|");
		buf_puts(&b, fields[i] ? fields[i] : "");
	}
	crypto_sha256_hex(b.data ? b.data : "", b.len, out);
	buf_free(&b);
}

long long
audit_verify(char *report, size_t reportlen)
{
	long long bad = 0, checked = 0, last_id = 0, first_bad = 0;
	char prev[65];
	memset(prev, '0', 64);
	prev[64] = '\0';
	report[0] = '\0';
	for (;;) {
		struct db_rows rs;
		if (db_run_direct(&q_all, &rs, DB_ARGS(DB_INT(last_id))) < 0) {
			db_rows_free(&rs);
			snprintf(report, reportlen, "cannot read the audit log: %s", db_error_message());
			return -1;
		}
		for (size_t i = 0; i < rs.nrows; i++) {
			long long id = db_cell_int(&rs, i, ALL_ID);
			/* The hashed fields are the columns before row_hash, in order. */
			const char *fields[11];
			for (int k = 0; k < 11; k++)
				fields[k] = db_cell(&rs, i, ALL_ID + k);
			char h[65];
			audit_row_hash(fields, h);
			bool ok = id == last_id + 1 &&
				strcmp(prev, db_cell(&rs, i, ALL_PREV_HASH)) == 0 &&
				strcmp(h, db_cell(&rs, i, ALL_ROW_HASH)) == 0;
			if (!ok) {
				if (bad == 0)
					first_bad = id;
				bad++;
			}
			/* Continue from the stored hash, so one bad row is one finding. */
			snprintf(prev, sizeof(prev), "%s", db_cell(&rs, i, ALL_ROW_HASH));
			last_id = id;
			checked++;
		}
		size_t n = rs.nrows;
		db_rows_free(&rs);
		if (n < 5000)
			break;
	}
	struct db_rows head;
	if (db_run_direct(&q_head, &head, DB_NOARGS) == 0 && head.nrows == 1) {
		if (db_cell_int(&head, 0, HEAD_LAST_ID) != last_id || strcmp(db_cell(&head, 0, HEAD_LAST_HASH), prev) != 0) {
			if (bad == 0)
				first_bad = last_id + 1;
			bad++;
		}
	}
	db_rows_free(&head);
	if (bad)
		snprintf(report, reportlen, "audit log BROKEN: %lld of %lld rows fail the chain, first at id %lld",
			bad, checked, first_bad);
	else
		snprintf(report, reportlen, "audit log intact: %lld rows verified", checked);
	return bad;
}
