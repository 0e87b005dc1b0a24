"""Builds Terraform plan JSON in the exact shape of `terraform show -json` (format_version 1.2).

No terraform binary (or AWS provider) is needed: the fixture and example plans under `fixtures/`
and `terraform/environments/*/plan.json` are generated from the specs in `scripts/gen_tfplans.py`,
which mirror the `.tf` sources next to them. A spec lists resources with their planned values;
`U` marks a value known only after apply, `sensitive` lists attributes Terraform marks sensitive.
"""

import json

TERRAFORM_VERSION = "1.9.8"
AWS = "registry.terraform.io/hashicorp/aws"


class _Unknown:
    def __repr__(self):
        return "U"


U = _Unknown()


def _known(v):
    """The value with unknown leaves removed (how `after` omits them)."""
    if v is U:
        return None
    if isinstance(v, dict):
        return {k: _known(x) for k, x in v.items() if x is not U}
    if isinstance(v, list):
        return [_known(x) for x in v if x is not U]
    return v


def _unknown_mask(v):
    if v is U:
        return True
    if isinstance(v, dict):
        return {k: m for k, m in ((k, _unknown_mask(x)) for k, x in v.items()) if m not in (False, None)}
    if isinstance(v, list):
        return [_unknown_mask(x) or False for x in v]
    return None


def _skeleton(v):
    if isinstance(v, dict):
        return {k: s for k, s in ((k, _skeleton(x)) for k, x in v.items()) if s is not None}
    if isinstance(v, list):
        return [_skeleton(x) or False for x in v]
    return None


def _sensitive_mask(v, sensitive):
    mask = {}
    if isinstance(v, dict):
        for k, x in v.items():
            if k in sensitive:
                mask[k] = True
            else:
                s = _skeleton(x)
                if s is not None:
                    mask[k] = s
    return mask


def _expr(v):
    if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
        return [{k: _expr(x) for k, x in item.items() if x is not U} for item in v]
    return {"constant_value": _known(v)}


class Resource:
    def __init__(self, address, after, *, before=None, actions=("create",), sensitive=(), refs=None,
                 defaults=(), replace_paths=None, count=None, for_each=None, mode="managed",
                 before_sensitive=(), action_reason=None):
        self.address = address
        self.after = after
        self.before = before
        self.actions = list(actions)
        self.sensitive = set(sensitive)
        self.before_sensitive = set(before_sensitive) or set(sensitive)
        self.refs = refs or {}
        self.defaults = set(defaults)
        self.replace_paths = replace_paths
        self.count = count
        self.for_each = for_each
        self.mode = mode
        self.action_reason = action_reason
        parts = split(address)
        self.modules = parts[0]
        self.module_address = parts[1]
        self.local = parts[2]
        self.index = parts[3]
        segs = self.local.split(".")
        if segs[0] == "data":
            self.type, self.name = segs[1], segs[2]
        else:
            self.type, self.name = segs[0], segs[1]

    def change(self):
        after = None if self.after is None else _known(self.after)
        c = {
            "actions": self.actions,
            "before": self.before,
            "after": after,
            "after_unknown": (_unknown_mask(self.after) or {}) if self.after is not None else False,
            "before_sensitive": _sensitive_mask(self.before, self.before_sensitive) if self.before is not None else False,
            "after_sensitive": _sensitive_mask(self.after, self.sensitive) if self.after is not None else False,
        }
        if self.replace_paths:
            c["replace_paths"] = self.replace_paths
        return c

    def resource_change(self):
        rc = {"address": self.address}
        if self.module_address:
            rc["module_address"] = self.module_address
        rc.update({"mode": self.mode, "type": self.type, "name": self.name})
        if self.index is not None:
            rc["index"] = self.index
        rc["provider_name"] = AWS
        rc["change"] = self.change()
        if self.action_reason:
            rc["action_reason"] = self.action_reason
        return rc

    def state_entry(self, values):
        e = {"address": self.address, "mode": self.mode, "type": self.type, "name": self.name}
        if self.index is not None:
            e["index"] = self.index
        e.update({"provider_name": AWS, "schema_version": 0, "values": _known(values),
                  "sensitive_values": _sensitive_mask(values, self.sensitive)})
        return e

    def config_entry(self):
        exprs = {}
        if isinstance(self.after if self.after is not None else self.before, dict):
            src = self.after if self.after is not None else self.before
            for k, v in src.items():
                if k in self.refs or k in self.defaults or v is U or k in ("id", "arn", "tags_all"):
                    continue
                exprs[k] = _expr(v)
        for k, refs in self.refs.items():
            exprs[k] = {"references": refs}
        e = {"address": self.local, "mode": self.mode, "type": self.type, "name": self.name,
             "provider_config_key": "aws", "expressions": exprs, "schema_version": 0}
        if self.count is not None:
            e["count_expression"] = self.count
        if self.for_each is not None:
            e["for_each_expression"] = self.for_each
        return e


def split(address):
    """(module names, module_address, local address without index, index)."""
    parts, cur, depth, in_str = [], "", 0, False
    for ch in address:
        if ch == '"' and depth:
            in_str = not in_str
        if ch == "[" and not in_str:
            depth += 1
        if ch == "]" and not in_str:
            depth -= 1
        if ch == "." and depth == 0 and not in_str:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    modules, mod_addr = [], []
    while len(parts) > 2 and parts[0] == "module":
        name = parts[1]
        modules.append(name.split("[")[0])
        mod_addr.append("module." + name)
        parts = parts[2:]
    last = parts[-1]
    index = None
    if "[" in last:
        last, key = last.split("[", 1)
        key = key[:-1]
        index = json.loads(key)
    local = ".".join(parts[:-1] + [last])
    return modules, ".".join(mod_addr), local, index


def _module_tree(entries, key):
    """Nests per-resource state entries into root_module/child_modules by module address."""
    root = {"resources": []}
    children = {}
    for r, e in entries:
        if not r.module_address:
            root["resources"].append(e)
            continue
        segs = r.module_address.split(".module.")
        node, addr = root, ""
        for i, seg in enumerate(segs):
            addr = seg if i == 0 else addr + ".module." + seg
            if addr not in children:
                children[addr] = {"resources": [], "address": addr}
                node.setdefault("child_modules", []).append(children[addr])
            node = children[addr]
        node["resources"].append(e)
    for c in children.values():
        if not c["resources"]:
            del c["resources"]
    return root


def plan(resources, *, variables=None, sensitive_variables=(), module_calls=None, outputs=None,
         timestamp="2026-11-26T09:00:00Z", region="us-east-1"):
    """The plan document. `module_calls` is `{"name": {"source": ..., "calls": {...}}}`."""
    variables = variables or {}
    outputs = outputs or {}
    planned = [(r, r.state_entry(r.after)) for r in resources if r.after is not None and r.mode == "managed"]
    prior = [(r, r.state_entry(r.before)) for r in resources if r.before is not None]
    planned_root = _module_tree(planned, "planned")
    out_values = {}
    for name, o in outputs.items():
        entry = {"sensitive": o.get("sensitive", False), "type": "string"}
        if o.get("value") is not U:
            entry["value"] = o.get("value")
        out_values[name] = entry
    planned_values = {"outputs": out_values, "root_module": planned_root} if out_values else {"root_module": planned_root}

    def config_module(path, calls):
        m = {"resources": [r.config_entry() for r in resources if r.modules == path and r.mode in ("managed", "data")]}
        dedup = {}
        for e in m["resources"]:
            dedup.setdefault(e["address"], e)
        m["resources"] = list(dedup.values())
        if calls:
            m["module_calls"] = {}
            for name, c in calls.items():
                call = {"source": c["source"], "module": config_module(path + [name], c.get("calls", {}))}
                if "version_constraint" in c:
                    call["version_constraint"] = c["version_constraint"]
                if "expressions" in c:
                    call["expressions"] = c["expressions"]
                m["module_calls"][name] = call
        return m

    root_cfg = config_module([], module_calls or {})
    if variables:
        root_cfg["variables"] = {}
        for k, v in variables.items():
            decl = {"description": k.replace("_", " ")}
            if k in sensitive_variables:
                decl["sensitive"] = True
            root_cfg["variables"][k] = decl
    if outputs:
        root_cfg["outputs"] = {k: {"expression": {"references": o.get("refs", [])}, **({"sensitive": True} if o.get("sensitive") else {})}
                               for k, o in outputs.items()}
    doc = {
        "format_version": "1.2",
        "terraform_version": TERRAFORM_VERSION,
    }
    if variables:
        doc["variables"] = {k: {"value": v} for k, v in variables.items()}
    doc["planned_values"] = planned_values
    doc["resource_changes"] = [r.resource_change() for r in resources]
    if outputs:
        doc["output_changes"] = {
            k: {"actions": ["create"], "before": None, "after": None if o.get("value") is U else o.get("value"),
                "after_unknown": o.get("value") is U, "before_sensitive": False,
                "after_sensitive": bool(o.get("sensitive"))}
            for k, o in outputs.items()}
    if prior:
        doc["prior_state"] = {"format_version": "1.0", "terraform_version": TERRAFORM_VERSION,
                              "values": {"root_module": _module_tree(prior, "prior")}}
    doc["configuration"] = {
        "provider_config": {
            "aws": {"name": "aws", "full_name": AWS, "version_constraint": "~> 5.70",
                    "expressions": {"region": {"constant_value": region}}},
            "aws.dr": {"name": "aws", "full_name": AWS, "alias": "dr",
                       "expressions": {"region": {"constant_value": "us-west-2"}}},
        },
        "root_module": root_cfg,
    }
    doc["relevant_attributes"] = []
    doc["timestamp"] = timestamp
    doc["applyable"] = True
    doc["complete"] = True
    doc["errored"] = False
    return doc


def write(path, doc):
    """Writes the plan on one line, as `terraform show -json` does."""
    with open(path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")
