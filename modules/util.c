/* Request memory, growable buffers, names of enums, and the error log. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *const lang_codes[LANG__MAX] = { "en", "es" };

const char *const role_names[ROLE__MAX] = {
	"patient", "provider", "nurse", "front_desk", "billing", "clinic_admin"
};

const char *const feature_names[FEATURE__MAX] = {
	"messages", "appointments", "results", "record", "refills", "billing", "forms"
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

/* ---------------------------------------------------------------- arena */

/* Most pages need a few KiB; bodies with uploads get a chunk of their own. */
#define ARENA_CHUNK (64 * 1024)

struct chunk {
	struct chunk *next;
	size_t used, cap;
	_Alignas(16) unsigned char data[];
};

struct arena {
	struct chunk *head;
	struct chunk *first;
};

static struct chunk *
chunk_new(size_t cap)
{
	struct chunk *c = malloc(sizeof(*c) + cap);
	if (c == NULL)
		return NULL;
	c->next = NULL;
	c->used = 0;
	c->cap = cap;
	return c;
}

struct arena *
arena_new(void)
{
	struct arena *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->first = a->head = chunk_new(ARENA_CHUNK);
	if (a->first == NULL) {
		free(a);
		return NULL;
	}
	return a;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	/* Rounding up, or the chunk header, must not wrap a huge size around. */
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (a->head->cap - a->head->used < n) {
		struct chunk *c = chunk_new(n > ARENA_CHUNK ? n : ARENA_CHUNK);
		if (c == NULL)
			return NULL;
		c->next = a->head;
		a->head = c;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	return p;
}

void
arena_reset(struct arena *a)
{
	while (a->head != a->first) {
		struct chunk *next = a->head->next;
		free(a->head);
		a->head = next;
	}
	a->first->used = 0;
}

void
arena_free(struct arena *a)
{
	if (a == NULL)
		return;
	arena_reset(a);
	free(a->first);
	free(a);
}

void *
req_alloc(struct req *r, size_t n)
{
	void *p = arena_alloc(r->arena, n);
	if (p == NULL) {
		/* Unwinds to the request loop, which answers 500 and lives on. */
		log_error("out of memory allocating %zu bytes", n);
		req_out_of_memory(r);
	}
	return p;
}

char *
req_strndup(struct req *r, const char *s, size_t n)
{
	char *p = req_alloc(r, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
req_strdup(struct req *r, const char *s)
{
	return s ? req_strndup(r, s, strlen(s)) : NULL;
}

char *
req_printf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return req_strdup(r, "");
	char *p = req_alloc(r, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* --------------------------------------------------------------- buffer */

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	if (b->failed)
		return -1;
	if (b->max && b->len + n > b->max) {
		b->failed = true;
		return -1;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (d == NULL) {
			b->failed = true;
			return -1;
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return buf_append(b, small, (size_t)n);
	char *big = malloc((size_t)n + 1);
	if (big == NULL)
		return -1;
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	int rc = buf_append(b, big, (size_t)n);
	free(big);
	return rc;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------------ log */

/* Goes to stderr, which the process supervisor writes to var/log. Callers
 * never pass health data, form values or tokens: only names and codes. */
void
log_error(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s[%d]: %s\n",
		current_app && current_app->name ? current_app->name : "portal",
		(int)getpid(), line);
}

/* ------------------------------------------------------- CLI requests */

/* portalctl works through the same audit and database calls as a page,
 * so it gets a request of its own: no FastCGI stream, an arena, a clinic. */
struct req *
req_cli_new(const struct clinic *clinic)
{
	struct req *r = calloc(1, sizeof(*r));
	if (r == NULL)
		return NULL;
	r->arena = arena_new();
	if (r->arena == NULL) {
		free(r);
		return NULL;
	}
	r->clinic = clinic;
	r->client_ip = "portalctl";
	r->lang = clinic ? clinic->default_lang : LANG_EN;
	r->path = "";
	r->subpath = "";
	r->query = "";
	return r;
}

void
req_cli_free(struct req *r)
{
	if (r == NULL)
		return;
	arena_free(r->arena);
	free(r);
}
