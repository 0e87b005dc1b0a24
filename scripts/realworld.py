#!/usr/bin/env python3
"""Runs ndlint on local snapshots of public repositories, as a new user would, and prints per
repository: files, documents, findings by rule, render failures, wall time, peak memory, and the
chart-mode ⊇ piped-render comparison for each Helm chart.

usage: scripts/realworld.py [--ndlint BIN] [--charts N] [--out DIR] [NAME=]PATH...

PATH is a checkout, or a bare git directory (as the snapshot tools deliver them), which is
exported to a temporary directory first (blobs missing from a partial snapshot are skipped).
The snapshots are never part of this repository and this script is not run in CI.

For every chart (a directory with `Chart.yaml` and `templates/`, not a library chart, not a
vendored subchart under `charts/`), up to N per repository (default 20):
  piped  `helm template NAME CHART --namespace default --kube-version K | ndlint check - --no-ignores -f json`
  chart  `ndlint check CHART --no-ignores -f json`
compared by (rule, object, pointer): chart mode must report every finding of the piped render.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

RENDER_RULES = ("helm-render", "kustomize-render")
KUBE_VERSION = "1.33"


def export_bare(git_dir, into):
    """Writes HEAD's tree of a bare repository into `into`, skipping blobs the snapshot lacks."""
    tree = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", "HEAD"], capture_output=True, check=True
    ).stdout.split(b"\0")
    entries = []
    for line in filter(None, tree):
        meta, path = line.split(b"\t", 1)
        mode, kind, sha = meta.split()
        if kind == b"blob" and mode != b"120000":
            entries.append((sha, path.decode("utf-8", "replace")))
    batch = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    missing = 0
    for sha, path in entries:
        batch.stdin.write(sha + b"\n")
        batch.stdin.flush()
        header = batch.stdout.readline().split()
        if len(header) < 3:  # "<sha> missing"
            missing += 1
            continue
        data = batch.stdout.read(int(header[2]))
        batch.stdout.read(1)
        target = os.path.join(into, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)
    batch.stdin.close()
    batch.wait()
    return missing


def run(cmd, cwd, stdin_bytes=None, timeout=900):
    """Runs a command; returns (exit code, stdout bytes, stderr text, seconds, peak RSS MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.PIPE)
        if stdin_bytes is not None:
            p.stdin.write(stdin_bytes)
        p.stdin.close()
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                p.kill()
                pid, status, usage = os.wait4(p.pid, 0)
                break
            time.sleep(0.02)
        seconds = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss / 1024


def report_of(stdout):
    try:
        return json.loads(stdout)
    except ValueError:
        return None


def key(f):
    o = f.get("object") or {}
    obj = "/".join(str(o.get(k) or "") for k in ("apiVersion", "kind", "namespace", "name"))
    return (f["rule"], obj, f.get("pointer") or "")


def find_charts(root):
    charts = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "vendor"))
        if "Chart.yaml" in filenames and os.path.isdir(os.path.join(dirpath, "templates")):
            parts = os.path.relpath(dirpath, root).split(os.sep)
            if "charts" in parts[:-1] and any(
                os.path.isfile(os.path.join(root, *parts[:i], "Chart.yaml")) for i in range(len(parts))
            ):
                continue  # a vendored subchart: rendered with its parent
            with open(os.path.join(dirpath, "Chart.yaml"), encoding="utf-8", errors="replace") as f:
                text = f.read()
            if "type: library" in text:
                continue
            name = next((l.split(":", 1)[1].strip().strip("'\"") for l in text.splitlines() if l.startswith("name:")), None)
            charts.append((dirpath, name or os.path.basename(dirpath)))
    return charts


def compare_chart(ndlint, root, chart, name):
    """Returns (piped findings, chart findings, lost keys, note)."""
    rel = os.path.relpath(chart, root)
    code, rendered, err, _, _ = run(
        ["helm", "template", name, rel, "--namespace", "default", "--kube-version", KUBE_VERSION], root, timeout=300
    )
    if code != 0:
        return None, None, [], "helm template failed: " + err.strip().splitlines()[-1][:200] if err.strip() else "helm template failed"
    _, out, _, _, _ = run([ndlint, "check", "-", "--no-ignores", "-f", "json", "--fail-on", "never"], root, rendered)
    piped = report_of(out)
    _, out, _, _, _ = run([ndlint, "check", rel, "--no-ignores", "-f", "json", "--fail-on", "never"], root)
    mode = report_of(out)
    if piped is None or mode is None:
        return None, None, [], "ndlint wrote no JSON"
    pk = {key(f) for f in piped["findings"] if f["rule"] not in RENDER_RULES}
    ck = {key(f) for f in mode["findings"]}
    return len(pk), len(ck), sorted(pk - ck), ""


def lint_repo(ndlint, name, root, max_charts, out_dir):
    code, out, err, seconds, rss = run(
        [ndlint, "check", ".", "--no-ignores", "-f", "json", "--fail-on", "never", "-j", "2"], root
    )
    report = report_of(out)
    print(f"\n== {name}")
    if report is None:
        print(f"   no JSON report (exit {code}): {err.strip()[-500:]}")
        return {"name": name, "crash": True}
    if out_dir:
        with open(os.path.join(out_dir, name.replace("/", "+") + ".json"), "wb") as f:
            f.write(out)
    s = report["summary"]
    findings = report["findings"]
    by_rule = collections.Counter(f["rule"] for f in findings)
    failures = [f for f in findings if f["rule"] in RENDER_RULES]
    print(
        f"   {s['files']} files, {s['documents']} documents, {s['findings']} findings, "
        f"{len(failures)} render failures, {seconds:.1f} s, peak {rss:.0f} MB, exit {code}"
    )
    if report.get("errors"):
        print(f"   {len(report['errors'])} errors: {report['errors'][:3]}")
    print("   findings by rule: " + ", ".join(f"{r} {n}" for r, n in by_rule.most_common()))
    for f in failures:
        first = f["message"].splitlines()[0] if f["message"] else ""
        print(f"   render failure {f['file']}:{f['start']['line']}: {first[:240]}")
    charts = find_charts(root)
    compared = held = 0
    for chart, chart_name in charts[:max_charts]:
        piped, mode, lost, note = compare_chart(ndlint, root, chart, chart_name)
        rel = os.path.relpath(chart, root)
        if piped is None:
            print(f"   chart {rel}: not compared ({note})")
            continue
        compared += 1
        held += not lost
        verdict = "chart ⊇ piped" if not lost else f"{len(lost)} lost"
        print(f"   chart {rel}: piped {piped}, chart mode {mode}: {verdict}")
        for rule, obj, pointer in lost[:8]:
            print(f"      lost {rule} {obj} {pointer}")
    skipped = max(0, len(charts) - max_charts)
    if skipped:
        print(f"   ({skipped} more charts not compared; --charts raises the limit)")
    return {
        "name": name,
        "files": s["files"],
        "documents": s["documents"],
        "findings": s["findings"],
        "rules": len(by_rule),
        "failures": len(failures),
        "seconds": seconds,
        "rss": rss,
        "charts": f"{held}/{compared}" if compared else "—",
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ndlint", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "ndlint"))
    ap.add_argument("--charts", type=int, default=20, help="charts compared per repository (default 20)")
    ap.add_argument("--out", help="directory for each repository's JSON report")
    ap.add_argument("repos", nargs="+", metavar="[NAME=]PATH")
    args = ap.parse_args()
    ndlint = os.path.abspath(args.ndlint)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ndlint-realworld-") as tmp:
        for spec in args.repos:
            name, _, path = spec.rpartition("=")
            path = os.path.abspath(path)
            name = name or os.path.basename(path.rstrip("/").removesuffix("/repo"))
            if os.path.isfile(os.path.join(path, "HEAD")) and os.path.isdir(os.path.join(path, "objects")):
                into = os.path.join(tmp, name)
                missing = export_bare(path, into)
                if missing:
                    print(f"({name}: {missing} files absent from the snapshot)", file=sys.stderr)
                path = into
            rows.append(lint_repo(ndlint, name, path, args.charts, args.out))
    print("\n| repository | files | documents | findings | rules fired | render failures | time (-j 2) | peak RSS | charts where chart ⊇ piped |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        if r.get("crash"):
            print(f"| {r['name']} | — | — | — | — | — | — | — | no report |")
            continue
        print(
            f"| {r['name']} | {r['files']} | {r['documents']} | {r['findings']} | {r['rules']} | {r['failures']} "
            f"| {r['seconds']:.1f} s | {r['rss']:.0f} MB | {r['charts']} |"
        )


if __name__ == "__main__":
    main()
