/* Typed validation of everything that arrives from outside. Handlers only
 * see values that passed one of these. */
#include "core.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* strtonum-like: the whole string, decimal, within [min, max]. */
int
valid_int(const char *s, long long min, long long max, long long *out)
{
	if (s == NULL || *s == '\0' || strlen(s) > 20)
		return -1;
	const char *p = s;
	if (*p == '-' || *p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char)*q))
			return -1;
	errno = 0;
	char *end = NULL;
	long long v = strtoll(s, &end, 10);
	if (errno == ERANGE || end == NULL || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
valid_date(const char *s, int *y, int *m, int *d)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	int yy = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int mm = (s[5] - '0') * 10 + (s[6] - '0');
	int dd = (s[8] - '0') * 10 + (s[9] - '0');
	if (yy < 1880 || yy > 2200 || mm < 1 || mm > 12 || dd < 1)
		return -1;
	int limit = mdays[mm - 1] + (mm == 2 && leap(yy));
	if (dd > limit)
		return -1;
	if (y)
		*y = yy;
	if (m)
		*m = mm;
	if (d)
		*d = dd;
	return 0;
}

/* Deliberately plain: local@domain.tld with the characters people use.
 * Delivery is what proves an address, not a regex. */
int
valid_email(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	if (len < 6 || len > 254)
		return -1;
	const char *at = strchr(s, '@');
	if (at == NULL || at == s || strchr(at + 1, '@') || at - s > 64)
		return -1;
	for (const char *p = s; p < at; p++)
		if (!isalnum((unsigned char)*p) && !strchr(".!#$%&'*+/=?^_`{|}~-", *p))
			return -1;
	if (s[0] == '.' || at[-1] == '.' || strstr(s, ".."))
		return -1;
	const char *dom = at + 1;
	const char *dot = strrchr(dom, '.');
	if (dot == NULL || dot == dom || strlen(dot + 1) < 2)
		return -1;
	for (const char *p = dom; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '.')
			return -1;
	if (dom[0] == '-' || dom[0] == '.')
		return -1;
	return 0;
}

/* Counts characters of well-formed UTF-8 (no overlongs, no surrogates);
 * refuses control characters except \n, \r and \t in multiline text. */
int
valid_utf8_text(const char *s, size_t len, long long min, long long max, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	long long chars = 0;
	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;
		if (c < 0x80) {
			if (c == 0 || c == 0x7f || (c < 0x20 &&
			    !(multiline && (c == '\n' || c == '\r' || c == '\t'))))
				return -1;
			n = 1;
			cp = c;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 2;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 3;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 4;
			cp = c & 0x07;
		} else
			return -1;
		if ((size_t)(end - p) < n)
			return -1;
		for (size_t k = 1; k < n; k++) {
			if ((p[k] & 0xc0) != 0x80)
				return -1;
			cp = (cp << 6) | (p[k] & 0x3f);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return -1;
		/* C1 controls are as unwelcome as C0 ones. */
		if (cp >= 0x80 && cp <= 0x9f)
			return -1;
		p += n;
		chars++;
	}
	return chars >= min && chars <= max ? 0 : -1;
}

int
valid_token(const char *s, long long min, long long max)
{
	size_t len = s ? strlen(s) : 0;
	if ((long long)len < min || (long long)len > max)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return -1;
	return 0;
}

const char *
valid_attachment_type(const unsigned char *data, size_t len)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (data == NULL || len < 8)
		return NULL;
	if (memcmp(data, "%PDF-", 5) == 0)
		return "application/pdf";
	if (data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
		return "image/jpeg";
	if (memcmp(data, png, sizeof(png)) == 0)
		return "image/png";
	return NULL;
}

/* Digits with the punctuation people type around them. Ten digits are a
 * US number; eleven starting with 1 the same with its country code; with a
 * leading + any country (E.164 allows 15 digits at most). */
int
valid_phone(const char *s, char out[PHONE_E164_MAX])
{
	char digits[16];
	size_t n = 0;
	if (s == NULL)
		return -1;
	const char *p = s + strspn(s, " ");
	bool plus = *p == '+';
	for (; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == 15)
				return -1;
			digits[n++] = *p;
		} else if (!strchr(" ()+-.", *p) || (*p == '+' && p != s + strspn(s, " "))) {
			return -1;
		}
	}
	digits[n] = '\0';
	if (n == 10 && !plus)
		snprintf(out, PHONE_E164_MAX, "+1%s", digits);
	else if (n == 11 && digits[0] == '1')
		snprintf(out, PHONE_E164_MAX, "+%s", digits);
	else if (plus && n >= 8)
		snprintf(out, PHONE_E164_MAX, "+%s", digits);
	else
		return -1;
	return 0;
}

int
valid_money(const char *s, long long min_cents, long long max_cents, long long *out)
{
	if (s == NULL)
		return -1;
	while (*s == ' ')
		s++;
	if (*s == '$')
		s++;
	long long dollars = 0, cents = 0;
	int digits = 0, decimals = -1, group = -1;
	for (; *s && *s != ' '; s++) {
		if (isdigit((unsigned char)*s)) {
			if (decimals >= 0) {
				if (++decimals > 2)
					return -1;
				cents = cents * 10 + (*s - '0');
			} else {
				if (++digits > 10)
					return -1;
				dollars = dollars * 10 + (*s - '0');
				if (group >= 0)
					group++;
			}
		} else if (*s == ',' && decimals < 0 && digits > 0 && (group < 0 || group == 3)) {
			if (group < 0 && digits > 3)
				return -1;
			group = 0;
		} else if (*s == '.' && decimals < 0 && (group < 0 || group == 3)) {
			decimals = 0;
		} else {
			return -1;
		}
	}
	while (*s == ' ')
		s++;
	/* "1,23" is not a thousands group; "." alone is not an amount. */
	if (*s || (group >= 0 && group != 3) || (digits == 0 && decimals <= 0) || decimals == 0)
		return -1;
	if (decimals == 1)
		cents *= 10;
	long long v = dollars * 100 + cents;
	if (v < min_cents || v > max_cents)
		return -1;
	*out = v;
	return 0;
}
