/*
 * Declarations shared by the library's modules and its unit tests, not by
 * feature binaries (they include portal.h only).
 */
#ifndef PORTAL_INTERNAL_H
#define PORTAL_INTERNAL_H

#include "portal.h"

#include <stdarg.h>

/* ---------------------------------------------------------------- arena */
struct arena;
struct arena *arena_new(void);
void *arena_alloc(struct arena *a, size_t n);
void arena_reset(struct arena *a);     /* keeps the first chunk for reuse */
void arena_free(struct arena *a);

/* ----------------------------------------------------- growable buffer */
struct buf {
	char *data;
	size_t len, cap;
	size_t max;            /* 0 = unlimited; appends past it fail */
	bool failed;
};
void buf_init(struct buf *b, size_t max);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_free(struct buf *b);

/* ------------------------------------------------------------- parsing */
/* Limits applied to one request body. */
struct parse_limits {
	long body_max;
	int fields_max;
	long field_max;
	long upload_max;
};

/* One name=value pair (or multipart part) of a query or body. */
struct param {
	const char *name;
	const char *value;     /* NUL-terminated; may contain no NUL for text */
	size_t len;
	struct upload *file;   /* multipart parts with a filename */
};

enum parse_result { PARSE_OK, PARSE_BAD_REQUEST, PARSE_TOO_LARGE };

/* Parsers for the request module (exposed for unit tests). All memory comes
 * from the arena. params grows up to limits->fields_max entries. */
enum parse_result parse_urlencoded(struct arena *a, const char *s, size_t len,
	const struct parse_limits *lim, struct param **params, size_t *nparams);
enum parse_result parse_multipart(struct arena *a, const char *body, size_t len,
	const char *content_type, const struct parse_limits *lim,
	struct param **params, size_t *nparams);
int parse_cookie(struct arena *a, const char *header, const char *name, const char **out);
char *url_decode(struct arena *a, const char *s, size_t len, size_t *outlen, bool plus_is_space);
/* Matches "/staff/patients/:id" against a path; fills ids. */
bool route_match(const char *pattern, const char *path, long long ids[2]);

/* -------------------------------------------------------------- config */
/* YAML errors are gathered as "file:line: message". */

/* ------------------------------------------------------------- session */
int session_load(struct req *r);       /* from the cookie; sets r->session */
time_t session_idle_limit(const struct req *r);
#define SESSION_ABSOLUTE_S (12 * 60 * 60)
#define SESSION_TOUCH_S 60             /* last_seen is written at most this often */
/* The decision, separate from I/O for unit tests. */
enum session_state { SESSION_OK, SESSION_IDLE, SESSION_EXPIRED };
enum session_state session_check_times(time_t now, time_t created, time_t last_seen,
	int idle_minutes);
const char *csrf_token_for(const char *binding, char *out, size_t outlen);

/* -------------------------------------------------------------- render */
int render_init(const char *templates_dir);
int render_error(struct req *r, int status);
void render_begin(struct req *r);      /* fresh page data for the request */
void render_end(struct req *r);

/* ------------------------------------------------------------ response */
int respond(struct req *r, int status, const char *content_type,
	const char *body, size_t len);
const char *status_text(int status);
void response_security_headers(struct buf *b, bool dynamic);

/* ------------------------------------------------------------ database */
enum db_core_stmt {
	SQL_CLINIC_ID,
	SQL_CLINIC_INSERT,
	SQL_SESSION_LOAD,
	SQL_SESSION_TOUCH,
	SQL_SESSION_INSERT,
	SQL_SESSION_DELETE,
	SQL_SESSION_DELETE_USER_EXPIRED,
	SQL_AUDIT_APPEND,
	SQL_AUDIT_ALL,
	SQL_AUDIT_HEAD,
	SQL_NOTIFY_TARGET,
	SQL_OUTBOX_INSERT,
	SQL_CODE_REVOKE_OPEN,
	SQL_CODE_INSERT,
	SQL_CELL_INSERT,
	SQL_CELLS_RELEASE,
	SQL_REMINDERS_CANCEL,
	SQL_BUSY_VISITS,
	SQL_BUSY_EXCEPTIONS,
	SQL_REMINDERS_QUEUED,
	SQL_REMINDERS_WANTED,
	SQL_PROVIDER_HOURS,
	SQL__MAX
};
void db_set_app_stmts(const struct db_stmt_def *defs, size_t n);
int db_direct_begin(void);
int db_direct_commit(void);
void db_direct_rollback(void);

/* ---------------------------------------------------------------- misc */
_Noreturn void req_out_of_memory(struct req *r);
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern const struct app *current_app;
bool crypto_have_key(void);

#endif
