/*
 * notifier: sends the outbox's notifications by email (SMTP) and by text
 * message (an HTTP SMS gateway), and records each outcome in the row. Not
 * a FastCGI worker: a loop that scripts/stack starts under scripts/supervise
 * (systemd in production). Several may run, on several servers.
 *
 * Every twelve polls it also queues the reminders of visits that came from the
 * EHR (booked elsewhere, so nobody queued them).
 *
 * Every notifications.poll_seconds it claims due rows with one UPDATE (the
 * database decides which notifier gets a row), sends them one at a time
 * and records the outcome. What keeps a notification from going out twice:
 *  - a claim names its notifier and lasts CLAIM_S seconds;
 *  - just before a send the claim is renewed, for longer than a send can
 *    take; a row whose claim was lost meanwhile is left alone;
 *  - an outcome is recorded only under the claim it was sent under.
 * A notifier killed mid-send leaves its row in 'sending'. Once the claim
 * has run out the row is taken again and the retry is recorded
 * (interrupted_attempts): the first try may have been delivered, so every
 * email carries a Message-ID derived from the row, the same on every try,
 * by which a receiver can drop the duplicate.
 *
 * The texts come from templates/lang/<lang>.hdf (notify.<template>.*), with
 * only the clinic's name and a link filled in: a notification never carries
 * health information, and neither does this program's log.
 *
 *   notifier [--config portal.yaml]
 * SIGTERM or SIGINT: the send in progress is finished and recorded, rows
 * claimed but not yet tried are handed back, and it exits 0.
 */
#include "portal.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <openssl/evp.h>

#define STR_(x) #x
#define STR(x) STR_(x)

#define BATCH 10               /* rows claimed at once */
#define CLAIM_S 60             /* how long a claim holds without renewal */
#define CONNECT_TIMEOUT_S 10
#define SEND_TIMEOUT_S 30      /* a whole SMTP session or HTTP request */
#define BACKOFF_FIRST_S 60     /* then 2, 4, 8 ... minutes */
#define BACKOFF_MAX_S 3600
#define ERROR_MAX 300          /* outbox.last_error, in characters */
#define TRANSPORT_ID_MAX 200   /* outbox.transport_id */
#define CLAIM_ID_MAX 100       /* outbox.claimed_by */
#define RESPONSE_MAX (64 * 1024)

/* A renewed claim must outlast the send that follows it, with room for
 * clocks of different servers that disagree by a few seconds. */
_Static_assert(SEND_TIMEOUT_S * 3 / 2 < CLAIM_S, "a claim must outlive a send");

static const struct app app = {
	.name = "notifier",
};

static volatile sig_atomic_t stopping;

static char host_name[65];              /* this machine, for claims */
static char msgid_domain[101];          /* the portal's host name, for Message-IDs */
static char mail_from_addr[260];        /* "<address>", the envelope sender */
static char *mail_from_header;          /* the From: field, encoded */

static void
on_signal(int sig)
{
	stopping = 1;
}

/* ------------------------------------------------------------- text */

/* Copies s into out as one line of well-formed UTF-8, at most cap - 1
 * bytes, never cutting a character: control characters become spaces and
 * bytes that are not UTF-8 '?'. What a server answered goes into a
 * VARCHAR that strict mode would otherwise refuse. */
static void
clean_text(char *out, size_t cap, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0;
	while (*p) {
		unsigned c = p[0], cp = 0, min = 0;
		size_t n = 1;
		if (c >= 0xc0 && c < 0xe0)
			n = 2, cp = c & 0x1f, min = 0x80;
		else if (c >= 0xe0 && c < 0xf0)
			n = 3, cp = c & 0x0f, min = 0x800;
		else if (c >= 0xf0 && c < 0xf5)
			n = 4, cp = c & 0x07, min = 0x10000;
		bool ok = c < 0x80 || n > 1;
		for (size_t k = 1; ok && k < n; k++) {
			ok = (p[k] & 0xc0) == 0x80;
			cp = cp << 6 | (p[k] & 0x3f);
		}
		if (n > 1 && ok)
			ok = cp >= min && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);
		if (!ok)
			n = 1;
		if (o + n >= cap)
			break;
		if (!ok)
			out[o++] = '?';
		else if (c < 0x20 || c == 0x7f)
			out[o++] = ' ';
		else {
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	out[o] = '\0';
}

static void fmt_error(char *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A last_error: at most ERROR_MAX characters (bytes, in fact: fewer than
 * the column's characters whatever the text). */
static void
fmt_error(char *out, const char *fmt, ...)
{
	char raw[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	clean_text(out, ERROR_MAX + 1, raw);
}

/* Adds what the server answered to a last_error. It may quote the
 * recipient, so the log gets the error without it: *loggable is the length
 * of the part fit for the log. */
static void
add_server_words(char *err, size_t *loggable, const char *said)
{
	*loggable = strlen(err);
	if (said == NULL || said[0] == '\0')
		return;
	char words[ERROR_MAX + 1];
	clean_text(words, sizeof(words), said);
	size_t room = ERROR_MAX - *loggable;
	if (room > 16)
		snprintf(err + *loggable, room + 1, "; the server said: %s", words);
	/* snprintf may have cut a character in two. */
	clean_text(words, sizeof(words), err);
	memcpy(err, words, strlen(words) + 1);
}

/* A translation with {clinic} and {link} filled in, in malloc'd memory. */
static char *
fill(const char *text, const char *clinic, const char *link)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (f == NULL)
		return NULL;
	for (const char *p = text; *p; p++) {
		if (strncmp(p, "{clinic}", 8) == 0) {
			fputs(clinic, f);
			p += 7;
		} else if (strncmp(p, "{link}", 6) == 0) {
			fputs(link, f);
			p += 5;
		} else
			fputc(*p, f);
	}
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Template names are identifiers; anything else could walk elsewhere in
 * the translation tree. */
static bool
template_name_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	return n > 0 && n <= 60 && strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The translation of notify.<tmpl>.<part>, or NULL when there is none. */
static const char *
template_text(enum lang lang, const char *tmpl, const char *part)
{
	char key[128];
	snprintf(key, sizeof(key), "notify.%.60s.%.20s", tmpl, part);
	return i18n_find(lang, key);
}

static bool
printable_ascii(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

/* ------------------------------------------------------------ email */

/* A header value that is not plain ASCII, as RFC 2047 encoded words of at
 * most 75 characters, each holding whole UTF-8 characters, folded. */
static void
put_encoded(FILE *f, const char *s)
{
	size_t len = strlen(s), pos = 0;
	while (pos < len) {
		/* 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and
		 * "?=", 72. */
		size_t n = len - pos > 45 ? 45 : len - pos;
		while (pos + n < len && n > 1 && ((unsigned char)s[pos + n] & 0xc0) == 0x80)
			n--;
		unsigned char b64[64];
		EVP_EncodeBlock(b64, (const unsigned char *)s + pos, (int)n);
		fprintf(f, "%s=?UTF-8?B?%s?=", pos ? "\r\n " : "", b64);
		pos += n;
	}
}

static void
put_header_text(FILE *f, const char *name, const char *value)
{
	fprintf(f, "%s: ", name);
	if (printable_ascii(value))
		fputs(value, f);
	else
		put_encoded(f, value);
	fputs("\r\n", f);
}

/* The body in quoted-printable: any server takes it (8bit needs the
 * 8BITMIME extension), and the text comes back byte for byte. Lines end
 * in CRLF; longer ones are broken with soft breaks, after at most 75
 * characters. */
static void
put_quoted_printable(FILE *f, const char *text)
{
	size_t col = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n') {
			fputs("\r\n", f);
			col = 0;
			continue;
		}
		char tok[4];
		bool line_end = p[1] == '\0' || p[1] == '\n' || p[1] == '\r';
		if ((*p >= 33 && *p <= 126 && *p != '=') || ((*p == ' ' || *p == '\t') && !line_end))
			tok[0] = (char)*p, tok[1] = '\0';
		else
			snprintf(tok, sizeof(tok), "=%02X", *p);
		size_t n = strlen(tok);
		if (col + n > 75) {
			fputs("=\r\n", f);
			col = 0;
		}
		fputs(tok, f);
		col += n;
	}
}

/* RFC 5322 date, in UTC, without the locale's names. */
static void
put_date(FILE *f, time_t t)
{
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
		"Sep", "Oct", "Nov", "Dec" };
	struct tm tm;
	gmtime_r(&t, &tm);
	fprintf(f, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
		months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The whole message, headers and body (which ends in a newline), in
 * malloc'd memory. */
static char *
email_message(const char *to, const char *subject, const char *body, const char *msgid, enum lang lang,
	size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	if (f == NULL)
		return NULL;
	put_date(f, clock_now());
	fprintf(f, "From: %s\r\n", mail_from_header);
	fprintf(f, "To: %s\r\n", to);
	put_header_text(f, "Subject", subject);
	fprintf(f, "Message-ID: %s\r\n", msgid);
	fputs("MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n", f);
	fprintf(f, "Content-Language: %s\r\n", lang_codes[lang]);
	/* RFC 3834: no out-of-office replies to a machine. */
	fputs("Auto-Submitted: auto-generated\r\n\r\n", f);
	put_quoted_printable(f, body);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

struct upload_src {
	const char *data;
	size_t len, pos;
};

static size_t
read_upload(char *buf, size_t size, size_t nitems, void *userdata)
{
	struct upload_src *u = userdata;
	size_t n = u->len - u->pos;
	if (n > size * nitems)
		n = size * nitems;
	memcpy(buf, u->data + u->pos, n);
	u->pos += n;
	return n;
}

/* The server's last refusal (a 4xx or 5xx line), for last_error: curl's
 * own message has the code only, and its last line is the answer to QUIT. */
static int
smtp_debug(CURL *c, curl_infotype type, char *data, size_t size, void *userdata)
{
	if (type != CURLINFO_HEADER_IN || size == 0 || (data[0] != '4' && data[0] != '5'))
		return 0;
	char *last = userdata;
	size_t n = size < 200 ? size : 200;
	memcpy(last, data, n);
	last[n] = '\0';
	last[strcspn(last, "\r\n")] = '\0';
	return 0;
}

static void
common_options(CURL *c, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)SEND_TIMEOUT_S);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	errbuf[0] = '\0';
}

/* 0 when the server took the message; otherwise -1 and why in err. */
static int
send_email(const char *to, const char *message, size_t len, char *err, size_t *loggable)
{
	const struct portal_conf *pc = portal_conf;
	CURL *c = curl_easy_init();
	if (c == NULL) {
		fmt_error(err, "email: cannot start libcurl");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE], said[201] = "", rcpt_addr[300];
	struct upload_src src = { message, len, 0 };
	snprintf(rcpt_addr, sizeof(rcpt_addr), "<%s>", to);
	struct curl_slist *rcpt = curl_slist_append(NULL, rcpt_addr);
	char *password = NULL;
	common_options(c, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, pc->smtp_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	/* smtps:// is TLS from the start whatever this says. */
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(pc->smtp_starttls ? CURLUSESSL_ALL : CURLUSESSL_NONE));
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from_addr);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
	curl_easy_setopt(c, CURLOPT_READDATA, &src);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, smtp_debug);
	curl_easy_setopt(c, CURLOPT_DEBUGDATA, (void *)said);
	curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	int rc = -1;
	if (pc->smtp_username) {
		password = secret_read(pc->smtp_password_file);
		if (pc->smtp_password_file && password == NULL) {
			fmt_error(err, "email: cannot read notifications.email.password_file");
			goto out;
		}
		curl_easy_setopt(c, CURLOPT_USERNAME, pc->smtp_username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, password ? password : "");
	}
	CURLcode cc = rcpt ? curl_easy_perform(c) : CURLE_OUT_OF_MEMORY;
	if (cc == CURLE_OK)
		rc = 0;
	else {
		fmt_error(err, "email: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
		add_server_words(err, loggable, said);
	}
out:
	curl_easy_cleanup(c);
	curl_slist_free_all(rcpt);
	secret_free(password);
	return rc;
}

/* -------------------------------------------------------------- sms */

/* The gateway's answer, in a buffer of at most RESPONSE_MAX bytes: the
 * rest is dropped and the transfer goes on. */
static size_t
keep_response(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct buf *b = userdata;
	size_t n = size * nmemb, room = b->max - b->len;
	if (buf_append(b, ptr, n < room ? n : room) < 0)
		return 0;
	return size * nmemb;
}

/* The gateway's id of the message, when it answers JSON with "sid"
 * (Twilio) or "id". */
static void
sms_transport_id(const struct buf *r, char *out)
{
	out[0] = '\0';
	if (r->data == NULL)
		return;
	json_error_t je;
	json_t *j = json_loadb(r->data, r->len, 0, &je);
	if (json_is_object(j)) {
		json_t *v = json_object_get(j, "sid");
		if (!json_is_string(v))
			v = json_object_get(j, "id");
		if (json_is_string(v))
			clean_text(out, TRANSPORT_ID_MAX + 1, json_string_value(v));
		else if (json_is_integer(v))
			snprintf(out, TRANSPORT_ID_MAX + 1, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	}
	json_decref(j);
}

/* A form-encoded POST of To, From and Body, as Twilio and most gateways
 * take it; 0 on a 2xx answer. */
static int
send_sms(const char *to, const char *text, char *err, size_t *loggable, char *transport_id)
{
	const struct portal_conf *pc = portal_conf;
	CURL *c = curl_easy_init();
	if (c == NULL) {
		fmt_error(err, "sms: cannot start libcurl");
		return -1;
	}
	char errbuf[CURL_ERROR_SIZE], *form = NULL, *token = NULL;
	struct buf resp;
	buf_init(&resp, RESPONSE_MAX);
	struct curl_slist *headers = curl_slist_append(NULL, "Accept: application/json");
	char *eto = curl_easy_escape(c, to, 0), *efrom = curl_easy_escape(c, pc->sms_from, 0);
	char *ebody = curl_easy_escape(c, text, 0);
	int rc = -1;
	if (headers == NULL || eto == NULL || efrom == NULL || ebody == NULL ||
	    asprintf(&form, "To=%s&From=%s&Body=%s", eto, efrom, ebody) < 0) {
		form = NULL;
		fmt_error(err, "sms: out of memory");
		goto out;
	}
	common_options(c, errbuf);
	curl_easy_setopt(c, CURLOPT_URL, pc->sms_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)strlen(form));
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_response);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &resp);
	if (pc->sms_account) {
		token = secret_read(pc->sms_token_file);
		if (token == NULL) {
			fmt_error(err, "sms: cannot read notifications.sms.token_file");
			goto out;
		}
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, pc->sms_account);
		curl_easy_setopt(c, CURLOPT_PASSWORD, token);
	}
	CURLcode cc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		fmt_error(err, "sms: %s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
	else if (status < 200 || status > 299) {
		char said[201];
		clean_text(said, sizeof(said), resp.data);
		fmt_error(err, "sms: the gateway answered HTTP %ld", status);
		add_server_words(err, loggable, said);
	} else {
		sms_transport_id(&resp, transport_id);
		rc = 0;
	}
out:
	curl_easy_cleanup(c);
	curl_slist_free_all(headers);
	curl_free(eto);
	curl_free(efrom);
	curl_free(ebody);
	free(form);
	buf_free(&resp);
	secret_free(token);
	return rc;
}

/* --------------------------------------------------------- outcomes */

enum outcome { O_SENT, O_RETRY, O_FAILED, O_CANCELLED, O_RELEASE };

struct result {
	long long id;
	enum outcome what;
	char claim[CLAIM_ID_MAX + 1];
	time_t when;                          /* sent_at, or the retry's due_at */
	char transport_id[TRANSPORT_ID_MAX + 1];
	char error[ERROR_MAX + 1];
};

/* Outcomes not yet written because the database was away: written first
 * thing in the next round, before the claims run out (CLAIM_S). A round
 * claims nothing until they are, so BATCH of them is the most there is. */
static struct result unrecorded[BATCH];
static size_t nunrecorded;

/* claimed_by stays: it tells which notifier sent the row. */
static struct db_stmt q_sent = DB_STMT("outbox_sent",
	"UPDATE outbox SET status = 'sent', sent_at = ?, transport_id = ?, claimed_until = NULL"
	" WHERE id = ? AND status = 'sending' AND claimed_by = ?");
static struct db_stmt q_retry = DB_STMT("outbox_retry",
	"UPDATE outbox SET status = 'pending', due_at = ?, last_error = ?, claimed_by = NULL,"
	" claimed_until = NULL WHERE id = ? AND status = 'sending' AND claimed_by = ?");
/* The end of a row no retry can help: 'failed' or 'cancelled'. */
static struct db_stmt q_given_up = DB_STMT("outbox_given_up",
	"UPDATE outbox SET status = ?, last_error = ?, claimed_until = NULL"
	" WHERE id = ? AND status = 'sending' AND claimed_by = ?");
/* A claimed row that was never tried (stopping, or the database went
 * away before its send): back to the queue, its attempt not counted. */
static struct db_stmt q_release = DB_STMT("outbox_release",
	"UPDATE outbox SET status = 'pending', attempts = GREATEST(attempts - 1, 0), claimed_by = NULL,"
	" claimed_until = NULL WHERE id = ? AND status = 'sending' AND claimed_by = ?");

static int
write_result(const struct result *r)
{
	char when[20];
	clock_sql(r->when, when);
	long long n = -1;
	switch (r->what) {
	case O_SENT:
		n = db_exec_direct(&q_sent, DB_ARGS(DB_STR(when),
			r->transport_id[0] ? DB_STR(r->transport_id) : DB_NULLARG, DB_INT(r->id), DB_STR(r->claim)));
		break;
	case O_RETRY:
		n = db_exec_direct(&q_retry, DB_ARGS(DB_STR(when), DB_STR(r->error), DB_INT(r->id), DB_STR(r->claim)));
		break;
	case O_FAILED:
	case O_CANCELLED:
		n = db_exec_direct(&q_given_up, DB_ARGS(DB_STR(r->what == O_FAILED ? "failed" : "cancelled"),
			DB_STR(r->error), DB_INT(r->id), DB_STR(r->claim)));
		break;
	case O_RELEASE:
		n = db_exec_direct(&q_release, DB_ARGS(DB_INT(r->id), DB_STR(r->claim)));
		break;
	}
	if (n == 0 && r->what != O_RELEASE)
		log_error("outbox %lld: its claim was lost before the outcome could be recorded", r->id);
	return n < 0 ? -1 : 0;
}

/* Writes an outcome; keeps it for later while the database is away. */
static void
record(const struct result *r)
{
	/* A second try for a passing error (a deadlock, say). */
	for (int attempt = 0; attempt < 2; attempt++) {
		if (write_result(r) == 0)
			return;
		if (db_is_down())
			break;
	}
	if (db_is_down() && nunrecorded < BATCH) {
		unrecorded[nunrecorded++] = *r;
		return;
	}
	/* Left in 'sending': taken again once the claim runs out. (The
	 * database's message may quote data: the library logged the error.) */
	log_error("outbox %lld: the outcome could not be recorded", r->id);
}

/* -1 while some are still waiting for the database. */
static int
record_pending(void)
{
	size_t kept = 0;
	for (size_t i = 0; i < nunrecorded; i++) {
		if (write_result(&unrecorded[i]) == 0)
			continue;
		if (db_is_down())
			unrecorded[kept++] = unrecorded[i];
		else
			log_error("outbox %lld: the outcome could not be recorded", unrecorded[i].id);
	}
	nunrecorded = kept;
	return kept ? -1 : 0;
}

/* After the attempt that failed: 1, 2, 4, 8 ... minutes, at most an hour. */
static time_t
backoff(long long attempts)
{
	time_t s = BACKOFF_FIRST_S;
	for (long long i = 1; i < attempts && s < BACKOFF_MAX_S; i++)
		s *= 2;
	return s < BACKOFF_MAX_S ? s : BACKOFF_MAX_S;
}

/* ------------------------------------------------------------ rounds */

/* A STOP that came after the row was queued (say, during quiet hours)
 * still stops it; the same rule as the account page's. */
enum { STOPPED_COUNT, STOPPED__COLS };
static struct db_stmt q_sms_stopped = DB_QUERY("sms_stopped", STOPPED__COLS,
	"SELECT COUNT(*) FROM notification_prefs WHERE clinic_id = ? AND sms_phone = ?"
	" AND sms_opt_out_at IS NOT NULL AND (sms_opt_in_at IS NULL OR sms_opt_out_at >= sms_opt_in_at)");

static bool
sms_stopped(long long clinic, const char *phone)
{
	struct db_rows rs;
	bool stopped = db_run_direct(&q_sms_stopped, &rs, DB_ARGS(DB_INT(clinic), DB_STR(phone))) == 0 &&
		db_cell_int(&rs, 0, STOPPED_COUNT) > 0;
	db_rows_free(&rs);
	return stopped;
}

static struct db_stmt q_renew = DB_STMT("outbox_renew",
	"UPDATE outbox SET claimed_until = ? WHERE id = ? AND status = 'sending' AND claimed_by = ?");

/* Renews the claim just before sending: 1 when it is still ours, 0 when
 * another notifier has the row now, -1 when the database did not answer. */
static int
renew(const struct result *r)
{
	char until[20];
	clock_sql(clock_now() + CLAIM_S, until);
	long long n = db_exec_direct(&q_renew, DB_ARGS(DB_STR(until), DB_INT(r->id), DB_STR(r->claim)));
	return n < 0 ? -1 : n > 0;
}

/* A claimed row and the texts made from it. */
struct note {
	long long id, clinic_id, attempts;
	const char *channel, *to, *link;
	bool sms;
	const struct clinic *cl;
	enum lang lang;
	char *subject, *body;          /* malloc'd */
	char *message;                 /* the whole email, malloc'd */
	size_t message_len;
	char msgid[TRANSPORT_ID_MAX + 1];
};

/* The recipient as the account page stores it: an email address, or a
 * phone number already in E.164 ("+15555550100"), not one to normalise. */
static bool
recipient_ok(const struct note *n)
{
	if (!n->sms)
		return valid_email(n->to) == 0;
	char e164[PHONE_E164_MAX];
	return valid_phone(n->to, e164) == 0 && strcmp(n->to, e164) == 0;
}

/* Makes the texts. O_SENT when the row can be sent; O_FAILED or
 * O_CANCELLED, with why in err, for a row that no retry can help. */
static enum outcome
compose(struct note *n, const char *tmpl, char *err)
{
	const struct portal_conf *pc = portal_conf;
	const char *subject_t = NULL, *body_t = NULL, *sms_t = NULL;
	if (n->cl && template_name_ok(tmpl) && n->sms)
		sms_t = template_text(n->lang, tmpl, "sms");
	else if (n->cl && template_name_ok(tmpl)) {
		subject_t = template_text(n->lang, tmpl, "subject");
		body_t = template_text(n->lang, tmpl, "body");
	}
	if (n->cl == NULL) {
		fmt_error(err, "clinic %lld is not in the configuration", n->clinic_id);
		return O_FAILED;
	}
	if (n->sms ? sms_t == NULL : subject_t == NULL || body_t == NULL) {
		fmt_error(err, "unknown template '%.60s' for %s", tmpl, n->channel);
		return O_FAILED;
	}
	if (n->sms ? pc->sms_url == NULL : pc->smtp_url == NULL) {
		fmt_error(err, "no %s transport configured", n->channel);
		return O_FAILED;
	}
	if (!recipient_ok(n)) {
		fmt_error(err, "the recipient is not a valid %s", n->sms ? "phone number" : "email address");
		return O_FAILED;
	}
	if (n->sms && sms_stopped(n->clinic_id, n->to)) {
		fmt_error(err, "the recipient replied STOP");
		return O_CANCELLED;
	}
	if (n->sms) {
		char *text = fill(sms_t, n->cl->name, n->link);
		if (text && asprintf(&n->body, "%s %s", text, i18n_get(n->lang, "notify.sms_stop")) < 0)
			n->body = NULL;
		free(text);
	} else {
		char *lead = fill(body_t, n->cl->name, n->link);
		n->subject = fill(subject_t, n->cl->name, n->link);
		if (lead && asprintf(&n->body, "%s\n\n%s\n", lead, i18n_get(n->lang, "notify.footer")) < 0)
			n->body = NULL;
		free(lead);
		/* The same for every try of the row, from every server. */
		snprintf(n->msgid, sizeof(n->msgid), "<outbox-%lld.%lld@%s>", n->id, n->clinic_id, msgid_domain);
		if (n->subject && n->body)
			n->message = email_message(n->to, n->subject, n->body, n->msgid, n->lang, &n->message_len);
	}
	if (n->body == NULL || (!n->sms && n->message == NULL)) {
		fmt_error(err, "out of memory");
		return O_RETRY;
	}
	return O_SENT;
}

enum {
	CLAIMED_ID,
	CLAIMED_CLINIC_ID,
	CLAIMED_SLUG,
	CLAIMED_CHANNEL,
	CLAIMED_RECIPIENT,
	CLAIMED_TEMPLATE,
	CLAIMED_LANG,
	CLAIMED_LINK,
	CLAIMED_ATTEMPTS,
	CLAIMED__COLS
};
static struct db_stmt q_claimed = DB_QUERY("outbox_claimed", CLAIMED__COLS,
	"SELECT o.id, o.clinic_id, c.slug, o.channel, o.recipient, o.template, o.lang, o.link, o.attempts"
	" FROM outbox o LEFT JOIN clinics c ON c.id = o.clinic_id"
	" WHERE o.status = 'sending' AND o.claimed_by = ? ORDER BY o.due_at, o.id");

/* Sends one claimed row and records what happened. */
static void
process(const struct db_rows *rs, size_t i, const char *claim)
{
	const struct portal_conf *pc = portal_conf;
	struct result res = { .id = db_cell_int(rs, i, CLAIMED_ID), .when = clock_now() };
	snprintf(res.claim, sizeof(res.claim), "%s", claim);
	const char *slug = db_cell(rs, i, CLAIMED_SLUG);
	struct note n = {
		.id = res.id,
		.clinic_id = db_cell_int(rs, i, CLAIMED_CLINIC_ID),
		.attempts = db_cell_int(rs, i, CLAIMED_ATTEMPTS),
		.channel = db_cell(rs, i, CLAIMED_CHANNEL),
		.to = db_cell(rs, i, CLAIMED_RECIPIENT),
		.link = db_cell(rs, i, CLAIMED_LINK),
		.cl = slug ? conf_clinic(slug) : NULL,
	};
	/* Every feature gives a link; without one, the sign-in page. */
	char *signin = NULL;
	if (n.link == NULL && n.cl && asprintf(&signin, "%s/%s/login", pc->public_url, n.cl->slug) < 0)
		signin = NULL;
	if (n.link == NULL)
		n.link = signin ? signin : pc->public_url;
	n.sms = db_cell_is(rs, i, CLAIMED_CHANNEL, "sms");
	/* The row's language; one it does not name well gets the clinic's. */
	int l = lang_from_code(db_cell(rs, i, CLAIMED_LANG));
	n.lang = l >= 0 ? (enum lang)l : n.cl ? n.cl->default_lang : LANG_EN;

	res.what = compose(&n, db_cell(rs, i, CLAIMED_TEMPLATE), res.error);
	/* How much of res.error the log may repeat (see add_server_words). */
	size_t loggable = SIZE_MAX;
	if (res.what == O_SENT) {
		int held = renew(&res);
		if (held == 0) {
			log_error("outbox %lld: another notifier holds it now; left alone", res.id);
			goto out;
		}
		if (held < 0)
			res.what = O_RELEASE;       /* not tried: the database is away */
		else if ((n.sms ? send_sms(n.to, n.body, res.error, &loggable, res.transport_id) :
		    send_email(n.to, n.message, n.message_len, res.error, &loggable)) == 0) {
			if (!n.sms)
				snprintf(res.transport_id, sizeof(res.transport_id), "%s", n.msgid);
			res.when = clock_now();
			log_error("outbox %lld: sent by %s", res.id, n.channel);
		} else
			res.what = O_RETRY;
	}
	int shown = (int)(loggable < ERROR_MAX ? loggable : ERROR_MAX);
	if (res.what == O_RETRY) {
		res.transport_id[0] = '\0';
		if (n.attempts >= pc->notify_max_attempts)
			res.what = O_FAILED;
		else {
			res.when = clock_now() + backoff(n.attempts);
			log_error("outbox %lld: attempt %lld failed, next in %lld s: %.*s", res.id, n.attempts,
				(long long)(res.when - clock_now()), shown, res.error);
		}
	}
	if (res.what == O_FAILED || res.what == O_CANCELLED)
		log_error("outbox %lld: %s after %lld attempt%s: %.*s", res.id,
			res.what == O_FAILED ? "failed" : "cancelled", n.attempts, n.attempts == 1 ? "" : "s", shown,
			res.error);
	record(&res);
out:
	free(signin);
	free(n.subject);
	free(n.body);
	free(n.message);
}

/* Rows whose notifier died mid-send. The attempt it made counts: a row
 * that has had all its attempts is not tried again (it may be the row
 * that kills notifiers). */
static struct db_stmt q_reclaim = DB_STMT("outbox_reclaim",
	"UPDATE outbox SET status = IF(attempts >= ?, 'failed', 'pending'),"
	" last_error = IF(attempts >= ?, 'interrupted while sending; no attempts left', last_error),"
	" interrupted_attempts = interrupted_attempts + 1, claimed_by = NULL, claimed_until = NULL"
	" WHERE status = 'sending' AND claimed_until < ?");
/* One statement, so two notifiers never claim the same row: the second
 * waits for the first's row locks, then finds those rows 'sending'. In
 * the order of the outbox_due index, so the scan stops after BATCH
 * rows and locks no more than those. */
static struct db_stmt q_claim = DB_STMT("outbox_claim",
	"UPDATE outbox SET status = 'sending', claimed_by = ?, claimed_until = ?, attempts = attempts + 1"
	" WHERE status = 'pending' AND due_at <= ? ORDER BY due_at, id LIMIT " STR(BATCH));

/* One poll: claims up to BATCH due rows and sends them. Returns how many
 * it claimed. */
static int
run_round(void)
{
	clock_refresh();
	if (record_pending() < 0)
		return 0;              /* the database is still away */
	time_t now = clock_now();
	char now_s[20], until[20];
	clock_sql(now, now_s);
	clock_sql(now + CLAIM_S, until);

	long long taken = db_exec_direct(&q_reclaim, DB_ARGS(DB_INT(portal_conf->notify_max_attempts),
		DB_INT(portal_conf->notify_max_attempts), DB_STR(now_s)));
	if (taken < 0)
		return 0;
	if (taken > 0)
		log_error("%lld notification%s interrupted mid-send taken back", taken, taken == 1 ? "" : "s");

	/* A fresh claim each round: a row of an earlier round whose outcome
	 * could not be recorded is never mistaken for one of this round. */
	unsigned char rnd[4];
	char rnd_hex[2 * sizeof(rnd) + 1], claim[CLAIM_ID_MAX + 1];
	crypto_random(rnd, sizeof(rnd));
	crypto_hex(rnd, sizeof(rnd), rnd_hex);
	snprintf(claim, sizeof(claim), "%.64s:%d:%s", host_name, (int)getpid(), rnd_hex);
	long long claimed = db_exec_direct(&q_claim, DB_ARGS(DB_STR(claim), DB_STR(until), DB_STR(now_s)));
	if (claimed <= 0)
		return 0;
	struct db_rows rs;
	if (db_run_direct(&q_claimed, &rs, DB_ARGS(DB_STR(claim))) < 0) {
		/* The rows stay claimed; they are taken again after CLAIM_S. */
		db_rows_free(&rs);
		return 0;
	}
	for (size_t i = 0; i < rs.nrows; i++) {
		if (stopping) {
			struct result r = { .id = db_cell_int(&rs, i, CLAIMED_ID), .what = O_RELEASE };
			snprintf(r.claim, sizeof(r.claim), "%s", claim);
			record(&r);
		} else
			process(&rs, i, claim);
	}
	db_rows_free(&rs);
	return (int)claimed;
}

/* Visits that came from the EHR were never booked here: their reminders
 * are queued by this sweep, every twelve polls (a minute by default),
 * clinic by clinic. */
#define SWEEP_POLLS 12

static void
sweep_reminders(void)
{
	static time_t last;
	time_t now = clock_now();
	if (last && now - last < (time_t)portal_conf->notify_poll_s * SWEEP_POLLS && now >= last)
		return;
	last = now;
	for (size_t i = 0; i < portal_conf->nclinics && !stopping; i++) {
		const struct clinic *cl = portal_conf->clinics[i];
		if (!clinic_has(cl, "appointments") || cl->nreminder_hours == 0)
			continue;
		struct req *r = req_cli_new(cl);
		if (r == NULL)
			return;
		long n = appt_sweep_reminders(r);
		if (n > 0)
			log_error("%s: reminders queued for %ld visit%s", cl->slug, n, n == 1 ? "" : "s");
		else if (n < 0)
			log_error("%s: queueing reminders failed", cl->slug);
		req_cli_free(r);
	}
}

/* ------------------------------------------------------------- start */

/* The host of public_url names the Message-IDs: the same on every server
 * that sends for this portal. */
static void
set_msgid_domain(const char *public_url)
{
	const char *p = strstr(public_url, "://");
	p = p ? p + 3 : public_url;
	size_t n = strcspn(p, ":/?#");
	if (*p == '[') /* an IPv6 literal: the brackets are part of it */
		n = strcspn(p, "]/") + (p[strcspn(p, "]/")] == ']');
	snprintf(msgid_domain, sizeof(msgid_domain), "%.*s", (int)(n < 100 ? n : 100), p);
	if (msgid_domain[0] == '\0' ||
	    strspn(msgid_domain, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-[]:") !=
	    strlen(msgid_domain))
		snprintf(msgid_domain, sizeof(msgid_domain), "portal.invalid");
}

/* notifications.email.from, "Name <address>" or "address": the envelope
 * sender and the From: field (the name quoted or encoded as it needs). */
static int
set_mail_from(const char *from)
{
	char name[256] = "", addr[256];
	const char *lt = strrchr(from, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt) {
		snprintf(addr, sizeof(addr), "%.*s", (int)(gt - lt - 1 < 255 ? gt - lt - 1 : 255), lt + 1);
		size_t b = strspn(from, " \t\""), e = (size_t)(lt - from);
		while (e > b && strchr(" \t\"", from[e - 1]))
			e--;
		snprintf(name, sizeof(name), "%.*s", (int)(e - b < 255 ? e - b : 255), from + b);
	} else
		snprintf(addr, sizeof(addr), "%s", from);
	if (valid_email(addr) < 0)
		return -1;
	snprintf(mail_from_addr, sizeof(mail_from_addr), "<%s>", addr);
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	if (f == NULL)
		return -1;
	if (name[0] && !printable_ascii(name))
		put_encoded(f, name);
	else if (name[0] && strpbrk(name, "()<>[]:;@\\,.\"")) {
		fputc('"', f);
		for (const char *p = name; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', f);
			fputc(*p, f);
		}
		fputc('"', f);
	} else
		fputs(name, f);
	fprintf(f, "%s<%s>", name[0] ? " " : "", addr);
	if (fclose(f) != 0)
		return -1;
	mail_from_header = out;
	return 0;
}

int
main(int argc, char **argv)
{
	int started = portal_start(&app, argc, argv, app.name,
		"Sends the outbox's notifications by email and SMS until SIGTERM.");
	if (started != 0)
		return started;
	const struct portal_conf *pc = portal_conf;
	if (pc->mail_from && set_mail_from(pc->mail_from) < 0) {
		fprintf(stderr, "notifier: %s: notifications.email.from '%s' has no usable address\n",
			pc->file, pc->mail_from);
		return 1;
	}
	if (pc->smtp_url && pc->smtp_username && strncmp(pc->smtp_url, "smtps://", 8) != 0 &&
	    !pc->smtp_starttls)
		log_error("warning: the SMTP password would cross the network in clear; set starttls: true");
	set_msgid_domain(pc->public_url);
	if (gethostname(host_name, sizeof(host_name) - 1) != 0 || host_name[0] == '\0')
		snprintf(host_name, sizeof(host_name), "localhost");
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "notifier: libcurl cannot start\n");
		return 1;
	}
	/* No SA_RESTART: a signal cuts the sleep between polls short. */
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* Not fatal: every round connects again while the database is away. */
	db_connect_app();
	log_error("started: email %s, sms %s, every %d s", pc->smtp_url ? "on" : "not configured",
		pc->sms_url ? "on" : "not configured", pc->notify_poll_s);
	while (!stopping) {
		sweep_reminders();
		/* A full batch: more may be due, go on at once. */
		if (run_round() == BATCH)
			continue;
		/* In one-second steps, so a signal that lands just before the
		 * sleep delays the exit by a second at most. */
		for (int s = 0; s < pc->notify_poll_s && !stopping; s++) {
			struct timespec ts = { 1, 0 };
			nanosleep(&ts, NULL);
		}
	}
	if (record_pending() < 0)
		log_error("%zu outcome%s could not be recorded; those rows are sent again later", nunrecorded,
			nunrecorded == 1 ? "" : "s");
	log_error("stopped");
	db_disconnect();
	curl_global_cleanup();
	free(mail_from_header);
	return 0;
}
