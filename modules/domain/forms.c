/* Forms that must act once carry an idempotency key (form_key), which the
 * row they make keeps under a unique index: a form sent twice is refused
 * the second time, and the program shows what the first one made. */
#include "domain.h"

long long
form_sent_before(struct req *r, struct db_stmt *stmt, const char *idem)
{
	struct db_rows rs;
	if (db_run(r, stmt, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(req_patient(r)), DB_STR(idem))) < 0)
		return -1;
	return rs.nrows == 1 ? db_cell_int(&rs, 0, SENT_BEFORE_ID) : 0;
}
