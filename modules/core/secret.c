/* Files: secrets (database passwords, gateway tokens), read when needed and
 * wiped from memory after use, never logged; and whole files read with a cap. */
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
