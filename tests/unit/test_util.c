/* util.c: the request arena, growable buffers and enum names. */
#include "unit.h"

#define CHUNK (64 * 1024)

static void
test_arena_alignment(void **state)
{
	struct arena *a = arena_new();
	assert_non_null(a);
	static const size_t sizes[] = { 1, 3, 7, 15, 16, 17, 31, 33, 100, 1000, 4095 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, sizes[i]);       /* the whole block is usable */
	}
	/* Zero bytes still gives a distinct, aligned pointer. */
	void *z1 = arena_alloc(a, 0), *z2 = arena_alloc(a, 0);
	assert_non_null(z1);
	assert_ptr_not_equal(z1, z2);
	assert_int_equal((uintptr_t)z1 % 16, 0);
	arena_free(a);
}

static void
test_arena_no_overlap(void **state)
{
	struct arena *a = arena_new();
	char *p[200];
	/* Enough to span several chunks. */
	for (int i = 0; i < 200; i++) {
		p[i] = arena_alloc(a, 1000);
		assert_non_null(p[i]);
		memset(p[i], i, 1000);
	}
	for (int i = 0; i < 200; i++)
		for (int k = 0; k < 1000; k += 111)
			assert_int_equal((unsigned char)p[i][k], (unsigned char)i);
	arena_free(a);
}

static void
test_arena_large(void **state)
{
	struct arena *a = arena_new();
	char *small = arena_alloc(a, 10);
	strcpy(small, "before");
	/* Larger than a chunk: a chunk of its own. */
	size_t big_n = 3 * CHUNK + 5;
	unsigned char *big = arena_alloc(a, big_n);
	assert_non_null(big);
	assert_int_equal((uintptr_t)big % 16, 0);
	memset(big, 0x5c, big_n);
	assert_int_equal(big[0], 0x5c);
	assert_int_equal(big[big_n - 1], 0x5c);
	/* Allocation continues afterwards, earlier memory intact. */
	char *after = arena_alloc(a, 10);
	strcpy(after, "after");
	assert_string_equal(small, "before");
	assert_string_equal(after, "after");
	/* Exactly a chunk, and a chunk's worth after a small block. */
	unsigned char *exact = arena_alloc(a, CHUNK);
	assert_non_null(exact);
	memset(exact, 1, CHUNK);
	arena_free(a);
}

static void
test_arena_reset(void **state)
{
	struct arena *a = arena_new();
	void *first = arena_alloc(a, 64);
	for (int i = 0; i < 10; i++)
		assert_non_null(arena_alloc(a, CHUNK / 2));
	assert_non_null(arena_alloc(a, 5 * CHUNK));
	arena_reset(a);
	/* The first chunk is reused from its start. */
	void *again = arena_alloc(a, 64);
	assert_ptr_equal(first, again);
	memset(again, 0, 64);
	arena_reset(a);
	arena_reset(a);        /* twice is harmless */
	assert_ptr_equal(arena_alloc(a, 1), first);
	arena_free(a);
	arena_free(NULL);      /* harmless */
}

/* A size so large that rounding it up wraps around must fail, not return a
 * small block the caller believes is huge. */
static void
test_arena_size_overflow(void **state)
{
	struct arena *a = *state;
	/* Nothing is written to what comes back: it may be tiny. (Sizes a little
	 * below SIZE_MAX are not tried here: they make the library itself
	 * overflow a heap block, which stops the whole binary.) */
	void *p = arena_alloc(a, SIZE_MAX);
	if (p != NULL)
		fail_msg("arena_alloc(SIZE_MAX) returned %p; it should return NULL", p);
}

static void
test_req_helpers(void **state)
{
	struct req *r = unit_req_new();
	char *s = req_strdup(r, "hello");
	assert_string_equal(s, "hello");
	assert_null(req_strdup(r, NULL));
	assert_string_equal(req_strndup(r, "hello world", 5), "hello");
	assert_string_equal(req_printf(r, "%s-%d-%05.1f", "x", 42, 3.14159), "x-42-003.1");
	char big[5000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	char *p = req_printf(r, "<%s>", big);
	assert_int_equal(strlen(p), sizeof(big) + 1);
	assert_int_equal(p[0], '<');
	assert_int_equal(p[sizeof(big)], '>');
	unit_req_free(r);
}

static void
test_buf_basic(void **state)
{
	struct buf b;
	buf_init(&b, 0);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_append(&b, "de\0f", 4), 0);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "abcde\0f", 8);      /* NUL-terminated too */
	assert_int_equal(buf_printf(&b, "%d", 12345), 0);
	assert_int_equal(b.len, 12);
	assert_false(b.failed);
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	buf_puts(&b, "x");
	assert_string_equal(b.data, "x");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
}

static void
test_buf_max(void **state)
{
	struct buf b;
	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "678"), 0);          /* exactly the max */
	assert_int_equal(b.len, 8);
	assert_false(b.failed);
	assert_int_equal(buf_puts(&b, "9"), -1);
	assert_true(b.failed);
	assert_int_equal(b.len, 8);
	assert_string_equal(b.data, "12345678");
	/* Once failed, every later append fails, even an empty one. */
	assert_int_equal(buf_puts(&b, ""), -1);
	assert_int_equal(buf_printf(&b, "x"), -1);
	/* Reset clears the failure. */
	buf_reset(&b);
	assert_false(b.failed);
	assert_int_equal(buf_puts(&b, "abc"), 0);
	/* A single append past the max fails whole: nothing of it is kept. */
	assert_int_equal(buf_puts(&b, "defghi"), -1);
	assert_string_equal(b.data, "abc");
	buf_free(&b);

	buf_init(&b, 600);
	char long_s[700];
	memset(long_s, 'L', sizeof(long_s) - 1);
	long_s[sizeof(long_s) - 1] = '\0';
	assert_int_equal(buf_printf(&b, "%s", long_s), -1);
	assert_true(b.failed);
	buf_free(&b);
}

static void
test_buf_printf_long(void **state)
{
	struct buf b;
	buf_init(&b, 0);
	/* Longer than buf_printf's stack buffer, and than the initial capacity. */
	char s[10000];
	for (size_t i = 0; i < sizeof(s) - 1; i++)
		s[i] = (char)('a' + i % 26);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(buf_puts(&b, "start:"), 0);
	assert_int_equal(buf_printf(&b, "[%s|%d]", s, 7), 0);
	assert_int_equal(b.len, 6 + 1 + (sizeof(s) - 1) + 3);
	assert_memory_equal(b.data, "start:[", 7);
	assert_memory_equal(b.data + 7, s, sizeof(s) - 1);
	assert_string_equal(b.data + 7 + sizeof(s) - 1, "|7]");
	/* Exactly at the stack buffer's edge (511 and 512 characters). */
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%.511s", s), 0);
	assert_int_equal(b.len, 511);
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%.512s", s), 0);
	assert_int_equal(b.len, 512);
	assert_memory_equal(b.data, s, 512);
	buf_free(&b);
}

static void
test_names(void **state)
{
	assert_int_equal(lang_from_code("en"), LANG_EN);
	assert_int_equal(lang_from_code("es"), LANG_ES);
	assert_int_equal(lang_from_code("EN"), -1);
	assert_int_equal(lang_from_code("fr"), -1);
	assert_int_equal(lang_from_code(NULL), -1);
	assert_string_equal(lang_codes[LANG_ES], "es");
	assert_int_equal(role_from_name("clinic_admin"), ROLE_CLINIC_ADMIN);
	assert_int_equal(role_from_name("patient"), ROLE_PATIENT);
	assert_int_equal(role_from_name("admin"), -1);
	assert_int_equal(role_from_name(NULL), -1);
	for (int i = 0; i < ROLE__MAX; i++)
		assert_int_equal(role_from_name(role_names[i]), i);
}

/* The features' declaration is whole: every program is found by its name
 * and every clinic switch is known to the configuration. */
static void
test_feature_declaration(void **state)
{
	assert_int_equal(portal_register_features(), 0);
	const struct feature_def *f = NULL;
	assert_non_null(portal_program("inbox", &f));
	assert_string_equal(f->key, "messages");
	assert_non_null(portal_program("login", &f));
	assert_null(f->key);
	assert_null(portal_program("no-such-program", NULL));
	for (size_t i = 0; i < portal_nfeatures; i++) {
		if (portal_features[i].key)
			assert_true(conf_feature_index(portal_features[i].key) >= 0);
		for (const struct badge_def *b = portal_features[i].badges; b && b->name; b++)
			assert_true(session_badge_index(b->name) >= 0);
	}
	assert_int_equal(conf_feature_index("no-such-feature"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_no_overlap),
		cmocka_unit_test(test_arena_large),
		cmocka_unit_test(test_arena_reset),
		cmocka_unit_test_setup_teardown(test_arena_size_overflow, unit_setup_arena, unit_teardown_arena),
		cmocka_unit_test(test_req_helpers),
		cmocka_unit_test(test_buf_basic),
		cmocka_unit_test(test_buf_max),
		cmocka_unit_test(test_buf_printf_long),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_feature_declaration),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
