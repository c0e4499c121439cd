/* parse.c: query strings, urlencoded and multipart bodies, cookies, routes. */
#include "unit.h"

/* The group's arena: the parsers only allocate from it. */
static struct arena *arena;

/* What the last parse found. */
static struct param *found;
static size_t nfound;

static int
group_setup(void **state)
{
	arena = arena_new();
	return arena ? 0 : -1;
}

static int
group_teardown(void **state)
{
	arena_free(arena);
	return 0;
}

/* At most fields pairs of at most field bytes each. */
#define LIMITS(fields, field) \
	{ .body_max = 1024 * 1024, .fields_max = (fields), .field_max = (field), .upload_max = 1024 }
static const struct parse_limits lim_default = LIMITS(64, 16 * 1024);
static const struct parse_limits lim_four_fields = LIMITS(4, 16 * 1024);
static const struct parse_limits lim_two_fields = LIMITS(2, 16 * 1024);
static const struct parse_limits lim_8_bytes = LIMITS(64, 8);
static const struct parse_limits lim_4_bytes = LIMITS(64, 4);

/* What a parse should find, in order: a text field's name and value, or a
 * file's name, data (len bytes), file name and content type. A file's
 * value is its file name. */
struct want {
	const char *name;
	const char *value;
	size_t len;
	const char *filename, *content_type;
};

#define TEXT(n, v) { .name = (n), .value = (v) }
#define UPLOAD(n, data, len, filename, type) { (n), (data), (len), (filename), (type) }

static void
expect_found(const struct want *want, size_t nwant)
{
	assert_int_equal(nfound, nwant);
	for (size_t i = 0; i < nwant; i++) {
		const struct param *p = &found[i];
		assert_string_equal(p->name, want[i].name);
		if (want[i].filename == NULL) {
			assert_null(p->file);
			assert_string_equal(p->value, want[i].value);
			assert_int_equal(p->len, strlen(want[i].value));
			continue;
		}
		assert_non_null(p->file);
		assert_string_equal(p->file->filename, want[i].filename);
		assert_string_equal(p->value, want[i].filename);
		assert_string_equal(p->file->content_type, want[i].content_type);
		assert_int_equal(p->file->len, want[i].len);
		assert_memory_equal(p->file->data, want[i].value, want[i].len);
	}
}

/* ------------------------------------------------------------ url_decode */

/* Escapes decoded: len bytes of in, with '+' a space in form encoding; the
 * result and its length, or NULL for a malformed escape or a NUL. */
static const struct {
	const char *in;
	size_t len;
	bool plus_is_space;
	const char *out;
	size_t outlen;
} decoded[] = {
	{ "a+b%20c%2Bd%3d", 14, true, "a b c+d=", 8 },
	/* '+' stays '+' outside form encoding. */
	{ "a+b", 3, false, "a+b", 3 },
	/* Only len bytes are read. */
	{ "abc%41", 3, true, "abc", 3 },
	/* Upper and lower case hex, a UTF-8 sequence. */
	{ "%c3%A9", 6, true, "\xc3\xa9", 2 },
	{ "", 0, true, "", 0 },
	{ "%G1", 3, true, NULL, 0 },
	{ "%1G", 3, true, NULL, 0 },
	{ "abc%", 4, true, NULL, 0 },
	{ "abc%4", 5, true, NULL, 0 },
	/* A trailing escape cut by len is as incomplete as one cut by the end. */
	{ "%41", 2, true, NULL, 0 },
	{ "a%00b", 5, true, NULL, 0 },
	{ "%", 1, true, NULL, 0 },
};

static void
test_url_decode(void **state)
{
	for (size_t i = 0; i < sizeof(decoded) / sizeof(decoded[0]); i++) {
		size_t n = 99;
		char *s = url_decode(arena, decoded[i].in, decoded[i].len, &n, decoded[i].plus_is_space);
		if (decoded[i].out == NULL) {
			assert_null(s);
			continue;
		}
		assert_non_null(s);
		assert_string_equal(s, decoded[i].out);
		assert_int_equal(n, decoded[i].outlen);
	}
	/* outlen is optional. */
	assert_string_equal(url_decode(arena, "x%41", 4, NULL, true), "xA");
}

/* ------------------------------------------------------ parse_urlencoded */

static enum parse_result
urlenc(const char *s, const struct parse_limits *lim)
{
	found = NULL;
	nfound = 0;
	return parse_urlencoded(arena, s, strlen(s), lim, &found, &nfound);
}

/* Query strings and urlencoded bodies, what parse_urlencoded makes of them,
 * and when it is PARSE_OK, the pairs it finds. */
static const struct {
	const char *input;
	const struct parse_limits *lim;
	enum parse_result result;
	struct want pairs[5];
	size_t npairs;
} urlencoded[] = {
	{ "name=Ana+Mar%C3%ADa&city=San%20Juan&x=1%2B1", &lim_default, PARSE_OK,
		{ TEXT("name", "Ana Mar\xc3\xad" "a"), TEXT("city", "San Juan"), TEXT("x", "1+1") }, 3 },
	/* The first '=' splits; later ones belong to the value. A name without
	 * '=' has an empty value, and names are decoded too. */
	{ "eq=a=b=c&flag&my+name=v&%6Ee=x&empty=", &lim_default, PARSE_OK,
		{ TEXT("eq", "a=b=c"), TEXT("flag", ""), TEXT("my name", "v"), TEXT("ne", "x"), TEXT("empty", "") }, 5 },
	/* Empty pairs are skipped. */
	{ "&&a=1&&;b=2&", &lim_default, PARSE_OK, { TEXT("a", "1"), TEXT("b", "2") }, 2 },
	{ "", &lim_default, PARSE_OK, { { 0 } }, 0 },
	{ "&&&", &lim_default, PARSE_OK, { { 0 } }, 0 },
	{ "a=%G1", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	{ "a=1&b=%", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	{ "a=%4", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	{ "a=x%00y", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	/* Malformed names are refused as well as malformed values. */
	{ "%ZZ=1", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	{ "a%00=1", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	/* A bad escape cut off by the pair's end is not completed by the next pair. */
	{ "a=%4&1=1", &lim_default, PARSE_BAD_REQUEST, { { 0 } }, 0 },
	/* At most fields_max pairs; empty pairs do not count. */
	{ "a=1&b=2&c=3&d=4", &lim_four_fields, PARSE_OK,
		{ TEXT("a", "1"), TEXT("b", "2"), TEXT("c", "3"), TEXT("d", "4") }, 4 },
	{ "a=1&b=2&c=3&d=4&e=5", &lim_four_fields, PARSE_TOO_LARGE, { { 0 } }, 0 },
	{ "a=1&&b=2&&c=3&&d=4&&", &lim_four_fields, PARSE_OK,
		{ TEXT("a", "1"), TEXT("b", "2"), TEXT("c", "3"), TEXT("d", "4") }, 4 },
	/* Values of at most field_max bytes, decoded: 8 escapes are 8 bytes. */
	{ "a=12345678", &lim_8_bytes, PARSE_OK, { TEXT("a", "12345678") }, 1 },
	{ "a=123456789", &lim_8_bytes, PARSE_TOO_LARGE, { { 0 } }, 0 },
	{ "a=%41%41%41%41%41%41%41%41", &lim_8_bytes, PARSE_OK, { TEXT("a", "AAAAAAAA") }, 1 },
	{ "a=%41%41%41%41%41%41%41%41%41", &lim_8_bytes, PARSE_TOO_LARGE, { { 0 } }, 0 },
};

static void
test_urlencoded(void **state)
{
	for (size_t i = 0; i < sizeof(urlencoded) / sizeof(urlencoded[0]); i++) {
		if (urlenc(urlencoded[i].input, urlencoded[i].lim) != urlencoded[i].result)
			fail_msg("\"%s\": expected result %d", urlencoded[i].input, urlencoded[i].result);
		if (urlencoded[i].result == PARSE_OK)
			expect_found(urlencoded[i].pairs, urlencoded[i].npairs);
	}
}

/* With no field limit configured (fields_max 0) every pair must still land
 * in memory of its own: earlier pairs must survive later ones. */
static void
test_urlencoded_unlimited_fields(void **state)
{
	struct parse_limits lim = lim_default;
	lim.fields_max = 0;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 300; i++)
		buf_printf(&b, "%sk%d=v%d", i ? "&" : "", i, i);
	assert_false(b.failed);
	enum parse_result pr = urlenc(b.data, &lim);
	buf_free(&b);
	/* Either a refusal or 300 intact pairs is acceptable; corruption is not. */
	if (pr == PARSE_OK) {
		assert_int_equal(nfound, 300);
		for (int i = 0; i < 300; i++) {
			char name[16], value[16];
			snprintf(name, sizeof(name), "k%d", i);
			snprintf(value, sizeof(value), "v%d", i);
			if (strcmp(found[i].name, name) != 0 || strcmp(found[i].value, value) != 0)
				fail_msg("pair %d was overwritten by a later pair", i);
		}
	} else {
		assert_int_equal(pr, PARSE_TOO_LARGE);
	}
}

/* ------------------------------------------------------- parse_multipart */

static enum parse_result
multipart(const char *body, size_t len, const char *ctype, const struct parse_limits *lim)
{
	found = NULL;
	nfound = 0;
	return parse_multipart(arena, body, len, ctype, lim, &found, &nfound);
}

#define MP_CT "multipart/form-data; boundary=XyZ"
/* A body given as a string literal, and its length (it may hold a NUL). */
#define BODY(s) (s), sizeof(s) - 1

/* Bodies parse_multipart takes (with MP_CT unless ctype is given), and the
 * fields and files it finds in them. */
static const struct {
	const char *body;
	size_t len;
	const char *ctype;
	struct want fields[3];
	size_t nfields;
} multipart_taken[] = {
	/* CRLFs inside a value are kept; the one before the delimiter belongs
	 * to the delimiter. */
	{ BODY("--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n"
		"\r\n"
		"line one\r\nline two\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"scan\"; filename=\"lab result.pdf\"\r\n"
		"Content-Type: application/pdf\r\n"
		"\r\n"
		"%PDF-1.4\r\n\x01\x02\r\n"
		"--XyZ--\r\n"), NULL,
		{ TEXT("note", "line one\r\nline two"),
			UPLOAD("scan", "%PDF-1.4\r\n\x01\x02", 12, "lab result.pdf", "application/pdf") },
		2 },
	/* A quoted boundary; parameter names are case-insensitive; an unquoted
	 * boundary ends at ';'. */
	{ BODY("--a b:c\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--a b:c--"),
		"multipart/form-data; boundary=\"a b:c\"", { TEXT("x", "1") }, 1 },
	{ BODY("--q1\r\nContent-Disposition: form-data; name=\"y\"\r\n\r\n2\r\n--q1--\r\n"),
		"multipart/form-data; BOUNDARY=q1; charset=utf-8", { TEXT("y", "2") }, 1 },
	/* A file without a content type is application/octet-stream. */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.bin\"\r\n\r\nabc\r\n--XyZ--"), NULL,
		{ UPLOAD("f", "abc", 3, "a.bin", "application/octet-stream") }, 1 },
	/* Only the last part of a file's path is its name. */
	{ BODY("--XyZ\r\n"
		"Content-Disposition: form-data; name=\"a\"; filename=\"C:\\Users\\ana\\scan.png\"\r\n"
		"Content-Type: image/png\r\n\r\nPNG\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"b\"; filename=\"../../etc/passwd\"\r\n"
		"\r\nx\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"c\"; filename=\"dir\\sub/mixed.txt\"\r\n"
		"\r\ny\r\n"
		"--XyZ--\r\n"), NULL,
		{ UPLOAD("a", "PNG", 3, "scan.png", "image/png"), UPLOAD("b", "x", 1, "passwd", "application/octet-stream"),
			UPLOAD("c", "y", 1, "mixed.txt", "application/octet-stream") }, 3 },
	/* A file input where no file was chosen is absent; the empty text
	 * field is present and empty. */
	{ BODY("--XyZ\r\n"
		"Content-Disposition: form-data; name=\"scan\"; filename=\"\"\r\n"
		"Content-Type: application/octet-stream\r\n"
		"\r\n"
		"\r\n"
		"--XyZ\r\n"
		"Content-Disposition: form-data; name=\"note\"\r\n"
		"\r\n"
		"\r\n"
		"--XyZ--\r\n"), NULL, { TEXT("note", "") }, 1 },
	/* A chosen file that is empty still counts. */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"scan\"; filename=\"empty.txt\"\r\n\r\n\r\n--XyZ--\r\n"), NULL,
		{ UPLOAD("scan", "", 0, "empty.txt", "application/octet-stream") }, 1 },
	/* Files are binary: a NUL is data. */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\nab\0cd\r\n--XyZ--"), NULL,
		{ UPLOAD("f", "ab\0cd", 5, "x.bin", "application/octet-stream") }, 1 },
	/* "name" must not be found inside "filename", in either order. */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; filename=\"r.txt\"; name=\"report\"\r\n\r\nx\r\n--XyZ--"), NULL,
		{ UPLOAD("report", "x", 1, "r.txt", "application/octet-stream") }, 1 },
};

static void
test_multipart_taken(void **state)
{
	for (size_t i = 0; i < sizeof(multipart_taken) / sizeof(multipart_taken[0]); i++) {
		const char *ctype = multipart_taken[i].ctype ? multipart_taken[i].ctype : MP_CT;
		if (multipart(multipart_taken[i].body, multipart_taken[i].len, ctype, &lim_default) != PARSE_OK)
			fail_msg("body %zu was refused", i + 1);
		expect_found(multipart_taken[i].fields, multipart_taken[i].nfields);
	}
}

/* Bodies parse_multipart refuses, with MP_CT and the limits given. */
static const struct {
	const char *body;
	size_t len;
	const struct parse_limits *lim;
	enum parse_result result;
} multipart_refused[] = {
	/* Unterminated: a part that never ends, headers that never end, a
	 * delimiter that is not followed by anything, a body cut short. */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\ntext that never ends"),
		&lim_default, PARSE_BAD_REQUEST },
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n"), &lim_default, PARSE_BAD_REQUEST },
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--XyZ"), &lim_default, PARSE_BAD_REQUEST },
	{ BODY(""), &lim_default, PARSE_BAD_REQUEST },
	{ BODY("--Xy"), &lim_default, PARSE_BAD_REQUEST },
	/* A part without a name */
	{ BODY("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"), &lim_default, PARSE_BAD_REQUEST },
	/* Bare LFs instead of CRLFs */
	{ BODY("--XyZ\nContent-Disposition: form-data; name=\"note\"\n\nx\n--XyZ--\n"), &lim_default, PARSE_BAD_REQUEST },
	/* A NUL in a text field */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nab\0cd\r\n--XyZ--"), &lim_default,
		PARSE_BAD_REQUEST },
	/* A text over field_max, more fields than fields_max */
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n12345\r\n--XyZ--"), &lim_4_bytes,
		PARSE_TOO_LARGE },
	{ BODY("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n2\r\n"
		"--XyZ\r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n3\r\n"
		"--XyZ--"), &lim_two_fields, PARSE_TOO_LARGE },
};

static void
test_multipart_refused(void **state)
{
	for (size_t i = 0; i < sizeof(multipart_refused) / sizeof(multipart_refused[0]); i++)
		if (multipart(multipart_refused[i].body, multipart_refused[i].len, MP_CT, multipart_refused[i].lim) !=
		    multipart_refused[i].result)
			fail_msg("body %zu: expected result %d", i + 1, multipart_refused[i].result);
}

/* The first body multipart_taken takes, with content types that are not
 * its own. */
static void
test_multipart_missing_boundary(void **state)
{
	static const char *const refused[] = {
		"multipart/form-data",
		"multipart/form-data; boundary=",
		"multipart/form-data; boundary=\"\"",
		"multipart/form-data; boundary=\"XyZ",
		/* A boundary that is not the one the body uses. */
		"multipart/form-data; boundary=Other",
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (multipart(multipart_taken[0].body, multipart_taken[0].len, refused[i], &lim_default) != PARSE_BAD_REQUEST)
			fail_msg("%s: taken", refused[i]);
	/* RFC 2046: at most 70 characters. */
	char ct[128];
	snprintf(ct, sizeof(ct), "multipart/form-data; boundary=%071d", 0);
	assert_int_equal(multipart(multipart_taken[0].body, multipart_taken[0].len, ct, &lim_default), PARSE_BAD_REQUEST);
}

/* An upload of exactly upload_max bytes is taken, one more byte is not. */
static void
test_multipart_upload_too_large(void **state)
{
	struct parse_limits lim = lim_default;
	lim.upload_max = 16;
	static const char *const contents[] = { "0123456789abcdef", "0123456789abcdefg" };
	for (size_t i = 0; i < 2; i++) {
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"big.bin\"\r\n"
			"Content-Type: application/octet-stream\r\n\r\n%s\r\n--XyZ--\r\n", contents[i]);
		enum parse_result pr = multipart(b.data, b.len, MP_CT, &lim);
		assert_int_equal(pr, i == 0 ? PARSE_OK : PARSE_TOO_LARGE);
		if (pr == PARSE_OK)
			assert_int_equal(found[0].file->len, 16);
		buf_free(&b);
	}
}

/* ----------------------------------------------------------- parse_cookie */

/* Cookie headers, a name, and its value there (NULL: not there). */
static const struct {
	const char *header, *name, *value;
} cookies[] = {
	{ "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1", "theme", "dark" },
	{ "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1", "__Host-portal-riverside", "tok123" },
	{ "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1", "lang", "es" },
	{ "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1", "last", "1" },
	{ "theme=dark; __Host-portal-riverside=tok123;  lang=es ;last=1", "missing", NULL },
	{ NULL, "theme", NULL },
	{ "", "theme", NULL },
	/* An empty value is a value. */
	{ "a=; b=2", "a", "" },
	/* One cookie's name is a prefix (or suffix) of another's. */
	{ "__Host-portal-riverside2=other; x__Host-portal-riverside=evil; __Host-portal-riverside=mine; "
		"__Host-portal-river=short", "__Host-portal-riverside", "mine" },
	{ "__Host-portal-riverside2=other; x__Host-portal-riverside=evil; __Host-portal-riverside=mine; "
		"__Host-portal-river=short", "__Host-portal-river", "short" },
	{ "__Host-portal-riverside2=other; x__Host-portal-riverside=evil; __Host-portal-riverside=mine; "
		"__Host-portal-river=short", "__Host-portal", NULL },
	{ "sessionid=1", "session", NULL },
	/* A name appearing only inside a value does not match. */
	{ "a=session=x", "session", NULL },
};

static void
test_cookie(void **state)
{
	for (size_t i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++) {
		const char *v = "unset";
		int rc = parse_cookie(arena, cookies[i].header, cookies[i].name, &v);
		if (cookies[i].value == NULL) {
			assert_int_equal(rc, -1);
			assert_null(v);
		} else {
			assert_int_equal(rc, 0);
			assert_string_equal(v, cookies[i].value);
		}
	}
}

/* ------------------------------------------------------------ route_match */

/* Patterns, paths, whether they match, and the ids taken from the path. */
static const struct {
	const char *pattern, *path;
	bool match;
	long long ids[2];
} routes[] = {
	{ "/staff/patients/:id", "/staff/patients/42", true, { 42, 0 } },
	{ "/staff/patients/:id", "/staff/patients/42/", true, { 42, 0 } },
	{ "/staff/patients/:id", "/staff/patients/1", true, { 1, 0 } },
	{ "/staff/patients/:id", "/staff/patients/0", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/007", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/abc", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/42x", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/-1", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/+1", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/42//", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/42/edit", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patient/42", false, { 0, 0 } },
	/* 15 digits; over 2^53-1, and far over. */
	{ "/staff/patients/:id", "/staff/patients/999999999999999", true, { 999999999999999LL, 0 } },
	{ "/staff/patients/:id", "/staff/patients/9007199254740992", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/99999999999999999999", false, { 0, 0 } },
	{ "/staff/patients/:id", "/staff/patients/999999999999999999999999999", false, { 0, 0 } },
	/* The largest id the route comment promises (2^53-1, 16 digits). */
	{ "/staff/patients/:id", "/staff/patients/9007199254740991", true, { 9007199254740991LL, 0 } },
	{ "/staff/patients/:id", "/staff/patients/1000000000000000", true, { 1000000000000000LL, 0 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients/7/letters/12", true, { 7, 12 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients/7/letters/12/", true, { 7, 12 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients/7/letters/", false, { 0, 0 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients/7/letters/0", false, { 0, 0 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients//letters/12", false, { 0, 0 } },
	{ "/staff/patients/:id/letters/:id", "/staff/patients/7/notes/12", false, { 0, 0 } },
	/* A third :id is more than ids[] holds. */
	{ "/a/:id/b/:id/c/:id", "/a/1/b/2/c/3", false, { 0, 0 } },
	{ "/home", "/home", true, { 0, 0 } },
	{ "/home", "/home/", true, { 0, 0 } },
	{ "/home", "/home//", false, { 0, 0 } },
	{ "/home", "/homepage", false, { 0, 0 } },
	{ "/home", "/hom", false, { 0, 0 } },
	{ "/home", "/home/x", false, { 0, 0 } },
	{ "/home", "", false, { 0, 0 } },
	{ "/home/", "/home", false, { 0, 0 } },
	{ "/staff/patients/new", "/staff/patients/new", true, { 0, 0 } },
	/* A static segment is not an id. */
	{ "/staff/patients/:id", "/staff/patients/new", false, { 0, 0 } },
	{ "/", "/", true, { 0, 0 } },
};

static void
test_route_match(void **state)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		long long ids[2] = { 0, 0 };
		if (route_match(routes[i].pattern, routes[i].path, ids) != routes[i].match)
			fail_msg("%s against %s: expected %s", routes[i].pattern, routes[i].path,
				routes[i].match ? "a match" : "none");
		if (routes[i].match) {
			assert_int_equal(ids[0], routes[i].ids[0]);
			assert_int_equal(ids[1], routes[i].ids[1]);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_urlencoded),
		cmocka_unit_test(test_urlencoded_unlimited_fields),
		cmocka_unit_test(test_multipart_taken),
		cmocka_unit_test(test_multipart_refused),
		cmocka_unit_test(test_multipart_missing_boundary),
		cmocka_unit_test(test_multipart_upload_too_large),
		cmocka_unit_test(test_cookie),
		cmocka_unit_test(test_route_match),
	};
	return cmocka_run_group_tests_name("parse", tests, group_setup, group_teardown);
}
