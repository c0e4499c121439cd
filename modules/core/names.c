/* The names of languages and roles, as stored and as written in URLs. */
#include "core.h"

#include <string.h>

const char *const lang_codes[LANG__MAX] = { "en", "es" };

const char *const role_names[ROLE__MAX] = {
	"patient", "provider", "nurse", "front_desk", "billing", "clinic_admin"
};

int
lang_from_code(const char *code)
{
	for (int i = 0; code && i < LANG__MAX; i++)
		if (strcmp(code, lang_codes[i]) == 0)
			return i;
	return -1;
}

int
role_from_name(const char *name)
{
	for (int i = 0; name && i < ROLE__MAX; i++)
		if (strcmp(name, role_names[i]) == 0)
			return i;
	return -1;
}
