# METADATA
# custom:
#   input-kinds: [Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod, Service, Ingress, ConfigMap, Secret, ServiceAccount]
package ndlint.platform.labels

# Workload and networking objects that the platform's dashboards, cost reports and on-call
# routing group by label.
labelled_kinds := {
	"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "Pod",
	"Service", "Ingress", "ConfigMap", "Secret", "ServiceAccount",
}

required := ["app.kubernetes.io/name", "team"]

name := object.get(input, ["metadata", "name"], "<unnamed>")

# METADATA
# title: Objects carry the platform's required labels
# description: >-
#   Every workload, Service, Ingress, ConfigMap, Secret and ServiceAccount must carry
#   `app.kubernetes.io/name`, `team` and `app.kubernetes.io/part-of: normaldance`. Cost reports,
#   dashboards and on-call routing group objects by these labels; an unlabelled object is invisible
#   to them.
# related_resources:
# - https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
# custom:
#   id: k8s-platform-required-labels
#   severity: medium
#   recommended_actions: >-
#     Add the labels under metadata.labels, e.g. `app.kubernetes.io/name: api`, `team: core`,
#     `app.kubernetes.io/part-of: normaldance`.
deny contains result if {
	input.kind in labelled_kinds
	some label in required
	not input.metadata.labels[label]
	result := {
		"msg": sprintf("%s %s has no `%s` label", [input.kind, name, label]),
		"path": ["metadata", "labels", label],
	}
}

deny contains result if {
	input.kind in labelled_kinds
	part_of := object.get(input, ["metadata", "labels", "app.kubernetes.io/part-of"], "")
	part_of != "normaldance"
	result := {
		"msg": sprintf("%s %s must have the label `app.kubernetes.io/part-of: normaldance` (found %q)", [input.kind, name, part_of]),
		"path": ["metadata", "labels", "app.kubernetes.io/part-of"],
	}
}
