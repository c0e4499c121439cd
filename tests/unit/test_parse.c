/* parse.c: query strings, urlencoded and multipart bodies, cookies, routes. */
#include "unit.h"

static const struct parse_limits lim_default = {
	.body_max = 1024 * 1024, .fields_max = 64, .field_max = 16 * 1024, .upload_max = 1024,
};

static enum parse_result
urlenc(struct arena *a, const char *s, const struct parse_limits *lim,
	struct param **params, size_t *n)
{
	*params = NULL;
	*n = 0;
	return parse_urlencoded(a, s, strlen(s), lim, params, n);
}

/* ------------------------------------------------------------ url_decode */

static void
test_url_decode(void **state)
{
	struct arena *a = *state;
	size_t n = 99;
	char *s = url_decode(a, "a+b%20c%2Bd%3d", 14, &n, true);
	assert_non_null(s);
	assert_string_equal(s, "a b c+d=");
	assert_int_equal(n, 8);

	/* '+' stays '+' outside form encoding. */
	s = url_decode(a, "a+b", 3, &n, false);
	assert_string_equal(s, "a+b");

	/* Only len bytes are read. */
	s = url_decode(a, "abc%41", 3, &n, true);
	assert_string_equal(s, "abc");
	assert_int_equal(n, 3);

	/* Upper and lower case hex, a UTF-8 sequence. */
	s = url_decode(a, "%c3%A9", 6, &n, true);
	assert_string_equal(s, "\xc3\xa9");
	assert_int_equal(n, 2);

	s = url_decode(a, "", 0, &n, true);
	assert_string_equal(s, "");
	assert_int_equal(n, 0);

	/* outlen is optional. */
	assert_string_equal(url_decode(a, "x%41", 4, NULL, true), "xA");
}

static void
test_url_decode_malformed(void **state)
{
	struct arena *a = *state;
	assert_null(url_decode(a, "%G1", 3, NULL, true));
	assert_null(url_decode(a, "%1G", 3, NULL, true));
	assert_null(url_decode(a, "abc%", 4, NULL, true));
	assert_null(url_decode(a, "abc%4", 5, NULL, true));
	/* A trailing escape cut by len is as incomplete as one cut by the end. */
	assert_null(url_decode(a, "%41", 2, NULL, true));
	assert_null(url_decode(a, "a%00b", 5, NULL, true));
	assert_null(url_decode(a, "%", 1, NULL, true));
}

/* ------------------------------------------------------ parse_urlencoded */

static void
test_urlencoded_basic(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	assert_int_equal(urlenc(a, "name=Ana+Mar%C3%ADa&city=San%20Juan&x=1%2B1", &lim_default, &p, &n),
		PARSE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].name, "name");
	assert_string_equal(p[0].value, "Ana Mar\xc3\xad" "a");
	assert_int_equal(p[0].len, 10);
	assert_string_equal(p[1].name, "city");
	assert_string_equal(p[1].value, "San Juan");
	assert_string_equal(p[2].name, "x");
	assert_string_equal(p[2].value, "1+1");
	assert_null(p[0].file);
}

static void
test_urlencoded_names_and_equals(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	/* The first '=' splits; later ones belong to the value. A name without
	 * '=' has an empty value, and names are decoded too. */
	assert_int_equal(urlenc(a, "eq=a=b=c&flag&my+name=v&%6Ee=x&empty=", &lim_default, &p, &n),
		PARSE_OK);
	assert_int_equal(n, 5);
	assert_string_equal(p[0].name, "eq");
	assert_string_equal(p[0].value, "a=b=c");
	assert_int_equal(p[0].len, 5);
	assert_string_equal(p[1].name, "flag");
	assert_string_equal(p[1].value, "");
	assert_int_equal(p[1].len, 0);
	assert_string_equal(p[2].name, "my name");
	assert_string_equal(p[3].name, "ne");
	assert_string_equal(p[3].value, "x");
	assert_string_equal(p[4].name, "empty");
	assert_string_equal(p[4].value, "");
}

static void
test_urlencoded_empty_pairs(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	assert_int_equal(urlenc(a, "&&a=1&&;b=2&", &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "a");
	assert_string_equal(p[0].value, "1");
	assert_string_equal(p[1].name, "b");
	assert_string_equal(p[1].value, "2");

	assert_int_equal(urlenc(a, "", &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(urlenc(a, "&&&", &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 0);
}

static void
test_urlencoded_malformed(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	assert_int_equal(urlenc(a, "a=%G1", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(urlenc(a, "a=1&b=%", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(urlenc(a, "a=%4", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(urlenc(a, "a=x%00y", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	/* Malformed names are refused as well as malformed values. */
	assert_int_equal(urlenc(a, "%ZZ=1", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(urlenc(a, "a%00=1", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	/* A bad escape cut off by the pair's end is not completed by the next pair. */
	assert_int_equal(urlenc(a, "a=%4&1=1", &lim_default, &p, &n), PARSE_BAD_REQUEST);
}

static void
test_urlencoded_too_many_fields(void **state)
{
	struct arena *a = *state;
	struct parse_limits lim = lim_default;
	lim.fields_max = 4;
	struct param *p;
	size_t n;
	assert_int_equal(urlenc(a, "a=1&b=2&c=3&d=4", &lim, &p, &n), PARSE_OK);
	assert_int_equal(n, 4);
	assert_string_equal(p[3].name, "d");
	assert_int_equal(urlenc(a, "a=1&b=2&c=3&d=4&e=5", &lim, &p, &n), PARSE_TOO_LARGE);
	/* Empty pairs do not count. */
	assert_int_equal(urlenc(a, "a=1&&b=2&&c=3&&d=4&&", &lim, &p, &n), PARSE_OK);
	assert_int_equal(n, 4);
}

static void
test_urlencoded_field_too_long(void **state)
{
	struct arena *a = *state;
	struct parse_limits lim = lim_default;
	lim.field_max = 8;
	struct param *p;
	size_t n;
	assert_int_equal(urlenc(a, "a=12345678", &lim, &p, &n), PARSE_OK);
	assert_int_equal(p[0].len, 8);
	assert_int_equal(urlenc(a, "a=123456789", &lim, &p, &n), PARSE_TOO_LARGE);
	/* The limit is on the decoded value: 8 escapes are 8 bytes. */
	assert_int_equal(urlenc(a, "a=%41%41%41%41%41%41%41%41", &lim, &p, &n), PARSE_OK);
	assert_string_equal(p[0].value, "AAAAAAAA");
	assert_int_equal(urlenc(a, "a=%41%41%41%41%41%41%41%41%41", &lim, &p, &n), PARSE_TOO_LARGE);
}

/* With no field limit configured (fields_max 0) every pair must still land
 * in memory of its own: earlier pairs must survive later ones. */
static void
test_urlencoded_unlimited_fields(void **state)
{
	struct arena *a = *state;
	struct parse_limits lim = lim_default;
	lim.fields_max = 0;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 300; i++)
		buf_printf(&b, "%sk%d=v%d", i ? "&" : "", i, i);
	assert_false(b.failed);
	struct param *p = NULL;
	size_t n = 0;
	enum parse_result pr = parse_urlencoded(a, b.data, b.len, &lim, &p, &n);
	buf_free(&b);
	/* Either a refusal or 300 intact pairs is acceptable; corruption is not. */
	if (pr == PARSE_OK) {
		assert_int_equal(n, 300);
		for (int i = 0; i < 300; i++) {
			char name[16], value[16];
			snprintf(name, sizeof(name), "k%d", i);
			snprintf(value, sizeof(value), "v%d", i);
			if (strcmp(p[i].name, name) != 0 || strcmp(p[i].value, value) != 0)
				fail_msg("pair %d was overwritten by a later pair", i);
		}
	} else {
		assert_int_equal(pr, PARSE_TOO_LARGE);
	}
}

/* ------------------------------------------------------- parse_multipart */

static enum parse_result
multipart(struct arena *a, const char *body, size_t len, const char *ctype,
	const struct parse_limits *lim, struct param **params, size_t *n)
{
	*params = NULL;
	*n = 0;
	return parse_multipart(a, body, len, ctype, lim, params, n);
}

#define MP_CT "multipart/form-data; boundary=XyZ"

static const char mp_two_parts[] =
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"note\"\r\n"
	"\r\n"
	"line one\r\nline two\r\n"
	"--XyZ\r\n"
	"Content-Disposition: form-data; name=\"scan\"; filename=\"lab result.pdf\"\r\n"
	"Content-Type: application/pdf\r\n"
	"\r\n"
	"%PDF-1.4\r\n\x01\x02\r\n"
	"--XyZ--\r\n";

static void
test_multipart_text_and_file(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1, MP_CT,
		&lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 2);

	assert_string_equal(p[0].name, "note");
	/* CRLFs inside a value are kept; the one before the delimiter is not. */
	assert_string_equal(p[0].value, "line one\r\nline two");
	assert_int_equal(p[0].len, 18);
	assert_null(p[0].file);

	assert_string_equal(p[1].name, "scan");
	assert_non_null(p[1].file);
	assert_string_equal(p[1].file->filename, "lab result.pdf");
	assert_string_equal(p[1].file->content_type, "application/pdf");
	/* The CRLF before the delimiter belongs to the delimiter. */
	assert_int_equal(p[1].file->len, 12);
	assert_memory_equal(p[1].file->data, "%PDF-1.4\r\n\x01\x02", 12);
	assert_string_equal(p[1].value, "lab result.pdf");
}

static void
test_multipart_quoted_boundary(void **state)
{
	struct arena *a = *state;
	static const char body[] =
		"--a b:c\r\n"
		"Content-Disposition: form-data; name=\"x\"\r\n"
		"\r\n"
		"1\r\n"
		"--a b:c--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1,
		"multipart/form-data; boundary=\"a b:c\"", &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "x");
	assert_string_equal(p[0].value, "1");

	/* Parameter names are case-insensitive; an unquoted boundary ends at ';'. */
	static const char body2[] =
		"--q1\r\n"
		"Content-Disposition: form-data; name=\"y\"\r\n"
		"\r\n"
		"2\r\n"
		"--q1--\r\n";
	assert_int_equal(multipart(a, body2, sizeof(body2) - 1,
		"multipart/form-data; BOUNDARY=q1; charset=utf-8", &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].value, "2");
}

static void
test_multipart_file_without_content_type(void **state)
{
	struct arena *a = *state;
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n"
		"\r\n"
		"abc\r\n"
		"--XyZ--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].file->content_type, "application/octet-stream");
	assert_int_equal(p[0].file->len, 3);
}

static void
test_multipart_missing_boundary(void **state)
{
	struct arena *a = *state;
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		"multipart/form-data", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		"multipart/form-data; boundary=", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		"multipart/form-data; boundary=\"\"", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		"multipart/form-data; boundary=\"XyZ", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	/* A boundary that is not the one the body uses. */
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		"multipart/form-data; boundary=Other", &lim_default, &p, &n), PARSE_BAD_REQUEST);
	/* RFC 2046: at most 70 characters. */
	char ct[128];
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 0);
	assert_int_equal(multipart(a, mp_two_parts, sizeof(mp_two_parts) - 1,
		ct, &lim_default, &p, &n), PARSE_BAD_REQUEST);
}

static void
test_multipart_unterminated(void **state)
{
	struct arena *a = *state;
	static const char no_close[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n"
		"\r\n"
		"text that never ends";
	static const char no_header_end[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n";
	static const char stops_after_delim[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n"
		"\r\n"
		"x\r\n"
		"--XyZ";
	static const char no_name[] =
		"--XyZ\r\n"
		"Content-Type: text/plain\r\n"
		"\r\n"
		"x\r\n"
		"--XyZ--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, no_close, sizeof(no_close) - 1, MP_CT, &lim_default, &p, &n),
		PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, no_header_end, sizeof(no_header_end) - 1, MP_CT, &lim_default,
		&p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, stops_after_delim, sizeof(stops_after_delim) - 1, MP_CT,
		&lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, no_name, sizeof(no_name) - 1, MP_CT, &lim_default, &p, &n),
		PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, "", 0, MP_CT, &lim_default, &p, &n), PARSE_BAD_REQUEST);
	assert_int_equal(multipart(a, "--Xy", 4, MP_CT, &lim_default, &p, &n), PARSE_BAD_REQUEST);
}

static void
test_multipart_bare_lf_refused(void **state)
{
	struct arena *a = *state;
	static const char body[] =
		"--XyZ\n"
		"Content-Disposition: form-data; name=\"note\"\n"
		"\n"
		"x\n"
		"--XyZ--\n";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n),
		PARSE_BAD_REQUEST);
}

static void
test_multipart_upload_too_large(void **state)
{
	struct arena *a = *state;
	struct parse_limits lim = lim_default;
	lim.upload_max = 16;
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
		"Content-Type: application/octet-stream\r\n\r\n");
	buf_puts(&b, "0123456789abcdef");          /* exactly 16 */
	buf_puts(&b, "\r\n--XyZ--\r\n");
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, b.data, b.len, MP_CT, &lim, &p, &n), PARSE_OK);
	assert_int_equal(p[0].file->len, 16);

	buf_reset(&b);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
		"Content-Type: application/octet-stream\r\n\r\n");
	buf_puts(&b, "0123456789abcdefg");         /* 17 */
	buf_puts(&b, "\r\n--XyZ--\r\n");
	assert_int_equal(multipart(a, b.data, b.len, MP_CT, &lim, &p, &n), PARSE_TOO_LARGE);
	buf_free(&b);
}

static void
test_multipart_text_too_large_and_too_many(void **state)
{
	struct arena *a = *state;
	struct parse_limits lim = lim_default;
	lim.field_max = 4;
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n12345\r\n--XyZ--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim, &p, &n), PARSE_TOO_LARGE);

	lim = lim_default;
	lim.fields_max = 2;
	static const char three[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n"
		"--XyZ--";
	assert_int_equal(multipart(a, three, sizeof(three) - 1, MP_CT, &lim, &p, &n), PARSE_TOO_LARGE);
}

static void
test_multipart_filename_path(void **state)
{
	struct arena *a = *state;
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"; filename=\"C:\\Users\\ana\\scan.png\"\r\n"
		"Content-Type: image/png\r\n\r\nPNG\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"b\"; filename=\"../../etc/passwd\"\r\n"
		"\r\nx\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"c\"; filename=\"dir\\sub/mixed.txt\"\r\n"
		"\r\ny\r\n"
		"--XyZ--\r\n";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].file->filename, "scan.png");
	assert_string_equal(p[0].value, "scan.png");
	assert_string_equal(p[1].file->filename, "passwd");
	assert_string_equal(p[2].file->filename, "mixed.txt");
}

static void
test_multipart_empty_file_input(void **state)
{
	struct arena *a = *state;
	/* A form with a file input where no file was chosen. */
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"scan\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n"
		"\r\n"
		"\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n), PARSE_OK);
	/* The file is absent; the empty text field is present and empty. */
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "note");
	assert_string_equal(p[0].value, "");
	assert_int_equal(p[0].len, 0);

	/* A chosen file that is empty still counts. */
	static const char empty_file[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"scan\"; filename=\"empty.txt\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n";
	assert_int_equal(multipart(a, empty_file, sizeof(empty_file) - 1, MP_CT, &lim_default, &p, &n),
		PARSE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].file->filename, "empty.txt");
	assert_int_equal(p[0].file->len, 0);
}

static void
test_multipart_nul_in_text(void **state)
{
	struct arena *a = *state;
	static const char body[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nab\0cd\r\n--XyZ--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n),
		PARSE_BAD_REQUEST);

	/* Files are binary: a NUL is data. */
	static const char file[] =
		"--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n"
		"ab\0cd\r\n--XyZ--";
	assert_int_equal(multipart(a, file, sizeof(file) - 1, MP_CT, &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(p[0].file->len, 5);
	assert_memory_equal(p[0].file->data, "ab\0cd", 5);
}

static void
test_multipart_name_not_from_filename(void **state)
{
	struct arena *a = *state;
	/* "name" must not be found inside "filename", in either order. */
	static const char body[] =
		"--XyZ\r\n"
		"Content-Disposition: form-data; filename=\"r.txt\"; name=\"report\"\r\n"
		"\r\nx\r\n"
		"--XyZ--";
	struct param *p;
	size_t n;
	assert_int_equal(multipart(a, body, sizeof(body) - 1, MP_CT, &lim_default, &p, &n), PARSE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "report");
	assert_string_equal(p[0].file->filename, "r.txt");
}

/* ----------------------------------------------------------- parse_cookie */

static void
test_cookie(void **state)
{
	struct arena *a = *state;
	const char *v;
	const char *h = "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1";
	assert_int_equal(parse_cookie(a, h, "theme", &v), 0);
	assert_string_equal(v, "dark");
	assert_int_equal(parse_cookie(a, h, "__Host-portal-riverside", &v), 0);
	assert_string_equal(v, "tok123");
	assert_int_equal(parse_cookie(a, h, "lang", &v), 0);
	assert_string_equal(v, "es");
	assert_int_equal(parse_cookie(a, h, "last", &v), 0);
	assert_string_equal(v, "1");

	assert_int_equal(parse_cookie(a, h, "missing", &v), -1);
	assert_null(v);
	assert_int_equal(parse_cookie(a, NULL, "theme", &v), -1);
	assert_null(v);
	assert_int_equal(parse_cookie(a, "", "theme", &v), -1);

	/* An empty value is a value. */
	assert_int_equal(parse_cookie(a, "a=; b=2", "a", &v), 0);
	assert_string_equal(v, "");
}

static void
test_cookie_prefix_names(void **state)
{
	struct arena *a = *state;
	const char *v;
	/* One cookie's name is a prefix (or suffix) of another's. */
	const char *h = "__Host-portal-riverside2=other; x__Host-portal-riverside=evil; "
		"__Host-portal-riverside=mine; __Host-portal-river=short";
	assert_int_equal(parse_cookie(a, h, "__Host-portal-riverside", &v), 0);
	assert_string_equal(v, "mine");
	assert_int_equal(parse_cookie(a, h, "__Host-portal-river", &v), 0);
	assert_string_equal(v, "short");
	assert_int_equal(parse_cookie(a, h, "__Host-portal", &v), -1);
	assert_int_equal(parse_cookie(a, "sessionid=1", "session", &v), -1);
	/* A name appearing only inside a value does not match. */
	assert_int_equal(parse_cookie(a, "a=session=x", "session", &v), -1);
}

/* ------------------------------------------------------------ route_match */

static void
test_route_id(void **state)
{
	long long ids[2] = { 0, 0 };
	const char *pat = "/staff/patients/:id";
	assert_true(route_match(pat, "/staff/patients/42", ids));
	assert_int_equal(ids[0], 42);
	ids[0] = 0;
	assert_true(route_match(pat, "/staff/patients/42/", ids));
	assert_int_equal(ids[0], 42);
	assert_true(route_match(pat, "/staff/patients/1", ids));
	assert_int_equal(ids[0], 1);

	assert_false(route_match(pat, "/staff/patients/0", ids));
	assert_false(route_match(pat, "/staff/patients/007", ids));
	assert_false(route_match(pat, "/staff/patients/abc", ids));
	assert_false(route_match(pat, "/staff/patients/42x", ids));
	assert_false(route_match(pat, "/staff/patients/-1", ids));
	assert_false(route_match(pat, "/staff/patients/+1", ids));
	assert_false(route_match(pat, "/staff/patients/", ids));
	assert_false(route_match(pat, "/staff/patients", ids));
	assert_false(route_match(pat, "/staff/patients/42//", ids));
	assert_false(route_match(pat, "/staff/patients/42/edit", ids));
	assert_false(route_match(pat, "/staff/patient/42", ids));
}

static void
test_route_id_limits(void **state)
{
	long long ids[2] = { 0, 0 };
	const char *pat = "/staff/patients/:id";
	/* 15 digits. */
	assert_true(route_match(pat, "/staff/patients/999999999999999", ids));
	assert_int_equal(ids[0], 999999999999999LL);
	/* Over 2^53-1, and far over. */
	assert_false(route_match(pat, "/staff/patients/9007199254740992", ids));
	assert_false(route_match(pat, "/staff/patients/99999999999999999999", ids));
	assert_false(route_match(pat, "/staff/patients/999999999999999999999999999", ids));
}

/* The largest id the route comment promises (2^53-1, 16 digits). */
static void
test_route_id_max(void **state)
{
	long long ids[2] = { 0, 0 };
	const char *pat = "/staff/patients/:id";
	assert_true(route_match(pat, "/staff/patients/9007199254740991", ids));
	assert_int_equal(ids[0], 9007199254740991LL);
	assert_true(route_match(pat, "/staff/patients/1000000000000000", ids));
	assert_int_equal(ids[0], 1000000000000000LL);
}

static void
test_route_two_ids(void **state)
{
	long long ids[2] = { 0, 0 };
	const char *pat = "/staff/patients/:id/letters/:id";
	assert_true(route_match(pat, "/staff/patients/7/letters/12", ids));
	assert_int_equal(ids[0], 7);
	assert_int_equal(ids[1], 12);
	assert_true(route_match(pat, "/staff/patients/7/letters/12/", ids));
	assert_false(route_match(pat, "/staff/patients/7/letters/", ids));
	assert_false(route_match(pat, "/staff/patients/7/letters/0", ids));
	assert_false(route_match(pat, "/staff/patients//letters/12", ids));
	assert_false(route_match(pat, "/staff/patients/7/notes/12", ids));
	/* A third :id is more than ids[] holds. */
	assert_false(route_match("/a/:id/b/:id/c/:id", "/a/1/b/2/c/3", ids));
}

static void
test_route_static(void **state)
{
	long long ids[2] = { 0, 0 };
	assert_true(route_match("/home", "/home", ids));
	assert_true(route_match("/home", "/home/", ids));
	assert_false(route_match("/home", "/home//", ids));
	assert_false(route_match("/home", "/homepage", ids));
	assert_false(route_match("/home", "/hom", ids));
	assert_false(route_match("/home", "/home/x", ids));
	assert_false(route_match("/home", "", ids));
	assert_false(route_match("/home/", "/home", ids));
	assert_true(route_match("/staff/patients/new", "/staff/patients/new", ids));
	/* A static segment is not an id. */
	assert_false(route_match("/staff/patients/:id", "/staff/patients/new", ids));
	assert_true(route_match("/", "/", ids));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_url_decode_malformed),
		cmocka_unit_test(test_urlencoded_basic),
		cmocka_unit_test(test_urlencoded_names_and_equals),
		cmocka_unit_test(test_urlencoded_empty_pairs),
		cmocka_unit_test(test_urlencoded_malformed),
		cmocka_unit_test(test_urlencoded_too_many_fields),
		cmocka_unit_test(test_urlencoded_field_too_long),
		cmocka_unit_test(test_urlencoded_unlimited_fields),
		cmocka_unit_test(test_multipart_text_and_file),
		cmocka_unit_test(test_multipart_quoted_boundary),
		cmocka_unit_test(test_multipart_file_without_content_type),
		cmocka_unit_test(test_multipart_missing_boundary),
		cmocka_unit_test(test_multipart_unterminated),
		cmocka_unit_test(test_multipart_bare_lf_refused),
		cmocka_unit_test(test_multipart_upload_too_large),
		cmocka_unit_test(test_multipart_text_too_large_and_too_many),
		cmocka_unit_test(test_multipart_filename_path),
		cmocka_unit_test(test_multipart_empty_file_input),
		cmocka_unit_test(test_multipart_nul_in_text),
		cmocka_unit_test(test_multipart_name_not_from_filename),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_cookie_prefix_names),
		cmocka_unit_test(test_route_id),
		cmocka_unit_test(test_route_id_limits),
		cmocka_unit_test(test_route_id_max),
		cmocka_unit_test(test_route_two_ids),
		cmocka_unit_test(test_route_static),
	};
	/* One arena for the group: the parsers only allocate from it. */
	return cmocka_run_group_tests_name("parse", tests, unit_setup_arena, unit_teardown_arena);
}
