/* h_report_msc.c: the message sequence chart of one case, as inline SVG.
 *
 * Lifelines left to right: the fake NVAs in order of appearance, then the
 * route server instances in name order. Each event is one row, top to
 * bottom, with its time (seconds since the case started) on the left axis.
 * Messages are solid arrows coloured by type; other events (connect, close)
 * are dashed. Labels are cut to the space between the lifelines; the full
 * summary is the arrow's tooltip. */
#include "h_report.h"

#include <string.h>

#define H_MSC_MAX_LINES 16
#define H_MSC_MAX_ROWS  400
#define H_MSC_AXIS_W    78
#define H_MSC_COL_W     230
#define H_MSC_HEAD_H    46
#define H_MSC_ROW_H     26
#define H_MSC_CHAR_W    6.6 /* average width of an 11px sans-serif character */

struct h_msc {
	const char *name[H_MSC_MAX_LINES];
	int server[H_MSC_MAX_LINES];
	size_t n;
};

static const char *h_msc_colour(unsigned type)
{
	switch (type) {
	case 1:
		return "#2563eb"; /* OPEN */
	case 2:
		return "#15803d"; /* UPDATE */
	case 3:
		return "#dc2626"; /* NOTIFICATION */
	case 4:
		return "#6b7280"; /* KEEPALIVE */
	case 5:
		return "#7c3aed"; /* ROUTE-REFRESH */
	default:
		return "#374151"; /* not a message */
	}
}

static int h_msc_find(const struct h_msc *m, const char *name, size_t max)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (strncmp(m->name[i], name, max) == 0)
			return (int)i;
	return -1;
}

static void h_msc_add(struct h_msc *m, const char *name, size_t max, int server)
{
	if (!name[0] || m->n == H_MSC_MAX_LINES || h_msc_find(m, name, max) >= 0)
		return;
	m->name[m->n] = name;
	m->server[m->n] = server;
	m->n++;
}

/* Actors first (order of appearance), then servers sorted by name. */
static void h_msc_lifelines(struct h_msc *m, const struct h_case_result *c)
{
	size_t i, j;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < c->nevents; i++)
		h_msc_add(m, H_FIELD(c->events[i].actor), 0);
	for (i = 0; i < c->nevents; i++)
		h_msc_add(m, H_FIELD(c->events[i].server), 1);
	for (i = 0; i < m->n; i++) {
		for (j = i + 1; j < m->n; j++) {
			if (m->server[i] && m->server[j] &&
			    strncmp(m->name[j], m->name[i], sizeof(c->events[0].server)) < 0) {
				const char *t = m->name[i];

				m->name[i] = m->name[j];
				m->name[j] = t;
			}
		}
	}
}

static double h_msc_x(size_t line)
{
	return H_MSC_AXIS_W + H_MSC_COL_W / 2.0 + (double)line * H_MSC_COL_W;
}

static void h_msc_heads(FILE *f, const struct h_msc *m, double height)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		double x = h_msc_x(i);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" class=\"life\"/>\n",
		        x, H_MSC_HEAD_H - 8, x, height - 6);
		fprintf(f,
		        "<rect x=\"%.1f\" y=\"6\" width=\"150\" height=\"28\" rx=\"5\" "
		        "class=\"head%s\"/>\n",
		        x - 75, m->server[i] ? " srv" : "");
		fprintf(f, "<text x=\"%.1f\" y=\"25\" class=\"headt\">", x);
		h_put_xml_trunc(f, m->name[i], 32, 20);
		fputs("</text>\n", f);
	}
}

static void h_msc_arrowhead(FILE *f, double x, double y, int right, const char *colour)
{
	double b = right ? x - 9 : x + 9;

	fprintf(f, "<polygon points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f\" fill=\"%s\"/>\n", x, y, b,
	        y - 4.5, b, y + 4.5, colour);
}

static void h_msc_row(FILE *f, const struct h_msc *m, const struct h_event *e, double y)
{
	int a = h_msc_find(m, H_FIELD(e->actor)), s = h_msc_find(m, H_FIELD(e->server));
	const char *colour = h_msc_colour(e->type);
	int from, to;
	double x1, x2, span;

	fprintf(f, "<text x=\"%d\" y=\"%.1f\" class=\"tick\">%.3f s</text>\n", H_MSC_AXIS_W - 10,
	        y + 4, e->t);
	fprintf(f, "<g class=\"ev\"><title>%.3f s  ", e->t);
	h_put_xml(f, H_FIELD(e->actor));
	fputs(e->dir == H_DIR_TO_SERVER ? " \xe2\x86\x92 " : " \xe2\x86\x90 ", f);
	h_put_xml(f, H_FIELD(e->server));
	fputs("  ", f);
	h_put_xml(f, H_FIELD(e->summary));
	fputs("</title>\n", f);
	if (a < 0 || s < 0) {
		/* an event on one lifeline only: a note box */
		int at = a >= 0 ? a : s;

		if (at < 0)
			at = 0;
		fprintf(f,
		        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"18\" rx=\"3\" "
		        "class=\"note\"/>\n",
		        h_msc_x((size_t)at) + 6, y - 10, H_MSC_COL_W - 20);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"notet\">", h_msc_x((size_t)at) + 12,
		        y + 3);
		h_put_xml_trunc(f, H_FIELD(e->summary),
		                (size_t)((H_MSC_COL_W - 32) / H_MSC_CHAR_W));
		fputs("</text></g>\n", f);
		return;
	}
	from = e->dir == H_DIR_TO_SERVER ? a : s;
	to = e->dir == H_DIR_TO_SERVER ? s : a;
	x1 = h_msc_x((size_t)from);
	x2 = h_msc_x((size_t)to);
	span = x1 < x2 ? x2 - x1 : x1 - x2;
	fprintf(f,
	        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
	        "stroke-width=\"1.6\"%s/>\n",
	        x1, y, x2 + (x2 > x1 ? -8 : 8), y, colour,
	        e->type ? "" : " stroke-dasharray=\"5 4\"");
	h_msc_arrowhead(f, x2, y, x2 > x1, colour);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"lbl\" fill=\"%s\">", (x1 + x2) / 2, y - 5,
	        colour);
	h_put_xml_trunc(f, H_FIELD(e->summary), (size_t)((span - 16) / H_MSC_CHAR_W));
	fputs("</text></g>\n", f);
}

void h_report_msc_svg(FILE *f, const struct h_case_result *c, size_t idx)
{
	struct h_msc m;
	size_t i, rows = c->nevents < H_MSC_MAX_ROWS ? c->nevents : H_MSC_MAX_ROWS;
	double width, height;

	if (!c->events || c->nevents == 0) {
		fputs("<p class=\"none\">No message was recorded for this case.</p>\n", f);
		return;
	}
	h_msc_lifelines(&m, c);
	width = H_MSC_AXIS_W + (double)(m.n ? m.n : 1) * H_MSC_COL_W + 10;
	height = H_MSC_HEAD_H + (double)rows * H_MSC_ROW_H + 14;
	fprintf(f,
	        "<svg id=\"msc%zu\" class=\"msc\" xmlns=\"http://www.w3.org/2000/svg\" "
	        "width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	        "aria-label=\"message sequence chart\">\n",
	        idx, width, height, width, height);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>\n",
	        H_MSC_AXIS_W - 4, H_MSC_HEAD_H - 8, H_MSC_AXIS_W - 4, height - 6);
	fprintf(f, "<text x=\"%d\" y=\"25\" class=\"tick\">time</text>\n", H_MSC_AXIS_W - 10);
	h_msc_heads(f, &m, height);
	for (i = 0; i < rows; i++)
		h_msc_row(f, &m, &c->events[i], H_MSC_HEAD_H + 12 + (double)i * H_MSC_ROW_H);
	fputs("</svg>\n", f);
	if (rows < c->nevents)
		fprintf(f,
		        "<p class=\"none\">%zu more events are not drawn; see the wire log.</p>\n",
		        c->nevents - rows);
}
