# METADATA
# description: >-
#   Cross-document: evaluated once every document is known, with Gatekeeper's inventory layout
#   `data.inventory.namespace[<ns>][<apiVersion>][<kind>][<name>]`, each Namespace as input. The
#   kinds it takes as input and reads from the inventory are declared, so that a run keeps only
#   those objects whole.
# custom:
#   input-kinds: [Namespace]
#   inventory-kinds: [ResourceQuota, LimitRange, NetworkPolicy]
package ndlint.inventory.namespaces

exempt := {"default", "kube-system", "kube-public", "kube-node-lease"}

objects(ns, kind) := [o |
	some _, kinds in data.inventory.namespace[ns]
	some _, o in kinds[kind]
]

default_deny(np) if {
	object.get(np, ["spec", "podSelector"], {}) == {}
	"Ingress" in object.get(np, ["spec", "policyTypes"], ["Ingress"])
	count(object.get(np, ["spec", "ingress"], [])) == 0
}

# METADATA
# title: Every namespace has a ResourceQuota, a LimitRange and a default-deny NetworkPolicy
# description: >-
#   Each application namespace must ship with a ResourceQuota (caps what the namespace may
#   consume), a LimitRange (defaults and caps per container) and a NetworkPolicy selecting every
#   pod with no ingress rule (default deny), so that a new workload is bounded and isolated until
#   it opts in. Checked over all documents of the run, like Gatekeeper's inventory.
# related_resources:
# - https://kubernetes.io/docs/concepts/policy/resource-quotas/
# - https://kubernetes.io/docs/concepts/policy/limit-range/
# - https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-deny-all-ingress-traffic
# custom:
#   id: k8s-platform-namespace-guardrails
#   severity: high
#   recommended_actions: Add the missing object to the namespace's manifests.
deny contains result if {
	input.kind == "Namespace"
	ns := input.metadata.name
	not ns in exempt
	some kind in ["ResourceQuota", "LimitRange"]
	count(objects(ns, kind)) == 0
	result := {"msg": sprintf("Namespace %s has no %s", [ns, kind]), "path": ["metadata", "name"]}
}

deny contains result if {
	input.kind == "Namespace"
	ns := input.metadata.name
	not ns in exempt
	count([np | some np in objects(ns, "NetworkPolicy"); default_deny(np)]) == 0
	result := {"msg": sprintf("Namespace %s has no default-deny NetworkPolicy (podSelector: {} without ingress rules)", [ns]), "path": ["metadata", "name"]}
}
