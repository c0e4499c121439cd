/* The names of languages and roles, as stored and as written in URLs. */
#include "core.h"

#include <string.h>

const char *const lang_codes[LANG__MAX] = { "en", "es" };

const char *const role_names[ROLE__MAX] = {
	"patient", "provider", "nurse", "front_desk", "billing", "clinic_admin"
};

/* The index of name in a table of n names, or -1 (also for NULL). */
static int
index_of(const char *const *names, int n, const char *name)
{
	for (int i = 0; name && i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

int
lang_from_code(const char *code)
{
	return index_of(lang_codes, LANG__MAX, code);
}

int
role_from_name(const char *name)
{
	return index_of(role_names, ROLE__MAX, name);
}
