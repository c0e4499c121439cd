/* The request object: its memory, what arrived with it (fields, files,
 * cookies, query parameters), and who asks. */
#include "base.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static oom_handler_fn oom_handler;

void
req_set_oom_handler(oom_handler_fn handler)
{
	oom_handler = handler;
}

_Noreturn void
req_out_of_memory(struct req *r)
{
	(void)r;
	if (oom_handler)
		oom_handler();
	abort();
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
req_vprintf(struct req *r, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	char *p = n < 0 ? NULL : req_alloc(r, (size_t)n + 1);
	if (p)
		vsnprintf(p, (size_t)n + 1, fmt, again);
	va_end(again);
	return p;
}

char *
req_printf(struct req *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = req_vprintf(r, fmt, ap);
	va_end(ap);
	return p ? p : req_strdup(r, "");
}

const struct field *
req_field(struct req *r, int key)
{
	static const struct field absent;
	if (key < 0 || (size_t)key >= r->nfields || r->fields == NULL)
		return &absent;
	return &r->fields[key];
}

size_t
req_files(struct req *r, const char *name, const struct upload **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < r->nbody_params && n < max; i++)
		if (r->body_params[i].file && strcmp(r->body_params[i].name, name) == 0)
			out[n++] = r->body_params[i].file;
	return n;
}

const char *
req_cookie(struct req *r, const char *name)
{
	const char *v;
	return r->cookie_header && parse_cookie(r->arena, r->cookie_header, name, &v) == 0 ? v : NULL;
}

const char *
req_query_param(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nquery_params; i++)
		if (strcmp(r->query_params[i].name, name) == 0)
			return r->query_params[i].value;
	return NULL;
}

const char *
req_body_param(struct req *r, const char *name)
{
	for (size_t i = 0; i < r->nbody_params; i++)
		if (strcmp(r->body_params[i].name, name) == 0 && r->body_params[i].file == NULL)
			return r->body_params[i].value;
	return NULL;
}

bool
req_is_staff(const struct req *r)
{
	return r->session && r->session->role != ROLE_PATIENT;
}

long long
req_patient(const struct req *r)
{
	return r->session ? r->session->patient_id : 0;
}

const char *
form_key(struct req *r)
{
	unsigned char raw[16];
	char *out = req_alloc(r, 2 * sizeof(raw) + 1);
	if (crypto_random(raw, sizeof(raw)) < 0)
		req_out_of_memory(r);
	crypto_hex(raw, sizeof(raw), out);
	return out;
}

/* portalctl and the daemons work through the same audit and database calls
 * as a page, so they get a request of their own: no FastCGI stream, an
 * arena, a clinic. */
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
