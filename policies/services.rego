# METADATA
# custom:
#   input-kinds: [Service]
package ndlint.platform.services

exposure_annotation := "platform.normaldance.io/exposure-reason"

internal_lb_annotations := {
	"service.beta.kubernetes.io/aws-load-balancer-internal": "true",
	"service.beta.kubernetes.io/azure-load-balancer-internal": "true",
	"networking.gke.io/load-balancer-type": "Internal",
	"service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
}

annotations := object.get(input, ["metadata", "annotations"], {})

justified if {
	count(trim_space(object.get(annotations, exposure_annotation, ""))) > 0
}

internal if {
	some k, v in internal_lb_annotations
	annotations[k] == v
}

name := object.get(input, ["metadata", "name"], "<unnamed>")

# METADATA
# title: No NodePort or public LoadBalancer Service without a stated reason
# description: >-
#   A `NodePort` Service opens a port on every node and a public `LoadBalancer` puts the Service on
#   the internet, both bypassing the platform's Ingress (TLS, WAF, rate limits). Either needs the
#   annotation `platform.normaldance.io/exposure-reason` saying why; an internal load balancer
#   (cloud-specific internal annotation) is fine.
# related_resources:
# - https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types
# custom:
#   id: k8s-platform-service-exposure
#   severity: high
#   recommended_actions: >-
#     Use a ClusterIP Service behind the platform Ingress, make the load balancer internal, or add
#     `platform.normaldance.io/exposure-reason: "<why>"`.
deny contains result if {
	input.kind == "Service"
	input.spec.type == "NodePort"
	not justified
	result := {"msg": sprintf("Service %s is of type NodePort without a `%s` annotation", [name, exposure_annotation]), "path": ["spec", "type"]}
}

deny contains result if {
	input.kind == "Service"
	input.spec.type == "LoadBalancer"
	not internal
	not justified
	result := {"msg": sprintf("Service %s is a public LoadBalancer without a `%s` annotation", [name, exposure_annotation]), "path": ["spec", "type"]}
}
