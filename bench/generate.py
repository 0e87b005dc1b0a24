#!/usr/bin/env python3
"""Writes a deterministic, realistic Kubernetes manifest tree for benchmarking ndlint.

usage: bench/generate.py OUT_DIR [DOCUMENTS]   (default 50000)

Each service gets a Deployment, Service, ConfigMap, HorizontalPodAutoscaler, PodDisruptionBudget
and NetworkPolicy in one multi-document file, across many namespaces and directories; about one
in five workloads carries a realistic mistake (root user, missing probes, :latest, hostPath...).
"""
import os
import random
import sys

KINDS_PER_SERVICE = 6


def deployment(ns, name, rnd):
    bad = rnd.random() < 0.2
    image = f"ghcr.io/normaldance/{name}:{'latest' if bad and rnd.random() < 0.5 else '1.%d.%d' % (rnd.randint(0, 40), rnd.randint(0, 9))}"
    privileged = "true" if bad and rnd.random() < 0.3 else "false"
    run_as = "0" if bad and rnd.random() < 0.3 else "10001"
    probes = "" if bad and rnd.random() < 0.5 else f"""
          livenessProbe:
            httpGet: {{path: /healthz, port: http}}
            periodSeconds: 10
          readinessProbe:
            httpGet: {{path: /ready, port: http}}
            periodSeconds: 5"""
    host = """
      - name: host
        hostPath: {path: /var/log}""" if bad and rnd.random() < 0.2 else ""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {ns}
  labels:
    app.kubernetes.io/name: {name}
    app.kubernetes.io/part-of: normaldance
    team: team-{rnd.randint(1, 12)}
spec:
  replicas: {rnd.randint(2, 6)}
  selector:
    matchLabels:
      app.kubernetes.io/name: {name}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: {name}
        app.kubernetes.io/part-of: normaldance
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        runAsUser: {run_as}
        seccompProfile: {{type: RuntimeDefault}}
      containers:
        - name: {name}
          image: {image}
          imagePullPolicy: IfNotPresent
          ports:
            - {{name: http, containerPort: 8080}}
          env:
            - {{name: LOG_LEVEL, value: info}}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {{name: {name}-db, key: password}}
          resources:
            requests: {{cpu: 100m, memory: 128Mi}}
            limits: {{memory: 256Mi}}
          securityContext:
            privileged: {privileged}
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities:
              drop: [ALL]{probes}
          volumeMounts:
            - {{name: tmp, mountPath: /tmp}}
      volumes:
      - name: tmp
        emptyDir: {{}}{host}
"""


def others(ns, name, rnd):
    return f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app.kubernetes.io/name: {name}, app.kubernetes.io/part-of: normaldance, team: core}}
spec:
  selector: {{app.kubernetes.io/name: {name}}}
  ports:
    - {{name: http, port: 80, targetPort: http}}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {name}-config
  namespace: {ns}
  labels: {{app.kubernetes.io/name: {name}, app.kubernetes.io/part-of: normaldance, team: core}}
data:
  LOG_FORMAT: json
  FEATURE_FLAGS: "search,upload,{rnd.choice(['beta', 'stable'])}"
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app.kubernetes.io/name: {name}, app.kubernetes.io/part-of: normaldance, team: core}}
spec:
  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: {name}}}
  minReplicas: 2
  maxReplicas: {rnd.randint(4, 20)}
  metrics:
    - type: Resource
      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 70}}}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app.kubernetes.io/name: {name}, app.kubernetes.io/part-of: normaldance, team: core}}
spec:
  minAvailable: 1
  selector:
    matchLabels: {{app.kubernetes.io/name: {name}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {name}
  namespace: {ns}
  labels: {{app.kubernetes.io/name: {name}, app.kubernetes.io/part-of: normaldance, team: core}}
spec:
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


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    docs = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    rnd = random.Random(20261126)
    services = max(1, docs // KINDS_PER_SERVICE)
    for i in range(services):
        ns = f"team-{i % 40:02d}"
        name = f"svc-{i:05d}"
        d = os.path.join(out, "apps", ns, f"group-{i // 200:03d}")
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{name}.yaml"), "w") as f:
            f.write(deployment(ns, name, rnd) + "---\n" + others(ns, name, rnd))
    print(f"wrote {services * KINDS_PER_SERVICE} documents in {services} files under {out}")


if __name__ == "__main__":
    main()
