/* Translations (i18n.c): both languages must have every key or loading
 * fails; a missing key is shown as itself, never as nothing; tr() follows
 * the request's language. */
#include "unit.h"

static char dir[64];

static void
write_lang(const char *code, const char *text)
{
	char path[128];
	snprintf(path, sizeof(path), "%s/lang/%s.hdf", dir, code);
	unit_write_file(path, text);
}

static int
setup(void **state)
{
	return unit_tmpdir_make(dir, sizeof(dir), "i18n", "lang");
}

static int
teardown(void **state)
{
	return unit_tmpdir_remove(dir);
}

static void
test_complete_languages(void **state)
{
	write_lang("en", "home {\n  title = Hello\n  greeting = Hello, friend\n}\nlang.self_name = English\n");
	write_lang("es", "home {\n  title = Hola\n  greeting = Hola, amigo\n}\nlang.self_name = Espa\xc3\xb1ol\n");
	assert_int_equal(i18n_load(dir), 0);
	assert_string_equal(i18n_get(LANG_EN, "home.title"), "Hello");
	assert_string_equal(i18n_get(LANG_ES, "home.greeting"), "Hola, amigo");
	assert_string_equal(i18n_get(LANG_ES, "lang.self_name"), "Espa\xc3\xb1ol");
	/* A key no file has: the key itself (logged), and NULL from find. */
	assert_string_equal(i18n_get(LANG_EN, "home.nothing"), "home.nothing");
	assert_null(i18n_find(LANG_EN, "home.nothing"));
	assert_string_equal(i18n_find(LANG_EN, "home.title"), "Hello");

	struct req *r = unit_req_new();
	r->lang = LANG_ES;
	assert_string_equal(tr(r, "home.title"), "Hola");
	r->lang = LANG_EN;
	assert_string_equal(tr(r, "home.title"), "Hello");
	unit_req_free(r);
}

static void
test_missing_keys_refused(void **state)
{
	write_lang("en", "home.title = Hello\nhome.extra = Only in English\n");
	write_lang("es", "home.title = Hola\n");
	assert_int_equal(i18n_load(dir), -1);
	write_lang("en", "home.title = Hello\n");
	write_lang("es", "home.title = Hola\nhome.extra = Solo en espa\xc3\xb1ol\n");
	assert_int_equal(i18n_load(dir), -1);
}

static void
test_unreadable(void **state)
{
	write_lang("en", "home.title = Hello\n");
	assert_int_equal(i18n_load(dir), -1);                   /* es.hdf is missing */
	write_lang("es", "home.title = Hola\nthis line is no setting\n");
	assert_int_equal(i18n_load(dir), -1);
}

/* The texts that ship load, in both languages. */
static void
test_repository_texts(void **state)
{
	assert_int_equal(i18n_load("templates"), 0);
	assert_string_equal(i18n_get(LANG_ES, "lang.self_name"), "Espa\xc3\xb1ol");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_complete_languages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_keys_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, setup, teardown),
		cmocka_unit_test(test_repository_texts),
	};
	return cmocka_run_group_tests_name("i18n", tests, NULL, NULL);
}
