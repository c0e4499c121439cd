/* Calendar files (RFC 5545) of visits: one VEVENT in the clinic's time
 * zone, with a VTIMEZONE describing that zone's offsets for the year of the
 * visit (phones' calendars need it to place a TZID time). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLD 75                /* octets per line before CRLF */

/* One content line, folded: a continuation begins with a space, and no
 * UTF-8 character is cut in two. */
static void
put_line(FILE *f, const char *line)
{
	size_t len = strlen(line), pos = 0, room = FOLD;
	while (len - pos > room) {
		size_t n = room;
		while (n > 1 && ((unsigned char)line[pos + n] & 0xc0) == 0x80)
			n--;
		fwrite(line + pos, 1, n, f);
		fputs("\r\n ", f);
		pos += n;
		room = FOLD - 1;
	}
	fputs(line + pos, f);
	fputs("\r\n", f);
}

/* name:TEXT, escaped as TEXT values must be. */
static void
put_text(FILE *f, const char *name, const char *value)
{
	char *line = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&line, &len);
	if (m == NULL)
		return;
	fprintf(m, "%s:", name);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == ';' || *p == ',')
			fprintf(m, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", m);
		else if (*p != '\r')
			fputc(*p, m);
	}
	if (fclose(m) == 0)
		put_line(f, line);
	free(line);
}

static void
local_stamp(const char *tz, time_t t, char out[16])
{
	struct tm tm;
	clock_local(tz, t, &tm);
	strftime(out, 16, "%Y%m%dT%H%M%S", &tm);
}

static long
offset_at(const char *tz, time_t t, struct tm *tm)
{
	clock_local(tz, t, tm);
	return tm->tm_gmtoff;
}

static void
put_offset(FILE *f, const char *name, long off)
{
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	fprintf(f, "%s:%c%02ld%02ld\r\n", name, sign, off / 3600, off / 60 % 60);
}

/* One STANDARD or DAYLIGHT component for a change of offset at t. */
static void
put_transition(FILE *f, const char *tz, time_t t, long from)
{
	struct tm after;
	long to = offset_at(tz, t, &after);
	const char *kind = after.tm_isdst > 0 ? "DAYLIGHT" : "STANDARD";
	/* DTSTART is the local time just before the change, in the old offset. */
	time_t wall = t + from;
	struct tm w;
	gmtime_r(&wall, &w);
	char start[16];
	strftime(start, sizeof(start), "%Y%m%dT%H%M%S", &w);
	fprintf(f, "BEGIN:%s\r\nDTSTART:%s\r\n", kind, start);
	put_offset(f, "TZOFFSETFROM", from);
	put_offset(f, "TZOFFSETTO", to);
	if (after.tm_zone && after.tm_zone[0])
		put_text(f, "TZNAME", after.tm_zone);
	fprintf(f, "END:%s\r\n", kind);
}

/* The zone's changes of offset in the year of t, found day by day, then to
 * the second by halving. */
static void
put_timezone(FILE *f, const char *tz, time_t t)
{
	struct tm tm;
	clock_local(tz, t, &tm);
	struct tm jan = { .tm_year = tm.tm_year, .tm_mon = 0, .tm_mday = 1 };
	time_t start = timegm(&jan) - 86400, end = start + 368 * 86400;
	fprintf(f, "BEGIN:VTIMEZONE\r\n");
	put_text(f, "TZID", tz);
	struct tm cur;
	long off = offset_at(tz, start, &cur);
	int changes = 0;
	for (time_t day = start + 86400; day <= end; day += 86400) {
		struct tm x;
		long next = offset_at(tz, day, &x);
		if (next == off)
			continue;
		time_t lo = day - 86400, hi = day;    /* off at lo, next at hi */
		while (hi - lo > 1) {
			time_t mid = lo + (hi - lo) / 2;
			if (offset_at(tz, mid, &x) == off)
				lo = mid;
			else
				hi = mid;
		}
		put_transition(f, tz, hi, off);
		off = next;
		changes++;
	}
	if (changes == 0) {
		/* No daylight saving: one offset since forever. */
		fprintf(f, "BEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n");
		put_offset(f, "TZOFFSETFROM", off);
		put_offset(f, "TZOFFSETTO", off);
		if (cur.tm_zone && cur.tm_zone[0])
			put_text(f, "TZNAME", cur.tm_zone);
		fprintf(f, "END:STANDARD\r\n");
	}
	fprintf(f, "END:VTIMEZONE\r\n");
}

char *
ics_calendar(const struct ics_event *e, size_t *len)
{
	char *out = NULL;
	FILE *f = open_memstream(&out, len);
	if (f == NULL)
		return NULL;
	fputs("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Patient Portal//EN\r\nCALSCALE:GREGORIAN\r\n"
		"METHOD:PUBLISH\r\n", f);
	put_timezone(f, e->tz, e->start);
	char start[16], end[16], stamp[20];
	local_stamp(e->tz, e->start, start);
	local_stamp(e->tz, e->end, end);
	struct tm utc;
	gmtime_r(&e->stamp, &utc);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &utc);
	fputs("BEGIN:VEVENT\r\n", f);
	put_text(f, "UID", e->uid);
	fprintf(f, "DTSTAMP:%s\r\n", stamp);
	put_line(f, "SEQUENCE:0");
	char line[200];
	snprintf(line, sizeof(line), "DTSTART;TZID=%s:%s", e->tz, start);
	put_line(f, line);
	snprintf(line, sizeof(line), "DTEND;TZID=%s:%s", e->tz, end);
	put_line(f, line);
	put_text(f, "SUMMARY", e->summary);
	if (e->location)
		put_text(f, "LOCATION", e->location);
	if (e->description)
		put_text(f, "DESCRIPTION", e->description);
	char *url_line = NULL;
	/* A URI value: not escaped as text. */
	if (e->url && asprintf(&url_line, "URL:%s", e->url) >= 0) {
		put_line(f, url_line);
		free(url_line);
	}
	fprintf(f, "STATUS:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", e->cancelled ? "CANCELLED" : "CONFIRMED");
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	return out;
}
