#!/usr/bin/env python3
"""Real-world check of the Terraform front-ends on a locally fetched checkout (e.g. Checkov's or
Trivy's test data): every plan JSON is linted; every directory holding both a plan and `.tf`
sources is also linted from its sources alone, and the HCL findings must be among the plan's
(same rule, `.tf` file, line and address) or be `tf-needs-input`.

    python3 scripts/realworld_tf.py CHECKOUT [NDLINT]   (NDLINT defaults to target/release/ndlint)

Prints per plan: read or rejected (and why), and per plan+sources directory the HCL findings the
plan does not have. Nothing is downloaded; CHECKOUT is only read (copied to a temporary dir).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(ndlint, cwd, *args):
    p = subprocess.run([ndlint, "check", *args, "-f", "json", "--fail-on", "never", "--no-builtin-policies"],
                       cwd=cwd, capture_output=True, text=True)
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError:
        return {"findings": [], "error": p.stderr.strip()[:200]}


def key(f):
    return (f["rule"], f["file"], f["start"]["line"], f.get("address"))


def main():
    src = os.path.abspath(sys.argv[1])
    ndlint = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else "target/release/ndlint")
    plans = []
    for d, dirs, files in os.walk(src):
        dirs[:] = [x for x in dirs if x != ".git"]
        for n in files:
            if n.endswith(".json") and "plan" in n.lower():
                plans.append(os.path.join(d, n))
    read = rejected = 0
    compared = extra_total = 0
    for plan in sorted(plans):
        d = os.path.dirname(plan)
        with tempfile.TemporaryDirectory() as tmp:
            # A private copy of the directory, as a repository of its own (no config applies).
            work = os.path.join(tmp, "w")
            shutil.copytree(d, work, ignore=shutil.ignore_patterns(".git"))
            subprocess.run(["git", "init", "-q", work])
            name = os.path.basename(plan)
            only_plan = run(ndlint, work, name)
            errors = [f for f in only_plan["findings"] if f["rule"] == "parse-error"]
            rel = os.path.relpath(plan, src)
            if errors:
                rejected += 1
                print(f"rejected {rel}: {errors[0]['message'][:120]}")
                continue
            read += 1
            if not any(n.endswith(".tf") for n in os.listdir(work)):
                continue
            os.remove(os.path.join(work, name))
            from_sources = run(ndlint, work, ".")
            plan_keys = {key(f) for f in only_plan["findings"]}
            extra = [f for f in from_sources["findings"]
                     if f["rule"] not in ("tf-needs-input", "parse-error") and key(f) not in plan_keys]
            compared += 1
            extra_total += len(extra)
            shown = ", ".join(f"{f['rule']} {f['file']}:{f['start']['line']}" for f in extra[:5])
            print(f"sources  {os.path.relpath(d, src)}: {len(from_sources['findings'])} HCL findings, "
                  f"{len(extra)} not in the plan{': ' + shown if extra else ''}")
    print(f"plans read: {read}, rejected: {rejected}; plan+sources compared: {compared}, "
          f"HCL findings not in the plan: {extra_total}")


if __name__ == "__main__":
    main()
