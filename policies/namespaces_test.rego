package ndlint.inventory.namespaces_test

import data.ndlint.inventory.namespaces

ns := {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop"}}

complete := {"shop": {
	"v1": {"ResourceQuota": {"q": {}}, "LimitRange": {"l": {}}},
	"networking.k8s.io/v1": {"NetworkPolicy": {"deny": {"spec": {"podSelector": {}, "policyTypes": ["Ingress"]}}}},
}}

test_complete_namespace_passes if {
	count(namespaces.deny) == 0 with input as ns with data.inventory.namespace as complete
}

test_empty_namespace_reports_three if {
	count(namespaces.deny) == 3 with input as ns with data.inventory.namespace as {}
}

test_allow_all_policy_is_not_default_deny if {
	allow_all := {"shop": {
		"v1": {"ResourceQuota": {"q": {}}, "LimitRange": {"l": {}}},
		"networking.k8s.io/v1": {"NetworkPolicy": {"all": {"spec": {"podSelector": {}, "ingress": [{}]}}}},
	}}
	msgs := {r.msg | some r in namespaces.deny} with input as ns with data.inventory.namespace as allow_all
	msgs == {"Namespace shop has no default-deny NetworkPolicy (podSelector: {} without ingress rules)"}
}

test_system_namespaces_exempt if {
	count(namespaces.deny) == 0 with input as {"kind": "Namespace", "metadata": {"name": "kube-system"}}
		with data.inventory.namespace as {}
}
