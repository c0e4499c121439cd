/* session.c: the timing decision and CSRF tokens (no database needed). */
#include "unit.h"

static const time_t T0 = 1772000000;   /* any fixed instant */

static void
test_fresh(void **state)
{
	assert_int_equal(session_check_times(T0, T0, T0, 15), SESSION_OK);
	assert_int_equal(session_check_times(T0 + 60, T0, T0, 15), SESSION_OK);
}

static void
test_idle(void **state)
{
	/* Exactly at the limit is too late; a second before is fine. */
	assert_int_equal(session_check_times(T0 + 15 * 60, T0, T0, 15), SESSION_IDLE);
	assert_int_equal(session_check_times(T0 + 15 * 60 - 1, T0, T0, 15), SESSION_OK);
	assert_int_equal(session_check_times(T0 + 3 * 3600, T0, T0 + 3 * 3600 - 15 * 60, 15),
		SESSION_IDLE);
	assert_int_equal(session_check_times(T0 + 3 * 3600, T0, T0 + 3 * 3600 - 15 * 60 + 1, 15),
		SESSION_OK);
	/* The clinic's own limit applies. */
	assert_int_equal(session_check_times(T0 + 5 * 60, T0, T0, 5), SESSION_IDLE);
	assert_int_equal(session_check_times(T0 + 5 * 60, T0, T0, 60), SESSION_OK);
	assert_int_equal(session_check_times(T0 + 60 * 60, T0, T0, 60), SESSION_IDLE);
}

static void
test_absolute(void **state)
{
	/* Twelve hours after sign-in the session ends even if just used. */
	assert_int_equal(SESSION_ABSOLUTE_S, 12 * 3600);
	assert_int_equal(session_check_times(T0 + 12 * 3600, T0, T0 + 12 * 3600 - 1, 15),
		SESSION_EXPIRED);
	assert_int_equal(session_check_times(T0 + 12 * 3600, T0, T0 + 12 * 3600, 15),
		SESSION_EXPIRED);
	assert_int_equal(session_check_times(T0 + 12 * 3600 - 1, T0, T0 + 12 * 3600 - 61, 15),
		SESSION_OK);
	/* Expired wins over idle. */
	assert_int_equal(session_check_times(T0 + 13 * 3600, T0, T0, 15), SESSION_EXPIRED);
}

static const unsigned char key_a[32] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
};
static const unsigned char key_b[32] = { 0xff };

#define BINDING_1 "q8V2aZ1lJ9xKc0bYt7m3PnRw5sHe4dLg6fUiOoA-_Bz"
#define BINDING_2 "q8V2aZ1lJ9xKc0bYt7m3PnRw5sHe4dLg6fUiOoA-_By"

static void
test_csrf_deterministic(void **state)
{
	char t1[48], t2[48];
	crypto_set_key(key_a);
	assert_true(crypto_have_key());
	assert_ptr_equal(csrf_token_for(BINDING_1, t1, sizeof(t1)), t1);
	assert_ptr_equal(csrf_token_for(BINDING_1, t2, sizeof(t2)), t2);
	assert_string_equal(t1, t2);
	/* 32 bytes of HMAC in unpadded base64url. */
	assert_int_equal(strlen(t1), 43);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
}

static void
test_csrf_is_hmac(void **state)
{
	/* The token is base64url(HMAC-SHA256(key, "csrf|" binding)). */
	char t[48], expected[48];
	unsigned char mac[32];
	crypto_set_key(key_a);
	crypto_hmac("csrf|" BINDING_1, strlen("csrf|" BINDING_1), mac);
	crypto_base64url(mac, sizeof(mac), expected);
	assert_non_null(csrf_token_for(BINDING_1, t, sizeof(t)));
	assert_string_equal(t, expected);
}

static void
test_csrf_differs(void **state)
{
	char a1[48], a2[48], b1[48];
	crypto_set_key(key_a);
	csrf_token_for(BINDING_1, a1, sizeof(a1));
	csrf_token_for(BINDING_2, a2, sizeof(a2));
	assert_string_not_equal(a1, a2);
	crypto_set_key(key_b);
	csrf_token_for(BINDING_1, b1, sizeof(b1));
	assert_string_not_equal(a1, b1);
	/* Back to the first key, back to the first token. */
	crypto_set_key(key_a);
	char again[48];
	csrf_token_for(BINDING_1, again, sizeof(again));
	assert_string_equal(a1, again);
}

static void
test_csrf_limits(void **state)
{
	char t[48];
	crypto_set_key(key_a);
	/* The output needs 44 bytes. */
	assert_null(csrf_token_for(BINDING_1, t, 43));
	assert_non_null(csrf_token_for(BINDING_1, t, 44));
	assert_int_equal(strlen(t), 43);
	/* A binding too long for the message buffer is refused, not truncated. */
	char big[200];
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_null(csrf_token_for(big, t, sizeof(t)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_absolute),
		cmocka_unit_test(test_csrf_deterministic),
		cmocka_unit_test(test_csrf_is_hmac),
		cmocka_unit_test(test_csrf_differs),
		cmocka_unit_test(test_csrf_limits),
	};
	return cmocka_run_group_tests_name("session", tests, NULL, NULL);
}
