/* Translations: templates/lang/<code>.hdf, one per language, loaded once per
 * process under "Lang" and handed to ClearSilver as the global data set, so
 * templates read <?cs var:Lang.login.title ?> and C code calls tr(). Both
 * files must have the same keys: a missing translation stops start-up. */
#include "base.h"

#include <ClearSilver.h>
#include <stdio.h>
#include <string.h>

static HDF *lang_root[LANG__MAX];

HDF *
i18n_root(enum lang lang)
{
	return lang_root[lang];
}

static void
collect_missing(HDF *node, const char *prefix, HDF *other, char *missing, size_t len, int *count)
{
	for (HDF *c = hdf_obj_child(node); c; c = hdf_obj_next(c)) {
		char name[256];
		snprintf(name, sizeof(name), "%s%s%s", prefix, prefix[0] ? "." : "", hdf_obj_name(c));
		if (hdf_obj_value(c) && hdf_get_value(other, name, NULL) == NULL) {
			if (*count < 5) {
				strncat(missing, " ", len - strlen(missing) - 1);
				strncat(missing, name, len - strlen(missing) - 1);
			}
			(*count)++;
		}
		collect_missing(c, name, other, missing, len, count);
	}
}

void
log_neo_error(NEOERR *err, const char *what)
{
	STRING s;
	string_init(&s);
	nerr_error_string(err, &s);
	log_error("%s: %s", what, s.buf ? s.buf : "error");
	string_clear(&s);
	nerr_ignore(&err);
}

int
i18n_load(const char *templates_dir)
{
	for (int l = 0; l < LANG__MAX; l++) {
		char path[4096];
		HDF *node;
		/* Loading again (a test does) replaces what was loaded. */
		if (lang_root[l])
			hdf_destroy(&lang_root[l]);
		NEOERR *err = hdf_init(&lang_root[l]);
		if (err == STATUS_OK)
			err = hdf_get_node(lang_root[l], "Lang", &node);
		snprintf(path, sizeof(path), "%s/lang/%s.hdf", templates_dir, lang_codes[l]);
		if (err == STATUS_OK)
			err = hdf_read_file(node, path);
		if (err != STATUS_OK) {
			char what[4200];
			snprintf(what, sizeof(what), "translations %s", path);
			log_neo_error(err, what);
			return -1;
		}
	}
	for (int l = 0; l < LANG__MAX; l++) {
		char missing[512] = "";
		int count = 0;
		for (int o = 0; o < LANG__MAX; o++)
			if (o != l)
				collect_missing(hdf_get_obj(lang_root[l], "Lang"), "",
					hdf_get_obj(lang_root[o], "Lang"), missing, sizeof(missing), &count);
		if (count) {
			log_error("translations: %d keys of %s.hdf are missing from the other languages:%s",
				count, lang_codes[l], missing);
			return -1;
		}
	}
	return 0;
}

const char *
i18n_find(enum lang lang, const char *key)
{
	HDF *n = lang_root[lang] ? hdf_get_obj(lang_root[lang], "Lang") : NULL;
	return n ? hdf_get_value(n, key, NULL) : NULL;
}

const char *
i18n_get(enum lang lang, const char *key)
{
	const char *v = i18n_find(lang, key);
	if (v == NULL) {
		log_error("no translation for '%s'", key);
		return key;
	}
	return v;
}

const char *
tr(struct req *r, const char *key)
{
	return i18n_get(r->lang, key);
}
