/* Typed validation of everything that arrives from outside. Handlers only
 * see values that passed one of these. */
#include "internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
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

/* Leading and trailing blanks are noise from copy and paste. */
static char *
trimmed(struct req *r, const char *v)
{
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	size_t n = strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	return req_strndup(r, v, n);
}

int
valid_field(struct req *r, const struct field_def *def, const char *value, struct field *f)
{
	f->present = true;
	f->valid = false;
	f->raw = value;
	f->s = NULL;
	f->i = 0;
	if (value == NULL)
		return -1;
	char *v;
	switch (def->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
		v = def->type == FIELD_TEXT ? trimmed(r, value) : req_strdup(r, value);
		if (valid_utf8_text(v, strlen(v), def->min, def->max, def->type == FIELD_MULTILINE) < 0)
			return -1;
		f->s = v;
		break;
	case FIELD_PASSWORD:
		/* Never trimmed: spaces are part of a passphrase. */
		if (valid_utf8_text(value, strlen(value), def->min, def->max, false) < 0)
			return -1;
		f->s = value;
		break;
	case FIELD_INT:
		v = trimmed(r, value);
		if (valid_int(v, def->min, def->max, &f->i) < 0)
			return -1;
		f->s = v;
		break;
	case FIELD_DATE:
		v = trimmed(r, value);
		if (valid_date(v, NULL, NULL, NULL) < 0)
			return -1;
		f->s = v;
		break;
	case FIELD_EMAIL:
		v = trimmed(r, value);
		for (char *p = v; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (valid_email(v) < 0)
			return -1;
		f->s = v;
		break;
	case FIELD_ENUM:
		v = trimmed(r, value);
		for (long long i = 0; def->choices && def->choices[i]; i++) {
			if (strcmp(def->choices[i], v) == 0) {
				f->i = i;
				f->s = def->choices[i];
				f->valid = true;
				return 0;
			}
		}
		return -1;
	case FIELD_TOKEN:
		v = trimmed(r, value);
		if (valid_token(v, def->min, def->max) < 0)
			return -1;
		f->s = v;
		break;
	case FIELD_FILE:
		return -1;     /* files arrive through multipart only */
	}
	f->valid = true;
	return 0;
}

const char *
valid_attachment_type(const struct upload *u)
{
	static const unsigned char png[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	if (u == NULL || u->len < 8)
		return NULL;
	if (memcmp(u->data, "%PDF-", 5) == 0)
		return "application/pdf";
	if (u->data[0] == 0xff && u->data[1] == 0xd8 && u->data[2] == 0xff)
		return "image/jpeg";
	if (memcmp(u->data, png, sizeof(png)) == 0)
		return "image/png";
	return NULL;
}
