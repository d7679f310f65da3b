#!/usr/bin/env python3
"""check_schema.py SCHEMA DOC [--break PATH=JSON]...: DOC must validate
against SCHEMA (JSON Schema draft 2020-12), and each broken copy of DOC
(the value at PATH replaced, or removed with '-') must NOT validate: a
schema that accepts anything proves nothing. PATH is keys and indexes
separated by '/', e.g. cases/0/verdict."""
import argparse
import copy
import json
import sys

import jsonschema


def put(doc, path, value):
    keys = [int(k) if k.isdigit() else k for k in path.split("/")]
    for k in keys[:-1]:
        doc = doc[k]
    if value is None:
        del doc[keys[-1]]
    else:
        doc[keys[-1]] = value


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("schema")
    ap.add_argument("doc")
    ap.add_argument("--break", dest="breaks", action="append", default=[])
    a = ap.parse_args()
    with open(a.schema) as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    v = cls(schema, format_checker=cls.FORMAT_CHECKER)
    with open(a.doc) as f:
        doc = json.load(f)
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errors:
        print(f"{a.doc}: /{'/'.join(map(str, e.path))}: {e.message}")
    bad = len(errors)
    for b in a.breaks:
        path, _, text = b.partition("=")
        broken = copy.deepcopy(doc)
        put(broken, path, None if text == "-" else json.loads(text))
        if v.is_valid(broken):
            print(f"{a.doc}: broken copy ({b}) validates: the schema misses it")
            bad += 1
    print(f"{a.doc}: {'valid' if not errors else 'INVALID'}; "
          f"{len(a.breaks)} broken copies checked")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
