//! Terraform plan rules (CIS AWS `tf-aws-…` and change-aware `tf-plan-…`), one per file, and the
//! small framework they share: [`TfRule`], [`PlanResource`], [`PlanView`] and [`TfSink`].
//!
//! Rules read the planned values (`change.after`). A value that is unknown until apply is never a
//! violation by itself; configuration rules (`tf-aws-…`) skip data sources and pure deletions.
//! Rules report attribute paths below `after` (`/ingress/0/cidr_blocks`); [`crate::parse::tfplan`]
//! maps them to the `.tf` line and scrubs sensitive values. Messages never quote plan values.

use crate::document::Lookup;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::document::Document;
use crate::finding::Finding;
use crate::parse::hcl::{ResourceBlock, TfSources, split_address};
use crate::parse::tfplan::Plan;
use crate::rules::{Registry, RuleMeta};
use crate::source::{SourceFile, Span};

mod api_gateway_access_logs_missing;
mod api_gateway_xray_disabled;
mod athena_workgroup_unencrypted;
mod cloudfront_default_root_object_missing;
mod cloudfront_no_logging;
mod cloudfront_no_waf;
mod cloudfront_viewer_http;
mod cloudtrail_cloudwatch_missing;
mod cloudtrail_log_validation_disabled;
mod cloudtrail_not_encrypted;
mod cloudtrail_not_multi_region;
mod cloudwatch_log_group_unencrypted;
mod cloudwatch_log_retention;
mod codebuild_privileged;
mod config_recorder_partial;
mod dax_unencrypted;
mod default_sg_allows_traffic;
mod dms_publicly_accessible;
mod docdb_unencrypted;
mod dynamodb_pitr_disabled;
mod ebs_default_encryption_disabled;
mod ebs_volume_unencrypted;
mod ec2_imdsv2_not_required;
mod ecr_scan_on_push_disabled;
mod ecr_tags_mutable;
mod ecs_service_public_ip;
mod ecs_task_host_network;
mod efs_unencrypted;
mod eks_control_plane_logging;
mod eks_public_endpoint_open;
mod eks_secrets_encryption_missing;
mod elasticache_auto_minor_upgrade_disabled;
mod elasticache_backups_disabled;
mod elasticache_transit_unencrypted;
mod elasticache_unencrypted;
mod emr_block_public_access_disabled;
mod guardduty_detector_disabled;
mod iam_access_key;
mod iam_admin_managed_policy_attached;
mod iam_admin_policy;
mod iam_github_oidc_unscoped;
mod iam_password_policy_simple;
mod iam_password_policy_weak;
mod iam_role_trust_wildcard;
mod iam_user_inline_policy;
mod iam_user_policy_attached;
mod instance_public_ip;
mod kinesis_stream_unencrypted;
mod kms_rotation_disabled;
mod lambda_public_permission;
mod lambda_runtime_deprecated;
mod lambda_url_unauthenticated;
mod launch_configuration_public_ip;
mod lb_access_logs_missing;
mod lb_deletion_protection_disabled;
mod lb_drop_invalid_headers_disabled;
mod lb_listener_http;
mod mq_publicly_accessible;
mod msk_plaintext_clients;
mod nacl_admin_ports_open;
mod neptune_unencrypted;
mod network_firewall_deletion_protection_disabled;
mod opensearch_node_to_node_disabled;
mod opensearch_not_in_vpc;
mod opensearch_unencrypted;
mod plan_deletion_protection_removed;
mod plan_prevent_destroy_missing;
mod plan_public_ingress_added;
mod plan_stateful_deleted;
mod plan_stateful_replaced;
mod rds_auto_minor_upgrade_disabled;
mod rds_backups_disabled;
mod rds_cluster_backtrack_disabled;
mod rds_copy_tags_to_snapshot_disabled;
mod rds_deletion_protection_disabled;
mod rds_enhanced_monitoring_disabled;
mod rds_iam_auth_disabled;
mod rds_multi_az_disabled;
mod rds_publicly_accessible;
mod rds_storage_unencrypted;
mod redshift_publicly_accessible;
mod redshift_unencrypted;
mod redshift_version_upgrade_disabled;
mod s3_access_logging_missing;
mod s3_bucket_acl_public;
mod s3_encryption_missing;
mod s3_public_access_block_disabled;
mod s3_public_access_block_missing;
mod s3_public_acl;
mod s3_public_policy;
mod s3_tls_not_enforced;
mod s3_versioning_disabled;
mod sagemaker_notebook_internet;
mod secretsmanager_no_kms;
mod sfn_logging_missing;
mod sg_all_ports_open;
mod sg_database_open;
mod sg_rdp_open;
mod sg_ssh_open;
mod sns_topic_unencrypted;
mod sqs_queue_unencrypted;
mod subnet_public_ip_on_launch;
mod transfer_server_ftp;
mod vpc_flow_logs_missing;
mod workspaces_unencrypted;

pub mod policy;

/// A Terraform plan rule: checks one resource change, with the whole plan in view.
pub trait TfRule: Send + Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, r: &PlanResource<'_>, plan: &PlanView<'_>, sink: &mut TfSink<'_>);

    /// True when the rule judges a change (before → after): it runs on plans only, not on a
    /// configuration evaluated from `.tf` sources.
    fn needs_change(&self) -> bool {
        self.meta().id.starts_with("tf-plan-")
    }
}

/// Every Terraform rule, in a stable order (sorted by id).
pub static ALL: &[&dyn TfRule] = &[
    &api_gateway_access_logs_missing::RULE,
    &api_gateway_xray_disabled::RULE,
    &athena_workgroup_unencrypted::RULE,
    &cloudfront_default_root_object_missing::RULE,
    &cloudfront_no_logging::RULE,
    &cloudfront_no_waf::RULE,
    &cloudfront_viewer_http::RULE,
    &cloudtrail_cloudwatch_missing::RULE,
    &cloudtrail_log_validation_disabled::RULE,
    &cloudtrail_not_encrypted::RULE,
    &cloudtrail_not_multi_region::RULE,
    &cloudwatch_log_group_unencrypted::RULE,
    &cloudwatch_log_retention::RULE,
    &codebuild_privileged::RULE,
    &config_recorder_partial::RULE,
    &dax_unencrypted::RULE,
    &default_sg_allows_traffic::RULE,
    &dms_publicly_accessible::RULE,
    &docdb_unencrypted::RULE,
    &dynamodb_pitr_disabled::RULE,
    &ebs_default_encryption_disabled::RULE,
    &ebs_volume_unencrypted::RULE,
    &ec2_imdsv2_not_required::RULE,
    &ecr_scan_on_push_disabled::RULE,
    &ecr_tags_mutable::RULE,
    &ecs_service_public_ip::RULE,
    &ecs_task_host_network::RULE,
    &efs_unencrypted::RULE,
    &eks_control_plane_logging::RULE,
    &eks_public_endpoint_open::RULE,
    &eks_secrets_encryption_missing::RULE,
    &elasticache_auto_minor_upgrade_disabled::RULE,
    &elasticache_backups_disabled::RULE,
    &elasticache_transit_unencrypted::RULE,
    &elasticache_unencrypted::RULE,
    &emr_block_public_access_disabled::RULE,
    &guardduty_detector_disabled::RULE,
    &iam_access_key::RULE,
    &iam_admin_managed_policy_attached::RULE,
    &iam_admin_policy::RULE,
    &iam_github_oidc_unscoped::RULE,
    &iam_password_policy_simple::RULE,
    &iam_password_policy_weak::RULE,
    &iam_role_trust_wildcard::RULE,
    &iam_user_inline_policy::RULE,
    &iam_user_policy_attached::RULE,
    &instance_public_ip::RULE,
    &kinesis_stream_unencrypted::RULE,
    &kms_rotation_disabled::RULE,
    &lambda_public_permission::RULE,
    &lambda_runtime_deprecated::RULE,
    &lambda_url_unauthenticated::RULE,
    &launch_configuration_public_ip::RULE,
    &lb_access_logs_missing::RULE,
    &lb_deletion_protection_disabled::RULE,
    &lb_drop_invalid_headers_disabled::RULE,
    &lb_listener_http::RULE,
    &mq_publicly_accessible::RULE,
    &msk_plaintext_clients::RULE,
    &nacl_admin_ports_open::RULE,
    &neptune_unencrypted::RULE,
    &network_firewall_deletion_protection_disabled::RULE,
    &opensearch_node_to_node_disabled::RULE,
    &opensearch_not_in_vpc::RULE,
    &opensearch_unencrypted::RULE,
    &rds_auto_minor_upgrade_disabled::RULE,
    &rds_backups_disabled::RULE,
    &rds_cluster_backtrack_disabled::RULE,
    &rds_copy_tags_to_snapshot_disabled::RULE,
    &rds_deletion_protection_disabled::RULE,
    &rds_enhanced_monitoring_disabled::RULE,
    &rds_iam_auth_disabled::RULE,
    &rds_multi_az_disabled::RULE,
    &rds_publicly_accessible::RULE,
    &rds_storage_unencrypted::RULE,
    &redshift_publicly_accessible::RULE,
    &redshift_unencrypted::RULE,
    &redshift_version_upgrade_disabled::RULE,
    &s3_access_logging_missing::RULE,
    &s3_bucket_acl_public::RULE,
    &s3_encryption_missing::RULE,
    &s3_public_access_block_disabled::RULE,
    &s3_public_access_block_missing::RULE,
    &s3_public_acl::RULE,
    &s3_public_policy::RULE,
    &s3_tls_not_enforced::RULE,
    &s3_versioning_disabled::RULE,
    &sagemaker_notebook_internet::RULE,
    &secretsmanager_no_kms::RULE,
    &sfn_logging_missing::RULE,
    &sg_all_ports_open::RULE,
    &sg_database_open::RULE,
    &sg_rdp_open::RULE,
    &sg_ssh_open::RULE,
    &sns_topic_unencrypted::RULE,
    &sqs_queue_unencrypted::RULE,
    &subnet_public_ip_on_launch::RULE,
    &transfer_server_ftp::RULE,
    &vpc_flow_logs_missing::RULE,
    &workspaces_unencrypted::RULE,
    &plan_deletion_protection_removed::RULE,
    &plan_prevent_destroy_missing::RULE,
    &plan_public_ingress_added::RULE,
    &plan_stateful_deleted::RULE,
    &plan_stateful_replaced::RULE,
];

/// The metadata of every Terraform rule (for `ndlint rules` and the registry's rule infos).
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    ALL.iter().map(|r| r.meta())
}

/// What a resource change does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actions {
    pub create: bool,
    pub delete: bool,
    pub update: bool,
    pub read: bool,
    pub noop: bool,
    pub forget: bool,
}

impl Actions {
    pub fn of(v: Option<&Value>) -> Actions {
        let mut a = Actions::default();
        for s in v.and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
            match s {
                "create" => a.create = true,
                "delete" => a.delete = true,
                "update" => a.update = true,
                "read" => a.read = true,
                "no-op" => a.noop = true,
                "forget" => a.forget = true,
                _ => {}
            }
        }
        a
    }

    pub fn is_delete_only(&self) -> bool {
        self.delete && !self.create
    }

    pub fn is_replace(&self) -> bool {
        self.delete && self.create
    }
}

/// One resource change of a plan, with typed access to its planned values.
pub struct PlanResource<'a> {
    pub doc: &'a Document,
    pub address: &'a str,
    pub rtype: &'a str,
    pub name: &'a str,
    /// `managed` or `data`.
    pub mode: &'a str,
    /// `module.a.module.b["k"]`, empty in the root module.
    pub module_address: &'a str,
    /// Module path without instance keys, for configuration lookups.
    pub module_path: Vec<String>,
    pub actions: Actions,
    pub before: &'a Value,
    pub after: &'a Value,
    pub after_unknown: &'a Value,
    /// `configuration` expressions of this resource (`{attr: {constant_value | references}}`).
    pub expressions: Option<&'a Value>,
    /// The `resource` block in the `.tf` source, when found.
    pub source: Option<&'a ResourceBlock>,
    /// Attributes that need input (`.tf` evaluation only): pointer below `after`, what is missing.
    pub inputs: &'a [(String, String)],
    /// Pointers a rule read that were not known, to tell "needs input" from a pass.
    asked: std::cell::RefCell<Vec<String>>,
}

static NULL: Value = Value::Null;

impl<'a> PlanResource<'a> {
    /// A planned value by pointer below `after` (`/versioning/0/enabled`).
    pub fn get(&self, path: &str) -> Option<&'a Value> {
        self.after.at(path).filter(|v| !v.is_null())
    }

    fn note_asked(&self, path: &str) {
        if !self.inputs.is_empty() {
            self.asked.borrow_mut().push(path.to_string());
        }
    }

    /// The missing input a decision of the last rule depended on: `(pointer, what)`.
    fn needed_input(&self) -> Option<(String, String)> {
        let asked = self.asked.take();
        self.inputs
            .iter()
            .filter(|(p, _)| !p.is_empty())
            .find(|(p, _)| {
                asked
                    .iter()
                    .any(|q| q == p || q.starts_with(&format!("{p}/")) || p.starts_with(&format!("{q}/")))
            })
            .cloned()
    }

    pub fn str(&self, path: &str) -> Option<&'a str> {
        self.get(path).and_then(Value::as_str)
    }

    pub fn bool(&self, path: &str) -> Option<bool> {
        self.get(path).and_then(Value::as_bool)
    }

    pub fn num(&self, path: &str) -> Option<f64> {
        self.get(path).and_then(|v| v.as_f64().or_else(|| v.as_str()?.parse().ok()))
    }

    /// The elements of a list/set (nested blocks) with their pointers.
    pub fn items(&self, path: &str) -> Vec<(String, &'a Value)> {
        self.get(path)
            .and_then(Value::as_array)
            .map(|a| a.iter().enumerate().map(|(i, v)| (format!("{path}/{i}"), v)).collect())
            .unwrap_or_default()
    }

    /// True when the value at `path` (or an ancestor) is only known after apply.
    pub fn unknown(&self, path: &str) -> bool {
        self.note_asked(path);
        if self.after_unknown == &Value::Bool(true) {
            return true;
        }
        let mut cur = self.after_unknown;
        for seg in crate::document::pointer_segments(path) {
            cur = match cur {
                Value::Object(m) => m.get(seg.as_ref()).unwrap_or(&NULL),
                Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)).unwrap_or(&NULL),
                _ => &NULL,
            };
            if cur == &Value::Bool(true) {
                return true;
            }
        }
        false
    }

    /// `after[path]` is false/absent and known (a missing or disabled setting).
    pub fn not_true(&self, path: &str) -> bool {
        !self.unknown(path) && self.bool(path) != Some(true)
    }

    /// The setting at `path` is not `true`: false or absent and known, or unknown in a plan only
    /// because the provider computes a default the configuration does not set (the default is off).
    pub fn disabled(&self, path: &str) -> bool {
        self.bool(path) != Some(true) && (!self.unknown(path) || self.declared(path) == Some(false))
    }

    /// Whether the configuration writes the attribute at `path` (`/vpc_config/0/public_access_cidrs`),
    /// from the plan's `configuration` expressions, else the `.tf` block; `None` when neither is known.
    pub fn declared(&self, path: &str) -> Option<bool> {
        let segs: Vec<_> = crate::document::pointer_segments(path).collect();
        if let Some(mut cur) = self.expressions {
            for seg in &segs {
                let next = match cur {
                    Value::Object(m) => m.get(seg.as_ref()),
                    Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
                    _ => None,
                };
                match next {
                    Some(n) => cur = n,
                    None => {
                        return Some(
                            matches!(cur, Value::Object(m) if m.contains_key("references") || m.contains_key("constant_value")),
                        );
                    }
                }
            }
            return Some(true);
        }
        let mut block = &self.source?.block;
        let mut i = 0;
        while let Some(seg) = segs.get(i) {
            if block.attr(seg).is_some() {
                return Some(true);
            }
            if block
                .blocks
                .iter()
                .any(|b| b.ident == "dynamic" && b.labels.first().map(String::as_str) == Some(seg.as_ref()))
            {
                return Some(true);
            }
            let n = segs.get(i + 1).and_then(|s| s.parse::<usize>().ok());
            match block.blocks_named(seg).nth(n.unwrap_or(0)) {
                Some(b) => block = b,
                None => return Some(false),
            }
            i += if n.is_some() { 2 } else { 1 };
        }
        Some(true)
    }

    /// The setting at `path` is not set: absent, null or empty and known; or unknown only because
    /// the provider computes a default the configuration does not override.
    pub fn unset(&self, path: &str) -> bool {
        match self.get(path) {
            Some(Value::Array(a)) => a.is_empty(),
            Some(Value::Object(m)) => m.is_empty(),
            Some(Value::String(s)) => s.is_empty(),
            Some(_) => false,
            None => !self.unknown(path) || self.declared(path) == Some(false),
        }
    }

    /// The references of a top-level attribute's configuration expression.
    pub fn references(&self, attr: &str) -> Vec<&'a str> {
        self.expressions
            .and_then(|e| e.get(attr))
            .and_then(|e| e.get("references"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default()
    }

    /// `type.name` within its module.
    pub fn local_address(&self) -> String {
        if self.mode == "data" {
            format!("data.{}.{}", self.rtype, self.name)
        } else {
            format!("{}.{}", self.rtype, self.name)
        }
    }

    /// Tags (`tags_all`, else `tags`) value of a key, case-insensitive key match.
    pub fn tag(&self, key: &str) -> Option<&'a str> {
        ["/tags_all", "/tags"].iter().find_map(|p| {
            self.get(p)?
                .as_object()?
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .and_then(|(_, v)| v.as_str())
        })
    }
}

/// The whole plan as rules see it: every resource change and cross-resource lookups.
pub struct PlanView<'a> {
    pub plan: &'a Plan,
    pub resources: Vec<PlanResource<'a>>,
    by_type: HashMap<&'a str, Vec<usize>>,
}

impl<'a> PlanView<'a> {
    pub fn new(plan: &'a Plan, sources: &'a TfSources) -> PlanView<'a> {
        let mut config: HashMap<(Vec<String>, String), &'a Value> = HashMap::new();
        if let Some(root) = plan.configuration.get("root_module") {
            index_config(root, &mut Vec::new(), &mut config, 0);
        }
        let mut resources = Vec::with_capacity(plan.documents.len());
        let mut by_type: HashMap<&str, Vec<usize>> = HashMap::new();
        for doc in &plan.documents {
            let v = &doc.value;
            let s = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or("");
            let address = s("address");
            let change = v.get("change").unwrap_or(&NULL);
            let (module_path, local) = split_address(address);
            let r = PlanResource {
                doc,
                address,
                rtype: s("type"),
                name: s("name"),
                mode: if s("mode").is_empty() { "managed" } else { s("mode") },
                module_address: s("module_address"),
                actions: Actions::of(change.get("actions")),
                before: change.get("before").unwrap_or(&NULL),
                after: change.get("after").unwrap_or(&NULL),
                after_unknown: change.get("after_unknown").unwrap_or(&NULL),
                expressions: config.get(&(module_path.clone(), local)).copied(),
                source: sources.resource(address),
                module_path,
                inputs: plan.inputs.get(address).map_or(&[], Vec::as_slice),
                asked: Default::default(),
            };
            by_type.entry(r.rtype).or_default().push(resources.len());
            resources.push(r);
        }
        PlanView { plan, resources, by_type }
    }

    /// Resources of a type, in plan order (deleted ones excluded).
    pub fn of_type<'s>(&'s self, rtype: &str) -> impl Iterator<Item = &'s PlanResource<'a>> + 's {
        self.by_type
            .get(rtype)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&i| self.resources.get(i))
            .filter(|r| !r.actions.is_delete_only())
    }

    /// Resources of `rtype` whose attribute `attr` points at `target`: by configuration reference
    /// (`aws_s3_bucket.logs.id`, same module) or by a known value equal to the target's `bucket`,
    /// `id`, `name` or `arn`.
    pub fn companions<'s>(
        &'s self,
        target: &'s PlanResource<'a>,
        rtype: &'s str,
        attr: &'s str,
    ) -> impl Iterator<Item = &'s PlanResource<'a>> + 's {
        let local = target.local_address();
        let keys: Vec<&str> = ["/bucket", "/id", "/name", "/arn"]
            .iter()
            .filter_map(|p| target.str(p))
            .filter(|s| !s.is_empty())
            .collect();
        self.of_type(rtype).filter(move |c| {
            let by_ref = c.module_path == target.module_path
                && c.references(attr).iter().any(|r| {
                    let r = strip_index(r);
                    r == local || r.strip_prefix(local.as_str()).is_some_and(|rest| rest.starts_with('.'))
                });
            by_ref || c.str(&format!("/{attr}")).is_some_and(|v| keys.contains(&v))
        })
    }

    /// True when the resource belongs to a production environment: an `Environment`/`env` tag,
    /// an `environment`/`env`/`stage` root variable, or a `prod`/`production` directory in the
    /// plan's path.
    pub fn is_prod(&self, r: &PlanResource<'_>) -> bool {
        let prod = |s: &str| matches!(s.to_ascii_lowercase().as_str(), "prod" | "production" | "prd");
        if let Some(t) = ["Environment", "env", "stage"].iter().find_map(|k| r.tag(k)) {
            return prod(t);
        }
        if let Some(v) = ["environment", "env", "stage"]
            .iter()
            .find_map(|k| self.plan.variables.get(*k)?.get("value")?.as_str())
        {
            return prod(v);
        }
        self.plan.file.path.split('/').any(prod)
    }
}

fn index_config<'a>(
    module: &'a Value,
    path: &mut Vec<String>,
    out: &mut HashMap<(Vec<String>, String), &'a Value>,
    depth: usize,
) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(a), Some(e)) = (r.get("address").and_then(Value::as_str), r.get("expressions")) {
            out.insert((path.clone(), a.to_string()), e);
        }
    }
    if depth > 16 {
        return;
    }
    for (name, call) in module.get("module_calls").and_then(Value::as_object).into_iter().flatten() {
        if let Some(m) = call.get("module") {
            path.push(name.clone());
            index_config(m, path, out, depth + 1);
            path.pop();
        }
    }
}

/// `aws_s3_bucket.b[count.index].id` → `aws_s3_bucket.b.id`.
fn strip_index(r: &str) -> String {
    let mut out = String::with_capacity(r.len());
    let mut depth = 0usize;
    for c in r.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Collects one rule's findings on one resource change of the plan file.
pub struct TfSink<'a> {
    doc: &'a Document,
    meta: &'static RuleMeta,
    out: &'a mut Vec<Finding>,
}

impl<'a> TfSink<'a> {
    pub fn new(doc: &'a Document, meta: &'static RuleMeta, out: &'a mut Vec<Finding>) -> Self {
        TfSink { doc, meta, out }
    }

    /// Reports at an attribute path below `change.after` (`/acl`, `/ingress/0/cidr_blocks`); the
    /// plan finisher maps it to the `.tf` attribute, else the `resource` block.
    pub fn report(&mut self, path: &str, message: impl Into<String>) -> &mut Finding {
        self.report_at(&format!("/change/after{path}"), message)
    }

    /// Reports at a path below `change.before` (for what a change removes).
    pub fn report_before(&mut self, path: &str, message: impl Into<String>) -> &mut Finding {
        self.report_at(&format!("/change/before{path}"), message)
    }

    /// Reports at the resource itself (its `resource` block header).
    pub fn report_resource(&mut self, message: impl Into<String>) -> &mut Finding {
        self.report_at("", message)
    }

    fn report_at(&mut self, pointer: &str, message: impl Into<String>) -> &mut Finding {
        let located = self.doc.locate(pointer);
        let span = if located.exact { located.node.value_span() } else { located.node.key_span() };
        let mut f =
            Finding::new(self.meta.id, self.meta.severity, message.into(), self.doc.file.clone(), span);
        f.help = Some(self.meta.help.to_string());
        f.pointer = Some(pointer.to_string());
        f.origin = self.doc.origin.as_ref().map(|o| o.description.clone());
        f.address = crate::parse::tfplan::address_of(self.doc).map(str::to_string);
        self.out.push(f);
        let n = self.out.len();
        &mut self.out[n - 1]
    }
}

/// Runs every enabled Terraform rule on every resource change of a plan. The findings are located
/// in the plan file; [`Plan::finish`] moves them to the `.tf` source and scrubs them.
pub fn check_plan(plan: &Plan, sources: &TfSources, registry: &Registry) -> Vec<Finding> {
    let rules: Vec<&dyn TfRule> = ALL
        .iter()
        .copied()
        .filter(|r| registry.selection.enabled(r.meta().id, r.meta().default_enabled))
        .filter(|r| !(plan.is_configuration() && r.needs_change()))
        .collect();
    let view = PlanView::new(plan, sources);
    let mut out = Vec::new();
    for r in &view.resources {
        let config_ok =
            r.mode == "managed" && !r.actions.is_delete_only() && !r.actions.forget && !r.after.is_null();
        for rule in &rules {
            if !config_ok && rule.meta().id.starts_with("tf-aws-") {
                continue;
            }
            let before = out.len();
            r.asked.take();
            rule.check(r, &view, &mut TfSink::new(r.doc, rule.meta(), &mut out));
            if out.len() == before
                && let Some((path, what)) = r.needed_input()
            {
                let m = rule.meta();
                let mut sink = TfSink::new(r.doc, &crate::rules::internal::TF_NEEDS_INPUT, &mut out);
                sink.report(
                    &path,
                    format!(
                        "needs input: `{}` ({}) cannot be decided: the value depends on {what}, which has no value here",
                        m.id,
                        m.summary.to_lowercase()
                    ),
                );
            }
        }
    }
    out
}

/// Resource types that hold data: deleting or replacing them loses it.
pub const STATEFUL: &[&str] = &[
    "aws_backup_vault",
    "aws_db_instance",
    "aws_docdb_cluster",
    "aws_dynamodb_table",
    "aws_ebs_volume",
    "aws_efs_file_system",
    "aws_eks_cluster",
    "aws_elasticache_replication_group",
    "aws_elasticsearch_domain",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_msk_cluster",
    "aws_neptune_cluster",
    "aws_opensearch_domain",
    "aws_rds_cluster",
    "aws_redshift_cluster",
    "aws_s3_bucket",
    "aws_secretsmanager_secret",
];

/// True when a CIDR is the whole IPv4 or IPv6 internet.
pub fn is_world(cidr: &str) -> bool {
    matches!(cidr.trim(), "0.0.0.0/0" | "::/0" | "0::/0")
}

/// One ingress permission, from an inline `ingress` block or a standalone rule resource.
#[derive(Debug, Clone)]
pub struct Ingress<'a> {
    /// Pointer below `after` of the world-open CIDR (for the finding location).
    pub path: String,
    pub cidr: &'a str,
    pub protocol: String,
    pub from: i64,
    pub to: i64,
}

impl Ingress<'_> {
    /// True for protocol `-1`/`all` or a 0–65535 range.
    pub fn all_ports(&self) -> bool {
        matches!(self.protocol.as_str(), "-1" | "all") || (self.from <= 0 && self.to >= 65535)
    }

    /// True when the rule admits TCP (or any protocol) on `port`.
    pub fn opens(&self, port: i64) -> bool {
        if self.all_ports() {
            return true;
        }
        matches!(self.protocol.as_str(), "tcp" | "6") && self.from <= port && port <= self.to
    }
}

/// World-open ingress permissions of a security group, a security group rule or a VPC security
/// group ingress rule, as planned (`value` is `after` or `before`).
pub fn world_ingress<'v>(rtype: &str, value: &'v Value) -> Vec<Ingress<'v>> {
    let num = |v: &Value, k: &str| v.get(k).and_then(|n| n.as_i64().or_else(|| n.as_str()?.parse().ok()));
    let proto = |v: &Value, k: &str| {
        v.get(k)
            .map(|p| match p {
                Value::String(s) => s.to_ascii_lowercase(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    let mut from_lists = |base: String, v: &'v Value| {
        for list in ["cidr_blocks", "ipv6_cidr_blocks"] {
            for (i, c) in v.get(list).and_then(Value::as_array).into_iter().flatten().enumerate() {
                if let Some(c) = c.as_str().filter(|c| is_world(c)) {
                    out.push(Ingress {
                        path: format!("{base}/{list}/{i}"),
                        cidr: c,
                        protocol: proto(v, "protocol"),
                        from: num(v, "from_port").unwrap_or(0),
                        to: num(v, "to_port").unwrap_or(0),
                    });
                }
            }
        }
    };
    match rtype {
        "aws_security_group" => {
            for (i, rule) in value.get("ingress").and_then(Value::as_array).into_iter().flatten().enumerate()
            {
                from_lists(format!("/ingress/{i}"), rule);
            }
        }
        "aws_security_group_rule" if value.get("type").and_then(Value::as_str) == Some("ingress") => {
            from_lists(String::new(), value);
        }
        "aws_vpc_security_group_ingress_rule" => {
            for k in ["cidr_ipv4", "cidr_ipv6"] {
                if let Some(c) = value.get(k).and_then(Value::as_str).filter(|c| is_world(c)) {
                    let protocol = proto(value, "ip_protocol");
                    let all = protocol == "-1";
                    out.push(Ingress {
                        path: format!("/{k}"),
                        cidr: c,
                        from: if all { 0 } else { num(value, "from_port").unwrap_or(0) },
                        to: if all { 65535 } else { num(value, "to_port").unwrap_or(0) },
                        protocol,
                    });
                }
            }
        }
        _ => {}
    }
    out
}

/// Shared logic of the "port open to the world" rules.
pub fn report_open_ports(r: &PlanResource<'_>, sink: &mut TfSink<'_>, ports: &[(i64, &str)], what: &str) {
    for ing in world_ingress(r.rtype, r.after) {
        if ing.all_ports() {
            continue; // tf-aws-sg-all-ports-open reports these
        }
        if let Some((port, name)) = ports.iter().find(|(p, _)| ing.opens(*p)) {
            sink.report(
                &ing.path,
                format!(
                    "ingress from {} allows {what} ({name}, port {port}) from the whole internet",
                    ing.cidr
                ),
            );
        }
    }
}

// The Terraform front-ends (`parse::tfplan`, `parse::tfhcl`) produce the resource model; these run
// the rules over it and locate the findings in the `.tf` files.

/// Lints one plan file with the built-in Terraform rules (those the registry's selection enables).
///
/// `repo_root` makes `.tf` paths repository-relative; the configuration is looked for in
/// `tf_root` when given, else in the directory holding the plan (`repo_root/file.path`'s parent).
/// Findings point at the `.tf` attribute or `resource` block, carry the plan address in the message
/// and in `Finding::address`, and never contain a sensitive value. Parse problems are returned as
/// `parse-error` findings.
pub fn lint_plan(
    file: &Arc<SourceFile>,
    repo_root: &Path,
    tf_root: Option<&Path>,
    registry: &Registry,
) -> Vec<Finding> {
    let plan = match crate::parse::tfplan::parse_plan(file) {
        Ok(p) => p,
        Err(f) => return vec![*f],
    };
    let sources = plan.load_sources(repo_root, tf_root);
    let mut findings = check_plan(&plan, &sources, registry);
    plan.finish(&sources, &mut findings);
    findings
}

/// Lints the root module in `dir` from its sources: evaluation, the Terraform rules, locations in
/// the `.tf` files, and `parse-error` findings for files that do not parse.
pub fn lint_root(dir: &Path, repo_root: &Path, var_files: &[PathBuf], registry: &Registry) -> Vec<Finding> {
    let sources = crate::parse::hcl::TfSources::load(dir, repo_root, &Value::Null);
    let mut findings: Vec<Finding> = sources
        .errors
        .iter()
        .map(|(path, msg)| {
            let file = SourceFile::new(
                path.clone(),
                std::fs::read_to_string(repo_root.join(path)).unwrap_or_default(),
            );
            crate::parse::parse_error(
                &file,
                Span::default(),
                format!("invalid Terraform configuration: {msg}"),
            )
        })
        .collect();
    let Some(plan) = crate::parse::tfhcl::evaluate(&sources, dir, repo_root, var_files) else {
        return findings;
    };
    let mut own = check_plan(&plan, &sources, registry);
    plan.finish(&sources, &mut own);
    findings.extend(own);
    findings
}

/// Lints every root module among `dirs` (in parallel), leaving out a finding a plan of the run
/// already reports for the same rule, address and `.tf` file (`plan_findings`): the plan's values
/// are more exact.
pub fn lint_roots(
    dirs: &[PathBuf],
    repo_root: &Path,
    var_files: &[PathBuf],
    registry: &Registry,
    plan_findings: &[Finding],
) -> Vec<Finding> {
    use rayon::prelude::*;
    let from_plans: std::collections::HashSet<(&str, &str, &str)> = plan_findings
        .iter()
        .filter_map(|f| Some((&*f.rule, f.address.as_deref()?, f.file.path.as_str())))
        .collect();
    let roots = crate::parse::tfhcl::root_modules(dirs);
    let found: Vec<Vec<Finding>> =
        roots.par_iter().map(|d| lint_root(d, repo_root, var_files, registry)).collect();
    found
        .into_iter()
        .flatten()
        .filter(|f| {
            f.address.as_deref().is_none_or(|a| !from_plans.contains(&(&*f.rule, a, f.file.path.as_str())))
        })
        .collect()
}
