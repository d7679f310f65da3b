#!/usr/bin/env python3
"""Apply one source mutant: replace the only occurrence of FROM by TO in FILE.

Usage: apply.py TREE FILE FROM TO   (FROM and TO with \\n and \\t escapes)
Exit 0 when applied, 2 when FROM does not occur exactly once (a table error).
"""
import sys


def unescape(s):
    return s.replace("\\n", "\n").replace("\\t", "\t")


def main():
    tree, rel, old, new = sys.argv[1:5]
    path = f"{tree}/{rel}"
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as e:
        print(f"mutants: {rel}: {e.strerror}", file=sys.stderr)
        return 2
    old, new = unescape(old), unescape(new)
    n = text.count(old)
    if n != 1:
        print(f"mutants: {rel}: the text to replace occurs {n} times, not once: {old!r}",
              file=sys.stderr)
        return 2
    open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
