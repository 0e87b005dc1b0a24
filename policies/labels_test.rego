package ndlint.platform.labels_test

import data.ndlint.platform.labels

good := {
	"apiVersion": "apps/v1",
	"kind": "Deployment",
	"metadata": {"name": "api", "labels": {
		"app.kubernetes.io/name": "api",
		"app.kubernetes.io/part-of": "normaldance",
		"team": "core",
	}},
}

test_labelled_deployment_passes if {
	count(labels.deny) == 0 with input as good
}

test_missing_team_is_reported if {
	bad := json.remove(good, ["metadata/labels/team"])
	msgs := {r.msg | some r in labels.deny} with input as bad
	msgs == {"Deployment api has no `team` label"}
}

test_wrong_part_of_is_reported if {
	bad := json.patch(good, [{"op": "replace", "path": "/metadata/labels/app.kubernetes.io~1part-of", "value": "other"}])
	some r in labels.deny with input as bad
	r.path == ["metadata", "labels", "app.kubernetes.io/part-of"]
}

test_other_kinds_are_ignored if {
	count(labels.deny) == 0 with input as {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "x"}}
}
