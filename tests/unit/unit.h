/*
 * Shared header of the unit tests (tests/unit/test_*.c). Each test file is
 * one binary built with AddressSanitizer and UBSan against the library:
 * `make unit`, then ./build/unit/test_<module> from the repository root.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "portal.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A request with nothing but an arena: enough for valid_field, req_printf
 * and the formatting functions. */
static inline struct req *
unit_req_new(void)
{
	struct req *r = calloc(1, sizeof(*r));
	assert_non_null(r);
	r->arena = arena_new();
	assert_non_null(r->arena);
	r->lang = LANG_EN;
	return r;
}

static inline void
unit_req_free(struct req *r)
{
	if (r == NULL)
		return;
	arena_free(r->arena);
	free(r);
}

/* Fixtures (a test's or a group's setup and teardown): a fresh arena, or a
 * fresh request from unit_req_new, as the state. */
static inline int
unit_setup_arena(void **state)
{
	*state = arena_new();
	return *state ? 0 : -1;
}

static inline int
unit_teardown_arena(void **state)
{
	arena_free(*state);
	return 0;
}

static inline int
unit_setup_req(void **state)
{
	*state = unit_req_new();
	return 0;
}

static inline int
unit_teardown_req(void **state)
{
	unit_req_free(*state);
	return 0;
}

/* Asserts that s begins with prefix, printing both when it does not. */
#define assert_prefix(s, prefix) do { \
	const char *s_ = (s), *p_ = (prefix); \
	if (s_ == NULL || strncmp(s_, p_, strlen(p_)) != 0) \
		fail_msg("expected prefix \"%s\", got \"%s\"", p_, s_ ? s_ : "(null)"); \
} while (0)

/* Asserts that s contains needle, printing both when it does not. */
#define assert_contains(s, needle) do { \
	const char *s_ = (s), *n_ = (needle); \
	if (s_ == NULL || strstr(s_, n_) == NULL) \
		fail_msg("expected \"%s\" inside \"%s\"", n_, s_ ? s_ : "(null)"); \
} while (0)

/* Writes text to path (truncating); fails the test on any error. */
static inline void
unit_write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	if (f == NULL)
		fail_msg("cannot create %s", path);
	size_t n = strlen(text);
	if (fwrite(text, 1, n, f) != n)
		fail_msg("cannot write %s", path);
	if (fclose(f) != 0)
		fail_msg("cannot close %s", path);
}

/* A directory of the test's own, "/tmp/unit-<name>-XXXXXX" written into dir,
 * with an empty subdirectory sub when sub is not NULL; 0, or -1. */
static inline int
unit_tmpdir_make(char *dir, size_t len, const char *name, const char *sub)
{
	snprintf(dir, len, "/tmp/unit-%s-XXXXXX", name);
	if (mkdtemp(dir) == NULL)
		return -1;
	if (sub == NULL)
		return 0;
	char path[256];
	snprintf(path, sizeof(path), "%s/%s", dir, sub);
	return mkdir(path, 0700);
}

static inline int
unit_remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* Removes a directory and everything in it. */
static inline int
unit_tmpdir_remove(const char *dir)
{
	return nftw(dir, unit_remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
