/*
 * libportal: the shared library of the patient portal, and the request
 * loop on top of it. A feature program (cgi-bin/<feature>.c) includes this
 * header only.
 *
 * The library is built in layers, each a folder of modules/, lowest first:
 *
 *   core/      no request: memory, names, log, clock, crypto, secrets,
 *              validators, configuration
 *   base/      the request: its object and memory, HTTP parsing, form
 *              fields, responses, database, translations
 *   services/  sessions and CSRF, passwords, audit, notifications,
 *              activation codes, rendering and navigation
 *   domain/    slots and cells, reminders, calendar files, visit links,
 *              charts, triage
 *   loop/      the FastCGI request loop and the start of a program
 *
 * A layer uses the layers below it and never one above: each folder's
 * header includes the one below, and tests/layers fails the build's tests
 * on an upward include or symbol. The library knows no feature: the
 * features declare themselves in cgi-bin/features.c (their programs, URLs,
 * navigation entries, badges and clinic switch), and the request loop hands
 * those declarations to the layers below when a program starts.
 */
#ifndef PORTAL_H
#define PORTAL_H

#include "domain/domain.h"

/* --------------------------------------------------------------- routes */
typedef int (*handler_fn)(struct req *r);

struct route {
	enum http_method method;
	const char *pattern;   /* after /<clinic>: "/home", "/staff/patients/:id" */
	unsigned access;       /* ACCESS_PUBLIC or a mask of ROLE_BIT()s */
	handler_fn handler;
	long body_max;         /* bytes; 0 = limits.body_max_bytes */
	unsigned flags;
};
/* A call from another system (an SMS gateway), not a browser form: no CSRF
 * token; the handler authenticates the caller itself. */
#define ROUTE_WEBHOOK 1u

/* A program's code: its routes and form fields. Its place in the portal
 * (URLs, navigation, clinic switch) is its declaration in features.c. */
struct app {
	const char *name;                   /* as declared in cgi-bin/features.c */
	const struct route *routes;
	size_t nroutes;
	const struct field_def *fields;     /* indexed by the program's field enum */
	size_t nfields;
	bool needs_password_list;
	bool needs_triage;                  /* loads the urgent-phrase list */
};
#define ROUTES(table) .routes = (table), .nroutes = sizeof(table) / sizeof((table)[0])
#define FIELDS(table) .fields = (table), .nfields = sizeof(table) / sizeof((table)[0])

/* The end of a web program's file:
 *   PORTAL_MAIN(.name = "messages", ROUTES(routes), FIELDS(fields));  */
#define PORTAL_MAIN(...) \
	static const struct app portal_app = { __VA_ARGS__ }; \
	int main(int argc, char **argv); \
	int main(int argc, char **argv) { return portal_main(&portal_app, argc, argv); }

/* Runs the FastCGI loop; returns the process exit status. */
int portal_main(const struct app *app, int argc, char **argv);

/* What arrives with one request: FastCGI's parameters, and a reader of
 * the body (the loop's from FastCGI; a test's own). */
struct http_input {
	const char *method, *path, *query, *remote_addr, *cookie;
	const char *content_type, *content_length;
	int (*read)(void *ctx, char *buf, int n);   /* bytes read, 0 at the end */
	void *ctx;
};
/* The whole life of one request (parse, clinic, route, feature, session,
 * role, CSRF, handler, error page), written through r->write. r comes with
 * its app, arena, headers buffer and writer set; portal_init has run. */
void portal_serve(struct req *r, const struct http_input *in);
/* Loads config, translations and the key, and hands the features'
 * declarations to the library (portal_main, portalctl, daemons). */
int portal_init(const struct app *app, const char *conf_path, char *err, size_t errlen);
/* The start of a program that takes only [--config portal.yaml]: the
 * configuration's path from the command line, then portal_init. 0, or the
 * exit status once stderr says why: 2 for another argument (with the usage:
 * name, and about on a line of its own), 1 when the start failed. */
int portal_start(const struct app *app, int argc, char **argv, const char *name, const char *about);

/* ------------------------------------------------------------- features */
/*
 * The declaration of the portal's features (cgi-bin/features.c): what the
 * build, scripts/stack and both nginx configurations are made from, and
 * what the library learns of features when a program starts.
 */
enum program_kind {
	PROGRAM_WEB,           /* FastCGI workers behind nginx */
	PROGRAM_DAEMON,        /* one process kept running (the notifier) */
	PROGRAM_TOOL           /* run by hand (portalctl) */
};

/* A URL prefix after /<clinic>/ that nginx sends to a program. */
struct location_def {
	const char *path;      /* "messages": it and below; "login$": only itself; "": anything else */
	int body_mb;           /* nginx's client_max_body_size (0: the server's) */
	bool signin_limit;     /* counted by the per-address sign-in limit (POSTs) */
};

struct program_def {
	const char *name;                      /* cgi-bin/<name> */
	enum program_kind kind;
	const struct location_def *locations;  /* ends with { NULL } */
	const struct nav_def *nav;             /* ends with { 0 } */
	const char *libs;                      /* pkg-config packages beyond the library's */
	int workers;                           /* 0: workers of portal.yaml */
};

struct feature_def {
	const char *key;                       /* features.<key> in clinic files; NULL: always on */
	const char *about;                     /* one line, for people */
	const struct program_def *programs;    /* ends with { NULL } */
	const struct badge_def *badges;        /* ends with { NULL } */
};

extern const struct feature_def portal_features[];
extern const size_t portal_nfeatures;

/* Hands the declarations to the configuration, sessions and navigation;
 * once per process, before the configuration is read. */
int portal_register_features(void);
/* The declaration of a program, and of the feature it belongs to. */
const struct program_def *portal_program(const char *name, const struct feature_def **feature);

#endif
