#!/usr/bin/env python3
"""Writes deterministic Kubernetes trees for benchmarking ndlint.

usage: bench/generate.py CORPUS OUT_DIR [DOCUMENTS]

CORPUS is one of
  dense      a repository adopting ndlint for the first time (default 20,000 documents): 85 % of
             the documents are Deployments of 1-3 containers, Services selecting them and their
             ConfigMaps, the rest ServiceAccounts, HPAs, PDBs and Ingresses; 40 namespaces; files of
             1-20 documents; about six findings per document
  hardened   the same shape, written the way ndlint wants it: almost no findings
  kustomize  a Kustomize tree: 8 bases, 6 components and 32 overlays (4 environments x 8 regions)
             with inline strategic-merge and JSON 6902 patches, name prefixes and image overrides
  bigfile    one multi-document file of `dense` documents, DOCUMENTS or at least 50 MB
Everything comes from a fixed seed: the same arguments write the same bytes.
"""
import os
import random
import sys

NAMESPACES = 40
DIGEST = "@sha256:" + "4f" * 32


def container(name, i, rnd, hardened):
    cname = name if i == 0 else f"{name}-{['sidecar', 'worker'][i - 1]}"
    if hardened:
        image = f"ghcr.io/normaldance/{cname}:1.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}{DIGEST}"
    elif rnd.random() < 0.25:
        image = f"ghcr.io/normaldance/{cname}:latest"
    else:
        image = f"ghcr.io/normaldance/{cname}:1.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}"
    lines = [
        f"        - name: {cname}",
        f"          image: {image}",
        "          imagePullPolicy: IfNotPresent" if hardened or rnd.random() < 0.5 else None,
        "          ports:",
        f"            - {{name: http{i or ''}, containerPort: {8080 + i}}}",
        "          env:",
        "            - {name: LOG_LEVEL, value: info}",
    ]
    if not hardened and rnd.random() < 0.1:
        lines.append("            - {name: API_TOKEN, value: tok-4c1d9e0b77aa}")
    if not hardened:
        lines.append(
            f"            - name: DB_PASSWORD\n              valueFrom:\n"
            f"                secretKeyRef: {{name: {name}-db, key: password}}"
        )
    if hardened or rnd.random() < 0.3:
        limits = "limits: {cpu: 500m, memory: 256Mi}" if hardened else "limits: {memory: 256Mi}"
        lines.append(f"          resources:\n            requests: {{cpu: 100m, memory: 128Mi}}\n            {limits}")
    if hardened or rnd.random() < 0.2:
        lines.append(
            "          securityContext:\n"
            f"            privileged: {'true' if not hardened and rnd.random() < 0.05 else 'false'}\n"
            "            allowPrivilegeEscalation: false\n"
            "            readOnlyRootFilesystem: true\n"
            "            runAsNonRoot: true\n"
            "            capabilities:\n              drop: [ALL]"
        )
    if hardened or rnd.random() < 0.2:
        lines.append(
            f"          livenessProbe:\n            httpGet: {{path: /healthz, port: {8080 + i}}}\n            periodSeconds: 10\n"
            f"          readinessProbe:\n            httpGet: {{path: /ready, port: {8080 + i}}}\n            periodSeconds: 5"
        )
    lines.append("          volumeMounts:\n            - {name: tmp, mountPath: /tmp}")
    return "\n".join(line for line in lines if line is not None)


def labels(name, indent):
    pad = " " * indent
    return (
        f"{pad}app.kubernetes.io/name: {name}\n{pad}app.kubernetes.io/part-of: normaldance\n"
        f"{pad}team: team-{sum(map(ord, name)) % 12}"
    )


def deployment(ns, name, rnd, hardened):
    containers = "\n".join(container(name, i, rnd, hardened) for i in range(rnd.choice([1, 2, 2, 3])))
    pod_security = (
        "      automountServiceAccountToken: false\n"
        f"      serviceAccountName: {name}\n"
        "      securityContext:\n        runAsNonRoot: true\n        runAsUser: 10001\n"
        "        seccompProfile: {type: RuntimeDefault}\n"
        if hardened
        else ("      securityContext:\n        runAsUser: 0\n" if rnd.random() < 0.1 else "")
    )
    host = (
        "\n      - name: logs\n        hostPath: {path: /var/log}"
        if not hardened and rnd.random() < 0.05
        else ""
    )
    replicas = rnd.randint(2, 6) if hardened or rnd.random() < 0.7 else 1
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels:
{labels(name, 4)}
spec:
  replicas: {replicas}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
{labels(name, 8)}
    spec:
{pod_security}      containers:
{containers}
      volumes:
      - name: tmp
        emptyDir: {{}}{host}
"""


def metadata(kind, api, ns, name):
    return f"""apiVersion: {api}
kind: {kind}
metadata:
  name: {name}
  namespace: {ns}
  labels:
{labels(name, 4)}
"""


def service(ns, name, rnd, hardened):
    # A few Services select a label that no pod carries (a typo), as in real trees.
    target = name if hardened or rnd.random() > 0.03 else name + "-v2"
    return metadata("Service", "v1", ns, name) + f"""spec:
  selector:
    app.kubernetes.io/name: {target}
  ports:
    - {{name: http, port: 80, targetPort: http}}
"""


def config_map(ns, name, rnd, hardened):
    extra = "\n    spring.datasource.password=s3cr3t-{0}".format(rnd.randint(100, 999)) if not hardened and rnd.random() < 0.1 else ""
    return metadata("ConfigMap", "v1", ns, f"{name}-config") + f"""data:
  LOG_FORMAT: json
  FEATURE_FLAGS: "search,upload,{rnd.choice(['beta', 'stable'])}"
  application.properties: |
    server.port=8080
    spring.datasource.url=jdbc:postgresql://db:5432/{name.replace('-', '_')}{extra}
"""


def service_account(ns, name, rnd, hardened):
    return metadata("ServiceAccount", "v1", ns, name) + "automountServiceAccountToken: false\n"


def hpa(ns, name, rnd, hardened):
    return metadata("HorizontalPodAutoscaler", "autoscaling/v2", ns, name) + f"""spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {name}}}
  minReplicas: 2
  maxReplicas: {rnd.randint(4, 20)}
  metrics:
    - type: Resource
      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 70}}}}
"""


def pdb(ns, name, rnd, hardened):
    return metadata("PodDisruptionBudget", "policy/v1", ns, name) + f"""spec:
  minAvailable: 1
  selector:
    matchLabels: {{app.kubernetes.io/name: {name}}}
"""


def network_policy(ns, name, rnd, hardened):
    return metadata("NetworkPolicy", "networking.k8s.io/v1", ns, name) + f"""spec:
  podSelector:
    matchLabels: {{app.kubernetes.io/name: {name}}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector:
            matchLabels: {{app.kubernetes.io/name: gateway}}
      ports:
        - {{port: 8080, protocol: TCP}}
"""


def ingress(ns, name, rnd, hardened):
    tls = f"  tls:\n    - hosts: [{name}.{ns}.example.com]\n      secretName: {name}-tls\n" if hardened or rnd.random() < 0.5 else ""
    return metadata("Ingress", "networking.k8s.io/v1", ns, name) + f"""spec:
  ingressClassName: nginx
{tls}  rules:
    - host: {name}.{ns}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service: {{name: {name}, port: {{name: http}}}}
"""


def app_documents(i, rnd, hardened):
    """The documents of one application: 85 % Deployment, Service and ConfigMap overall."""
    ns, name = f"team-{i % NAMESPACES:02d}", f"svc-{i:05d}"
    kinds = [deployment, service, config_map]
    if hardened:
        kinds += [service_account, pdb, network_policy]
    else:
        # 3 documents per app plus on average 0.53 extra: 85 % of the documents are the first three.
        kinds += [k for k, p in ((service_account, 0.2), (hpa, 0.13), (pdb, 0.1), (ingress, 0.1)) if rnd.random() < p]
    return ns, [k(ns, name, rnd, hardened) for k in kinds]


def tree(out, docs, hardened):
    """Writes `docs` documents in files of 1-20 documents, one directory per namespace."""
    rnd = random.Random(20261126)
    pending, target = {}, {}
    written = files = i = 0

    def flush(ns):
        nonlocal files
        d = os.path.join(out, "apps", ns)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"bundle-{files:05d}.yaml"), "w") as f:
            f.write("---\n".join(pending.pop(ns)))
        files += 1

    while written < docs:
        ns, new = app_documents(i, rnd, hardened)
        i += 1
        for doc in new[: docs - written]:
            pending.setdefault(ns, []).append(doc)
            written += 1
            if len(pending[ns]) >= target.setdefault(ns, rnd.randint(1, 20)):
                flush(ns)
                target[ns] = rnd.randint(1, 20)
    for ns in list(pending):
        flush(ns)
    return written, files


def bigfile(out, docs):
    rnd = random.Random(20261126)
    os.makedirs(out, exist_ok=True)
    size, written, i = 0, 0, 0
    with open(os.path.join(out, "all.yaml"), "w") as f:
        while written < docs or size < 50_000_000:
            _, new = app_documents(i, rnd, False)
            i += 1
            for d in new:
                text = "---\n" + d
                f.write(text)
                size += len(text)
                written += 1
    return written, 1


BASE_KINDS = ("deployment", "service", "configmap")


def kustomize(out):
    """8 bases, 6 components, 32 overlays; returns (documents rendered, overlays)."""
    rnd = random.Random(20261126)
    bases = [f"app-{b}" for b in "abcdefgh"]

    def write(path, text):
        path = os.path.join(out, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)

    for b in bases:
        write(f"bases/{b}/deployment.yaml", deployment("default", b, rnd, False).replace("  namespace: default\n", ""))
        write(f"bases/{b}/service.yaml", service("default", b, rnd, True).replace("  namespace: default\n", ""))
        write(f"bases/{b}/configmap.yaml", config_map("default", b, rnd, False).replace("  namespace: default\n", ""))
        write(
            f"bases/{b}/kustomization.yaml",
            "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
            + "".join(f"  - {k}.yaml\n" for k in BASE_KINDS),
        )
    components = {
        "monitoring": "labels:\n  - pairs: {monitoring: enabled}\n",
        "pdb": "resources:\n  - pdb.yaml\n",
        "resources": "patches:\n  - target: {kind: Deployment}\n    patch: |-\n"
        "      - op: add\n        path: /spec/template/spec/containers/0/resources\n"
        "        value: {requests: {cpu: 250m, memory: 256Mi}, limits: {memory: 512Mi}}\n",
        "debug": "patches:\n  - target: {kind: Deployment}\n    patch: |-\n"
        "      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: any\n"
        "      spec:\n        template:\n          spec:\n            containers:\n"
        "              - name: debug\n                image: busybox:1.36\n"
        "                securityContext: {privileged: true}\n",
        "annotations": "commonAnnotations:\n  owner: platform\n",
        "spread": "patches:\n  - target: {kind: Deployment}\n    patch: |-\n"
        "      - op: add\n        path: /spec/template/spec/topologySpreadConstraints\n"
        "        value: [{maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}]\n",
    }
    for c, body in components.items():
        write(f"components/{c}/kustomization.yaml", "apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\n" + body)
    write(
        "components/pdb/pdb.yaml",
        "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: shared\n"
        "spec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app.kubernetes.io/part-of: normaldance}\n",
    )
    overlays = 0
    documents = 0
    for env in ("dev", "test", "staging", "prod"):
        for region in ("eu-west", "eu-north", "us-east", "us-west", "ap-south", "ap-east", "sa-east", "af-south"):
            picked = rnd.sample(bases, 3)
            comps = rnd.sample(sorted(components), 2)
            documents += 3 * len(picked) + (1 if "pdb" in comps else 0)
            patch_target = picked[0]
            write(
                f"overlays/{env}-{region}/kustomization.yaml",
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                f"namespace: {env}-{region}\nnamePrefix: {env}-\n"
                "resources:\n" + "".join(f"  - ../../bases/{b}\n" for b in picked)
                + "components:\n" + "".join(f"  - ../../components/{c}\n" for c in comps)
                + "images:\n" + "".join(f"  - name: ghcr.io/normaldance/{b}\n    newTag: 2.{overlays}.0\n" for b in picked)
                + "patches:\n"
                f"  - patch: |-\n      apiVersion: apps/v1\n      kind: Deployment\n      metadata:\n        name: {patch_target}\n"
                f"      spec:\n        replicas: {1 if env == 'dev' else 3}\n"
                f"  - target: {{kind: ConfigMap, name: {picked[1]}-config}}\n    patch: |-\n"
                f"      - op: replace\n        path: /data/LOG_FORMAT\n        value: {'text' if env == 'dev' else 'json'}\n",
            )
            overlays += 1
    return documents, overlays


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("dense", "hardened", "kustomize", "bigfile"):
        sys.exit(__doc__)
    corpus, out = sys.argv[1], sys.argv[2]
    docs = int(sys.argv[3]) if len(sys.argv) > 3 else 20_000
    if corpus == "kustomize":
        written, files = kustomize(out)
        print(f"wrote {files} overlays rendering {written} documents under {out}")
        return
    written, files = bigfile(out, docs) if corpus == "bigfile" else tree(out, docs, corpus == "hardened")
    print(f"wrote {written} documents in {files} files under {out}")


if __name__ == "__main__":
    main()
