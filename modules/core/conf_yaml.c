/* The YAML reader of the configuration: libyaml's document loader, then a
 * walk of each map against its schema (conf_yaml.h). Unknown keys are
 * errors, so a typo never silently falls back to a default. */
#include "conf_yaml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
yconf_error(struct yctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	if (c->failed)
		return;        /* the first problem is the one to fix */
	c->failed = true;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(c->err, c->errlen, "%s:%lu: %s", c->file,
		n ? (unsigned long)n->start_mark.line + 1 : 1UL, msg);
}

const char *
yconf_scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

char *
yconf_strdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		abort();       /* start-up only: nothing to serve without config */
	return p;
}

static int
check_len(struct yctx *c, const yaml_node_t *n, const char *path, const char *s,
	long long min, long long max)
{
	if (valid_utf8_text(s, strlen(s), min ? min : 0, max ? max : 10000, false) < 0) {
		yconf_error(c, n, "%s: expected text of %lld to %lld characters", path, min, max ? max : 10000);
		return -1;
	}
	return 0;
}

/* A key of the configuration: lower-case letters, digits, '-' or '_', at
 * most 40 of them. */
static bool
is_key(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n >= 1 && n <= 40 && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

static void
replace_string(char **field, const char *s)
{
	free(*field);
	*field = yconf_strdup(s);
}

/* The number of items of a sequence node; 0 for any other node. */
static size_t
seq_len(const yaml_node_t *v)
{
	return v->type == YAML_SEQUENCE_NODE ? (size_t)(v->data.sequence.items.top - v->data.sequence.items.start) : 0;
}

static yaml_node_t *
seq_item(struct yctx *c, const yaml_node_t *v, size_t i)
{
	return yaml_document_get_node(c->doc, v->data.sequence.items.start[i]);
}

/* Room for n strings (aborts when out of memory: start-up only). */
static void
phrase_list_alloc(struct phrase_list *l, size_t n)
{
	l->items = calloc(n ? n : 1, sizeof(char *));
	if (l->items == NULL)
		abort();
}

static void
phrase_list_free(struct phrase_list *l)
{
	for (size_t j = 0; j < l->n; j++)
		free(l->items[j]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

/* The language a node names (a key of a map of texts, an item of a list of
 * languages), or -1, reported. */
static int
language_of(struct yctx *c, const yaml_node_t *n, const char *path)
{
	int l = lang_from_code(yconf_scalar(n));
	if (l < 0)
		yconf_error(c, n, "%s: '%s' is not a language of the portal (en, es)", path,
			yconf_scalar(n) ? yconf_scalar(n) : "?");
	return l;
}

/* Reads the value of one language in a map of values per language. */
typedef void lang_value_reader(struct yctx *c, yaml_node_t *v, const struct ykey *k, void *field, enum lang l,
	const char *path);

/* A map of one value per language ({en: ..., es: ...}), read value by
 * value in the order of the file until the first problem (reported);
 * expected says what the value should have been when it is not a map. */
static void
read_per_language(struct yctx *c, yaml_node_t *v, const struct ykey *k, void *field, const char *path,
	const char *expected, lang_value_reader *read_one)
{
	if (v->type != YAML_MAPPING_NODE) {
		yconf_error(c, v, "%s: expected %s", path, expected);
		return;
	}
	for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top && !c->failed; p++) {
		int l = language_of(c, yaml_document_get_node(c->doc, p->key), path);
		if (l < 0)
			return;
		read_one(c, yaml_document_get_node(c->doc, p->value), k, field, (enum lang)l, path);
	}
}

/* YK_TEXT given per language: one language's text. */
static void
read_text_in(struct yctx *c, yaml_node_t *v, const struct ykey *k, void *field, enum lang l, const char *path)
{
	struct i18n_text *t = field;
	const char *sv = yconf_scalar(v);
	if (sv == NULL || check_len(c, v, path, sv, k->min ? k->min : 1, k->max) < 0) {
		yconf_error(c, v, "%s.%s: expected text", path, lang_codes[l]);
		return;
	}
	replace_string(&t->v[l], sv);
}

/* YK_PHRASES: one language's list of phrases. */
static void
read_phrases_in(struct yctx *c, yaml_node_t *v, const struct ykey *k, void *field, enum lang l, const char *path)
{
	struct phrase_list *list = &((struct phrase_list *)field)[l];
	size_t n = seq_len(v);
	if (v->type != YAML_SEQUENCE_NODE || (long long)n > k->max) {
		yconf_error(c, v, "%s.%s: expected a list of at most %lld phrases", path, lang_codes[l], k->max);
		return;
	}
	/* A language given twice: the last list counts, as with texts. */
	phrase_list_free(list);
	phrase_list_alloc(list, n);
	for (size_t i = 0; i < n; i++) {
		yaml_node_t *in = seq_item(c, v, i);
		const char *iv = yconf_scalar(in);
		if (iv == NULL || valid_utf8_text(iv, strlen(iv), 2, 80, false) < 0) {
			yconf_error(c, in, "%s.%s: expected phrases of 2 to 80 characters", path, lang_codes[l]);
			return;
		}
		list->items[list->n++] = yconf_strdup(iv);
	}
}

static void
read_value(struct yctx *c, yaml_node_t *v, const struct ykey *k, char *base, const char *path)
{
	void *field = base + k->off;
	const char *sv = yconf_scalar(v);
	const char *got = sv ? sv : "(not a value)";
	switch (k->kind) {
	case YK_STR:
		if (sv == NULL || sv[0] == '\0') {
			yconf_error(c, v, "%s: expected a text value", path);
			return;
		}
		if (check_len(c, v, path, sv, k->min, k->max) < 0)
			return;
		replace_string(field, sv);
		return;
	case YK_TEXT: {
		struct i18n_text *t = field;
		if (sv) {
			if (check_len(c, v, path, sv, k->min ? k->min : 1, k->max) < 0)
				return;
			for (int l = 0; l < LANG__MAX; l++)
				replace_string(&t->v[l], sv);
			return;
		}
		read_per_language(c, v, k, field, path, "text, or one text per language (en: ..., es: ...)", read_text_in);
		if (!c->failed && t->v[LANG_EN] == NULL && t->v[LANG_ES] == NULL)
			yconf_error(c, v, "%s: give the text in at least one language", path);
		return;
	}
	case YK_BOOL:
		if (sv && (strcmp(sv, "true") == 0 || strcmp(sv, "on") == 0 || strcmp(sv, "yes") == 0))
			*(bool *)field = true;
		else if (sv && (strcmp(sv, "false") == 0 || strcmp(sv, "off") == 0 || strcmp(sv, "no") == 0))
			*(bool *)field = false;
		else
			yconf_error(c, v, "%s: expected true or false, got '%s'", path, got);
		return;
	case YK_INT:
	case YK_LONG: {
		long long x;
		if (sv == NULL || valid_int(sv, k->min, k->max, &x) < 0) {
			yconf_error(c, v, "%s: expected a whole number from %lld to %lld, got '%s'", path,
				k->min, k->max, got);
			return;
		}
		if (k->kind == YK_LONG)
			*(long *)field = (long)x;
		else
			*(int *)field = (int)x;
		return;
	}
	case YK_COLOR: {
		bool ok = sv && strlen(sv) == 7 && sv[0] == '#' && strspn(sv + 1, "0123456789abcdefABCDEF") == 6;
		if (!ok) {
			yconf_error(c, v, "%s: expected a colour like \"#0b5d7a\", got '%s'", path, got);
			return;
		}
		replace_string(field, sv);
		return;
	}
	case YK_LANG: {
		int l = lang_from_code(sv);
		if (l < 0) {
			yconf_error(c, v, "%s: expected a language code (en or es), got '%s'", path, got);
			return;
		}
		*(enum lang *)field = (enum lang)l;
		return;
	}
	case YK_LANGS: {
		bool *offered = field;
		size_t n = seq_len(v);
		if (n == 0) {
			yconf_error(c, v, "%s: expected a list of language codes, like [en, es]", path);
			return;
		}
		for (size_t i = 0; i < n; i++) {
			int l = language_of(c, seq_item(c, v, i), path);
			if (l < 0)
				return;
			offered[l] = true;
		}
		return;
	}
	case YK_HHMM: {
		bool ok = sv && strlen(sv) == 5 && sv[2] == ':' &&
			sv[0] >= '0' && sv[0] <= '2' && sv[1] >= '0' && sv[1] <= '9' &&
			sv[3] >= '0' && sv[3] <= '5' && sv[4] >= '0' && sv[4] <= '9' &&
			(sv[0] - '0') * 10 + (sv[1] - '0') < 24;
		if (!ok) {
			yconf_error(c, v, "%s: expected a time like \"08:30\", got '%s'", path, got);
			return;
		}
		replace_string(field, sv);
		return;
	}
	case YK_KEY:
		if (!is_key(sv)) {
			yconf_error(c, v, "%s: expected a key of lower-case letters, digits, '-' or '_' (at most 40), got '%s'",
				path, got);
			return;
		}
		replace_string(field, sv);
		return;
	case YK_EMAIL:
		if (sv == NULL || valid_email(sv) < 0) {
			yconf_error(c, v, "%s: expected an email address, got '%s'", path, got);
			return;
		}
		replace_string(field, sv);
		return;
	case YK_PHRASES:
		read_per_language(c, v, k, field, path, "lists per language, like en: [\"chest pain\"]", read_phrases_in);
		return;
	case YK_KEYS: {
		struct phrase_list *list = field;
		size_t n = seq_len(v);
		if (v->type != YAML_SEQUENCE_NODE || (long long)n < k->min || (long long)n > k->max) {
			yconf_error(c, v, "%s: expected a list of %lld to %lld keys, like [a, b]", path, k->min, k->max);
			return;
		}
		phrase_list_alloc(list, n);
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *in = seq_item(c, v, i);
			const char *iv = yconf_scalar(in);
			if (!is_key(iv)) {
				yconf_error(c, in, "%s: expected keys of lower-case letters, digits, '-' or '_', got '%s'", path,
					iv ? iv : "(not a value)");
				return;
			}
			list->items[list->n++] = yconf_strdup(iv);
		}
		return;
	}
	case YK_MAP:
		if (v->type != YAML_MAPPING_NODE) {
			yconf_error(c, v, "%s: expected a map of settings", path);
			return;
		}
		yconf_read_map(c, v, k->sub, base, path);
		return;
	case YK_LIST: {
		if (v->type != YAML_SEQUENCE_NODE) {
			yconf_error(c, v, "%s: expected a list", path);
			return;
		}
		size_t n = seq_len(v);
		if ((long long)n < k->min || (long long)n > k->max) {
			yconf_error(c, v, "%s: expected %lld to %lld entries, found %zu", path, k->min, k->max, n);
			return;
		}
		char *arr = calloc(n ? n : 1, k->sub->size);
		if (arr == NULL)
			abort();
		*(void **)field = arr;
		*(size_t *)(base + k->count_off) = n;
		for (size_t i = 0; i < n; i++) {
			yaml_node_t *in = seq_item(c, v, i);
			char sub[256];
			snprintf(sub, sizeof(sub), "%.200s[%zu]", path, i + 1);
			if (in->type != YAML_MAPPING_NODE) {
				yconf_error(c, in, "%s: expected a map of settings", sub);
				return;
			}
			yconf_read_map(c, in, k->sub, arr + i * k->sub->size, sub);
		}
		return;
	}
	}
}

void
yconf_read_map(struct yctx *c, yaml_node_t *map, const struct yschema *s, char *base, const char *prefix)
{
	bool seen[64] = { false };
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *kn = yaml_document_get_node(c->doc, p->key);
		yaml_node_t *vn = yaml_document_get_node(c->doc, p->value);
		const char *key = yconf_scalar(kn);
		size_t i;
		for (i = 0; key && i < s->nkeys; i++)
			if (strcmp(s->keys[i].name, key) == 0)
				break;
		char path[256];
		snprintf(path, sizeof(path), "%.200s%s%.50s", prefix, prefix[0] ? "." : "", key ? key : "?");
		if (key == NULL || i == s->nkeys) {
			char known[600] = "";
			for (size_t j = 0; j < s->nkeys; j++) {
				strncat(known, j ? ", " : "", sizeof(known) - strlen(known) - 1);
				strncat(known, s->keys[j].name, sizeof(known) - strlen(known) - 1);
			}
			yconf_error(c, kn, "unknown setting '%s' (known here: %s)", path, known);
			return;
		}
		if (seen[i]) {
			yconf_error(c, kn, "'%s' is given twice", path);
			return;
		}
		seen[i] = true;
		read_value(c, vn, &s->keys[i], base, path);
		if (c->failed)
			return;
	}
	for (size_t i = 0; i < s->nkeys; i++)
		if (s->keys[i].required && !seen[i]) {
			yconf_error(c, map, "missing setting '%s%s%s'", prefix, prefix[0] ? "." : "", s->keys[i].name);
			return;
		}
}

void
yconf_free_fields(const struct yschema *s, char *base)
{
	for (size_t i = 0; i < s->nkeys; i++) {
		const struct ykey *k = &s->keys[i];
		switch (k->kind) {
		case YK_STR: case YK_COLOR: case YK_HHMM: case YK_KEY: case YK_EMAIL:
			free(*(char **)(base + k->off));
			*(char **)(base + k->off) = NULL;
			break;
		case YK_TEXT:
			for (int l = 0; l < LANG__MAX; l++) {
				free(((struct i18n_text *)(base + k->off))->v[l]);
				((struct i18n_text *)(base + k->off))->v[l] = NULL;
			}
			break;
		case YK_PHRASES:
			for (int l = 0; l < LANG__MAX; l++)
				phrase_list_free(&((struct phrase_list *)(base + k->off))[l]);
			break;
		case YK_KEYS:
			phrase_list_free((struct phrase_list *)(base + k->off));
			break;
		case YK_MAP:
			yconf_free_fields(k->sub, base);
			break;
		case YK_LIST: {
			char *arr = *(char **)(base + k->off);
			size_t n = *(size_t *)(base + k->count_off);
			for (size_t j = 0; arr && j < n; j++)
				yconf_free_fields(k->sub, arr + j * k->sub->size);
			free(arr);
			*(char **)(base + k->off) = NULL;
			break;
		}
		default:
			break;
		}
	}
}

int
yconf_load(const char *path, yaml_document_t *doc, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_t parser;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int ok = yaml_parser_load(&parser, doc);
	if (!ok) {
		snprintf(err, errlen, "%s:%lu: YAML syntax: %s%s%s", path,
			(unsigned long)(parser.problem_mark.line + 1),
			parser.problem ? parser.problem : "unreadable",
			parser.context ? " " : "", parser.context ? parser.context : "");
	}
	yaml_parser_delete(&parser);
	fclose(f);
	if (!ok)
		return -1;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (root == NULL || root->type != YAML_MAPPING_NODE) {
		snprintf(err, errlen, "%s:1: expected a map of settings at the top", path);
		yaml_document_delete(doc);
		return -1;
	}
	return 0;
}

bool
yconf_has_key(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++)
		if (yconf_scalar(yaml_document_get_node(doc, p->key)) &&
		    strcmp(yconf_scalar(yaml_document_get_node(doc, p->key)), key) == 0)
			return true;
	return false;
}

yaml_node_t *
yconf_at(struct yctx *c, yaml_node_t *map, const char *key, size_t index, const char *sub)
{
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(c->doc, p->key);
		if (yconf_scalar(k) == NULL || strcmp(yconf_scalar(k), key) != 0)
			continue;
		yaml_node_t *v = yaml_document_get_node(c->doc, p->value);
		if (sub == NULL)
			return v;
		if (v->type == YAML_SEQUENCE_NODE &&
		    index < (size_t)(v->data.sequence.items.top - v->data.sequence.items.start)) {
			yaml_node_t *item = yaml_document_get_node(c->doc, v->data.sequence.items.start[index]);
			return item->type == YAML_MAPPING_NODE ? yconf_at(c, item, sub, 0, NULL) : item;
		}
		return v;
	}
	return map;
}


void
yconf_fill_languages(struct i18n_text *t)
{
	for (int l = 0; l < LANG__MAX; l++)
		if (t->v[l] == NULL)
			for (int o = 0; o < LANG__MAX; o++)
				if (t->v[o]) {
					t->v[l] = yconf_strdup(t->v[o]);
					break;
				}
}
