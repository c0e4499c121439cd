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

enum stmt {
	Q_RECENT_FAILURES,
	Q_ATTEMPT_INSERT,
	Q_USER_BY_EMAIL,
	Q_USER_SIGNED_IN,
	Q_CODE_LOOKUP,
	Q_CODE_FAILED,
	Q_CODE_USE,
	Q_EMAIL_OWNER,
	Q_USER_INSERT,
	Q_USER_RESET,
	Q_USER_SESSIONS_DELETE,
	Q__MAX
};

static const struct db_stmt_def stmts[Q__MAX] = {
	/* Failures inside the window that came after the last success; ids,
	 * not times, order the attempts (several can share a second). */
	[Q_RECENT_FAILURES] = { "recent_failures",
		"SELECT COUNT(*) FROM sign_in_attempts a"
		" WHERE a.clinic_id = ? AND a.username = ? AND a.outcome = 'failure' AND a.attempted_at > ?"
		" AND a.id > COALESCE((SELECT MAX(b.id) FROM sign_in_attempts b"
		"   WHERE b.clinic_id = a.clinic_id AND b.username = a.username AND b.outcome = 'success'), 0)" },
	[Q_ATTEMPT_INSERT] = { "attempt_insert",
		"INSERT INTO sign_in_attempts (clinic_id, username, attempted_at, outcome) VALUES (?, ?, ?, ?)" },
	[Q_USER_BY_EMAIL] = { "user_by_email",
		"SELECT id, password_hash, role, COALESCE(patient_id, 0), status FROM users"
		" WHERE clinic_id = ? AND email = ?" },
	[Q_USER_SIGNED_IN] = { "user_signed_in",
		"UPDATE users SET last_sign_in_at = ? WHERE id = ? AND clinic_id = ?" },
	[Q_CODE_LOOKUP] = { "code_lookup",
		"SELECT c.id, c.patient_id, c.expires_at, c.used_at IS NOT NULL, c.revoked_at IS NOT NULL,"
		" c.failed_attempts, p.dob, p.first_name, p.last_name, u.id"
		" FROM activation_codes c JOIN patients p ON p.id = c.patient_id AND p.clinic_id = c.clinic_id"
		" LEFT JOIN users u ON u.patient_id = p.id"
		" WHERE c.code_hash = ? AND c.clinic_id = ?" },
	[Q_CODE_FAILED] = { "code_failed",
		"UPDATE activation_codes SET failed_attempts = failed_attempts + 1 WHERE id = ?" },
	/* The WHERE makes a second use lose the race: 0 rows changed. */
	[Q_CODE_USE] = { "code_use",
		"UPDATE activation_codes SET used_at = ?"
		" WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?" },
	[Q_EMAIL_OWNER] = { "email_owner",
		"SELECT id, COALESCE(patient_id, 0) FROM users WHERE clinic_id = ? AND email = ?" },
	[Q_USER_INSERT] = { "user_insert",
		"INSERT INTO users (clinic_id, email, password_hash, role, patient_id, display_name, lang,"
		" status, created_at) VALUES (?, ?, ?, 'patient', ?, ?, ?, 'active', ?)" },
	[Q_USER_RESET] = { "user_reset",
		"UPDATE users SET email = ?, password_hash = ?, lang = ?, status = 'active'"
		" WHERE id = ? AND clinic_id = ? AND patient_id = ?" },
	[Q_USER_SESSIONS_DELETE] = { "user_sessions_delete", "DELETE FROM sessions WHERE user_id = ?" },
};

#define STMT(q) DB_APP_STMT(q)

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

static int
record_attempt(struct req *r, const char *username, const char *outcome)
{
	char now[20];
	clock_sql(clock_now(), now);
	return db_run(r, STMT(Q_ATTEMPT_INSERT), NULL,
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
	char since[20];
	clock_sql(clock_now() - LOCKOUT_WINDOW_S, since);
	struct db_rows rs;
	if (db_run(r, STMT(Q_RECENT_FAILURES), &rs,
	    DB_ARGS(DB_INT(cid), DB_STR(user->s), DB_STR(since))) < 0)
		return PORTAL_ERR;
	/* Locked: the same answer whether or not the account exists, and the
	 * password is not even looked at. */
	if (db_cell_int(&rs, 0, 0) >= LOCKOUT_FAILURES) {
		if (record_attempt(r, user->s, "locked") < 0)
			return PORTAL_ERR;
		audit(r, "signin.locked", 0, "user", 0, AUDIT_DENIED);
		return show_login(r, "login.locked", user->s);
	}
	if (db_run(r, STMT(Q_USER_BY_EMAIL), &rs, DB_ARGS(DB_INT(cid), DB_STR(user->s))) < 0)
		return PORTAL_ERR;
	bool ok = false;
	long long uid = 0, patient_id = 0;
	if (rs.nrows == 1) {
		uid = db_cell_int(&rs, 0, 0);
		patient_id = db_cell_int(&rs, 0, 3);
		ok = auth_verify_password(db_cell(&rs, 0, 1), pass->s) &&
			strcmp(db_cell(&rs, 0, 4), "active") == 0;
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
	    db_run(r, STMT(Q_USER_SIGNED_IN), NULL, DB_ARGS(DB_STR(now), DB_INT(uid), DB_INT(cid))) < 0 ||
	    session_create(r, uid) < 0)
		return PORTAL_ERR;
	/* Load what was just created, so the audit row names the user. */
	struct session s = {
		.user_id = uid, .patient_id = patient_id,
		.role = (enum role)role_from_name(db_cell(&rs, 0, 2)), .lang = r->lang,
	};
	r->session = &s;
	audit(r, "signin.success", patient_id, "user", uid, AUDIT_SUCCESS);
	const struct field *next = req_field(r, KEY_NEXT);
	const char *to = next->valid ? safe_next(r, next->s) : NULL;
	/* A patient's next page must be a patient page, and staff's a staff one. */
	if (to && (s.role == ROLE_PATIENT) != (strncmp(to, url(r, "/staff"), strlen(url(r, "/staff"))) != 0))
		to = NULL;
	const char *dest = to ? to : landing_url(r);
	r->session = NULL;
	return redirect(r, dest);
}

static int
post_logout(struct req *r)
{
	enum lang lang = r->lang;
	audit(r, "signout", r->session->patient_id, "user", r->session->user_id, AUDIT_SUCCESS);
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
	page_set(r, "Form.Code", req_field(r, KEY_CODE)->raw);
	page_set(r, "Form.Dob", req_field(r, KEY_DOB)->raw);
	page_set(r, "Form.Email", req_field(r, KEY_EMAIL)->raw);
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

static int
post_activate(struct req *r)
{
	const struct field *code = req_field(r, KEY_CODE);
	const struct field *dob = req_field(r, KEY_DOB);
	const struct field *email = req_field(r, KEY_EMAIL);
	const struct field *pw = req_field(r, KEY_PASSWORD);
	const struct field *pw2 = req_field(r, KEY_PASSWORD2);
	char norm[13];

	/* Everything that can be checked without the code comes first, so a
	 * typo in the password does not spend one of the code's attempts. */
	if (!code->valid)
		page_error(r, "code", "activate.err.code_missing");
	else if (!normalise_code(code->s, norm))
		page_error(r, "code", "activate.err.code");
	if (!dob->valid)
		page_error(r, "dob", "activate.err.dob");
	if (!email->valid)
		page_error(r, "email", "activate.err.email");
	enum pw_problem pp = pw->present ? auth_password_problem(pw->raw, email->valid ? email->s : NULL) :
		PW_TOO_SHORT;
	if (pp != PW_OK)
		page_error(r, "password", password_error_key(pp));
	else if (!pw2->present || strcmp(pw->raw, pw2->raw) != 0)
		page_error(r, "password2", "activate.err.password_mismatch");
	if (page_error_count(r))
		return show_activate(r);

	long long cid = clinic_id(r);
	if (cid == 0)
		return PORTAL_ERR;
	unsigned char hash[32];
	enrol_code_hash(norm, hash);
	struct db_rows rs;
	if (db_run(r, STMT(Q_CODE_LOOKUP), &rs, DB_ARGS(DB_BLOB(hash, sizeof(hash)), DB_INT(cid))) < 0)
		return PORTAL_ERR;
	if (rs.nrows != 1) {
		audit(r, "activation.unknown_code", 0, "activation_code", 0, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
		return show_activate(r);
	}
	long long code_id = db_cell_int(&rs, 0, 0);
	long long patient_id = db_cell_int(&rs, 0, 1);
	time_t expires = 0;
	clock_parse_sql(db_cell(&rs, 0, 2), &expires);
	time_t now = clock_now();
	const char *refusal = NULL;
	if (db_cell_int(&rs, 0, 3))
		refusal = "activation.reused_code";
	else if (db_cell_int(&rs, 0, 4))
		refusal = "activation.revoked_code";
	else if (expires <= now)
		refusal = "activation.expired_code";
	else if (db_cell_int(&rs, 0, 5) >= CODE_MAX_FAILURES)
		refusal = "activation.code_locked";
	else if (strcmp(db_cell(&rs, 0, 6), dob->s) != 0) {
		refusal = "activation.wrong_birth_date";
		if (db_run(r, STMT(Q_CODE_FAILED), NULL, DB_ARGS(DB_INT(code_id))) < 0)
			return PORTAL_ERR;
	}
	if (refusal) {
		/* One message for every refusal: the page must not help anyone
		 * guess which part was wrong. The audit row says which. */
		audit(r, refusal, patient_id, "activation_code", code_id, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
		return show_activate(r);
	}
	const char *first = db_cell(&rs, 0, 7), *last = db_cell(&rs, 0, 8);
	long long existing_user = db_cell_int(&rs, 0, 9);

	struct db_rows owner;
	if (db_run(r, STMT(Q_EMAIL_OWNER), &owner, DB_ARGS(DB_INT(cid), DB_STR(email->s))) < 0)
		return PORTAL_ERR;
	if (owner.nrows == 1 && db_cell_int(&owner, 0, 1) != patient_id) {
		page_error(r, "email", "activate.err.email_taken");
		return show_activate(r);
	}

	char phc[160];
	if (auth_hash_password(pw->raw, phc, sizeof(phc)) < 0)
		return PORTAL_ERR;
	char ts[20], now_s[20];
	clock_sql(now, ts);
	memcpy(now_s, ts, sizeof(ts));
	const char *name = req_printf(r, "%s %s", first, last);
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	struct db_rows upd;
	if (db_run(r, STMT(Q_CODE_USE), &upd, DB_ARGS(DB_STR(ts), DB_INT(code_id), DB_STR(now_s))) < 0)
		goto fail;
	if (upd.affected != 1) {
		/* Used a moment ago by another request. */
		db_rollback(r);
		audit(r, "activation.reused_code", patient_id, "activation_code", code_id, AUDIT_FAILURE);
		page_error(r, "code", "activate.err.code");
		return show_activate(r);
	}
	long long uid = existing_user;
	int rc;
	if (existing_user) {
		/* A new code for a patient with an account is how the clinic
		 * resets a forgotten password: same account, new secrets, and
		 * every open session ends. */
		rc = db_run(r, STMT(Q_USER_RESET), NULL, DB_ARGS(DB_STR(email->s), DB_STR(phc),
			DB_STR(lang_codes[r->lang]), DB_INT(existing_user), DB_INT(cid), DB_INT(patient_id)));
		if (rc == 0)
			rc = db_run(r, STMT(Q_USER_SESSIONS_DELETE), NULL, DB_ARGS(DB_INT(existing_user)));
	} else {
		struct db_rows ins;
		rc = db_run(r, STMT(Q_USER_INSERT), &ins, DB_ARGS(DB_INT(cid), DB_STR(email->s), DB_STR(phc),
			DB_INT(patient_id), DB_STR(name), DB_STR(lang_codes[r->lang]), DB_STR(ts)));
		uid = ins.insert_id;
	}
	if (rc == DB_DUPLICATE) {
		db_rollback(r);
		page_error(r, "email", "activate.err.email_taken");
		return show_activate(r);
	}
	if (rc < 0)
		goto fail;
	if (audit(r, existing_user ? "activation.password_reset" : "activation.success", patient_id,
	    "user", uid, AUDIT_SUCCESS) < 0 || db_commit(r) < 0)
		goto fail;
	return redirect(r, req_printf(r, "%s?activated=1&lang=%s", url(r, "/login"), lang_codes[r->lang]));
fail:
	db_rollback(r);
	return PORTAL_ERR;
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

PORTAL_MAIN(.name = "login", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX, .needs_password_list = true);
