/* Parsers for what a browser sends: query strings, urlencoded and multipart
 * bodies, cookies, and route patterns. Pure functions over memory, so the
 * unit tests can feed them anything. */
#include "base.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Returns NULL on a malformed escape or an embedded NUL. */
char *
url_decode(struct arena *a, const char *s, size_t len, size_t *outlen, bool plus_is_space)
{
	char *out = arena_alloc(a, len + 1);
	if (out == NULL)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == '%') {
			int hi, lo;
			if (i + 2 >= len || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
				return NULL;
			c = (char)(hi * 16 + lo);
			if (c == '\0')
				return NULL;
			i += 2;
		} else if (c == '+' && plus_is_space)
			c = ' ';
		out[o++] = c;
	}
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}

/* Appends to the array; with no fields_max it grows without bound. The
 * capacity is kept just before the array: the arena cannot realloc. */
static enum parse_result
add_param(struct arena *a, const struct parse_limits *lim, struct param **params,
	size_t *nparams, const struct param *p)
{
	if (lim->fields_max > 0 && *nparams >= (size_t)lim->fields_max)
		return PARSE_TOO_LARGE;
	size_t cap = *params ? ((size_t *)*params)[-1] : 0;
	if (*nparams == cap) {
		size_t ncap = cap ? cap * 2 : (lim->fields_max > 0 ? (size_t)lim->fields_max : 64);
		size_t *block = arena_alloc(a, sizeof(struct param) + ncap * sizeof(struct param));
		if (block == NULL)
			return PARSE_BAD_REQUEST;
		/* One struct param's worth of room in front keeps the array aligned. */
		struct param *grown = (struct param *)((char *)block + sizeof(struct param));
		((size_t *)grown)[-1] = ncap;
		if (*nparams)
			memcpy(grown, *params, *nparams * sizeof(struct param));
		*params = grown;
	}
	(*params)[(*nparams)++] = *p;
	return PARSE_OK;
}

enum parse_result
parse_urlencoded(struct arena *a, const char *s, size_t len, const struct parse_limits *lim,
	struct param **params, size_t *nparams)
{
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && s[end] != '&' && s[end] != ';')
			end++;
		if (end > i) {
			const char *eq = memchr(s + i, '=', end - i);
			size_t nlen = eq ? (size_t)(eq - (s + i)) : end - i;
			struct param p = { 0 };
			size_t vlen = 0;
			p.name = url_decode(a, s + i, nlen, NULL, true);
			if (eq) {
				p.value = url_decode(a, eq + 1, (size_t)(s + end - (eq + 1)), &vlen, true);
			} else {
				p.value = url_decode(a, "", 0, &vlen, true);
			}
			if (p.name == NULL || p.value == NULL)
				return PARSE_BAD_REQUEST;
			p.len = vlen;
			if (lim->field_max > 0 && (long)vlen > lim->field_max)
				return PARSE_TOO_LARGE;
			enum parse_result pr = add_param(a, lim, params, nparams, &p);
			if (pr != PARSE_OK)
				return pr;
		}
		i = end + 1;
	}
	return PARSE_OK;
}

/* Value of a parameter inside a header such as
 * multipart/form-data; boundary="abc" or form-data; name="x"; filename="y". */
static char *
header_param(struct arena *a, const char *h, size_t hlen, const char *key)
{
	size_t klen = strlen(key);
	for (size_t i = 0; i + klen < hlen; i++) {
		if ((i == 0 || h[i - 1] == ';' || h[i - 1] == ' ' || h[i - 1] == '\t') &&
		    strncasecmp(h + i, key, klen) == 0 && h[i + klen] == '=') {
			const char *v = h + i + klen + 1;
			const char *end = h + hlen;
			if (v < end && *v == '"') {
				v++;
				const char *q = memchr(v, '"', (size_t)(end - v));
				if (q == NULL)
					return NULL;
				end = q;
			} else {
				const char *q = v;
				while (q < end && *q != ';' && *q != ' ' && *q != '\r')
					q++;
				end = q;
			}
			char *out = arena_alloc(a, (size_t)(end - v) + 1);
			if (out == NULL)
				return NULL;
			memcpy(out, v, (size_t)(end - v));
			out[end - v] = '\0';
			return out;
		}
	}
	return NULL;
}

static const char *
memmem_bounded(const char *hay, size_t haylen, const char *needle, size_t nlen)
{
	if (nlen == 0 || haylen < nlen)
		return NULL;
	return memmem(hay, haylen, needle, nlen);
}

enum parse_result
parse_multipart(struct arena *a, const char *body, size_t len, const char *content_type,
	const struct parse_limits *lim, struct param **params, size_t *nparams)
{
	char *boundary = header_param(a, content_type, strlen(content_type), "boundary");
	if (boundary == NULL || strlen(boundary) == 0 || strlen(boundary) > 70)
		return PARSE_BAD_REQUEST;
	size_t blen = strlen(boundary);
	char *delim = arena_alloc(a, blen + 5);
	if (delim == NULL)
		return PARSE_BAD_REQUEST;
	delim[0] = '\r';
	delim[1] = '\n';
	delim[2] = '-';
	delim[3] = '-';
	memcpy(delim + 4, boundary, blen + 1);
	size_t dlen = blen + 4;

	/* The body starts with "--boundary" (no leading CRLF). */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return PARSE_BAD_REQUEST;
	const char *p = body + dlen - 2;
	const char *end = body + len;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return PARSE_OK;          /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return PARSE_BAD_REQUEST;
		p += 2;
		const char *hend = memmem_bounded(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hend == NULL || hend - p > 4096)
			return PARSE_BAD_REQUEST;
		/* Part headers: Content-Disposition and Content-Type. */
		char *name = NULL, *filename = NULL, *ctype = NULL;
		const char *h = p;
		while (h < hend) {
			const char *eol = memmem_bounded(h, (size_t)(hend + 2 - h), "\r\n", 2);
			if (eol == NULL)
				eol = hend;
			size_t hl = (size_t)(eol - h);
			if (hl > 20 && strncasecmp(h, "Content-Disposition:", 20) == 0) {
				name = header_param(a, h + 20, hl - 20, "name");
				filename = header_param(a, h + 20, hl - 20, "filename");
			} else if (hl > 13 && strncasecmp(h, "Content-Type:", 13) == 0) {
				const char *v = h + 13;
				while (v < eol && (*v == ' ' || *v == '\t'))
					v++;
				ctype = arena_alloc(a, (size_t)(eol - v) + 1);
				if (ctype == NULL)
					return PARSE_BAD_REQUEST;
				memcpy(ctype, v, (size_t)(eol - v));
				ctype[eol - v] = '\0';
			}
			h = eol + 2;
		}
		if (name == NULL)
			return PARSE_BAD_REQUEST;
		const char *data = hend + 4;
		const char *dend = memmem_bounded(data, (size_t)(end - data), delim, dlen);
		if (dend == NULL)
			return PARSE_BAD_REQUEST;
		size_t dl = (size_t)(dend - data);
		struct param prm = { .name = name };
		if (filename != NULL) {
			if (lim->upload_max > 0 && (long)dl > lim->upload_max)
				return PARSE_TOO_LARGE;
			struct upload *u = arena_alloc(a, sizeof(*u));
			if (u == NULL)
				return PARSE_BAD_REQUEST;
			/* Browsers may send a path; keep the last component only. */
			const char *base = strrchr(filename, '/');
			const char *base2 = strrchr(filename, '\\');
			if (base2 && (!base || base2 > base))
				base = base2;
			u->filename = base ? base + 1 : filename;
			u->content_type = ctype ? ctype : "application/octet-stream";
			u->data = (const unsigned char *)data;
			u->len = dl;
			prm.file = u;
			prm.value = u->filename;
			prm.len = strlen(u->filename);
		} else {
			if (lim->field_max > 0 && (long)dl > lim->field_max)
				return PARSE_TOO_LARGE;
			if (memchr(data, '\0', dl))
				return PARSE_BAD_REQUEST;
			char *v = arena_alloc(a, dl + 1);
			if (v == NULL)
				return PARSE_BAD_REQUEST;
			memcpy(v, data, dl);
			v[dl] = '\0';
			prm.value = v;
			prm.len = dl;
		}
		/* A file input with no file chosen arrives empty and nameless. */
		bool no_file = filename != NULL && filename[0] == '\0' && dl == 0;
		if (!no_file) {
			enum parse_result pr = add_param(a, lim, params, nparams, &prm);
			if (pr != PARSE_OK)
				return pr;
		}
		p = dend + dlen;
	}
}

int
parse_cookie(struct arena *a, const char *header, const char *name, const char **out)
{
	*out = NULL;
	if (header == NULL)
		return -1;
	size_t nlen = strlen(name);
	const char *p = header;
	while (*p) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			const char *v = p + nlen + 1;
			size_t vl = (size_t)(end - v);
			while (vl && v[vl - 1] == ' ')
				vl--;
			char *copy = arena_alloc(a, vl + 1);
			if (copy == NULL)
				return -1;
			memcpy(copy, v, vl);
			copy[vl] = '\0';
			*out = copy;
			return 0;
		}
		p = end;
	}
	return -1;
}

/* "/staff/patients/:id" matches "/staff/patients/42" (ids 1..2^53). */
bool
route_match(const char *pattern, const char *path, long long ids[2])
{
	int nid = 0;
	const char *p = pattern, *s = path;
	while (*p && *s) {
		if (p[0] == ':' && strncmp(p, ":id", 3) == 0) {
			const char *e = s;
			while (isdigit((unsigned char)*e))
				e++;
			size_t n = (size_t)(e - s);
			if (n == 0 || n > 16 || *s == '0' || nid >= 2)
				return false;
			char tmp[17];
			memcpy(tmp, s, n);
			tmp[n] = '\0';
			long long v;
			if (valid_int(tmp, 1, 9007199254740991LL, &v) < 0)
				return false;
			ids[nid++] = v;
			p += 3;
			s = e;
			continue;
		}
		if (*p != *s)
			return false;
		p++;
		s++;
	}
	/* A trailing slash is the same page. */
	if (*p == '\0' && (*s == '\0' || (s[0] == '/' && s[1] == '\0')))
		return true;
	return false;
}
