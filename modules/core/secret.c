/* Secrets kept in files (database passwords, gateway tokens): read when
 * needed, wiped from memory after use, never logged. */
#include "core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void
secret_free(char *secret)
{
	if (secret) {
		crypto_cleanse(secret, strlen(secret));
		free(secret);
	}
}
