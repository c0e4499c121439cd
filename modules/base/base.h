/*
 * The base layer: the request and what a request needs to exist. The
 * request object and its memory, HTTP parsing (query, forms, multipart,
 * cookies, routes), typed form fields, responses with their headers, the
 * database, and translations.
 *
 * Ownership: every pointer a handler receives from a struct req lives in the
 * request's arena and is freed when the request ends.
 */
#ifndef PORTAL_BASE_H
#define PORTAL_BASE_H

#include "../core/core.h"

struct req;
struct _hdf;

/* -------------------------------------------------------------- session */
/* Who is asking: filled by the session service from the request's cookie. */
struct session {
	long long id;
	long long user_id;
	enum role role;
	long long patient_id;  /* 0 for staff */
	const char *display_name;
	const char *first_name;
	enum lang lang;
	time_t created;
	time_t last_seen;
	/* The navigation's badges (counts by badge, in the order the
	 * application declares them: cgi-bin/features.c). */
	long long badges[16];
};

/* ------------------------------------------------------------- parsing */
/* Limits applied to one request body. */
struct parse_limits {
	long body_max;
	int fields_max;
	long field_max;
	long upload_max;
};

struct upload {
	const char *filename;
	const char *content_type;
	const unsigned char *data;
	size_t len;
};

/* One name=value pair (or multipart part) of a query or body. */
struct param {
	const char *name;
	const char *value;     /* NUL-terminated; may contain no NUL for text */
	size_t len;
	struct upload *file;   /* multipart parts with a filename */
};

enum parse_result { PARSE_OK, PARSE_BAD_REQUEST, PARSE_TOO_LARGE };

/* Pure parsers; all memory comes from the arena. params grows up to
 * limits->fields_max entries. */
enum parse_result parse_urlencoded(struct arena *a, const char *s, size_t len,
	const struct parse_limits *lim, struct param **params, size_t *nparams);
enum parse_result parse_multipart(struct arena *a, const char *body, size_t len,
	const char *content_type, const struct parse_limits *lim,
	struct param **params, size_t *nparams);
int parse_cookie(struct arena *a, const char *header, const char *name, const char **out);
char *url_decode(struct arena *a, const char *s, size_t len, size_t *outlen, bool plus_is_space);
/* Matches "/staff/patients/:id" against a path; fills ids. */
bool route_match(const char *pattern, const char *path, long long ids[2]);

/* --------------------------------------------------------- form fields */
/* Every value from outside arrives through a field of one of these types;
 * the handler reads the typed result and never validates it again. */
enum field_type {
	FIELD_TEXT,            /* UTF-8, no control characters, min..max characters */
	FIELD_MULTILINE,       /* as TEXT, newlines and tabs allowed */
	FIELD_INT,             /* decimal integer in min..max: i */
	FIELD_DATE,            /* YYYY-MM-DD, a real calendar date: date */
	FIELD_TIME,            /* HH:MM, 00:00-23:59: i = minutes of the day */
	FIELD_EMAIL,           /* a plausible address, lower-cased */
	FIELD_PHONE,           /* a number people can dial: s as typed, e164 */
	FIELD_MONEY,           /* dollars ("1,234.50"): i = cents in min..max */
	FIELD_ENUM,            /* one of choices[], NULL-terminated: i = its index */
	FIELD_TOKEN,           /* base64url / alphanumerics, min..max length */
	FIELD_PASSWORD,        /* any UTF-8, min..max characters, untrimmed; rules in auth_ */
	FIELD_FILE             /* a multipart file part, up to limits.upload_max */
};

struct field_def {
	const char *name;
	enum field_type type;
	long long min, max;
	const char *const *choices;
	/* An empty value is a valid "not given" (empty is then true), not an
	 * invalid one. */
	bool optional;
	/* Read from the query string even on a POST (a webhook's token in its
	 * callback address); a value in the body then gives way to it. */
	bool from_query;
};

struct date {
	int y, m, d;
};

/* What a handler sees of a form or query field. */
struct field {
	bool present;          /* sent at all (even empty) */
	bool valid;            /* passed its validator (an optional field left empty too) */
	bool empty;            /* sent empty (only ever valid when the field is optional) */
	const char *raw;       /* as sent, only for re-filling a form (escaped on output) */
	const char *s;         /* validated, normalised text; "" when empty; NULL unless valid */
	long long i;           /* INT value, ENUM index, TIME minutes, MONEY cents */
	struct date date;      /* DATE */
	const char *e164;      /* PHONE: "+15555550100" */
	const struct upload *file;
};

/* Checks one value against its definition; fills f (s points into the
 * request's memory). 0 when valid. */
int form_check(struct req *r, const struct field_def *def, const char *value, struct field *f);
/* The text of a field that was given and valid, or NULL (left empty, not
 * sent, or refused): what to store in a column that may be NULL. */
const char *field_text(const struct field *f);

/* -------------------------------------------------------------- request */
enum http_method { HTTP_GET, HTTP_POST, HTTP_HEAD, HTTP_OTHER };

struct route;
struct app;

struct req {
	/* request line and context */
	enum http_method method;
	const char *path;              /* "/riverside/home/appointments/7" */
	const char *subpath;           /* "/home/appointments/7" */
	const char *query;
	const char *client_ip;
	const struct clinic *clinic;   /* NULL outside any clinic */
	enum lang lang;
	const struct app *app;         /* the program's declaration (the loop's) */
	const struct route *route;     /* the matched route (the loop's) */
	long long path_ids[2];         /* :id segments of the route, in order */
	bool lang_asked;               /* ?lang= named an offered language */
	const struct field_def *field_defs;
	struct field *fields;          /* nfields entries, by the program's field enum */
	size_t nfields;
	struct session *session;       /* NULL when not signed in */
	const char *session_token;     /* raw cookie value when signed in */
	const char *pre_token;         /* anonymous CSRF binding cookie */
	bool signed_out_idle;          /* the cookie named an expired session */

	/* what arrived, parsed */
	struct param *query_params;
	size_t nquery_params;
	struct param *body_params;
	size_t nbody_params;
	const char *cookie_header;

	/* internals */
	int (*write)(void *ctx, const void *data, size_t len);   /* the response's bytes */
	void *write_ctx;
	struct arena *arena;
	struct _hdf *hdf;
	struct buf *headers;
	bool responded;
	bool in_tx;
	int status;
};

/* Request memory: never NULL. When memory runs out, the request is
 * abandoned: the out-of-memory handler (the request loop's) unwinds to
 * answer 500; without one the process aborts. */
void *req_alloc(struct req *r, size_t n);
char *req_strdup(struct req *r, const char *s);
char *req_strndup(struct req *r, const char *s, size_t n);
char *req_printf(struct req *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same from a va_list; NULL when the format cannot be printed. */
char *req_vprintf(struct req *r, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
_Noreturn void req_out_of_memory(struct req *r);
typedef void (*oom_handler_fn)(void) __attribute__((noreturn));
void req_set_oom_handler(oom_handler_fn handler);

const struct field *req_field(struct req *r, int key);
/* Every file part named name (multipart), in order; returns how many, up
 * to max. */
size_t req_files(struct req *r, const char *name, const struct upload **out, size_t max);
const char *req_cookie(struct req *r, const char *name);
const char *req_query_param(struct req *r, const char *name);   /* raw, decoded */
const char *req_body_param(struct req *r, const char *name);    /* raw, decoded */
bool req_is_staff(const struct req *r);
/* The patient whose record the request concerns: the signed-in patient's
 * own (0 for staff). */
long long req_patient(const struct req *r);
/* A fresh key for a form that must not act twice (32 hex characters). */
const char *form_key(struct req *r);

/* A request-like context without FastCGI (portalctl, daemons, tests). */
struct req *req_cli_new(const struct clinic *clinic);
void req_cli_free(struct req *r);

/* ----------------------------------------------------------- response */
int respond(struct req *r, int status, const char *content_type,
	const char *body, size_t len);
int respond_raw(struct req *r, int status, const char *content_type,
	const void *body, size_t len, const char *extra_headers);
const char *status_text(int status);
void response_security_headers(struct buf *b, bool dynamic);
int redirect(struct req *r, const char *url);         /* 303 See Other */
/* To another site named by the configuration (a video service): https
 * only. Never with an address that came from a request. */
int redirect_external(struct req *r, const char *url);
void set_cookie(struct req *r, const char *name, const char *value, int max_age);
/* A stored file as a download (Content-Disposition: attachment), never shown
 * inline; the name in ASCII and in RFC 5987 form. */
int respond_download(struct req *r, const char *name, const char *type, const void *data, size_t len);
/* Local URL for this clinic: url(r, "/home") -> "/riverside/home". */
const char *url(struct req *r, const char *path);
/* Percent-encodes s for a URL query value. */
const char *url_encode(struct req *r, const char *s);
/* The landing page of the signed-in user's role. */
const char *landing_url(struct req *r);
/* A local path of this clinic, safe to redirect to after sign-in; or NULL. */
const char *safe_next(struct req *r, const char *next);

/* Handlers return 0 when they wrote a response, an HTTP status (400-599)
 * for the library to answer with its error page, or PORTAL_ERR after a
 * failed call (answered 503 when the database is down, else 500). */
#define PORTAL_ERR (-1)

/* ------------------------------------------------------------- database */
enum db_arg_type { DBA_NULL, DBA_INT, DBA_STR, DBA_BLOB };
struct db_arg {
	enum db_arg_type type;
	long long i;
	const void *p;
	size_t n;
};
static inline struct db_arg
db_str_arg(const char *s)
{
	return (struct db_arg){ .type = s ? DBA_STR : DBA_NULL, .p = s };
}
#define DB_INT(x) ((struct db_arg){ .type = DBA_INT, .i = (long long)(x) })
#define DB_STR(x) db_str_arg(x)
#define DB_BLOB(x, len) ((struct db_arg){ .type = DBA_BLOB, .p = (x), .n = (len) })
#define DB_NULLARG ((struct db_arg){ .type = DBA_NULL })

/*
 * A named statement, declared beside the code that runs it:
 *
 *   enum { INBOX_ID, INBOX_SUBJECT, INBOX__COLS };
 *   static struct db_stmt q_inbox = DB_QUERY("inbox", INBOX__COLS,
 *       "SELECT t.id, t.subject FROM message_threads t WHERE ...");
 *   static struct db_stmt q_mark = DB_STMT("mark_read", "UPDATE ...");
 *
 * Prepared on its first use in a process and again after a reconnect. A
 * query's column count is checked against its enum when it is prepared,
 * and a DB_STMT must return no columns: a mismatch is logged and the call
 * fails, so an enum that drifts from its SQL is caught by the first test
 * that runs it.
 */
struct db_stmt {
	const char *name;
	const char *sql;
	int ncols;             /* columns of its result (0: none) */
	/* per process */
	void *prepared;        /* MYSQL_STMT *, NULL until prepared */
	struct db_stmt *next;  /* the prepared statements, to close on a reconnect */
};
#define DB_QUERY(name, ncols, sql) { (name), (sql), (ncols), NULL, NULL }
#define DB_STMT(name, sql) { (name), (sql), 0, NULL, NULL }

/* A fully fetched result: every cell as text (NULL for SQL NULL). */
struct db_rows {
	size_t nrows, ncols;
	char **cells;          /* nrows * ncols */
	size_t *lens;
	long long affected;
	long long insert_id;
	void *own;             /* arena of a result fetched without a request */
};
const char *db_cell(const struct db_rows *rs, size_t row, int col);
long long db_cell_int(const struct db_rows *rs, size_t row, int col);
/* A DATETIME cell as a time (UTC), 0 when NULL. */
time_t db_cell_time(const struct db_rows *rs, size_t row, int col);
size_t db_cell_len(const struct db_rows *rs, size_t row, int col);
bool db_cell_is(const struct db_rows *rs, size_t row, int col, const char *value);

/* 0 on success, DB_DUPLICATE when a unique key refused the row, DB_CONFLICT
 * when the server rolled the transaction back (a deadlock, a lock wait, a
 * cluster's certification failure), -1 on any other failure (the request
 * then answers PORTAL_ERR). */
#define DB_DUPLICATE (-3)
#define DB_CONFLICT (-4)
int db_run(struct req *r, struct db_stmt *stmt, struct db_rows *out,
	const struct db_arg *args, size_t nargs);
#define DB_ARGS(...) (const struct db_arg[]){ __VA_ARGS__ }, \
	(sizeof((const struct db_arg[]){ __VA_ARGS__ }) / sizeof(struct db_arg))
#define DB_NOARGS NULL, 0
int db_begin(struct req *r);
int db_commit(struct req *r);
void db_rollback(struct req *r);
bool db_is_down(void);
const char *db_error_message(void);    /* for logs and portalctl only */
long long clinic_id(struct req *r);    /* clinics.id of the request's clinic */

/* Without a request (portalctl, daemons): results in memory of their own. */
int db_connect_admin(void);
int db_connect_app(void);
void db_disconnect(void);
int db_exec_raw(const char *sql);     /* trusted SQL only: migrations */
int db_quote(const char *in, char *out, size_t outlen);   /* for DDL only */
int db_run_direct(struct db_stmt *stmt, struct db_rows *out, const struct db_arg *args, size_t nargs);
/* A statement without rows: how many rows it matched, or -1. */
long long db_exec_direct(struct db_stmt *stmt, const struct db_arg *args, size_t nargs);
void db_rows_free(struct db_rows *rs);
int db_direct_begin(void);
int db_direct_commit(void);
void db_direct_rollback(void);

/* -------------------------------------------------------------- i18n */
/* templates/lang/<code>.hdf: every key in every language, or start-up fails. */
int i18n_load(const char *templates_dir);
const char *i18n_get(enum lang lang, const char *key);
/* The same, but NULL (and nothing logged) when the key has no text. */
const char *i18n_find(enum lang lang, const char *key);
struct _hdf *i18n_root(enum lang lang);
/* Logs a ClearSilver error as "what: its message" and releases it. */
struct _neo_err;
void log_neo_error(struct _neo_err *err, const char *what);
/* The translation of key in the request's language. */
const char *tr(struct req *r, const char *key);

#endif
