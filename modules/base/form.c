/* Typed form fields: each value from a query or a form is checked once,
 * by its field's type, before any handler runs. */
#include "base.h"

#include <ctype.h>
#include <string.h>

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
form_check(struct req *r, const struct field_def *def, const char *value, struct field *f)
{
	memset(f, 0, sizeof(*f));
	f->present = true;
	f->raw = value;
	if (value == NULL)
		return -1;
	char *v = def->type == FIELD_MULTILINE || def->type == FIELD_PASSWORD ? req_strdup(r, value) :
		trimmed(r, value);
	if (def->optional && v[strspn(v, " \t\r\n")] == '\0') {
		f->valid = f->empty = true;
		f->s = "";
		return 0;
	}
	switch (def->type) {
	case FIELD_TEXT:
	case FIELD_MULTILINE:
		if (valid_utf8_text(v, strlen(v), def->min, def->max, def->type == FIELD_MULTILINE) < 0)
			return -1;
		break;
	case FIELD_PASSWORD:
		/* Never trimmed: spaces are part of a passphrase. */
		if (valid_utf8_text(v, strlen(v), def->min, def->max, false) < 0)
			return -1;
		break;
	case FIELD_INT:
		if (valid_int(v, def->min, def->max, &f->i) < 0)
			return -1;
		break;
	case FIELD_DATE:
		if (valid_date(v, &f->date.y, &f->date.m, &f->date.d) < 0)
			return -1;
		break;
	case FIELD_TIME:
		f->i = clock_parse_hhmm(v);
		if (f->i < 0)
			return -1;
		break;
	case FIELD_EMAIL:
		for (char *p = v; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (valid_email(v) < 0 || (def->max > 0 && (long long)strlen(v) > def->max))
			return -1;
		break;
	case FIELD_PHONE: {
		char e164[PHONE_E164_MAX];
		/* max: what its column holds, for the number as typed. */
		if (valid_phone(v, e164) < 0 || (def->max > 0 && (long long)strlen(v) > def->max))
			return -1;
		f->e164 = req_strdup(r, e164);
		break;
	}
	case FIELD_MONEY:
		if (valid_money(v, def->min, def->max, &f->i) < 0)
			return -1;
		break;
	case FIELD_ENUM:
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
		if (valid_token(v, def->min, def->max) < 0)
			return -1;
		break;
	case FIELD_FILE:
		return -1;     /* files arrive through multipart only */
	}
	f->s = v;
	f->valid = true;
	return 0;
}

const char *
field_text(const struct field *f)
{
	return f->valid && !f->empty ? f->s : NULL;
}
