/* crypto.c: base64url, SHA-256, HMAC, comparisons and randomness. */
#include "unit.h"

#include <unistd.h>

static void
b64(const char *in, size_t len, const char *expected)
{
	char out[128];
	memset(out, 'X', sizeof(out));
	crypto_base64url((const unsigned char *)in, len, out);
	assert_string_equal(out, expected);
}

/* RFC 4648, section 10: the encodings of "", "f", "fo", ..., "foobar". */
static void
test_base64url_rfc4648(void **state)
{
	static const char *const foobar[] = { "", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy" };
	for (size_t len = 0; len < sizeof(foobar) / sizeof(foobar[0]); len++)
		b64("foobar", len, foobar[len]);
}

static void
test_base64url_alphabet(void **state)
{
	/* 0xfb 0xff 0xbf is "+/+/" in standard base64. */
	b64("\xfb\xff\xbf", 3, "-_-_");
	b64("\xff\xff\xff", 3, "____");
	b64("\xf8", 1, "-A");
	b64("\xfc", 1, "_A");
	b64("\x00\x00\x00", 3, "AAAA");
	b64("\x00", 1, "AA");
	/* All 64 characters in order. */
	static const unsigned char all[48] = {
		0x00, 0x10, 0x83, 0x10, 0x51, 0x87, 0x20, 0x92, 0x8b, 0x30, 0xd3, 0x8f,
		0x41, 0x14, 0x93, 0x51, 0x55, 0x97, 0x61, 0x96, 0x9b, 0x71, 0xd7, 0x9f,
		0x82, 0x18, 0xa3, 0x92, 0x59, 0xa7, 0xa2, 0x9a, 0xab, 0xb2, 0xdb, 0xaf,
		0xc3, 0x1c, 0xb3, 0xd3, 0x5d, 0xb7, 0xe3, 0x9e, 0xbb, 0xf3, 0xdf, 0xbf,
	};
	char out[65];
	crypto_base64url(all, sizeof(all), out);
	assert_string_equal(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}

static void
test_base64url_no_overrun(void **state)
{
	/* 32 bytes -> 43 characters and a NUL, nothing more. */
	unsigned char in[32];
	char out[48];
	memset(in, 0xa5, sizeof(in));
	memset(out, '#', sizeof(out));
	crypto_base64url(in, sizeof(in), out);
	assert_int_equal(strlen(out), 43);
	assert_int_equal(out[44], '#');
}

static void
test_sha256(void **state)
{
	char hex[65];
	crypto_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	crypto_sha256_hex("", 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	crypto_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

	unsigned char raw[32];
	crypto_sha256("abc", 3, raw);
	assert_int_equal(raw[0], 0xba);
	assert_int_equal(raw[31], 0xad);
}

static void
hex32(const unsigned char *in, char out[65])
{
	for (int i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", in[i]);
}

static void
test_hmac_rfc4231(void **state)
{
	/* HMAC pads a short key with zeros, so RFC 4231's short keys padded to
	 * the installation key's 32 bytes give the published results. */
	unsigned char key[32] = { 0 }, mac[32];
	char hex[65];

	memset(key, 0x0b, 20);                     /* test case 1 */
	crypto_set_key(key);
	crypto_hmac("Hi There", 8, mac);
	hex32(mac, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");

	memset(key, 0, sizeof(key));
	memcpy(key, "Jefe", 4);                    /* test case 2 */
	crypto_set_key(key);
	crypto_hmac("what do ya want for nothing?", 28, mac);
	hex32(mac, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void
test_hmac_key_matters(void **state)
{
	unsigned char k1[32], k2[32], m1[32], m2[32];
	memset(k1, 0x11, sizeof(k1));
	memset(k2, 0x11, sizeof(k2));
	k2[31] = 0x12;                             /* the last key byte counts */
	crypto_set_key(k1);
	crypto_hmac("message", 7, m1);
	crypto_set_key(k2);
	crypto_hmac("message", 7, m2);
	assert_memory_not_equal(m1, m2, 32);
}

static void
test_str_equal(void **state)
{
	assert_true(crypto_str_equal("abc", "abc"));
	assert_true(crypto_str_equal("", ""));
	assert_false(crypto_str_equal("abc", "abd"));
	assert_false(crypto_str_equal("abc", "ab"));
	assert_false(crypto_str_equal("ab", "abc"));
	assert_false(crypto_str_equal("abc", ""));
	assert_false(crypto_str_equal(NULL, "abc"));
	assert_false(crypto_str_equal("abc", NULL));
	assert_false(crypto_str_equal(NULL, NULL));
	assert_true(crypto_equal("abcd", "abcd", 4));
	assert_false(crypto_equal("abcd", "abce", 4));
	assert_true(crypto_equal("abcd", "abce", 3));
}

static void
test_random(void **state)
{
	unsigned char a[32], b[32], zero[32] = { 0 };
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_int_equal(crypto_random(a, sizeof(a)), 0);
	assert_int_equal(crypto_random(b, sizeof(b)), 0);
	assert_memory_not_equal(a, b, sizeof(a));
	assert_memory_not_equal(a, zero, sizeof(a));
	assert_int_equal(crypto_random(a, 0), 0);
}

static void
test_cleanse(void **state)
{
	unsigned char buf[16];
	memset(buf, 0x5a, sizeof(buf));
	crypto_cleanse(buf, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
}

static void
test_load_key(void **state)
{
	char dir[] = "/tmp/unit-key-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[128];
	snprintf(path, sizeof(path), "%s/portal.key", dir);

	/* 64 hex digits: the key becomes the HMAC key. */
	unit_write_file(path, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\n");
	assert_int_equal(crypto_load_key(dir), 0);
	unsigned char from_file[32], direct[32], key[32];
	crypto_hmac("x", 1, from_file);
	for (int i = 0; i < 32; i++)
		key[i] = (unsigned char)i;
	crypto_set_key(key);
	crypto_hmac("x", 1, direct);
	assert_memory_equal(from_file, direct, 32);

	/* Too short, not hex, upper case, missing. */
	unit_write_file(path, "0001020304");
	assert_int_equal(crypto_load_key(dir), -1);
	unit_write_file(path, "zz0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
	assert_int_equal(crypto_load_key(dir), -1);
	unit_write_file(path, "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
	assert_int_equal(crypto_load_key(dir), -1);
	unlink(path);
	assert_int_equal(crypto_load_key(dir), -1);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64url_rfc4648),
		cmocka_unit_test(test_base64url_alphabet),
		cmocka_unit_test(test_base64url_no_overrun),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hmac_key_matters),
		cmocka_unit_test(test_str_equal),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_cleanse),
		cmocka_unit_test(test_load_key),
	};
	return cmocka_run_group_tests_name("crypto", tests, NULL, NULL);
}
