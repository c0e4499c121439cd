/* Triage (triage.c): urgent phrases matched as whole words whatever the
 * case, accents, apostrophes and punctuation; the two categories; a
 * clinic's own phrases; a malformed list refused with its line. */
#include "unit.h"

#include <unistd.h>

static char list[64];

static int
group_setup(void **state)
{
	snprintf(list, sizeof(list), "/tmp/unit-triage-XXXXXX");
	int fd = mkstemp(list);
	if (fd < 0)
		return -1;
	close(fd);
	unit_write_file(list,
		"# a comment, then a blank line\n"
		"\n"
		"en 911 chest pain\n"
		"en 911 can't breathe\n"
		"en 988 kill myself\n"
		"es 911 dolor de pecho\n"
		"es 988 quiero morir\n");
	return triage_load(list);
}

static int
group_teardown(void **state)
{
	return unlink(list);
}

static void
test_whole_words_any_case(void **state)
{
	assert_int_equal(triage_check(NULL, "I have CHEST   pain since noon."), TRIAGE_EMERGENCY);
	assert_int_equal(triage_check(NULL, "chest-pain!"), TRIAGE_EMERGENCY);
	assert_int_equal(triage_check(NULL, "my chestpain"), 0);                 /* not the words */
	assert_int_equal(triage_check(NULL, "a chest painting class"), 0);       /* a longer word */
	assert_int_equal(triage_check(NULL, "Please refill my inhaler."), 0);
	assert_int_equal(triage_check(NULL, ""), 0);
}

static void
test_apostrophes_and_accents(void **state)
{
	assert_int_equal(triage_check(NULL, "I cant breathe well"), TRIAGE_EMERGENCY);
	assert_int_equal(triage_check(NULL, "I can\xe2\x80\x99t breathe"), TRIAGE_EMERGENCY);   /* ’ */
	assert_int_equal(triage_check(NULL, "Tengo DOLOR DE P\xc3\x89" "CHO"), TRIAGE_EMERGENCY);   /* PÉCHO */
	assert_int_equal(triage_check(NULL, "Ya no aguanto, quiero m\xc3\xb3rir"), TRIAGE_CRISIS);
}

static void
test_both_categories(void **state)
{
	assert_int_equal(triage_check(NULL, "chest pain and I want to kill myself"), TRIAGE_EMERGENCY | TRIAGE_CRISIS);
	assert_int_equal(triage_check(NULL, "I want to kill myself"), TRIAGE_CRISIS);
}

static void
test_clinic_phrases(void **state)
{
	static char *en[] = { "Snake Bite" };
	static char *es[] = { "mordedura de serpiente" };
	struct clinic c = { 0 };
	c.urgent_phrases[LANG_EN] = (struct phrase_list){ en, 1 };
	c.urgent_phrases[LANG_ES] = (struct phrase_list){ es, 1 };
	assert_int_equal(triage_check(&c, "a snake bite on my leg"), TRIAGE_EMERGENCY);
	assert_int_equal(triage_check(&c, "una MORDEDURA de serpiente"), TRIAGE_EMERGENCY);
	assert_int_equal(triage_check(&c, "snakes are biting"), 0);
	assert_int_equal(triage_check(NULL, "a snake bite on my leg"), 0);      /* that clinic's only */
}

static void
test_bad_lists(void **state)
{
	char bad[64];
	snprintf(bad, sizeof(bad), "/tmp/unit-triage-bad-XXXXXX");
	int fd = mkstemp(bad);
	assert_true(fd >= 0);
	close(fd);
	unit_write_file(bad, "en 911 chest pain\nfr 911 douleur\n");      /* not a language of the portal */
	assert_int_equal(triage_load(bad), -1);
	unit_write_file(bad, "en 112 chest pain\n");                      /* not a category */
	assert_int_equal(triage_load(bad), -1);
	unit_write_file(bad, "en 911\n");                                 /* no phrase */
	assert_int_equal(triage_load(bad), -1);
	unlink(bad);
	assert_int_equal(triage_load("/nonexistent/urgent-phrases.txt"), -1);
	/* The shipped list loads. */
	assert_int_equal(triage_load("conf/urgent-phrases.txt"), 0);
	assert_int_equal(triage_check(NULL, "I think I am having a stroke"), TRIAGE_EMERGENCY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_words_any_case),
		cmocka_unit_test(test_apostrophes_and_accents),
		cmocka_unit_test(test_both_categories),
		cmocka_unit_test(test_clinic_phrases),
		cmocka_unit_test(test_bad_lists),
	};
	return cmocka_run_group_tests_name("triage", tests, group_setup, group_teardown);
}
