# METADATA
# custom:
#   input-kinds: [Ingress]
package ndlint.platform.ingress

classes contains c if {
	some c in data.platform.ingress_classes
}

classes contains c if {
	not data.platform.ingress_classes
	some c in data.ndlint_defaults.ingress_classes
}

name := object.get(input, ["metadata", "name"], "<unnamed>")

# METADATA
# title: Ingresses terminate TLS
# description: >-
#   Every Ingress must list its hosts under `spec.tls` so that traffic is served over HTTPS with
#   a certificate the platform manages.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/ingress/#tls
# custom:
#   id: k8s-platform-ingress-tls
#   severity: high
#   recommended_actions: Add a `spec.tls` entry with the Ingress's hosts and a secretName.
deny_tls contains result if {
	input.kind == "Ingress"
	count(object.get(input, ["spec", "tls"], [])) == 0
	result := {"msg": sprintf("Ingress %s does not terminate TLS (no spec.tls)", [name]), "path": ["spec", "tls"]}
}

# METADATA
# title: Ingresses use a known ingress class
# description: >-
#   An Ingress must name one of the platform's ingress classes in `spec.ingressClassName`
#   (`nginx`, `nginx-internal` by default); otherwise no controller, or the wrong one, serves it.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/ingress/#ingress-class
# custom:
#   id: k8s-platform-ingress-class
#   severity: medium
#   recommended_actions: Set `spec.ingressClassName` to one of the platform's classes.
deny_class contains result if {
	input.kind == "Ingress"
	class := object.get(input, ["spec", "ingressClassName"], "")
	not class in classes
	result := {
		"msg": sprintf("Ingress %s uses ingress class %q; known classes: %v", [name, class, sort(classes)]),
		"path": ["spec", "ingressClassName"],
	}
}
