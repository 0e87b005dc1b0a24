package ndlint.platform.terraform_test

import data.ndlint.platform.terraform

plan(tags, tags_all) := {"format_version": "1.2", "resource_changes": [{
	"address": "aws_s3_bucket.assets",
	"mode": "managed",
	"type": "aws_s3_bucket",
	"change": {"actions": ["create"], "after": {"bucket": "assets", "tags": tags, "tags_all": tags_all}},
}]}

test_tagged_resource_passes if {
	count(terraform.deny) == 0 with input as plan({"owner": "core", "environment": "prod", "cost-center": "cc1"}, {})
}

test_default_tags_count if {
	count(terraform.deny) == 0 with input as plan(null, {"owner": "core", "environment": "prod", "cost-center": "cc1"})
}

test_missing_tags_reported_at_tags if {
	msgs := {r.msg | some r in terraform.deny} with input as plan({"owner": "core"}, null)
	msgs == {"aws_s3_bucket.assets has no `environment` tag", "aws_s3_bucket.assets has no `cost-center` tag"}
}

test_deleted_resources_ignored if {
	p := json.patch(plan(null, null), [{"op": "replace", "path": "/resource_changes/0/change/actions", "value": ["delete"]}])
	count(terraform.deny) == 0 with input as p
}
