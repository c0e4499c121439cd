/* The enqueue side of notifications: one outbox row per notification,
 * written in the caller's transaction (so a rolled-back change announces
 * nothing), addressed by the patient's preferences and quiet hours. The
 * notifier program sends them. */
#include "services.h"

#include <stdio.h>
#include <string.h>

enum { TARGET_EMAIL, TARGET_LANG, TARGET_CHANNEL, TARGET_SMS_PHONE, TARGET_SMS_OK, TARGET_QUIET_START,
	TARGET_QUIET_END, TARGET__COLS };
static struct db_stmt q_target = DB_QUERY("notify_target", TARGET__COLS,
	"SELECT u.email, u.lang, COALESCE(n.channel, 'email'), n.sms_phone,"
	" n.sms_opt_in_at IS NOT NULL AND (n.sms_opt_out_at IS NULL OR n.sms_opt_out_at < n.sms_opt_in_at),"
	" n.quiet_start, n.quiet_end"
	" FROM users u LEFT JOIN notification_prefs n ON n.user_id = u.id"
	" WHERE u.clinic_id = ? AND u.patient_id = ? AND u.status = 'active'");
static struct db_stmt q_outbox_insert = DB_STMT("outbox_insert",
	"INSERT INTO outbox (clinic_id, patient_id, appointment_id, channel, recipient, template, lang, link,"
	" due_at, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)");

time_t
notify_due(const struct clinic *c, time_t now, const char *quiet_start, const char *quiet_end)
{
	int start = clock_parse_hhmm(quiet_start), end = clock_parse_hhmm(quiet_end);
	if (start < 0 || end < 0 || start == end)
		return now;
	struct tm tm;
	clock_local(c->timezone, now, &tm);
	int cur = tm.tm_hour * 60 + tm.tm_min;
	/* A window may wrap midnight: 21:00-08:00. */
	bool quiet = start < end ? cur >= start && cur < end : cur >= start || cur < end;
	if (!quiet)
		return now;
	int wait = (end - cur + 1440) % 1440;
	return now + (time_t)wait * 60 - tm.tm_sec;
}

static int
enqueue(struct req *r, long long patient_id, long long appointment_id, const char *channel,
	const char *recipient, const char *tmpl, enum lang lang, const char *path, time_t due)
{
	char due_s[20], now_s[20];
	clock_sql(due, due_s);
	clock_sql(clock_now(), now_s);
	const char *link = req_printf(r, "%s%s", portal_conf->public_url, url(r, path));
	return db_run(r, &q_outbox_insert, NULL, DB_ARGS(DB_INT(clinic_id(r)),
		patient_id ? DB_INT(patient_id) : DB_NULLARG, appointment_id ? DB_INT(appointment_id) : DB_NULLARG,
		DB_STR(channel), DB_STR(recipient),
		DB_STR(tmpl), DB_STR(lang_codes[lang]), DB_STR(link), DB_STR(due_s), DB_STR(now_s))) < 0 ? -1 : 0;
}

int
notify_patient(struct req *r, long long patient_id, const char *tmpl, const char *path)
{
	return notify_patient_at(r, patient_id, tmpl, path, 0, 0);
}

int
notify_patient_at(struct req *r, long long patient_id, const char *tmpl, const char *path, time_t when,
	long long appointment_id)
{
	struct db_rows rs;
	if (db_run(r, &q_target, &rs, DB_ARGS(DB_INT(clinic_id(r)), DB_INT(patient_id))) < 0)
		return -1;
	if (rs.nrows != 1)
		return 0;              /* no portal account: nobody to tell */
	const char *channel = db_cell(&rs, 0, TARGET_CHANNEL);
	int l = lang_from_code(db_cell(&rs, 0, TARGET_LANG));
	enum lang lang = l >= 0 && r->clinic->offered[l] ? (enum lang)l : r->clinic->default_lang;
	time_t now = clock_now();
	time_t due = notify_due(r->clinic, when > now ? when : now, db_cell(&rs, 0, TARGET_QUIET_START),
		db_cell(&rs, 0, TARGET_QUIET_END));
	if (strcmp(channel, "sms") == 0) {
		/* Texts need an explicit opt-in that no STOP has withdrawn. */
		if (db_cell_int(&rs, 0, TARGET_SMS_OK) != 1 || db_cell(&rs, 0, TARGET_SMS_PHONE) == NULL)
			return 0;
		return enqueue(r, patient_id, appointment_id, "sms", db_cell(&rs, 0, TARGET_SMS_PHONE), tmpl, lang, path,
			due);
	}
	if (strcmp(channel, "email") != 0)
		return 0;              /* the patient chose no notifications */
	return enqueue(r, patient_id, appointment_id, "email", db_cell(&rs, 0, TARGET_EMAIL), tmpl, lang, path, due);
}

int
notify_address(struct req *r, const char *email, enum lang lang, const char *tmpl, const char *path)
{
	if (email == NULL || valid_email(email) < 0)
		return 0;
	return enqueue(r, 0, 0, "email", email, tmpl, lang, path, clock_now());
}
