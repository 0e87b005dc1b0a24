package ndlint.platform.registries_test

import data.ndlint.platform.registries

pod(image) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "app", "image": image}]}}

test_default_registry_allowed if {
	count(registries.deny) == 0 with input as pod("ghcr.io/normaldance/api:1.2.3")
		with data.ndlint_defaults.allowed_registries as ["ghcr.io/normaldance"]
}

test_docker_hub_denied if {
	some r in registries.deny with input as pod("nginx:1.27")
		with data.ndlint_defaults.allowed_registries as ["ghcr.io/normaldance"]
	r.path == ["spec", "containers", 0, "image"]
}

test_prefix_is_not_enough if {
	count(registries.deny) == 1 with input as pod("ghcr.io/normaldance-evil/x:1")
		with data.ndlint_defaults.allowed_registries as ["ghcr.io/normaldance"]
}

test_data_overrides_defaults if {
	count(registries.deny) == 0 with input as pod("quay.io/team/x:1")
		with data.platform.allowed_registries as ["quay.io/team"]
}
