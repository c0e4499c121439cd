/*
 * portalctl: everything a clinic admin or a host does at a shell.
 * Not a FastCGI worker; it uses the same library, so the same rules
 * (validation, audit, hashed secrets) apply to what it changes.
 */
#include "portal.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: portalctl [--config portal.yaml] COMMAND [ARGS]\n"
	"\n"
	"Commands:\n"
	"  migrate                        apply new files of migrations/ in order, then set up\n"
	"                                 the application's database account and its grants\n"
	"  config check [FILE...]         check portal.yaml or clinic files (default: all)\n"
	"  clinic add SLUG --name NAME    create conf/clinics/SLUG.yaml from a starter and register it\n"
	"  staff add --clinic SLUG --email EMAIL --role ROLE --name NAME\n"
	"                                 add a staff account; the password is read from standard\n"
	"                                 input (12 to 128 characters). ROLE: provider, nurse,\n"
	"                                 front_desk, billing, clinic_admin\n"
	"  patient add --clinic SLUG --first NAME --last NAME --dob YYYY-MM-DD\n"
	"              [--mrn MRN] [--sex female|male|other|unknown] [--lang en|es]\n"
	"              [--phone PHONE] [--email EMAIL]\n"
	"  activation-code --clinic SLUG --mrn MRN\n"
	"                                 issue a single-use activation code (printed once)\n"
	"  seed-demo                      load the demo clinics' patients, charts and staff (once)\n"
	"  audit verify                   check the audit log's hash chain; exit 1 if broken\n"
	"\n"
	"The configuration is --config, else $PORTAL_CONFIG, else conf/portal.yaml.\n";

static const struct app app = {
	.name = "portalctl",
	.needs_password_list = true,
};

static const char *config_path;

static int fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "portalctl: ");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

static int
start(bool admin)
{
	char err[1024];
	if (portal_init(&app, config_path, err, sizeof(err)) < 0)
		return fail("%s", err);
	if ((admin ? db_connect_admin() : db_connect_app()) < 0)
		return fail("cannot connect to the database: %s", db_error_message());
	return 0;
}

/* --name value pairs after the command words. */
static const char *
opt(int argc, char **argv, const char *name)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], name) == 0)
			return argv[i + 1];
	return NULL;
}

/* A migration or the demo seed is far smaller than this. */
#define SQL_FILE_MAX (16 * 1024 * 1024)

/* ------------------------------------------------------------ migrate */

enum { TABLES_NAME, TABLES__COLS };
static struct db_stmt q_tables = DB_QUERY("tables", TABLES__COLS,
	"SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
	" AND table_type = 'BASE TABLE' ORDER BY table_name");

/* Grants: everything the pages need on every table, except that the
 * audit log can only be read and appended to (its trigger does the chain). */
static int
grant_app_account(void)
{
	const struct portal_conf *pc = portal_conf;
	char *pw = secret_read(pc->db_password_file);
	if (pw == NULL)
		return fail("cannot read database.password_file %s", pc->db_password_file ? pc->db_password_file : "(unset)");
	char qpw[512], quser[128], qhost[600], sql[4096];
	bool usable = strlen(pw) <= 200 && db_quote(pw, qpw, sizeof(qpw)) == 0 &&
		db_quote(pc->db_user, quser, sizeof(quser)) == 0 &&
		db_quote(pc->db_app_host, qhost, sizeof(qhost)) == 0;
	secret_free(pw);
	if (!usable) {
		crypto_cleanse(qpw, sizeof(qpw));
		return fail("%s", "the database password or account name is unusable");
	}
	char acct[800];
	snprintf(acct, sizeof(acct), "'%.120s'@'%.600s'", quser, qhost);
	snprintf(sql, sizeof(sql), "CREATE USER IF NOT EXISTS %.750s IDENTIFIED BY '%.450s';"
		" ALTER USER %.750s IDENTIFIED BY '%.450s'", acct, qpw, acct, qpw);
	crypto_cleanse(qpw, sizeof(qpw));
	int rc = db_exec_raw(sql);
	crypto_cleanse(sql, sizeof(sql));
	if (rc < 0)
		return fail("creating the application account failed: %s", db_error_message());
	struct db_rows rs;
	if (db_run_direct(&q_tables, &rs, DB_ARGS(DB_STR(pc->db_name))) < 0) {
		db_rows_free(&rs);
		return fail("cannot list tables: %s", db_error_message());
	}
	rc = 0;
	for (size_t i = 0; i < rs.nrows && rc == 0; i++) {
		if (db_cell_is(&rs, i, TABLES_NAME, "audit_head") ||
		    db_cell_is(&rs, i, TABLES_NAME, "schema_migrations"))
			continue;
		bool append_only = db_cell_is(&rs, i, TABLES_NAME, "audit_log");
		snprintf(sql, sizeof(sql), "GRANT %s ON `%.64s`.`%.64s` TO %.750s",
			append_only ? "SELECT, INSERT" : "SELECT, INSERT, UPDATE, DELETE", pc->db_name,
			db_cell(&rs, i, TABLES_NAME), acct);
		rc = db_exec_raw(sql);
	}
	db_rows_free(&rs);
	if (rc < 0)
		return fail("granting privileges failed: %s", db_error_message());
	return 0;
}

/* A numbered file of the migrations directory, read once: the text that
 * is applied is the one whose checksum was checked and is recorded. */
struct migration {
	char *name;            /* "0001_foundation.sql" */
	long long version;
	char *sql;
	size_t len;
	char sum[65];
};
#define MIGRATIONS_MAX 1000

static int
by_name(const void *a, const void *b)
{
	return strcmp(((const struct migration *)a)->name, ((const struct migration *)b)->name);
}

/* The migrations of dir in the order of their names (not yet read): how
 * many, or -1 when dir cannot be opened. */
static long
migrations_list(const char *dir, struct migration *m)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		return -1;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && n < MIGRATIONS_MAX) {
		size_t l = strlen(e->d_name);
		if (l > 4 && strcmp(e->d_name + l - 4, ".sql") == 0 && isdigit((unsigned char)e->d_name[0])) {
			m[n].name = strdup(e->d_name);
			m[n].version = strtoll(e->d_name, NULL, 10);
			n++;
		}
	}
	closedir(d);
	qsort(m, n, sizeof(*m), by_name);
	return (long)n;
}

enum { APPLIED_VERSION, APPLIED_NAME, APPLIED_CHECKSUM, APPLIED__COLS };
static struct db_stmt q_migrations_applied = DB_QUERY("migrations_applied", APPLIED__COLS,
	"SELECT version, name, checksum FROM schema_migrations ORDER BY version");

/* The checksum recorded for a version, or NULL when it was never applied. */
static const char *
applied_checksum(const struct db_rows *applied, long long version)
{
	for (size_t k = 0; k < applied->nrows; k++)
		if (db_cell_int(applied, k, APPLIED_VERSION) == version)
			return db_cell(applied, k, APPLIED_CHECKSUM);
	return NULL;
}

/* Reads the files in order and refuses to go on if history was rewritten:
 * two files of one number, or one edited after it was applied. */
static int
migrations_read(const char *dir, struct migration *m, size_t n, const struct db_rows *applied)
{
	long long prev_version = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, m[i].name);
		m[i].sql = file_read(path, SQL_FILE_MAX, &m[i].len);
		if (m[i].sql == NULL)
			return fail("cannot read %s", path);
		crypto_sha256_hex(m[i].sql, m[i].len, m[i].sum);
		if (m[i].version == prev_version)
			return fail("two migrations share the number of %s", m[i].name);
		prev_version = m[i].version;
		const char *recorded = applied_checksum(applied, m[i].version);
		if (recorded && strcmp(recorded, m[i].sum) != 0) {
			fprintf(stderr, "portalctl: migration %s was edited after it was applied "
				"(recorded checksum %.12s..., file now %.12s...).\n"
				"Never edit an applied migration: restore it and add a new numbered file.\n",
				m[i].name, recorded, m[i].sum);
			return 1;
		}
	}
	return 0;
}

static struct db_stmt q_migration_record = DB_STMT("migration_record",
	"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)");

/* Applies the files not applied yet, each recorded once it ran: how many,
 * or -1. */
static long
migrations_apply(const struct migration *m, size_t n, const struct db_rows *applied)
{
	long count = 0;
	for (size_t i = 0; i < n; i++) {
		if (applied_checksum(applied, m[i].version))
			continue;
		if (db_exec_raw(m[i].sql) < 0) {
			fprintf(stderr, "portalctl: migration %s failed: %s\n", m[i].name, db_error_message());
			return -1;
		}
		char now[20];
		clock_sql(clock_now(), now);
		if (db_exec_direct(&q_migration_record, DB_ARGS(DB_INT(m[i].version), DB_STR(m[i].name),
		    DB_STR(m[i].sum), DB_STR(now))) < 0) {
			fail("cannot record migration: %s", db_error_message());
			return -1;
		}
		printf("applied %s\n", m[i].name);
		count++;
	}
	return count;
}

static struct db_stmt q_migrations_table = DB_STMT("migrations_table",
	"CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY,"
	" name VARCHAR(200) NOT NULL, checksum CHAR(64) NOT NULL, applied_at DATETIME NOT NULL)"
	" ENGINE=InnoDB");

static int
cmd_migrate(int argc, char **argv)
{
	const char *dir = opt(argc, argv, "--dir");
	if (dir == NULL)
		dir = "migrations";
	if (start(true))
		return 1;
	struct db_rows applied = { 0 };
	if (db_exec_direct(&q_migrations_table, DB_NOARGS) < 0 ||
	    db_run_direct(&q_migrations_applied, &applied, DB_NOARGS) < 0) {
		db_rows_free(&applied);
		return fail("cannot read schema_migrations: %s", db_error_message());
	}
	struct migration *m = calloc(MIGRATIONS_MAX, sizeof(*m));
	if (m == NULL) {
		db_rows_free(&applied);
		return fail("%s", "out of memory");
	}
	long n = migrations_list(dir, m);
	long applied_now = -1;
	if (n < 0)
		fail("cannot open the migrations directory %s", dir);
	else if (migrations_read(dir, m, (size_t)n, &applied) == 0)
		applied_now = migrations_apply(m, (size_t)n, &applied);
	for (long i = 0; i < n; i++) {
		free(m[i].name);
		free(m[i].sql);
	}
	free(m);
	db_rows_free(&applied);
	if (applied_now < 0 || grant_app_account())
		return 1;
	printf("database is up to date (%ld migration%s applied now)\n", applied_now, applied_now == 1 ? "" : "s");
	return 0;
}

/* ------------------------------------------------------------- config */

static int
cmd_config_check(int argc, char **argv)
{
	char err[1024];
	int bad = 0;
	if (argc == 0) {
		struct portal_conf *pc = conf_load(config_path, err, sizeof(err));
		if (pc == NULL) {
			fprintf(stderr, "%s\n", err);
			return 1;
		}
		printf("%s: ok (%zu clinic%s)\n", config_path, pc->nclinics, pc->nclinics == 1 ? "" : "s");
		conf_free(pc);
		return 0;
	}
	for (int i = 0; i < argc; i++) {
		if (conf_check_file(argv[i], err, sizeof(err)) < 0) {
			fprintf(stderr, "%s\n", err);
			bad = 1;
		} else {
			printf("%s: ok\n", argv[i]);
		}
	}
	return bad;
}

/* ------------------------------------------------------------- clinic */

/* A clinic file that passes the checks as it is: every declared feature
 * listed, on where it needs nothing more than this file says (messaging
 * gets a topic and a response time); appointments and billing stay off
 * until their settings are written. */
static void
write_starter(FILE *f, const char *slug, const char *name)
{
	fprintf(f,
		"# %s: generated by portalctl clinic add. Edit, then run portalctl config check.\n"
		"slug: %s\n"
		"name: \"%s\"\n"
		"branding:\n  primary_color: \"#0b5d7a\"\n  accent_color: \"#8a4b00\"\n"
		"languages:\n  default: en\n  offered: [en, es]\n"
		"timezone: America/Chicago\n"
		"phone: \"(555) 000-0000\"\n"
		"hours:\n  - days: { en: Monday to Friday, es: lunes a viernes }\n    open: \"08:00\"\n    close: \"17:00\"\n"
		"locations:\n  - key: main\n    name: \"%s\"\n    address: \"Street, City, State ZIP\"\n"
		"care_teams:\n  - key: general\n    name: { en: Care team, es: Equipo de atenci\xc3\xb3n }\n"
		"messaging:\n  response_time: { en: within 2 business days, es: en un plazo de 2 d\xc3\xad" "as h\xc3\xa1" "biles }\n"
		"  topics:\n    - { key: general, name: { en: A question, es: Una pregunta }, care_team: general }\n"
		"features:\n",
		name, slug, name, name);
	for (size_t i = 0; i < portal_nfeatures; i++) {
		const char *key = portal_features[i].key;
		if (key)
			fprintf(f, "  %s: %s\n", key,
				strcmp(key, "appointments") == 0 || strcmp(key, "billing") == 0 ? "false" : "true");
	}
}

static int
cmd_clinic_add(int argc, char **argv)
{
	if (argc < 1 || argv[0][0] == '-')
		return fail("%s", "clinic add needs a SLUG (lower-case letters, digits, '-')");
	const char *slug = argv[0], *name = opt(argc - 1, argv + 1, "--name");
	if (name == NULL)
		return fail("%s", "clinic add needs --name \"Full name of the clinic\"");
	if (strlen(slug) > 40 || strspn(slug, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(slug))
		return fail("'%s' is not a usable slug: lower-case letters, digits and '-', at most 40", slug);
	char err[1024];
	struct portal_conf *pc = conf_load(config_path, err, sizeof(err));
	if (pc == NULL)
		return fail("%s", err);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s.yaml", pc->clinics_dir, slug);
	conf_free(pc);
	if (access(path, F_OK) == 0)
		return fail("%s already exists; edit it, then run 'portalctl config check'", path);
	FILE *f = fopen(path, "wx");
	if (f == NULL)
		return fail("cannot create %s", path);
	write_starter(f, slug, name);
	fclose(f);
	if (conf_check_file(path, err, sizeof(err)) < 0) {
		unlink(path);
		return fail("the name cannot be used in YAML as given: %s", err);
	}
	if (start(false))
		return 1;
	const struct clinic *cl = conf_clinic(slug);
	struct req *r = req_cli_new(cl);
	long long id = r ? clinic_id(r) : 0;
	if (id)
		audit(r, "clinic.add", 0, "clinic", id, AUDIT_SUCCESS);
	req_cli_free(r);
	if (id == 0)
		return fail("cannot register the clinic: %s", db_error_message());
	printf("created %s and registered clinic '%s'; restart the workers to serve it\n", path, slug);
	return 0;
}

/* -------------------------------------------------------------- people */

static struct req *
clinic_request(int argc, char **argv)
{
	const char *slug = opt(argc, argv, "--clinic");
	if (slug == NULL) {
		fail("%s", "--clinic SLUG is required");
		return NULL;
	}
	if (start(false))
		return NULL;
	const struct clinic *cl = conf_clinic(slug);
	if (cl == NULL) {
		fail("no clinic '%s' in the configuration", slug);
		return NULL;
	}
	struct req *r = req_cli_new(cl);
	if (r == NULL || clinic_id(r) == 0) {
		req_cli_free(r);
		fail("cannot reach the clinic's row: %s", db_error_message());
		return NULL;
	}
	return r;
}

static int
read_password(char *buf, size_t len)
{
	if (isatty(STDIN_FILENO))
		fprintf(stderr, "Password (12 to 128 characters): ");
	if (fgets(buf, (int)len, stdin) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static struct db_stmt q_staff_insert = DB_STMT("staff_insert",
	"INSERT INTO users (clinic_id, email, password_hash, role, display_name, lang, status, created_at)"
	" VALUES (?, ?, ?, ?, ?, ?, 'active', ?)");

static int
cmd_staff_add(int argc, char **argv)
{
	const char *email = opt(argc, argv, "--email"), *role = opt(argc, argv, "--role");
	const char *name = opt(argc, argv, "--name");
	if (email == NULL || role == NULL || name == NULL)
		return fail("%s", "staff add needs --clinic, --email, --role and --name");
	if (valid_email(email) < 0)
		return fail("'%s' is not a valid email address", email);
	int rl = role_from_name(role);
	if (rl <= ROLE_PATIENT)
		return fail("'%s' is not a staff role (provider, nurse, front_desk, billing, clinic_admin)", role);
	if (valid_utf8_text(name, strlen(name), 1, 200, false) < 0)
		return fail("%s", "--name must be 1 to 200 characters of text");
	struct req *r = clinic_request(argc, argv);
	if (r == NULL)
		return 1;
	char pw[600], phc[160];
	int rc = 1;
	if (read_password(pw, sizeof(pw)) < 0) {
		fail("%s", "no password on standard input");
		goto out;
	}
	enum pw_problem pp = auth_password_problem(pw, email);
	if (pp != PW_OK) {
		fail("%s", pp == PW_TOO_SHORT ? "the password needs at least 12 characters" :
			pp == PW_TOO_LONG ? "the password can have at most 128 characters" :
			pp == PW_COMMON ? "that password is too common" : "that password is not acceptable");
		goto out;
	}
	if (auth_hash_password(pw, phc, sizeof(phc)) < 0) {
		fail("%s", "hashing failed");
		goto out;
	}
	char lower[256], now[20];
	snprintf(lower, sizeof(lower), "%s", email);
	for (char *p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	clock_sql(clock_now(), now);
	struct db_rows rs;
	int dr = db_run(r, &q_staff_insert, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(lower), DB_STR(phc),
		DB_STR(role), DB_STR(name), DB_STR(lang_codes[r->clinic->default_lang]), DB_STR(now)));
	if (dr == DB_DUPLICATE)
		fail("%s already has an account at this clinic", lower);
	else if (dr < 0)
		fail("cannot add the account: %s", db_error_message());
	else {
		audit(r, "staff.add", 0, "user", rs.insert_id, AUDIT_SUCCESS);
		printf("added %s (%s) to %s\n", lower, role, r->clinic->slug);
		rc = 0;
	}
out:
	crypto_cleanse(pw, sizeof(pw));
	req_cli_free(r);
	return rc;
}

static int
cmd_patient_add(int argc, char **argv)
{
	const char *first = opt(argc, argv, "--first"), *last = opt(argc, argv, "--last");
	const char *dob = opt(argc, argv, "--dob"), *mrn = opt(argc, argv, "--mrn");
	const char *sex = opt(argc, argv, "--sex"), *lang = opt(argc, argv, "--lang");
	const char *phone = opt(argc, argv, "--phone"), *email = opt(argc, argv, "--email");
	if (first == NULL || last == NULL || dob == NULL)
		return fail("%s", "patient add needs --clinic, --first, --last and --dob");
	if (valid_utf8_text(first, strlen(first), 1, 100, false) < 0 ||
	    valid_utf8_text(last, strlen(last), 1, 100, false) < 0)
		return fail("%s", "names must be 1 to 100 characters of text");
	if (valid_date(dob, NULL, NULL, NULL) < 0)
		return fail("--dob '%s' is not a date like 1980-03-25", dob);
	if (sex && strcmp(sex, "female") && strcmp(sex, "male") && strcmp(sex, "other") && strcmp(sex, "unknown"))
		return fail("--sex '%s' must be female, male, other or unknown", sex);
	if (lang && lang_from_code(lang) < 0)
		return fail("--lang '%s' must be en or es", lang);
	if (email && valid_email(email) < 0)
		return fail("--email '%s' is not a valid address", email);
	if (mrn && (strlen(mrn) == 0 || strlen(mrn) > 32))
		return fail("%s", "--mrn must be 1 to 32 characters");
	struct req *r = clinic_request(argc, argv);
	if (r == NULL)
		return 1;
	char gen[32];
	if (mrn == NULL) {
		snprintf(gen, sizeof(gen), "P%ld", (long)(clock_now() % 100000000));
		mrn = gen;
	}
	long long id = patient_create(r, &(struct new_patient){ mrn, first, last, dob, sex, lang, phone, email });
	int rc = 1;
	if (id == DB_DUPLICATE)
		fail("MRN %s is already used at this clinic", mrn);
	else if (id < 0)
		fail("cannot add the patient: %s", db_error_message());
	else {
		printf("added patient MRN %s to %s\n", mrn, r->clinic->slug);
		rc = 0;
	}
	req_cli_free(r);
	return rc;
}

enum { PATIENT_ID, PATIENT_FIRST_NAME, PATIENT_LAST_NAME, PATIENT__COLS };
static struct db_stmt q_patient_by_mrn = DB_QUERY("patient_by_mrn", PATIENT__COLS,
	"SELECT id, first_name, last_name FROM patients WHERE clinic_id = ? AND mrn = ?");

static int
cmd_activation_code(int argc, char **argv)
{
	const char *mrn = opt(argc, argv, "--mrn");
	if (mrn == NULL)
		return fail("%s", "activation-code needs --clinic and --mrn");
	struct req *r = clinic_request(argc, argv);
	if (r == NULL)
		return 1;
	struct db_rows rs;
	int rc = 1;
	if (db_run(r, &q_patient_by_mrn, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_STR(mrn))) < 0)
		fail("cannot look up the patient: %s", db_error_message());
	else if (rs.nrows != 1)
		fail("no patient with MRN %s at this clinic", mrn);
	else {
		char code[15];
		time_t expires;
		if (enrol_issue_code(r, db_cell_int(&rs, 0, PATIENT_ID), code, &expires) < 0)
			fail("cannot issue the code: %s", db_error_message());
		else {
			char exp[20];
			clock_sql(expires, exp);
			printf("%s\nexpires %s UTC; give it to %s %s with the enrolment letter\n", code, exp,
				db_cell(&rs, 0, PATIENT_FIRST_NAME), db_cell(&rs, 0, PATIENT_LAST_NAME));
			rc = 0;
		}
	}
	req_cli_free(r);
	return rc;
}

/* --------------------------------------------------------------- demo */

enum { DEMO_ACCOUNTS, DEMO__COLS };
static struct db_stmt q_demo_loaded = DB_QUERY("demo_loaded", DEMO__COLS,
	"SELECT COUNT(*) FROM users WHERE email = 'maria@riverside.example'");

static int
cmd_seed_demo(int argc, char **argv)
{
	const char *file = opt(argc, argv, "--file");
	if (file == NULL)
		file = "conf/demo-seed.sql";
	if (start(true))
		return 1;
	struct db_rows rs;
	if (db_run_direct(&q_demo_loaded, &rs, DB_NOARGS) < 0) {
		db_rows_free(&rs);
		return fail("cannot query the database: %s", db_error_message());
	}
	long long loaded = db_cell_int(&rs, 0, DEMO_ACCOUNTS);
	db_rows_free(&rs);
	if (loaded) {
		printf("demo data already loaded\n");
		return 0;
	}
	size_t len;
	char *seed = file_read(file, SQL_FILE_MAX, &len);
	if (seed == NULL)
		return fail("cannot read %s", file);
	/* Every demo account shares one password; the hash is made here so the
	 * seed file holds no credential. */
	char phc[160], sql[256];
	if (auth_hash_password("demo-portal-2026", phc, sizeof(phc)) < 0) {
		free(seed);
		return fail("%s", "hashing failed");
	}
	snprintf(sql, sizeof(sql), "SET @demo_password = '%s'", phc);
	int rc = db_exec_raw(sql) < 0 || db_exec_raw(seed) < 0;
	free(seed);
	if (rc)
		return fail("loading the demo failed: %s", db_error_message());
	printf("demo data loaded: clinics riverside and valle; password demo-portal-2026\n");
	return 0;
}

/* -------------------------------------------------------------- audit */

static int
cmd_audit_verify(void)
{
	if (start(true))
		return 1;
	char report[512];
	long long bad = audit_verify(report, sizeof(report));
	printf("%s\n", report);
	return bad == 0 ? 0 : 1;
}

int
main(int argc, char **argv)
{
	int i = 1;
	config_path = conf_default_path();
	if (i + 1 < argc && strcmp(argv[i], "--config") == 0) {
		config_path = argv[i + 1];
		i += 2;
	}
	if (i >= argc || strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
	    strcmp(argv[i], "help") == 0) {
		fputs(usage_text, i >= argc ? stderr : stdout);
		return i >= argc ? 2 : 0;
	}
	/* The clinic switches a clinic file may set are the declared features. */
	if (portal_register_features() < 0)
		return 1;
	const char *cmd = argv[i];
	const char *sub = i + 1 < argc ? argv[i + 1] : "";
	int rest = argc - i - 2;
	char **rargv = argv + i + 2;
	if (strcmp(cmd, "migrate") == 0)
		return cmd_migrate(argc - i - 1, argv + i + 1);
	if (strcmp(cmd, "config") == 0 && strcmp(sub, "check") == 0)
		return cmd_config_check(rest, rargv);
	if (strcmp(cmd, "clinic") == 0 && strcmp(sub, "add") == 0)
		return cmd_clinic_add(rest, rargv);
	if (strcmp(cmd, "staff") == 0 && strcmp(sub, "add") == 0)
		return cmd_staff_add(rest, rargv);
	if (strcmp(cmd, "patient") == 0 && strcmp(sub, "add") == 0)
		return cmd_patient_add(rest, rargv);
	if (strcmp(cmd, "activation-code") == 0)
		return cmd_activation_code(argc - i - 1, argv + i + 1);
	if (strcmp(cmd, "seed-demo") == 0)
		return cmd_seed_demo(argc - i - 1, argv + i + 1);
	if (strcmp(cmd, "audit") == 0 && strcmp(sub, "verify") == 0)
		return cmd_audit_verify();
	fprintf(stderr, "portalctl: unknown command '%s'\n\n%s", cmd, usage_text);
	return 2;
}
