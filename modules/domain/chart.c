/* Trend charts as inline SVG, drawn on the server: values over time on a
 * time axis, a shaded reference band, one line per series. The page sets
 * the numbers; templates/chart.cs draws them; a table next to it says the
 * same for screen readers. */
#include "domain.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define W 320.0
#define H 180.0
#define LEFT 44.0
#define RIGHT 12.0
#define TOP 12.0
#define BOTTOM 28.0

/* "8/19/2026" or "19/8/2026": a phone-sized axis has no room for more. */
static const char *
short_date(struct req *r, time_t t)
{
	struct tm tm;
	clock_local(r->clinic ? r->clinic->timezone : NULL, t, &tm);
	return r->lang == LANG_ES ? req_printf(r, "%d/%d/%d", tm.tm_mday, tm.tm_mon + 1, tm.tm_year + 1900) :
		req_printf(r, "%d/%d/%d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900);
}

/* Two decimals at most, and none that are trailing zeros: "4.5", "6". */
static const char *
trimmed(struct req *r, double v)
{
	return fmt_decimal(r, req_printf(r, "%.2f", v));
}

void
page_set_chart(struct req *r, const char *base, const char *title, const struct chart_series *series, size_t ns,
	const double *band_low, const double *band_high)
{
	double lo = INFINITY, hi = -INFINITY;
	time_t t0 = 0, t1 = 0;
	bool any = false;
	for (size_t s = 0; s < ns; s++)
		for (size_t i = 0; i < series[s].n; i++) {
			lo = fmin(lo, series[s].v[i]);
			hi = fmax(hi, series[s].v[i]);
			if (!any || series[s].t[i] < t0)
				t0 = series[s].t[i];
			if (!any || series[s].t[i] > t1)
				t1 = series[s].t[i];
			any = true;
		}
	if (!any)
		return;
	double top_value = hi, bottom_value = lo;
	if (band_low)
		lo = fmin(lo, *band_low);
	if (band_high)
		hi = fmax(hi, *band_high);
	double pad = (hi - lo) * 0.1 + (hi == lo ? 1 : 0);
	lo -= pad;
	hi += pad;
	double span = t1 > t0 ? (double)(t1 - t0) : 1;
	#define X(t) (LEFT + (W - LEFT - RIGHT) * (t1 > t0 ? (double)((t) - t0) / span : 0.5))
	#define Y(v) (TOP + (H - TOP - BOTTOM) * (1 - ((v) - lo) / (hi - lo)))
	page_set(r, req_printf(r, "%s.Title", base), title);
	/* An id for aria-labelledby: the base, "Charts.0" -> "charts-0". */
	char *id = req_strdup(r, base);
	for (char *p = id; *p; p++)
		*p = *p == '.' ? '-' : (char)tolower((unsigned char)*p);
	page_set(r, req_printf(r, "%s.Id", base), id);
	page_setf(r, req_printf(r, "%s.Width", base), "%.0f", W);
	page_setf(r, req_printf(r, "%s.Height", base), "%.0f", H);
	if (band_low && band_high) {
		page_setf(r, req_printf(r, "%s.BandX", base), "%.1f", LEFT);
		page_setf(r, req_printf(r, "%s.BandW", base), "%.1f", W - LEFT - RIGHT);
		page_setf(r, req_printf(r, "%s.BandY", base), "%.1f", Y(*band_high));
		page_setf(r, req_printf(r, "%s.BandH", base), "%.1f", Y(*band_low) - Y(*band_high));
	}
	for (size_t s = 0; s < ns; s++) {
		const char *sb = req_printf(r, "%s.Series.%zu", base, s);
		const char *points = "";
		for (size_t i = 0; i < series[s].n; i++) {
			double x = X(series[s].t[i]), y = Y(series[s].v[i]);
			points = req_printf(r, "%s%s%.1f,%.1f", points, points[0] ? " " : "", x, y);
			page_setf(r, req_printf(r, "%s.Points.%zu.X", sb, i), "%.1f", x);
			page_setf(r, req_printf(r, "%s.Points.%zu.Y", sb, i), "%.1f", y);
		}
		page_set(r, req_printf(r, "%s.Line", sb), points);
		page_set(r, req_printf(r, "%s.Class", sb), series[s].css ? series[s].css : "line");
	}
	page_setf(r, req_printf(r, "%s.AxisX", base), "%.1f", LEFT);
	page_setf(r, req_printf(r, "%s.AxisBottom", base), "%.1f", H - BOTTOM);
	page_setf(r, req_printf(r, "%s.Right", base), "%.1f", W - RIGHT);
	page_set(r, req_printf(r, "%s.Top", base), trimmed(r, top_value));
	page_set(r, req_printf(r, "%s.Bottom", base), trimmed(r, bottom_value));
	page_setf(r, req_printf(r, "%s.TopY", base), "%.1f", Y(top_value) + 4);
	page_setf(r, req_printf(r, "%s.BottomY", base), "%.1f", Y(bottom_value));
	page_set(r, req_printf(r, "%s.First", base), short_date(r, t0));
	page_set(r, req_printf(r, "%s.Last", base), short_date(r, t1));
	page_setf(r, req_printf(r, "%s.LabelY", base), "%.1f", H - 8);
	#undef X
	#undef Y
}
