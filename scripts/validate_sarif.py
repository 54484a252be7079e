#!/usr/bin/env python3
"""Validates `corefile-lint check --format sarif` output against the official SARIF 2.1.0 schema.

Usage: validate_sarif.py BINARY SCHEMA PATH...   (exit 1 on any violation)
"""
import json
import subprocess
import sys

import jsonschema

binary, schema_path, *paths = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
out = subprocess.run([binary, "check", "--format", "sarif", *paths], capture_output=True, text=True)
if out.returncode not in (0, 1):
    sys.exit(f"check failed with exit {out.returncode}: {out.stderr}")
log = json.loads(out.stdout)
validator = jsonschema.Draft7Validator(schema)
errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
for e in errors[:20]:
    print("SARIF violation at", "/".join(map(str, e.path)), ":", e.message)
results = sum(len(r["results"]) for r in log["runs"])
if errors:
    sys.exit(1)
if results == 0:
    sys.exit("the SARIF log has no results: validate a file with findings")
print(f"SARIF valid: {results} results, {len(log['runs'][0]['tool']['driver']['rules'])} rules")
