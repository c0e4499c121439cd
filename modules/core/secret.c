/* Files: secrets (database passwords, gateway tokens), read when needed and
 * wiped from memory after use, never logged; whole files read with a cap;
 * and lists read line by line. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *
secret_read(const char *path)
{
	if (path == NULL || *path == '\0')
		return NULL;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	/* A password or token fits in a line; a longer first line is cut here
	 * and then fails like a wrong one. */
	char line[512] = "";
	char *ok = fgets(line, sizeof(line), f);
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	char *s = ok ? strdup(line) : NULL;
	crypto_cleanse(line, sizeof(line));
	return s;
}

char *
file_read(const char *path, size_t max, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		return NULL;
	struct stat st;
	char *s = NULL;
	if (fstat(fileno(f), &st) == 0 && st.st_size >= 0 && (size_t)st.st_size <= max) {
		s = malloc((size_t)st.st_size + 1);
		if (s && fread(s, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
			free(s);
			s = NULL;
		}
	}
	fclose(f);
	if (s) {
		s[st.st_size] = '\0';
		if (len)
			*len = (size_t)st.st_size;
	}
	return s;
}

void
secret_free(char *secret)
{
	if (secret) {
		crypto_cleanse(secret, strlen(secret));
		free(secret);
	}
}

int
list_file_each(const char *path, const char *what, int (*each)(char *line, int lineno, void *arg), void *arg)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		log_error("cannot open the %s %s", what, path);
		return -1;
	}
	char line[512];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0' && line[0] != '#')
			rc = each(line, lineno, arg);
	}
	fclose(f);
	return rc;
}
