/* Passwords: argon2id hashes in PHC form, the length rule (12-128
 * characters, no composition rules) and a list of common passwords. */
#include "services.h"

#include <argon2.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* OWASP's argon2id floor: 19 MiB, 2 passes, 1 lane (about 36 ms here). */
#define ARGON_T 2
#define ARGON_M 19456
#define ARGON_P 1
#define SALT_LEN 16
#define HASH_LEN 32

#define PW_MIN_CHARS 12
#define PW_MAX_CHARS 128

static char **common;          /* sorted, lower-case */
static size_t ncommon;

int
auth_hash_password(const char *password, char *out, size_t outlen)
{
	unsigned char salt[SALT_LEN];
	if (crypto_random(salt, sizeof(salt)) < 0)
		return -1;
	int rc = argon2id_hash_encoded(ARGON_T, ARGON_M, ARGON_P, password, strlen(password),
		salt, sizeof(salt), HASH_LEN, out, outlen);
	return rc == ARGON2_OK ? 0 : -1;
}

bool
auth_verify_password(const char *phc, const char *password)
{
	if (phc == NULL || strncmp(phc, "$argon2id$", 10) != 0)
		return false;
	/* argon2_verify compares in constant time. */
	return argon2id_verify(phc, password, strlen(password)) == ARGON2_OK;
}

/* Spends what a real verification spends, so the response time does not
 * tell whether an account exists. */
void
auth_burn_verify(void)
{
	static char dummy[128];
	if (dummy[0] == '\0' && auth_hash_password("not-a-real-password-at-all", dummy, sizeof(dummy)) < 0)
		return;
	(void)auth_verify_password(dummy, "still-not-the-real-password");
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One entry of the list, kept in lower case; arg is the room for entries. */
static int
add_common(char *line, int lineno, void *arg)
{
	size_t *cap = arg;
	for (char *p = line; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	if (ncommon == *cap) {
		size_t more = *cap ? *cap * 2 : 4096;
		char **nc = realloc(common, more * sizeof(*common));
		if (nc == NULL)
			return -1;
		common = nc;
		*cap = more;
	}
	common[ncommon] = strdup(line);
	if (common[ncommon] == NULL)
		return -1;
	ncommon++;
	return 0;
}

int
auth_load_common_passwords(const char *path)
{
	size_t cap = 0;
	if (list_file_each(path, "common-password list", add_common, &cap) != 0)
		return -1;
	qsort(common, ncommon, sizeof(*common), cmp_str);
	return ncommon >= 10000 ? 0 : -1;
}

static bool
is_common(const char *lower)
{
	return ncommon && bsearch(&lower, common, ncommon, sizeof(*common), cmp_str) != NULL;
}

static size_t
utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Next code point of valid UTF-8 (checked by the caller). */
static unsigned
next_cp(const unsigned char **p)
{
	unsigned c = *(*p)++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
	c &= more == 3 ? 0x07 : more == 2 ? 0x0f : more == 1 ? 0x1f : 0x7f;
	while (more-- > 0 && **p)
		c = (c << 6) | (*(*p)++ & 0x3f);
	return c;
}

/* "aaaaaaaaaaaa", "éééééééééééé", "123456789012", "abcdefghijkl": one
 * character repeated, or a run going up or down by one. */
static bool
is_trivial_run(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	if (*p == '\0')
		return true;
	unsigned first = next_cp(&p), prev = first;
	bool same = true, up = true, down = true;
	while (*p) {
		unsigned cp = next_cp(&p);
		same &= cp == first;
		up &= cp == prev + 1 || (cp == '0' && prev == '9');
		down &= cp + 1 == prev;
		prev = cp;
	}
	return same || up || down;
}

enum pw_problem
auth_password_problem(const char *password, const char *username)
{
	if (valid_utf8_text(password, strlen(password), 0, 1000000, false) < 0)
		return PW_NOT_UTF8;
	size_t chars = utf8_chars(password);
	if (chars < PW_MIN_CHARS)
		return PW_TOO_SHORT;
	if (chars > PW_MAX_CHARS)
		return PW_TOO_LONG;
	char lower[PW_MAX_CHARS * 4 + 1];
	size_t n = strlen(password);
	if (n >= sizeof(lower))
		return PW_TOO_LONG;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)tolower((unsigned char)password[i]);
	enum pw_problem result = PW_OK;
	if (is_common(lower) || is_trivial_run(lower))
		result = PW_COMMON;
	else {
		/* A listed password with digits or punctuation tacked on
		 * ("football1234!") is as guessable as the word itself. */
		char stem[sizeof(lower)];
		memcpy(stem, lower, n + 1);
		size_t k = n;
		while (k > 0 && (isdigit((unsigned char)stem[k - 1]) || ispunct((unsigned char)stem[k - 1])))
			k--;
		if (k < n && n - k <= 6 && k >= 4) {
			stem[k] = '\0';
			if (is_common(stem))
				result = PW_COMMON;
		}
		/* The same word twice ("passwordpassword"). */
		if (result == PW_OK && n % 2 == 0 && memcmp(lower, lower + n / 2, n / 2) == 0) {
			memcpy(stem, lower, n / 2);
			stem[n / 2] = '\0';
			if (is_common(stem) || is_trivial_run(stem))
				result = PW_COMMON;
		}
	}
	if (result == PW_OK && username && *username) {
		char user[256];
		snprintf(user, sizeof(user), "%s", username);
		for (char *p = user; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		char *at = strchr(user, '@');
		if (strcmp(lower, user) == 0)
			result = PW_LIKE_USERNAME;
		else if (at) {
			*at = '\0';
			if (strlen(user) >= 4 && strstr(lower, user) && n - strlen(user) < 6)
				result = PW_LIKE_USERNAME;
		}
	}
	crypto_cleanse(lower, sizeof(lower));
	return result;
}
