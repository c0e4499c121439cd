/* audit.c: the canonical text of a row and its hash (the chain's links). */
#include "unit.h"

#include <openssl/sha.h>

/* SHA-256 of text as lower-case hex, computed here without the library. */
static void
expected_hash(const char *text, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];
	SHA256((const unsigned char *)text, strlen(text), md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

#define PREV "0000000000000000000000000000000000000000000000000000000000000000"

static const char *const row[11] = {
	"17",                       /* id */
	"2026-03-04 15:30:00",      /* occurred_at */
	"42",                       /* user_id */
	"provider",                 /* role */
	"1",                        /* clinic_id */
	"7",                        /* patient_id */
	"chart.view",               /* action */
	"patient:7",                /* object */
	"success",                  /* outcome */
	"203.0.113.9",              /* client_ip */
	PREV,                       /* prev_hash */
};

static void
test_canonical_text(void **state)
{
	char got[65], want[65];
	audit_row_hash(row, got);
	expected_hash("17|2026-03-04 15:30:00|42|provider|1|7|chart.view|patient:7|success|203.0.113.9|"
		PREV, want);
	assert_string_equal(got, want);
	assert_int_equal(strlen(got), 64);
	assert_int_equal(strspn(got, "0123456789abcdef"), 64);
}

static void
test_nulls_are_empty(void **state)
{
	/* A failed sign-in: no user, role, patient or object id. */
	const char *const f[11] = {
		"3", "2026-03-04 15:30:00", NULL, NULL, "1", NULL, "login.failure", NULL,
		"failure", "198.51.100.4", PREV,
	};
	char got[65], want[65];
	audit_row_hash(f, got);
	expected_hash("3|2026-03-04 15:30:00|||1||login.failure||failure|198.51.100.4|" PREV, want);
	assert_string_equal(got, want);

	/* All NULL: ten separators and nothing else. */
	const char *const none[11] = { NULL };
	audit_row_hash(none, got);
	expected_hash("||||||||||", want);
	assert_string_equal(got, want);

	/* NULL and "" are the same text, so the same hash. */
	const char *const empty[11] = { "", "", "", "", "", "", "", "", "", "", "" };
	char got2[65];
	audit_row_hash(empty, got2);
	assert_string_equal(got, got2);
}

static void
test_every_field_counts(void **state)
{
	char base[65];
	audit_row_hash(row, base);
	for (int i = 0; i < 11; i++) {
		const char *f[11];
		memcpy(f, row, sizeof(f));
		char changed[80];
		snprintf(changed, sizeof(changed), "%sx", row[i]);
		f[i] = changed;
		char h[65];
		audit_row_hash(f, h);
		if (strcmp(h, base) == 0)
			fail_msg("changing field %d did not change the hash", i);
		/* NULLing a field changes it too. */
		f[i] = NULL;
		audit_row_hash(f, h);
		if (strcmp(h, base) == 0)
			fail_msg("removing field %d did not change the hash", i);
	}
}

static void
test_fields_stay_apart(void **state)
{
	/* Moving text across a separator changes the hash. */
	const char *const a[11] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" };
	const char *const b[11] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "1", "011" };
	char ha[65], hb[65];
	audit_row_hash(a, ha);
	audit_row_hash(b, hb);
	assert_string_not_equal(ha, hb);
	char want[65];
	expected_hash("1|2|3|4|5|6|7|8|9|10|11", want);
	assert_string_equal(ha, want);
}

static void
test_long_fields(void **state)
{
	/* Nothing is truncated: a long action still hashes in full. */
	char action[3000];
	memset(action, 'a', sizeof(action) - 1);
	action[sizeof(action) - 1] = '\0';
	const char *f[11];
	memcpy(f, row, sizeof(f));
	f[6] = action;
	struct buf text;
	buf_init(&text, 0);
	buf_printf(&text, "17|2026-03-04 15:30:00|42|provider|1|7|%s|patient:7|success|203.0.113.9|%s",
		action, PREV);
	char got[65], want[65];
	audit_row_hash(f, got);
	expected_hash(text.data, want);
	buf_free(&text);
	assert_string_equal(got, want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_canonical_text),
		cmocka_unit_test(test_nulls_are_empty),
		cmocka_unit_test(test_every_field_counts),
		cmocka_unit_test(test_fields_stay_apart),
		cmocka_unit_test(test_long_fields),
	};
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
