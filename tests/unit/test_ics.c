/* ics.c: calendar files of visits in the clinic's time zone. */
#include "unit.h"

static time_t
utc(int y, int mo, int d, int h, int mi)
{
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi };
	return timegm(&tm);
}

/* Every physical line ends in CRLF, holds no other CR or LF, is at most 75
 * octets, and is valid UTF-8 by itself (so no character was cut when it
 * was folded). */
static void
check_lines(const char *s, size_t len)
{
	assert_int_equal(strlen(s), len);
	assert_true(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n');
	for (const char *p = s; *p;) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		size_t n = (size_t)(end - p);
		if (n > 75)
			fail_msg("line of %zu octets: %.*s", n, (int)n, p);
		assert_null(memchr(p, '\n', n));
		assert_null(memchr(p, '\r', n));
		assert_int_equal(valid_utf8_text(p, n, 0, 1000, true), 0);   /* CR, LF: above */
		p = end + 2;
	}
}

/* BEGIN and END nest properly and the file is one VCALENDAR. */
static void
check_balanced(const char *s)
{
	char stack[8][32];
	int depth = 0, calendars = 0;
	for (const char *p = s; *p;) {
		const char *end = strstr(p, "\r\n");
		assert_non_null(end);
		size_t n = (size_t)(end - p);
		if (n > 6 && strncmp(p, "BEGIN:", 6) == 0) {
			assert_true(depth < 8 && n - 6 < 32);
			memcpy(stack[depth], p + 6, n - 6);
			stack[depth][n - 6] = '\0';
			if (depth == 0)
				calendars++;
			depth++;
		} else if (n > 4 && strncmp(p, "END:", 4) == 0) {
			assert_true(depth > 0);
			depth--;
			assert_int_equal(strlen(stack[depth]), n - 4);
			assert_memory_equal(stack[depth], p + 4, n - 4);
		} else {
			assert_true(depth > 0);   /* nothing outside the VCALENDAR */
		}
		p = end + 2;
	}
	assert_int_equal(depth, 0);
	assert_int_equal(calendars, 1);
	assert_prefix(s, "BEGIN:VCALENDAR\r\n");
}

/* The file unfolded: every CRLF followed by a space removed. */
static char *
unfold(const char *s)
{
	char *u = malloc(strlen(s) + 1);
	assert_non_null(u);
	size_t o = 0;
	for (const char *p = s; *p; p++) {
		if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
			p += 2;
			continue;
		}
		u[o++] = *p;
	}
	u[o] = '\0';
	return u;
}

static int
count(const char *s, const char *needle)
{
	int n = 0;
	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static struct ics_event
event(const char *tz, time_t start, const char *summary)
{
	return (struct ics_event){
		.uid = "appointment-42.3@portal.example", .start = start, .end = start + 1200,
		.stamp = utc(2026, 6, 1, 12, 0), .tz = tz, .summary = summary,
		.location = "Riverside Main Clinic, 1200 River Road, Springfield; IL",
		.description = "Call (555) 010-2000\nto change it",
		.url = "https://portal.example/riverside/appointments/42",
	};
}

/* The calendar of e, checked for the properties every file must have. */
static char *
calendar_of(const struct ics_event *e)
{
	size_t len = 0;
	char *s = ics_calendar(e, &len);
	assert_non_null(s);
	check_lines(s, len);
	check_balanced(s);
	return s;
}

static char *
calendar(const char *tz, time_t start, const char *summary, bool cancelled)
{
	struct ics_event e = event(tz, start, summary);
	e.cancelled = cancelled;
	return calendar_of(&e);
}

static void
test_summer_and_winter(void **state)
{
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), "Riverside: Dr. Li Chen, MD", false);
	assert_prefix(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Patient Portal//EN\r\n"
		"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nBEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\n");
	/* 14:30 UTC in July is 09:30 CDT (-0500). */
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20260715T093000\r\n");
	assert_contains(s, "\r\nDTEND;TZID=America/Chicago:20260715T095000\r\n");
	assert_contains(s, "\r\nDTSTAMP:20260601T120000Z\r\n");
	assert_contains(s, "\r\nUID:appointment-42.3@portal.example\r\n");
	assert_contains(s, "\r\nSEQUENCE:0\r\n");
	/* The second Sunday of March and the first of November, 02:00 local. */
	assert_contains(s, "\r\nBEGIN:DAYLIGHT\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0600\r\n"
		"TZOFFSETTO:-0500\r\nTZNAME:CDT\r\nEND:DAYLIGHT\r\n");
	assert_contains(s, "\r\nBEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\n"
		"TZOFFSETTO:-0600\r\nTZNAME:CST\r\nEND:STANDARD\r\n");
	/* And the observance in force on January 1st, which began in 2025. */
	assert_contains(s, "\r\nBEGIN:VTIMEZONE\r\nTZID:America/Chicago\r\nBEGIN:STANDARD\r\n"
		"DTSTART:20251102T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\nTZNAME:CST\r\nEND:STANDARD\r\n");
	assert_int_equal(count(s, "BEGIN:STANDARD"), 2);
	assert_int_equal(count(s, "BEGIN:DAYLIGHT"), 1);
	assert_contains(s, "\r\nSTATUS:CONFIRMED\r\n");
	assert_null(strstr(s, "CANCELLED"));
	assert_null(strstr(s, "VALARM"));
	assert_contains(s, "\r\nEND:VTIMEZONE\r\nBEGIN:VEVENT\r\n");
	assert_contains(s, "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
	free(s);

	/* 15:30 UTC in January is 09:30 CST (-0600); the same transitions. */
	s = calendar("America/Chicago", utc(2026, 1, 15, 15, 30), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20260115T093000\r\n");
	assert_contains(s, "\r\nDTEND;TZID=America/Chicago:20260115T095000\r\n");
	assert_contains(s, "\r\nDTSTART:20260308T020000\r\nTZOFFSETFROM:-0600\r\nTZOFFSETTO:-0500\r\n");
	assert_contains(s, "\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0600\r\n");
	free(s);

	/* Late on December 31st local time is already January 1st in UTC: the
	 * local date, and the rules of the local year. */
	s = calendar("America/Chicago", utc(2027, 1, 1, 3, 0), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20261231T210000\r\n");
	assert_contains(s, "\r\nDTSTART:20261101T020000\r\n");
	free(s);
}

static void
test_southern_hemisphere(void **state)
{
	/* Sydney: daylight saving ends in April and begins in October. */
	char *s = calendar("Australia/Sydney", utc(2026, 6, 1, 0, 0), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=Australia/Sydney:20260601T100000\r\n");
	assert_contains(s, "\r\nBEGIN:STANDARD\r\nDTSTART:20260405T030000\r\nTZOFFSETFROM:+1100\r\n"
		"TZOFFSETTO:+1000\r\nTZNAME:AEST\r\nEND:STANDARD\r\n");
	assert_contains(s, "\r\nBEGIN:DAYLIGHT\r\nDTSTART:20261004T020000\r\nTZOFFSETFROM:+1000\r\n"
		"TZOFFSETTO:+1100\r\nTZNAME:AEDT\r\nEND:DAYLIGHT\r\n");
	assert_contains(s, "\r\nBEGIN:DAYLIGHT\r\nDTSTART:20251005T020000\r\n");
	free(s);
}

static void
test_zone_without_daylight_saving(void **state)
{
	char *s = calendar("America/Puerto_Rico", utc(2026, 7, 15, 13, 0), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Puerto_Rico:20260715T090000\r\n");
	assert_contains(s, "\r\nBEGIN:VTIMEZONE\r\nTZID:America/Puerto_Rico\r\nBEGIN:STANDARD\r\n"
		"DTSTART:19700101T000000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0400\r\nTZNAME:AST\r\n"
		"END:STANDARD\r\nEND:VTIMEZONE\r\n");
	assert_int_equal(count(s, "BEGIN:STANDARD"), 1);
	assert_null(strstr(s, "DAYLIGHT"));
	free(s);
}

/* A UTC clinic, the whole file to the octet. */
static void
test_utc_whole_file(void **state)
{
	struct ics_event e = {
		.uid = "appointment-7.1@portal.example", .start = utc(2026, 3, 4, 9, 30), .end = utc(2026, 3, 4, 10, 0),
		.stamp = utc(2026, 2, 1, 8, 0), .tz = "UTC", .summary = "Visit with Dr. Li Chen",
	};
	size_t len = 0;
	char *s = ics_calendar(&e, &len);
	assert_non_null(s);
	const char *want =
		"BEGIN:VCALENDAR\r\n"
		"VERSION:2.0\r\n"
		"PRODID:-//Patient Portal//EN\r\n"
		"CALSCALE:GREGORIAN\r\n"
		"METHOD:PUBLISH\r\n"
		"BEGIN:VTIMEZONE\r\n"
		"TZID:UTC\r\n"
		"BEGIN:STANDARD\r\n"
		"DTSTART:19700101T000000\r\n"
		"TZOFFSETFROM:+0000\r\n"
		"TZOFFSETTO:+0000\r\n"
		"TZNAME:UTC\r\n"
		"END:STANDARD\r\n"
		"END:VTIMEZONE\r\n"
		"BEGIN:VEVENT\r\n"
		"UID:appointment-7.1@portal.example\r\n"
		"DTSTAMP:20260201T080000Z\r\n"
		"SEQUENCE:0\r\n"
		"DTSTART;TZID=UTC:20260304T093000\r\n"
		"DTEND;TZID=UTC:20260304T100000\r\n"
		"SUMMARY:Visit with Dr. Li Chen\r\n"
		"STATUS:CONFIRMED\r\n"
		"END:VEVENT\r\n"
		"END:VCALENDAR\r\n";
	assert_string_equal(s, want);
	assert_int_equal(len, strlen(want));
	free(s);
	/* len may be left out. */
	s = ics_calendar(&e, NULL);
	assert_string_equal(s, want);
	free(s);
}

static void
test_escaping(void **state)
{
	struct ics_event e = event("America/Chicago", utc(2026, 7, 15, 14, 30), "a,b;c\\d\ne");
	e.description = "one\r\ntwo\rthree\x01\x7f\tfour";
	char *s = calendar_of(&e);
	assert_contains(s, "\r\nSUMMARY:a\\,b\\;c\\\\d\\ne\r\n");
	assert_contains(s, "\r\nLOCATION:Riverside Main Clinic\\, 1200 River Road\\, Springfield\\; IL\r\n");
	/* Line breaks of any kind become \n; other control characters go. */
	assert_contains(s, "\r\nDESCRIPTION:one\\ntwo\\nthree\tfour\r\n");
	/* A URI is not text: its commas and semicolons stay as they are. */
	free(s);
	e.url = "https://portal.example/a;b,c";
	s = calendar_of(&e);
	assert_contains(s, "\r\nURL:https://portal.example/a;b,c\r\n");
	free(s);
}

/* Nothing in a value can start a property of its own. */
static void
test_no_injection(void **state)
{
	struct ics_event e = event("America/Chicago", utc(2026, 7, 15, 14, 30), "x\r\nSTATUS:CANCELLED");
	e.url = "https://portal.example/\r\nEND:VEVENT\r\nBEGIN:VEVENT";
	e.location = "y\nATTACH:https://evil.example/";
	char *s = calendar_of(&e);
	assert_int_equal(count(s, "\r\nSTATUS:"), 1);
	assert_contains(s, "\r\nSUMMARY:x\\nSTATUS:CANCELLED\r\n");
	assert_contains(s, "\r\nSTATUS:CONFIRMED\r\n");
	assert_int_equal(count(s, "\r\nBEGIN:VEVENT\r\n"), 1);
	assert_int_equal(count(s, "\r\nEND:VEVENT\r\n"), 1);
	assert_null(strstr(s, "\r\nATTACH"));
	assert_contains(s, "\r\nURL:https://portal.example/END:VEVENTBEGIN:VEVENT\r\n");
	free(s);
}

static void
test_optional_fields(void **state)
{
	struct ics_event e = event("America/Chicago", utc(2026, 7, 15, 14, 30), "x");
	e.location = e.description = e.url = NULL;
	char *s = calendar_of(&e);
	assert_null(strstr(s, "LOCATION"));
	assert_null(strstr(s, "DESCRIPTION"));
	assert_null(strstr(s, "URL"));
	assert_contains(s, "\r\nSUMMARY:x\r\n");
	free(s);
	assert_null(ics_calendar(NULL, NULL));
	e.uid = NULL;
	assert_null(ics_calendar(&e, NULL));
}

/* The summary of the file, unfolded and unescaped back. */
static void
check_summary_round_trip(const char *s, const char *escaped)
{
	char *u = unfold(s);
	char *want = malloc(strlen(escaped) + 20);
	assert_non_null(want);
	sprintf(want, "\r\nSUMMARY:%s\r\n", escaped);
	assert_contains(u, want);
	free(want);
	free(u);
}

static void
test_folding(void **state)
{
	const char *summary = "Consulta de seguimiento con la doctora Li Chen, médica de familia; "
		"clínica Riverside, edificio principal, segundo piso, sala de espera número dos";
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), summary, false);
	/* Folded: more than one physical line, each continuation a space. */
	const char *at = strstr(s, "\r\nSUMMARY:");
	assert_non_null(at);
	const char *next = strstr(at + 2, "\r\n");
	assert_int_equal(next - (at + 2), 75);
	assert_true(next[2] == ' ');
	check_summary_round_trip(s, "Consulta de seguimiento con la doctora Li Chen\\, médica de familia\\; "
		"clínica Riverside\\, edificio principal\\, segundo piso\\, sala de espera número dos");
	/* Every line that is not a property's first begins with a space. */
	for (const char *p = s; *p; p = strstr(p, "\r\n") + 2)
		assert_true(*p == ' ' || (*p >= 'A' && *p <= 'Z'));
	free(s);
}

/* Two-, three- and four-octet characters at every alignment against the
 * fold: none is cut, and the text comes back whole. */
static void
test_folding_never_cuts_a_character(void **state)
{
	static const char *const chars[] = { "é", "€", "😀", "ñ," };
	for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++) {
		for (int shift = 0; shift < 5; shift++) {
			char summary[800], escaped[900];
			size_t n = 0, m = 0;
			for (int i = 0; i < shift; i++)
				summary[n++] = escaped[m++] = 'a';
			for (int i = 0; i < 60; i++) {
				for (const char *p = chars[c]; *p; p++) {
					summary[n++] = *p;
					if (*p == ',')
						escaped[m++] = '\\';
					escaped[m++] = *p;
				}
			}
			summary[n] = escaped[m] = '\0';
			char *s = calendar("UTC", utc(2026, 7, 15, 14, 30), summary, false);
			check_summary_round_trip(s, escaped);
			free(s);
		}
	}
}

static void
test_cancelled(void **state)
{
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), "x", true);
	assert_contains(s, "\r\nSTATUS:CANCELLED\r\nEND:VEVENT\r\n");
	assert_null(strstr(s, "CONFIRMED"));
	free(s);
}

/* 01:30 on the first Sunday of November happens twice in Chicago; a bare
 * local time would mean the first, so the second is written in UTC. */
static void
test_repeated_hour(void **state)
{
	char *s = calendar("America/Chicago", utc(2026, 11, 1, 6, 30), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20261101T013000\r\n");
	assert_contains(s, "\r\nDTEND;TZID=America/Chicago:20261101T015000\r\n");
	free(s);
	s = calendar("America/Chicago", utc(2026, 11, 1, 7, 30), "x", false);
	assert_contains(s, "\r\nDTSTART:20261101T073000Z\r\n");
	assert_contains(s, "\r\nDTEND:20261101T075000Z\r\n");
	free(s);
	s = calendar("America/Chicago", utc(2026, 11, 1, 8, 30), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20261101T023000\r\n");
	free(s);
	/* The hour skipped in March has no such problem. */
	s = calendar("America/Chicago", utc(2026, 3, 8, 8, 0), "x", false);
	assert_contains(s, "\r\nDTSTART;TZID=America/Chicago:20260308T030000\r\n");
	free(s);
}

/* The caller's zone is as it was, set or not. */
static void
test_restores_tz(void **state)
{
	setenv("TZ", "Europe/Lisbon", 1);
	tzset();
	char *s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), "x", false);
	free(s);
	assert_string_equal(getenv("TZ"), "Europe/Lisbon");
	time_t t = utc(2026, 7, 15, 12, 0);
	struct tm tm;
	localtime_r(&t, &tm);
	assert_int_equal(tm.tm_gmtoff, 3600);
	assert_int_equal(tm.tm_hour, 13);

	unsetenv("TZ");
	tzset();
	s = calendar("America/Chicago", utc(2026, 7, 15, 14, 30), "x", false);
	free(s);
	assert_null(getenv("TZ"));

	/* And the clock's own zone switching still works afterwards. */
	clock_local("America/Chicago", t, &tm);
	assert_int_equal(tm.tm_hour, 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summer_and_winter),
		cmocka_unit_test(test_southern_hemisphere),
		cmocka_unit_test(test_zone_without_daylight_saving),
		cmocka_unit_test(test_utc_whole_file),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_no_injection),
		cmocka_unit_test(test_optional_fields),
		cmocka_unit_test(test_folding),
		cmocka_unit_test(test_folding_never_cuts_a_character),
		cmocka_unit_test(test_cancelled),
		cmocka_unit_test(test_repeated_hour),
		cmocka_unit_test(test_restores_tz),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
