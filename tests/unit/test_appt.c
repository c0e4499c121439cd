/* appt.c: open slots from weekly availability minus busy times, in the
 * clinic's time zone (daylight-saving days included). */
#include "unit.h"

static char *chen_offers[] = { "chen", "okafor" };
static struct appt_type follow_up = {
	.key = "follow_up", .minutes = 20, .patients = "any", .mode = "in_person", .scheduling = "self",
	.providers = { chen_offers, 2 },
};
static struct appt_type long_visit = {
	.key = "long", .minutes = 40, .patients = "any", .mode = "in_person", .scheduling = "self",
	.providers = { chen_offers, 1 },
};

/* chen: Monday and Wednesday 08:00-09:00 at main; okafor: Tuesday
 * 09:00-10:00 at east. Plus an overlapping duplicate row for chen. */
static struct appt_availability rows[] = {
	{ .provider = "chen", .location = "main", .from = "08:00", .to = "09:00", .day_mask = 1u << 1 | 1u << 3 },
	{ .provider = "okafor", .location = "east", .from = "09:00", .to = "10:00", .day_mask = 1u << 2 },
	{ .provider = "chen", .location = "main", .from = "08:00", .to = "08:40", .day_mask = 1u << 1 },
};
static struct clinic clinic = {
	.slug = "testclinic", .timezone = "America/Chicago", .availability = rows, .navailability = 3,
};

/* 2026-03-02 is a Monday; Chicago is UTC-6 in winter. */
static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

static void
test_week_of_slots(void **state)
{
	struct open_slot out[50];
	time_t from = utc(2026, 3, 2, 6, 0), to = from + 7 * 86400;   /* Monday 00:00 local */
	size_t n = appt_open_slots(&clinic, &follow_up, NULL, from, to, 0, NULL, 0, out, 50);
	/* Monday 08:00 08:20 08:40 (chen, the duplicate row adds nothing),
	 * Tuesday 09:00 09:20 09:40 (okafor), Wednesday 08:00 08:20 08:40. */
	assert_int_equal(n, 9);
	assert_int_equal(out[0].start, utc(2026, 3, 2, 14, 0));
	assert_string_equal(out[0].provider, "chen");
	assert_string_equal(out[0].location, "main");
	assert_int_equal(out[2].start, utc(2026, 3, 2, 14, 40));
	assert_int_equal(out[3].start, utc(2026, 3, 3, 15, 0));
	assert_string_equal(out[3].provider, "okafor");
	assert_string_equal(out[3].location, "east");
	assert_int_equal(out[8].start, utc(2026, 3, 4, 14, 40));
	for (size_t i = 1; i < n; i++)
		assert_true(out[i - 1].start < out[i].start);
}

static void
test_one_provider_and_type(void **state)
{
	struct open_slot out[50];
	time_t from = utc(2026, 3, 2, 6, 0), to = from + 7 * 86400;
	assert_int_equal(appt_open_slots(&clinic, &follow_up, "okafor", from, to, 0, NULL, 0, out, 50), 3);
	/* A 40-minute visit fits once in an hour; okafor does not offer it. */
	size_t n = appt_open_slots(&clinic, &long_visit, NULL, from, to, 0, NULL, 0, out, 50);
	assert_int_equal(n, 2);
	assert_int_equal(out[0].start, utc(2026, 3, 2, 14, 0));
	assert_int_equal(out[1].start, utc(2026, 3, 4, 14, 0));
}

static void
test_lead_time_range_and_cap(void **state)
{
	struct open_slot out[50];
	time_t from = utc(2026, 3, 2, 6, 0), to = from + 7 * 86400;
	/* Not before Monday 08:30 local: 08:40 is the first. */
	size_t n = appt_open_slots(&clinic, &follow_up, NULL, from, to, utc(2026, 3, 2, 14, 30), NULL, 0, out, 50);
	assert_int_equal(n, 7);
	assert_int_equal(out[0].start, utc(2026, 3, 2, 14, 40));
	/* The range ends Tuesday 00:00 local. */
	assert_int_equal(appt_open_slots(&clinic, &follow_up, NULL, from, utc(2026, 3, 3, 6, 0), 0, NULL, 0, out, 50), 3);
	/* At most max. */
	assert_int_equal(appt_open_slots(&clinic, &follow_up, NULL, from, to, 0, NULL, 0, out, 4), 4);
}

static void
test_busy_times(void **state)
{
	struct open_slot out[50];
	time_t from = utc(2026, 3, 2, 6, 0), to = from + 7 * 86400;
	struct busy_time busy[] = {
		/* A visit 08:10-08:30 on Monday blocks 08:00 and 08:20. */
		{ "chen", utc(2026, 3, 2, 14, 10), utc(2026, 3, 2, 14, 30) },
		/* okafor's time off all Tuesday. */
		{ "okafor", utc(2026, 3, 3, 6, 0), utc(2026, 3, 4, 6, 0) },
		/* The clinic closed Wednesday morning. */
		{ NULL, utc(2026, 3, 4, 6, 0), utc(2026, 3, 4, 18, 0) },
		/* Someone else's visit does not matter. */
		{ "other", utc(2026, 3, 2, 14, 40), utc(2026, 3, 2, 15, 0) },
	};
	size_t n = appt_open_slots(&clinic, &follow_up, NULL, from, to, 0, busy, 4, out, 50);
	assert_int_equal(n, 1);
	assert_int_equal(out[0].start, utc(2026, 3, 2, 14, 40));
	/* A visit ending exactly at a slot's start does not block it. */
	struct busy_time edge[] = { { "chen", utc(2026, 3, 2, 13, 40), utc(2026, 3, 2, 14, 0) } };
	n = appt_open_slots(&clinic, &follow_up, "chen", from, from + 86400, 0, edge, 1, out, 50);
	assert_int_equal(n, 3);
}

static void
test_daylight_saving(void **state)
{
	struct open_slot out[50];
	/* 2026-03-08: Chicago springs forward at 02:00. Monday 9 March is
	 * CDT (UTC-5): 08:00 local is 13:00 UTC. */
	time_t from = utc(2026, 3, 7, 6, 0), to = utc(2026, 3, 10, 5, 0);
	size_t n = appt_open_slots(&clinic, &follow_up, "chen", from, to, 0, NULL, 0, out, 50);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].start, utc(2026, 3, 9, 13, 0));
	/* And back in November: Monday 2 November is CST again. */
	from = utc(2026, 11, 1, 5, 0);
	n = appt_open_slots(&clinic, &follow_up, "chen", from, from + 2 * 86400, 0, NULL, 0, out, 50);
	assert_int_equal(n, 3);
	assert_int_equal(out[0].start, utc(2026, 11, 2, 14, 0));
}

static void
test_clock_from_local(void **state)
{
	assert_int_equal(clock_from_local("America/Chicago", 2026, 7, 1, 9, 30), utc(2026, 7, 1, 14, 30));
	assert_int_equal(clock_from_local("America/Chicago", 2026, 1, 15, 9, 30), utc(2026, 1, 15, 15, 30));
	assert_int_equal(clock_from_local("UTC", 2026, 1, 15, 9, 30), utc(2026, 1, 15, 9, 30));
	/* Day 32 of January is 1 February. */
	assert_int_equal(clock_from_local("America/Chicago", 2026, 1, 32, 0, 0), utc(2026, 2, 1, 6, 0));
	/* clock_local agrees after the switch of zones. */
	struct tm tm;
	clock_local("America/Chicago", utc(2026, 7, 1, 14, 30), &tm);
	assert_int_equal(tm.tm_hour, 9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week_of_slots),
		cmocka_unit_test(test_one_provider_and_type),
		cmocka_unit_test(test_lead_time_range_and_cap),
		cmocka_unit_test(test_busy_times),
		cmocka_unit_test(test_daylight_saving),
		cmocka_unit_test(test_clock_from_local),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
