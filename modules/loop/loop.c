/*
 * The request loop. The only module that reads raw FastCGI input.
 *
 * Life of a request: accept -> parse -> resolve clinic -> route -> feature
 * on for this clinic? -> session -> role/scope -> CSRF on POST -> handler ->
 * response -> free the request's memory.
 */
#include "../portal.h"

#include <fcgiapp.h>
#include <malloc.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static jmp_buf oom_jump;
static bool oom_armed;
/* The clinic switch of this program's feature (-1: always on). */
static int program_feature = -1;

static _Noreturn void
out_of_memory(void)
{
	if (oom_armed)
		longjmp(oom_jump, 1);
	abort();
}

static const char *
param(FCGX_Request *fr, const char *name)
{
	const char *v = FCGX_GetParam(name, fr->envp);
	return v ? v : "";
}

static int
fcgx_read(void *ctx, char *buf, int n)
{
	return FCGX_GetStr(buf, n, ((FCGX_Request *)ctx)->in);
}

static int
fcgx_write(void *ctx, const void *data, size_t len)
{
	return FCGX_PutStr(data, (int)len, ((FCGX_Request *)ctx)->out) < 0 ? -1 : 0;
}

static bool
slug_ok(const char *s, size_t n)
{
	if (n == 0 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_'))
			return false;
	return true;
}

/* Reads the body within the limits; 0, or the status to answer with. */
static int
read_body(struct req *r, const struct http_input *in)
{
	const struct portal_conf *pc = portal_conf;
	long body_max = r->route->body_max ? r->route->body_max : pc->body_max;
	const char *cl = in->content_length ? in->content_length : "";
	const char *ct = in->content_type ? in->content_type : "";
	long long len = 0;
	if (*cl && valid_int(cl, 0, 1LL << 40, &len) < 0)
		return 400;
	if (len > body_max)
		return 413;
	if (len == 0)
		return 0;
	char *body = req_alloc(r, (size_t)len + 1);
	long long got = 0;
	while (got < len) {
		int n = in->read ? in->read(in->ctx, body + got, (int)(len - got)) : 0;
		if (n <= 0)
			break;
		got += n;
	}
	if (got != len)
		return 400;
	body[len] = '\0';
	/* A route with its own body limit checks each file itself, so that a
	 * file too large gets a message on the form rather than a 413 page. */
	struct parse_limits lim = { body_max, pc->fields_max, pc->field_max,
		r->route->body_max ? body_max : pc->upload_max };
	enum parse_result pr;
	if (strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0)
		pr = parse_urlencoded(r->arena, body, (size_t)len, &lim, &r->body_params, &r->nbody_params);
	else if (strncasecmp(ct, "multipart/form-data", 19) == 0)
		pr = parse_multipart(r->arena, body, (size_t)len, ct, &lim, &r->body_params, &r->nbody_params);
	else
		return 400;
	return pr == PARSE_OK ? 0 : pr == PARSE_TOO_LARGE ? 413 : 400;
}

/* Fills r->fields from the body (POST) or the query (GET). */
static int
validate_fields(struct req *r)
{
	const struct app *app = r->app;
	r->field_defs = app->fields;
	r->nfields = app->nfields;
	r->fields = req_alloc(r, (app->nfields ? app->nfields : 1) * sizeof(struct field));
	memset(r->fields, 0, (app->nfields ? app->nfields : 1) * sizeof(struct field));
	const struct param *ps = r->method == HTTP_POST ? r->body_params : r->query_params;
	size_t n = r->method == HTTP_POST ? r->nbody_params : r->nquery_params;
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < app->nfields; k++) {
			const struct field_def *def = &app->fields[k];
			if (strcmp(def->name, ps[i].name) != 0 || r->fields[k].present)
				continue;
			if (def->type == FIELD_FILE) {
				r->fields[k].present = true;
				r->fields[k].raw = ps[i].value;
				if (ps[i].file) {
					r->fields[k].file = ps[i].file;
					r->fields[k].valid = true;
				}
			} else if (ps[i].file == NULL) {
				/* Text must not hide a NUL: the parser refuses those. */
				form_check(r, def, ps[i].value, &r->fields[k]);
			}
		}
	}
	/* Fields that come from the address even on a POST. */
	for (size_t k = 0; r->method == HTTP_POST && k < app->nfields; k++) {
		const char *v = app->fields[k].from_query ? req_query_param(r, app->fields[k].name) : NULL;
		if (v)
			form_check(r, &app->fields[k], v, &r->fields[k]);
	}
	return 0;
}

static const char *
or_empty(const char *s)
{
	return s ? s : "";
}

static int
handle(struct req *r, const struct http_input *in)
{
	const struct app *app = r->app;
	const char *method = or_empty(in->method);
	r->method = strcmp(method, "GET") == 0 ? HTTP_GET : strcmp(method, "POST") == 0 ? HTTP_POST :
		strcmp(method, "HEAD") == 0 ? HTTP_HEAD : HTTP_OTHER;
	r->path = or_empty(in->path);
	r->query = or_empty(in->query);
	r->client_ip = or_empty(in->remote_addr);
	r->cookie_header = or_empty(in->cookie);
	r->lang = LANG_EN;

	/* The query first: ?lang= applies even to error pages. */
	struct parse_limits qlim = { 0, portal_conf->fields_max, portal_conf->field_max, 0 };
	if (parse_urlencoded(r->arena, r->query, strlen(r->query), &qlim, &r->query_params, &r->nquery_params) !=
	    PARSE_OK) {
		r->nquery_params = 0;
		return 400;
	}

	/* /<clinic>/<rest> */
	if (r->path[0] != '/')
		return 404;
	const char *slash = strchr(r->path + 1, '/');
	size_t slen = slash ? (size_t)(slash - r->path - 1) : strlen(r->path + 1);
	if (!slug_ok(r->path + 1, slen))
		return 404;
	char *slug = req_strndup(r, r->path + 1, slen);
	r->clinic = conf_clinic(slug);
	int ql = lang_from_code(req_query_param(r, "lang"));
	if (r->clinic == NULL) {
		if (ql >= 0)
			r->lang = (enum lang)ql;
		return 404;
	}
	r->lang_asked = ql >= 0 && r->clinic->offered[ql];
	r->lang = r->lang_asked ? (enum lang)ql : r->clinic->default_lang;
	r->subpath = slash ? slash : "/";

	/* Route */
	const struct route *match = NULL;
	bool path_known = false;
	enum http_method m = r->method == HTTP_HEAD ? HTTP_GET : r->method;
	for (size_t i = 0; i < app->nroutes; i++) {
		long long ids[2] = { 0, 0 };
		if (!route_match(app->routes[i].pattern, r->subpath, ids))
			continue;
		path_known = true;
		if (app->routes[i].method == m) {
			match = &app->routes[i];
			memcpy(r->path_ids, ids, sizeof(ids));
			break;
		}
	}
	if (match == NULL)
		return path_known ? 405 : 404;
	r->route = match;
	if (program_feature >= 0 && !r->clinic->features[program_feature])
		return 404;

	if (r->method == HTTP_POST) {
		int st = read_body(r, in);
		if (st)
			return st;
	}
	validate_fields(r);

	/* Session: only when the browser sent this clinic's cookie. */
	if (session_load(r) < 0)
		return PORTAL_ERR;
	if (r->session && r->clinic->offered[r->session->lang])
		r->lang = r->session->lang;

	if (match->access != ACCESS_PUBLIC) {
		if (r->session == NULL) {
			if (r->method == HTTP_POST)
				return 403;
			const char *next = req_printf(r, "%s", r->path);
			const char *to = req_printf(r, "%s?lang=%s%s%s", url(r, "/login"), lang_codes[r->lang],
				r->signed_out_idle ? "&timeout=1" : "",
				strcmp(r->subpath, "/home") != 0 && strcmp(r->subpath, "/staff") != 0 ?
				req_printf(r, "&next=%s", next) : "");
			return redirect(r, to);
		}
		if (!(match->access & ROLE_BIT(r->session->role))) {
			/* Outside the caller's role: the same answer as a missing page. */
			audit(r, "access.denied", 0, "route", 0, AUDIT_DENIED);
			return 404;
		}
	}

	if (r->method == HTTP_POST && !(match->flags & ROUTE_WEBHOOK) && !csrf_check(r, req_body_param(r, "csrf_token"))) {
		audit(r, "csrf.rejected", 0, "route", 0, AUDIT_DENIED);
		return 403;
	}
	return match->handler(r);
}

static void
finish(struct req *r, int rc)
{
	if (r->in_tx)
		db_rollback(r);
	if (rc == PORTAL_ERR)
		rc = db_is_down() ? 503 : 500;
	if (rc != 0 || !r->responded) {
		if (rc == 0)
			rc = 500;
		/* A database failure may have left the session half-known. */
		if (rc == 503)
			r->session = NULL;
		render_error(r, rc);
	}
	render_end(r);
}

void
portal_serve(struct req *r, const struct http_input *in)
{
	clock_refresh();
	oom_armed = true;
	if (setjmp(oom_jump) == 0) {
		int rc = handle(r, in);
		finish(r, rc);
	} else {
		/* Out of memory: what the request held goes, a plain 500 answers. */
		arena_reset(r->arena);
		render_end(r);
		if (!r->responded) {
			static const char msg[] = "<!DOCTYPE html><title>Error</title><p>Error</p>";
			respond(r, 500, "text/html; charset=utf-8", msg, sizeof(msg) - 1);
		}
	}
	oom_armed = false;
}

int
portal_init(const struct app *app, const char *conf_path, char *err, size_t errlen)
{
	log_set_program(app->name);
	const struct feature_def *feature = NULL;
	if (portal_program(app->name, &feature) == NULL) {
		snprintf(err, errlen, "no program named %s is declared in cgi-bin/features.c", app->name);
		return -1;
	}
	if (portal_register_features() < 0) {
		snprintf(err, errlen, "the declarations of cgi-bin/features.c do not fit the library (see the log)");
		return -1;
	}
	program_feature = feature->key ? conf_feature_index(feature->key) : -1;
	/* A fixed threshold: every block over 1 MiB (argon2's 19 MiB, large
	 * uploads) is mapped and given back when freed. glibc would otherwise
	 * raise the threshold after the first such free and keep the next ones
	 * on the heap, resident for the life of the worker. */
	mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
	portal_conf = conf_load(conf_path, err, errlen);
	if (portal_conf == NULL)
		return -1;
	clock_set_offset_file(portal_conf->clock_offset_file);
	if (i18n_load(portal_conf->templates_dir) < 0) {
		snprintf(err, errlen, "%s/lang: translations are missing or incomplete (see the log)",
			portal_conf->templates_dir);
		return -1;
	}
	if (render_init(portal_conf->templates_dir) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (crypto_load_key(portal_conf->secrets_dir) < 0) {
		snprintf(err, errlen, "%s/portal.key is missing or invalid", portal_conf->secrets_dir);
		return -1;
	}
	if (app->needs_password_list && auth_load_common_passwords(portal_conf->common_passwords) < 0) {
		snprintf(err, errlen, "%s: the common-password list is missing or short", portal_conf->common_passwords);
		return -1;
	}
	if (app->needs_triage && triage_load(portal_conf->urgent_phrases_file ?
	    portal_conf->urgent_phrases_file : "conf/urgent-phrases.txt") < 0) {
		snprintf(err, errlen, "the urgent-phrase list cannot be read (see the log)");
		return -1;
	}
	req_set_oom_handler(out_of_memory);
	return 0;
}

int
portal_start(const struct app *app, int argc, char **argv, const char *name, const char *about)
{
	char err[1024];
	const char *conf = conf_default_path();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			conf = argv[++i];
		else {
			fprintf(stderr, "usage: %s [--config portal.yaml]\n%s\n", name, about);
			return 2;
		}
	}
	if (portal_init(app, conf, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", app->name, err);
		return 1;
	}
	return 0;
}

int
portal_main(const struct app *app, int argc, char **argv)
{
	int started = portal_start(app, argc, argv, argv[0],
		"A FastCGI worker of the patient portal: run it under spawn-fcgi.");
	if (started != 0)
		return started;
	signal(SIGPIPE, SIG_IGN);
	if (FCGX_Init() != 0)
		return 1;
	FCGX_Request fr;
	if (FCGX_InitRequest(&fr, 0, 0) != 0)
		return 1;
	struct arena *arena = arena_new();
	struct buf headers;
	buf_init(&headers, 64 * 1024);
	if (arena == NULL)
		return 1;
	/* Connect before the first request; failure is not fatal, requests
	 * retry and answer 503 meanwhile. */
	db_connect_app();
	struct req r;
	while (FCGX_Accept_r(&fr) >= 0) {
		memset(&r, 0, sizeof(r));
		r.app = app;
		r.arena = arena;
		r.headers = &headers;
		r.write = fcgx_write;
		r.write_ctx = &fr;
		struct http_input in = {
			.method = param(&fr, "REQUEST_METHOD"),
			.path = param(&fr, "DOCUMENT_URI"),
			.query = param(&fr, "QUERY_STRING"),
			.remote_addr = param(&fr, "REMOTE_ADDR"),
			.cookie = param(&fr, "HTTP_COOKIE"),
			.content_type = param(&fr, "CONTENT_TYPE"),
			.content_length = param(&fr, "CONTENT_LENGTH"),
			.read = fcgx_read,
			.ctx = &fr,
		};
		portal_serve(&r, &in);
		buf_reset(&headers);
		arena_reset(arena);
		FCGX_Finish_r(&fr);
	}
	buf_free(&headers);
	arena_free(arena);
	db_disconnect();
	return 0;
}
