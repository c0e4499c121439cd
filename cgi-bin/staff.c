/*
 * staff: where staff land after signing in. Find a patient (name, date of
 * birth, MRN), see the chart header, issue an activation code and print the
 * enrolment letter in the patient's language, register a new patient.
 * Every lookup is scoped to the staff member's clinic.
 */
#include "portal.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum key {
	KEY_Q,
	KEY_DOB,
	KEY_MRN,
	KEY_FIRST,
	KEY_LAST,
	KEY_SEX,
	KEY_LANG,
	KEY_PHONE,
	KEY_EMAIL,
	KEY_REGISTERED,
	KEY__MAX
};

static const char *const sex_choices[] = { "female", "male", "other", "unknown", NULL };
static const char *const lang_choices[] = { "en", "es", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_Q] = { "q", FIELD_TEXT, 0, 100, NULL },
	[KEY_DOB] = { "dob", FIELD_DATE, 0, 0, NULL },
	[KEY_MRN] = { "mrn", FIELD_TEXT, 0, 32, NULL },
	[KEY_FIRST] = { "first_name", FIELD_TEXT, 1, 100, NULL },
	[KEY_LAST] = { "last_name", FIELD_TEXT, 1, 100, NULL },
	[KEY_SEX] = { "sex", FIELD_ENUM, 0, 0, sex_choices },
	[KEY_LANG] = { "lang", FIELD_ENUM, 0, 0, lang_choices },
	[KEY_PHONE] = { "phone", FIELD_TEXT, 0, 40, NULL },
	[KEY_EMAIL] = { "email", FIELD_TEXT, 0, 254, NULL },
	[KEY_REGISTERED] = { "registered", FIELD_INT, 0, 1, NULL },
};

enum stmt {
	Q_SEARCH,
	Q_CHART,
	Q_MRN_NEXT,
	Q_PATIENT_INSERT,
	Q__MAX
};

#define PORTAL_STATUS \
	" (SELECT u.email FROM users u WHERE u.patient_id = p.id AND u.status = 'active')," \
	" (SELECT MAX(c.expires_at) FROM activation_codes c WHERE c.patient_id = p.id" \
	"   AND c.clinic_id = p.clinic_id AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > ?)"

static const struct db_stmt_def stmts[Q__MAX] = {
	/* Each of up to three name words must start the first or the last
	 * name; the collation ignores case and accents ("garcia" finds
	 * "García"). An empty criterion is skipped with "? = ''". */
	[Q_SEARCH] = { "patient_search",
		"SELECT p.id, p.first_name, p.last_name, p.dob, p.mrn," PORTAL_STATUS
		" FROM patients p WHERE p.clinic_id = ?"
		" AND (? = '' OR p.mrn = ?)"
		" AND (? = '' OR p.dob = ?)"
		" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
		" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
		" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
		" ORDER BY p.last_name, p.first_name, p.dob LIMIT 51" },
	[Q_CHART] = { "patient_chart",
		"SELECT p.id, p.first_name, p.last_name, p.dob, p.mrn, p.sex, p.lang, p.phone, p.email,"
		" CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code)),"
		PORTAL_STATUS
		" FROM patients p WHERE p.id = ? AND p.clinic_id = ?" },
	[Q_MRN_NEXT] = { "mrn_next",
		"SELECT COUNT(*) + 1 FROM patients WHERE clinic_id = ?" },
	[Q_PATIENT_INSERT] = { "patient_insert",
		"INSERT INTO patients (clinic_id, mrn, first_name, last_name, dob, sex, lang, phone, email,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" },
};

#define STMT(q) DB_APP_STMT(q)

/* ------------------------------------------------------------- helpers */

/* A LIKE prefix pattern with the wildcards in the input escaped. */
static const char *
like_prefix(struct req *r, const char *word, size_t n)
{
	char *out = req_alloc(r, 2 * n + 2), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (word[i] == '%' || word[i] == '_' || word[i] == '\\')
			*o++ = '\\';
		*o++ = word[i];
	}
	*o++ = '%';
	*o = '\0';
	return out;
}

static const char *
portal_status(struct req *r, const struct db_rows *rs, size_t row, size_t col)
{
	if (db_cell(rs, row, col))
		return tr(r, "staff.portal_active");
	if (db_cell(rs, row, col + 1))
		return tr(r, "staff.portal_code");
	return tr(r, "staff.portal_none");
}

static int
age_on(const char *dob, time_t now)
{
	int y, m, d;
	struct tm tm;
	if (valid_date(dob, &y, &m, &d) < 0)
		return 0;
	gmtime_r(&now, &tm);
	int age = tm.tm_year + 1900 - y;
	if (tm.tm_mon + 1 < m || (tm.tm_mon + 1 == m && tm.tm_mday < d))
		age--;
	return age;
}

/* -------------------------------------------------------------- search */

static int
page_search(struct req *r)
{
	const struct field *q = req_field(r, KEY_Q), *dob = req_field(r, KEY_DOB), *mrn = req_field(r, KEY_MRN);
	page_set_text(r, "Page.Title", "staff.title");
	page_set(r, "Form.Q", q->raw);
	page_set(r, "Form.Dob", dob->raw);
	page_set(r, "Form.Mrn", mrn->raw);
	bool any = (q->valid && q->s[0]) || (dob->present && dob->raw[0]) || (mrn->valid && mrn->s[0]);
	if (!any) {
		if (q->present || dob->present || mrn->present)
			page_set_text(r, "Page.Error", "staff.need_criteria");
		return render(r, "staff_search.cs");
	}
	if (dob->present && dob->raw[0] && !dob->valid) {
		page_set(r, "Invalid.dob", "1");
		page_set_text(r, "Page.Error", "staff.bad_dob");
		return render(r, "staff_search.cs");
	}
	/* Up to three words of the name, each a prefix. */
	const char *word[3] = { "", "", "" };
	int nw = 0;
	const char *p = q->valid ? q->s : "";
	while (*p && nw < 3) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ' ' && *e != ',')
			e++;
		if (e > p)
			word[nw++] = like_prefix(r, p, (size_t)(e - p));
		p = e;
	}
	char now[20];
	clock_sql(clock_now(), now);
	const char *m = mrn->valid ? mrn->s : "", *d = dob->valid ? dob->s : "";
	struct db_rows rs;
	if (db_run(r, STMT(Q_SEARCH), &rs, DB_ARGS(DB_STR(now), DB_INT(clinic_id(r)),
	    DB_STR(m), DB_STR(m), DB_STR(d), DB_STR(d),
	    DB_STR(word[0]), DB_STR(word[0]), DB_STR(word[0]),
	    DB_STR(word[1]), DB_STR(word[1]), DB_STR(word[1]),
	    DB_STR(word[2]), DB_STR(word[2]), DB_STR(word[2]))) < 0)
		return PORTAL_ERR;
	size_t n = rs.nrows > 50 ? 50 : rs.nrows;
	page_set(r, "Search.Done", "1");
	page_set_int(r, "Search.Count", (long long)n);
	if (rs.nrows > 50)
		page_set(r, "Search.TooMany", "1");
	for (size_t i = 0; i < n; i++) {
		const char *b = req_printf(r, "Search.Patients.%zu", i);
		page_set(r, req_printf(r, "%s.Id", b), db_cell(&rs, i, 0));
		page_set(r, req_printf(r, "%s.First", b), db_cell(&rs, i, 1));
		page_set(r, req_printf(r, "%s.Last", b), db_cell(&rs, i, 2));
		page_set(r, req_printf(r, "%s.Dob", b), fmt_sql_date(r, db_cell(&rs, i, 3)));
		page_set(r, req_printf(r, "%s.Mrn", b), db_cell(&rs, i, 4));
		page_set(r, req_printf(r, "%s.Portal", b), portal_status(r, &rs, i, 5));
	}
	/* The search terms are health data themselves: not in the audit row. */
	audit(r, "patient.search", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "staff_search.cs");
}

/* --------------------------------------------------------------- chart */

/* Loads the chart header into the page; 0, 404 (audited) or PORTAL_ERR. */
static int
load_patient(struct req *r, long long id, struct db_rows *rs)
{
	char now[20];
	clock_sql(clock_now(), now);
	if (db_run(r, STMT(Q_CHART), rs, DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	if (rs->nrows != 1) {
		/* Another clinic's patient, or none: the same 404, and a record. */
		audit(r, "chart.view", 0, "patient", id, AUDIT_DENIED);
		return 404;
	}
	page_set(r, "Patient.Id", db_cell(rs, 0, 0));
	page_set(r, "Patient.First", db_cell(rs, 0, 1));
	page_set(r, "Patient.Last", db_cell(rs, 0, 2));
	page_set(r, "Patient.Dob", fmt_sql_date(r, db_cell(rs, 0, 3)));
	page_set_int(r, "Patient.Age", age_on(db_cell(rs, 0, 3), clock_now()));
	page_set(r, "Patient.Mrn", db_cell(rs, 0, 4));
	page_set_text(r, "Patient.Sex", req_printf(r, "sex.%s", db_cell(rs, 0, 5)));
	int lang = lang_from_code(db_cell(rs, 0, 6));
	page_set_text(r, "Patient.Language", req_printf(r, "language_name.%s",
		lang_codes[lang < 0 ? LANG_EN : lang]));
	page_set(r, "Patient.Phone", db_cell(rs, 0, 7));
	page_set(r, "Patient.Email", db_cell(rs, 0, 8));
	page_set(r, "Patient.Address", db_cell(rs, 0, 9));
	page_set(r, "Patient.Account", db_cell(rs, 0, 10));
	time_t until;
	if (db_cell(rs, 0, 11) && clock_parse_sql(db_cell(rs, 0, 11), &until) == 0)
		page_set(r, "Patient.CodeUntil", fmt_date(r, until));
	page_set_text(r, "Page.Title", "staff.chart_title");
	return 0;
}

static int
page_chart(struct req *r)
{
	struct db_rows rs;
	long long id = r->path_ids[0];
	int rc = load_patient(r, id, &rs);
	if (rc)
		return rc;
	if (req_field(r, KEY_REGISTERED)->i == 1)
		page_set_text(r, "Page.Notice", "staff.registered");
	audit(r, "chart.view", id, "patient", id, AUDIT_SUCCESS);
	return render(r, "staff_chart.cs");
}

/* Sets Letter.* in the patient's language, whatever the page's. */
static void
set_letter(struct req *r, enum lang lang, const char *code, time_t expires)
{
	static const char *const keys[][2] = {
		{ "Letter.Title", "letter.title" }, { "Letter.Dear", "letter.dear" },
		{ "Letter.Intro", "letter.intro" }, { "Letter.Steps", "letter.steps" },
		{ "Letter.Step1", "letter.step1" }, { "Letter.Step2", "letter.step2" },
		{ "Letter.Step3", "letter.step3" }, { "Letter.Step4", "letter.step4" },
		{ "Letter.CodeLabel", "letter.code" }, { "Letter.Expires", "letter.expires" },
		{ "Letter.Private", "letter.private" }, { "Letter.Help", "letter.help" },
	};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		page_set(r, keys[i][0], i18n_get(lang, keys[i][1]));
	enum lang page_lang = r->lang;
	r->lang = lang;        /* dates in the letter's language */
	page_set(r, "Letter.Date", fmt_date(r, clock_now()));
	page_set(r, "Letter.ExpiresOn", fmt_date(r, expires));
	r->lang = page_lang;
	page_set(r, "Letter.Lang", lang_codes[lang]);
	page_set(r, "Letter.Code", code);
	page_set(r, "Letter.Url", req_printf(r, "%s/%s/activate?lang=%s", portal_conf->public_url,
		r->clinic->slug, lang_codes[lang]));
	if (r->clinic->nlocations)
		page_set(r, "Letter.Address", r->clinic->locations[0].address);
}

static int
post_issue_code(struct req *r)
{
	struct db_rows rs;
	long long id = r->path_ids[0];
	int rc = load_patient(r, id, &rs);
	if (rc)
		return rc;
	char code[15];
	time_t expires;
	if (enrol_issue_code(r, id, code, &expires) < 0)
		return PORTAL_ERR;
	int lang = lang_from_code(db_cell(&rs, 0, 6));
	if (lang < 0 || !r->clinic->offered[lang])
		lang = r->clinic->default_lang;
	set_letter(r, (enum lang)lang, code, expires);
	crypto_cleanse(code, sizeof(code));
	page_set_text(r, "Page.Title", "staff.code_issued");
	return render(r, "staff_letter.cs");
}

/* ------------------------------------------------------------ register */

static void
set_options(struct req *r)
{
	for (int i = 0; sex_choices[i]; i++) {
		page_set(r, req_printf(r, "Options.Sex.%d.Value", i), sex_choices[i]);
		page_set_text(r, req_printf(r, "Options.Sex.%d.Label", i), req_printf(r, "sex.%s", sex_choices[i]));
	}
	int n = 0;
	for (int l = 0; l < LANG__MAX; l++) {
		if (!r->clinic->offered[l])
			continue;
		page_set(r, req_printf(r, "Options.Lang.%d.Value", n), lang_codes[l]);
		page_set_text(r, req_printf(r, "Options.Lang.%d.Label", n), req_printf(r, "language_name.%s", lang_codes[l]));
		n++;
	}
}

static int
show_register(struct req *r)
{
	page_set_text(r, "Page.Title", "staff.register_title");
	set_options(r);
	page_set(r, "Form.First", req_field(r, KEY_FIRST)->raw);
	page_set(r, "Form.Last", req_field(r, KEY_LAST)->raw);
	page_set(r, "Form.Dob", req_field(r, KEY_DOB)->raw);
	page_set(r, "Form.Mrn", req_field(r, KEY_MRN)->raw);
	page_set(r, "Form.Phone", req_field(r, KEY_PHONE)->raw);
	page_set(r, "Form.Email", req_field(r, KEY_EMAIL)->raw);
	const struct field *sex = req_field(r, KEY_SEX), *lang = req_field(r, KEY_LANG);
	page_set(r, "Form.Sex", sex->valid ? sex->s : "unknown");
	page_set(r, "Form.Lang", lang->valid ? lang->s : lang_codes[r->clinic->default_lang]);
	return render(r, "staff_register.cs");
}

static int
page_register(struct req *r)
{
	return show_register(r);
}

static bool
phone_ok(const char *s)
{
	int digits = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" ()+-.", *p))
			return false;
	}
	return digits >= 7 && digits <= 20;
}

static bool
mrn_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 32)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-')
			return false;
	return true;
}

static int
post_register(struct req *r)
{
	const struct field *first = req_field(r, KEY_FIRST), *last = req_field(r, KEY_LAST);
	const struct field *dob = req_field(r, KEY_DOB), *sex = req_field(r, KEY_SEX);
	const struct field *lang = req_field(r, KEY_LANG), *mrn = req_field(r, KEY_MRN);
	const struct field *phone = req_field(r, KEY_PHONE), *email = req_field(r, KEY_EMAIL);
	char today[20];
	clock_sql(clock_now(), today);
	today[10] = '\0';
	if (!first->valid)
		page_error(r, "first_name", "staff.err_first");
	if (!last->valid)
		page_error(r, "last_name", "staff.err_last");
	if (!dob->valid || strcmp(dob->s, today) > 0)
		page_error(r, "dob", "staff.err_dob");
	if (sex->present && !sex->valid)
		page_error(r, "sex", "staff.err_sex");
	if (lang->present && (!lang->valid || !r->clinic->offered[lang->i]))
		page_error(r, "lang", "staff.err_lang");
	if (mrn->present && mrn->raw[0] && (!mrn->valid || !mrn_ok(mrn->s)))
		page_error(r, "mrn", "staff.err_mrn");
	if (phone->present && phone->raw[0] && (!phone->valid || !phone_ok(phone->s)))
		page_error(r, "phone", "staff.err_phone");
	if (email->present && email->raw[0] && (!email->valid || valid_email(email->s) < 0))
		page_error(r, "email", "staff.err_email");
	if (page_error_count(r))
		return show_register(r);

	long long cid = clinic_id(r);
	const char *mrn_value = mrn->valid && mrn->s[0] ? mrn->s : NULL;
	struct db_rows rs;
	int rc = DB_DUPLICATE;
	/* Assigned MRNs count up; a collision with an imported one tries the next. */
	for (int attempt = 0; rc == DB_DUPLICATE && attempt < 5; attempt++) {
		const char *use = mrn_value;
		if (use == NULL) {
			struct db_rows next;
			if (db_run(r, STMT(Q_MRN_NEXT), &next, DB_ARGS(DB_INT(cid))) < 0)
				return PORTAL_ERR;
			use = req_printf(r, "P%07lld", db_cell_int(&next, 0, 0) + attempt);
		}
		char now[20];
		clock_sql(clock_now(), now);
		char *lower_email = email->valid && email->s[0] ? req_strdup(r, email->s) : NULL;
		for (char *p = lower_email; p && *p; p++)
			*p = (char)tolower((unsigned char)*p);
		rc = db_run(r, STMT(Q_PATIENT_INSERT), &rs, DB_ARGS(DB_INT(cid), DB_STR(use),
			DB_STR(first->s), DB_STR(last->s), DB_STR(dob->s),
			DB_STR(sex->valid ? sex->s : "unknown"),
			DB_STR(lang->valid ? lang->s : lang_codes[r->clinic->default_lang]),
			DB_STR(phone->valid && phone->s[0] ? phone->s : NULL), DB_STR(lower_email), DB_STR(now)));
		if (rc == DB_DUPLICATE && mrn_value) {
			page_error(r, "mrn", "staff.err_mrn_taken");
			return show_register(r);
		}
	}
	if (rc < 0)
		return PORTAL_ERR;
	audit(r, "patient.create", rs.insert_id, "patient", rs.insert_id, AUDIT_SUCCESS);
	return redirect(r, req_printf(r, "%s?registered=1", url(r, req_printf(r, "/staff/patients/%lld",
		rs.insert_id))));
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff", ACCESS_STAFF, page_search, 0, 0 },
	{ HTTP_GET, "/staff/patients/new", ACCESS_STAFF, page_register, 0, 0 },
	{ HTTP_POST, "/staff/patients", ACCESS_STAFF, post_register, 0, 0 },
	{ HTTP_GET, "/staff/patients/:id", ACCESS_STAFF, page_chart, 0, 0 },
	{ HTTP_POST, "/staff/patients/:id/activation-code", ACCESS_STAFF, post_issue_code, 0, 0 },
};

PORTAL_MAIN(.name = "staff", ROUTES(routes), FIELDS(fields), .stmts = stmts, .nstmts = Q__MAX);
