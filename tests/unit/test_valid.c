/* valid.c: typed validation of everything that arrives from outside. */
#include "unit.h"

#include <limits.h>

/* ------------------------------------------------------------- valid_int */

static void
test_int_bounds(void **state)
{
	long long v = -1;
	assert_int_equal(valid_int("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(valid_int("10", 0, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(valid_int("-3", -5, 5, &v), 0);
	assert_int_equal(v, -3);

	v = 77;
	assert_int_equal(valid_int("11", 0, 10, &v), -1);
	assert_int_equal(valid_int("-1", 0, 10, &v), -1);
	/* out is untouched on failure */
	assert_int_equal(v, 77);

	assert_int_equal(valid_int("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(valid_int("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);
}

static void
test_int_overflow(void **state)
{
	long long v = 5;
	assert_int_equal(valid_int("99999999999999999999", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(valid_int("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(valid_int("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(valid_int("-99999999999999999999", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(valid_int("000000000000000000000000001", 0, 10, &v), -1);
	assert_int_equal(v, 5);
}

static void
test_int_signs(void **state)
{
	long long v = 99;
	/* Signs are accepted as strtoll reads them. */
	assert_int_equal(valid_int("+5", 0, 10, &v), 0);
	assert_int_equal(v, 5);
	assert_int_equal(valid_int("-0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	/* A sign alone, or two, is not a number. */
	assert_int_equal(valid_int("+", -10, 10, &v), -1);
	assert_int_equal(valid_int("-", -10, 10, &v), -1);
	assert_int_equal(valid_int("+-1", -10, 10, &v), -1);
	assert_int_equal(valid_int("--1", -10, 10, &v), -1);
}

static void
test_int_junk(void **state)
{
	long long v = 99;
	assert_int_equal(valid_int(" 5", 0, 10, &v), -1);
	assert_int_equal(valid_int("5 ", 0, 10, &v), -1);
	assert_int_equal(valid_int("", 0, 10, &v), -1);
	assert_int_equal(valid_int(NULL, 0, 10, &v), -1);
	assert_int_equal(valid_int("0x10", 0, 100, &v), -1);
	assert_int_equal(valid_int("1e3", 0, 10000, &v), -1);
	assert_int_equal(valid_int("1.0", 0, 10, &v), -1);
	assert_int_equal(valid_int("5\n", 0, 10, &v), -1);
	assert_int_equal(valid_int("\xd9\xa5", 0, 10, &v), -1);    /* Arabic-Indic five */
	assert_int_equal(v, 99);
	/* Leading zeros are decimal, not octal. */
	assert_int_equal(valid_int("010", 0, 100, &v), 0);
	assert_int_equal(v, 10);
}

/* ------------------------------------------------------------ valid_date */

static void
test_date(void **state)
{
	int y = 0, m = 0, d = 0;
	assert_int_equal(valid_date("1980-03-25", &y, &m, &d), 0);
	assert_int_equal(y, 1980);
	assert_int_equal(m, 3);
	assert_int_equal(d, 25);
	assert_int_equal(valid_date("2024-12-31", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2024-01-31", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2024-04-31", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2024-06-30", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2024-01-32", NULL, NULL, NULL), -1);
}

static void
test_date_leap(void **state)
{
	assert_int_equal(valid_date("2024-02-29", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2023-02-29", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2023-02-28", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2100-02-29", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2000-02-29", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2024-02-30", NULL, NULL, NULL), -1);
}

static void
test_date_bad(void **state)
{
	int y = 1, m = 2, d = 3;
	assert_int_equal(valid_date("2024-13-01", &y, &m, &d), -1);
	assert_int_equal(valid_date("2024-00-10", &y, &m, &d), -1);
	assert_int_equal(valid_date("2024-05-00", &y, &m, &d), -1);
	/* outputs untouched on failure */
	assert_int_equal(y, 1);
	assert_int_equal(m, 2);
	assert_int_equal(d, 3);
	assert_int_equal(valid_date("2024-5-01", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2024/05/01", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("05/01/2024", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("20240501", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2024-05-01 ", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date(" 2024-05-01", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("2024-05-1a", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("+024-05-01", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date(NULL, NULL, NULL, NULL), -1);
	/* The accepted years are 1880 to 2200. */
	assert_int_equal(valid_date("1879-12-31", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("1880-01-01", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2200-12-31", NULL, NULL, NULL), 0);
	assert_int_equal(valid_date("2201-01-01", NULL, NULL, NULL), -1);
	assert_int_equal(valid_date("0000-01-01", NULL, NULL, NULL), -1);
}

/* ----------------------------------------------------------- valid_email */

static void
test_email_good(void **state)
{
	assert_int_equal(valid_email("ana@example.com"), 0);
	assert_int_equal(valid_email("a@b.co"), 0);
	assert_int_equal(valid_email("first.last+tag@sub.example.org"), 0);
	assert_int_equal(valid_email("o'brien@example.ie"), 0);
	assert_int_equal(valid_email("user_name-1@my-clinic.example"), 0);
	assert_int_equal(valid_email("UPPER@EXAMPLE.COM"), 0);
}

static void
test_email_bad(void **state)
{
	assert_int_equal(valid_email(NULL), -1);
	assert_int_equal(valid_email(""), -1);
	assert_int_equal(valid_email("ana@b.c"), -1);                  /* TLD of one letter */
	assert_int_equal(valid_email("ana@localhost"), -1);            /* no TLD */
	assert_int_equal(valid_email("ana.example.com"), -1);          /* no @ */
	assert_int_equal(valid_email("ana@@example.com"), -1);
	assert_int_equal(valid_email("ana@x@example.com"), -1);        /* two @ */
	assert_int_equal(valid_email("@example.com"), -1);
	assert_int_equal(valid_email("ana..b@example.com"), -1);       /* double dot */
	assert_int_equal(valid_email("ana@example..com"), -1);
	assert_int_equal(valid_email(".ana@example.com"), -1);         /* leading dot */
	assert_int_equal(valid_email("ana.@example.com"), -1);         /* trailing dot */
	assert_int_equal(valid_email("ana@.example.com"), -1);
	assert_int_equal(valid_email("ana@-example.com"), -1);
	assert_int_equal(valid_email("ana@example.com."), -1);
	assert_int_equal(valid_email("ana@exa mple.com"), -1);
	assert_int_equal(valid_email("an a@example.com"), -1);
	assert_int_equal(valid_email("ana@exam_ple.com"), -1);
	assert_int_equal(valid_email("ana<x>@example.com"), -1);
	assert_int_equal(valid_email("an\xc3\xa1@example.com"), -1);
}

static void
test_email_lengths(void **state)
{
	char s[300];
	/* Local part: 64 is the most. */
	memset(s, 'a', 64);
	strcpy(s + 64, "@example.com");
	assert_int_equal(valid_email(s), 0);
	memset(s, 'a', 65);
	strcpy(s + 65, "@example.com");
	assert_int_equal(valid_email(s), -1);

	/* The whole address: 254 is the most. */
	strcpy(s, "ana@");
	memset(s + 4, 'd', 246);
	strcpy(s + 250, ".com");
	assert_int_equal(strlen(s), 254);
	assert_int_equal(valid_email(s), 0);
	strcpy(s, "ana@");
	memset(s + 4, 'd', 247);
	strcpy(s + 251, ".com");
	assert_int_equal(strlen(s), 255);
	assert_int_equal(valid_email(s), -1);
}

/* ------------------------------------------------------- valid_utf8_text */

static int
u8(const char *s, long long min, long long max, bool multiline)
{
	return valid_utf8_text(s, strlen(s), min, max, multiline);
}

static void
test_utf8_counts_characters(void **state)
{
	/* "José" is 4 characters in 5 bytes. */
	assert_int_equal(u8("Jos\xc3\xa9", 4, 4, false), 0);
	assert_int_equal(u8("Jos\xc3\xa9", 5, 5, false), -1);
	/* Three-byte (euro) and four-byte (emoji) sequences are one each. */
	assert_int_equal(u8("\xe2\x82\xac", 1, 1, false), 0);
	assert_int_equal(u8("\xf0\x9f\x98\x80", 1, 1, false), 0);
	assert_int_equal(u8("a\xe2\x82\xac\xf0\x9f\x98\x80", 3, 3, false), 0);
	/* Limits, in characters. */
	assert_int_equal(u8("", 0, 10, false), 0);
	assert_int_equal(u8("", 1, 10, false), -1);
	assert_int_equal(u8("abc", 1, 3, false), 0);
	assert_int_equal(u8("abcd", 1, 3, false), -1);
	assert_int_equal(u8("\xc3\xa9\xc3\xa9\xc3\xa9", 1, 3, false), 0);      /* 6 bytes, 3 chars */
	/* Highest code point, U+10FFFF. */
	assert_int_equal(u8("\xf4\x8f\xbf\xbf", 1, 1, false), 0);
	/* U+00A0 (no-break space), the first after the C1 range. */
	assert_int_equal(u8("\xc2\xa0", 1, 1, false), 0);
	/* Only len bytes count. */
	assert_int_equal(valid_utf8_text("abc\x01", 3, 3, 3, false), 0);
}

static void
test_utf8_malformed(void **state)
{
	assert_int_equal(u8("\xc0\x80", 0, 10, false), -1);               /* overlong NUL */
	assert_int_equal(u8("\xc1\xbf", 0, 10, false), -1);               /* overlong */
	assert_int_equal(u8("\xe0\x80\x80", 0, 10, false), -1);           /* overlong 3-byte */
	assert_int_equal(u8("\xe0\x9f\xbf", 0, 10, false), -1);
	assert_int_equal(u8("\xf0\x80\x80\x80", 0, 10, false), -1);       /* overlong 4-byte */
	assert_int_equal(u8("\xf0\x8f\xbf\xbf", 0, 10, false), -1);
	assert_int_equal(u8("\xed\xa0\x80", 0, 10, false), -1);           /* U+D800 */
	assert_int_equal(u8("\xed\xbf\xbf", 0, 10, false), -1);           /* U+DFFF */
	assert_int_equal(u8("\xed\x9f\xbf", 0, 10, false), 0);            /* U+D7FF is fine */
	assert_int_equal(u8("\xf4\x90\x80\x80", 0, 10, false), -1);       /* U+110000 */
	assert_int_equal(u8("\xf5\x80\x80\x80", 0, 10, false), -1);
	assert_int_equal(u8("\xf8\x88\x80\x80\x80", 0, 10, false), -1);
	assert_int_equal(u8("\xfe", 0, 10, false), -1);
	assert_int_equal(u8("\xff", 0, 10, false), -1);
	assert_int_equal(u8("\x80", 0, 10, false), -1);                   /* lone continuation */
	assert_int_equal(u8("a\xbf" "b", 0, 10, false), -1);
	/* Truncated sequences, at the end and in the middle. */
	assert_int_equal(u8("abc\xc3", 0, 10, false), -1);
	assert_int_equal(u8("abc\xe2\x82", 0, 10, false), -1);
	assert_int_equal(u8("abc\xf0\x9f\x98", 0, 10, false), -1);
	assert_int_equal(u8("\xc3" "a", 0, 10, false), -1);
	assert_int_equal(u8("\xe2\x82" "a", 0, 10, false), -1);
	/* A sequence cut by len is truncated even if the buffer goes on. */
	assert_int_equal(valid_utf8_text("\xc3\xa9", 1, 0, 10, false), -1);
}

static void
test_utf8_controls(void **state)
{
	assert_int_equal(u8("a\x01" "b", 0, 10, false), -1);
	assert_int_equal(u8("a\x1f" "b", 0, 10, false), -1);
	assert_int_equal(u8("a\x7f" "b", 0, 10, false), -1);               /* DEL */
	assert_int_equal(u8("a\x1b[0m", 0, 10, false), -1);                /* ESC */
	assert_int_equal(valid_utf8_text("a\0b", 3, 0, 10, false), -1);    /* NUL */
	assert_int_equal(valid_utf8_text("a\0b", 3, 0, 10, true), -1);
	/* C1 controls U+0080..U+009F, encoded C2 80..C2 9F. */
	assert_int_equal(u8("\xc2\x80", 0, 10, false), -1);
	assert_int_equal(u8("\xc2\x85", 0, 10, true), -1);                 /* NEL */
	assert_int_equal(u8("\xc2\x9f", 0, 10, false), -1);
	/* Newlines, CR and tabs only in multiline text. */
	assert_int_equal(u8("a\nb", 0, 10, false), -1);
	assert_int_equal(u8("a\nb", 0, 10, true), 0);
	assert_int_equal(u8("a\r\nb", 0, 10, true), 0);
	assert_int_equal(u8("a\r\nb", 4, 4, true), 0);                     /* CR and LF count */
	assert_int_equal(u8("a\tb", 0, 10, false), -1);
	assert_int_equal(u8("a\tb", 0, 10, true), 0);
	assert_int_equal(u8("a\x0b" "b", 0, 10, true), -1);                /* VT is not a newline */
	assert_int_equal(u8("a\x0c" "b", 0, 10, true), -1);
	assert_int_equal(u8("a\x7f" "b", 0, 10, true), -1);
}

/* ----------------------------------------------------------- valid_token */

static void
test_token(void **state)
{
	assert_int_equal(valid_token("abcXYZ019-_", 1, 20), 0);
	assert_int_equal(valid_token("abc", 3, 3), 0);
	assert_int_equal(valid_token("abc", 4, 10), -1);
	assert_int_equal(valid_token("abcd", 1, 3), -1);
	assert_int_equal(valid_token("", 0, 3), 0);
	assert_int_equal(valid_token("", 1, 3), -1);
	assert_int_equal(valid_token(NULL, 1, 3), -1);
	assert_int_equal(valid_token("ab=", 1, 10), -1);
	assert_int_equal(valid_token("ab+/", 1, 10), -1);
	assert_int_equal(valid_token("a b", 1, 10), -1);
	assert_int_equal(valid_token("a.b", 1, 10), -1);
	assert_int_equal(valid_token("\xc3\xa9", 1, 10), -1);
}

/* ----------------------------------------------------------- valid_field */

static void
test_field_text(void **state)
{
	struct req *r = *state;
	const struct field_def def = { .name = "name", .type = FIELD_TEXT, .min = 1, .max = 5 };
	struct field f;
	assert_int_equal(form_check(r, &def, "  \tAna \r\n", &f), 0);
	assert_true(f.present);
	assert_true(f.valid);
	assert_string_equal(f.s, "Ana");
	assert_string_equal(f.raw, "  \tAna \r\n");
	/* Inner spaces stay; the limit counts the trimmed text. */
	assert_int_equal(form_check(r, &def, "  a b c  ", &f), 0);
	assert_string_equal(f.s, "a b c");
	assert_int_equal(form_check(r, &def, " abcdef ", &f), -1);
	assert_true(f.present);
	assert_false(f.valid);
	assert_null(f.s);
	assert_string_equal(f.raw, " abcdef ");
	/* Only blanks is empty, under min 1. */
	assert_int_equal(form_check(r, &def, "   ", &f), -1);
	assert_int_equal(form_check(r, &def, "a\nb", &f), -1);
	/* Characters, not bytes. */
	assert_int_equal(form_check(r, &def, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", &f), 0);
	/* Missing value */
	assert_int_equal(form_check(r, &def, NULL, &f), -1);
	assert_false(f.valid);
}

static void
test_field_multiline(void **state)
{
	struct req *r = *state;
	const struct field_def def = { .name = "msg", .type = FIELD_MULTILINE, .max = 100 };
	struct field f;
	assert_int_equal(form_check(r, &def, "  line 1\r\nline 2\n", &f), 0);
	/* Multiline text is kept as sent. */
	assert_string_equal(f.s, "  line 1\r\nline 2\n");
	assert_int_equal(form_check(r, &def, "bell\x07", &f), -1);
}

static void
test_field_email(void **state)
{
	struct req *r = *state;
	const struct field_def def = { .name = "email", .type = FIELD_EMAIL };
	struct field f;
	assert_int_equal(form_check(r, &def, " Ana.Garcia@Example.COM ", &f), 0);
	assert_true(f.valid);
	assert_string_equal(f.s, "ana.garcia@example.com");
	/* raw keeps what was typed */
	assert_string_equal(f.raw, " Ana.Garcia@Example.COM ");
	assert_int_equal(form_check(r, &def, "not an email", &f), -1);
	assert_null(f.s);
}

static void
test_field_enum(void **state)
{
	struct req *r = *state;
	static const char *const langs[] = { "en", "es", "fr", NULL };
	const struct field_def def = { .name = "lang", .type = FIELD_ENUM, .choices = langs };
	struct field f;
	assert_int_equal(form_check(r, &def, "es", &f), 0);
	assert_true(f.valid);
	assert_int_equal(f.i, 1);
	assert_string_equal(f.s, "es");
	assert_int_equal(form_check(r, &def, " fr ", &f), 0);
	assert_int_equal(f.i, 2);
	assert_int_equal(form_check(r, &def, "en", &f), 0);
	assert_int_equal(f.i, 0);
	assert_int_equal(form_check(r, &def, "ES", &f), -1);
	assert_false(f.valid);
	assert_int_equal(form_check(r, &def, "e", &f), -1);
	assert_int_equal(form_check(r, &def, "", &f), -1);
	const struct field_def none = { .name = "x", .type = FIELD_ENUM };
	assert_int_equal(form_check(r, &none, "en", &f), -1);
}

static void
test_field_password(void **state)
{
	struct req *r = *state;
	const struct field_def def = { .name = "password", .type = FIELD_PASSWORD, .max = 128 };
	struct field f;
	/* Never trimmed: the spaces are part of the passphrase. */
	assert_int_equal(form_check(r, &def, "  correct horse  ", &f), 0);
	assert_true(f.valid);
	assert_string_equal(f.s, "  correct horse  ");
	assert_int_equal(form_check(r, &def, "bad\xc0\x80utf8", &f), -1);
	assert_false(f.valid);
	char long_pw[130];
	memset(long_pw, 'x', 129);
	long_pw[129] = '\0';
	assert_int_equal(form_check(r, &def, long_pw, &f), -1);
	long_pw[128] = '\0';
	assert_int_equal(form_check(r, &def, long_pw, &f), 0);
}

static void
test_field_int(void **state)
{
	struct req *r = *state;
	const struct field_def def = { .name = "qty", .type = FIELD_INT, .min = 1, .max = 90 };
	struct field f;
	assert_int_equal(form_check(r, &def, " 30 ", &f), 0);
	assert_true(f.valid);
	assert_int_equal(f.i, 30);
	assert_string_equal(f.s, "30");
	assert_int_equal(form_check(r, &def, "1", &f), 0);
	assert_int_equal(f.i, 1);
	assert_int_equal(form_check(r, &def, "90", &f), 0);
	assert_int_equal(f.i, 90);
	assert_int_equal(form_check(r, &def, "0", &f), -1);
	assert_false(f.valid);
	assert_int_equal(f.i, 0);
	assert_int_equal(form_check(r, &def, "91", &f), -1);
	assert_int_equal(form_check(r, &def, "3 0", &f), -1);
	assert_int_equal(form_check(r, &def, "", &f), -1);
}

static void
test_field_date_token_file(void **state)
{
	struct req *r = *state;
	const struct field_def date = { .name = "dob", .type = FIELD_DATE };
	const struct field_def tok = { .name = "code", .type = FIELD_TOKEN, .min = 4, .max = 8 };
	const struct field_def file = { .name = "scan", .type = FIELD_FILE };
	struct field f;
	assert_int_equal(form_check(r, &date, " 1980-03-25\n", &f), 0);
	assert_string_equal(f.s, "1980-03-25");
	assert_int_equal(form_check(r, &date, "1980-02-30", &f), -1);
	assert_int_equal(form_check(r, &tok, " ab-_9 ", &f), 0);
	assert_string_equal(f.s, "ab-_9");
	assert_int_equal(form_check(r, &tok, "abc", &f), -1);
	assert_int_equal(form_check(r, &tok, "ab cd", &f), -1);
	/* Files never come as text values. */
	assert_int_equal(form_check(r, &file, "scan.pdf", &f), -1);
	assert_false(f.valid);
}


static void
test_phone(void **state)
{
	char e164[PHONE_E164_MAX];
	assert_int_equal(valid_phone("(555) 123-4567", e164), 0);
	assert_string_equal(e164, "+15551234567");
	assert_int_equal(valid_phone("1-555-123-4567", e164), 0);
	assert_string_equal(e164, "+15551234567");
	assert_int_equal(valid_phone("555.123.4567", e164), 0);
	assert_int_equal(valid_phone(" +52 55 1234 5678", e164), 0);
	assert_string_equal(e164, "+525512345678");
	assert_int_equal(valid_phone("+15551234567", e164), 0);           /* already E.164 */
	assert_string_equal(e164, "+15551234567");
	assert_int_equal(valid_phone("123-4567", e164), -1);              /* no area code */
	assert_int_equal(valid_phone("12", e164), -1);
	assert_int_equal(valid_phone("2555 123 4567", e164), -1);         /* 11 digits, not 1... */
	assert_int_equal(valid_phone("+1 (555) 123-4567 ext 3", e164), -1);
	assert_int_equal(valid_phone("555+123+4567", e164), -1);          /* + only in front */
	assert_int_equal(valid_phone("+1234567890123456", e164), -1);     /* 16 digits */
	assert_int_equal(valid_phone("call me maybe", e164), -1);
	assert_int_equal(valid_phone("", e164), -1);
	assert_int_equal(valid_phone(NULL, e164), -1);
}

static void
test_money(void **state)
{
	long long c = 0;
	assert_int_equal(valid_money("12", 0, 1000000, &c), 0);
	assert_int_equal(c, 1200);
	assert_int_equal(valid_money("$12.5", 0, 1000000, &c), 0);
	assert_int_equal(c, 1250);
	assert_int_equal(valid_money("0.07", 0, 1000000, &c), 0);
	assert_int_equal(c, 7);
	assert_int_equal(valid_money(".50", 0, 1000000, &c), 0);
	assert_int_equal(c, 50);
	assert_int_equal(valid_money("1,234.56", 0, 1000000, &c), 0);
	assert_int_equal(c, 123456);
	assert_int_equal(valid_money(" 1,234,567 ", 0, 1000000000, &c), 0);
	assert_int_equal(c, 123456700);
	assert_int_equal(valid_money("12.345", 0, 1000000, &c), -1);      /* tenths of cents */
	assert_int_equal(valid_money("1,23", 0, 1000000, &c), -1);        /* not a thousands group */
	assert_int_equal(valid_money("1234,567", 0, 1000000000, &c), -1);
	assert_int_equal(valid_money("12.", 0, 1000000, &c), -1);
	assert_int_equal(valid_money(".", 0, 1000000, &c), -1);
	assert_int_equal(valid_money("-5", 0, 1000000, &c), -1);
	assert_int_equal(valid_money("5 dollars", 0, 1000000, &c), -1);
	assert_int_equal(valid_money("10001", 0, 1000000, &c), -1);        /* over the maximum */
	assert_int_equal(valid_money("0", 1, 1000000, &c), -1);            /* under the minimum */
	assert_int_equal(valid_money("99999999999", 0, 1LL << 62, &c), -1);   /* too many digits */
}

static void
test_field_new_types(void **state)
{
	struct req *r = *state;
	struct field f;
	const struct field_def time = { .name = "from", .type = FIELD_TIME };
	assert_int_equal(form_check(r, &time, " 08:30 ", &f), 0);
	assert_int_equal(f.i, 8 * 60 + 30);
	assert_int_equal(form_check(r, &time, "24:00", &f), -1);
	assert_int_equal(form_check(r, &time, "8:30", &f), -1);
	assert_int_equal(form_check(r, &time, "", &f), -1);

	const struct field_def phone = { .name = "phone", .type = FIELD_PHONE, .optional = true };
	assert_int_equal(form_check(r, &phone, "(555) 123-4567", &f), 0);
	assert_string_equal(f.s, "(555) 123-4567");     /* as typed, to show and to store */
	assert_string_equal(f.e164, "+15551234567");
	assert_false(f.empty);
	assert_int_equal(form_check(r, &phone, "  ", &f), 0);   /* optional: empty is "not given" */
	assert_true(f.valid);
	assert_true(f.empty);
	assert_string_equal(f.s, "");
	assert_null(f.e164);
	assert_int_equal(form_check(r, &phone, "12", &f), -1);
	assert_false(f.valid);
	assert_string_equal(f.raw, "12");

	const struct field_def money = { .name = "amount", .type = FIELD_MONEY, .min = 100, .max = 50000 };
	assert_int_equal(form_check(r, &money, "$25.00", &f), 0);
	assert_int_equal(f.i, 2500);
	assert_int_equal(form_check(r, &money, "0.50", &f), -1);
	assert_int_equal(form_check(r, &money, "", &f), -1);     /* required */

	const struct field_def day = { .name = "day", .type = FIELD_DATE, .optional = true };
	assert_int_equal(form_check(r, &day, "2028-02-29", &f), 0);
	assert_int_equal(f.date.y, 2028);
	assert_int_equal(f.date.m, 2);
	assert_int_equal(f.date.d, 29);
	assert_int_equal(form_check(r, &day, "", &f), 0);
	assert_true(f.empty);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_bounds),
		cmocka_unit_test(test_int_overflow),
		cmocka_unit_test(test_int_signs),
		cmocka_unit_test(test_int_junk),
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_date_leap),
		cmocka_unit_test(test_date_bad),
		cmocka_unit_test(test_email_good),
		cmocka_unit_test(test_email_bad),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_utf8_counts_characters),
		cmocka_unit_test(test_utf8_malformed),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_money),
		cmocka_unit_test_setup_teardown(test_field_new_types, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_text, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_multiline, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_email, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_enum, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_password, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_int, unit_setup_req, unit_teardown_req),
		cmocka_unit_test_setup_teardown(test_field_date_token_file, unit_setup_req, unit_teardown_req),
	};
	return cmocka_run_group_tests_name("valid", tests, NULL, NULL);
}
