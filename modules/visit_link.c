/* Signed links of appointment reminders: whoever holds one may answer for
 * one visit (confirm or cancel) until it begins, and nothing else. The
 * token carries the clinic, the visit, the expiry, the purpose and a
 * random nonce (the caller records used nonces: a link answers once),
 * sealed with an HMAC under the installation's key. */
#include "internal.h"

#include <string.h>

#define PAYLOAD 33             /* clinic 8, visit 8, expires 8, purpose 1, nonce 8 */
#define MAC 15                 /* 48 bytes in all: 64 base64url characters */
#define TOKEN_LEN 64

/* The MAC covers a tag naming what the token is, so a token of another
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
	put64(raw, (unsigned long long)clinic_id);
	put64(raw + 8, (unsigned long long)appointment_id);
	put64(raw + 16, (unsigned long long)expires);
	raw[24] = (unsigned char)purpose;
	if (crypto_random(raw + 25, 8) < 0)
		return -1;
	seal(raw, mac);
	memcpy(raw + PAYLOAD, mac, MAC);
	crypto_base64url(raw, sizeof(raw), out);
	return 0;
}

static int
b64url_value(char c)
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

enum visit_link_check
visit_link_check(const char *token, long long clinic_id, int purpose, time_t now, long long *appointment_id,
	time_t *expires, char nonce_hex[17])
{
	unsigned char raw[PAYLOAD + MAC], mac[32];
	if (token == NULL || strlen(token) != TOKEN_LEN)
		return VL_MALFORMED;
	for (size_t i = 0, o = 0; i < TOKEN_LEN; i += 4) {
		int v[4];
		for (int k = 0; k < 4; k++)
			if ((v[k] = b64url_value(token[i + k])) < 0)
				return VL_MALFORMED;
		unsigned x = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
		raw[o++] = (unsigned char)(x >> 16);
		raw[o++] = (unsigned char)(x >> 8);
		raw[o++] = (unsigned char)x;
	}
	seal(raw, mac);
	/* Nothing in an unsigned token is looked at. */
	if (!crypto_equal(mac, raw + PAYLOAD, MAC))
		return VL_BAD_SIGNATURE;
	if ((long long)get64(raw) != clinic_id)
		return VL_WRONG_CLINIC;
	if (raw[24] != (unsigned char)purpose)
		return VL_WRONG_PURPOSE;
	time_t exp = (time_t)get64(raw + 16);
	if (now > exp)
		return VL_EXPIRED;
	*appointment_id = (long long)get64(raw + 8);
	*expires = exp;
	static const char hex[] = "0123456789abcdef";
	for (int i = 0; i < 8; i++) {
		nonce_hex[2 * i] = hex[raw[25 + i] >> 4];
		nonce_hex[2 * i + 1] = hex[raw[25 + i] & 15];
	}
	nonce_hex[16] = '\0';
	return VL_OK;
}
