/* Signed links of appointment reminders: whoever holds one may answer for
 * one visit (confirm or cancel) until it begins, and nothing else. The
 * token carries the clinic, the visit, the expiry, the purpose and a
 * random nonce (the caller records used nonces: a link answers once),
 * sealed with an HMAC under the installation's key.
 *
 * token = base64url(payload | MAC), no padding, where
 *   payload = clinic (8, big-endian) | visit (8) | expires (8) | purpose (1)
 *             | nonce (8 random bytes)
 *   MAC     = the first 15 bytes of HMAC-SHA256("vl1:" | payload)
 * 33 + 15 = 48 bytes: exactly 64 characters, so there are no partial
 * groups and every token has one spelling. Reminders already queued carry
 * tokens in this form: changing it breaks the links patients hold. */
#include "domain.h"

#include <string.h>

#define PAYLOAD 33             /* clinic 8, visit 8, expires 8, purpose 1, nonce 8 */
#define MAC 15                 /* 120 bits: far beyond guessing, one request at a time */
#define TOKEN_LEN 64           /* 4 * (PAYLOAD + MAC) / 3 */
#define NONCE_AT 25

_Static_assert((PAYLOAD + MAC) % 3 == 0, "a token is whole base64 groups");
_Static_assert(TOKEN_LEN == 4 * (PAYLOAD + MAC) / 3, "token length");
_Static_assert(VISIT_LINK_MAX == TOKEN_LEN + 1, "VISIT_LINK_MAX holds a token and its NUL");

/* The MAC covers a tag naming what the token is, so a value of another
 * kind signed with the same key can never pass for this one. */
static void
seal(const unsigned char payload[PAYLOAD], unsigned char out[32])
{
	unsigned char data[4 + PAYLOAD];
	memcpy(data, "vl1:", 4);
	memcpy(data + 4, payload, PAYLOAD);
	crypto_hmac(data, sizeof(data), out);
}

static void
put64(unsigned char *p, unsigned long long v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static unsigned long long
get64(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int
visit_link_make(long long clinic_id, long long appointment_id, time_t expires, int purpose,
	char out[VISIT_LINK_MAX])
{
	unsigned char raw[PAYLOAD + MAC], mac[32];
	/* One byte on the wire: a larger purpose would alias a smaller one. */
	if (purpose < 1 || purpose > 255)
		return -1;
	put64(raw, (unsigned long long)clinic_id);
	put64(raw + 8, (unsigned long long)appointment_id);
	put64(raw + 16, (unsigned long long)(long long)expires);
	raw[24] = (unsigned char)purpose;
	if (crypto_random(raw + NONCE_AT, 8) < 0)
		return -1;
	seal(raw, mac);
	memcpy(raw + PAYLOAD, mac, MAC);
	crypto_base64url(raw, sizeof(raw), out);
	return 0;
}

static int
b64url_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* Strict base64url of whole groups: n a multiple of 4, the URL-safe
 * alphabet only, no padding, no white space. Writes 3n/4 bytes; -1 at
 * the first character outside the alphabet. */
static int
b64url_decode(const char *s, size_t n, unsigned char *out)
{
	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		unsigned x = 0;
		for (int k = 0; k < 4; k++) {
			int v = b64url_value((unsigned char)s[i + (size_t)k]);
			if (v < 0)
				return -1;
			x = x << 6 | (unsigned)v;
		}
		*out++ = (unsigned char)(x >> 16);
		*out++ = (unsigned char)(x >> 8);
		*out++ = (unsigned char)x;
	}
	return 0;
}

enum visit_link_check
visit_link_check(const char *token, long long clinic_id, int purpose, time_t now, long long *appointment_id,
	time_t *expires, char nonce_hex[17])
{
	unsigned char raw[PAYLOAD + MAC], mac[32];
	/* strnlen: a long value is refused without reading all of it. */
	if (token == NULL || strnlen(token, TOKEN_LEN + 1) != TOKEN_LEN ||
	    b64url_decode(token, TOKEN_LEN, raw) < 0)
		return VL_MALFORMED;
	seal(raw, mac);
	/* Nothing in an unsealed token is looked at: a forged one never gets
	 * as far as saying which clinic or visit it names. */
	if (!crypto_equal(mac, raw + PAYLOAD, MAC))
		return VL_BAD_SIGNATURE;
	if ((long long)get64(raw) != clinic_id)
		return VL_WRONG_CLINIC;
	if (raw[24] != purpose)
		return VL_WRONG_PURPOSE;
	time_t exp = (time_t)(long long)get64(raw + 16);
	/* Good until the second it names, inclusive. */
	if (now > exp)
		return VL_EXPIRED;
	if (appointment_id)
		*appointment_id = (long long)get64(raw + 8);
	if (expires)
		*expires = exp;
	if (nonce_hex) {
		static const char hex[] = "0123456789abcdef";
		for (int i = 0; i < 8; i++) {
			nonce_hex[2 * i] = hex[raw[NONCE_AT + i] >> 4];
			nonce_hex[2 * i + 1] = hex[raw[NONCE_AT + i] & 15];
		}
		nonce_hex[16] = '\0';
	}
	return VL_OK;
}
