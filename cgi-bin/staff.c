/*
 * staff: where staff land after signing in. Find a patient (name, date of
 * birth, MRN), see the chart header, issue an activation code and print the
 * enrolment letter in the patient's language, register a new patient.
 * Every lookup is scoped to the staff member's clinic.
 */
#include "portal.h"

#include <ctype.h>
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
	[KEY_Q] = { "q", FIELD_TEXT, 0, 100, NULL, .optional = true },
	[KEY_DOB] = { "dob", FIELD_DATE, .optional = true },
	[KEY_MRN] = { "mrn", FIELD_TEXT, 1, 32, NULL, .optional = true },
	[KEY_FIRST] = { "first_name", FIELD_TEXT, 1, 100, NULL },
	[KEY_LAST] = { "last_name", FIELD_TEXT, 1, 100, NULL },
	[KEY_SEX] = { "sex", FIELD_ENUM, 0, 0, sex_choices },
	[KEY_LANG] = { "lang", FIELD_ENUM, 0, 0, lang_choices },
	/* As typed, punctuation and all, in what patients.phone holds. */
	[KEY_PHONE] = { "phone", FIELD_PHONE, 0, 40, NULL, .optional = true },
	[KEY_EMAIL] = { "email", FIELD_EMAIL, .optional = true },
	[KEY_REGISTERED] = { "registered", FIELD_INT, 0, 1, NULL },
};

/* Both lookups of a patient start with who the patient is and end with the
 * state of their portal account: an active sign-in, or a code not yet
 * used. */
enum { PATIENT_ID, PATIENT_FIRST, PATIENT_LAST, PATIENT_DOB, PATIENT_MRN, PATIENT__IDENTITY };
#define PORTAL_STATUS \
	" (SELECT u.email FROM users u WHERE u.patient_id = p.id AND u.status = 'active')," \
	" (SELECT MAX(c.expires_at) FROM activation_codes c WHERE c.patient_id = p.id" \
	"   AND c.clinic_id = p.clinic_id AND c.used_at IS NULL AND c.revoked_at IS NULL AND c.expires_at > ?)"

/* Sets <base>.Id, .First, .Last, .Dob and .Mrn from a row of either lookup. */
static void
set_identity(struct req *r, const char *base, const struct db_rows *rs, size_t i)
{
	page_set(r, req_printf(r, "%s.Id", base), db_cell(rs, i, PATIENT_ID));
	page_set(r, req_printf(r, "%s.First", base), db_cell(rs, i, PATIENT_FIRST));
	page_set(r, req_printf(r, "%s.Last", base), db_cell(rs, i, PATIENT_LAST));
	page_set(r, req_printf(r, "%s.Dob", base), fmt_sql_date(r, db_cell(rs, i, PATIENT_DOB)));
	page_set(r, req_printf(r, "%s.Mrn", base), db_cell(rs, i, PATIENT_MRN));
}

/* -------------------------------------------------------------- search */

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

enum { SEARCH_ACCOUNT = PATIENT__IDENTITY, SEARCH_CODE_UNTIL, SEARCH__COLS };
/* Each of up to three name words must start the first or the last name;
 * the collation ignores case and accents ("garcia" finds "García"). An
 * empty criterion is skipped with "? = ''". */
static struct db_stmt q_search = DB_QUERY("patient_search", SEARCH__COLS,
	"SELECT p.id, p.first_name, p.last_name, p.dob, p.mrn," PORTAL_STATUS
	" FROM patients p WHERE p.clinic_id = ?"
	" AND (? = '' OR p.mrn = ?)"
	" AND (? = '' OR p.dob = ?)"
	" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
	" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
	" AND (? = '' OR p.first_name LIKE ? OR p.last_name LIKE ?)"
	" ORDER BY p.last_name, p.first_name, p.dob LIMIT 51");

static const char *
portal_status(struct req *r, const struct db_rows *rs, size_t i)
{
	if (db_cell(rs, i, SEARCH_ACCOUNT))
		return tr(r, "staff.portal_active");
	if (db_cell(rs, i, SEARCH_CODE_UNTIL))
		return tr(r, "staff.portal_code");
	return tr(r, "staff.portal_none");
}

static int
page_search(struct req *r)
{
	const struct field *q = req_field(r, KEY_Q), *dob = req_field(r, KEY_DOB), *mrn = req_field(r, KEY_MRN);
	page_set_text(r, "Page.Title", "staff.title");
	page_set_field(r, "Form.Q", KEY_Q, NULL);
	page_set_field(r, "Form.Dob", KEY_DOB, NULL);
	page_set_field(r, "Form.Mrn", KEY_MRN, NULL);
	bool any = (q->valid && !q->empty) || (dob->present && !dob->empty) || (mrn->valid && !mrn->empty);
	if (!any) {
		if (q->present || dob->present || mrn->present)
			page_set_text(r, "Page.Error", "staff.need_criteria");
		return render(r, "staff_search.cs");
	}
	if (dob->present && !dob->valid) {
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
	if (db_run(r, &q_search, &rs, DB_ARGS(DB_STR(now), DB_INT(clinic_id(r)),
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
		set_identity(r, b, &rs, i);
		page_set(r, req_printf(r, "%s.Portal", b), portal_status(r, &rs, i));
	}
	/* The search terms are health data themselves: not in the audit row. */
	audit(r, "patient.search", 0, NULL, 0, AUDIT_SUCCESS);
	return render(r, "staff_search.cs");
}

/* --------------------------------------------------------------- chart */

/* Whole years from a date of birth ("YYYY-MM-DD") to now. */
static int
age_on(const char *dob, time_t now)
{
	time_t born;
	struct tm b, tm;
	if (clock_parse_sql(dob, &born) < 0)
		return 0;
	gmtime_r(&born, &b);
	gmtime_r(&now, &tm);
	int age = tm.tm_year - b.tm_year;
	if (tm.tm_mon < b.tm_mon || (tm.tm_mon == b.tm_mon && tm.tm_mday < b.tm_mday))
		age--;
	return age;
}

enum {
	CHART_SEX = PATIENT__IDENTITY,
	CHART_LANG,
	CHART_PHONE,
	CHART_EMAIL,
	CHART_ADDRESS,
	CHART_ACCOUNT,
	CHART_CODE_UNTIL,
	CHART__COLS
};
static struct db_stmt q_chart = DB_QUERY("patient_chart", CHART__COLS,
	"SELECT p.id, p.first_name, p.last_name, p.dob, p.mrn, p.sex, p.lang, p.phone, p.email,"
	" CONCAT_WS(', ', p.address_line, p.city, CONCAT_WS(' ', p.state, p.postal_code)),"
	PORTAL_STATUS
	" FROM patients p WHERE p.id = ? AND p.clinic_id = ?");

/* Loads the chart header of the patient in the path into the page: 0, 404
 * or PORTAL_ERR. Another clinic's patient, or none: the same 404, and a
 * record. */
static int
load_patient(struct req *r, struct db_rows *rs)
{
	long long id = r->path_ids[0];
	char now[20];
	clock_sql(clock_now(), now);
	int rc = load_or_404(r, &q_chart, rs, (struct audit_object){ "chart.view", 0, "patient", id },
		DB_ARGS(DB_STR(now), DB_INT(id), DB_INT(clinic_id(r))));
	if (rc)
		return rc;
	set_identity(r, "Patient", rs, 0);
	page_set_int(r, "Patient.Age", age_on(db_cell(rs, 0, PATIENT_DOB), clock_now()));
	page_set_text(r, "Patient.Sex", req_printf(r, "sex.%s", db_cell(rs, 0, CHART_SEX)));
	int lang = lang_from_code(db_cell(rs, 0, CHART_LANG));
	page_set_text(r, "Patient.Language", req_printf(r, "language_name.%s",
		lang_codes[lang < 0 ? LANG_EN : lang]));
	page_set(r, "Patient.Phone", db_cell(rs, 0, CHART_PHONE));
	page_set(r, "Patient.Email", db_cell(rs, 0, CHART_EMAIL));
	page_set(r, "Patient.Address", db_cell(rs, 0, CHART_ADDRESS));
	page_set(r, "Patient.Account", db_cell(rs, 0, CHART_ACCOUNT));
	time_t until;
	if (db_cell(rs, 0, CHART_CODE_UNTIL) && clock_parse_sql(db_cell(rs, 0, CHART_CODE_UNTIL), &until) == 0)
		page_set(r, "Patient.CodeUntil", fmt_date(r, until));
	page_set_text(r, "Page.Title", "staff.chart_title");
	return 0;
}

static int
page_chart(struct req *r)
{
	struct db_rows rs;
	int rc = load_patient(r, &rs);
	if (rc)
		return rc;
	if (req_field(r, KEY_REGISTERED)->i == 1)
		page_set_text(r, "Page.Notice", "staff.registered");
	long long id = r->path_ids[0];
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
	int rc = load_patient(r, &rs);
	if (rc)
		return rc;
	char code[15];
	time_t expires;
	if (enrol_issue_code(r, r->path_ids[0], code, &expires) < 0)
		return PORTAL_ERR;
	int lang = lang_from_code(db_cell(&rs, 0, CHART_LANG));
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
	page_set_field(r, "Form.First", KEY_FIRST, NULL);
	page_set_field(r, "Form.Last", KEY_LAST, NULL);
	page_set_field(r, "Form.Dob", KEY_DOB, NULL);
	page_set_field(r, "Form.Mrn", KEY_MRN, NULL);
	page_set_field(r, "Form.Phone", KEY_PHONE, NULL);
	page_set_field(r, "Form.Email", KEY_EMAIL, NULL);
	const struct field *sex = req_field(r, KEY_SEX), *lang = req_field(r, KEY_LANG);
	page_set(r, "Form.Sex", sex->valid ? sex->s : "unknown");
	page_set(r, "Form.Lang", lang->valid ? lang->s : lang_codes[r->clinic->default_lang]);
	return render(r, "staff_register.cs");
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

enum { NEXT_MRN_NUMBER, NEXT_MRN__COLS };
static struct db_stmt q_mrn_next = DB_QUERY("mrn_next", NEXT_MRN__COLS,
	"SELECT COUNT(*) + 1 FROM patients WHERE clinic_id = ?");

/* The MRN of a patient registered without one: they count up
 * ("P0000042"), and attempt n skips n taken by imported ones. NULL on a
 * failure. */
static const char *
assigned_mrn(struct req *r, int attempt)
{
	struct db_rows next;
	if (db_run(r, &q_mrn_next, &next, DB_ARGS(DB_INT(clinic_id(r)))) < 0)
		return NULL;
	return req_printf(r, "P%07lld", db_cell_int(&next, 0, NEXT_MRN_NUMBER) + attempt);
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
	if (!dob->valid || dob->empty || strcmp(dob->s, today) > 0)
		page_error(r, "dob", "staff.err_dob");
	if (sex->present && !sex->valid)
		page_error(r, "sex", "staff.err_sex");
	if (lang->present && (!lang->valid || !r->clinic->offered[lang->i]))
		page_error(r, "lang", "staff.err_lang");
	if (mrn->present && (!mrn->valid || (!mrn->empty && !mrn_ok(mrn->s))))
		page_error(r, "mrn", "staff.err_mrn");
	if (phone->present && !phone->valid)
		page_error(r, "phone", "staff.err_phone");
	if (email->present && !email->valid)
		page_error(r, "email", "staff.err_email");
	if (page_error_count(r))
		return show_register(r);

	struct new_patient p = { field_text(mrn), first->s, last->s, dob->s, field_text(sex), field_text(lang),
		field_text(phone), field_text(email) };
	long long id = DB_DUPLICATE;
	/* An assigned MRN taken by an imported one: the next. */
	for (int attempt = 0; id == DB_DUPLICATE && attempt < 5; attempt++) {
		if (field_text(mrn) == NULL && (p.mrn = assigned_mrn(r, attempt)) == NULL)
			return PORTAL_ERR;
		id = patient_create(r, &p);
		if (id == DB_DUPLICATE && field_text(mrn)) {
			page_error(r, "mrn", "staff.err_mrn_taken");
			return show_register(r);
		}
	}
	if (id < 0)
		return PORTAL_ERR;
	return redirect(r, req_printf(r, "%s?registered=1", url(r, req_printf(r, "/staff/patients/%lld", id))));
}

static const struct route routes[] = {
	{ HTTP_GET, "/staff", ACCESS_STAFF, page_search, 0, 0 },
	{ HTTP_GET, "/staff/patients/new", ACCESS_STAFF, show_register, 0, 0 },
	{ HTTP_POST, "/staff/patients", ACCESS_STAFF, post_register, 0, 0 },
	{ HTTP_GET, "/staff/patients/:id", ACCESS_STAFF, page_chart, 0, 0 },
	{ HTTP_POST, "/staff/patients/:id/activation-code", ACCESS_STAFF, post_issue_code, 0, 0 },
};

PORTAL_MAIN(.name = "staff", ROUTES(routes), FIELDS(fields));
