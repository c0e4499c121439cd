/*
 * Prints what the build, scripts/stack and nginx need to know of the
 * features declared in cgi-bin/features.c, so that the declaration is the
 * only place a feature is named. Built as build/features by the Makefile.
 *
 *   build/features make                  the Makefile's program lists and extra libraries
 *   build/features pools                 "name kind workers": what scripts/stack runs
 *   build/features nginx SOCKDIR ZONE BURST
 *                                        the FastCGI locations of an nginx server block
 *   build/features list                  a table for people
 */
#include "portal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = { "web", "daemon", "tool" };

struct location {
	const struct program_def *program;
	const struct location_def *def;
};

static void
print_make(void)
{
	for (int kind = PROGRAM_WEB; kind <= PROGRAM_TOOL; kind++) {
		printf("%s :=", kind == PROGRAM_WEB ? "WEB_PROGRAMS" : kind == PROGRAM_DAEMON ? "DAEMONS" : "TOOLS");
		for (size_t f = 0; f < portal_nfeatures; f++)
			for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
				if ((int)p->kind == kind)
					printf(" %s", p->name);
		printf("\n");
	}
	for (size_t f = 0; f < portal_nfeatures; f++)
		for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
			if (p->libs)
				printf("LIBS_%s := %s\n", p->name, p->libs);
}

static void
print_pools(void)
{
	for (size_t f = 0; f < portal_nfeatures; f++)
		for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
			if (p->kind != PROGRAM_TOOL)
				printf("%s %s %d\n", p->name, kind_names[p->kind], p->workers);
}

/* Longer prefixes first (nginx tries regex locations in order, and
 * "staff/messages" must win over "staff"); "" last. */
static int
by_specificity(const void *a, const void *b)
{
	const struct location *x = a, *y = b;
	size_t lx = strlen(x->def->path), ly = strlen(y->def->path);
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->def->path, y->def->path);
}

static int
print_nginx(const char *sockdir, const char *zone, const char *burst)
{
	struct location all[128];
	size_t n = 0;
	for (size_t f = 0; f < portal_nfeatures; f++)
		for (const struct program_def *p = portal_features[f].programs; p && p->name; p++)
			for (const struct location_def *l = p->locations; l && l->path; l++) {
				if (n == sizeof(all) / sizeof(all[0]))
					return -1;
				all[n++] = (struct location){ p, l };
			}
	qsort(all, n, sizeof(all[0]), by_specificity);
	printf("    # Made from cgi-bin/features.c by scripts/features.c: one location a URL\n"
		"    # prefix, the longest first. No fastcgi_keep_conn: a single-threaded\n"
		"    # worker would stick to one idle nginx connection.\n");
	for (size_t i = 0; i < n; i++) {
		const char *path = all[i].def->path;
		size_t len = strlen(path);
		bool exact = len > 0 && path[len - 1] == '$';
		if (len == 0)
			printf("    location ~ ^/[a-z0-9_-]+/ {\n");
		else if (exact)
			printf("    location ~ ^/[a-z0-9_-]+/%.*s/?$ {\n", (int)(len - 1), path);
		else
			printf("    location ~ ^/[a-z0-9_-]+/%s(/|$) {\n", path);
		if (all[i].def->signin_limit)
			printf("        limit_req zone=%s burst=%s nodelay;\n        limit_req_status 429;\n", zone, burst);
		if (all[i].def->body_mb)
			printf("        client_max_body_size %dm;\n", all[i].def->body_mb);
		printf("        include /etc/nginx/fastcgi_params;\n"
			"        fastcgi_pass unix:%s/%s.sock;\n    }\n", sockdir, all[i].program->name);
	}
	return 0;
}

static void
print_list(void)
{
	for (size_t f = 0; f < portal_nfeatures; f++) {
		const struct feature_def *fd = &portal_features[f];
		printf("%s: %s\n", fd->key ? fd->key : "(always on)", fd->about ? fd->about : "");
		for (const struct program_def *p = fd->programs; p && p->name; p++) {
			printf("  %-12s %-6s", p->name, kind_names[p->kind]);
			for (const struct location_def *l = p->locations; l && l->path; l++)
				printf(" /<clinic>/%s", l->path);
			printf("\n");
		}
	}
}

int
main(int argc, char **argv)
{
	const char *verb = argc > 1 ? argv[1] : "";
	if (strcmp(verb, "make") == 0 && argc == 2)
		print_make();
	else if (strcmp(verb, "pools") == 0 && argc == 2)
		print_pools();
	else if (strcmp(verb, "nginx") == 0 && argc == 5)
		return print_nginx(argv[2], argv[3], argv[4]) == 0 ? 0 : 1;
	else if (strcmp(verb, "list") == 0 && argc == 2)
		print_list();
	else {
		fprintf(stderr, "usage: %s make | pools | nginx SOCKDIR ZONE BURST | list\n", argv[0]);
		return 2;
	}
	return 0;
}
