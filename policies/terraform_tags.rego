# METADATA
# custom:
#   input-kinds: [TerraformPlan]
package ndlint.platform.terraform

required_tags := ["owner", "environment", "cost-center"]

# Resource changes of a `terraform show -json` plan that create or update a taggable resource.
changes contains {"i": i, "rc": rc} if {
	some i, rc in input.resource_changes
	rc.mode == "managed"
	not rc.change.actions == ["delete"]
	not rc.change.actions == ["no-op"]
	after := rc.change.after
	is_object(after)
	"tags" in object.keys(after)
}

as_object(x) := x if is_object(x)

as_object(x) := {} if not is_object(x)

# METADATA
# title: Terraform resources carry owner, environment and cost-center tags
# description: >-
#   Every taggable resource a plan creates or updates must carry the tags `owner`,
#   `environment` and `cost-center` (directly or through the provider's `default_tags`, which
#   the plan shows in `tags_all`). Cost allocation and incident routing rely on them.
# related_resources:
# - https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
# custom:
#   id: tf-platform-required-tags
#   severity: medium
#   recommended_actions: Add the tags to the resource, or to the provider's `default_tags`.
deny contains result if {
	some c in changes
	after := c.rc.change.after
	tags := object.union(as_object(object.get(after, "tags", null)), as_object(object.get(after, "tags_all", null)))
	some tag in required_tags
	not tags[tag]
	result := {
		"msg": sprintf("%s has no `%s` tag", [c.rc.address, tag]),
		"path": ["resource_changes", c.i, "change", "after", "tags"],
	}
}
