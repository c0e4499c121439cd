/*
 * account: what a signed-in user sets for themselves. The language switch,
 * and a patient's notification settings: email, text messages (only with
 * an explicit opt-in) or none, and quiet hours. Also the SMS gateway's
 * callback for replies, so that a STOP is honoured.
 */
#include "portal.h"

#include <ctype.h>
#include <string.h>

enum key {
	KEY_LANG,
	KEY_BACK,
	KEY_CHANNEL,
	KEY_PHONE,
	KEY_CONSENT,
	KEY_QUIET_START,
	KEY_QUIET_END,
	KEY_SAVED,
	KEY_TOKEN,
	KEY_FROM,
	KEY_SMS_BODY,
	KEY__MAX
};

static const char *const lang_choices[] = { "en", "es", NULL };
static const char *const channel_choices[] = { "email", "sms", "none", NULL };
/* "" is no quiet hours; otherwise whole hours. */
static const char *const hour_choices[] = { "", "00:00", "01:00", "02:00", "03:00", "04:00", "05:00", "06:00",
	"07:00", "08:00", "09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00",
	"19:00", "20:00", "21:00", "22:00", "23:00", NULL };

static const struct field_def fields[KEY__MAX] = {
	[KEY_LANG] = { "lang", FIELD_ENUM, 0, 0, lang_choices },
	[KEY_BACK] = { "back", FIELD_TEXT, 1, 300, NULL },
	[KEY_CHANNEL] = { "channel", FIELD_ENUM, 0, 0, channel_choices },
	[KEY_PHONE] = { "sms_phone", FIELD_PHONE, .optional = true },
	[KEY_CONSENT] = { "sms_consent", FIELD_INT, 0, 1, NULL },
	[KEY_QUIET_START] = { "quiet_start", FIELD_ENUM, 0, 0, hour_choices },
	[KEY_QUIET_END] = { "quiet_end", FIELD_ENUM, 0, 0, hour_choices },
	[KEY_SAVED] = { "saved", FIELD_INT, 0, 1, NULL },
	/* Gateways put the secret in the callback address or in the form. */
	[KEY_TOKEN] = { "token", FIELD_TOKEN, 16, 200, NULL, .from_query = true },
	[KEY_FROM] = { "From", FIELD_PHONE },
	[KEY_SMS_BODY] = { "Body", FIELD_TEXT, 0, 1600, NULL },
};

/* ------------------------------------------------------------ language */

static struct db_stmt q_user_lang = DB_STMT("user_lang", "UPDATE users SET lang = ? WHERE id = ? AND clinic_id = ?");

static int
post_language(struct req *r)
{
	const struct field *lang = req_field(r, KEY_LANG);
	const struct field *back = req_field(r, KEY_BACK);
	if (!lang->valid || !r->clinic->offered[lang->i])
		return 400;
	if (db_run(r, &q_user_lang, NULL, DB_ARGS(DB_STR(lang->s), DB_INT(r->session->user_id),
	    DB_INT(clinic_id(r)))) < 0)
		return PORTAL_ERR;
	const char *to = back->valid ? safe_next(r, back->s) : NULL;
	return redirect(r, to ? to : landing_url(r));
}

/* ------------------------------------------------------ notifications */

enum {
	PREFS_EMAIL,
	PREFS_CHANNEL,
	PREFS_SMS_PHONE,
	PREFS_OPTED_IN,
	PREFS_OPTED_OUT,
	PREFS_QUIET_START,
	PREFS_QUIET_END,
	PREFS__COLS
};
static struct db_stmt q_prefs = DB_QUERY("prefs", PREFS__COLS,
	"SELECT u.email, COALESCE(n.channel, 'email'), n.sms_phone,"
	" n.sms_opt_in_at IS NOT NULL AND (n.sms_opt_out_at IS NULL OR n.sms_opt_out_at < n.sms_opt_in_at),"
	" n.sms_opt_out_at IS NOT NULL AND (n.sms_opt_in_at IS NULL OR n.sms_opt_out_at >= n.sms_opt_in_at),"
	" n.quiet_start, n.quiet_end"
	" FROM users u LEFT JOIN notification_prefs n ON n.user_id = u.id WHERE u.id = ? AND u.clinic_id = ?");

static int
load_prefs(struct req *r, struct db_rows *rs)
{
	if (db_run(r, &q_prefs, rs, DB_ARGS(DB_INT(r->session->user_id), DB_INT(clinic_id(r)))) < 0 ||
	    rs->nrows != 1)
		return PORTAL_ERR;
	return 0;
}

/* The form as sent when it was, else as saved. */
static const char *
sent_or_saved(struct req *r, int key, const struct db_rows *rs, int col)
{
	const struct field *f = req_field(r, key);
	return f->valid ? f->s : db_cell(rs, 0, col) ? db_cell(rs, 0, col) : "";
}

static int
show_prefs(struct req *r, struct db_rows *rs)
{
	page_set(r, "Prefs.Email", db_cell(rs, 0, PREFS_EMAIL));
	page_set(r, "Form.Channel", sent_or_saved(r, KEY_CHANNEL, rs, PREFS_CHANNEL));
	page_set_field(r, "Form.Phone", KEY_PHONE, db_cell(rs, 0, PREFS_SMS_PHONE));
	if (db_cell_int(rs, 0, PREFS_OPTED_IN))
		page_set(r, "Prefs.OptedIn", "1");
	if (db_cell_int(rs, 0, PREFS_OPTED_OUT))
		page_set(r, "Prefs.OptedOut", "1");
	page_set(r, "Form.QuietStart", sent_or_saved(r, KEY_QUIET_START, rs, PREFS_QUIET_START));
	page_set(r, "Form.QuietEnd", sent_or_saved(r, KEY_QUIET_END, rs, PREFS_QUIET_END));
	for (int i = 0; hour_choices[i]; i++)
		page_set(r, req_printf(r, "Hours.%d", i), hour_choices[i]);
	if (req_field(r, KEY_SAVED)->i == 1)
		page_set_text(r, "Page.Notice", "account.saved");
	page_set_text(r, "Page.Title", "account.notifications_title");
	return render(r, "account_notifications.cs");
}

static int
page_prefs(struct req *r)
{
	struct db_rows rs;
	if (load_prefs(r, &rs) < 0)
		return PORTAL_ERR;
	return show_prefs(r, &rs);
}

/* The opt-in time is kept unless this save gives consent anew. */
static struct db_stmt q_prefs_save = DB_STMT("prefs_save",
	"INSERT INTO notification_prefs (user_id, clinic_id, channel, sms_phone, sms_opt_in_at, quiet_start,"
	" quiet_end, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
	" ON DUPLICATE KEY UPDATE channel = VALUES(channel), sms_phone = VALUES(sms_phone),"
	" sms_opt_in_at = COALESCE(VALUES(sms_opt_in_at), sms_opt_in_at), quiet_start = VALUES(quiet_start),"
	" quiet_end = VALUES(quiet_end), updated_at = VALUES(updated_at)");

static int
post_prefs(struct req *r)
{
	const struct field *channel = req_field(r, KEY_CHANNEL), *phone = req_field(r, KEY_PHONE);
	const struct field *consent = req_field(r, KEY_CONSENT);
	const struct field *qs = req_field(r, KEY_QUIET_START), *qe = req_field(r, KEY_QUIET_END);
	struct db_rows rs;
	if (load_prefs(r, &rs) < 0)
		return PORTAL_ERR;
	if (!channel->valid || (qs->present && !qs->valid) || (qe->present && !qe->valid))
		return 400;
	if (phone->present && !phone->valid)
		page_error(r, "sms_phone", "account.err_phone");
	const char *e164 = phone->valid && !phone->empty ? phone->e164 : NULL;
	bool opted_in = db_cell_int(&rs, 0, PREFS_OPTED_IN) == 1;
	/* A new number needs consent again: it may be somebody else's phone. */
	bool same_phone = e164 && db_cell_is(&rs, 0, PREFS_SMS_PHONE, e164);
	if (strcmp(channel->s, "sms") == 0 && page_error_count(r) == 0) {
		if (e164 == NULL)
			page_error(r, "sms_phone", "account.err_phone_needed");
		else if (consent->i != 1 && !(opted_in && same_phone))
			page_error(r, "sms_consent", "account.err_consent");
	}
	if (page_error_count(r))
		return show_prefs(r, &rs);
	char now[20];
	clock_sql(clock_now(), now);
	bool consents = strcmp(channel->s, "sms") == 0 && consent->i == 1;
	const char *start = qs->valid && qs->s[0] ? qs->s : NULL, *end = qe->valid && qe->s[0] ? qe->s : NULL;
	if (start == NULL || end == NULL)
		start = end = NULL;    /* half a window is no window */
	if (db_begin(r) < 0)
		return PORTAL_ERR;
	if (db_run(r, &q_prefs_save, NULL, DB_ARGS(DB_INT(r->session->user_id), DB_INT(clinic_id(r)),
	    DB_STR(channel->s), DB_STR(e164), consents ? DB_STR(now) : DB_NULLARG, DB_STR(start), DB_STR(end),
	    DB_STR(now))) < 0 ||
	    audit(r, "notification_prefs.update", r->session->patient_id, "user", r->session->user_id,
		AUDIT_SUCCESS) < 0 || db_commit(r) < 0) {
		db_rollback(r);
		return PORTAL_ERR;
	}
	return redirect(r, url(r, "/account/notifications?saved=1"));
}

/* ------------------------------------------------------ SMS callbacks */

static bool
token_ok(const char *given)
{
	char path[4096];
	char *expected = secret_read(conf_secret_path(portal_conf->sms_inbound_token_file, "sms_inbound_token", path,
		sizeof(path)));
	bool ok = expected && strlen(expected) >= 16 && crypto_str_equal(expected, given);
	secret_free(expected);
	return ok;
}

static struct db_stmt q_sms_stop = DB_STMT("sms_stop",
	"UPDATE notification_prefs SET sms_opt_out_at = ?, updated_at = ? WHERE clinic_id = ? AND sms_phone = ?");
static struct db_stmt q_sms_start = DB_STMT("sms_start",
	"UPDATE notification_prefs SET sms_opt_in_at = ?, updated_at = ? WHERE clinic_id = ? AND sms_phone = ?"
	" AND sms_opt_out_at IS NOT NULL");

/* The words carriers and people use to stop or restart texts, and what
 * each does to the sender's number. */
struct sms_keyword {
	const char *const *words;
	struct db_stmt *stmt;
	const char *action;            /* of the audit row */
};
static const char *const stop_words[] = { "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "ALTO",
	"PARAR", "BAJA", NULL };
static const char *const start_words[] = { "START", "UNSTOP", "YES", "INICIO", NULL };
static const struct sms_keyword sms_keywords[] = {
	{ stop_words, &q_sms_stop, "sms.opt_out" },
	{ start_words, &q_sms_start, "sms.opt_in" },
};

/* The keyword a text starts with, or NULL. */
static const struct sms_keyword *
keyword(const char *body)
{
	char word[16];
	size_t n = 0;
	const char *p = body;
	while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
		p++;
	while (*p && !strchr(" \r\n\t.!", *p) && n < sizeof(word) - 1)
		word[n++] = (char)toupper((unsigned char)*p++);
	word[n] = '\0';
	for (size_t k = 0; k < sizeof(sms_keywords) / sizeof(sms_keywords[0]); k++)
		for (const char *const *w = sms_keywords[k].words; *w; w++)
			if (strcmp(word, *w) == 0)
				return &sms_keywords[k];
	return NULL;
}

static int
post_sms_inbound(struct req *r)
{
	const struct field *from = req_field(r, KEY_FROM), *body = req_field(r, KEY_SMS_BODY);
	const struct field *token = req_field(r, KEY_TOKEN);
	if (!token->valid || !token_ok(token->s)) {
		audit(r, "sms.inbound", 0, NULL, 0, AUDIT_DENIED);
		return 404;
	}
	const struct sms_keyword *kw = body->valid ? keyword(body->s) : NULL;
	if (from->valid && kw) {
		char now[20];
		clock_sql(clock_now(), now);
		struct db_rows rs;
		if (db_run(r, kw->stmt, &rs, DB_ARGS(DB_STR(now), DB_STR(now), DB_INT(clinic_id(r)),
		    DB_STR(from->e164))) < 0)
			return PORTAL_ERR;
		audit(r, kw->action, 0, NULL, 0, AUDIT_SUCCESS);
	}
	/* Gateways want a quick 200; the reply text is theirs to send. */
	static const char ok[] = "OK\n";
	return respond_raw(r, 200, "text/plain; charset=utf-8", ok, sizeof(ok) - 1, NULL);
}

static const struct route routes[] = {
	{ HTTP_POST, "/account/language", ACCESS_SIGNED_IN, post_language, 0, 0 },
	{ HTTP_GET, "/account/notifications", ACCESS_PATIENT, page_prefs, 0, 0 },
	{ HTTP_POST, "/account/notifications", ACCESS_PATIENT, post_prefs, 0, 0 },
	{ HTTP_POST, "/hooks/sms-inbound", ACCESS_PUBLIC, post_sms_inbound, 0, ROUTE_WEBHOOK },
};

PORTAL_MAIN(.name = "account", ROUTES(routes), FIELDS(fields));
