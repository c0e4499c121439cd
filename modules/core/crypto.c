/* Random tokens, hashes and the installation key (OpenSSL). */
#include "core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

/* The key signs CSRF tokens and hashes activation codes; it never leaves
 * the server and lives in <secrets>/portal.key (32 random bytes, hex). */
static unsigned char install_key[32];
static bool have_key;

int
crypto_random(unsigned char *buf, size_t len)
{
	if (len > INT32_MAX || RAND_bytes(buf, (int)len) != 1)
		return -1;
	return 0;
}

void
crypto_sha256(const void *data, size_t len, unsigned char out[32])
{
	SHA256(data, len, out);
}

void
crypto_hex(const unsigned char *in, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * len] = '\0';
}

void
crypto_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	SHA256(data, len, md);
	crypto_hex(md, sizeof(md), out);
}

void
crypto_hmac(const void *data, size_t len, unsigned char out[32])
{
	unsigned int outlen = 32;
	HMAC(EVP_sha256(), install_key, sizeof(install_key), data, len, out, &outlen);
}

void
crypto_set_key(const unsigned char key[32])
{
	memcpy(install_key, key, sizeof(install_key));
	have_key = true;
}

static int
unhex(const char *s, unsigned char *out, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned v = 0;
		for (int k = 0; k < 2; k++) {
			char c = s[2 * i + (size_t)k];
			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return -1;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

int
crypto_load_key(const char *secrets_dir)
{
	char path[4096];
	char text[80] = { 0 };
	snprintf(path, sizeof(path), "%s/portal.key", secrets_dir);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("cannot open %s: %s (run 'portalctl secrets init')", path, strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, text, sizeof(text) - 1);
	close(fd);
	unsigned char key[32];
	int rc = n >= 64 ? unhex(text, key, sizeof(key)) : -1;
	OPENSSL_cleanse(text, sizeof(text));
	if (rc < 0) {
		log_error("%s must hold 64 hex digits", path);
		OPENSSL_cleanse(key, sizeof(key));
		return -1;
	}
	memcpy(install_key, key, sizeof(install_key));
	OPENSSL_cleanse(key, sizeof(key));
	have_key = true;
	return 0;
}

void
crypto_base64url(const unsigned char *in, size_t len, char *out)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 2 < len; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned)in[i] << 16;
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
	} else if (len - i == 2) {
		unsigned v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
	}
	out[o] = '\0';
}

bool
crypto_equal(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len) == 0;
}

bool
crypto_str_equal(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return false;
	size_t la = strlen(a), lb = strlen(b);
	if (la != lb)
		return false;
	return CRYPTO_memcmp(a, b, la) == 0;
}

void
crypto_cleanse(void *p, size_t len)
{
	OPENSSL_cleanse(p, len);
}

bool
crypto_have_key(void)
{
	return have_key;
}
