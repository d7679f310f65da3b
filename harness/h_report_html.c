/* h_report_html.c: one self-contained HTML page for people: no external
 * resource, styles and the small filter script are inline.
 *
 * Top: the run's outcome and counts per verdict (the counts are also the
 * filter buttons). Then a grid of every case coloured by verdict, and per
 * case a detail section: requirement, expected, observed, evidence links
 * and the message sequence chart. */
#include "h_report.h"

#include <string.h>

static const char h_html_style[] =
    ":root{--pass:#1f9d55;--fail:#d63031;--error:#8e44ad;--skip:#8a94a6;"
    "--xfail:#d99a00;--xpass:#e8590c;--ink:#1f2933;--muted:#5f6b7a;--line:#e3e8ef;"
    "--bg:#f6f8fb}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
    "'DejaVu Sans',sans-serif;color:var(--ink);background:var(--bg)}\n"
    "header{background:#14213d;color:#fff;padding:18px 28px 16px}\n"
    "header h1{margin:0 0 4px;font-size:22px;font-weight:600}\n"
    ".meta{color:#c9d3e3;font-size:13px}.meta b{color:#fff;font-weight:600}\n"
    "main{padding:18px 28px 40px;max-width:1400px}\n"
    ".outcome{margin:0 0 16px;padding:10px 14px;border-radius:8px;font-weight:600;"
    "border-left:6px solid}\n"
    ".outcome.ok{background:#e7f6ec;border-color:var(--pass);color:#14532d}\n"
    ".outcome.bad{background:#fdecec;border-color:var(--fail);color:#7f1d1d}\n"
    ".tiles{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:8px}\n"
    ".tile{min-width:112px;padding:8px 14px;border-radius:8px;border:2px solid transparent;"
    "background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.08);cursor:pointer;text-align:left;"
    "font:inherit;color:inherit}\n"
    ".tile .n{display:block;font-size:24px;font-weight:700}\n"
    ".tile .l{font-size:12px;letter-spacing:.06em;color:var(--muted)}\n"
    ".tile.off{opacity:.35}\n"
    ".hint{color:var(--muted);font-size:12px;margin:4px 0 14px}\n"
    "input.search{padding:6px 10px;border:1px solid #cbd2dc;border-radius:6px;width:280px;"
    "font:inherit;margin-bottom:12px}\n"
    "h2{font-size:16px;margin:22px 0 10px}\n"
    ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(230px,1fr));gap:6px}\n"
    ".cell{display:block;padding:6px 9px;border-radius:5px;color:#fff;text-decoration:none;"
    "font:12px/1.3 ui-monospace,'DejaVu Sans Mono',monospace;overflow:hidden;"
    "text-overflow:ellipsis;white-space:nowrap}\n"
    ".cell:hover{filter:brightness(1.1);outline:2px solid #14213d}\n"
    ".v-PASS{background:var(--pass)}.v-FAIL{background:var(--fail)}"
    ".v-ERROR{background:var(--error)}.v-SKIP{background:var(--skip)}"
    ".v-XFAIL{background:var(--xfail)}.v-XPASS{background:var(--xpass)}\n"
    ".tile.v-PASS,.tile.v-FAIL,.tile.v-ERROR,.tile.v-SKIP,.tile.v-XFAIL,.tile.v-XPASS"
    "{background:#fff}\n"
    ".tile.v-PASS{border-color:var(--pass)}.tile.v-FAIL{border-color:var(--fail)}"
    ".tile.v-ERROR{border-color:var(--error)}.tile.v-SKIP{border-color:var(--skip)}"
    ".tile.v-XFAIL{border-color:var(--xfail)}.tile.v-XPASS{border-color:var(--xpass)}\n"
    "details.case{background:#fff;border:1px solid var(--line);border-radius:8px;"
    "margin:8px 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}\n"
    "details.case>summary{cursor:pointer;padding:9px 12px;display:flex;gap:10px;"
    "align-items:center;list-style:none}\n"
    "details.case>summary::-webkit-details-marker{display:none}\n"
    ".badge{display:inline-block;min-width:58px;text-align:center;padding:2px 6px;"
    "border-radius:4px;color:#fff;font-size:12px;font-weight:700}\n"
    ".cid{font:13px ui-monospace,'DejaVu Sans Mono',monospace;font-weight:600}\n"
    ".ttl{flex:1;color:var(--muted);overflow:hidden;text-overflow:ellipsis;"
    "white-space:nowrap}\n"
    ".lvl{font-size:11px;border:1px solid #cbd2dc;border-radius:3px;padding:0 4px;"
    "color:var(--muted)}\n"
    ".secs{font-variant-numeric:tabular-nums;color:var(--muted);font-size:12px}\n"
    ".body{padding:4px 16px 14px;border-top:1px solid var(--line)}\n"
    "dl{display:grid;grid-template-columns:130px 1fr;gap:4px 12px;margin:10px 0}\n"
    "dt{color:var(--muted);font-weight:600}dd{margin:0;white-space:pre-wrap;"
    "word-break:break-word}\n"
    "dd.mono{font:12.5px ui-monospace,'DejaVu Sans Mono',monospace}\n"
    ".ev a{margin-right:14px}\n"
    ".chart{overflow-x:auto;border:1px solid var(--line);border-radius:6px;"
    "background:#fcfdff;margin-top:8px}\n"
    "svg.msc{display:block;font-family:system-ui,'DejaVu Sans',sans-serif}\n"
    "svg .life{stroke:#9aa5b4;stroke-dasharray:4 4}\n"
    "svg .axis{stroke:#cbd2dc}\n"
    "svg .head{fill:#e8eefc;stroke:#2563eb}svg .head.srv{fill:#fdf1e3;stroke:#e8590c}\n"
    "svg .headt{font-size:12px;font-weight:700;text-anchor:middle;fill:#1f2933}\n"
    "svg .tick{font-size:10.5px;fill:#7b8794;text-anchor:end;"
    "font-variant-numeric:tabular-nums}\n"
    "svg .lbl{font-size:11px;text-anchor:middle;paint-order:stroke;stroke:#fcfdff;"
    "stroke-width:3px;stroke-linejoin:round}\n"
    "svg .note{fill:#fff8db;stroke:#d9b44a}svg .notet{font-size:11px;fill:#5f4b00}\n"
    "svg g.ev:hover line{stroke-width:3}\n"
    ".none{color:var(--muted);font-style:italic}\n"
    "table.flaky{border-collapse:collapse}table.flaky td,table.flaky th{padding:3px 10px;"
    "border-bottom:1px solid var(--line);text-align:left}\n"
    ".legend{font-size:12px;color:var(--muted);margin:6px 0}\n"
    ".legend span{display:inline-block;width:18px;height:3px;vertical-align:middle;"
    "margin:0 4px 0 12px}\n"
    "footer{color:var(--muted);font-size:12px;padding:0 28px 24px}\n";

static const char h_html_script[] =
    "(function(){\n"
    "var on={};var tiles=document.querySelectorAll('.tile');\n"
    "var q=document.getElementById('q');\n"
    "tiles.forEach(function(t){on[t.dataset.v]=true;t.addEventListener('click',function(){\n"
    "on[t.dataset.v]=!on[t.dataset.v];t.classList.toggle('off',!on[t.dataset.v]);\n"
    "t.setAttribute('aria-pressed',on[t.dataset.v]);apply();});});\n"
    "q.addEventListener('input',apply);\n"
    "function apply(){var s=q.value.toLowerCase();\n"
    "document.querySelectorAll('[data-v]').forEach(function(e){\n"
    "if(e.classList.contains('tile'))return;\n"
    "var ok=on[e.dataset.v]&&(!s||e.dataset.id.toLowerCase().indexOf(s)>=0);\n"
    "e.style.display=ok?'':'none';});}\n"
    "})();\n";

static int h_html_is_problem(enum h_verdict v)
{
	return v == H_FAIL || v == H_ERROR || v == H_XPASS;
}

/* What re-creates the run (h_report_meta), as a definition list. */
static void h_html_meta(FILE *f, const struct h_run_result *r)
{
	struct h_meta m;

	if (h_report_meta(r, &m))
		return;
	fputs("<details class=\"rerun\"><summary>re-create this run</summary><dl>\n", f);
	for (size_t i = 0; i < m.n; i++) {
		fputs("<dt>", f);
		h_put_xml(f, m.key[i], strlen(m.key[i]));
		fputs("</dt><dd><code>", f);
		h_put_xml(f, m.val[i], strlen(m.val[i]));
		fputs("</code></dd>\n", f);
	}
	fputs("</dl></details>\n", f);
	h_meta_free(&m);
}

static void h_html_head(FILE *f, const struct h_run_result *r)
{
	char when[32];

	h_report_iso_time(r->started, when, sizeof(when));
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>rscert report: ",
	      f);
	h_put_xml(f, H_FIELD(r->target));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", h_html_style);
	fputs("<header>\n<h1>rscert conformance report</h1>\n<div class=\"meta\">target <b>", f);
	h_put_xml(f, H_FIELD(r->target));
	fputs("</b> &middot; profile <b>", f);
	h_put_xml(f, r->profile[0] ? r->profile : "default", sizeof(r->profile));
	fprintf(f,
	        "</b> &middot; seed <b>%llu</b> &middot; repeat <b>%u</b> &middot; started "
	        "<b>%s UTC</b> &middot; <b>%.2f s</b></div>\n",
	        (unsigned long long)r->seed, r->repeat, when, r->seconds);
	h_html_meta(f, r);
	fputs("</header>\n", f);
}

static void h_html_summary(FILE *f, const struct h_run_result *r)
{
	struct h_report_counts c;
	char why[160];
	int status = h_run_exit_status(r);
	size_t i;

	h_report_count(r, &c);
	fprintf(f, "<div class=\"outcome %s\">%s &mdash; exit status %d: ", status ? "bad" : "ok",
	        status ? "Not conformant or incomplete" : "Conformant", status);
	h_put_xml(f, h_run_exit_reason(r, why, sizeof(why)), sizeof(why));
	fprintf(f, " (%zu of %zu selected results)</div>\n", r->ncases, r->selected);
	fputs("<div class=\"tiles\">\n", f);
	for (i = 0; i < H_VERDICT_COUNT; i++) {
		const char *v = h_verdict_name((enum h_verdict)i);

		fprintf(f,
		        "<button class=\"tile v-%s\" data-v=\"%s\" aria-pressed=\"true\" "
		        "title=\"show or hide %s\"><span class=\"n\">%zu</span>"
		        "<span class=\"l\">%s</span></button>\n",
		        v, v, v, c.n[i], v);
	}
	fputs("</div>\n<p class=\"hint\">Click a count to show or hide its cases.</p>\n", f);
}

static void h_html_flaky(FILE *f, const struct h_run_result *r)
{
	struct h_flake fl[64];
	size_t n = h_report_flaky(r, fl, 64), i;

	if (!n)
		return;
	fputs("<h2>Flaky cases</h2>\n<table class=\"flaky\"><tr><th>case</th><th>attempts</th>"
	      "<th>failed</th><th>rate</th></tr>\n",
	      f);
	for (i = 0; i < n && i < 64; i++) {
		fputs("<tr><td class=\"cid\">", f);
		h_put_xml(f, fl[i].id, sizeof(r->cases[0].id));
		fprintf(f, "</td><td>%u</td><td>%u</td><td>%.0f%%</td></tr>\n", fl[i].attempts,
		        fl[i].failed, 100.0 * fl[i].failed / fl[i].attempts);
	}
	fputs("</table>\n", f);
}

static void h_html_grid(FILE *f, const struct h_run_result *r)
{
	size_t i;

	fputs("<h2>Cases</h2>\n<input id=\"q\" class=\"search\" type=\"search\" "
	      "placeholder=\"filter by case ID\" aria-label=\"filter by case ID\">\n"
	      "<div class=\"grid\">\n",
	      f);
	for (i = 0; i < r->ncases; i++) {
		const struct h_case_result *c = &r->cases[i];
		const char *v = h_verdict_name(c->verdict);

		fprintf(f, "<a class=\"cell v-%s\" data-v=\"%s\" data-id=\"", v, v);
		h_put_xml(f, H_FIELD(c->id));
		fprintf(f, "\" href=\"#case%zu\" title=\"%s: ", i, v);
		h_put_xml(f, H_FIELD(c->title));
		fputs("\">", f);
		h_put_xml(f, H_FIELD(c->id));
		if (c->attempt > 1)
			fprintf(f, " #%u", c->attempt);
		fputs("</a>\n", f);
	}
	if (!r->ncases)
		fputs("<p class=\"none\">No case ran.</p>\n", f);
	fputs("</div>\n", f);
}

static void h_html_dd(FILE *f, const char *label, const char *s, size_t max, int mono)
{
	if (!s[0])
		return;
	fprintf(f, "<dt>%s</dt><dd%s>", label, mono ? " class=\"mono\"" : "");
	h_put_xml(f, s, max);
	fputs("</dd>\n", f);
}

static void h_html_link(FILE *f, const char *label, const char *path, size_t max)
{
	if (!path[0])
		return;
	fputs("<a href=\"", f);
	h_put_xml(f, path, max);
	fprintf(f, "\">%s</a>", label);
}

static void h_html_case(FILE *f, const struct h_case_result *c, size_t idx)
{
	const char *v = h_verdict_name(c->verdict);
	size_t i;

	fprintf(f, "<details class=\"case\" id=\"case%zu\" data-v=\"%s\" data-id=\"", idx, v);
	h_put_xml(f, H_FIELD(c->id));
	fprintf(f, "\"%s>\n<summary><span class=\"badge v-%s\">%s</span><span class=\"cid\">",
	        h_html_is_problem(c->verdict) ? " open" : "", v, v);
	h_put_xml(f, H_FIELD(c->id));
	fputs("</span><span class=\"ttl\">", f);
	h_put_xml(f, H_FIELD(c->title));
	fputs("</span>", f);
	if (c->level[0]) {
		fputs("<span class=\"lvl\">", f);
		h_put_xml(f, H_FIELD(c->level));
		fputs("</span>", f);
	}
	fprintf(f, "<span class=\"secs\">%.2f s</span></summary>\n<div class=\"body\">\n<dl>\n",
	        c->seconds);
	h_html_dd(f, "Requirement", H_FIELD(c->requirement), 0);
	h_html_dd(f, c->verdict == H_SKIP ? "Why skipped" : "Reason", H_FIELD(c->reason), 0);
	h_html_dd(f, "Expected", H_FIELD(c->expected), 1);
	h_html_dd(f, "Observed", H_FIELD(c->observed), 1);
	if (c->file[0]) {
		fputs("<dt>Case file</dt><dd class=\"mono\">", f);
		h_put_xml(f, H_FIELD(c->file));
		if (c->failed_line)
			fprintf(f, ":%u", c->failed_line);
		fputs("</dd>\n", f);
	}
	fprintf(f, "<dt>Attempt</dt><dd>%u</dd>\n", c->attempt);
	if (c->nlatency && c->latency) {
		fputs("<dt>Wait latencies</dt><dd class=\"mono\">", f);
		for (i = 0; i < c->nlatency; i++)
			fprintf(f, "%s%.3f s", i ? ", " : "", c->latency[i]);
		fputs("</dd>\n", f);
	}
	if (c->pcap[0] || c->wirelog[0] || c->serverlog[0]) {
		fputs("<dt>Evidence</dt><dd class=\"ev\">", f);
		h_html_link(f, "wire log", H_FIELD(c->wirelog));
		h_html_link(f, "pcap", H_FIELD(c->pcap));
		h_html_link(f, "route server log", H_FIELD(c->serverlog));
		fputs("</dd>\n", f);
	}
	fputs("</dl>\n<div class=\"legend\">Sequence:"
	      "<span style=\"background:#2563eb\"></span>OPEN"
	      "<span style=\"background:#15803d\"></span>UPDATE"
	      "<span style=\"background:#dc2626\"></span>NOTIFICATION"
	      "<span style=\"background:#6b7280\"></span>KEEPALIVE"
	      "<span style=\"background:#7c3aed\"></span>ROUTE-REFRESH"
	      "<span style=\"background:#374151\"></span>other event (dashed)</div>\n"
	      "<div class=\"chart\">\n",
	      f);
	h_report_msc_svg(f, c, idx);
	fputs("</div>\n</div>\n</details>\n", f);
}

int h_report_html(FILE *f, const struct h_run_result *r)
{
	size_t i;

	h_html_head(f, r);
	fputs("<main>\n", f);
	h_html_summary(f, r);
	h_html_flaky(f, r);
	h_html_grid(f, r);
	fputs("<h2>Details</h2>\n", f);
	for (i = 0; i < r->ncases; i++)
		h_html_case(f, &r->cases[i], i);
	fputs("</main>\n<footer>Written by rscert. Evidence links are relative to this "
	      "file.</footer>\n<script>\n",
	      f);
	fputs(h_html_script, f);
	fputs("</script>\n</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
