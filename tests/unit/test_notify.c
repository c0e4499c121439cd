/* The outbox (notify.c): quiet hours, and what a notification becomes for
 * each patient's settings, against a MariaDB of the test's own. */
#include "unit_db.h"

static struct req *r;
static long long cid;

/* Test rows, made with the test's own SQL (never with user input). */
static void
exec(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
exec(const char *fmt, ...)
{
	char sql[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	if (db_exec_raw(sql) < 0)
		fail_msg("%s: %s", sql, db_error_message());
}

static int
group_setup(void **state)
{
	if (unit_db_setup() < 0)
		return -1;
	r = req_cli_new(conf_clinic("riverside"));
	if (r == NULL)
		return -1;
	cid = clinic_id(r);
	return cid > 0 ? 0 : -1;
}

static int
group_teardown(void **state)
{
	req_cli_free(r);
	return unit_db_teardown();
}

/* A patient; with an account when email is given, and settings when
 * channel is. Returns the patient's id. */
static long long
patient(const char *mrn, const char *email, const char *lang, const char *channel, const char *phone, bool opted_in,
	const char *quiet_start, const char *quiet_end)
{
	exec("INSERT INTO patients (clinic_id, mrn, first_name, last_name, dob, created_at)"
		" VALUES (%lld, '%s', 'Test', 'Patient', '1980-01-01', UTC_TIMESTAMP())", cid, mrn);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT id FROM patients WHERE mrn = '%s'", mrn);
	long long pid = unit_db_int(sql);
	if (email) {
		exec("INSERT INTO users (clinic_id, email, password_hash, role, patient_id, display_name, lang, created_at)"
			" VALUES (%lld, '%s', 'x', 'patient', %lld, 'Test', '%s', UTC_TIMESTAMP())", cid, email, pid, lang);
		if (channel)
			exec("INSERT INTO notification_prefs (user_id, clinic_id, channel, sms_phone, sms_opt_in_at, quiet_start,"
				" quiet_end, updated_at) SELECT id, clinic_id, '%s', %s%s%s, %s, %s%s%s, %s%s%s, UTC_TIMESTAMP()"
				" FROM users WHERE patient_id = %lld", channel,
				phone ? "'" : "", phone ? phone : "NULL", phone ? "'" : "",
				opted_in ? "UTC_TIMESTAMP()" : "NULL",
				quiet_start ? "'" : "", quiet_start ? quiet_start : "NULL", quiet_start ? "'" : "",
				quiet_end ? "'" : "", quiet_end ? quiet_end : "NULL", quiet_end ? "'" : "", pid);
	}
	return pid;
}

static long long
queued(long long pid, const char *where)
{
	char sql[400];
	snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM outbox WHERE patient_id = %lld AND %s", pid, where);
	return unit_db_int(sql);
}

static void
test_quiet_hours(void **state)
{
	const struct clinic *c = conf_clinic("riverside");    /* America/Chicago */
	/* 2026-07-01 03:30 UTC is 22:30 the day before in Chicago (CDT). */
	time_t late = 1782876600;
	assert_int_equal(notify_due(c, late, NULL, NULL), late);
	assert_int_equal(notify_due(c, late, "08:00", "08:00"), late);       /* no window */
	assert_int_equal(notify_due(c, late, "12:00", "14:00"), late);       /* outside it */
	/* 21:00-07:00 wraps midnight: due at 07:00, 8.5 hours later. */
	assert_int_equal(notify_due(c, late, "21:00", "07:00"), late + (8 * 60 + 30) * 60);
	/* 22:00-23:00: due at 23:00. */
	assert_int_equal(notify_due(c, late, "22:00", "23:00"), late + 30 * 60);
	assert_int_equal(notify_due(c, late, "bad", "07:00"), late);
}

static void
test_channels(void **state)
{
	long long none = patient("N1", NULL, "en", NULL, NULL, false, NULL, NULL);
	long long mail = patient("N2", "n2@example.org", "es", NULL, NULL, false, NULL, NULL);
	long long off = patient("N3", "n3@example.org", "en", "none", NULL, false, NULL, NULL);
	long long sms_no_consent = patient("N4", "n4@example.org", "en", "sms", "+15555550104", false, NULL, NULL);
	long long sms = patient("N5", "n5@example.org", "en", "sms", "+15555550105", true, NULL, NULL);
	long long french = patient("N6", "n6@example.org", "fr", NULL, NULL, false, NULL, NULL);
	const long long all[] = { none, mail, off, sms_no_consent, sms, french };
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		assert_int_equal(notify_patient(r, all[i], "new_message", "/messages/1"), 0);

	assert_int_equal(queued(none, "1"), 0);                       /* no account: nobody to tell */
	assert_int_equal(queued(mail, "channel = 'email' AND recipient = 'n2@example.org' AND lang = 'es'"
		" AND template = 'new_message' AND link = 'https://portal.example.org/riverside/messages/1'"
		" AND status = 'pending'"), 1);
	assert_int_equal(queued(off, "1"), 0);                        /* chose no notifications */
	assert_int_equal(queued(sms_no_consent, "1"), 0);             /* texts need consent */
	assert_int_equal(queued(sms, "channel = 'sms' AND recipient = '+15555550105'"), 1);
	assert_int_equal(queued(french, "lang = 'en'"), 1);           /* the clinic's language */
}

static void
test_quiet_hours_delay_the_row(void **state)
{
	long long pid = patient("Q1", "q1@example.org", "en", "email", NULL, false, "00:00", "23:59");
	time_t now = clock_now();
	assert_int_equal(notify_patient(r, pid, "new_result", "/results"), 0);
	/* Within a window of all but a minute, the row waits for its end. */
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT UNIX_TIMESTAMP(due_at) - %lld FROM outbox WHERE patient_id = %lld",
		(long long)now, pid);
	long long wait = unit_db_int(sql);
	assert_true(wait >= 0 && wait <= 24 * 3600);
}

static void
test_addresses_and_visits(void **state)
{
	assert_int_equal(notify_address(r, "team@example.org", LANG_ES, "urgent_alert", "/staff/messages/9"), 0);
	assert_int_equal(notify_address(r, "not an address", LANG_EN, "urgent_alert", "/staff"), 0);
	assert_int_equal(unit_db_int("SELECT COUNT(*) FROM outbox WHERE template = 'urgent_alert'"), 1);
	assert_int_equal(unit_db_int("SELECT COUNT(*) FROM outbox WHERE recipient = 'team@example.org'"
		" AND patient_id IS NULL AND lang = 'es'"), 1);
	/* A reminder is tied to its visit and held until its time. */
	long long pid = patient("V1", "v1@example.org", "en", NULL, NULL, false, NULL, NULL);
	time_t when = clock_now() + 3 * 86400;
	assert_int_equal(notify_patient_at(r, pid, "appointment_reminder", "/visit?t=x", when, 77), 0);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT UNIX_TIMESTAMP(due_at) FROM outbox WHERE patient_id = %lld AND appointment_id = 77",
		pid);
	assert_int_equal(unit_db_int(sql), (long long)when);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_hours),
		cmocka_unit_test(test_channels),
		cmocka_unit_test(test_quiet_hours_delay_the_row),
		cmocka_unit_test(test_addresses_and_visits),
	};
	return cmocka_run_group_tests_name("notify", tests, group_setup, group_teardown);
}
