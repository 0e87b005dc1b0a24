#!/usr/bin/env python3
"""Regenerates data/gha-compromised.json, the known-compromised GitHub Actions that
`gha-compromised-action` reports, from a local checkout of the GitHub Advisory Database.

    git clone --depth 1 https://github.com/github/advisory-database
    scripts/gha-compromised.py advisory-database > data/gha-compromised.json

The advisory database stores one OSV JSON file per advisory under
`advisories/github-reviewed/<year>/<month>/<GHSA-id>/<GHSA-id>.json`. For each incident below the
script reads the advisory's `aliases` (the CVE), and for every `affected[]` entry of the
`GitHub Actions` ecosystem the package name and the first `fixed` event of its ranges: tags
below that version are reported. What the advisories do not carry in machine-readable form —
the malicious commit SHAs the incident reports name, and which tags were moved when there is no
fixed version — is kept here, next to the advisory id it comes from. An incident with no advisory
(`None`) is taken as written.
"""

import json
import sys
from pathlib import Path

# Advisory id -> facts that are not in the OSV record, per action.
INCIDENTS = {
    "GHSA-mrrh-fwg8-r2c3": {  # CVE-2025-30066
        "tj-actions/changed-files": {
            "summary": "every tag up to v45.0.7 was moved to a commit that dumped runner secrets into the logs on 2025-03-14",
            "malicious_shas": ["0e58ed8671d6b60d0890c21b07f8835ace038e67"],
        },
    },
    "GHSA-qmg3-hpqr-gqvc": {  # CVE-2025-30154
        "reviewdog/action-setup": {
            "summary": "the v1 tag pointed to a commit that dumped runner secrets into the logs on 2025-03-11",
            "tags": ["v1"],
            "malicious_shas": ["f0d342d24037bb11d26b9bd8496e0808ba32e9ec"],
        },
    },
    "GHSA-69fq-xp46-6x23": {  # CVE-2026-33634
        "aquasecurity/trivy-action": {
            "summary": "76 of 77 tags were force-pushed to a credential stealer on 2026-03-19",
            "tags_fixed_in": "0.35.0",
            "malicious_shas": ["ddb9da4475c1cef7d5389062bdfdfbdbd1394648"],
        },
        "aquasecurity/setup-trivy": {
            "summary": "all tags were force-pushed to a credential stealer on 2026-03-19",
            "malicious_shas": ["8afa9b9"],
        },
    },
    None: {
        "checkmarx/kics-github-action": {
            "summary": "a compromised release account retagged dozens of tags on 2026-03-23 (no GitHub advisory id found offline)",
            "malicious_shas": [],
        },
    },
}


def find_advisory(db, ghsa):
    hits = list((db / "advisories").glob(f"*/*/*/{ghsa}/{ghsa}.json"))
    if not hits:
        sys.exit(f"{ghsa}: not found under {db}/advisories (is this a checkout of github/advisory-database?)")
    return json.loads(hits[0].read_text())


def fixed_version(affected):
    for r in affected.get("ranges", []):
        for event in r.get("events", []):
            if "fixed" in event:
                return event["fixed"]
    return None


def entries(db):
    out = []
    for ghsa, actions in INCIDENTS.items():
        osv = find_advisory(db, ghsa) if ghsa else {}
        cve = next((a for a in osv.get("aliases", []) if a.startswith("CVE-")), None)
        affected = {
            a["package"]["name"].lower(): a
            for a in osv.get("affected", [])
            if a.get("package", {}).get("ecosystem") == "GitHub Actions"
        }
        for action, facts in actions.items():
            if ghsa and action not in affected and not facts.get("malicious_shas"):
                sys.exit(f"{ghsa} does not name {action}")
            entry = {
                "action": action,
                "advisory": ghsa,
                "cve": cve,
                "summary": facts["summary"],
                "tags_fixed_in": facts.get("tags_fixed_in"),
            }
            if action in affected:
                entry["tags_fixed_in"] = fixed_version(affected[action]) or entry["tags_fixed_in"]
            if "tags" in facts:
                entry["tags"] = facts["tags"]
            entry["malicious_shas"] = facts["malicious_shas"]
            out.append(entry)
    return sorted(out, key=lambda e: e["action"])


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    data = {
        "generated_by": "scripts/gha-compromised.py",
        "source": "github/advisory-database (OSV JSON, advisories/github-reviewed), plus the incident facts in scripts/gha-compromised.py",
        "actions": entries(Path(sys.argv[1])),
    }
    print(json.dumps(data, indent=2))


if __name__ == "__main__":
    main()
