#!/usr/bin/env python3
"""check-reports.py — checks ffisan's machine-readable reports (e2e `post:`).

  check-reports.py json FILE [--kinds K,K...]
      every line of FILE that starts with '{' is one JSON report object with
      kind, message, summary, pid, thread, program, stacks[{title, frames[{pc,
      function, file, line, module, side}]}], notes[]; no text report lines
      are mixed in; --kinds: the reports' kinds, in order.
  check-reports.py sarif FILE [--kinds K,K...] [--uri-suffix S]
      FILE is a SARIF log (or a stderr capture holding one on a line that
      starts with {"$schema"); it must validate against the SARIF 2.1.0
      schema (tests/tools/install-sarif-validator.sh installs it) and hold
      one run of tool ffisan whose results have rules, level error, a
      message, and a location with file and line; --uri-suffix: the first
      result's location ends with it.
Exits 1 with one line per problem.
"""
import argparse
import json
import os
import re
import sys

problems = []


def bad(msg):
    problems.append(msg)


def check_frame(where, f):
    keys = {"pc", "function", "file", "line", "module", "side"}
    if set(f) != keys:
        bad(f"{where}: frame keys {sorted(f)} != {sorted(keys)}")
        return
    if not re.fullmatch(r"0x[0-9a-f]+", f["pc"]):
        bad(f"{where}: pc {f['pc']!r}")
    if f["line"] is not None and (not isinstance(f["line"], int) or f["line"] < 1):
        bad(f"{where}: line {f['line']!r}")
    if f["side"] not in (None, "C", "C++", "Rust", "unknown"):
        bad(f"{where}: side {f['side']!r}")


def check_json(path, kinds):
    seen = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            where = f"{path}:{n}"
            if not line.startswith("{"):
                if "ERROR: FFISan:" in line or line.startswith("SUMMARY: FFISan"):
                    bad(f"{where}: text report line in JSON output: {line.strip()}")
                continue
            try:
                r = json.loads(line)
            except ValueError as e:
                bad(f"{where}: not JSON: {e}")
                continue
            for key, types in (("kind", str), ("message", str), ("pid", int),
                               ("stacks", list), ("notes", list)):
                if not isinstance(r.get(key), types):
                    bad(f"{where}: {key} missing or not {types.__name__}")
            if not all(k in r for k in ("summary", "thread", "program")):
                bad(f"{where}: summary/thread/program missing")
            if problems:
                continue
            seen.append(r["kind"])
            if not r["message"].startswith(r["kind"]):
                bad(f"{where}: message does not start with the kind: {r['message']!r}")
            if r["summary"] is not None and not r["summary"].startswith(r["kind"]):
                bad(f"{where}: summary does not start with the kind: {r['summary']!r}")
            if not r["stacks"] or not r["stacks"][0]["frames"]:
                bad(f"{where}: no first stack")
            for i, s in enumerate(r["stacks"]):
                if set(s) != {"title", "frames"}:
                    bad(f"{where}: stack {i} keys {sorted(s)}")
                    continue
                if i and not s["title"]:
                    bad(f"{where}: stack {i} has no title")
                for j, f in enumerate(s["frames"]):
                    check_frame(f"{where}: stack {i} frame {j}", f)
            if not all(isinstance(x, str) and x for x in r["notes"]):
                bad(f"{where}: notes must be non-empty strings")
    if kinds is not None and seen != kinds:
        bad(f"{path}: kinds {seen} != expected {kinds}")


def load_sarif(path):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    docs = [l for l in text.splitlines() if l.startswith('{"$schema"')]
    if not docs and text.lstrip().startswith("{"):
        docs = [text]
    if len(docs) != 1:
        bad(f"{path}: {len(docs)} SARIF documents, expected 1")
        return None
    try:
        return json.loads(docs[0])
    except ValueError as e:
        bad(f"{path}: not JSON: {e}")
        return None


def check_sarif(path, kinds, uri_suffix):
    doc = load_sarif(path)
    if doc is None:
        return
    root = os.path.join(os.path.dirname(__file__), "..", "..", "build", "tools", "sarif")
    import jsonschema  # the interpreter chosen by install-sarif-validator.sh has it
    with open(os.path.join(root, "schema.json"), encoding="utf-8") as fh:
        schema = json.load(fh)
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
        bad(f"{path}: schema: /{'/'.join(map(str, e.path))}: {e.message[:200]}")
    if problems:
        return
    if doc["version"] != "2.1.0" or len(doc["runs"]) != 1:
        bad(f"{path}: version {doc['version']}, {len(doc['runs'])} runs")
        return
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    if driver["name"] != "ffisan":
        bad(f"{path}: tool {driver['name']!r}")
    rules = [r["id"] for r in driver.get("rules", [])]
    results = run.get("results", [])
    for i, r in enumerate(results):
        where = f"{path}: result {i}"
        if r.get("ruleId") not in rules or rules.index(r["ruleId"]) != r.get("ruleIndex"):
            bad(f"{where}: ruleId {r.get('ruleId')!r} / ruleIndex {r.get('ruleIndex')} vs rules {rules}")
        if r.get("level") != "error" or not r["message"]["text"].startswith(r.get("ruleId", "?")):
            bad(f"{where}: level {r.get('level')!r}, message {r['message']!r}")
        loc = (r.get("locations") or [{}])[0].get("physicalLocation", {})
        if "uri" not in loc.get("artifactLocation", {}) or loc.get("region", {}).get("startLine", 0) < 1:
            bad(f"{where}: no file:line location: {loc}")
        if not r.get("stacks") or not r["stacks"][0]["frames"]:
            bad(f"{where}: no stacks")
    if kinds is not None and [r.get("ruleId") for r in results] != kinds:
        bad(f"{path}: results {[r.get('ruleId') for r in results]} != expected {kinds}")
    if uri_suffix and results:
        uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if not uri.endswith(uri_suffix):
            bad(f"{path}: first location {uri} does not end with {uri_suffix}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format", choices=["json", "sarif"])
    ap.add_argument("file")
    ap.add_argument("--kinds", type=lambda s: s.split(",") if s else [])
    ap.add_argument("--uri-suffix")
    a = ap.parse_args()
    if not os.path.exists(a.file):
        print(f"{a.file}: no such file", file=sys.stderr)
        return 1
    if a.format == "json":
        check_json(a.file, a.kinds)
    else:
        check_sarif(a.file, a.kinds, a.uri_suffix)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
