/* The request loop (loop.c): the life of a request without FastCGI or a
 * database. A program with a few routes is served requests through
 * portal_serve, with the repository's clinic files, templates and texts;
 * the database is unreachable, so only what needs none is asked. */
#include "unit.h"

#include <unistd.h>

static char tmpdir[64];
static struct buf out;          /* what the request wrote: status, headers, body */
static struct arena *arena;
static struct buf headers;
static const struct field *seen_field;   /* what a handler saw */
static long long seen_ids[2];

enum key { KEY_DAY, KEY_NOTE, KEY__MAX };
static const struct field_def fields[KEY__MAX] = {
	[KEY_DAY] = { .name = "day", .type = FIELD_DATE },
	[KEY_NOTE] = { .name = "note", .type = FIELD_TEXT, .min = 1, .max = 20 },
};

static int
say_ok(struct req *r)
{
	static const char body[] = "ok";
	seen_field = req_field(r, KEY_DAY);
	memcpy(seen_ids, r->path_ids, sizeof(seen_ids));
	return respond_raw(r, 200, "text/plain", body, 2, NULL);
}

static int
too_hungry(struct req *r)
{
	(void)req_alloc(r, SIZE_MAX - 8);   /* never returns */
	return 0;
}

/* A query while the database is unreachable. */
static int
fails(struct req *r)
{
	static struct db_stmt q_one = DB_QUERY("one", 1, "SELECT 1");
	struct db_rows rs;
	return db_run(r, &q_one, &rs, DB_NOARGS) < 0 ? PORTAL_ERR : 0;
}

static const struct route routes[] = {
	{ HTTP_GET, "/ping", ACCESS_PUBLIC, say_ok, 0, 0 },
	{ HTTP_GET, "/items/:id/parts/:id", ACCESS_PUBLIC, say_ok, 0, 0 },
	{ HTTP_POST, "/form", ACCESS_PUBLIC, say_ok, 128, 0 },
	{ HTTP_POST, "/hook", ACCESS_PUBLIC, say_ok, 0, ROUTE_WEBHOOK },
	{ HTTP_GET, "/mine", ACCESS_PATIENT, say_ok, 0, 0 },
	{ HTTP_GET, "/hungry", ACCESS_PUBLIC, too_hungry, 0, 0 },
	{ HTTP_GET, "/fails", ACCESS_PUBLIC, fails, 0, 0 },
};

/* The program is "appointments": a feature that valle has off. */
static const struct app app = {
	.name = "appointments", ROUTES(routes), FIELDS(fields),
};

static int
capture(void *ctx, const void *data, size_t len)
{
	return buf_append(ctx, data, len);
}

struct body {
	const char *data;
	size_t len, at;
};

static int
read_body(void *ctx, char *dst, int n)
{
	struct body *b = ctx;
	size_t k = b->len - b->at < (size_t)n ? b->len - b->at : (size_t)n;
	memcpy(dst, b->data + b->at, k);
	b->at += k;
	return (int)k;
}

/* Serves one request; returns its status, and leaves what it wrote in out. */
static int
serve(const char *method, const char *path, const char *query, const char *body, const char *cookie)
{
	static struct req r;
	struct body b = { body ? body : "", body ? strlen(body) : 0, 0 };
	char cl[24];
	snprintf(cl, sizeof(cl), "%zu", b.len);
	buf_reset(&out);
	buf_reset(&headers);
	arena_reset(arena);
	memset(&r, 0, sizeof(r));
	r.app = &app;
	r.arena = arena;
	r.headers = &headers;
	r.write = capture;
	r.write_ctx = &out;
	seen_field = NULL;
	struct http_input in = {
		.method = method, .path = path, .query = query ? query : "", .remote_addr = "127.0.0.1",
		.cookie = cookie, .content_type = body ? "application/x-www-form-urlencoded" : NULL,
		.content_length = body ? cl : NULL, .read = read_body, .ctx = &b,
	};
	portal_serve(&r, &in);
	int status = 0;
	if (out.data == NULL || sscanf(out.data, "Status: %d", &status) != 1)
		fail_msg("no status line in: %s", out.data ? out.data : "(nothing)");
	return status;
}

static int
group_setup(void **state)
{
	char path[256], root[512];
	if (unit_tmpdir_make(tmpdir, sizeof(tmpdir), "loop", "secrets") < 0 || getcwd(root, sizeof(root)) == NULL)
		return -1;
	snprintf(path, sizeof(path), "%s/secrets/portal.key", tmpdir);
	unit_write_file(path, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n");
	char yaml[4096];
	snprintf(yaml, sizeof(yaml),
		"database: { socket: %s/no-such.sock, name: portal, user: portal_app, timeout_seconds: 1 }\n"
		"paths:\n"
		"  templates: %s/templates\n"
		"  clinics: %s/conf/clinics\n"
		"  secrets: %s/secrets\n"
		"  common_passwords: %s/conf/common-passwords.txt\n"
		"  run: %s\n"
		"  static: %s/static\n"
		"public_url: https://portal.example.org\n"
		"limits: { body_max_bytes: 2048 }\n",
		tmpdir, root, root, tmpdir, root, tmpdir, root);
	snprintf(path, sizeof(path), "%s/portal.yaml", tmpdir);
	unit_write_file(path, yaml);
	char err[1024];
	if (portal_init(&app, path, err, sizeof(err)) < 0) {
		fprintf(stderr, "portal_init: %s\n", err);
		return -1;
	}
	arena = arena_new();
	buf_init(&out, 0);
	buf_init(&headers, 64 * 1024);
	return arena ? 0 : -1;
}

static int
group_teardown(void **state)
{
	buf_free(&out);
	buf_free(&headers);
	arena_free(arena);
	return unit_tmpdir_remove(tmpdir);
}

static void
test_route_and_headers(void **state)
{
	assert_int_equal(serve("GET", "/riverside/ping", NULL, NULL, NULL), 200);
	assert_contains(out.data, "Content-Security-Policy: default-src 'none'");
	assert_contains(out.data, "Cache-Control: no-store");
	assert_contains(out.data, "\r\n\r\nok");
	/* HEAD answers like GET, without a body. */
	assert_int_equal(serve("HEAD", "/riverside/ping", NULL, NULL, NULL), 200);
	assert_null(strstr(out.data, "\r\n\r\nok"));
	assert_int_equal(serve("GET", "/riverside/items/42/parts/7", NULL, NULL, NULL), 200);
	assert_int_equal(seen_ids[0], 42);
	assert_int_equal(seen_ids[1], 7);
}

static void
test_not_found_and_method(void **state)
{
	assert_int_equal(serve("GET", "/atlantis/ping", NULL, NULL, NULL), 404);      /* no such clinic */
	assert_int_equal(serve("GET", "/Riverside/ping", NULL, NULL, NULL), 404);     /* not a slug */
	assert_int_equal(serve("GET", "/riverside/nothing", NULL, NULL, NULL), 404);
	assert_int_equal(serve("GET", "/riverside/items/x/parts/7", NULL, NULL, NULL), 404);
	assert_int_equal(serve("DELETE", "/riverside/ping", NULL, NULL, NULL), 405);
	assert_contains(out.data, "Allow: GET, POST, HEAD");
	/* The clinic's branded page, in the language asked for. */
	assert_int_equal(serve("GET", "/riverside/nothing", "lang=es", NULL, NULL), 404);
	assert_contains(out.data, "lang=\"es\"");
	assert_contains(out.data, "Riverside");
}

static void
test_feature_switched_off(void **state)
{
	/* Valle has appointments off: its URLs are missing pages there. */
	assert_int_equal(serve("GET", "/valle/ping", NULL, NULL, NULL), 404);
	assert_int_equal(serve("GET", "/riverside/ping", NULL, NULL, NULL), 200);
}

static void
test_query_and_fields(void **state)
{
	assert_int_equal(serve("GET", "/riverside/ping", "day=2026-02-28", NULL, NULL), 200);
	assert_non_null(seen_field);
	assert_true(seen_field->valid);
	assert_int_equal(seen_field->date.y, 2026);
	assert_int_equal(seen_field->date.d, 28);
	assert_int_equal(serve("GET", "/riverside/ping", "day=2026-02-30", NULL, NULL), 200);
	assert_true(seen_field->present);
	assert_false(seen_field->valid);
	assert_int_equal(serve("GET", "/riverside/ping", "day=%zz", NULL, NULL), 400);   /* bad escape */
}

static void
test_post_rules(void **state)
{
	/* Without the CSRF token: refused before the handler. */
	assert_int_equal(serve("POST", "/riverside/form", NULL, "note=hello", NULL), 403);
	assert_null(seen_field);
	/* A body over the route's limit. */
	char big[200];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "note=", 5);
	assert_int_equal(serve("POST", "/riverside/form", NULL, big, NULL), 413);
	/* A webhook authenticates its caller itself: no token needed. */
	assert_int_equal(serve("POST", "/riverside/hook", NULL, "day=2026-01-02", NULL), 200);
	assert_true(seen_field->valid);
	/* With the token of the pre-session cookie, the form goes through. */
	char cookie[128], token[64], body[160];
	const char *binding = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
	snprintf(cookie, sizeof(cookie), "__Host-portal-pre=%s", binding);
	assert_non_null(csrf_token_for(binding, token, sizeof(token)));
	snprintf(body, sizeof(body), "csrf_token=%s&day=2026-03-04", token);
	assert_int_equal(serve("POST", "/riverside/form", NULL, body, cookie), 200);
	assert_int_equal(seen_field->date.m, 3);
}

static void
test_sign_in_needed(void **state)
{
	assert_int_equal(serve("GET", "/riverside/mine", NULL, NULL, NULL), 303);
	assert_contains(out.data, "Location: /riverside/login?lang=en&next=/riverside/mine");
	assert_int_equal(serve("GET", "/valle/mine", NULL, NULL, NULL), 404);
}

static void
test_failures_answer_with_pages(void **state)
{
	/* A handler out of memory: the worker answers 500 and lives on. */
	assert_int_equal(serve("GET", "/riverside/hungry", NULL, NULL, NULL), 500);
	assert_int_equal(serve("GET", "/riverside/ping", NULL, NULL, NULL), 200);
	/* A failed call while the database is unreachable: the 503 page. */
	assert_int_equal(serve("GET", "/riverside/fails", NULL, NULL, NULL), 503);
	assert_contains(out.data, "Retry-After: 30");
	assert_contains(out.data, "(555) 010-2000");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_route_and_headers),
		cmocka_unit_test(test_not_found_and_method),
		cmocka_unit_test(test_feature_switched_off),
		cmocka_unit_test(test_query_and_fields),
		cmocka_unit_test(test_post_rules),
		cmocka_unit_test(test_sign_in_needed),
		cmocka_unit_test(test_failures_answer_with_pages),
	};
	return cmocka_run_group_tests_name("loop", tests, group_setup, group_teardown);
}
