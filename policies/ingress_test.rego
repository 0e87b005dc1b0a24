package ndlint.platform.ingress_test

import data.ndlint.platform.ingress

good := {
	"apiVersion": "networking.k8s.io/v1",
	"kind": "Ingress",
	"metadata": {"name": "web"},
	"spec": {"ingressClassName": "nginx", "tls": [{"hosts": ["a.example"], "secretName": "a"}]},
}

test_good_ingress_passes if {
	count(ingress.deny_tls) == 0 with input as good
	count(ingress.deny_class) == 0 with input as good with data.ndlint_defaults.ingress_classes as ["nginx"]
}

test_missing_tls_denied if {
	count(ingress.deny_tls) == 1 with input as json.remove(good, ["spec/tls"])
}

test_unknown_class_denied if {
	bad := json.patch(good, [{"op": "replace", "path": "/spec/ingressClassName", "value": "traefik"}])
	count(ingress.deny_class) == 1 with input as bad with data.ndlint_defaults.ingress_classes as ["nginx"]
}
