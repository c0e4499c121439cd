/* Arenas: memory that lives until a reset, one per request, so that a
 * request frees everything it allocated in one step. */
#include "core.h"

#include <stdlib.h>
#include <string.h>

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

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
