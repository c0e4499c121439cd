/* The database layer (db.c) against a MariaDB of the test's own: typed
 * arguments and cells, the checks of a statement against its column enum,
 * duplicates, transactions, the clinic's row, and what happens when the
 * server goes away and comes back. */
#include "unit_db.h"

#include <time.h>

static struct req *r;

static int
group_setup(void **state)
{
	if (unit_db_setup() < 0)
		return -1;
	/* The rest goes through the application's path (fast failure while
	 * the server is down), not the admin's. */
	db_disconnect();
	if (db_connect_app() < 0)
		return -1;
	r = req_cli_new(conf_clinic("riverside"));
	return r ? 0 : -1;
}

static int
group_teardown(void **state)
{
	req_cli_free(r);
	return unit_db_teardown();
}

static struct db_stmt q_create = DB_STMT("create",
	"CREATE TABLE IF NOT EXISTS unit_things (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL,"
	" data BLOB NULL, n INT NULL, UNIQUE KEY unit_things_name (name))");
static struct db_stmt q_insert = DB_STMT("insert", "INSERT INTO unit_things (name, data, n) VALUES (?, ?, ?)");
enum { THING_ID, THING_NAME, THING_DATA, THING_N, THING__COLS };
static struct db_stmt q_thing = DB_QUERY("thing", THING__COLS,
	"SELECT id, name, data, n FROM unit_things WHERE name = ?");
static struct db_stmt q_count = DB_QUERY("count", 1, "SELECT COUNT(*) FROM unit_things");

static long long
things(void)
{
	struct db_rows rs;
	assert_int_equal(db_run(r, &q_count, &rs, DB_NOARGS), 0);
	return db_cell_int(&rs, 0, 0);
}

static void
test_arguments_and_cells(void **state)
{
	struct db_rows rs;
	static const unsigned char bytes[5] = { 'a', 0, 'b', 0xff, 'c' };
	assert_int_equal(db_run(r, &q_create, NULL, DB_NOARGS), 0);
	assert_int_equal(db_run(r, &q_insert, &rs, DB_ARGS(DB_STR("first"), DB_BLOB(bytes, sizeof(bytes)), DB_INT(-7))), 0);
	assert_true(rs.insert_id > 0);
	assert_int_equal(rs.affected, 1);
	assert_int_equal(db_run(r, &q_insert, NULL, DB_ARGS(DB_STR("second"), DB_NULLARG, DB_NULLARG)), 0);

	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), 0);
	assert_int_equal(rs.nrows, 1);
	assert_string_equal(db_cell(&rs, 0, THING_NAME), "first");
	assert_true(db_cell_is(&rs, 0, THING_NAME, "first"));
	assert_false(db_cell_is(&rs, 0, THING_NAME, "second"));
	assert_int_equal(db_cell_len(&rs, 0, THING_DATA), sizeof(bytes));
	assert_memory_equal(db_cell(&rs, 0, THING_DATA), bytes, sizeof(bytes));
	assert_int_equal(db_cell_int(&rs, 0, THING_N), -7);

	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("second"))), 0);
	assert_null(db_cell(&rs, 0, THING_DATA));
	assert_null(db_cell(&rs, 0, THING_N));
	assert_int_equal(db_cell_int(&rs, 0, THING_N), 0);
	/* Outside the result: NULL, never a crash. */
	assert_null(db_cell(&rs, 1, THING_NAME));
	assert_null(db_cell(&rs, 0, THING__COLS));
	assert_null(db_cell(&rs, 0, -1));
	assert_int_equal(db_cell_len(&rs, 5, THING_NAME), 0);

	/* A string argument of NULL is SQL's NULL. */
	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR(NULL))), 0);
	assert_int_equal(rs.nrows, 0);
}

static void
test_duplicate(void **state)
{
	assert_int_equal(db_run(r, &q_create, NULL, DB_NOARGS), 0);
	assert_int_equal(db_run(r, &q_insert, NULL, DB_ARGS(DB_STR("twice"), DB_NULLARG, DB_NULLARG)), 0);
	assert_int_equal(db_run(r, &q_insert, NULL, DB_ARGS(DB_STR("twice"), DB_NULLARG, DB_NULLARG)), DB_DUPLICATE);
}

/* A statement's declaration must match what the server says of it. */
static void
test_statement_checks(void **state)
{
	static struct db_stmt q_miscounted = DB_QUERY("miscounted", 3, "SELECT id, name FROM unit_things");
	static struct db_stmt q_select_as_stmt = DB_STMT("select_as_stmt", "SELECT id FROM unit_things");
	static struct db_stmt q_bad_sql = DB_QUERY("bad_sql", 1, "SELEKT 1");
	struct db_rows rs;
	assert_int_equal(db_run(r, &q_create, NULL, DB_NOARGS), 0);
	assert_int_equal(db_run(r, &q_miscounted, &rs, DB_NOARGS), -1);
	assert_contains(db_error_message(), "miscounted returns 2 columns, its enum names 3");
	assert_int_equal(db_run(r, &q_select_as_stmt, &rs, DB_NOARGS), -1);
	assert_contains(db_error_message(), "returns 1 columns, its enum names 0");
	assert_int_equal(db_run(r, &q_thing, &rs, DB_NOARGS), -1);
	assert_contains(db_error_message(), "takes 1 arguments, given 0");
	assert_int_equal(db_run(r, &q_bad_sql, &rs, DB_NOARGS), -1);
	/* None of that took the connection down. */
	assert_false(db_is_down());
	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), 0);
}

static void
test_transactions(void **state)
{
	assert_int_equal(db_run(r, &q_create, NULL, DB_NOARGS), 0);
	long long before = things();
	assert_int_equal(db_begin(r), 0);
	assert_true(r->in_tx);
	assert_int_equal(db_run(r, &q_insert, NULL, DB_ARGS(DB_STR("rolled back"), DB_NULLARG, DB_NULLARG)), 0);
	db_rollback(r);
	assert_false(r->in_tx);
	assert_int_equal(things(), before);
	assert_int_equal(db_begin(r), 0);
	assert_int_equal(db_run(r, &q_insert, NULL, DB_ARGS(DB_STR("committed"), DB_NULLARG, DB_NULLARG)), 0);
	assert_int_equal(db_commit(r), 0);
	assert_int_equal(things(), before + 1);
}

/* The clinic file is the clinic: its row is made on first use, then its
 * id is kept for the life of the process. */
static void
test_clinic_row(void **state)
{
	long long id = clinic_id(r);
	assert_true(id > 0);
	assert_int_equal(clinic_id(r), id);
	assert_int_equal(unit_db_int("SELECT id FROM clinics WHERE slug = 'riverside'"), id);
	assert_int_equal(db_connect_app(), 0);
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* While the server is down every call fails at once (the 503 page, not a
 * queue of waiting workers); when it is back the next call reconnects and
 * prepares its statement again. */
static void
test_server_restart(void **state)
{
	struct db_rows rs;
	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), 0);
	unit_db_stop();
	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), -1);
	assert_true(db_is_down());
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int i = 0; i < 50; i++)
		assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), -1);
	assert_true(seconds_since(&t0) < 0.5);
	assert_int_equal(unit_db_start(), 0);
	sleep(1);      /* the one-second window of refused attempts passes */
	assert_int_equal(db_run(r, &q_thing, &rs, DB_ARGS(DB_STR("first"))), 0);
	assert_false(db_is_down());
	assert_string_equal(db_cell(&rs, 0, THING_NAME), "first");
}

/* Results fetched without a request own their memory (ASan's leak check
 * watches this). */
static void
test_direct_results(void **state)
{
	struct db_rows rs;
	assert_int_equal(db_run_direct(&q_thing, &rs, DB_ARGS(DB_STR("first"))), 0);
	assert_int_equal(rs.nrows, 1);
	assert_non_null(rs.own);
	db_rows_free(&rs);
	assert_null(rs.own);
	db_rows_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arguments_and_cells),
		cmocka_unit_test(test_duplicate),
		cmocka_unit_test(test_statement_checks),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_clinic_row),
		cmocka_unit_test(test_server_restart),
		cmocka_unit_test(test_direct_results),
	};
	return cmocka_run_group_tests_name("db", tests, group_setup, group_teardown);
}
