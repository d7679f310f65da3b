#!/usr/bin/env bash
# Every man page renders with man -l and groff reports no warning.
# Usage: man_render.sh PAGE...
set -euo pipefail
[ $# -ge 6 ] || { echo "FAIL: $# man pages built, want at least 6"; exit 1; }
for page in "$@"; do
	err=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null) ||
		{ echo "FAIL: man -l $page exited non-zero: $err"; exit 1; }
	[ -z "$err" ] || { echo "FAIL: $page: $err"; exit 1; }
	lines=$(MANWIDTH=80 man -l "$page" 2>/dev/null | wc -l)
	[ "$lines" -gt 10 ] || { echo "FAIL: $page renders $lines lines"; exit 1; }
done
# The check can fail: a page with a bad request must be reported.
bad=$(mktemp)
trap 'rm -f "$bad"' EXIT
printf '.TH BAD 1\n.SH NAME\nbad\n.BOGUSREQUEST x\n' >"$bad"
[ -n "$(MANWIDTH=80 man --warnings -l "$bad" 2>&1 >/dev/null)" ] ||
	{ echo "FAIL: groff reported no warning for an unknown request"; exit 1; }
echo "man_render: $# pages render without warnings"
