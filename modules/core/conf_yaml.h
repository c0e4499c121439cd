/*
 * The YAML reader behind the configuration, for the files of core/ that
 * read configuration (not for the rest of the library). A file is read into
 * a struct by a schema: a table of keys, each with a kind, a place in the
 * struct and its limits. Every problem is reported as "file:line: what".
 */
#ifndef PORTAL_CONF_YAML_H
#define PORTAL_CONF_YAML_H

#include "core.h"

#include <yaml.h>

enum ykind {
	YK_STR,        /* string, length min..max */
	YK_TEXT,       /* struct i18n_text: a string or {en: .., es: ..} */
	YK_BOOL,
	YK_INT,        /* min..max, into an int */
	YK_LONG,       /* min..max, into a long */
	YK_COLOR,      /* "#rrggbb" */
	YK_LANG,       /* enum lang */
	YK_LANGS,      /* list of languages into bool[LANG__MAX] */
	YK_HHMM,       /* "08:30" */
	YK_KEY,        /* [a-z0-9_-]{1,40} */
	YK_EMAIL,
	YK_PHRASES,    /* {en: [..], es: [..]} into struct phrase_list[LANG__MAX] */
	YK_KEYS,       /* [key, key, ...] into one struct phrase_list, min..max entries */
	YK_MAP,        /* nested keys of the same struct */
	YK_LIST        /* array of sub->size structs, count at count_off */
};

struct yschema;

struct ykey {
	const char *name;
	enum ykind kind;
	size_t off;
	bool required;
	long long min, max;
	const struct yschema *sub;
	size_t count_off;
};

struct yschema {
	const char *what;
	const struct ykey *keys;
	size_t nkeys;
	size_t size;
};

#define SCHEMA(what, type, keys) { what, keys, sizeof(keys) / sizeof(keys[0]), sizeof(type) }

struct yctx {
	const char *file;
	yaml_document_t *doc;
	char *err;
	size_t errlen;
	bool failed;
};

/* The first problem of a file, "file:line: message" (later ones are
 * dropped: the first is the one to fix). */
void yconf_error(struct yctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
const char *yconf_scalar(const yaml_node_t *n);
char *yconf_strdup(const char *s);     /* aborts when out of memory: start-up only */
void yconf_read_map(struct yctx *c, yaml_node_t *map, const struct yschema *s, char *base, const char *prefix);
void yconf_free_fields(const struct yschema *s, char *base);
/* Loads a YAML file whose top is a map; 0, or -1 with err filled. */
int yconf_load(const char *path, yaml_document_t *doc, char *err, size_t errlen);
bool yconf_has_key(yaml_document_t *doc, yaml_node_t *map, const char *key);
/* The node of key (or of key[index].sub) in a map, for the line of a
 * problem found after reading; the map itself when it is not there. */
yaml_node_t *yconf_at(struct yctx *c, yaml_node_t *map, const char *key, size_t index, const char *sub);
/* A text given in one language only is shown in it in the other. */
void yconf_fill_languages(struct i18n_text *t);

/* Cross-checks that a schema cannot express (conf_check.c). */
void conf_check_clinic(struct yctx *c, struct clinic *cl, yaml_node_t *root);
void conf_check_urls(struct yctx *c, yaml_node_t *root, const struct portal_conf *pc);

#endif
