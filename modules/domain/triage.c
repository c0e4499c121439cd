/* Triage of patients' messages: a list of urgent phrases per language (see
 * conf/urgent-phrases.txt) plus each clinic's own. Text and phrases are
 * folded the same way (lower case, no accents, no punctuation, one space
 * between words) and a phrase matches whole words only. */
#include "domain.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct phrase {
	char *folded;          /* " chest pain " */
	unsigned category;
};

static struct phrase *phrases;
static size_t nphrases;

/* Latin letters with accents, as UTF-8 pairs, and their plain letter. */
static char
unaccent(unsigned char lead, unsigned char trail)
{
	static const char from[] = "\xa0\xa1\xa2\xa3\xa4\xa8\xa9\xaa\xab\xac\xad\xae\xaf\xb2\xb3\xb4\xb5\xb6"
		"\xb9\xba\xbb\xbc\xb1\xa7\x80\x81\x82\x83\x84\x88\x89\x8a\x8b\x8c\x8d\x8e\x8f\x92\x93\x94\x95\x96"
		"\x99\x9a\x9b\x9c\x91\x87";
	static const char to[] = "aaaaaeeeeiiiioooooouuuuncaaaaaeeeeiiiioooooouuuunc";
	if (lead != 0xc3)
		return 0;
	const char *p = memchr(from, trail, sizeof(from) - 1);
	return p ? to[p - from] : 0;
}

/* " word word " into out (at most outlen - 1 bytes). */
static void
fold(const char *in, char *out, size_t outlen)
{
	size_t o = 0;
	bool space = true;
	if (outlen < 3)
		return;
	out[o++] = ' ';
	for (const unsigned char *p = (const unsigned char *)in; *p && o + 2 < outlen; p++) {
		char c = 0;
		if (*p < 0x80) {
			if (isalnum(*p))
				c = (char)tolower(*p);
			else if (*p == '\'')
				continue;              /* can't = cant */
		} else if (p[1]) {
			/* ’ (U+2019) is an apostrophe too. */
			if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99) {
				p += 2;
				continue;
			}
			c = unaccent(p[0], p[1]);
			if (c)
				p++;
		}
		if (c) {
			out[o++] = c;
			space = false;
		} else if (!space) {
			out[o++] = ' ';
			space = true;
		}
	}
	if (!space)
		out[o++] = ' ';
	out[o] = '\0';
}

static int
add_phrase(const char *text, unsigned category)
{
	char buf[256];
	fold(text, buf, sizeof(buf));
	if (strlen(buf) < 3)
		return 0;
	struct phrase *np = realloc(phrases, (nphrases + 1) * sizeof(*np));
	if (np == NULL)
		return -1;
	phrases = np;
	phrases[nphrases].folded = strdup(buf);
	phrases[nphrases].category = category;
	if (phrases[nphrases].folded == NULL)
		return -1;
	nphrases++;
	return 0;
}

/* One line of the list, "language 911|988 phrase"; arg is the list's path. */
static int
add_listed_phrase(char *line, int lineno, void *arg)
{
	char lang[8], cat[8];
	int off = 0;
	if (sscanf(line, "%7s %7s %n", lang, cat, &off) != 2 || lang_from_code(lang) < 0 ||
	    (strcmp(cat, "911") != 0 && strcmp(cat, "988") != 0) || line[off] == '\0') {
		log_error("%s:%d: expected 'language 911|988 phrase'", (const char *)arg, lineno);
		return -1;
	}
	return add_phrase(line + off, strcmp(cat, "988") == 0 ? TRIAGE_CRISIS : TRIAGE_EMERGENCY);
}

int
triage_load(const char *path)
{
	return list_file_each(path, "urgent-phrase list", add_listed_phrase, (void *)path);
}

unsigned
triage_check(const struct clinic *c, const char *text)
{
	size_t len = strlen(text);
	char *folded = malloc(len + 3);
	if (folded == NULL)
		return TRIAGE_EMERGENCY;   /* when unsure, err towards urgent */
	fold(text, folded, len + 3);
	unsigned found = 0;
	for (size_t i = 0; i < nphrases; i++)
		if (strstr(folded, phrases[i].folded))
			found |= phrases[i].category;
	for (int l = 0; c && l < LANG__MAX; l++)
		for (size_t i = 0; i < c->urgent_phrases[l].n; i++) {
			char p[256];
			fold(c->urgent_phrases[l].items[i], p, sizeof(p));
			if (strlen(p) > 2 && strstr(folded, p))
				found |= TRIAGE_EMERGENCY;
		}
	free(folded);
	return found;
}
