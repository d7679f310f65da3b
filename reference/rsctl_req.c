/* rsctl_req.c: the CLI grammar (docs/CONTROL.md table) and the printer. */
#include "rsctl_req.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "cl_opt.h"

enum { R_NAME = 256, R_IP, R_ASN, R_VM, R_PREFIXES, R_B2B };

static const struct cl_opt rsctl_sub_opts[] = {
    {"name", R_NAME, "N", "the peering's name", 0},
    {"peer-ip", R_IP, "A", "the NVA's address", 0},
    {"peer-asn", R_ASN, "X", "the NVA's ASN", 0},
    {"vm", R_VM, "A", "effective routes of one VM", 0},
    {"prefixes", R_PREFIXES, "P...", "a peered VNet's address space", 0},
    {"allow-b2b-traffic", R_B2B, "true|false", "branch-to-branch", 0},
};

struct rsctl_words {
	const char *cmd, *sub;
	const char *v[6]; /* by option, R_NAME.. */
	int nops;         /* operands after the options */
	char **ops;
};

/* The subcommand's options (getopt_long: --name=N works); -1 after a
 * message naming the option. */
static int rsctl_parse(int argc, char **argv, struct rsctl_words *w)
{
	struct cl_parser p;
	const char *v;
	int c, rc = 0;

	if (cl_init(&p, "rsctl", rsctl_sub_opts, sizeof(rsctl_sub_opts) / sizeof(rsctl_sub_opts[0]),
	            1))
		return -1;
	while (!rc && (c = cl_next(&p, argc, argv, &v)) != -1) {
		if (c == '?')
			rc = -1;
		else
			w->v[c - R_NAME] = v;
	}
	w->nops = argc - optind;
	w->ops = argv + optind;
	cl_free(&p);
	return rc;
}

static int rsctl_fmt(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= cap) {
		fprintf(stderr, "rsctl: the request is too long\n");
		return -1;
	}
	return 0;
}

static int rsctl_fail(const char *fmt, ...)
{
	va_list ap;
	fputs("rsctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

/* Options other than the allowed ones, and operands, are refused by name. */
static int rsctl_only(const struct rsctl_words *w, const char *allowed, bool operands)
{
	for (size_t i = 0; i < 6; i++)
		if (w->v[i] && !strstr(allowed, rsctl_sub_opts[i].name))
			return rsctl_fail("%s%s%s does not take --%s", w->cmd, w->sub ? " " : "",
			                  w->sub ? w->sub : "", rsctl_sub_opts[i].name);
	if (w->nops && !operands)
		return rsctl_fail("%s%s%s: unexpected argument '%s'", w->cmd, w->sub ? " " : "",
		                  w->sub ? w->sub : "", w->ops[0]);
	return 0;
}

static int rsctl_need_name(const struct rsctl_words *w)
{
	if (!w->v[R_NAME - R_NAME])
		return rsctl_fail("%s %s needs --name N", w->cmd, w->sub);
	return 0;
}

static int rsctl_peering(const struct rsctl_words *w, char *out, size_t cap)
{
	static const struct {
		const char *sub, *req;
	} named[] = {{"show", "show"},
	             {"delete", "remove"},
	             {"list-learned-routes", "learned"},
	             {"list-advertised-routes", "advertised"}};
	const char *name = w->v[R_NAME - R_NAME];

	if (!strcmp(w->sub, "list"))
		return rsctl_only(w, "", false) ? -1 : rsctl_fmt(out, cap, "peering list");
	if (!strcmp(w->sub, "create")) {
		const char *ip = w->v[R_IP - R_NAME], *asn = w->v[R_ASN - R_NAME];
		if (rsctl_only(w, "name peer-ip peer-asn", false))
			return -1;
		if (!name || !ip || !asn)
			return rsctl_fail("peering create needs --name, --peer-ip and --peer-asn");
		return rsctl_fmt(out, cap, "peering add %s %s %s", name, ip, asn);
	}
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (!strcmp(w->sub, named[i].sub))
			return rsctl_only(w, "name", false) || rsctl_need_name(w)
			           ? -1
			           : rsctl_fmt(out, cap, "peering %s %s", named[i].req, name);
	return rsctl_fail("peering: unknown subcommand '%s' (list, show, create, delete, "
	                  "list-learned-routes, list-advertised-routes)",
	                  w->sub);
}

static int rsctl_vnet(const struct rsctl_words *w, char *out, size_t cap)
{
	const char *name = w->v[R_NAME - R_NAME], *first = w->v[R_PREFIXES - R_NAME];

	if (!strcmp(w->sub, "list"))
		return rsctl_only(w, "", false) ? -1 : rsctl_fmt(out, cap, "vnet-peering list");
	if (!strcmp(w->sub, "delete"))
		return rsctl_only(w, "name", false) || rsctl_need_name(w)
		           ? -1
		           : rsctl_fmt(out, cap, "vnet-peering remove %s", name);
	if (strcmp(w->sub, "create"))
		return rsctl_fail("vnet-peering: unknown subcommand '%s' (list, create, delete)",
		                  w->sub);
	/* --prefixes P1 P2 ...: the first is the option's value, the rest operands */
	if (rsctl_only(w, "name prefixes", first != NULL) || rsctl_need_name(w))
		return -1;
	if (!first)
		return rsctl_fail("vnet-peering create needs --prefixes P...");
	if (rsctl_fmt(out, cap, "vnet-peering add %s %s", name, first) < 0)
		return -1;
	for (int i = 0; i < w->nops; i++) {
		size_t l = strlen(out);
		if (rsctl_fmt(out + l, cap - l, " %s", w->ops[i]) < 0)
			return -1;
	}
	return 0;
}

static int rsctl_simple(const struct rsctl_words *w, char *out, size_t cap)
{
	const char *vm = w->v[R_VM - R_NAME], *b2b = w->v[R_B2B - R_NAME];

	if (!strcmp(w->cmd, "effective-routes"))
		return rsctl_only(w, "vm", false)
		           ? -1
		           : (vm ? rsctl_fmt(out, cap, "effective-routes %s", vm)
		                 : rsctl_fmt(out, cap, "effective-routes"));
	if (!strcmp(w->cmd, "update")) {
		if (rsctl_only(w, "allow-b2b-traffic", false))
			return -1;
		if (!b2b || (strcmp(b2b, "true") && strcmp(b2b, "false")))
			return rsctl_fail("update needs --allow-b2b-traffic true|false");
		return rsctl_fmt(out, cap, "branch-to-branch %s",
		                 strcmp(b2b, "true") ? "off" : "on");
	}
	if (rsctl_only(w, "", false))
		return -1;
	return rsctl_fmt(out, cap, "%s", w->cmd);
}

int rsctl_build_request(int argc, char **argv, char *out, size_t cap)
{
	static const char *simple[] = {"metrics", "sessions", "ping", "effective-routes", "update"};
	struct rsctl_words w = {.cmd = argv[0]};
	bool sub = !strcmp(w.cmd, "peering") || !strcmp(w.cmd, "vnet-peering");

	if (!strcmp(w.cmd, "raw")) {
		if (argc < 2)
			return rsctl_fail("raw needs the request's words");
		out[0] = 0;
		for (int i = 1; i < argc; i++) {
			size_t l = strlen(out);
			if (rsctl_fmt(out + l, cap - l, "%s%s", i > 1 ? " " : "", argv[i]) < 0)
				return -1;
		}
		return 0;
	}
	if (sub) {
		if (argc < 2)
			return rsctl_fail("%s needs a subcommand", w.cmd);
		w.sub = argv[1];
	}
	if (rsctl_parse(argc - sub, argv + sub, &w))
		return -1;
	if (!strcmp(w.cmd, "peering"))
		return rsctl_peering(&w, out, cap);
	if (!strcmp(w.cmd, "vnet-peering"))
		return rsctl_vnet(&w, out, cap);
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++)
		if (!strcmp(w.cmd, simple[i]))
			return rsctl_simple(&w, out, cap);
	return rsctl_fail("unknown command '%s'", w.cmd);
}

static void rsctl_indent(FILE *f, int depth)
{
	fputc('\n', f);
	for (int i = 0; i < depth; i++)
		fputs("  ", f);
}

void rsctl_pretty(FILE *f, const char *s)
{
	int depth = 0, instr = 0;
	for (const char *p = s; *p; p++) {
		char c = *p;
		if (instr) {
			fputc(c, f);
			if (c == '\\' && p[1]) {
				fputc(*++p, f);
			} else if (c == '"') {
				instr = 0;
			}
			continue;
		}
		switch (c) {
		case '"':
			instr = 1;
			fputc(c, f);
			break;
		case '{':
		case '[':
			fputc(c, f);
			if (p[1] == '}' || p[1] == ']') {
				fputc(*++p, f);
				break;
			}
			rsctl_indent(f, ++depth);
			break;
		case '}':
		case ']':
			rsctl_indent(f, --depth);
			fputc(c, f);
			break;
		case ',':
			fputc(c, f);
			rsctl_indent(f, depth);
			break;
		case ':':
			fputs(": ", f);
			break;
		case '\n':
		case ' ':
			break;
		default:
			fputc(c, f);
		}
	}
	fputc('\n', f);
}
