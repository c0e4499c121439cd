/*
 * MariaDB through Connector/C. Every statement is named (an enum index into
 * a table of SQL with ? placeholders), prepared on first use in a process,
 * and prepared again after a reconnect. Results are fetched whole, each cell
 * as text in request memory: pages are small and this keeps handlers simple.
 *
 * Failure policy: connection attempts are bounded by database.timeout_seconds
 * and, after one fails, refused for a second, so while the server is down
 * every request gets the 503 page at once instead of queueing.
 */
#include "base.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

static MYSQL *conn;
static bool conn_admin;
static time_t last_failure;
static bool is_down;
static char last_error[256];
static struct db_stmt *prepared;   /* every statement prepared on conn */
static bool direct_in_tx;

bool
db_is_down(void)
{
	return is_down;
}

const char *
db_error_message(void)
{
	return last_error;
}

/* A statement belongs to the connection it was prepared on. */
static void
close_statements(void)
{
	while (prepared) {
		struct db_stmt *s = prepared;
		prepared = s->next;
		mysql_stmt_close(s->prepared);
		s->prepared = NULL;
		s->next = NULL;
	}
}

void
db_disconnect(void)
{
	close_statements();
	if (conn) {
		mysql_close(conn);
		conn = NULL;
	}
}

static int
connect_as(bool admin)
{
	const struct portal_conf *pc = portal_conf;
	time_t now = time(NULL);
	if (conn)
		return 0;
	if (!admin && last_failure && now - last_failure < 1) {
		is_down = true;
		return -1;
	}
	conn = mysql_init(NULL);
	if (conn == NULL)
		return -1;
	unsigned timeout = (unsigned)pc->db_timeout_s;
	unsigned rw_timeout = timeout * 3;
	mysql_optionsv(conn, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
	mysql_optionsv(conn, MYSQL_OPT_READ_TIMEOUT, &rw_timeout);
	mysql_optionsv(conn, MYSQL_OPT_WRITE_TIMEOUT, &rw_timeout);
	mysql_optionsv(conn, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/* Times are UTC everywhere; strict mode turns silent truncation into
	 * errors. Set at connect so no request pays a round trip for it. */
	mysql_optionsv(conn, MYSQL_INIT_COMMAND,
		"SET time_zone = '+00:00', sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_DATE,"
		"NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'");
	const char *user = admin ? pc->db_admin_user : pc->db_user;
	char *password = secret_read(admin ? pc->db_admin_password_file : pc->db_password_file);
	const char *socket = pc->db_host ? NULL : pc->db_socket;
	MYSQL *ok = mysql_real_connect(conn, pc->db_host, user, password, pc->db_name,
		(unsigned)pc->db_port, socket,
		/* FOUND_ROWS: an UPDATE reports the rows it matched, even when
		 * they already held the values (callers check scope with it). */
		CLIENT_MULTI_RESULTS | CLIENT_FOUND_ROWS | (admin ? CLIENT_MULTI_STATEMENTS : 0));
	secret_free(password);
	if (ok == NULL) {
		snprintf(last_error, sizeof(last_error), "connect: %u %s", mysql_errno(conn), mysql_error(conn));
		if (!admin)
			log_error("database %s", last_error);
		mysql_close(conn);
		conn = NULL;
		last_failure = now;
		is_down = true;
		return -1;
	}
	conn_admin = admin;
	is_down = false;
	last_failure = 0;
	return 0;
}

int
db_connect_app(void)
{
	return connect_as(false);
}

int
db_connect_admin(void)
{
	return connect_as(true);
}

static bool
connection_lost(unsigned err)
{
	return err == CR_SERVER_GONE_ERROR || err == CR_SERVER_LOST ||
		err == CR_CONNECTION_ERROR || err == ER_CONNECTION_KILLED ||
		err == 4031 /* disconnected by the server for inactivity */ ||
		err == ER_SERVER_SHUTDOWN;
}

/* The server's message can quote the data ("Duplicate entry 'x'"), so the
 * log gets the statement's name and the error number only; the message is
 * kept for portalctl, which shows it to the administrator at the shell. */
static void
note_error(const char *what, const char *name, unsigned err, const char *msg)
{
	snprintf(last_error, sizeof(last_error), "%s %s: %u %s", what, name, err, msg);
	if (connection_lost(err))
		is_down = true;
	if (err != ER_DUP_ENTRY && err != ER_LOCK_DEADLOCK && !conn_admin)
		log_error("database %s %s failed: error %u", what, name, err);
}

/* Prepares on first use; -2 means the connection is gone. */
static int
prepare(struct db_stmt *def)
{
	if (def->prepared)
		return 0;
	MYSQL_STMT *st = mysql_stmt_init(conn);
	if (st == NULL)
		return -1;
	if (mysql_stmt_prepare(st, def->sql, (unsigned long)strlen(def->sql)) != 0) {
		unsigned err = mysql_stmt_errno(st);
		note_error("prepare", def->name, err, mysql_stmt_error(st));
		mysql_stmt_close(st);
		return connection_lost(err) ? -2 : -1;
	}
	if (mysql_stmt_field_count(st) != (unsigned)def->ncols) {
		snprintf(last_error, sizeof(last_error), "statement %s returns %u columns, its enum names %d",
			def->name, mysql_stmt_field_count(st), def->ncols);
		log_error("%s", last_error);
		mysql_stmt_close(st);
		return -1;
	}
	my_bool update_max = 1;
	mysql_stmt_attr_set(st, STMT_ATTR_UPDATE_MAX_LENGTH, &update_max);
	def->prepared = st;
	def->next = prepared;
	prepared = def;
	return 0;
}

#define MAX_ARGS 40
#define MAX_COLS 64

static int
execute_once(struct arena *a, struct db_stmt *def, struct db_rows *out, const struct db_arg *args, size_t nargs)
{
	int rc = prepare(def);
	if (rc < 0)
		return rc;
	MYSQL_STMT *st = def->prepared;
	/* Checked at every call, not only the first: a call with too few
	 * arguments would bind whatever lies in the array. */
	if (mysql_stmt_param_count(st) != nargs) {
		snprintf(last_error, sizeof(last_error), "statement %s takes %lu arguments, given %zu",
			def->name, mysql_stmt_param_count(st), nargs);
		log_error("%s", last_error);
		return -1;
	}
	MYSQL_BIND bind[MAX_ARGS];
	unsigned long lens[MAX_ARGS];
	memset(bind, 0, sizeof(bind));
	for (size_t i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DBA_NULL:
			bind[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBA_INT:
			bind[i].buffer_type = MYSQL_TYPE_LONGLONG;
			bind[i].buffer = (void *)&args[i].i;
			break;
		case DBA_STR:
			lens[i] = (unsigned long)strlen(args[i].p);
			bind[i].buffer_type = MYSQL_TYPE_STRING;
			bind[i].buffer = (void *)args[i].p;
			bind[i].buffer_length = lens[i];
			bind[i].length = &lens[i];
			break;
		case DBA_BLOB:
			lens[i] = (unsigned long)args[i].n;
			bind[i].buffer_type = MYSQL_TYPE_BLOB;
			bind[i].buffer = (void *)args[i].p;
			bind[i].buffer_length = lens[i];
			bind[i].length = &lens[i];
			break;
		}
	}
	if ((nargs && mysql_stmt_bind_param(st, bind) != 0) || mysql_stmt_execute(st) != 0) {
		unsigned err = mysql_stmt_errno(st);
		note_error("execute", def->name, err, mysql_stmt_error(st));
		if (connection_lost(err))
			return -2;
		/* Duplicate keys are an expected outcome for callers that ask; so
		 * is losing a race for the same rows (InnoDB rolled back). */
		if (err == ER_LOCK_DEADLOCK || err == ER_LOCK_WAIT_TIMEOUT)
			return DB_CONFLICT;
		return err == ER_DUP_ENTRY ? DB_DUPLICATE : -1;
	}
	memset(out, 0, sizeof(*out));
	out->affected = (long long)mysql_stmt_affected_rows(st);
	out->insert_id = (long long)mysql_stmt_insert_id(st);
	unsigned ncols = mysql_stmt_field_count(st);
	if (ncols > 0) {
		if (ncols > MAX_COLS || mysql_stmt_store_result(st) != 0) {
			unsigned err = mysql_stmt_errno(st);
			note_error("store", def->name, err, mysql_stmt_error(st));
			mysql_stmt_free_result(st);
			return connection_lost(err) ? -2 : -1;
		}
		MYSQL_RES *meta = mysql_stmt_result_metadata(st);
		MYSQL_FIELD *fields = meta ? mysql_fetch_fields(meta) : NULL;
		size_t nrows = (size_t)mysql_stmt_num_rows(st);
		out->nrows = nrows;
		out->ncols = ncols;
		out->cells = arena_alloc(a, (nrows * ncols + 1) * sizeof(char *));
		out->lens = arena_alloc(a, (nrows * ncols + 1) * sizeof(size_t));
		MYSQL_BIND rb[MAX_COLS];
		unsigned long rlen[MAX_COLS];
		my_bool rnull[MAX_COLS];
		memset(rb, 0, sizeof(rb));
		for (unsigned c = 0; c < ncols; c++) {
			size_t cap = fields ? fields[c].max_length + 1 : 256;
			if (cap < 32)
				cap = 32;  /* numbers and dates render within this */
			rb[c].buffer_type = MYSQL_TYPE_STRING;
			rb[c].buffer_length = (unsigned long)cap;
			rb[c].length = &rlen[c];
			rb[c].is_null = &rnull[c];
		}
		size_t row = 0;
		while (row < nrows) {
			for (unsigned c = 0; c < ncols; c++) {
				char *cell = arena_alloc(a, rb[c].buffer_length);
				if (cell == NULL) {
					if (meta)
						mysql_free_result(meta);
					mysql_stmt_free_result(st);
					return -1;
				}
				rb[c].buffer = cell;
			}
			if (mysql_stmt_bind_result(st, rb) != 0)
				break;
			int f = mysql_stmt_fetch(st);
			if (f == 1 || f == MYSQL_NO_DATA)
				break;
			for (unsigned c = 0; c < ncols; c++) {
				size_t idx = row * ncols + c;
				if (rnull[c]) {
					out->cells[idx] = NULL;
					out->lens[idx] = 0;
				} else {
					size_t l = rlen[c] < rb[c].buffer_length ? rlen[c] : rb[c].buffer_length - 1;
					((char *)rb[c].buffer)[l] = '\0';
					out->cells[idx] = rb[c].buffer;
					out->lens[idx] = l;
				}
			}
			row++;
		}
		out->nrows = row;
		if (meta)
			mysql_free_result(meta);
		mysql_stmt_free_result(st);
	}
	/* A CALL ends with an extra status result; drain it. */
	while (mysql_stmt_more_results(st)) {
		if (mysql_stmt_next_result(st) > 0)
			break;
		mysql_stmt_free_result(st);
	}
	return 0;
}

static int
run(struct arena *a, bool in_tx, struct db_stmt *stmt, struct db_rows *out, const struct db_arg *args, size_t nargs)
{
	struct db_rows scratch;
	if (out == NULL)
		out = &scratch;
	memset(out, 0, sizeof(*out));
	if (stmt == NULL || nargs > MAX_ARGS) {
		log_error("statement %s: no statement, or too many arguments", stmt ? stmt->name : "(null)");
		return -1;
	}
	for (int attempt = 0; attempt < 2; attempt++) {
		if (conn == NULL && (conn_admin ? db_connect_admin() : db_connect_app()) < 0)
			return -1;
		int rc = execute_once(a, stmt, out, args, nargs);
		if (rc == 0)
			return 0;
		if (rc == DB_DUPLICATE || rc == DB_CONFLICT)
			return rc;
		if (rc != -2)
			return -1;
		/* The server went away (restart, timeout): reconnect and, outside
		 * a transaction, try once more; the statement did not run. */
		db_disconnect();
		if (in_tx) {
			log_error("database connection lost inside a transaction");
			return -1;
		}
	}
	return -1;
}

int
db_run(struct req *r, struct db_stmt *stmt, struct db_rows *out, const struct db_arg *args, size_t nargs)
{
	return run(r->arena, r->in_tx, stmt, out, args, nargs);
}

int
db_run_direct(struct db_stmt *stmt, struct db_rows *out, const struct db_arg *args, size_t nargs)
{
	/* Zeroed first: a caller may db_rows_free() whatever happened. */
	memset(out, 0, sizeof(*out));
	struct arena *a = arena_new();
	if (a == NULL)
		return -1;
	int rc = run(a, direct_in_tx, stmt, out, args, nargs);
	out->own = a;
	return rc;
}

long long
db_exec_direct(struct db_stmt *stmt, const struct db_arg *args, size_t nargs)
{
	struct db_rows rs;
	long long n = db_run_direct(stmt, &rs, args, nargs) < 0 ? -1 : rs.affected;
	db_rows_free(&rs);
	return n;
}

void
db_rows_free(struct db_rows *rs)
{
	if (rs && rs->own) {
		arena_free(rs->own);
		rs->own = NULL;
	}
}

const char *
db_cell(const struct db_rows *rs, size_t row, int col)
{
	if (row >= rs->nrows || col < 0 || (size_t)col >= rs->ncols)
		return NULL;
	return rs->cells[row * rs->ncols + (size_t)col];
}

long long
db_cell_int(const struct db_rows *rs, size_t row, int col)
{
	const char *s = db_cell(rs, row, col);
	return s ? strtoll(s, NULL, 10) : 0;
}

time_t
db_cell_time(const struct db_rows *rs, size_t row, int col)
{
	time_t t = 0;
	const char *s = db_cell(rs, row, col);
	return s && clock_parse_sql(s, &t) == 0 ? t : 0;
}

size_t
db_cell_len(const struct db_rows *rs, size_t row, int col)
{
	if (row >= rs->nrows || col < 0 || (size_t)col >= rs->ncols)
		return 0;
	return rs->lens[row * rs->ncols + (size_t)col];
}

bool
db_cell_is(const struct db_rows *rs, size_t row, int col, const char *value)
{
	const char *s = db_cell(rs, row, col);
	return s && value && strcmp(s, value) == 0;
}

static int
simple(const char *sql)
{
	if (conn == NULL && (conn_admin ? db_connect_admin() : db_connect_app()) < 0)
		return -1;
	if (mysql_query(conn, sql) != 0) {
		unsigned err = mysql_errno(conn);
		note_error("query", sql, err, mysql_error(conn));
		if (connection_lost(err))
			db_disconnect();
		return -1;
	}
	return 0;
}

int
db_begin(struct req *r)
{
	if (simple("START TRANSACTION") < 0)
		return -1;
	r->in_tx = true;
	return 0;
}

int
db_commit(struct req *r)
{
	r->in_tx = false;
	if (conn == NULL || mysql_commit(conn) != 0) {
		if (conn)
			note_error("commit", "transaction", mysql_errno(conn), mysql_error(conn));
		return -1;
	}
	return 0;
}

void
db_rollback(struct req *r)
{
	r->in_tx = false;
	if (conn)
		mysql_rollback(conn);
}

int
db_direct_begin(void)
{
	if (simple("START TRANSACTION") < 0)
		return -1;
	direct_in_tx = true;
	return 0;
}

int
db_direct_commit(void)
{
	direct_in_tx = false;
	return conn && mysql_commit(conn) == 0 ? 0 : -1;
}

void
db_direct_rollback(void)
{
	direct_in_tx = false;
	if (conn)
		mysql_rollback(conn);
}

/* Trusted SQL from migration files, which may hold several statements. */
int
db_exec_raw(const char *sql)
{
	if (conn == NULL && db_connect_admin() < 0)
		return -1;
	if (mysql_real_query(conn, sql, (unsigned long)strlen(sql)) != 0)
		goto fail;
	do {
		MYSQL_RES *res = mysql_store_result(conn);
		if (res)
			mysql_free_result(res);
		else if (mysql_field_count(conn) != 0)
			goto fail;
	} while (mysql_next_result(conn) == 0);
	if (mysql_errno(conn))
		goto fail;
	return 0;
fail:
	snprintf(last_error, sizeof(last_error), "%u %s", mysql_errno(conn), mysql_error(conn));
	return -1;
}

int
db_quote(const char *in, char *out, size_t outlen)
{
	size_t n = strlen(in);
	if (conn == NULL || outlen < 2 * n + 1)
		return -1;
	mysql_real_escape_string(conn, out, in, (unsigned long)n);
	return 0;
}

static struct db_stmt q_clinic_id = DB_QUERY("clinic_id", 1, "SELECT id FROM clinics WHERE slug = ?");
static struct db_stmt q_clinic_insert = DB_STMT("clinic_insert",
	"INSERT IGNORE INTO clinics (slug, created_at) VALUES (?, ?)");

long long
clinic_id(struct req *r)
{
	struct clinic *cl = (struct clinic *)r->clinic;
	if (cl == NULL)
		return 0;
	if (cl->id)
		return cl->id;
	struct db_rows rs;
	if (db_run(r, &q_clinic_id, &rs, DB_ARGS(DB_STR(cl->slug))) < 0)
		return 0;
	if (rs.nrows == 0) {
		/* The YAML file is the clinic; its row is created on first use. */
		char now[20];
		clock_sql(clock_now(), now);
		if (db_run(r, &q_clinic_insert, NULL, DB_ARGS(DB_STR(cl->slug), DB_STR(now))) < 0 ||
		    db_run(r, &q_clinic_id, &rs, DB_ARGS(DB_STR(cl->slug))) < 0 || rs.nrows == 0)
			return 0;
	}
	cl->id = db_cell_int(&rs, 0, 0);
	return cl->id;
}
