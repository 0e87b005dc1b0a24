# METADATA
# custom:
#   input-kinds: [Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob]
package ndlint.platform.registries

# Registries from `data.platform.allowed_registries` when given, else the pack's defaults.
allowed contains r if {
	some r in data.platform.allowed_registries
}

allowed contains r if {
	not data.platform.allowed_registries
	some r in data.ndlint_defaults.allowed_registries
}

spec_path := ["spec"] if input.kind == "Pod"

spec_path := ["spec", "template", "spec"] if input.kind in {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}

spec_path := ["spec", "jobTemplate", "spec", "template", "spec"] if input.kind == "CronJob"

containers contains {"path": path, "container": c} if {
	some field in ["initContainers", "containers", "ephemeralContainers"]
	some i, c in object.get(input, array.concat(spec_path, [field]), [])
	path := array.concat(spec_path, [field, i])
}

from_allowed(image) if {
	some r in allowed
	startswith(image, concat("", [trim_suffix(r, "/"), "/"]))
}

# METADATA
# title: Images come only from the platform's registries
# description: >-
#   Every container image must come from a registry the platform mirrors and scans
#   (`ghcr.io/normaldance/` and `registry.normaldance.io/` by default). Images pulled from
#   elsewhere bypass vulnerability scanning and can disappear or change under a tag.
# related_resources:
# - https://kubernetes.io/docs/concepts/containers/images/
# custom:
#   id: k8s-platform-allowed-registries
#   severity: high
#   recommended_actions: >-
#     Mirror the image into an allowed registry and reference it there, or add the registry to
#     `platform.allowed_registries` in a data file passed with `--data`.
deny contains result if {
	some entry in containers
	image := object.get(entry.container, "image", "")
	not from_allowed(image)
	result := {
		"msg": sprintf("container %s uses image %q from a registry outside %v", [entry.container.name, image, sort(allowed)]),
		"path": array.concat(entry.path, ["image"]),
	}
}
