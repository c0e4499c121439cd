/* Activation codes: how a clinic invites a patient into the portal. The
 * code is printed on a letter, typed by the patient with their birth date,
 * and works once. Only an HMAC of it is stored, so a copy of the database
 * does not hand out accounts. */
#include "services.h"

#include <stdio.h>
#include <string.h>

/* No 0/O, 1/I/L: letters that are misread on paper are left out. */
static const char alphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
#define ALPHABET_LEN (sizeof(alphabet) - 1)       /* 31: about 59 bits in 12 */

void
enrol_code_hash(const char *code12, unsigned char out[32])
{
	char msg[32];
	int n = snprintf(msg, sizeof(msg), "activation|%s", code12);
	crypto_hmac(msg, (size_t)n, out);
}

static struct db_stmt q_revoke_open = DB_STMT("code_revoke_open",
	"UPDATE activation_codes SET revoked_at = ?"
	" WHERE clinic_id = ? AND patient_id = ? AND used_at IS NULL AND revoked_at IS NULL");
static struct db_stmt q_insert = DB_STMT("code_insert",
	"INSERT INTO activation_codes (clinic_id, patient_id, code_hash, issued_by, issued_at, expires_at)"
	" VALUES (?, ?, ?, ?, ?, ?)");

static int
random_code(char out[13])
{
	size_t n = 0;
	while (n < 12) {
		unsigned char b[16];
		if (crypto_random(b, sizeof(b)) < 0)
			return -1;
		/* Bytes above the largest multiple of 31 are dropped: no bias. */
		for (size_t i = 0; i < sizeof(b) && n < 12; i++)
			if (b[i] < 256 - 256 % ALPHABET_LEN)
				out[n++] = alphabet[b[i] % ALPHABET_LEN];
	}
	out[12] = '\0';
	return 0;
}

int
enrol_issue_code(struct req *r, long long patient_id, char code[15], time_t *expires)
{
	char raw[13];
	unsigned char hash[32];
	if (random_code(raw) < 0)
		return -1;
	enrol_code_hash(raw, hash);
	time_t now = clock_now();
	*expires = now + (time_t)r->clinic->activation_days * 86400;
	char ts[20], exp[20];
	clock_sql(now, ts);
	clock_sql(*expires, exp);
	long long cid = clinic_id(r);
	if (cid == 0 || db_begin(r) < 0)
		return -1;
	struct db_rows ins;
	if (db_run(r, &q_revoke_open, NULL, DB_ARGS(DB_STR(ts), DB_INT(cid), DB_INT(patient_id))) < 0 ||
	    db_run(r, &q_insert, &ins, DB_ARGS(DB_INT(cid), DB_INT(patient_id), DB_BLOB(hash, sizeof(hash)),
		r->session ? DB_INT(r->session->user_id) : DB_NULLARG, DB_STR(ts), DB_STR(exp))) < 0 ||
	    audit(r, "activation_code.issue", patient_id, "activation_code", ins.insert_id, AUDIT_SUCCESS) < 0 ||
	    db_commit(r) < 0) {
		db_rollback(r);
		crypto_cleanse(raw, sizeof(raw));
		return -1;
	}
	snprintf(code, 15, "%.4s-%.4s-%.4s", raw, raw + 4, raw + 8);
	crypto_cleanse(raw, sizeof(raw));
	return 0;
}
