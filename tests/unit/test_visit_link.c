/* visit_link.c: reminder links are sealed, expire, name one clinic, one
 * visit and one purpose, and any change to them is refused. */
#include "unit.h"

static const unsigned char key_a[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned char key_b[32] = { 9, 9, 9 };

static int
setup(void **state)
{
	crypto_set_key(key_a);
	return 0;
}

static void
test_round_trip(void **state)
{
	char tok[VISIT_LINK_MAX], nonce[17];
	assert_int_equal(visit_link_make(7, 1234, 2000000000, VISIT_LINK_PURPOSE_RESPOND, tok), 0);
	assert_int_equal(strlen(tok), VISIT_LINK_MAX - 1);
	assert_int_equal(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), strlen(tok));
	long long id = 0;
	time_t exp = 0;
	assert_int_equal(visit_link_check(tok, 7, VISIT_LINK_PURPOSE_RESPOND, 1900000000, &id, &exp, nonce), VL_OK);
	assert_int_equal(id, 1234);
	assert_int_equal(exp, 2000000000);
	assert_int_equal(strlen(nonce), 16);
	/* The same visit twice: two different links (nonces). */
	char tok2[VISIT_LINK_MAX], nonce2[17];
	visit_link_make(7, 1234, 2000000000, VISIT_LINK_PURPOSE_RESPOND, tok2);
	assert_string_not_equal(tok, tok2);
	visit_link_check(tok2, 7, VISIT_LINK_PURPOSE_RESPOND, 1900000000, &id, &exp, nonce2);
	assert_string_not_equal(nonce, nonce2);
}

static void
test_every_change_refused(void **state)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	char tok[VISIT_LINK_MAX], nonce[17];
	long long id;
	time_t exp;
	visit_link_make(7, 1234, 2000000000, VISIT_LINK_PURPOSE_RESPOND, tok);
	for (size_t i = 0; tok[i]; i++) {
		char bad[VISIT_LINK_MAX];
		memcpy(bad, tok, sizeof(bad));
		bad[i] = alphabet[(strchr(alphabet, tok[i]) - alphabet + 1) % 64];
		enum visit_link_check c = visit_link_check(bad, 7, VISIT_LINK_PURPOSE_RESPOND, 1900000000, &id, &exp, nonce);
		assert_true(c == VL_BAD_SIGNATURE || c == VL_MALFORMED);
	}
	char shorter[VISIT_LINK_MAX], longer[VISIT_LINK_MAX + 4];
	memcpy(shorter, tok, sizeof(shorter));
	shorter[strlen(shorter) - 1] = '\0';
	snprintf(longer, sizeof(longer), "%sAAAA", tok);
	assert_int_equal(visit_link_check(shorter, 7, 1, 1900000000, &id, &exp, nonce), VL_MALFORMED);
	assert_int_equal(visit_link_check(longer, 7, 1, 1900000000, &id, &exp, nonce), VL_MALFORMED);
	assert_int_equal(visit_link_check("", 7, 1, 1900000000, &id, &exp, nonce), VL_MALFORMED);
	assert_int_equal(visit_link_check(NULL, 7, 1, 1900000000, &id, &exp, nonce), VL_MALFORMED);
	char padded[VISIT_LINK_MAX];
	memcpy(padded, tok, sizeof(padded));
	padded[5] = '=';
	assert_int_equal(visit_link_check(padded, 7, 1, 1900000000, &id, &exp, nonce), VL_MALFORMED);
}

static void
test_expiry_clinic_purpose_key(void **state)
{
	char tok[VISIT_LINK_MAX], nonce[17];
	long long id;
	time_t exp;
	visit_link_make(7, 1234, 2000000000, VISIT_LINK_PURPOSE_RESPOND, tok);
	assert_int_equal(visit_link_check(tok, 7, 1, 2000000000, &id, &exp, nonce), VL_OK);
	assert_int_equal(visit_link_check(tok, 7, 1, 2000000001, &id, &exp, nonce), VL_EXPIRED);
	assert_int_equal(visit_link_check(tok, 8, 1, 1900000000, &id, &exp, nonce), VL_WRONG_CLINIC);
	assert_int_equal(visit_link_check(tok, 7, 2, 1900000000, &id, &exp, nonce), VL_WRONG_PURPOSE);
	/* Another installation's key: the seal does not hold. */
	crypto_set_key(key_b);
	assert_int_equal(visit_link_check(tok, 7, 1, 1900000000, &id, &exp, nonce), VL_BAD_SIGNATURE);
	crypto_set_key(key_a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_every_change_refused, setup),
		cmocka_unit_test_setup(test_expiry_clinic_purpose_key, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
