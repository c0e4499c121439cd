/* The audit trail: one hash-chained row per sign-in, failure, view of health
 * data and change. A trigger chains each inserted row (the application can
 * insert, never update or delete); verification recomputes every hash here,
 * independently of the database's own arithmetic. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const outcome_names[] = { "success", "failure", "denied" };

int
audit(struct req *r, const char *action, long long patient_id, const char *object_type,
	long long object_id, enum audit_outcome outcome)
{
	char now[20];
	clock_sql(clock_now(), now);
	long long cid = r->clinic ? clinic_id(r) : 0;
	const struct session *s = r->session;
	int rc = db_run(r, SQL_AUDIT_APPEND, NULL, DB_ARGS(
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
		if (db_run_direct(SQL_AUDIT_ALL, &rs, DB_ARGS(DB_INT(last_id))) < 0) {
			db_rows_free(&rs);
			snprintf(report, reportlen, "cannot read the audit log: %s", db_error_message());
			return -1;
		}
		for (size_t i = 0; i < rs.nrows; i++) {
			long long id = db_cell_int(&rs, i, 0);
			const char *fields[11];
			for (int k = 0; k < 10; k++)
				fields[k] = db_cell(&rs, i, (size_t)k);
			fields[10] = db_cell(&rs, i, 10);
			char h[65];
			audit_row_hash(fields, h);
			bool ok = id == last_id + 1 &&
				strcmp(prev, db_cell(&rs, i, 10)) == 0 &&
				strcmp(h, db_cell(&rs, i, 11)) == 0;
			if (!ok) {
				if (bad == 0)
					first_bad = id;
				bad++;
			}
			/* Continue from the stored hash, so one bad row is one finding. */
			snprintf(prev, sizeof(prev), "%s", db_cell(&rs, i, 11));
			last_id = id;
			checked++;
		}
		size_t n = rs.nrows;
		db_rows_free(&rs);
		if (n < 5000)
			break;
	}
	struct db_rows head;
	if (db_run_direct(SQL_AUDIT_HEAD, &head, DB_NOARGS) == 0 && head.nrows == 1) {
		if (db_cell_int(&head, 0, 0) != last_id || strcmp(db_cell(&head, 0, 1), prev) != 0) {
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
