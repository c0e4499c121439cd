/* ics.c: calendar files of visits in the clinic's time zone. */
#include "unit.h"

static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

static char *
calendar(const char *tz, time_t start, const char *summary, bool cancelled)
{
	struct ics_event e = {
		.uid = "appointment-42.3@portal.example", .start = start, .end = start + 1200,
		.stamp = utc(2026, 6, 1, 12, 0), .tz = tz, .summary = summary,
		.location = "Riverside Main Clinic, 1200 River Road, Springfield; IL",
		.description = "Call (555) 010-2000\nto change it", .url = "https://portal.example/riverside/appointments/42",
		.cancelled = cancelled,
	};
	size_t len;
	char *s = ics_calendar(&e, &len);
	assert_non_null(s);
	assert_int_equal(strlen(s), len);
	return s;
}

/* Every line ends in CRLF and none is longer than 75 octets. */
static void
check_lines(const char *s)
{
	for (const char *p = s; *p;) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		assert_true(end - p <= 75);
		assert_null(memchr(p, '\n', (size_t)(end - p)));
		p = end + 2;
	}
}

static void
test_summer_and_winter(void **state)
{
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), "Riverside: Dr. Li Chen, MD", false);
	check_lines(s);
	assert_non_null(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
	assert_non_null(strstr(s, "DTSTART;TZID=America/Chicago:20260715T093000\r\n"));
	assert_non_null(strstr(s, "DTEND;TZID=America/Chicago:20260715T095000\r\n"));
	assert_non_null(strstr(s, "DTSTAMP:20260601T120000Z\r\n"));
	assert_non_null(strstr(s, "BEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\nTZNAME:CDT\r\nEND:DAYLIGHT"));
	assert_non_null(strstr(s, "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\nEND:STANDARD"));
	assert_non_null(strstr(s, "STATUS:CONFIRMED\r\n"));
	assert_non_null(strstr(s, "END:VEVENT\r\nEND:VCALENDAR\r\n"));
	free(s);
	s = calendar("America/Chicago", utc(2026, 1, 15, 15, 30), "x", true);
	assert_non_null(strstr(s, "DTSTART;TZID=America/Chicago:20260115T093000\r\n"));
	assert_non_null(strstr(s, "STATUS:CANCELLED\r\n"));
	free(s);
}

static void
test_zone_without_daylight_saving(void **state)
{
	char *s = calendar("America/Puerto_Rico", utc(2026, 7, 15, 13, 0), "x", false);
	assert_non_null(strstr(s, "DTSTART;TZID=America/Puerto_Rico:20260715T090000\r\n"));
	assert_non_null(strstr(s, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\n"));
	assert_null(strstr(s, "DAYLIGHT"));
	free(s);
}

static void
test_escaping_and_folding(void **state)
{
	const char *summary = "Consulta de seguimiento con la doctora Li Chen, médica de familia; "
		"clínica Riverside, edificio principal, segundo piso, sala de espera número dos";
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), summary, false);
	check_lines(s);
	assert_non_null(strstr(s, "LOCATION:Riverside Main Clinic\\, 1200 River Road\\, Springfield\\; IL\r\n"));
	assert_non_null(strstr(s, "DESCRIPTION:Call (555) 010-2000\\nto change it\r\n"));
	/* Unfolded, the summary comes back whole, escaped. */
	const char *at = strstr(s, "SUMMARY:");
	assert_non_null(at);
	char unfolded[1000];
	size_t o = 0;
	for (const char *p = at + 8; *p && !(p[0] == '\r' && p[1] == '\n' && p[2] != ' '); p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		unfolded[o++] = *p;
	}
	unfolded[o] = '\0';
	assert_string_equal(unfolded, "Consulta de seguimiento con la doctora Li Chen\\, médica de familia\\; "
		"clínica Riverside\\, edificio principal\\, segundo piso\\, sala de espera número dos");
	/* No line starts inside a UTF-8 character. */
	for (const char *p = strstr(s, "\r\n "); p; p = strstr(p + 1, "\r\n "))
		assert_true(((unsigned char)p[3] & 0xc0) != 0x80);
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summer_and_winter),
		cmocka_unit_test(test_zone_without_daylight_saving),
		cmocka_unit_test(test_escaping_and_folding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
