/*
 * Sessions and CSRF. A session token is 256 random bits, sent only in a
 * __Host- cookie and stored only as its SHA-256. Each clinic has its own
 * cookie and every lookup is scoped to the clinic, so a session of one clinic
 * is worthless at another. CSRF tokens are an HMAC of the session token (or,
 * before sign-in, of a random pre-session cookie) under the installation key:
 * nothing to store, and a token from one session fails in any other.
 */
#include "services.h"

#include <stdio.h>
#include <string.h>

#define TOKEN_BYTES 32
#define TOKEN_CHARS 43         /* base64url of 32 bytes, unpadded */
#define PRE_COOKIE "__Host-portal-pre"

enum {
	SESSION_ID, SESSION_USER, SESSION_ROLE, SESSION_PATIENT, SESSION_DISPLAY_NAME, SESSION_LANG,
	SESSION_CREATED, SESSION_LAST_SEEN, SESSION_FIRST_NAME, SESSION_BADGES
};
/* The session, its user and the navigation's badges in one round trip; the
 * badges' columns are added by session_set_badges. */
static const char session_columns[] =
	"SELECT s.id, s.user_id, u.role, COALESCE(u.patient_id, 0), u.display_name,"
	" u.lang, s.created_at, s.last_seen_at, p.first_name";
static const char session_from[] =
	" FROM sessions s JOIN users u ON u.id = s.user_id AND u.clinic_id = s.clinic_id"
	" LEFT JOIN patients p ON p.id = u.patient_id AND p.clinic_id = u.clinic_id"
	" WHERE s.token_hash = ? AND s.clinic_id = ? AND u.status = 'active'";
static struct db_stmt q_load = DB_QUERY("session_load", SESSION_BADGES, NULL);
static struct db_stmt q_touch = DB_STMT("session_touch", "UPDATE sessions SET last_seen_at = ? WHERE id = ?");
static struct db_stmt q_insert = DB_STMT("session_insert",
	"INSERT INTO sessions (token_hash, user_id, clinic_id, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)");
static struct db_stmt q_delete = DB_STMT("session_delete", "DELETE FROM sessions WHERE id = ?");
static struct db_stmt q_delete_user_expired = DB_STMT("session_delete_user_expired",
	"DELETE FROM sessions WHERE user_id = ? AND (last_seen_at < ? OR created_at < ?)");

static const char *badge_names[SESSION_BADGES_MAX];
static size_t nbadges;

int
session_set_badges(const struct badge_def *const *badges, size_t n)
{
	if (n > SESSION_BADGES_MAX)
		return -1;
	struct buf sql;
	buf_init(&sql, 0);
	buf_puts(&sql, session_columns);
	for (size_t i = 0; i < n; i++) {
		/* Each badge only for the roles it concerns: a patient's page never
		 * counts a staff queue. */
		buf_puts(&sql, ", IF(u.role IN (");
		int k = 0;
		for (int role = 0; role < ROLE__MAX; role++)
			if (badges[i]->access & ROLE_BIT(role))
				buf_printf(&sql, "%s'%s'", k++ ? ", " : "", role_names[role]);
		buf_printf(&sql, "%s), (%s), 0)", k ? "" : "''", badges[i]->sql);
		badge_names[i] = badges[i]->name;
	}
	nbadges = n;
	buf_puts(&sql, session_from);
	if (sql.failed)
		return -1;
	q_load.sql = sql.data;        /* for the life of the process */
	q_load.ncols = SESSION_BADGES + (int)n;
	return 0;
}

int
session_badge_index(const char *name)
{
	for (size_t i = 0; name && i < nbadges; i++)
		if (strcmp(badge_names[i], name) == 0)
			return (int)i;
	return -1;
}

const char *
session_cookie_name(struct req *r)
{
	return req_printf(r, "__Host-portal-%s", r->clinic ? r->clinic->slug : "none");
}

enum session_state
session_check_times(time_t now, time_t created, time_t last_seen, int idle_minutes)
{
	if (now - created >= SESSION_ABSOLUTE_S)
		return SESSION_EXPIRED;
	if (now - last_seen >= (time_t)idle_minutes * 60)
		return SESSION_IDLE;
	return SESSION_OK;
}

static void
token_hash(const char *token, unsigned char out[32])
{
	crypto_sha256(token, strlen(token), out);
}

int
session_load(struct req *r)
{
	r->session = NULL;
	r->session_token = NULL;
	if (r->clinic == NULL)
		return 0;
	const char *token = req_cookie(r, session_cookie_name(r));
	if (token == NULL || valid_token(token, TOKEN_CHARS, TOKEN_CHARS) < 0)
		return 0;
	long long cid = clinic_id(r);
	if (cid == 0)
		return -1;
	unsigned char h[32];
	token_hash(token, h);
	struct db_rows rs;
	if (q_load.sql == NULL)
		session_set_badges(NULL, 0);
	if (db_run(r, &q_load, &rs, DB_ARGS(DB_BLOB(h, sizeof(h)), DB_INT(cid))) < 0)
		return -1;
	if (rs.nrows != 1) {
		/* Unknown or deleted (signed out, expired and removed): anonymous. */
		set_cookie(r, session_cookie_name(r), "", 0);
		return 0;
	}
	struct session *s = req_alloc(r, sizeof(*s));
	memset(s, 0, sizeof(*s));
	s->id = db_cell_int(&rs, 0, SESSION_ID);
	s->user_id = db_cell_int(&rs, 0, SESSION_USER);
	int role = role_from_name(db_cell(&rs, 0, SESSION_ROLE));
	s->patient_id = db_cell_int(&rs, 0, SESSION_PATIENT);
	s->display_name = db_cell(&rs, 0, SESSION_DISPLAY_NAME);
	int lang = lang_from_code(db_cell(&rs, 0, SESSION_LANG));
	s->lang = lang < 0 ? r->clinic->default_lang : (enum lang)lang;
	if (clock_parse_sql(db_cell(&rs, 0, SESSION_CREATED), &s->created) < 0 ||
	    clock_parse_sql(db_cell(&rs, 0, SESSION_LAST_SEEN), &s->last_seen) < 0 || role < 0)
		return -1;
	s->role = (enum role)role;
	s->first_name = db_cell(&rs, 0, SESSION_FIRST_NAME);
	for (size_t i = 0; i < nbadges; i++)
		s->badges[i] = db_cell_int(&rs, 0, SESSION_BADGES + (int)i);
	if (s->first_name == NULL)
		s->first_name = s->display_name;

	time_t now = clock_now();
	enum session_state st = session_check_times(now, s->created, s->last_seen,
		r->clinic->idle_timeout_min);
	if (st != SESSION_OK) {
		db_run(r, &q_delete, NULL, DB_ARGS(DB_INT(s->id)));
		set_cookie(r, session_cookie_name(r), "", 0);
		r->signed_out_idle = true;
		r->session = s;    /* for the audit row's user and role */
		audit(r, st == SESSION_IDLE ? "session.idle_timeout" : "session.expired",
			s->patient_id, "session", s->id, AUDIT_SUCCESS);
		r->session = NULL;
		return 0;
	}
	/* Writing last_seen on every request would double the round trips of a
	 * page; a minute of slack on a 15-minute timeout is harmless. */
	if (now - s->last_seen >= SESSION_TOUCH_S) {
		char ts[20];
		clock_sql(now, ts);
		if (db_run(r, &q_touch, NULL, DB_ARGS(DB_STR(ts), DB_INT(s->id))) < 0)
			return -1;
		s->last_seen = now;
	}
	r->session = s;
	r->session_token = token;
	return 0;
}

int
session_create(struct req *r, long long user_id)
{
	/* Rotation: whatever session the browser had is gone before the new one. */
	if (r->session)
		session_destroy(r);
	unsigned char raw[TOKEN_BYTES];
	char token[TOKEN_CHARS + 1];
	unsigned char h[32];
	if (crypto_random(raw, sizeof(raw)) < 0)
		return -1;
	crypto_base64url(raw, sizeof(raw), token);
	crypto_cleanse(raw, sizeof(raw));
	token_hash(token, h);
	time_t now = clock_now();
	char ts[20], idle_cut[20], abs_cut[20];
	clock_sql(now, ts);
	clock_sql(now - (time_t)r->clinic->idle_timeout_min * 60, idle_cut);
	clock_sql(now - SESSION_ABSOLUTE_S, abs_cut);
	/* Housekeeping: this user's dead sessions go when a new one starts. */
	db_run(r, &q_delete_user_expired, NULL,
		DB_ARGS(DB_INT(user_id), DB_STR(idle_cut), DB_STR(abs_cut)));
	struct db_rows rs;
	if (db_run(r, &q_insert, &rs, DB_ARGS(DB_BLOB(h, sizeof(h)), DB_INT(user_id),
	    DB_INT(clinic_id(r)), DB_STR(ts), DB_STR(ts))) < 0)
		return -1;
	set_cookie(r, session_cookie_name(r), token, -1);
	r->session_token = req_strdup(r, token);
	crypto_cleanse(token, sizeof(token));
	return 0;
}

int
session_destroy(struct req *r)
{
	if (r->session == NULL)
		return 0;
	int rc = db_run(r, &q_delete, NULL, DB_ARGS(DB_INT(r->session->id)));
	set_cookie(r, session_cookie_name(r), "", 0);
	r->session_token = NULL;
	return rc < 0 ? -1 : 0;
}

/* ----------------------------------------------------------------- CSRF */

const char *
csrf_token_for(const char *binding, char *out, size_t outlen)
{
	unsigned char mac[32];
	char msg[128];
	if (outlen < 44)
		return NULL;
	int n = snprintf(msg, sizeof(msg), "csrf|%s", binding);
	if (n < 0 || (size_t)n >= sizeof(msg))
		return NULL;
	crypto_hmac(msg, (size_t)n, mac);
	crypto_base64url(mac, sizeof(mac), out);
	return out;
}

/* The value a form's token is bound to: the session token when signed in,
 * else the pre-session cookie (created here when missing). */
static const char *
csrf_binding(struct req *r, bool create)
{
	if (r->session_token)
		return r->session_token;
	if (r->pre_token == NULL) {
		const char *c = req_cookie(r, PRE_COOKIE);
		if (c && valid_token(c, TOKEN_CHARS, TOKEN_CHARS) == 0)
			r->pre_token = c;
	}
	if (r->pre_token == NULL && create) {
		unsigned char raw[TOKEN_BYTES];
		char *tok = req_alloc(r, TOKEN_CHARS + 1);
		if (crypto_random(raw, sizeof(raw)) < 0)
			return NULL;
		crypto_base64url(raw, sizeof(raw), tok);
		set_cookie(r, PRE_COOKIE, tok, -1);
		r->pre_token = tok;
	}
	return r->pre_token;
}

const char *
csrf_token(struct req *r)
{
	const char *binding = csrf_binding(r, true);
	if (binding == NULL)
		return "";
	char *out = req_alloc(r, 48);
	return csrf_token_for(binding, out, 48) ? out : "";
}

bool
csrf_check(struct req *r, const char *token)
{
	const char *binding = csrf_binding(r, false);
	char expected[48];
	if (binding == NULL || token == NULL || csrf_token_for(binding, expected, sizeof(expected)) == NULL)
		return false;
	return crypto_str_equal(expected, token);
}
