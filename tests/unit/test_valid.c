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
	/* Outputs untouched on failure. */
	y = 1, m = 2, d = 3;
	assert_int_equal(valid_date("2024-13-01", &y, &m, &d), -1);
	assert_int_equal(valid_date("2024-00-10", &y, &m, &d), -1);
	assert_int_equal(valid_date("2024-05-00", &y, &m, &d), -1);
	assert_int_equal(y, 1);
	assert_int_equal(m, 2);
	assert_int_equal(d, 3);
}

static const char *const good_dates[] = {
	"2024-12-31", "2024-01-31", "2024-06-30",
	/* Leap years: every fourth, but not a century unless it is the fourth. */
	"2024-02-29", "2023-02-28", "2000-02-29",
	/* The accepted years are 1880 to 2200. */
	"1880-01-01", "2200-12-31",
};

static const char *const bad_dates[] = {
	"2024-04-31", "2024-01-32", "2023-02-29", "2100-02-29", "2024-02-30",
	"2024-13-01", "2024-00-10", "2024-05-00",
	/* YYYY-MM-DD exactly. */
	"2024-5-01", "2024/05/01", "05/01/2024", "20240501", "2024-05-01 ", " 2024-05-01", "2024-05-1a",
	"+024-05-01", "", NULL,
	"1879-12-31", "2201-01-01", "0000-01-01",
};

static void
test_date_calendar(void **state)
{
	for (size_t i = 0; i < sizeof(good_dates) / sizeof(good_dates[0]); i++)
		if (valid_date(good_dates[i], NULL, NULL, NULL) != 0)
			fail_msg("%s refused", good_dates[i]);
	for (size_t i = 0; i < sizeof(bad_dates) / sizeof(bad_dates[0]); i++)
		if (valid_date(bad_dates[i], NULL, NULL, NULL) != -1)
			fail_msg("%s accepted", bad_dates[i] ? bad_dates[i] : "(none)");
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

static const char *const lang_choices[] = { "en", "es", "fr", NULL };
static const struct field_def name_def = { .name = "name", .type = FIELD_TEXT, .min = 1, .max = 5 };
static const struct field_def msg_def = { .name = "msg", .type = FIELD_MULTILINE, .max = 100 };
static const struct field_def email_def = { .name = "email", .type = FIELD_EMAIL };
static const struct field_def lang_def = { .name = "lang", .type = FIELD_ENUM, .choices = lang_choices };
static const struct field_def no_choices_def = { .name = "x", .type = FIELD_ENUM };
static const struct field_def password_def = { .name = "password", .type = FIELD_PASSWORD, .max = 128 };
static const struct field_def qty_def = { .name = "qty", .type = FIELD_INT, .min = 1, .max = 90 };
static const struct field_def dob_def = { .name = "dob", .type = FIELD_DATE };
static const struct field_def code_def = { .name = "code", .type = FIELD_TOKEN, .min = 4, .max = 8 };
static const struct field_def scan_def = { .name = "scan", .type = FIELD_FILE };
static const struct field_def from_def = { .name = "from", .type = FIELD_TIME };
static const struct field_def phone_def = { .name = "phone", .type = FIELD_PHONE, .optional = true };
static const struct field_def amount_def = { .name = "amount", .type = FIELD_MONEY, .min = 100, .max = 50000 };
static const struct field_def day_def = { .name = "day", .type = FIELD_DATE, .optional = true };

/* Values form_check accepts, and what it makes of them: the normalised
 * text and the number (f->s, f->i). */
static const struct {
	const struct field_def *def;
	const char *value;
	const char *s;
	long long i;
} accepted[] = {
	/* Trimmed; inner spaces stay; the limits count the trimmed text, in
	 * characters, not bytes. */
	{ &name_def, "  \tAna \r\n", "Ana", 0 },
	{ &name_def, "  a b c  ", "a b c", 0 },
	{ &name_def, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 0 },
	/* Multiline text is kept as sent. */
	{ &msg_def, "  line 1\r\nline 2\n", "  line 1\r\nline 2\n", 0 },
	{ &email_def, " Ana.Garcia@Example.COM ", "ana.garcia@example.com", 0 },
	/* An enum's number is the index of its choice. */
	{ &lang_def, "es", "es", 1 },
	{ &lang_def, " fr ", "fr", 2 },
	{ &lang_def, "en", "en", 0 },
	/* Never trimmed: the spaces are part of the passphrase. */
	{ &password_def, "  correct horse  ", "  correct horse  ", 0 },
	{ &qty_def, " 30 ", "30", 30 },
	{ &qty_def, "1", "1", 1 },
	{ &qty_def, "90", "90", 90 },
	{ &dob_def, " 1980-03-25\n", "1980-03-25", 0 },
	{ &code_def, " ab-_9 ", "ab-_9", 0 },
	/* A time's number is minutes of the day. */
	{ &from_def, " 08:30 ", "08:30", 8 * 60 + 30 },
	/* A phone number as typed, to show and to store (f->e164 below). */
	{ &phone_def, "(555) 123-4567", "(555) 123-4567", 0 },
	/* Money's number is cents. */
	{ &amount_def, "$25.00", "$25.00", 2500 },
	{ &day_def, "2028-02-29", "2028-02-29", 0 },
};

/* Values form_check refuses. */
static const struct {
	const struct field_def *def;
	const char *value;
} refused[] = {
	{ &name_def, " abcdef " },
	/* Only blanks is empty, under min 1. */
	{ &name_def, "   " },
	{ &name_def, "a\nb" },
	/* Missing value */
	{ &name_def, NULL },
	{ &msg_def, "bell\x07" },
	{ &email_def, "not an email" },
	{ &lang_def, "ES" },
	{ &lang_def, "e" },
	{ &lang_def, "" },
	{ &no_choices_def, "en" },
	{ &password_def, "bad\xc0\x80utf8" },
	{ &qty_def, "0" },
	{ &qty_def, "91" },
	{ &qty_def, "3 0" },
	{ &qty_def, "" },
	{ &dob_def, "1980-02-30" },
	{ &code_def, "abc" },
	{ &code_def, "ab cd" },
	/* Files never come as text values. */
	{ &scan_def, "scan.pdf" },
	{ &from_def, "24:00" },
	{ &from_def, "8:30" },
	{ &from_def, "" },
	{ &phone_def, "12" },
	{ &amount_def, "0.50" },
	/* Required: an empty amount is a missing one. */
	{ &amount_def, "" },
};

/* form_check of value into f; fails the test unless it gives rc. raw keeps
 * what was typed, accepted or not. */
static void
check_field(struct req *r, const struct field_def *def, const char *value, int rc, struct field *f)
{
	if (form_check(r, def, value, f) != rc)
		fail_msg("%s \"%s\": expected %d", def->name, value ? value : "(none)", rc);
	assert_true(f->present);
	assert_ptr_equal(f->raw, value);
	assert_int_equal(f->valid, rc == 0);
}

static void
test_field_accepted(void **state)
{
	for (size_t k = 0; k < sizeof(accepted) / sizeof(accepted[0]); k++) {
		struct field f;
		check_field(*state, accepted[k].def, accepted[k].value, 0, &f);
		assert_string_equal(f.s, accepted[k].s);
		assert_int_equal(f.i, accepted[k].i);
	}
}

static void
test_field_refused(void **state)
{
	for (size_t k = 0; k < sizeof(refused) / sizeof(refused[0]); k++) {
		struct field f;
		check_field(*state, refused[k].def, refused[k].value, -1, &f);
		assert_null(f.s);
		/* A refused number leaves none behind. */
		if (refused[k].def->type == FIELD_INT)
			assert_int_equal(f.i, 0);
	}
}

/* What a field carries besides its text: a phone's E.164 form, whether an
 * optional field was left empty, a date's parts; and passwords at the limit. */
static void
test_field_extras(void **state)
{
	struct req *r = *state;
	struct field f;
	assert_int_equal(form_check(r, &phone_def, "(555) 123-4567", &f), 0);
	assert_string_equal(f.e164, "+15551234567");
	assert_false(f.empty);
	/* Optional: empty is "not given". */
	assert_int_equal(form_check(r, &phone_def, "  ", &f), 0);
	assert_true(f.valid);
	assert_true(f.empty);
	assert_string_equal(f.s, "");
	assert_null(f.e164);

	assert_int_equal(form_check(r, &day_def, "2028-02-29", &f), 0);
	assert_int_equal(f.date.y, 2028);
	assert_int_equal(f.date.m, 2);
	assert_int_equal(f.date.d, 29);
	assert_int_equal(form_check(r, &day_def, "", &f), 0);
	assert_true(f.empty);

	char long_pw[130];
	memset(long_pw, 'x', 129);
	long_pw[129] = '\0';
	assert_int_equal(form_check(r, &password_def, long_pw, &f), -1);
	long_pw[128] = '\0';
	assert_int_equal(form_check(r, &password_def, long_pw, &f), 0);
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

/* Amounts, their limits in cents, and what valid_money makes of them. */
static const struct {
	const char *amount;
	long long min, max;
	int rc;
	long long cents;       /* when accepted */
} amounts[] = {
	{ "12", 0, 1000000, 0, 1200 },
	{ "$12.5", 0, 1000000, 0, 1250 },
	{ "0.07", 0, 1000000, 0, 7 },
	{ ".50", 0, 1000000, 0, 50 },
	{ "1,234.56", 0, 1000000, 0, 123456 },
	{ " 1,234,567 ", 0, 1000000000, 0, 123456700 },
	{ "12.345", 0, 1000000, -1, 0 },               /* tenths of cents */
	{ "1,23", 0, 1000000, -1, 0 },                 /* not a thousands group */
	{ "1234,567", 0, 1000000000, -1, 0 },
	{ "12.", 0, 1000000, -1, 0 },
	{ ".", 0, 1000000, -1, 0 },
	{ "-5", 0, 1000000, -1, 0 },
	{ "5 dollars", 0, 1000000, -1, 0 },
	{ "10001", 0, 1000000, -1, 0 },                /* over the maximum */
	{ "0", 1, 1000000, -1, 0 },                    /* under the minimum */
	{ "99999999999", 0, 1LL << 62, -1, 0 },        /* too many digits */
};

static void
test_money(void **state)
{
	for (size_t i = 0; i < sizeof(amounts) / sizeof(amounts[0]); i++) {
		long long c = 0;
		if (valid_money(amounts[i].amount, amounts[i].min, amounts[i].max, &c) != amounts[i].rc)
			fail_msg("valid_money(\"%s\", %lld, %lld): expected %d", amounts[i].amount, amounts[i].min,
				amounts[i].max, amounts[i].rc);
		if (amounts[i].rc == 0)
			assert_int_equal(c, amounts[i].cents);
	}
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
		cmocka_unit_test(test_date_calendar),
		cmocka_unit_test(test_email_good),
		cmocka_unit_test(test_email_bad),
		cmocka_unit_test(test_email_lengths),
		cmocka_unit_test(test_utf8_counts_characters),
		cmocka_unit_test(test_utf8_malformed),
		cmocka_unit_test(test_utf8_controls),
		cmocka_unit_test(test_token),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_field_accepted),
		cmocka_unit_test(test_field_refused),
		cmocka_unit_test(test_field_extras),
	};
	/* The field tests share one request: form_check only allocates from it. */
	return cmocka_run_group_tests_name("valid", tests, unit_setup_req, unit_teardown_req);
}
