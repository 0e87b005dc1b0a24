#!/usr/bin/env python3
"""Precision check of ndlint's gha- rules against zizmor on the corpus in fixtures/gha/zizmor.

Runs `zizmor --offline --format json` and `ndlint check -f json --select gha-` on the corpus and
fails when zizmor reports a finding of a mapped audit (the table in docs/gha-zizmor.md, AUDITS
below) at a place where ndlint reports none of the mapped rules. "At a place" means the ndlint
finding's line lies within the lines of zizmor's primary location or of one of its related
locations: zizmor points at whole nodes (a step, a job, a `key: value` entry) where ndlint points
at the offending part inside them (the ref after `@`, the `${{ }}` inside a `run:` block).

Every corpus workflow also declares what ndlint must find in a first-line comment:
`# expect: gha-rule, gha-other` (these rules must fire in the file) or `# expect: none` (ndlint
must report nothing there) — that covers what zizmor misses and the false positives ndlint avoids.

Usage: scripts/compare-zizmor.py [CORPUS_DIR]
  ZIZMOR  the zizmor executable (default `zizmor`; CI installs zizmor==1.32.* from PyPI)
  NDLINT  the ndlint executable (default `cargo run --quiet --`)
"""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

# zizmor audit -> the ndlint rules that cover it.
AUDITS = {
    "unpinned-uses": {"gha-unpinned-uses", "gha-branch-ref", "gha-compromised-action"},
    "artipacked": {"gha-checkout-persist-credentials"},
    "excessive-permissions": {
        "gha-permissions-missing",
        "gha-permissions-write-all",
        "gha-workflow-level-write-permissions",
        "gha-id-token-write-without-environment",
    },
    "dangerous-triggers": {"gha-dangerous-trigger"},
    "template-injection": {
        "gha-template-injection",
        "gha-template-injection-partly-controlled",
        "gha-template-expansion-in-script",
    },
    "github-env": {"gha-github-env-untrusted-write"},
    "cache-poisoning": {"gha-cache-in-privileged-workflow"},
    "overprovisioned-secrets": {"gha-secrets-to-json"},
    "secrets-inherit": {"gha-secrets-inherit"},
    "bot-conditions": {"gha-spoofable-bot-condition"},
    "unsound-condition": {"gha-if-always-true"},
    "insecure-commands": {"gha-unsecure-commands"},
    "hardcoded-container-credentials": {"gha-container-credentials-hardcoded"},
    "dependabot-cooldown": {"gha-dependabot-cooldown"},
    "dependabot-execution": {"gha-dependabot-insecure-code-execution"},
    "unpinned-tools": {"gha-tool-version-unpinned"},
    "unpinned-images": {"gha-image-not-pinned-by-digest"},
    "self-hosted-runner": {"gha-self-hosted-runner-on-pr"},
}


def run(cmd, cwd):
    out = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if not out.stdout.strip():
        sys.exit(f"{' '.join(cmd)} printed nothing (exit {out.returncode}):\n{out.stderr}")
    return json.loads(out.stdout)


def zizmor_findings(corpus):
    zizmor = shlex.split(os.environ.get("ZIZMOR", "zizmor"))
    report = run(zizmor + ["--offline", "--no-config", "--no-exit-codes", "--format", "json", "."], corpus)
    found = []
    for f in report:
        spans, primary = [], None
        for loc in f["locations"]:
            key = loc["symbolic"]["key"].get("Local", {})
            path = os.path.normpath(key.get("verbatim_path") or key.get("given_path") or "")
            c = loc["concrete"]["location"]
            rows = (c["start_point"]["row"] + 1, c["end_point"]["row"] + 1)
            if loc["symbolic"]["kind"] == "Primary":
                primary = (path, rows)
            if loc["symbolic"]["kind"] in ("Primary", "Related"):
                spans.append(rows)
        if primary:
            found.append({"audit": f["ident"], "file": primary[0], "line": primary[1][0], "spans": spans})
    return found


def ndlint_findings(corpus, repo):
    ndlint = shlex.split(os.environ.get("NDLINT", "cargo run --quiet --"))
    cmd = ndlint + ["check", "-f", "json", "--select", "gha-", "--fail-on", "never", "--no-ignores", str(corpus)]
    report = run(cmd, repo)
    rel = corpus.resolve().relative_to(repo.resolve()).as_posix()
    return [
        {"rule": f["rule"], "file": os.path.relpath(f["file"], rel), "line": f["start"]["line"]}
        for f in report["findings"]
    ]


def expectations(corpus):
    out = {}
    for path in sorted(corpus.rglob("*.yml")):
        first = next(iter(path.read_text().splitlines()), "")
        if first.startswith("# expect:"):
            rules = {r.strip() for r in first[len("# expect:") :].split(",") if r.strip()}
            out[path.relative_to(corpus).as_posix()] = rules
    return out


def main():
    repo = Path(__file__).resolve().parent.parent
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else repo / "fixtures/gha/zizmor"
    corpus = corpus.resolve()
    ziz = zizmor_findings(corpus)
    nd = ndlint_findings(corpus, repo)
    failures = []

    stats = {}
    for z in ziz:
        s = stats.setdefault(z["audit"], {"zizmor": 0, "covered": 0, "same_line": 0})
        s["zizmor"] += 1
        rules = AUDITS.get(z["audit"])
        if rules is None:
            continue
        mine = [n for n in nd if n["file"] == z["file"] and n["rule"] in rules]
        if any(n["line"] == z["line"] for n in mine):
            s["same_line"] += 1
        if any(lo <= n["line"] <= hi for n in mine for lo, hi in z["spans"]):
            s["covered"] += 1
        else:
            failures.append(f"{z['file']}:{z['line']}: zizmor {z['audit']}, ndlint reports none of {sorted(rules)} there")

    files = expectations(corpus)
    zizmor_only = 0
    for file, rules in files.items():
        got = {n["rule"] for n in nd if n["file"] == file}
        if rules == {"none"}:
            if got:
                failures.append(f"{file}: expected no ndlint finding, got {sorted(got)}")
            zizmor_only += sum(1 for z in ziz if z["file"] == file)
        else:
            missing = rules - got
            if missing:
                failures.append(f"{file}: ndlint should report {sorted(missing)}")

    print(f"{'zizmor audit':34} {'zizmor':>6} {'covered':>8} {'same line':>9}  ndlint rules")
    for audit, s in sorted(stats.items()):
        mapped = ", ".join(sorted(AUDITS.get(audit, []))) or "(not mapped)"
        print(f"{audit:34} {s['zizmor']:6} {s['covered']:8} {s['same_line']:9}  {mapped}")
    beyond = sorted({n["rule"] for n in nd} - set().union(*AUDITS.values()))
    print(f"\n{len(files)} corpus files, {len(ziz)} zizmor findings, {len(nd)} ndlint findings")
    print(f"ndlint rules with no zizmor audit that fired: {', '.join(beyond) or 'none'}")
    print(f"zizmor findings in files where ndlint expects none: {zizmor_only}")
    if failures:
        print("\nFAIL:\n" + "\n".join(failures))
        sys.exit(1)
    print("\nOK: every mapped zizmor finding is covered by ndlint at its place")


if __name__ == "__main__":
    main()
