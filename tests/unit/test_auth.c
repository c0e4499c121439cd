/* auth.c: the password rules (length, common list, username) and argon2id. */
#include "unit.h"

static int
load_list(void **state)
{
	/* The tests run from the repository root. */
	return auth_load_common_passwords("conf/common-passwords.txt") == 0 ? 0 : -1;
}

static void
test_list_missing(void **state)
{
	assert_int_equal(auth_load_common_passwords("conf/no-such-password-list.txt"), -1);
}

static void
test_length(void **state)
{
	assert_int_equal(auth_password_problem("", NULL), PW_TOO_SHORT);
	assert_int_equal(auth_password_problem("kx7-vbq3-rn2", NULL), PW_OK);        /* 12 */
	assert_int_equal(auth_password_problem("kx7-vbq3-rn", NULL), PW_TOO_SHORT);  /* 11 */

	char pw[200];
	/* 128 characters, not a pattern, is the longest accepted. */
	for (int i = 0; i < 128; i++)
		pw[i] = "Tq8-mZp2 wLx4_vN"[i * 7 % 16];
	pw[128] = '\0';
	assert_int_equal(auth_password_problem(pw, NULL), PW_OK);
	pw[128] = 'y';
	pw[129] = '\0';
	assert_int_equal(auth_password_problem(pw, NULL), PW_TOO_LONG);
	memset(pw, 'x', 199);
	pw[199] = '\0';
	assert_int_equal(auth_password_problem(pw, NULL), PW_TOO_LONG);
}

/* Twelve different two-byte characters (24 bytes). */
#define MB12 "\xc3\x81\xc3\xa9\xc3\x8d\xc3\xb3\xc3\x9a\xc3\xb1\xc3\x91\xc3\xbc\xc3\x9c\xc3\xa7\xc3\x87\xc3\xa0"

static void
test_length_in_characters(void **state)
{
	assert_int_equal(strlen(MB12), 24);
	assert_int_equal(auth_password_problem(MB12, NULL), PW_OK);
	/* Eleven characters (22 bytes) is too short, however many bytes. */
	char pw[64];
	memcpy(pw, MB12, 22);
	pw[22] = '\0';
	assert_int_equal(auth_password_problem(pw, NULL), PW_TOO_SHORT);
	/* Four-byte characters: 11 emoji are 44 bytes and still too short. */
	char emoji[64] = "";
	for (int i = 0; i < 11; i++)
		strcat(emoji, "\xf0\x9f\x98\x80");
	assert_int_equal(auth_password_problem(emoji, NULL), PW_TOO_SHORT);
	/* Twelve of one accented letter: long enough (the length rule counts
	 * characters, whatever the verdict on repetition). */
	char e12[64] = "";
	for (int i = 0; i < 12; i++)
		strcat(e12, "\xc3\xa9");
	assert_int_not_equal(auth_password_problem(e12, NULL), PW_TOO_SHORT);
	/* ...and as guessable as twelve a's: one character repeated. */
	assert_int_equal(auth_password_problem(e12, NULL), PW_COMMON);
	char e11[64] = "";
	for (int i = 0; i < 11; i++)
		strcat(e11, "\xc3\xa9");
	assert_int_equal(auth_password_problem(e11, NULL), PW_TOO_SHORT);
	/* 128 two-byte characters (256 bytes) are within the limit; 129 are not. */
	char big[300];
	big[0] = '\0';
	for (int i = 0; i < 64; i++)
		strcat(big, i % 3 ? "\xc3\xb1" "a" : "\xc3\xa9" "b");
	assert_int_equal(auth_password_problem(big, NULL), PW_OK);
	strcat(big, "\xc3\xb1");
	assert_int_equal(auth_password_problem(big, NULL), PW_TOO_LONG);
}

/* Passwords, the username they are checked against, and the verdict. */
static const struct {
	const char *password, *username;
	enum pw_problem verdict;
} verdicts[] = {
	/* Entries of the common list that are 12 characters or more, in any case. */
	{ "leavemealone", NULL, PW_COMMON },
	{ "sonyericsson", NULL, PW_COMMON },
	{ "qwerty123456", NULL, PW_COMMON },
	{ "LeaveMeAlone", NULL, PW_COMMON },
	{ "SONYERICSSON", NULL, PW_COMMON },
	/* Close to a listed one is not the listed one. */
	{ "leavemealone and go", NULL, PW_OK },
	/* A listed word with digits or punctuation tacked on... */
	{ "football1234", NULL, PW_COMMON },
	{ "Football1234!", NULL, PW_COMMON },
	{ "password2024", NULL, PW_COMMON },
	{ "iloveyou!!!!", NULL, PW_COMMON },
	/* ...but words with letters after them are words of their own. */
	{ "footballfield", NULL, PW_OK },
	/* Trivial: one character, or a run of the keyboard or the alphabet. */
	{ "aaaaaaaaaaaa", NULL, PW_COMMON },
	{ "AAAAAAAAAAAAAAAA", NULL, PW_COMMON },
	{ "123456789012", NULL, PW_COMMON },
	{ "abcdefghijkl", NULL, PW_COMMON },
	{ "ABCDEFGHIJKLMN", NULL, PW_COMMON },
	{ "zyxwvutsrqpo", NULL, PW_COMMON },
	/* A listed word twice; twice a word that is not listed is fine. */
	{ "passwordpassword", NULL, PW_COMMON },
	{ "PasswordPASSWORD", NULL, PW_COMMON },
	{ "123456123456", NULL, PW_COMMON },
	{ "kx7vbqkx7vbq", NULL, PW_OK },
	/* Like the username. */
	{ "maria.lopez@example.com", "maria.lopez@example.com", PW_LIKE_USERNAME },
	{ "Maria.Lopez@Example.com", "maria.lopez@example.com", PW_LIKE_USERNAME },
	{ "maria.lopez2024", "maria.lopez@example.com", PW_LIKE_USERNAME },
	{ "MARIA.LOPEZ!1", "maria.lopez@example.com", PW_LIKE_USERNAME },
	{ "1maria.lopez1", "maria.lopez@example.com", PW_LIKE_USERNAME },
	/* The local part inside a long passphrase is fine. */
	{ "maria.lopez likes rivers", "maria.lopez@example.com", PW_OK },
	/* Someone else's address is not this user's. */
	{ "maria.lopez2024", "ana@example.com", PW_OK },
	/* A username that is not an address must match whole. */
	{ "drgracechen1", "DrGraceChen1", PW_LIKE_USERNAME },
	{ "drgracechen12", "drgracechen1", PW_OK },
	/* No username, no comparison. */
	{ "maria.lopez2024", NULL, PW_OK },
	{ "maria.lopez2024", "", PW_OK },
	/* Good ones. */
	{ "correct horse battery staple", NULL, PW_OK },
	{ "correct horse battery staple", "ana@example.com", PW_OK },
	{ "mi gato se llama Ñoño", NULL, PW_OK },
	/* Not UTF-8, and control characters, are no part of a password. */
	{ "abcdefghijk\xff", NULL, PW_NOT_UTF8 },
	{ "correct horse\xc0\x80staple", NULL, PW_NOT_UTF8 },
	{ "correct horse \xed\xa0\x80", NULL, PW_NOT_UTF8 },
	{ "short\xff", NULL, PW_NOT_UTF8 },
	{ "correct horse\tbattery", NULL, PW_NOT_UTF8 },
};

static void
test_verdicts(void **state)
{
	for (size_t i = 0; i < sizeof(verdicts) / sizeof(verdicts[0]); i++)
		if (auth_password_problem(verdicts[i].password, verdicts[i].username) != verdicts[i].verdict)
			fail_msg("\"%s\" (username %s): expected verdict %d, got %d", verdicts[i].password,
				verdicts[i].username ? verdicts[i].username : "none", verdicts[i].verdict,
				auth_password_problem(verdicts[i].password, verdicts[i].username));
}

#define PHC_PREFIX "$argon2id$v=19$m=19456,t=2,p=1$"

static void
test_hash_and_verify(void **state)
{
	char h1[128], h2[128];
	assert_int_equal(auth_hash_password("correct horse battery staple", h1, sizeof(h1)), 0);
	assert_prefix(h1, PHC_PREFIX);
	/* salt (16 bytes) and hash (32 bytes) in unpadded base64 */
	const char *salt = h1 + strlen(PHC_PREFIX);
	const char *dollar = strchr(salt, '$');
	assert_non_null(dollar);
	assert_int_equal(dollar - salt, 22);
	assert_int_equal(strlen(dollar + 1), 43);

	assert_true(auth_verify_password(h1, "correct horse battery staple"));
	assert_false(auth_verify_password(h1, "correct horse battery stapler"));
	assert_false(auth_verify_password(h1, "Correct horse battery staple"));
	assert_false(auth_verify_password(h1, ""));

	/* The same password twice: different salts, different strings. */
	assert_int_equal(auth_hash_password("correct horse battery staple", h2, sizeof(h2)), 0);
	assert_string_not_equal(h1, h2);
	assert_true(auth_verify_password(h2, "correct horse battery staple"));

	/* A tampered hash fails. */
	size_t n = strlen(h1);
	h1[n - 2] = h1[n - 2] == 'A' ? 'B' : 'A';
	assert_false(auth_verify_password(h1, "correct horse battery staple"));
}

static void
test_verify_refuses_other_formats(void **state)
{
	assert_false(auth_verify_password(NULL, "x"));
	assert_false(auth_verify_password("", "x"));
	assert_false(auth_verify_password("$argon2id$", "x"));
	assert_false(auth_verify_password("$argon2id$garbage", "x"));
	/* An argon2i hash, valid in itself, is not accepted. */
	assert_false(auth_verify_password(
		"$argon2i$v=19$m=16,t=2,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A",
		"password"));
	assert_false(auth_verify_password("$2y$10$abcdefghijklmnopqrstuuJ6VqCP3sW4b2bTDVUQz8nQpV2g5E5.", "x"));
	assert_false(auth_verify_password("5f4dcc3b5aa765d61d8327deb882cf99", "password"));
}

static void
test_hash_buffer_too_small(void **state)
{
	char small[40];
	assert_int_equal(auth_hash_password("correct horse battery staple", small, sizeof(small)), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_missing),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_length_in_characters),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_verify_refuses_other_formats),
		cmocka_unit_test(test_hash_buffer_too_small),
	};
	return cmocka_run_group_tests_name("auth", tests, load_list, NULL);
}
