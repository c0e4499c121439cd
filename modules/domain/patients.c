/* The registration of a patient: staff register one from their form,
 * a host from the command line (portalctl), with the same defaults and the
 * same audit row. */
#include "domain.h"

static struct db_stmt q_patient_insert = DB_STMT("patient_insert",
	"INSERT INTO patients (clinic_id, mrn, first_name, last_name, dob, sex, lang, phone, email,"
	" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

long long
patient_create(struct req *r, const struct new_patient *p)
{
	char now[20];
	clock_sql(clock_now(), now);
	struct db_rows rs;
	int rc = db_run(r, &q_patient_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(p->mrn), DB_STR(p->first_name),
		DB_STR(p->last_name), DB_STR(p->dob), DB_STR(p->sex ? p->sex : "unknown"),
		DB_STR(p->lang ? p->lang : lang_codes[r->clinic->default_lang]), DB_STR(p->phone), DB_STR(p->email),
		DB_STR(now)));
	if (rc == DB_DUPLICATE)
		return DB_DUPLICATE;
	if (rc < 0)
		return -1;
	audit(r, "patient.create", rs.insert_id, "patient", rs.insert_id, AUDIT_SUCCESS);
	return rs.insert_id;
}
