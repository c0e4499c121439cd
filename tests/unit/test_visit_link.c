/* visit_link.c: reminder links are sealed, expire, name one clinic, one
 * visit and one purpose, and any change to them is refused. */
#include "unit.h"

#include <limits.h>

static const unsigned char key_a[32] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static const unsigned char key_b[32] = { 9, 9, 9 };
static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

#define EXPIRES 2000000000
#define BEFORE 1900000000
#define RESPOND VISIT_LINK_PURPOSE_RESPOND

static int
setup(void **state)
{
	crypto_set_key(key_a);
	return 0;
}

/* The checker's answer, with the outputs it must leave alone unless OK. */
static enum visit_link_check
check(const char *tok, long long clinic, int purpose, time_t now)
{
	long long id = -77;
	time_t exp = -77;
	char nonce[17] = "untouched";
	enum visit_link_check c = visit_link_check(tok, clinic, purpose, now, &id, &exp, nonce);
	if (c != VL_OK) {
		assert_int_equal(id, -77);
		assert_int_equal(exp, -77);
		assert_string_equal(nonce, "untouched");
	}
	return c;
}

static void
make(long long clinic, long long id, time_t expires, char tok[VISIT_LINK_MAX])
{
	assert_int_equal(visit_link_make(clinic, id, expires, RESPOND, tok), 0);
}

/* A test's own base64url decoder and encoder of whole groups. */
static void
decode(const char *tok, unsigned char raw[48])
{
	assert_int_equal(strlen(tok), 64);
	for (size_t i = 0, o = 0; i < 64; i += 4) {
		unsigned x = 0;
		for (int k = 0; k < 4; k++) {
			const char *at = strchr(alphabet, tok[i + (size_t)k]);
			assert_non_null(at);
			x = x << 6 | (unsigned)(at - alphabet);
		}
		raw[o++] = (unsigned char)(x >> 16);
		raw[o++] = (unsigned char)(x >> 8);
		raw[o++] = (unsigned char)x;
	}
}

static void
be64(unsigned char *p, unsigned long long v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

/* A token over a payload of our choosing, sealed as visit_link_make does
 * (or, with tag NULL, without the domain tag). */
static void
forge(const unsigned char payload[33], const char *tag, char tok[VISIT_LINK_MAX])
{
	unsigned char data[64], mac[32], raw[48];
	size_t n = 0;
	if (tag) {
		memcpy(data, tag, strlen(tag));
		n = strlen(tag);
	}
	memcpy(data + n, payload, 33);
	crypto_hmac(data, n + 33, mac);
	memcpy(raw, payload, 33);
	memcpy(raw + 33, mac, 15);
	crypto_base64url(raw, sizeof(raw), tok);
}

static void
test_round_trip(void **state)
{
	static const struct { long long clinic, id; time_t expires; } cases[] = {
		{ 7, 1234, EXPIRES },
		{ 1, 1, 1 },
		{ LLONG_MAX, LLONG_MAX, (time_t)LLONG_MAX },
		{ 0, 0, 0 },
		{ 300, 4294967296LL + 5, 4102444800 },   /* past 2038 and 2^32 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char tok[VISIT_LINK_MAX], nonce[17];
		make(cases[i].clinic, cases[i].id, cases[i].expires, tok);
		assert_int_equal(strlen(tok), VISIT_LINK_MAX - 1);
		long long id = 0;
		time_t exp = 0;
		assert_int_equal(visit_link_check(tok, cases[i].clinic, RESPOND, 0, &id, &exp, nonce), VL_OK);
		assert_int_equal(id, cases[i].id);
		assert_int_equal(exp, cases[i].expires);
		assert_int_equal(strlen(nonce), 16);
		assert_int_equal(strspn(nonce, "0123456789abcdef"), 16);
	}
	/* Outputs the caller does not want may be NULL. */
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	assert_int_equal(visit_link_check(tok, 7, RESPOND, BEFORE, NULL, NULL, NULL), VL_OK);
}

/* The layout is fixed: reminders already queued carry tokens in it. */
static void
test_layout(void **state)
{
	char tok[VISIT_LINK_MAX], nonce[17];
	make(0x0102030405060708LL, 0x1112131415161718LL, EXPIRES, tok);
	unsigned char raw[48], want[33];
	decode(tok, raw);
	be64(want, 0x0102030405060708ULL);
	be64(want + 8, 0x1112131415161718ULL);
	be64(want + 16, EXPIRES);
	want[24] = RESPOND;
	assert_memory_equal(raw, want, 25);
	/* The nonce is the last 8 bytes of the payload, as the checker says. */
	long long id;
	time_t exp;
	assert_int_equal(visit_link_check(tok, 0x0102030405060708LL, RESPOND, BEFORE, &id, &exp, nonce), VL_OK);
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", raw[25 + i]);
	assert_string_equal(nonce, hex);
	/* The seal: the first 15 bytes of HMAC("vl1:" | payload). */
	unsigned char data[37], mac[32];
	memcpy(data, "vl1:", 4);
	memcpy(data + 4, raw, 33);
	crypto_hmac(data, sizeof(data), mac);
	assert_memory_equal(raw + 33, mac, 15);
}

static void
test_nonce_and_alphabet(void **state)
{
	enum { N = 200 };
	static char toks[N][VISIT_LINK_MAX];
	static char nonces[N][17];
	for (int i = 0; i < N; i++) {
		make(7, 1234, EXPIRES, toks[i]);
		assert_int_equal(strlen(toks[i]), 64);
		assert_int_equal(strspn(toks[i], alphabet), 64);
		assert_int_equal(check(toks[i], 7, RESPOND, BEFORE), VL_OK);
		long long id;
		time_t exp;
		visit_link_check(toks[i], 7, RESPOND, BEFORE, &id, &exp, nonces[i]);
		/* The same visit every time: different links, different nonces. */
		for (int j = 0; j < i; j++) {
			assert_string_not_equal(toks[i], toks[j]);
			assert_string_not_equal(nonces[i], nonces[j]);
		}
	}
}

/* Every character replaced by every other: never accepted. Within the
 * alphabet the seal fails; outside it the token does not decode. */
static void
test_every_change_refused(void **state)
{
	static const char others[] = "=+/ .%~!*\"'<>\t\x80\xc3\xff";
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	for (size_t i = 0; i < 64; i++) {
		char bad[VISIT_LINK_MAX];
		for (const char *c = alphabet; *c; c++) {
			if (*c == tok[i])
				continue;
			memcpy(bad, tok, sizeof(bad));
			bad[i] = *c;
			assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
		}
		for (const char *c = others; *c; c++) {
			memcpy(bad, tok, sizeof(bad));
			bad[i] = *c;
			assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_MALFORMED);
		}
		/* Two characters swapped, where they differ. */
		if (i + 1 < 64 && tok[i] != tok[i + 1]) {
			memcpy(bad, tok, sizeof(bad));
			bad[i] = tok[i + 1];
			bad[i + 1] = tok[i];
			assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
		}
	}
	assert_int_equal(check(tok, 7, RESPOND, BEFORE), VL_OK);
}

static void
test_truncated_and_extended(void **state)
{
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	for (size_t n = 0; n < 64; n++) {
		char shorter[VISIT_LINK_MAX];
		memcpy(shorter, tok, n);
		shorter[n] = '\0';
		assert_int_equal(check(shorter, 7, RESPOND, BEFORE), VL_MALFORMED);
	}
	for (const char *c = alphabet; *c; c++) {
		char longer[VISIT_LINK_MAX + 1];
		snprintf(longer, sizeof(longer), "%s%c", tok, *c);
		assert_int_equal(check(longer, 7, RESPOND, BEFORE), VL_MALFORMED);
	}
	static const char *const tails[] = { "=", "==", "AAAA", "\n", " ", "&t=x" };
	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		char longer[VISIT_LINK_MAX + 8];
		snprintf(longer, sizeof(longer), "%s%s", tok, tails[i]);
		assert_int_equal(check(longer, 7, RESPOND, BEFORE), VL_MALFORMED);
	}
	/* Padding in place of the last characters, and a very long value. */
	char padded[VISIT_LINK_MAX];
	memcpy(padded, tok, sizeof(padded));
	padded[62] = padded[63] = '=';
	assert_int_equal(check(padded, 7, RESPOND, BEFORE), VL_MALFORMED);
	char huge[4096];
	memset(huge, 'A', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = '\0';
	assert_int_equal(check(huge, 7, RESPOND, BEFORE), VL_MALFORMED);
	assert_int_equal(check("", 7, RESPOND, BEFORE), VL_MALFORMED);
	assert_int_equal(check(NULL, 7, RESPOND, BEFORE), VL_MALFORMED);
}

static void
test_expiry(void **state)
{
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	assert_int_equal(check(tok, 7, RESPOND, EXPIRES - 1), VL_OK);
	assert_int_equal(check(tok, 7, RESPOND, EXPIRES), VL_OK);
	assert_int_equal(check(tok, 7, RESPOND, EXPIRES + 1), VL_EXPIRED);
	assert_int_equal(check(tok, 7, RESPOND, (time_t)LLONG_MAX), VL_EXPIRED);
}

static void
test_clinic_and_purpose(void **state)
{
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	assert_int_equal(check(tok, 8, RESPOND, BEFORE), VL_WRONG_CLINIC);
	assert_int_equal(check(tok, 0, RESPOND, BEFORE), VL_WRONG_CLINIC);
	assert_int_equal(check(tok, -7, RESPOND, BEFORE), VL_WRONG_CLINIC);
	assert_int_equal(check(tok, 7 + (1LL << 32), RESPOND, BEFORE), VL_WRONG_CLINIC);
	assert_int_equal(check(tok, 7, 2, BEFORE), VL_WRONG_PURPOSE);
	assert_int_equal(check(tok, 7, 0, BEFORE), VL_WRONG_PURPOSE);
	/* A purpose that would alias 1 in its one byte. */
	assert_int_equal(check(tok, 7, 257, BEFORE), VL_WRONG_PURPOSE);
	assert_int_equal(check(tok, 7, -255, BEFORE), VL_WRONG_PURPOSE);
	/* The clinic is checked before the purpose and the expiry. */
	assert_int_equal(check(tok, 8, 2, EXPIRES + 1), VL_WRONG_CLINIC);
	assert_int_equal(check(tok, 7, 2, EXPIRES + 1), VL_WRONG_PURPOSE);
	/* Nor can a link be made for a purpose that does not fit. */
	char out[VISIT_LINK_MAX];
	assert_int_equal(visit_link_make(7, 1234, EXPIRES, 0, out), -1);
	assert_int_equal(visit_link_make(7, 1234, EXPIRES, 256, out), -1);
	assert_int_equal(visit_link_make(7, 1234, EXPIRES, 257, out), -1);
	assert_int_equal(visit_link_make(7, 1234, EXPIRES, -1, out), -1);
	assert_int_equal(visit_link_make(7, 1234, EXPIRES, 255, out), 0);
	assert_int_equal(check(out, 7, 255, BEFORE), VL_OK);
	assert_int_equal(check(out, 7, RESPOND, BEFORE), VL_WRONG_PURPOSE);
}

/* A forged token never gets past the seal: not to say which clinic it
 * names, nor whether it is expired or for another purpose. */
static void
test_forgery(void **state)
{
	char tok[VISIT_LINK_MAX], bad[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	unsigned char raw[48];
	decode(tok, raw);

	/* The payload rewritten for another clinic, visit, expiry or purpose,
	 * the old seal kept. */
	static const struct { size_t at; unsigned long long v; } edits[] = {
		{ 0, 8 }, { 8, 1235 }, { 16, EXPIRES + 86400 }, { 16, 1 },
	};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		unsigned char r[48];
		memcpy(r, raw, sizeof(r));
		be64(r + edits[i].at, edits[i].v);
		crypto_base64url(r, sizeof(r), bad);
		for (long long clinic = 6; clinic <= 8; clinic++) {
			assert_int_equal(check(bad, clinic, RESPOND, BEFORE), VL_BAD_SIGNATURE);
			assert_int_equal(check(bad, clinic, 2, EXPIRES + 100000), VL_BAD_SIGNATURE);
		}
	}
	unsigned char r[48];
	memcpy(r, raw, sizeof(r));
	r[24] = 2;
	crypto_base64url(r, sizeof(r), bad);
	assert_int_equal(check(bad, 7, 2, BEFORE), VL_BAD_SIGNATURE);
	/* Every bit of the seal counts. */
	for (int bit = 0; bit < 15 * 8; bit++) {
		memcpy(r, raw, sizeof(r));
		r[33 + bit / 8] ^= (unsigned char)(1u << (bit % 8));
		crypto_base64url(r, sizeof(r), bad);
		assert_int_equal(check(bad, 8, 2, EXPIRES + 1), VL_BAD_SIGNATURE);
	}

	/* Sealed as we do, the same payload passes (the forge is faithful)... */
	forge(raw, "vl1:", bad);
	assert_string_equal(bad, tok);
	/* ...but an HMAC of the payload alone, or under another tag (a value
	 * of another kind signed with the installation key), does not. */
	forge(raw, NULL, bad);
	assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
	forge(raw, "vl2:", bad);
	assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
	forge(raw, "vl1", bad);
	assert_int_equal(check(bad, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
}

static void
test_other_key(void **state)
{
	char tok[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, tok);
	/* Another installation's key: the seal does not hold. */
	crypto_set_key(key_b);
	assert_int_equal(check(tok, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
	assert_int_equal(check(tok, 8, 2, EXPIRES + 1), VL_BAD_SIGNATURE);
	char other[VISIT_LINK_MAX];
	make(7, 1234, EXPIRES, other);
	assert_int_equal(check(other, 7, RESPOND, BEFORE), VL_OK);
	crypto_set_key(key_a);
	assert_int_equal(check(other, 7, RESPOND, BEFORE), VL_BAD_SIGNATURE);
	assert_int_equal(check(tok, 7, RESPOND, BEFORE), VL_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_round_trip, setup),
		cmocka_unit_test_setup(test_layout, setup),
		cmocka_unit_test_setup(test_nonce_and_alphabet, setup),
		cmocka_unit_test_setup(test_every_change_refused, setup),
		cmocka_unit_test_setup(test_truncated_and_extended, setup),
		cmocka_unit_test_setup(test_expiry, setup),
		cmocka_unit_test_setup(test_clinic_and_purpose, setup),
		cmocka_unit_test_setup(test_forgery, setup),
		cmocka_unit_test_setup(test_other_key, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
