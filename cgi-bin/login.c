/*
 * login: sign-in, sign-out, account activation with a clinic-issued code,
 * "forgot your email or password" help, the clinic's brand stylesheet, and
 * the branded 404 for unknown URLs under a clinic.
 */
#include "portal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum key {
	KEY_USERNAME,
	KEY_PASSWORD,
	KEY_NEXT,
	KEY_CODE,
	KEY_DOB,
	KEY_EMAIL,
	KEY_PASSWORD2,
	KEY_TIMEOUT,
	KEY_SIGNED_OUT,
	KEY_ACTIVATED,
	KEY__MAX
};

static const struct field_def fields[KEY__MAX] = {
	[KEY_USERNAME] = { "username", FIELD_EMAIL, 0, 0, NULL },
	[KEY_PASSWORD] = { "password", FIELD_PASSWORD, 1, 512, NULL },
	[KEY_NEXT] = { "next", FIELD_TEXT, 1, 300, NULL },
	[KEY_CODE] = { "code", FIELD_TEXT, 1, 40, NULL },
	[KEY_DOB] = { "dob", FIELD_DATE, 0, 0, NULL },
	[KEY_EMAIL] = { "email", FIELD_EMAIL, 0, 0, NULL },
	[KEY_PASSWORD2] = { "password2", FIELD_PASSWORD, 1, 512, NULL },
	[KEY_TIMEOUT] = { "timeout", FIELD_INT, 0, 1, NULL },
	[KEY_SIGNED_OUT] = { "signed_out", FIELD_INT, 0, 1, NULL },
	[KEY_ACTIVATED] = { "activated", FIELD_INT, 0, 1, NULL },
};

/* Wrong date of birth this many times and the code is spent. */
#define CODE_MAX_FAILURES 5

/* -------------------------------------------------------------- helpers */

static int
show_login(struct req *r, const char *error_key, const char *username)
{
	page_set_text(r, "Page.Title", "login.title");
	if (error_key)
		page_set_text(r, "Page.Error", error_key);
	if (username)
		page_set(r, "Form.Username", username);
	const struct field *next = req_field(r, KEY_NEXT);
	if (next->valid && safe_next(r, next->s))
		page_set(r, "Form.Next", next->s);
	page_set(r, "Page.Csrf", csrf_token(r));
	return render(r, "login.cs");
}

static struct db_stmt q_attempt_insert = DB_STMT("attempt_insert",
	"INSERT INTO sign_in_attempts (clinic_id, username, attempted_at, outcome) VALUES (?, ?, ?, ?)");

static int
record_attempt(struct req *r, const char *username, const char *outcome)
{
	char now[20];
	clock_sql(clock_now(), now);
	return db_run(r, &q_attempt_insert, NULL,
		DB_ARGS(DB_INT(clinic_id(r)), DB_STR(username), DB_STR(now), DB_STR(outcome)));
}

/* ------------------------------------------------------------- sign-in */

static int
page_root(struct req *r)
{
	return redirect(r, r->session ? landing_url(r) :
		req_printf(r, "%s?lang=%s", url(r, "/login"), lang_codes[r->lang]));
}

static int
page_login(struct req *r)
{
	if (r->session)
		return redirect(r, landing_url(r));
	if (req_field(r, KEY_TIMEOUT)->i == 1 || r->signed_out_idle)
		page_set_text(r, "Page.Notice", "login.timed_out");
	else if (req_field(r, KEY_SIGNED_OUT)->i == 1)
		page_set_text(r, "Page.Notice", "login.signed_out");
	else if (req_field(r, KEY_ACTIVATED)->i == 1)
		page_set_text(r, "Page.Notice", "login.activated");
	return show_login(r, NULL, NULL);
}

/* Failures inside the window that came after the last success; ids, not
 * times, order the attempts (several can share a second). */
enum { FAILURES_COUNT, FAILURES__COLS };
static struct db_stmt q_recent_failures = DB_QUERY("recent_failures", FAILURES__COLS,
	"SELECT COUNT(*) FROM sign_in_attempts a"
	" WHERE a.clinic_id = ? AND a.username = ? AND a.outcome = 'failure' AND a.attempted_at > ?"
	" AND a.id > COALESCE((SELECT MAX(b.id) FROM sign_in_attempts b"
	"   WHERE b.clinic_id = a.clinic_id AND b.username = a.username AND b.outcome = 'success'), 0)");

/* Whether the username failed too often lately: 1, 0, or -1 on a failure. */
static int
locked_out(struct req *r, const char *username)
{
	char since[20];
	clock_sql(clock_now() - LOCKOUT_WINDOW_S, since);
	struct db_rows rs;
	if (db_run(r, &q_recent_failures, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(username), DB_STR(since))) < 0)
		return -1;
	return db_cell_int(&rs, 0, FAILURES_COUNT) >= LOCKOUT_FAILURES;
}

enum { USER_ID, USER_PASSWORD_HASH, USER_ROLE, USER_PATIENT_ID, USER_STATUS, USER__COLS };
static struct db_stmt q_user_by_email = DB_QUERY("user_by_email", USER__COLS,
	"SELECT id, password_hash, role, COALESCE(patient_id, 0), status FROM users"
	" WHERE clinic_id = ? AND email = ?");

static struct db_stmt q_user_signed_in = DB_STMT("user_signed_in",
	"UPDATE users SET last_sign_in_at = ? WHERE id = ? AND clinic_id = ?");

/* After a sign-in: the page asked for when it suits the role, else the
 * role's landing page. s: the session just created. */
static int
signed_in(struct req *r, struct session *s)
{
	/* Load what was just created, so the audit row names the user. */
	r->session = s;
	audit(r, "signin.success", s->patient_id, "user", s->user_id, AUDIT_SUCCESS);
	const struct field *next = req_field(r, KEY_NEXT);
	const char *to = next->valid ? safe_next(r, next->s) : NULL;
	/* A patient's next page must be a patient page, and staff's a staff one. */
	if (to && (s->role == ROLE_PATIENT) != (strncmp(to, url(r, "/staff"), strlen(url(r, "/staff"))) != 0))
		to = NULL;
	const char *dest = to ? to : landing_url(r);
	r->session = NULL;
	return redirect(r, dest);
}

static int
post_login(struct req *r)
{
	const struct field *user = req_field(r, KEY_USERNAME);
	const struct field *pass = req_field(r, KEY_PASSWORD);
	if (!user->valid || !pass->valid) {
		if (user->present && user->raw[0] && pass->present && pass->raw[0]) {
			audit(r, "signin.failure", 0, "user", 0, AUDIT_FAILURE);
			return show_login(r, "login.failed", user->raw);
		}
		return show_login(r, "login.missing", user->raw);
	}
	long long cid = clinic_id(r);
	if (cid == 0)
		return PORTAL_ERR;
	/* Locked: the same answer whether or not the account exists, and the
	 * password is not even looked at. */
	int locked = locked_out(r, user->s);
	if (locked < 0)
		return PORTAL_ERR;
	if (locked) {
		if (record_attempt(r, user->s, "locked") < 0)
			return PORTAL_ERR;
		audit(r, "signin.locked", 0, "user", 0, AUDIT_DENIED);
		return show_login(r, "login.locked", user->s);
	}
	struct db_rows rs;
	if (db_run(r, &q_user_by_email, &rs, DB_ARGS(DB_INT(cid), DB_STR(user->s))) < 0)
		return PORTAL_ERR;
	bool ok = false;
	long long uid = 0, patient_id = 0;
	if (rs.nrows == 1) {
		uid = db_cell_int(&rs, 0, USER_ID);
		patient_id = db_cell_int(&rs, 0, USER_PATIENT_ID);
		ok = auth_verify_password(db_cell(&rs, 0, USER_PASSWORD_HASH), pass->s) &&
			db_cell_is(&rs, 0, USER_STATUS, "active");
	} else {
		auth_burn_verify();
	}
	if (!ok) {
		if (record_attempt(r, user->s, "failure") < 0)
			return PORTAL_ERR;
		audit(r, "signin.failure", patient_id, "user", uid, AUDIT_FAILURE);
		return show_login(r, "login.failed", user->s);
	}
	char now[20];
	clock_sql(clock_now(), now);
	if (record_attempt(r, user->s, "success") < 0 ||
	    db_run(r, &q_user_signed_in, NULL, DB_ARGS(DB_STR(now), DB_INT(uid), DB_INT(cid))) < 0 ||
	    session_create(r, uid) < 0)
		return PORTAL_ERR;
	struct session s = {
		.user_id = uid, .patient_id = patient_id,
		.role = (enum role)role_from_name(db_cell(&rs, 0, USER_ROLE)), .lang = r->lang,
	};
	return signed_in(r, &s);
}

static int
post_logout(struct req *r)
{
	enum lang lang = r->lang;
	audit(r, "signout", req_patient(r), "user", r->session->user_id, AUDIT_SUCCESS);
	if (session_destroy(r) < 0)
		return PORTAL_ERR;
	return redirect(r, req_printf(r, "%s?signed_out=1&lang=%s", url(r, "/login"), lang_codes[lang]));
}

/* ----------------------------------------------------------- activation */

/* Codes are printed as XXXX-XXXX-XXXX; people type them with or without
 * dashes and spaces, in either case. */
static bool
normalise_code(const char *in, char out[13])
{
	size_t n = 0;
	for (const char *p = in; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		if (!isalnum((unsigned char)*p) || n == 12)
			return false;
		out[n++] = (char)toupper((unsigned char)*p);
	}
	out[n] = '\0';
	return n == 12;
}

static const char *
password_error_key(enum pw_problem p)
{
	switch (p) {
	case PW_TOO_SHORT: return "activate.err.password_short";
	case PW_TOO_LONG: return "activate.err.password_long";
	case PW_COMMON: return "activate.err.password_common";
	case PW_LIKE_USERNAME: return "activate.err.password_username";
	case PW_NOT_UTF8: return "activate.err.password_invalid";
	case PW_OK: break;
	}
	return NULL;
}

static int
show_activate(struct req *r)
{
	page_set_text(r, "Page.Title", "activate.title");
	page_set_field(r, "Form.Code", KEY_CODE, "");
	page_set_field(r, "Form.Dob", KEY_DOB, "");
	page_set_field(r, "Form.Email", KEY_EMAIL, "");
	page_set(r, "Page.Csrf", csrf_token(r));
	return render(r, "activate.cs");
}

static int
page_activate(struct req *r)
{
	if (r->session)
		return redirect(r, landing_url(r));
	return show_activate(r);
}

/* Everything that can be checked without the code, so that a typo in the
 * password does not spend one of the code's attempts. Errors go on the
 * form; norm receives the code as stored. */
static void
check_activation_form(struct req *r, char norm[13])
{
	const struct field *code = req_field(r, KEY_CODE), *email = req_field(r, KEY_EMAIL);
	const struct field *pw = req_field(r, KEY_PASSWORD), *pw2 = req_field(r, KEY_PASSWORD2);
	if (!code->valid)
		page_error(r, "code", "activate.err.code_missing");
	else if (!normalise_code(code->s, norm))
		page_error(r, "code", "activate.err.code");
	if (!req_field(r, KEY_DOB)->valid)
		page_error(r, "dob", "activate.err.dob");
	if (!email->valid)
		page_error(r, "email", "activate.err.email");
	/* The rules see what was typed, so that a password the field refused
	 * (empty, too long, not text) is still told apart. */
	enum pw_problem pp = pw->present ? auth_password_problem(pw->raw, email->valid ? email->s : NULL) :
		PW_TOO_SHORT;
	if (pp != PW_OK)
		page_error(r, "password", password_error_key(pp));
	else if (!pw2->valid || strcmp(pw->s, pw2->s) != 0)
		page_error(r, "password2", "activate.err.password_mismatch");
}

enum { CODE_ID, CODE_PATIENT_ID, CODE_EXPIRES, CODE_USED, CODE_REVOKED, CODE_FAILED_ATTEMPTS, CODE_DOB,
	CODE_FIRST_NAME, CODE_LAST_NAME, CODE_USER_ID, CODE__COLS };
static struct db_stmt q_code_lookup = DB_QUERY("code_lookup", CODE__COLS,
	"SELECT c.id, c.patient_id, c.expires_at, c.used_at IS NOT NULL, c.revoked_at IS NOT NULL,"
	" c.failed_attempts, p.dob, p.first_name, p.last_name, u.id"
	" FROM activation_codes c JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
	" LEFT JOIN users u ON u.patient_id = p.id"
	" WHERE c.code_hash = ? AND c.clinic_id = ?");

static struct db_stmt q_code_failed = DB_STMT("code_failed",
	"UPDATE activation_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?");

/* Looks the code up; when it cannot be used with this date of birth, the
 * form says so (the audit row says why). 0 or PORTAL_ERR. */
static int
check_code(struct req *r, const char *norm, time_t now, struct db_rows *rs)
{
	unsigned char hash[32];
	enrol_code_hash(norm, hash);
	if (db_run(r, &q_code_lookup, rs, DB_ARGS(DB_BLOB(hash, sizeof(hash)), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs->nrows != 1) {
		audit(r, "activation.unknown_code", 0, "activation_code", 0, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
		return 0;
	}
	long long code_id = db_cell_int(rs, 0, CODE_ID);
	time_t expires = 0;
	clock_parse_sql(db_cell(rs, 0, CODE_EXPIRES), &expires);
	const char *refusal = NULL;
	if (db_cell_int(rs, 0, CODE_USED))
		refusal = "activation.reused_code";
	else if (db_cell_int(rs, 0, CODE_REVOKED))
		refusal = "activation.revoked_code";
	else if (expires <= now)
		refusal = "activation.expired_code";
	else if (db_cell_int(rs, 0, CODE_FAILED_ATTEMPTS) >= CODE_MAX_FAILURES)
		refusal = "activation.code_locked";
	else if (!db_cell_is(rs, 0, CODE_DOB, req_field(r, KEY_DOB)->s)) {
		refusal = "activation.wrong_birth_date";
		if (db_run(r, &q_code_failed, NULL, DB_ARGS(DB_INT(code_id))) < 0)
			return PORTAL_ERR;
	}
	if (refusal) {
		/* One message for every refusal: the page must not help anyone
		 * guess which part was wrong. */
		audit(r, refusal, db_cell_int(rs, 0, CODE_PATIENT_ID), "activation_code", code_id, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
	}
	return 0;
}

enum { OWNER_ID, OWNER_PATIENT_ID, OWNER__COLS };
static struct db_stmt q_email_owner = DB_QUERY("email_owner", OWNER__COLS,
	"SELECT id, COALESCE(patient_id, 0) FROM users WHERE clinic_id = ? AND email = ?");

/* The WHERE makes a second use lose the race: 0 rows changed. */
static struct db_stmt q_code_use = DB_STMT("code_use",
	"UPDATE activation_codes SET used_at = ?"
	" WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?");

static struct db_stmt q_user_insert = DB_STMT("user_insert",
	"INSERT INTO users (clinic_id, email, password_hash, role, patient_id, display_name, lang,"
	" status, created_at) VALUES (?, ?, ?, 'patient', ?, ?, ?, 'active', ?)");

static struct db_stmt q_user_reset = DB_STMT("user_reset",
	"UPDATE users SET email = ?, password_hash = ?, lang = ?, status = 'active'"
	" WHERE id = ? AND clinic_id = ? AND patient_id = ?");

static struct db_stmt q_user_sessions_delete = DB_STMT("user_sessions_delete",
	"DELETE FROM sessions WHERE user_id = ?");

/* Spends the code and makes the patient's account, or gives an existing
 * one new secrets, in one transaction. 0 (errors on the form when it was
 * refused) or PORTAL_ERR. */
static int
save_account(struct req *r, const struct db_rows *code, time_t now, const char *email, const char *phc)
{
	long long cid = clinic_id(r), code_id = db_cell_int(code, 0, CODE_ID);
	long long patient_id = db_cell_int(code, 0, CODE_PATIENT_ID);
	long long existing_user = db_cell_int(code, 0, CODE_USER_ID);
	const char *name = req_printf(r, "%s %s", db_cell(code, 0, CODE_FIRST_NAME), db_cell(code, 0, CODE_LAST_NAME));
	char now_s[20];
	clock_sql(now, now_s);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	struct db_rows upd;
	if (db_run(r, &q_code_use, &upd, DB_ARGS(DB_STR(now_s), DB_INT(code_id), DB_STR(now_s))) < 0)
		goto fail;
	if (upd.affected != 1) {
		/* Used a moment ago by another request. */
		db_rollback(r);
		audit(r, "activation.reused_code", patient_id, "activation_code", code_id, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
		return 0;
	}
	long long uid = existing_user;
	int rc;
	if (existing_user) {
		/* A new code for a patient with an account is how the clinic
		 * resets a forgotten password: same account, new secrets, and
		 * every open session ends. */
		rc = db_run(r, &q_user_reset, NULL, DB_ARGS(DB_STR(email), DB_STR(phc),
			DB_STR(lang_codes[r->lang]), DB_INT(existing_user), DB_INT(cid), DB_INT(patient_id)));
		if (rc == 0)
			rc = db_run(r, &q_user_sessions_delete, NULL, DB_ARGS(DB_INT(existing_user)));
	} else {
		struct db_rows ins;
		rc = db_run(r, &q_user_insert, &ins, DB_ARGS(DB_INT(cid), DB_STR(email), DB_STR(phc),
			DB_INT(patient_id), DB_STR(name), DB_STR(lang_codes[r->lang]), DB_STR(now_s)));
		uid = ins.insert_id;
	}
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		page_error(r, "email", "activate.err.email_taken");
		return 0;
	}
	if (rc < 0)
		goto fail;
	if (audit(r, existing_user ? "activation.password_reset" : "activation.success", patient_id,
	    "user", uid, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return 0;
fail:
	db_rollback(r);
	return PORTAL_ERR;
}

static int
post_activate(struct req *r)
{
	const struct field *email = req_field(r, KEY_EMAIL);
	char norm[13];
	check_activation_form(r, norm);
	if (page_error_count(r))
		return show_activate(r);
	if (clinic_id(r) == 0)
		return PORTAL_ERR;
	time_t now = clock_now();
	struct db_rows code;
	if (check_code(r, norm, now, &code) < 0)
		return PORTAL_ERR;
	if (page_error_count(r))
		return show_activate(r);
	struct db_rows owner;
	if (db_run(r, &q_email_owner, &owner, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(email->s))) < 0)
		return PORTAL_ERR;
	if (owner.nrows == 1 && db_cell_int(&owner, 0, OWNER_PATIENT_ID) != db_cell_int(&code, 0, CODE_PATIENT_ID)) {
		page_error(r, "email", "activate.err.email_taken");
		return show_activate(r);
	}
	char phc[160];
	if (auth_hash_password(req_field(r, KEY_PASSWORD)->s, phc, sizeof(phc)) < 0 ||
	    save_account(r, &code, now, email->s, phc) < 0)
		return PORTAL_ERR;
	if (page_error_count(r))
		return show_activate(r);
	return redirect(r, req_printf(r, "%s?activated=1&lang=%s", url(r, "/login"), lang_codes[r->lang]));
}

/* ----------------------------------------------------------- the rest */

static int
page_forgot(struct req *r)
{
	page_set_text(r, "Page.Title", "forgot.title");
	return render(r, "forgot.cs");
}

/* Branding without inline styles (the CSP forbids them): the clinic's
 * colours as CSS custom properties. */
static int
page_brand_css(struct req *r)
{
	const struct clinic *c = r->clinic;
	const char *css = req_printf(r, ":root{--brand:%s;--accent:%s}\n", c->primary_color, c->accent_color);
	return respond_raw(r, 200, "text/css; charset=utf-8", css, strlen(css),
		"Cache-Control: public, max-age=300\r\n");
}

static const struct route routes[] = {
	{ HTTP_GET, "/", ACCESS_PUBLIC, page_root, 0, 0 },
	{ HTTP_GET, "/login", ACCESS_PUBLIC, page_login, 0, 0 },
	{ HTTP_POST, "/login", ACCESS_PUBLIC, post_login, 0, 0 },
	{ HTTP_POST, "/logout", ACCESS_SIGNED_IN, post_logout, 0, 0 },
	{ HTTP_GET, "/activate", ACCESS_PUBLIC, page_activate, 0, 0 },
	{ HTTP_POST, "/activate", ACCESS_PUBLIC, post_activate, 0, 0 },
	{ HTTP_GET, "/forgot-username", ACCESS_PUBLIC, page_forgot, 0, 0 },
	{ HTTP_GET, "/brand.css", ACCESS_PUBLIC, page_brand_css, 0, 0 },
};

PORTAL_MAIN(.name = "login", ROUTES(routes), FIELDS(fields), .needs_password_list = true);
