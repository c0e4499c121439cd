/* The portal's clock: wall time plus an offset that only tests can set.
 * Every expiry (sessions, codes, lockouts) is computed from clock_now(), and
 * SQL receives times as parameters, never NOW(), so a test can move time. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long long offset_s;
static char *offset_file;

void
clock_set_offset_file(const char *path)
{
	free(offset_file);
	offset_file = path && *path ? strdup(path) : NULL;
	offset_s = 0;
}

void
clock_refresh(void)
{
	if (offset_file == NULL)
		return;
	FILE *f = fopen(offset_file, "r");
	long long v = 0;
	if (f) {
		char line[32] = { 0 };
		if (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			valid_int(line, -10LL * 365 * 86400, 10LL * 365 * 86400, &v);
		}
		fclose(f);
	}
	offset_s = v;
}

time_t
clock_now(void)
{
	return time(NULL) + (time_t)offset_s;
}

void
clock_sql(time_t t, char out[20])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	/* strftime cannot overflow the way a computed snprintf appears to. */
	if (strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm) == 0)
		out[0] = '\0';
}

int
clock_parse_sql(const char *s, time_t *out)
{
	struct tm tm = { 0 };
	if (s == NULL)
		return -1;
	const char *end = strptime(s, "%Y-%m-%d %H:%M:%S", &tm);
	if (end == NULL) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
		if (end == NULL)
			return -1;
	}
	*out = timegm(&tm);
	return 0;
}

/* glibc keeps one time zone per process: switch only when it changes (one
 * clinic's pages rarely interleave with another's in a worker). */
static void
use_zone(const char *tz)
{
	static char current[80];
	if (tz == NULL)
		tz = "UTC";
	if (strcmp(current, tz) != 0 || strcmp(getenv("TZ") ? getenv("TZ") : "", tz) != 0) {
		setenv("TZ", tz, 1);
		tzset();
		snprintf(current, sizeof(current), "%s", tz);
	}
}

void
clock_local(const char *tz, time_t t, struct tm *out)
{
	use_zone(tz);
	localtime_r(&t, out);
}

time_t
clock_from_local(const char *tz, int year, int mon, int day, int hour, int min)
{
	use_zone(tz);
	struct tm tm = { .tm_year = year - 1900, .tm_mon = mon - 1, .tm_mday = day,
		.tm_hour = hour, .tm_min = min, .tm_isdst = -1 };
	return mktime(&tm);
}

int
clock_parse_hhmm(const char *s)
{
	if (s == NULL || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	return h < 24 && m < 60 ? h * 60 + m : -1;
}
