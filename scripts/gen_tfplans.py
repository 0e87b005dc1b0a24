#!/usr/bin/env python3
"""Generates the Terraform plan JSON files of the repository from specs mirroring the `.tf` sources.

    python3 scripts/gen_tfplans.py            # fixtures/terraform/*/plan.json, terraform/environments/*/plan.json

The 5,000-resource benchmark plan is built in memory by `benches/tfplan.rs` from these plans.

Each plan has the shape of `terraform show -json` (format_version 1.2): planned_values,
resource_changes with after_unknown / after_sensitive, prior_state, configuration with module
calls, variables (sensitive ones in clear, as Terraform writes them).
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from tfplan import U, Resource as R, plan, write  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ACCT = "123456789012"
KMS_ARN = f"arn:aws:kms:us-east-1:{ACCT}:key/0f6d3c2e-5b1a-4c8e-9d7f-1a2b3c4d5e6f"


def jsonencode(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def ref(*r):
    return list(r)


def bucket_ref(name):
    return {"bucket": [f"aws_s3_bucket.{name}.id", f"aws_s3_bucket.{name}"]}


def cis():
    PASSWORD = "Sup3r-Secret-Pa55word!"
    AURORA_PASSWORD = "Aur0ra-Master-Pa55word"
    res = []
    # --- S3
    res.append(R("aws_s3_bucket.bad_bare", {"bucket": "ndlint-fixture-bare", "force_destroy": False, "id": U, "arn": U,
                                            "server_side_encryption_configuration": U, "versioning": U, "logging": U,
                                            "tags": None, "tags_all": U, "policy": U},
                 defaults=["force_destroy"]))
    res.append(R("aws_s3_bucket.bad_public", {"bucket": "ndlint-fixture-public", "acl": "public-read", "force_destroy": False,
                                              "id": U, "arn": U, "server_side_encryption_configuration": U, "versioning": U,
                                              "logging": U, "tags": None, "tags_all": U, "policy": U},
                 defaults=["force_destroy"]))
    res.append(R("aws_s3_bucket_public_access_block.bad_public",
                 {"bucket": U, "block_public_acls": False, "block_public_policy": True, "ignore_public_acls": True,
                  "restrict_public_buckets": True, "id": U}, refs=bucket_ref("bad_public")))
    res.append(R("aws_s3_bucket_versioning.bad_public",
                 {"bucket": U, "versioning_configuration": [{"status": "Suspended", "mfa_delete": U}], "id": U},
                 refs=bucket_ref("bad_public")))
    public_policy = jsonencode({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::ndlint-fixture-public/*"}]})
    res.append(R("aws_s3_bucket_policy.bad_public", {"bucket": U, "policy": public_policy, "id": U},
                 refs=bucket_ref("bad_public")))
    for name, bucket in [("ok_data", "ndlint-fixture-data"), ("ok_logs", "ndlint-fixture-logs")]:
        res.append(R(f"aws_s3_bucket.{name}", {"bucket": bucket, "force_destroy": False, "id": U, "arn": U,
                                              "server_side_encryption_configuration": U, "versioning": U, "logging": U,
                                              "tags": None, "tags_all": U, "policy": U}, defaults=["force_destroy"]))
        res.append(R(f"aws_s3_bucket_public_access_block.{name}",
                     {"bucket": U, "block_public_acls": True, "block_public_policy": True, "ignore_public_acls": True,
                      "restrict_public_buckets": True, "id": U}, refs=bucket_ref(name)))
        res.append(R(f"aws_s3_bucket_versioning.{name}",
                     {"bucket": U, "versioning_configuration": [{"status": "Enabled", "mfa_delete": U}], "id": U},
                     refs=bucket_ref(name)))
    res.append(R("aws_s3_bucket_server_side_encryption_configuration.ok_data",
                 {"bucket": U, "id": U, "expected_bucket_owner": None,
                  "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "aws:kms", "kms_master_key_id": U}],
                            "bucket_key_enabled": None}]}, refs=bucket_ref("ok_data")))
    res.append(R("aws_s3_bucket_server_side_encryption_configuration.ok_logs",
                 {"bucket": U, "id": U, "expected_bucket_owner": None,
                  "rule": [{"apply_server_side_encryption_by_default": [{"sse_algorithm": "AES256", "kms_master_key_id": None}],
                            "bucket_key_enabled": None}]}, refs=bucket_ref("ok_logs")))
    res.append(R("aws_s3_bucket_logging.ok_data", {"bucket": U, "target_bucket": U, "target_prefix": "s3/ndlint-fixture-data/", "id": U},
                 refs={**bucket_ref("ok_data"), "target_bucket": ["aws_s3_bucket.ok_logs.id", "aws_s3_bucket.ok_logs"]}))
    res.append(R("data.aws_iam_policy_document.ok_data_tls", {
        "id": U, "json": U, "minified_json": U, "version": "2012-10-17",
        "statement": [{"sid": "DenyInsecureTransport", "effect": "Deny", "actions": ["s3:*"], "not_actions": None,
                       "resources": U, "not_resources": None,
                       "principals": [{"type": "*", "identifiers": ["*"]}], "not_principals": [],
                       "condition": [{"test": "Bool", "variable": "aws:SecureTransport", "values": ["false"]}]}]},
        actions=["read"], mode="data", action_reason="read_because_dependency_pending",
        refs={"statement": ["aws_s3_bucket.ok_data.arn", "aws_s3_bucket.ok_data"]}))
    res.append(R("aws_s3_bucket_policy.ok_data", {"bucket": U, "policy": U, "id": U},
                 refs={**bucket_ref("ok_data"), "policy": ["data.aws_iam_policy_document.ok_data_tls.json",
                                                           "data.aws_iam_policy_document.ok_data_tls"]}))
    tls_policy = jsonencode({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": ["arn:aws:s3:::ndlint-fixture-logs", "arn:aws:s3:::ndlint-fixture-logs/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})
    res.append(R("aws_s3_bucket_policy.ok_logs", {"bucket": U, "policy": tls_policy, "id": U}, refs=bucket_ref("ok_logs")))
    # --- IAM
    admin = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})
    scoped = jsonencode({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::ndlint-fixture-data/*"}]})
    res.append(R("aws_iam_policy.bad_admin", {"name": "fixture-admin", "path": "/", "policy": admin, "arn": U, "id": U,
                                              "policy_id": U, "tags_all": U}, defaults=["path"]))
    res.append(R("aws_iam_policy.ok_scoped", {"name": "fixture-read-artifacts", "path": "/", "policy": scoped, "arn": U,
                                              "id": U, "policy_id": U, "tags_all": U},
                 before={"name": "fixture-read", "path": "/", "policy": scoped, "arn": f"arn:aws:iam::{ACCT}:policy/fixture-read",
                         "id": f"arn:aws:iam::{ACCT}:policy/fixture-read", "policy_id": "ANPA0000000000000001", "tags_all": {}},
                 actions=["delete", "create"], replace_paths=[["name"]], defaults=["path"]))
    res.append(R("aws_iam_user_policy.bad_inline", {"name": "ci-bot-inline", "user": "ci-bot", "policy": scoped, "id": U},
                 refs={"policy": ["aws_iam_policy.ok_scoped.policy", "aws_iam_policy.ok_scoped"]}))
    res.append(R("aws_iam_role_policy.ok_role_inline", {"name": "app-read", "role": "app", "policy": scoped, "id": U},
                 refs={"policy": ["aws_iam_policy.ok_scoped.policy", "aws_iam_policy.ok_scoped"]}))
    iam_star = jsonencode({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]})
    res.append(R("aws_iam_role_policy.bad_iam_star", {"name": "ops-iam", "role": "ops", "policy": iam_star, "id": U}))
    res.append(R("aws_iam_user_policy_attachment.bad_attach",
                 {"user": "ci-bot", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "id": U}))
    res.append(R("aws_iam_group_policy_attachment.ok_group_attach",
                 {"group": "auditors", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess", "id": U}))
    res.append(R("aws_iam_role_policy_attachment.bad_admin_attach",
                 {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess", "id": U}))
    res.append(R("aws_iam_access_key.bad_key", {"user": "ci-bot", "status": "Active", "id": U, "secret": U,
                                                "ses_smtp_password_v4": U, "pgp_key": None},
                 sensitive=["secret", "ses_smtp_password_v4"], defaults=["status"]))
    res.append(R("aws_iam_user.ok_user", {"name": "break-glass", "path": "/", "force_destroy": False, "arn": U, "id": U,
                                          "unique_id": U, "tags_all": U}, defaults=["path", "force_destroy"]))
    res.append(R("aws_iam_account_password_policy.bad_pw", {"minimum_password_length": 8, "password_reuse_prevention": 5, "id": U}))
    res.append(R("aws_iam_account_password_policy.ok_pw", {"minimum_password_length": 14, "password_reuse_prevention": 24, "id": U}))
    anyone = jsonencode({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "*"}}]})
    gh = f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com"
    gh_any = jsonencode({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": gh},
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}}]})
    gh_ok = jsonencode({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity", "Principal": {"Federated": gh},
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                      "StringLike": {"token.actions.githubusercontent.com:sub": "repo:normaldance/platform:*"}}}]})
    for name, role, pol in [("bad_trust_any", "fixture-anyone", anyone), ("bad_github", "fixture-github-any-repo", gh_any),
                            ("ok_github", "fixture-github-platform", gh_ok)]:
        res.append(R(f"aws_iam_role.{name}", {"name": role, "assume_role_policy": pol, "max_session_duration": 3600,
                                              "path": "/", "arn": U, "id": U, "unique_id": U, "managed_policy_arns": U,
                                              "inline_policy": U, "tags_all": U},
                     defaults=["max_session_duration", "path"]))
    # --- network
    vpc_ok = {"vpc_id": ["aws_vpc.ok_main.id", "aws_vpc.ok_main"]}

    def ing(desc, port, cidrs=(), v6=()):
        return {"description": desc, "from_port": port, "to_port": port, "protocol": "tcp", "cidr_blocks": list(cidrs),
                "ipv6_cidr_blocks": list(v6), "prefix_list_ids": [], "security_groups": [], "self": False}

    # Terraform orders set elements by hash, not source order: the plan lists them differently.
    res.append(R("aws_security_group.bad_web", {
        "name": "fixture-web", "vpc_id": U, "id": U, "arn": U, "owner_id": U, "egress": U, "tags_all": U,
        "revoke_rules_on_delete": False, "description": "Managed by Terraform",
        "ingress": [ing("PostgreSQL over IPv6", 5432, v6=["::/0"]),
                    ing("SSH from anywhere", 22, ["10.0.0.0/8", "0.0.0.0/0"]),
                    ing("HTTPS", 443, ["0.0.0.0/0"])]},
        refs=vpc_ok, defaults=["revoke_rules_on_delete", "description"]))
    sg_ref = {"security_group_id": ["aws_security_group.bad_web.id", "aws_security_group.bad_web"]}
    res.append(R("aws_security_group_rule.bad_rdp", {"type": "ingress", "security_group_id": U, "from_port": 3389,
                                                     "to_port": 3389, "protocol": "tcp", "cidr_blocks": ["0.0.0.0/0"],
                                                     "id": U, "self": False, "security_group_rule_id": U},
                 refs=sg_ref, defaults=["self"]))
    res.append(R("aws_vpc_security_group_ingress_rule.bad_all", {"security_group_id": U, "ip_protocol": "-1",
                                                                 "cidr_ipv4": "0.0.0.0/0", "id": U, "arn": U,
                                                                 "security_group_rule_id": U, "tags_all": U},
                 refs=sg_ref))
    res.append(R("aws_security_group.ok_internal", {
        "name": "fixture-internal", "vpc_id": U, "id": U, "arn": U, "owner_id": U, "egress": U, "tags_all": U,
        "revoke_rules_on_delete": False, "description": "Managed by Terraform",
        "ingress": [ing("SSH from the VPN", 22, ["10.8.0.0/16"])]},
        refs=vpc_ok, defaults=["revoke_rules_on_delete", "description"]))
    web_before = {"name": "fixture-existing-web", "vpc_id": "vpc-0a1b2c3d4e5f60001", "id": "sg-0a1b2c3d4e5f60009",
                  "arn": f"arn:aws:ec2:us-east-1:{ACCT}:security-group/sg-0a1b2c3d4e5f60009", "owner_id": ACCT,
                  "egress": [], "tags": {}, "tags_all": {}, "revoke_rules_on_delete": False,
                  "description": "Managed by Terraform", "ingress": [ing("HTTPS", 443, ["0.0.0.0/0"])]}
    web_after = dict(web_before, tags={"Team": "web"}, tags_all={"Team": "web"})
    res.append(R("aws_security_group.ok_existing_web", web_after, before=web_before, actions=["update"], refs=vpc_ok,
                 defaults=["revoke_rules_on_delete", "description", "egress", "tags", "owner_id", "vpc_id"]))
    res.append(R("aws_default_security_group.bad_default", {
        "vpc_id": U, "id": U, "arn": U, "egress": [], "tags_all": U,
        "ingress": [{"protocol": "-1", "self": True, "from_port": 0, "to_port": 0, "cidr_blocks": [],
                     "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": [], "description": ""}]},
        refs={"vpc_id": ["aws_vpc.bad_noflow.id", "aws_vpc.bad_noflow"]}, defaults=["egress"]))
    res.append(R("aws_default_security_group.ok_default", {"vpc_id": U, "id": U, "arn": U, "egress": [], "ingress": [],
                                                           "tags_all": U}, refs=vpc_ok, defaults=["egress", "ingress"]))
    res.append(R("aws_network_acl.bad_nacl", {"vpc_id": U, "id": U, "arn": U, "egress": [], "subnet_ids": U, "tags_all": U,
                                              "ingress": [{"rule_no": 100, "action": "allow", "protocol": "tcp",
                                                           "cidr_block": "0.0.0.0/0", "from_port": 22, "to_port": 22,
                                                           "icmp_code": 0, "icmp_type": 0, "ipv6_cidr_block": ""}]},
                 refs=vpc_ok, defaults=["egress"]))
    res.append(R("aws_network_acl_rule.ok_nacl_https", {"network_acl_id": U, "rule_number": 200, "egress": False,
                                                        "protocol": "tcp", "rule_action": "allow", "cidr_block": "0.0.0.0/0",
                                                        "from_port": 443, "to_port": 443, "id": U},
                 refs={"network_acl_id": ["aws_network_acl.bad_nacl.id", "aws_network_acl.bad_nacl"]}))
    for name, cidr in [("bad_noflow", "10.20.0.0/16"), ("ok_main", "10.10.0.0/16")]:
        res.append(R(f"aws_vpc.{name}", {"cidr_block": cidr, "enable_dns_support": True, "instance_tenancy": "default",
                                         "id": U, "arn": U, "default_security_group_id": U, "main_route_table_id": U,
                                         "tags_all": U}, defaults=["enable_dns_support", "instance_tenancy"]))
    res.append(R("aws_flow_log.ok_main", {"vpc_id": U, "traffic_type": "ALL", "log_destination_type": "cloud-watch-logs",
                                          "log_destination": U, "iam_role_arn": f"arn:aws:iam::{ACCT}:role/flow-logs",
                                          "id": U, "arn": U, "tags_all": U},
                 refs={**vpc_ok, "log_destination": ["aws_cloudwatch_log_group.ok_logs.arn", "aws_cloudwatch_log_group.ok_logs"]}))
    res.append(R("aws_launch_template.bad_lt", {
        "name": "fixture-nodes-legacy", "id": U, "arn": U, "latest_version": U, "tags_all": U,
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "optional", "http_put_response_hop_limit": U,
                              "http_protocol_ipv6": U, "instance_metadata_tags": U}],
        "block_device_mappings": [{"device_name": "/dev/xvda", "no_device": None, "virtual_name": None,
                                   "ebs": [{"volume_size": 50, "encrypted": "false", "kms_key_id": None,
                                            "delete_on_termination": None, "volume_type": U, "iops": U, "throughput": U}]}]}))
    res.append(R("aws_launch_template.ok_lt", {
        "name": "fixture-nodes", "id": U, "arn": U, "latest_version": U, "tags_all": U,
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1,
                              "http_protocol_ipv6": U, "instance_metadata_tags": U}],
        "block_device_mappings": [{"device_name": "/dev/xvda", "no_device": None, "virtual_name": None,
                                   "ebs": [{"volume_size": 50, "encrypted": "true", "kms_key_id": U,
                                            "delete_on_termination": None, "volume_type": U, "iops": U, "throughput": U}]}]}))
    # --- data services
    kms = {"kms_key_id": ["aws_kms_key.ok_key.arn", "aws_kms_key.ok_key"]}
    res.append(R("aws_db_instance.bad_db", {
        "identifier": "fixture-legacy", "engine": "postgres", "engine_version": "16.4", "instance_class": "db.t4g.medium",
        "allocated_storage": 20, "username": "app", "password": PASSWORD, "storage_encrypted": False,
        "publicly_accessible": True, "backup_retention_period": 0, "deletion_protection": False,
        "iam_database_authentication_enabled": False, "auto_minor_version_upgrade": False, "skip_final_snapshot": True,
        "id": U, "arn": U, "address": U, "endpoint": U, "port": U, "kms_key_id": U, "tags_all": U},
        sensitive=["password"], refs={"password": ["var.legacy_db_password"]}))
    res.append(R("aws_db_instance.ok_db", {
        "identifier": "fixture-app", "engine": "postgres", "engine_version": "16.4", "instance_class": "db.r7g.large",
        "allocated_storage": 100, "username": "app", "manage_master_user_password": True, "password": None,
        "storage_encrypted": True, "kms_key_id": U, "publicly_accessible": False, "backup_retention_period": 14,
        "deletion_protection": True, "iam_database_authentication_enabled": True, "auto_minor_version_upgrade": True,
        "id": U, "arn": U, "address": U, "endpoint": U, "port": U, "master_user_secret": U, "tags_all": U},
        sensitive=["password"], refs=kms, defaults=["password"]))
    subnets = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
    res.append(R("aws_eks_cluster.bad_eks", {
        "name": "fixture-legacy", "role_arn": f"arn:aws:iam::{ACCT}:role/eks-cluster", "version": U,
        "vpc_config": [{"subnet_ids": subnets, "endpoint_public_access": True, "endpoint_private_access": False,
                        "public_access_cidrs": U, "security_group_ids": U, "cluster_security_group_id": U, "vpc_id": U}],
        "enabled_cluster_log_types": ["api"], "encryption_config": [],
        "id": U, "arn": U, "endpoint": U, "certificate_authority": U, "identity": U, "tags_all": U},
        defaults=["encryption_config"]))
    res.append(R("aws_eks_cluster.ok_eks", {
        "name": "fixture-platform", "role_arn": f"arn:aws:iam::{ACCT}:role/eks-cluster", "version": U,
        "vpc_config": [{"subnet_ids": subnets, "endpoint_public_access": False, "endpoint_private_access": True,
                        "public_access_cidrs": U, "security_group_ids": U, "cluster_security_group_id": U, "vpc_id": U}],
        "encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": U}]}],
        "enabled_cluster_log_types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        "id": U, "arn": U, "endpoint": U, "certificate_authority": U, "identity": U, "tags_all": U}))
    for name, desc, rot in [("bad_key", "fixture key without rotation", False), ("ok_key", "fixture data key", True)]:
        res.append(R(f"aws_kms_key.{name}", {"description": desc, "enable_key_rotation": rot, "is_enabled": True,
                                             "customer_master_key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT",
                                             "deletion_window_in_days": None, "id": U, "arn": U, "key_id": U, "policy": U,
                                             "rotation_period_in_days": U, "tags_all": U},
                     defaults=["is_enabled", "customer_master_key_spec", "key_usage", "deletion_window_in_days"]))
    res.append(R("aws_kms_key.ok_signing", {"description": "fixture signing key", "enable_key_rotation": False,
                                            "is_enabled": True, "customer_master_key_spec": "RSA_2048", "key_usage": "SIGN_VERIFY",
                                            "id": U, "arn": U, "key_id": U, "policy": U, "tags_all": U},
                 defaults=["enable_key_rotation", "is_enabled"]))
    res.append(R("aws_cloudtrail.bad_trail", {"name": "fixture-legacy", "s3_bucket_name": "ndlint-fixture-logs",
                                              "is_multi_region_trail": False, "enable_log_file_validation": False,
                                              "enable_logging": True, "include_global_service_events": True,
                                              "kms_key_id": None, "cloud_watch_logs_group_arn": None, "id": U, "arn": U,
                                              "home_region": U, "tags_all": U},
                 defaults=["enable_logging", "include_global_service_events", "kms_key_id", "cloud_watch_logs_group_arn"]))
    res.append(R("aws_cloudtrail.ok_trail", {"name": "fixture-org", "s3_bucket_name": "ndlint-fixture-logs",
                                             "is_multi_region_trail": True, "enable_log_file_validation": True,
                                             "enable_logging": True, "include_global_service_events": True,
                                             "kms_key_id": U, "cloud_watch_logs_group_arn": U,
                                             "cloud_watch_logs_role_arn": f"arn:aws:iam::{ACCT}:role/cloudtrail-logs",
                                             "id": U, "arn": U, "home_region": U, "tags_all": U},
                 refs={**kms, "cloud_watch_logs_group_arn": ["aws_cloudwatch_log_group.ok_logs.arn", "aws_cloudwatch_log_group.ok_logs"]},
                 defaults=["enable_logging", "include_global_service_events"]))
    res.append(R("aws_ebs_volume.bad_vol", {"availability_zone": "us-east-1a", "size": 100, "encrypted": False,
                                            "id": U, "arn": U, "kms_key_id": U, "type": U, "iops": U, "throughput": U, "tags_all": U}))
    res.append(R("aws_ebs_volume.ok_vol", {"availability_zone": "us-east-1a", "size": 100, "encrypted": True, "kms_key_id": U,
                                           "id": U, "arn": U, "type": U, "iops": U, "throughput": U, "tags_all": U}, refs=kms))
    res.append(R("aws_ebs_encryption_by_default.bad_default", {"enabled": False, "id": U}))
    res.append(R("aws_efs_file_system.bad_efs", {"creation_token": "fixture-legacy", "encrypted": False, "kms_key_id": U,
                                                 "id": U, "arn": U, "dns_name": U, "performance_mode": U, "tags_all": U}))
    res.append(R("aws_efs_file_system.ok_efs", {"creation_token": "fixture-shared", "encrypted": True, "kms_key_id": U,
                                                "id": U, "arn": U, "dns_name": U, "performance_mode": U, "tags_all": U}, refs=kms))
    lb = f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:loadbalancer/app/fixture/0123456789abcdef"
    tg = f"arn:aws:elasticloadbalancing:us-east-1:{ACCT}:targetgroup/web/0123456789abcdef"
    res.append(R("aws_lb_listener.bad_http", {"load_balancer_arn": lb, "port": 80, "protocol": "HTTP", "id": U, "arn": U,
                                              "ssl_policy": U, "tags_all": U,
                                              "default_action": [{"type": "forward", "target_group_arn": tg, "order": U,
                                                                  "redirect": [], "forward": [], "fixed_response": []}]}))
    res.append(R("aws_lb_listener.ok_redirect", {"load_balancer_arn": lb, "port": 80, "protocol": "HTTP", "id": U, "arn": U,
                                                 "ssl_policy": U, "tags_all": U,
                                                 "default_action": [{"type": "redirect", "target_group_arn": None, "order": U,
                                                                     "redirect": [{"port": "443", "protocol": "HTTPS",
                                                                                   "status_code": "HTTP_301", "host": "#{host}",
                                                                                   "path": "/#{path}", "query": "#{query}"}],
                                                                     "forward": [], "fixed_response": []}]}))
    res.append(R("aws_secretsmanager_secret.bad_secret", {"name": "fixture/legacy", "kms_key_id": None, "id": U, "arn": U,
                                                          "recovery_window_in_days": 30, "tags_all": U},
                 defaults=["kms_key_id", "recovery_window_in_days"]))
    res.append(R("aws_secretsmanager_secret.ok_secret", {"name": "fixture/app", "kms_key_id": U, "id": U, "arn": U,
                                                         "recovery_window_in_days": 30, "tags_all": U},
                 refs={"kms_key_id": ["aws_kms_key.ok_key.arn", "aws_kms_key.ok_key"]}, defaults=["recovery_window_in_days"]))
    res.append(R("aws_cloudwatch_log_group.bad_logs", {"name": "/fixture/legacy", "retention_in_days": 30, "kms_key_id": None,
                                                       "skip_destroy": False, "id": U, "arn": U, "tags_all": U},
                 defaults=["kms_key_id", "skip_destroy"]))
    res.append(R("aws_cloudwatch_log_group.ok_logs", {"name": "/fixture/app", "retention_in_days": 365, "kms_key_id": U,
                                                      "skip_destroy": False, "id": U, "arn": U, "tags_all": U},
                 refs=kms, defaults=["skip_destroy"]))
    # --- change-aware
    deleted_before = {"identifier": "fixture-old-reports", "engine": "postgres", "engine_version": "15.8",
                      "instance_class": "db.t4g.medium", "allocated_storage": 20, "username": "reports", "password": PASSWORD,
                      "storage_encrypted": True, "publicly_accessible": False, "backup_retention_period": 7,
                      "deletion_protection": False, "id": "db-ABCDEFGHIJKLMNOPQRSTUVWXY0",
                      "arn": f"arn:aws:rds:us-east-1:{ACCT}:db:fixture-old-reports"}
    res.append(R("aws_db_instance.bad_deleted", None, before=deleted_before, actions=["delete"], sensitive=["password"],
                 action_reason="delete_because_no_resource_config"))
    res.append(R("aws_iam_policy.ok_deleted", None, actions=["delete"], action_reason="delete_because_no_resource_config",
                 before={"name": "fixture-unused", "path": "/", "policy": scoped, "id": f"arn:aws:iam::{ACCT}:policy/fixture-unused",
                         "arn": f"arn:aws:iam::{ACCT}:policy/fixture-unused", "policy_id": "ANPA0000000000000002", "tags_all": {}}))
    vol_before = {"availability_zone": "us-east-1a", "size": 200, "encrypted": True, "kms_key_id": KMS_ARN,
                  "id": "vol-0a1b2c3d4e5f60001", "arn": f"arn:aws:ec2:us-east-1:{ACCT}:volume/vol-0a1b2c3d4e5f60001",
                  "type": "gp3", "iops": 3000, "throughput": 125, "tags": {}, "tags_all": {}}
    res.append(R("aws_ebs_volume.bad_replaced", {"availability_zone": "us-east-1b", "size": 200, "encrypted": True,
                                                 "kms_key_id": U, "id": U, "arn": U, "type": U, "iops": U, "throughput": U,
                                                 "tags_all": U},
                 before=vol_before, actions=["delete", "create"], replace_paths=[["availability_zone"]], refs=kms))
    unprot_before = {"identifier": "fixture-reports", "engine": "postgres", "instance_class": "db.t4g.medium",
                     "allocated_storage": 20, "username": "reports", "manage_master_user_password": True,
                     "storage_encrypted": True, "backup_retention_period": 7, "deletion_protection": True,
                     "iam_database_authentication_enabled": True, "publicly_accessible": False,
                     "auto_minor_version_upgrade": True, "id": "db-ABCDEFGHIJKLMNOPQRSTUVWXY1",
                     "arn": f"arn:aws:rds:us-east-1:{ACCT}:db:fixture-reports", "tags": {}, "tags_all": {}}
    res.append(R("aws_db_instance.bad_unprotect", dict(unprot_before, deletion_protection=False), before=unprot_before,
                 actions=["update"], defaults=["publicly_accessible", "auto_minor_version_upgrade", "tags"]))
    res.append(R("aws_rds_cluster.ok_aurora", {
        "cluster_identifier": "fixture-aurora", "engine": "aurora-postgresql", "engine_version": "16.4",
        "master_username": "admin", "master_password": AURORA_PASSWORD, "storage_encrypted": True, "kms_key_id": U,
        "backup_retention_period": 7, "deletion_protection": True, "iam_database_authentication_enabled": True,
        "id": U, "arn": U, "endpoint": U, "reader_endpoint": U, "port": U, "tags_all": U},
        sensitive=["master_password"],
        refs={"master_password": ["var.aurora_master_password"], "kms_key_id": ["aws_kms_key.ok_key.arn", "aws_kms_key.ok_key"]}))
    return plan(res, variables={"legacy_db_password": PASSWORD, "aurora_master_password": AURORA_PASSWORD},
                sensitive_variables=["legacy_db_password", "aurora_master_password"])


def main():
    write(os.path.join(ROOT, "fixtures/terraform/cis/plan.json"), cis())
    import gen_modules_fixture
    import gen_platform

    gen_modules_fixture.main(ROOT)
    gen_platform.main(ROOT)


if __name__ == "__main__":
    main()
