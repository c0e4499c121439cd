/*
 * Rendering with ClearSilver. Every render sets Config.VarEscapeMode=html
 * before cs_init, so everything a template prints with var: is HTML-escaped.
 * Pages are "templates/<name>.cs" drawn inside templates/layout.cs, which
 * carries the clinic's branding, the language switch, the navigation of
 * enabled features and the footer with the clinic's phone.
 */
#include "services.h"

#include <ClearSilver.h>
#include <cgi/cgi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *templates_dir;

/* The navigation: the entries every feature declares, in menu order. */
struct nav_item {
	struct nav_def def;
	int feature;           /* conf_feature_index of its switch, or -1 */
	int badge;             /* session_badge_index, or -1 */
};
#define NAV_MAX 40
static struct nav_item nav[NAV_MAX];
static size_t nnav;

int
render_add_nav(const struct nav_def *def, const char *feature)
{
	if (nnav == NAV_MAX)
		return -1;
	struct nav_item item = { *def, feature ? conf_feature_index(feature) : -1,
		def->badge ? session_badge_index(def->badge) : -1 };
	if ((feature && item.feature < 0) || (def->badge && item.badge < 0)) {
		log_error("navigation %s: unknown feature or badge", def->path);
		return -1;
	}
	/* Kept sorted by order; equal orders keep their declaration order. */
	size_t i = nnav;
	while (i > 0 && nav[i - 1].def.order > def->order) {
		nav[i] = nav[i - 1];
		i--;
	}
	nav[i] = item;
	nnav++;
	return 0;
}

/* Template text, read once per process: loading three files from disk on
 * every page cost more system calls than the page's database round trips.
 * A changed template is picked up when the workers restart. */
struct cached_template {
	char *name;
	char *text;
};
/* Room for every template of the portal, with a margin (55 today). */
static struct cached_template template_cache[160];
static size_t ntemplates;

static NEOERR *
load_template(void *ctx, HDF *hdf, const char *name, char **contents)
{
	(void)ctx;
	(void)hdf;
	size_t i;
	for (i = 0; i < ntemplates; i++)
		if (strcmp(template_cache[i].name, name) == 0)
			break;
	if (i == ntemplates) {
		/* Names come from templates and code, never from a request; still,
		 * nothing outside the templates directory is ever read. */
		if (strchr(name, '/') || ntemplates == sizeof(template_cache) / sizeof(template_cache[0]))
			return nerr_raise(NERR_NOT_FOUND, "template %s not allowed", name);
		char path[4096];
		char *text = NULL;
		snprintf(path, sizeof(path), "%s/%s", templates_dir, name);
		NEOERR *err = ne_load_file(path, &text);
		if (err != STATUS_OK)
			return nerr_pass(err);
		template_cache[ntemplates].name = strdup(name);
		template_cache[ntemplates].text = text;
		if (template_cache[ntemplates].name == NULL)
			return nerr_raise(NERR_NOMEM, "template cache");
		ntemplates++;
	}
	/* ClearSilver takes ownership of what it is given. */
	*contents = strdup(template_cache[i].text);
	return *contents ? STATUS_OK : nerr_raise(NERR_NOMEM, "template copy");
}

int
render_init(const char *dir)
{
	free(templates_dir);
	templates_dir = strdup(dir);
	return templates_dir ? 0 : -1;
}

void
render_begin(struct req *r)
{
	if (r->hdf)
		return;
	HDF *hdf;
	if (hdf_init(&hdf) != STATUS_OK)
		req_out_of_memory(r);
	r->hdf = hdf;
}

void
render_end(struct req *r)
{
	if (r->hdf) {
		hdf_destroy((HDF **)&r->hdf);
		r->hdf = NULL;
	}
}

struct _hdf *
page_hdf(struct req *r)
{
	render_begin(r);
	return r->hdf;
}

void
page_set(struct req *r, const char *name, const char *value)
{
	render_begin(r);
	NEOERR *err = hdf_set_value(r->hdf, name, value ? value : "");
	if (err != STATUS_OK)
		log_neo_error(err, "page_set");
}

void
page_setf(struct req *r, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *value = req_vprintf(r, fmt, ap);
	va_end(ap);
	if (value)
		page_set(r, name, value);
}

void
page_set_int(struct req *r, const char *name, long long v)
{
	page_setf(r, name, "%lld", v);
}

void
page_set_notice(struct req *r, int key, const char *prefix)
{
	const struct field *f = req_field(r, key);
	if (f->valid && !f->empty)
		page_set_text(r, "Page.Notice", req_printf(r, "%s%s", prefix, f->s));
}

void
page_set_form_key(struct req *r, int key)
{
	const struct field *f = req_field(r, key);
	page_set(r, "Form.Idem", f->valid ? f->s : form_key(r));
}

void
page_set_field(struct req *r, const char *name, int key, const char *dflt)
{
	const struct field *f = req_field(r, key);
	page_set(r, name, f->present ? f->raw : dflt);
}

void
page_set_patient(struct req *r, const char *base, const struct db_rows *rs, size_t row, int col)
{
	page_set(r, req_printf(r, "%s.PatientId", base), db_cell(rs, row, col + PATIENT_COL_ID));
	page_set(r, req_printf(r, "%s.Patient", base), req_printf(r, "%s %s", db_cell(rs, row, col + PATIENT_COL_FIRST),
		db_cell(rs, row, col + PATIENT_COL_LAST)));
	page_set(r, req_printf(r, "%s.Mrn", base), db_cell(rs, row, col + PATIENT_COL_MRN));
}

int
page_error_count(struct req *r)
{
	render_begin(r);
	HDF *errors = hdf_get_obj(r->hdf, "Page.Errors");
	int n = 0;
	for (HDF *c = errors ? hdf_obj_child(errors) : NULL; c; c = hdf_obj_next(c))
		n++;
	return n;
}

void
page_error(struct req *r, const char *field, const char *key)
{
	int n = page_error_count(r);
	if (field) {
		page_set(r, req_printf(r, "Page.Errors.%d.Field", n), field);
		page_set(r, req_printf(r, "Invalid.%s", field), "1");
	}
	page_set_text(r, req_printf(r, "Page.Errors.%d.Text", n), key);
}

void
page_set_text(struct req *r, const char *name, const char *key)
{
	page_set(r, name, tr(r, key));
}

static NEOERR *
append_output(void *ctx, char *s)
{
	return buf_puts(ctx, s) == 0 ? STATUS_OK : nerr_raise(NERR_NOMEM, "page too large");
}

const char *
fmt_hhmm(struct req *r, int minutes)
{
	int h = minutes / 60;
	return req_printf(r, "%d:%02d %s", h % 12 ? h % 12 : 12, minutes % 60, tr(r, h < 12 ? "time.am" : "time.pm"));
}

/* What every page shows around its content. */
static void
set_layout(struct req *r)
{
	const struct clinic *c = r->clinic;
	page_set(r, "Page.Lang", lang_codes[r->lang]);
	page_set(r, "Page.Path", r->path);
	if (c) {
		page_set(r, "Clinic.Slug", c->slug);
		page_set(r, "Clinic.Name", c->name);
		page_set(r, "Clinic.ShortName", c->short_name);
		page_set(r, "Clinic.Phone", c->phone);
		char digits[48];
		size_t nd = 0;
		for (const char *p = c->phone; *p && nd < sizeof(digits) - 1; p++)
			if ((*p >= '0' && *p <= '9') || (*p == '+' && nd == 0))
				digits[nd++] = *p;
		digits[nd] = '\0';
		page_set(r, "Clinic.PhoneHref", req_printf(r, "tel:%s", digits));
		if (c->logo)
			page_set(r, "Clinic.Logo", c->logo);
		for (size_t i = 0; i < c->nhours; i++) {
			page_setf(r, req_printf(r, "Clinic.Hours.%zu.Days", i), "%s",
				i18n_text_get(&c->hours[i].days, r->lang));
			page_set(r, req_printf(r, "Clinic.Hours.%zu.Open", i), fmt_hhmm(r, clock_parse_hhmm(c->hours[i].open)));
			page_set(r, req_printf(r, "Clinic.Hours.%zu.Close", i), fmt_hhmm(r, clock_parse_hhmm(c->hours[i].close)));
		}
		int n = 0;
		for (int l = 0; l < LANG__MAX; l++) {
			if (!c->offered[l] || (enum lang)l == r->lang)
				continue;
			page_set(r, req_printf(r, "Page.OtherLangs.%d.Code", n), lang_codes[l]);
			page_set(r, req_printf(r, "Page.OtherLangs.%d.Name", n), i18n_get((enum lang)l, "lang.self_name"));
			n++;
		}
	}
	if (r->session) {
		const struct session *s = r->session;
		page_set(r, "User.Name", s->display_name);
		page_set(r, "User.FirstName", s->first_name);
		page_set(r, "User.Role", role_names[s->role]);
		page_set_int(r, "User.IsStaff", s->role != ROLE_PATIENT);
		page_set(r, "Page.Csrf", csrf_token(r));
		int n = 0, current = -1;
		size_t best = 0;
		for (size_t i = 0; c && i < nnav; i++) {
			if (!(nav[i].def.access & ROLE_BIT(s->role)))
				continue;
			if (nav[i].feature >= 0 && !c->features[nav[i].feature])
				continue;
			const char *href = url(r, nav[i].def.path);
			size_t hl = strlen(href);
			page_set(r, req_printf(r, "Page.Nav.%d.Href", n), href);
			page_set(r, req_printf(r, "Page.Nav.%d.Label", n), tr(r, nav[i].def.label));
			long long count = nav[i].badge >= 0 ? s->badges[nav[i].badge] : 0;
			if (count > 0) {
				page_set_int(r, req_printf(r, "Page.Nav.%d.Badge", n), count);
				page_set(r, req_printf(r, "Page.Nav.%d.BadgeLabel", n), tr(r, nav[i].def.badge_label));
			}
			/* The deepest entry containing this page is the current one. */
			if (strncmp(r->path, href, hl) == 0 && (r->path[hl] == '\0' || r->path[hl] == '/') && hl > best) {
				best = hl;
				current = n;
			}
			n++;
		}
		if (current >= 0)
			page_set(r, req_printf(r, "Page.Nav.%d.Current", current), "1");
	} else if (hdf_get_value(r->hdf, "Page.Csrf", NULL) == NULL) {
		page_set(r, "Page.Csrf", "");
	}
}

static int
render_file(struct req *r, const char *tmpl, int status)
{
	CSPARSE *cs = NULL;
	struct buf out;
	NEOERR *err;
	render_begin(r);
	set_layout(r);
	page_set(r, "Page.Template", tmpl);
	/* Must precede cs_init: set afterwards it has no effect. */
	hdf_set_value(r->hdf, "Config.VarEscapeMode", "html");
	buf_init(&out, 4 * 1024 * 1024);
	err = cs_init(&cs, r->hdf);
	if (err == STATUS_OK) {
		cs->global_hdf = i18n_root(r->lang);
		cs_register_fileload(cs, NULL, load_template);
		err = cgi_register_strfuncs(cs);
	}
	if (err == STATUS_OK)
		err = cs_parse_file(cs, "layout.cs");
	if (err == STATUS_OK)
		err = cs_render(cs, &out, append_output);
	cs_destroy(&cs);
	if (err != STATUS_OK) {
		log_neo_error(err, tmpl);
		buf_free(&out);
		return 500;
	}
	respond(r, status, "text/html; charset=utf-8", out.data ? out.data : "", out.len);
	buf_free(&out);
	return 0;
}

int
render(struct req *r, const char *tmpl)
{
	return render_file(r, tmpl, r->status ? r->status : 200);
}

int
render_list(struct req *r, const struct list_page *page, const struct db_rows *rs)
{
	for (size_t i = 0; i < rs->nrows; i++)
		page->set_row(r, req_printf(r, "%s.%zu", page->list, i), rs, i);
	page_set_text(r, "Page.Title", page->title);
	audit(r, page->action, req_patient(r), NULL, 0, AUDIT_SUCCESS);
	return render(r, page->tmpl);
}

/* Error pages are pages too: branded, translated, with every header. They
 * never say more than the status means: no SQL, no stack, no data. */
int
render_error(struct req *r, int status)
{
	char key[48];
	int code = status;
	if (code != 400 && code != 403 && code != 404 && code != 405 && code != 409 && code != 413 &&
	    code != 429 && code != 503)
		code = 500;
	r->responded = false;
	/* Whatever the handler put on the page must not leak into the error. */
	render_end(r);
	render_begin(r);
	snprintf(key, sizeof(key), "error.%d.title", code);
	page_set_text(r, "Page.Title", key);
	page_set_text(r, "Error.Title", key);
	snprintf(key, sizeof(key), "error.%d.body", code);
	page_set_text(r, "Error.Body", key);
	page_set_int(r, "Error.Code", code);
	const char *extra = code == 405 ? "Allow: GET, POST, HEAD\r\n" : NULL;
	if (code == 503)
		extra = "Retry-After: 30\r\n";
	if (r->clinic == NULL) {
		/* Outside any clinic: a plain page, still translated. */
		struct buf b;
		buf_init(&b, 0);
		buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
			"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
			"<title>%s</title><link rel=\"stylesheet\" href=\"/static/portal.css\"></head>"
			"<body><main class=\"page\"><h1>%s</h1><p>%s</p></main></body></html>\n",
			lang_codes[r->lang], tr(r, "error.title_prefix"),
			hdf_get_value(r->hdf, "Error.Title", ""), hdf_get_value(r->hdf, "Error.Body", ""));
		respond_raw(r, code, "text/html; charset=utf-8", b.data, b.len, extra);
		buf_free(&b);
		return 0;
	}
	if (extra && r->headers)
		buf_puts(r->headers, extra);
	if (render_file(r, "error.cs", code) != 0) {
		static const char fallback[] = "<!DOCTYPE html><title>Error</title><p>Error</p>";
		respond(r, code, "text/html; charset=utf-8", fallback, sizeof(fallback) - 1);
	}
	return 0;
}

/* ------------------------------------------------------------ formatting */

static void
local_tm(struct req *r, time_t t, struct tm *tm)
{
	clock_local(r->clinic ? r->clinic->timezone : "UTC", t, tm);
}

static const char *
date_from_tm(struct req *r, const struct tm *tm)
{
	char key[32];
	snprintf(key, sizeof(key), "date.month.%d", tm->tm_mon + 1);
	const char *month = tr(r, key);
	snprintf(key, sizeof(key), "date.weekday.%d", tm->tm_wday);
	const char *weekday = tr(r, key);
	if (r->lang == LANG_ES)
		return req_printf(r, "%s, %d de %s de %d", weekday, tm->tm_mday, month, tm->tm_year + 1900);
	return req_printf(r, "%s, %s %d, %d", weekday, month, tm->tm_mday, tm->tm_year + 1900);
}

const char *
fmt_date(struct req *r, time_t t)
{
	struct tm tm;
	local_tm(r, t, &tm);
	return date_from_tm(r, &tm);
}

const char *
fmt_time(struct req *r, time_t t)
{
	struct tm tm;
	local_tm(r, t, &tm);
	int h = tm.tm_hour % 12;
	return req_printf(r, "%d:%02d %s", h ? h : 12, tm.tm_min,
		tr(r, tm.tm_hour < 12 ? "time.am" : "time.pm"));
}

const char *
fmt_datetime(struct req *r, time_t t)
{
	return req_printf(r, "%s, %s", fmt_date(r, t), fmt_time(r, t));
}

/* A calendar date (birth dates): no time zone applies. */
const char *
fmt_sql_date(struct req *r, const char *s)
{
	int y, m, d;
	if (s == NULL || valid_date(s, &y, &m, &d) < 0)
		return "";
	struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = 12 };
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	char key[32];
	snprintf(key, sizeof(key), "date.month.%d", tm.tm_mon + 1);
	if (r->lang == LANG_ES)
		return req_printf(r, "%d de %s de %d", tm.tm_mday, tr(r, key), tm.tm_year + 1900);
	return req_printf(r, "%s %d, %d", tr(r, key), tm.tm_mday, tm.tm_year + 1900);
}

const char *
fmt_sql_datetime(struct req *r, const char *s)
{
	time_t t = 0;
	return s && clock_parse_sql(s, &t) == 0 ? fmt_datetime(r, t) : NULL;
}

const char *
fmt_money(struct req *r, long long cents)
{
	bool neg = cents < 0;
	unsigned long long v = neg ? (unsigned long long)(-(cents + 1)) + 1 : (unsigned long long)cents;
	unsigned long long dollars = v / 100, rest = v % 100;
	char digits[32], grouped[48];
	snprintf(digits, sizeof(digits), "%llu", dollars);
	size_t n = strlen(digits), o = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[o++] = ',';
		grouped[o++] = digits[i];
	}
	grouped[o] = '\0';
	return req_printf(r, "%s$%s.%02llu", neg ? "-" : "", grouped, rest);
}

const char *
provider_label(struct req *r, const char *key)
{
	const struct clinic_provider *p = r->clinic ? clinic_provider(r->clinic, key) : NULL;
	if (p == NULL)
		return key ? key : "";
	return p->credentials ? req_printf(r, "%s, %s", p->name, p->credentials) : p->name;
}

const char *
fmt_decimal(struct req *r, const char *decimal)
{
	if (decimal == NULL)
		return NULL;
	char *s = req_strdup(r, decimal);
	if (strchr(s, '.')) {
		size_t n = strlen(s);
		while (n > 0 && s[n - 1] == '0')
			s[--n] = '\0';
		if (n > 0 && s[n - 1] == '.')
			s[--n] = '\0';
	}
	return s;
}

const char *
fmt_local_day(struct req *r, time_t t)
{
	struct tm tm;
	clock_local(r->clinic ? r->clinic->timezone : NULL, t, &tm);
	return req_printf(r, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}
