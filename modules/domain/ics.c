/* Calendar files (RFC 5545) of visits: one VEVENT in the clinic's time
 * zone, with a VTIMEZONE describing that zone's offsets for the year of the
 * visit (calendars that do not know the TZID by name, Outlook among them,
 * place the time with it).
 *
 * The zone's rules come from the system's tz database through clock_local,
 * which switches the process's TZ; ics_calendar puts TZ back as it found
 * it, so a caller that relies on its own zone is not surprised. Like the
 * rest of the portal (one request at a time per worker), this is not for
 * use from several threads at once. */
#include "domain.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FOLD 75                /* octets per line before CRLF */
#define DAY 86400
/* How far back to look for the change of offset in force when the year
 * begins: any zone with daylight saving changes more often than this. */
#define LOOKBACK_DAYS 400

struct out {
	struct buf b;
	size_t col;            /* octets on the current physical line */
};

/* ------------------------------------------------------- content lines */

/* The octets of one character of s: a lead byte and the continuation
 * bytes after it. Stray bytes of broken UTF-8 go one at a time. */
static size_t
char_len(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 1;
	if (p[0] >= 0xc0)
		while (n < 4 && (p[n] & 0xc0) == 0x80)
			n++;
	return n;
}

/* Appends one unit (a character, or an escape sequence) to the line,
 * folding before it when it would not fit: CRLF and a space, which
 * unfolding removes. A unit is never cut, so neither is a character. */
static void
emit(struct out *o, const char *p, size_t n)
{
	if (o->col + n > FOLD) {
		buf_append(&o->b, "\r\n ", 3);
		o->col = 1;
	}
	buf_append(&o->b, p, n);
	o->col += n;
}

/* Control characters have no place in a content line (a CR or LF would
 * start a property of its own); a tab is allowed in text. */
static bool
is_ctl(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* The character at s, unless it is a control character; returns what
 * follows it. */
static const char *
put_char(struct out *o, const char *s)
{
	size_t n = char_len(s);
	if (!is_ctl((unsigned char)*s))
		emit(o, s, n);
	return s + n;
}

/* Names, URIs and values already in iCalendar form: as they are, bar
 * control characters. */
static void
put_raw(struct out *o, const char *s)
{
	while (*s)
		s = put_char(o, s);
}

/* A TEXT value, escaped (RFC 5545 3.3.11): backslash, semicolon, comma,
 * and line breaks (CRLF, LF or CR) as \n. */
static void
put_text(struct out *o, const char *s)
{
	while (*s) {
		if (*s == '\\' || *s == ';' || *s == ',') {
			char esc[2] = { '\\', *s };
			emit(o, esc, 2);
			s++;
		} else if (*s == '\r' || *s == '\n') {
			emit(o, "\\n", 2);
			s += s[0] == '\r' && s[1] == '\n' ? 2 : 1;
		} else {
			s = put_char(o, s);
		}
	}
}

/* A parameter value: quoted when it holds a character that would end it
 * (RFC 5545 3.2); a double quote cannot appear at all. IANA zone names
 * never need either. */
static void
put_param(struct out *o, const char *s)
{
	bool quote = strpbrk(s, ";:,") != NULL;
	if (quote)
		emit(o, "\"", 1);
	while (*s)
		s = *s == '"' ? s + 1 : put_char(o, s);
	if (quote)
		emit(o, "\"", 1);
}

static void
end_line(struct out *o)
{
	buf_append(&o->b, "\r\n", 2);
	o->col = 0;
}

static void
line(struct out *o, const char *s)
{
	put_raw(o, s);
	end_line(o);
}

static void __attribute__((format(printf, 2, 3)))
linef(struct out *o, const char *fmt, ...)
{
	char s[128];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s, sizeof(s), fmt, ap);
	va_end(ap);
	/* Only fixed names and numbers come here; a cut line is a bug. */
	if (n < 0 || (size_t)n >= sizeof(s)) {
		o->b.failed = true;
		return;
	}
	line(o, s);
}

/* name:TEXT. A NULL value is an empty one. */
static void
prop_text(struct out *o, const char *name, const char *value)
{
	put_raw(o, name);
	emit(o, ":", 1);
	put_text(o, value ? value : "");
	end_line(o);
}

/* ---------------------------------------------------------- time zone */

static long
offset_at(const char *tz, time_t t, struct tm *tm)
{
	clock_local(tz, t, tm);
	return tm->tm_gmtoff;
}

/* The first second after lo whose offset differs from lo's, given that
 * hi's does. */
static time_t
change_after(const char *tz, time_t lo, time_t hi)
{
	struct tm x;
	long off = offset_at(tz, lo, &x);
	while (hi - lo > 1) {
		time_t mid = lo + (hi - lo) / 2;
		if (offset_at(tz, mid, &x) == off)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* "+hhmm", or "+hhmmss" for the odd historical offset; never "-0000". */
static void
fmt_offset(long off, char out[12])
{
	char sign = off < 0 ? '-' : '+';
	unsigned long a = off < 0 ? -(unsigned long)off : (unsigned long)off;
	unsigned long h = a / 3600 % 100, m = a / 60 % 60, s = a % 60;
	if (s)
		snprintf(out, 12, "%c%02lu%02lu%02lu", sign, h, m, s);
	else
		snprintf(out, 12, "%c%02lu%02lu", sign, h, m);
}

static void
put_observance(struct out *o, bool daylight, const char *dtstart, long from, long to, const char *name)
{
	const char *kind = daylight ? "DAYLIGHT" : "STANDARD";
	char f[12], t[12];
	fmt_offset(from, f);
	fmt_offset(to, t);
	linef(o, "BEGIN:%s", kind);
	linef(o, "DTSTART:%s", dtstart);
	linef(o, "TZOFFSETFROM:%s", f);
	linef(o, "TZOFFSETTO:%s", t);
	if (name && name[0])
		prop_text(o, "TZNAME", name);
	linef(o, "END:%s", kind);
}

/* The observance that begins with the change of offset at onset; its
 * DTSTART is the local time of the change in the offset before it (the
 * 02:00 at which clocks go forward or back). */
static void
put_change(struct out *o, const char *tz, time_t onset)
{
	struct tm before, after;
	long from = offset_at(tz, onset - 1, &before);
	long to = offset_at(tz, onset, &after);
	time_t wall = onset + from;
	struct tm w;
	char start[16];
	if (gmtime_r(&wall, &w) == NULL || strftime(start, sizeof(start), "%Y%m%dT%H%M%S", &w) == 0) {
		o->b.failed = true;
		return;
	}
	put_observance(o, after.tm_isdst > 0, start, from, to, after.tm_zone);
}

/* The zone's observances for the local year of t: the one in force as the
 * year begins (its onset is in the year before), then each change of
 * offset in the year, found day by day and then to the second by halving.
 * A zone that has not changed its offset lately gets one observance. */
static void
put_timezone(struct out *o, const char *tz, time_t t)
{
	struct tm tm, x;
	clock_local(tz, t, &tm);
	struct tm jan = { .tm_year = tm.tm_year, .tm_mday = 1 };
	/* A day either side covers the local year in any offset. */
	time_t from = timegm(&jan) - DAY;
	jan.tm_year++;
	time_t to = timegm(&jan) + DAY;

	line(o, "BEGIN:VTIMEZONE");
	prop_text(o, "TZID", tz);

	struct tm first;
	long off = offset_at(tz, from, &first);
	bool found = false;
	for (time_t d = from - DAY; d >= from - (time_t)LOOKBACK_DAYS * DAY; d -= DAY) {
		if (offset_at(tz, d, &x) != off) {
			put_change(o, tz, change_after(tz, d, d + DAY));
			found = true;
			break;
		}
	}
	if (!found)
		put_observance(o, first.tm_isdst > 0, "19700101T000000", off, off, first.tm_zone);

	for (time_t d = from + DAY; d <= to; d += DAY) {
		long next = offset_at(tz, d, &x);
		if (next == off)
			continue;
		put_change(o, tz, change_after(tz, d - DAY, d));
		off = next;
	}
	line(o, "END:VTIMEZONE");
}

/* Whether t's local time also named an earlier instant (clocks went back
 * less than a day before and it falls in the repeated hour). */
static bool
repeated_time(const char *tz, time_t t)
{
	struct tm x;
	long off = offset_at(tz, t, &x);
	long earlier = offset_at(tz, t - DAY, &x);
	if (earlier <= off)
		return false;
	return offset_at(tz, t + off - earlier, &x) == earlier;
}

/* DTSTART or DTEND in the clinic's local time. A local time that occurs
 * twice means its first occurrence (RFC 5545 3.3.5), so the second one is
 * given in UTC instead, where it cannot be mistaken. */
static void
put_time(struct out *o, const char *name, const char *tz, time_t t)
{
	struct tm tm;
	char s[20];
	bool utc = repeated_time(tz, t);
	if (utc)
		gmtime_r(&t, &tm);
	else
		clock_local(tz, t, &tm);
	if (strftime(s, sizeof(s), utc ? "%Y%m%dT%H%M%SZ" : "%Y%m%dT%H%M%S", &tm) == 0) {
		o->b.failed = true;
		return;
	}
	put_raw(o, name);
	if (!utc) {
		put_raw(o, ";TZID=");
		put_param(o, tz);
	}
	emit(o, ":", 1);
	put_raw(o, s);
	end_line(o);
}

/* ------------------------------------------------------------ calendar */

char *
ics_calendar(const struct ics_event *e, size_t *len)
{
	if (e == NULL || e->uid == NULL)
		return NULL;
	const char *tz = e->tz && e->tz[0] ? e->tz : "UTC";

	/* clock_local leaves TZ at the zone it last used: note the caller's. */
	const char *was = getenv("TZ");
	char *saved = NULL;
	if (was && (saved = strdup(was)) == NULL)
		return NULL;

	struct out o = { .col = 0 };
	buf_init(&o.b, 0);
	line(&o, "BEGIN:VCALENDAR");
	line(&o, "VERSION:2.0");
	line(&o, "PRODID:-//Patient Portal//EN");
	line(&o, "CALSCALE:GREGORIAN");
	line(&o, "METHOD:PUBLISH");
	put_timezone(&o, tz, e->start);

	line(&o, "BEGIN:VEVENT");
	prop_text(&o, "UID", e->uid);
	struct tm utc;
	char stamp[20];
	if (gmtime_r(&e->stamp, &utc) == NULL || strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &utc) == 0)
		o.b.failed = true;
	else
		linef(&o, "DTSTAMP:%s", stamp);
	line(&o, "SEQUENCE:0");
	put_time(&o, "DTSTART", tz, e->start);
	put_time(&o, "DTEND", tz, e->end);
	prop_text(&o, "SUMMARY", e->summary);
	if (e->location)
		prop_text(&o, "LOCATION", e->location);
	if (e->description)
		prop_text(&o, "DESCRIPTION", e->description);
	if (e->url) {
		/* A URI value: not escaped as text. */
		put_raw(&o, "URL:");
		put_raw(&o, e->url);
		end_line(&o);
	}
	line(&o, e->cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
	line(&o, "END:VEVENT");
	line(&o, "END:VCALENDAR");

	if (saved) {
		setenv("TZ", saved, 1);
		free(saved);
	} else {
		unsetenv("TZ");
	}
	tzset();

	if (o.b.failed) {
		buf_free(&o.b);
		return NULL;
	}
	if (len)
		*len = o.b.len;
	return o.b.data;
}
