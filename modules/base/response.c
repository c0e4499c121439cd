/* Writing responses: status line, security headers on every response
 * (error pages included), cookies, redirects. */
#include "base.h"

#include <stdio.h>
#include <string.h>

const char *
status_text(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "Unknown";
	}
}

/* No script at all, styles from our own origin only, no framing, no
 * referrer leaving the portal, nothing cached on shared or local disks. */
void
response_security_headers(struct buf *b, bool dynamic)
{
	buf_puts(b,
		"Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self' data:;"
		" form-action 'self'; frame-ancestors 'none'; base-uri 'none'\r\n"
		"X-Content-Type-Options: nosniff\r\n"
		"Referrer-Policy: no-referrer\r\n"
		"X-Frame-Options: DENY\r\n"
		"Strict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
		"Cross-Origin-Opener-Policy: same-origin\r\n"
		"Cross-Origin-Resource-Policy: same-origin\r\n"
		"Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=()\r\n");
	if (dynamic)
		buf_puts(b, "Cache-Control: no-store\r\nPragma: no-cache\r\n");
}

int
respond_raw(struct req *r, int status, const char *content_type, const void *body, size_t len,
	const char *extra_headers)
{
	struct buf h;
	if (r->responded)
		return 0;
	r->responded = true;
	r->status = status;
	buf_init(&h, 0);
	buf_printf(&h, "Status: %d %s\r\n", status, status_text(status));
	if (content_type)
		buf_printf(&h, "Content-Type: %s\r\n", content_type);
	buf_printf(&h, "Content-Length: %zu\r\n", len);
	bool has_cache = extra_headers && strstr(extra_headers, "Cache-Control:");
	response_security_headers(&h, !has_cache);
	if (extra_headers)
		buf_puts(&h, extra_headers);
	if (r->headers && r->headers->len)
		buf_append(&h, r->headers->data, r->headers->len);
	buf_puts(&h, "\r\n");
	if (r->write) {
		r->write(r->write_ctx, h.data, h.len);
		if (r->method != HTTP_HEAD && len)
			r->write(r->write_ctx, body, len);
	}
	buf_free(&h);
	return 0;
}

int
respond(struct req *r, int status, const char *content_type, const char *body, size_t len)
{
	return respond_raw(r, status, content_type, body, len, NULL);
}

int
redirect(struct req *r, const char *location)
{
	/* Only local paths: an absolute URL here would be an open redirect. */
	if (location == NULL || location[0] != '/' || location[1] == '/' || strchr(location, '\\') ||
	    strpbrk(location, "\r\n"))
		location = r->clinic ? url(r, "/") : "/";
	char *extra = req_printf(r, "Location: %s\r\n", location);
	return respond_raw(r, 303, "text/plain; charset=utf-8", "", 0, extra);
}

int
redirect_external(struct req *r, const char *location)
{
	if (location == NULL || strncmp(location, "https://", 8) != 0 || strpbrk(location, "\r\n \\\"<>"))
		return 500;
	char *extra = req_printf(r, "Location: %s\r\n", location);
	return respond_raw(r, 303, "text/plain; charset=utf-8", "", 0, extra);
}

/* max_age: -1 = session cookie, 0 = delete. __Host- cookies must be
 * Secure with Path=/ and no Domain. */
void
set_cookie(struct req *r, const char *name, const char *value, int max_age)
{
	if (r->headers == NULL)
		return;
	buf_printf(r->headers, "Set-Cookie: %s=%s; Path=/; Secure; HttpOnly; SameSite=Lax", name, value);
	if (max_age == 0)
		buf_puts(r->headers, "; Max-Age=0");
	else if (max_age > 0)
		buf_printf(r->headers, "; Max-Age=%d", max_age);
	buf_puts(r->headers, "\r\n");
}

const char *
url(struct req *r, const char *path)
{
	return req_printf(r, "/%s%s", r->clinic ? r->clinic->slug : "", path);
}

const char *
url_encode(struct req *r, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t n = strlen(s);
	char *out = req_alloc(r, n * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hexd[*p >> 4];
			*o++ = hexd[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

const char *
landing_url(struct req *r)
{
	if (r->session == NULL)
		return url(r, "/login");
	return url(r, r->session->role == ROLE_PATIENT ? "/home" : "/staff");
}

const char *
safe_next(struct req *r, const char *next)
{
	if (next == NULL || r->clinic == NULL)
		return NULL;
	const char *prefix = url(r, "/");
	size_t pl = strlen(prefix);
	if (strncmp(next, prefix, pl) != 0 || strstr(next, "//") || strchr(next, '\\') ||
	    strpbrk(next, "\r\n?#") || strstr(next, "/.."))
		return NULL;
	return next;
}

int
respond_download(struct req *r, const char *name, const char *type, const void *data, size_t len)
{
	char *ascii = req_strdup(r, name);
	for (char *p = ascii; *p; p++)
		if ((unsigned char)*p >= 0x80 || *p == ';' || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			*p = '_';
	return respond_raw(r, 200, type, data, len,
		req_printf(r, "Content-Disposition: attachment; filename=\"%s\"; filename*=UTF-8''%s\r\n",
			ascii, url_encode(r, name)));
}
