/* render.c: date, time and money formatting (no FastCGI needed: a request
 * with an arena, a clinic for its time zone, and the translations). */
#include "unit.h"

static struct clinic chicago;

static int
group_setup(void **state)
{
	/* From the repository root, like every unit test. */
	if (i18n_load("templates") < 0)
		return -1;
	chicago.slug = "testclinic";
	chicago.timezone = "America/Chicago";
	return 0;
}

/* A fresh request in the Chicago clinic. */
static int
setup_req(void **state)
{
	struct req *r = unit_req_new();
	r->clinic = &chicago;
	*state = r;
	return 0;
}

/* 2026-03-04 15:30:00 UTC: 9:30 in Chicago (CST, before the DST switch). */
#define T_MORNING ((time_t)1772638200)
/* 2026-07-04 17:05:00 UTC: 12:05 in Chicago (CDT). */
#define T_SUMMER ((time_t)1783184700)
/* 2026-03-05 03:00:00 UTC: still March 4 in Chicago, 21:00. */
#define T_EVENING ((time_t)1772679600)
/* 2026-03-05 06:00:00 UTC: midnight in Chicago. */
#define T_MIDNIGHT ((time_t)1772690400)

static void
test_money(void **state)
{
	struct req *r = *state;
	assert_string_equal(fmt_money(r, 0), "$0.00");
	assert_string_equal(fmt_money(r, 5), "$0.05");
	assert_string_equal(fmt_money(r, 100), "$1.00");
	assert_string_equal(fmt_money(r, 12345), "$123.45");
	assert_string_equal(fmt_money(r, 99999), "$999.99");
	assert_string_equal(fmt_money(r, 100000), "$1,000.00");
	assert_string_equal(fmt_money(r, 123456789), "$1,234,567.89");
	assert_string_equal(fmt_money(r, 100000000), "$1,000,000.00");
	assert_string_equal(fmt_money(r, -1), "-$0.01");
	assert_string_equal(fmt_money(r, -250075), "-$2,500.75");
	assert_string_equal(fmt_money(r, INT64_MAX), "$92,233,720,368,547,758.07");
	assert_string_equal(fmt_money(r, INT64_MIN), "-$92,233,720,368,547,758.08");
}

static void
test_sql_date(void **state)
{
	struct req *r = *state;
	assert_string_equal(fmt_sql_date(r, "1980-03-25"), "March 25, 1980");
	assert_string_equal(fmt_sql_date(r, "2024-02-29"), "February 29, 2024");
	assert_string_equal(fmt_sql_date(r, "2000-12-01"), "December 1, 2000");
	r->lang = LANG_ES;
	assert_string_equal(fmt_sql_date(r, "1980-03-25"), "25 de marzo de 1980");
	assert_string_equal(fmt_sql_date(r, "2000-12-01"), "1 de diciembre de 2000");
	/* Not a date: nothing. */
	assert_string_equal(fmt_sql_date(r, "2023-02-29"), "");
	assert_string_equal(fmt_sql_date(r, "1980-3-25"), "");
	assert_string_equal(fmt_sql_date(r, NULL), "");
	/* A birth date has no time zone: the same day far east and west. */
	chicago.timezone = "Pacific/Kiritimati";
	r->lang = LANG_EN;
	assert_string_equal(fmt_sql_date(r, "1980-03-25"), "March 25, 1980");
	chicago.timezone = "America/Chicago";
}

/* What fmt_time, fmt_date and fmt_datetime print, in the Chicago clinic. */
static const struct {
	const char *(*fmt)(struct req *r, time_t t);
	enum lang lang;
	time_t t;
	const char *expected;
} moments[] = {
	{ fmt_time, LANG_EN, T_MORNING, "9:30 AM" },
	{ fmt_time, LANG_EN, T_SUMMER, "12:05 PM" },
	{ fmt_time, LANG_EN, T_EVENING, "9:00 PM" },
	{ fmt_time, LANG_EN, T_MIDNIGHT, "12:00 AM" },
	{ fmt_time, LANG_ES, T_MORNING, "9:30 a. m." },
	{ fmt_time, LANG_ES, T_EVENING, "9:00 p. m." },
	{ fmt_date, LANG_EN, T_MORNING, "Wednesday, March 4, 2026" },
	/* The clinic's day, not UTC's. */
	{ fmt_date, LANG_EN, T_EVENING, "Wednesday, March 4, 2026" },
	{ fmt_date, LANG_EN, T_MIDNIGHT, "Thursday, March 5, 2026" },
	{ fmt_date, LANG_EN, T_SUMMER, "Saturday, July 4, 2026" },
	{ fmt_date, LANG_ES, T_MORNING, "mi\xc3\xa9rcoles, 4 de marzo de 2026" },
	{ fmt_date, LANG_ES, T_SUMMER, "s\xc3\xa1" "bado, 4 de julio de 2026" },
	{ fmt_datetime, LANG_EN, T_MORNING, "Wednesday, March 4, 2026, 9:30 AM" },
	{ fmt_datetime, LANG_ES, T_EVENING, "mi\xc3\xa9rcoles, 4 de marzo de 2026, 9:00 p. m." },
};

static void
test_times_and_dates(void **state)
{
	struct req *r = *state;
	for (size_t i = 0; i < sizeof(moments) / sizeof(moments[0]); i++) {
		r->lang = moments[i].lang;
		assert_string_equal(moments[i].fmt(r, moments[i].t), moments[i].expected);
	}
}

static void
test_time_zones(void **state)
{
	struct req *r = *state;
	/* Outside any clinic: UTC. */
	r->clinic = NULL;
	assert_string_equal(fmt_time(r, T_MORNING), "3:30 PM");
	assert_string_equal(fmt_date(r, T_EVENING), "Thursday, March 5, 2026");
	/* Another clinic's zone, then back: no stale zone is kept. */
	static struct clinic tokyo = { .slug = "tokyo", .timezone = "Asia/Tokyo" };
	r->clinic = &tokyo;
	assert_string_equal(fmt_time(r, T_MORNING), "12:30 AM");
	assert_string_equal(fmt_date(r, T_MORNING), "Thursday, March 5, 2026");
	r->clinic = &chicago;
	assert_string_equal(fmt_time(r, T_MORNING), "9:30 AM");
}

static void
test_translations(void **state)
{
	struct req *r = *state;
	assert_string_equal(tr(r, "date.month.1"), "January");
	r->lang = LANG_ES;
	assert_string_equal(tr(r, "date.month.1"), "enero");
	/* A missing key shows itself rather than nothing. */
	assert_string_equal(tr(r, "no.such.key"), "no.such.key");
	assert_string_equal(i18n_get(LANG_EN, "time.pm"), "PM");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_money, setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_sql_date, setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_times_and_dates, setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_time_zones, setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_translations, setup_req, unit_teardown_req),
	};
	return cmocka_run_group_tests_name("render_fmt", tests, group_setup, NULL);
}
