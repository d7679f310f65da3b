/* rsctl_req.c: the CLI grammar (docs/CONTROL.md table) and the printer. */
#include "rsctl_req.h"

#include <stdarg.h>
#include <string.h>

/* The value of --opt, or NULL. */
static const char *rsctl_opt(int argc, char **argv, const char *opt)
{
	for (int i = 0; i + 1 < argc; i++)
		if (strcmp(argv[i], opt) == 0)
			return argv[i + 1];
	return NULL;
}

static int rsctl_fmt(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

static int rsctl_peering(int argc, char **argv, char *out, size_t cap)
{
	const char *sub = argv[0];
	const char *name = rsctl_opt(argc, argv, "--name");
	if (strcmp(sub, "list") == 0 && argc == 1)
		return rsctl_fmt(out, cap, "peering list");
	if (!name)
		return -1;
	if (strcmp(sub, "show") == 0)
		return rsctl_fmt(out, cap, "peering show %s", name);
	if (strcmp(sub, "delete") == 0)
		return rsctl_fmt(out, cap, "peering remove %s", name);
	if (strcmp(sub, "list-learned-routes") == 0)
		return rsctl_fmt(out, cap, "peering learned %s", name);
	if (strcmp(sub, "list-advertised-routes") == 0)
		return rsctl_fmt(out, cap, "peering advertised %s", name);
	if (strcmp(sub, "create") == 0) {
		const char *ip = rsctl_opt(argc, argv, "--peer-ip");
		const char *asn = rsctl_opt(argc, argv, "--peer-asn");
		if (!ip || !asn)
			return -1;
		return rsctl_fmt(out, cap, "peering add %s %s %s", name, ip, asn);
	}
	return -1;
}

static int rsctl_vnet(int argc, char **argv, char *out, size_t cap)
{
	const char *sub = argv[0];
	const char *name = rsctl_opt(argc, argv, "--name");
	if (strcmp(sub, "list") == 0 && argc == 1)
		return rsctl_fmt(out, cap, "vnet-peering list");
	if (!name)
		return -1;
	if (strcmp(sub, "delete") == 0)
		return rsctl_fmt(out, cap, "vnet-peering remove %s", name);
	if (strcmp(sub, "create") != 0)
		return -1;
	if (rsctl_fmt(out, cap, "vnet-peering add %s", name) < 0)
		return -1;
	int n = 0;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--prefixes") != 0)
			continue;
		for (int k = i + 1; k < argc && strncmp(argv[k], "--", 2) != 0; k++, n++) {
			size_t l = strlen(out);
			if (rsctl_fmt(out + l, cap - l, " %s", argv[k]) < 0)
				return -1;
		}
	}
	return n > 0 ? 0 : -1;
}

int rsctl_build_request(int argc, char **argv, char *out, size_t cap)
{
	if (argc < 1)
		return -1;
	const char *cmd = argv[0];
	if (strcmp(cmd, "peering") == 0 && argc >= 2)
		return rsctl_peering(argc - 1, argv + 1, out, cap);
	if (strcmp(cmd, "vnet-peering") == 0 && argc >= 2)
		return rsctl_vnet(argc - 1, argv + 1, out, cap);
	if ((strcmp(cmd, "metrics") == 0 || strcmp(cmd, "sessions") == 0 ||
	     strcmp(cmd, "ping") == 0) &&
	    argc == 1)
		return rsctl_fmt(out, cap, "%s", cmd);
	if (strcmp(cmd, "effective-routes") == 0) {
		const char *vm = rsctl_opt(argc, argv, "--vm");
		if (argc != 1 && !vm)
			return -1;
		return vm ? rsctl_fmt(out, cap, "effective-routes %s", vm)
		          : rsctl_fmt(out, cap, "effective-routes");
	}
	if (strcmp(cmd, "update") == 0) {
		const char *v = rsctl_opt(argc, argv, "--allow-b2b-traffic");
		if (!v || (strcmp(v, "true") != 0 && strcmp(v, "false") != 0))
			return -1;
		return rsctl_fmt(out, cap, "branch-to-branch %s",
		                 strcmp(v, "true") == 0 ? "on" : "off");
	}
	if (strcmp(cmd, "raw") == 0 && argc >= 2) {
		out[0] = 0;
		for (int i = 1; i < argc; i++) {
			size_t l = strlen(out);
			if (rsctl_fmt(out + l, cap - l, "%s%s", i > 1 ? " " : "", argv[i]) < 0)
				return -1;
		}
		return 0;
	}
	return -1;
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
