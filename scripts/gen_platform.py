"""Plans for terraform/environments/{dev,staging,prod}: a first `terraform apply` of each
environment, mirroring terraform/modules/* and the environment's main.tf."""

import json
import os

from tfplan import U, Resource as R, plan, write

AZS = ["us-east-1a", "us-east-1b", "us-east-1c"]
ENVS = {
    "dev": dict(account="210987654321", cidr="10.10", db_class="db.t4g.medium", multi_az=False, storage=50,
                min_nodes=2, max_nodes=4, instance_types=["m7g.large"]),
    "staging": dict(account="310987654321", cidr="10.20", db_class="db.r7g.large", multi_az=False, storage=100,
                    min_nodes=2, max_nodes=6, instance_types=["m7g.large"]),
    "prod": dict(account="410987654321", cidr="10.30", db_class="db.r7g.xlarge", multi_az=True, storage=200,
                 min_nodes=3, max_nodes=12, instance_types=["m7g.xlarge", "m7g.2xlarge"]),
}
NODE_POLICIES = [
    "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
]


def jsonencode(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def ref(*names):
    out = []
    for n in names:
        out.append(n)
        parts = n.split(".")
        if len(parts) > 2 and not n.startswith(("var.", "local.", "module.", "each.")):
            out.append(".".join(parts[:2]))
        if n.startswith("module.") and len(parts) > 2:
            out.append(".".join(parts[:2]))
    return out


def env_plan(env, c):
    name = f"normaldance-{env}"
    acct = c["account"]
    tags = {
        "owner": "platform-team",
        "environment": env,
        "cost-center": "cc-4410-platform",
        "project": "normaldance",
        "managed-by": "terraform",
    }
    res = []

    def add(address, after, **kw):
        if isinstance(after, dict) and "tags_all" not in after and kw.pop("tagged", True):
            after = dict(after, tags_all=dict(tags, **(after.get("tags") or {})))
        kw.pop("tagged", None)
        res.append(R(address, after, **kw))

    # --- kms
    key_policy = jsonencode({"Version": "2012-10-17", "Statement": [
        {"Sid": "AccountAdministration", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{acct}:root"},
         "Action": "kms:*", "Resource": "*"},
        {"Sid": "CloudWatchLogs", "Effect": "Allow", "Principal": {"Service": "logs.us-east-1.amazonaws.com"},
         "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
         "Resource": "*",
         "Condition": {"ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:us-east-1:{acct}:*"}}}]})
    add("module.kms.aws_kms_key.this", {
        "description": f"{name} data key", "enable_key_rotation": True, "deletion_window_in_days": 30,
        "multi_region": True, "policy": key_policy, "is_enabled": True, "customer_master_key_spec": "SYMMETRIC_DEFAULT",
        "key_usage": "ENCRYPT_DECRYPT", "bypass_policy_lockout_safety_check": False, "tags": None,
        "id": U, "arn": U, "key_id": U, "rotation_period_in_days": U},
        refs={"description": ref("var.name"), "policy": ref("var.account_id", "var.region")},
        defaults=["is_enabled", "customer_master_key_spec", "key_usage", "bypass_policy_lockout_safety_check", "tags"])
    add("module.kms.aws_kms_alias.this", {"name": f"alias/{name}", "target_key_id": U, "id": U, "arn": U,
                                         "target_key_arn": U, "name_prefix": U}, tagged=False,
        refs={"name": ref("var.name"), "target_key_id": ref("aws_kms_key.this.key_id")})
    kms_var = {"kms_key_id": ref("var.kms_key_arn")}

    # --- network
    n = "module.network"
    add(f"{n}.aws_vpc.this", {"cidr_block": f"{c['cidr']}.0.0/16", "enable_dns_support": True,
                              "enable_dns_hostnames": True, "instance_tenancy": "default", "tags": {"Name": name},
                              "id": U, "arn": U, "default_security_group_id": U, "main_route_table_id": U,
                              "default_network_acl_id": U, "owner_id": U},
        refs={"cidr_block": ref("var.cidr_block"), "tags": ref("var.name")}, defaults=["instance_tenancy"])
    vpc = {"vpc_id": ref("aws_vpc.this.id")}
    add(f"{n}.aws_default_security_group.this", {"vpc_id": U, "ingress": [], "egress": [], "id": U, "arn": U,
                                                 "name": U, "owner_id": U, "tags": None},
        refs=vpc, defaults=["ingress", "egress", "tags"])
    add(f"{n}.aws_internet_gateway.this", {"vpc_id": U, "id": U, "arn": U, "owner_id": U, "tags": None},
        refs=vpc, defaults=["tags"])
    for kind, base, role in [("public", 0, "elb"), ("private", 64, "internal-elb")]:
        for i, az in enumerate(AZS):
            cidr = f"{c['cidr']}.{base + i * (4 if kind == 'public' else 32)}.0/{22 if kind == 'public' else 19}"
            add(f'{n}.aws_subnet.{kind}["{az}"]', {
                "vpc_id": U, "availability_zone": az, "cidr_block": cidr,
                "map_public_ip_on_launch": False, "tags": {"Name": f"{name}-{kind}-{az}", f"kubernetes.io/role/{role}": "1"},
                "id": U, "arn": U, "availability_zone_id": U, "owner_id": U, "ipv6_cidr_block_association_id": U},
                refs={**vpc, "availability_zone": ref("each.key"), "cidr_block": ref("each.value"),
                      "tags": ref("var.name", "each.key")},
                for_each={"references": ref(f"var.{kind}_subnets")}, defaults=["map_public_ip_on_launch"])
    add(f"{n}.aws_eip.nat", {"domain": "vpc", "id": U, "public_ip": U, "allocation_id": U, "tags": None},
        defaults=["tags"])
    add(f"{n}.aws_nat_gateway.this", {"allocation_id": U, "subnet_id": U, "connectivity_type": "public", "id": U,
                                      "public_ip": U, "private_ip": U, "network_interface_id": U, "tags": None},
        refs={"allocation_id": ref("aws_eip.nat.id"), "subnet_id": ref("aws_subnet.public", "var.public_subnets")},
        defaults=["connectivity_type", "tags"])
    for kind, route, target in [("public", "public_internet", ("gateway_id", "aws_internet_gateway.this.id")),
                                ("private", "private_nat", ("nat_gateway_id", "aws_nat_gateway.this.id"))]:
        add(f"{n}.aws_route_table.{kind}", {"vpc_id": U, "id": U, "arn": U, "owner_id": U, "route": U,
                                            "propagating_vgws": U, "tags": None}, refs=vpc, defaults=["tags"])
        add(f"{n}.aws_route.{route}", {"route_table_id": U, "destination_cidr_block": "0.0.0.0/0", target[0]: U,
                                       "id": U, "origin": U, "state": U}, tagged=False,
            refs={"route_table_id": ref(f"aws_route_table.{kind}.id"), target[0]: ref(target[1])})
        for az in AZS:
            add(f'{n}.aws_route_table_association.{kind}["{az}"]', {"subnet_id": U, "route_table_id": U, "id": U,
                                                                     "gateway_id": None}, tagged=False,
                refs={"subnet_id": ref("each.value.id"), "route_table_id": ref(f"aws_route_table.{kind}.id")},
                for_each={"references": ref(f"aws_subnet.{kind}")}, defaults=["gateway_id"])
    add(f"{n}.aws_cloudwatch_log_group.flow_logs", {"name": f"/vpc/{name}/flow-logs", "retention_in_days": 365,
                                                    "kms_key_id": U, "skip_destroy": False, "log_group_class": U,
                                                    "id": U, "arn": U, "tags": None},
        refs={"name": ref("var.name"), "retention_in_days": ref("var.log_retention_days"), **kms_var},
        defaults=["skip_destroy", "tags"])
    trust = lambda svc, actions="sts:AssumeRole": jsonencode({"Version": "2012-10-17", "Statement": [  # noqa: E731
        {"Effect": "Allow", "Principal": {"Service": svc}, "Action": actions}]})
    role = lambda addr, rname, pol: add(addr, {  # noqa: E731
        "name": rname, "assume_role_policy": pol, "max_session_duration": 3600, "path": "/",
        "force_detach_policies": False, "description": None, "tags": None,
        "id": U, "arn": U, "unique_id": U, "create_date": U, "managed_policy_arns": U, "inline_policy": U},
        refs={"name": ref("var.name")}, defaults=["max_session_duration", "path", "force_detach_policies", "description", "tags"])
    role(f"{n}.aws_iam_role.flow_logs", f"{name}-vpc-flow-logs", trust("vpc-flow-logs.amazonaws.com"))
    add(f"{n}.aws_iam_role_policy.flow_logs", {"name": "write-flow-logs", "role": U, "policy": U, "id": U}, tagged=False,
        refs={"role": ref("aws_iam_role.flow_logs.id"), "policy": ref("aws_cloudwatch_log_group.flow_logs.arn")})
    add(f"{n}.aws_flow_log.this", {"vpc_id": U, "traffic_type": "ALL", "log_destination_type": "cloud-watch-logs",
                                   "log_destination": U, "iam_role_arn": U, "max_aggregation_interval": 600,
                                   "id": U, "arn": U, "log_format": U, "tags": None},
        refs={**vpc, "log_destination": ref("aws_cloudwatch_log_group.flow_logs.arn"),
              "iam_role_arn": ref("aws_iam_role.flow_logs.arn")}, defaults=["max_aggregation_interval", "tags"])

    # --- eks
    e = "module.eks"
    role(f"{e}.aws_iam_role.cluster", f"{name}-eks-cluster", trust("eks.amazonaws.com", ["sts:AssumeRole", "sts:TagSession"]))
    add(f"{e}.aws_iam_role_policy_attachment.cluster", {"role": f"{name}-eks-cluster", "id": U,
                                                         "policy_arn": "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"},
        tagged=False, refs={"role": ref("aws_iam_role.cluster.name")})
    add(f"{e}.aws_cloudwatch_log_group.cluster", {"name": f"/aws/eks/{name}/cluster", "retention_in_days": 365,
                                                  "kms_key_id": U, "skip_destroy": False, "log_group_class": U,
                                                  "id": U, "arn": U, "tags": None},
        refs={"name": ref("var.name"), **kms_var}, defaults=["skip_destroy", "tags"])
    add(f"{e}.aws_eks_cluster.this", {
        "name": name, "version": "1.31", "role_arn": U,
        "vpc_config": [{"subnet_ids": U, "endpoint_private_access": True, "endpoint_public_access": False,
                        "public_access_cidrs": U, "security_group_ids": U, "cluster_security_group_id": U, "vpc_id": U}],
        "encryption_config": [{"resources": ["secrets"], "provider": [{"key_arn": U}]}],
        "enabled_cluster_log_types": ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        "bootstrap_self_managed_addons": True, "tags": None,
        "id": U, "arn": U, "endpoint": U, "certificate_authority": U, "identity": U, "platform_version": U,
        "status": U, "created_at": U, "cluster_id": U, "access_config": U, "kubernetes_network_config": U},
        refs={"name": ref("var.name"), "version": ref("var.kubernetes_version"), "role_arn": ref("aws_iam_role.cluster.arn")},
        defaults=["bootstrap_self_managed_addons", "tags"])
    add(f"{e}.aws_iam_openid_connect_provider.irsa", {"url": U, "client_id_list": ["sts.amazonaws.com"],
                                                      "thumbprint_list": U, "id": U, "arn": U, "tags": None},
        refs={"url": ref("aws_eks_cluster.this.identity")}, defaults=["tags"])
    role(f"{e}.aws_iam_role.node", f"{name}-eks-node", trust("ec2.amazonaws.com"))
    for p in NODE_POLICIES:
        add(f'{e}.aws_iam_role_policy_attachment.node["{p}"]', {"role": f"{name}-eks-node", "policy_arn": p, "id": U},
            tagged=False, refs={"role": ref("aws_iam_role.node.name"), "policy_arn": ref("each.value")},
            for_each={"constant_value": NODE_POLICIES})
    add(f"{e}.aws_launch_template.node", {
        "name": f"{name}-node", "id": U, "arn": U, "latest_version": U, "default_version": U, "tags": None,
        "metadata_options": [{"http_endpoint": "enabled", "http_tokens": "required", "http_put_response_hop_limit": 1,
                              "http_protocol_ipv6": U, "instance_metadata_tags": U}],
        "block_device_mappings": [{"device_name": "/dev/xvda", "no_device": None, "virtual_name": None,
                                   "ebs": [{"volume_size": 50, "volume_type": "gp3", "encrypted": "true", "kms_key_id": U,
                                            "delete_on_termination": None, "iops": U, "throughput": U}]}]},
        refs={"name": ref("var.name")}, defaults=["tags"])
    add(f"{e}.aws_eks_node_group.default", {
        "cluster_name": name, "node_group_name": "default", "node_role_arn": U, "subnet_ids": U,
        "instance_types": c["instance_types"], "launch_template": [{"id": U, "version": U, "name": U}],
        "scaling_config": [{"min_size": c["min_nodes"], "desired_size": c["min_nodes"], "max_size": c["max_nodes"]}],
        "id": U, "arn": U, "ami_type": U, "capacity_type": U, "disk_size": U, "release_version": U, "resources": U,
        "status": U, "version": U, "tags": None},
        refs={"cluster_name": ref("aws_eks_cluster.this.name"), "node_role_arn": ref("aws_iam_role.node.arn"),
              "subnet_ids": ref("var.subnet_ids"), "instance_types": ref("var.instance_types")}, defaults=["tags"])

    # --- rds
    d = "module.rds"
    add(f"{d}.aws_db_subnet_group.this", {"name": name, "subnet_ids": U, "id": U, "arn": U, "vpc_id": U,
                                          "description": "Managed by Terraform", "tags": None},
        refs={"name": ref("var.name"), "subnet_ids": ref("var.subnet_ids")}, defaults=["description", "tags"])
    add(f"{d}.aws_security_group.this", {"name": f"{name}-postgres", "description": "PostgreSQL clients", "vpc_id": U,
                                         "ingress": U, "egress": U, "revoke_rules_on_delete": False,
                                         "id": U, "arn": U, "owner_id": U, "tags": None},
        refs={"name": ref("var.name"), "vpc_id": ref("var.vpc_id")}, defaults=["revoke_rules_on_delete", "tags"])
    add(f"{d}.aws_vpc_security_group_ingress_rule.from_eks", {
        "security_group_id": U, "description": "PostgreSQL from the EKS cluster", "ip_protocol": "tcp",
        "from_port": 5432, "to_port": 5432, "referenced_security_group_id": U, "cidr_ipv4": None, "cidr_ipv6": None,
        "id": U, "arn": U, "security_group_rule_id": U, "tags": None},
        refs={"security_group_id": ref("aws_security_group.this.id"),
              "referenced_security_group_id": ref("var.client_security_group_id")},
        defaults=["cidr_ipv4", "cidr_ipv6", "tags"])
    add(f"{d}.aws_db_parameter_group.this", {"name": f"{name}-postgres16", "family": "postgres16",
                                             "parameter": [{"name": "rds.force_ssl", "value": "1", "apply_method": "immediate"}],
                                             "description": "Managed by Terraform", "id": U, "arn": U, "tags": None},
        refs={"name": ref("var.name")}, defaults=["description", "tags"])
    add(f"{d}.aws_db_instance.this", {
        "identifier": name, "engine": "postgres", "engine_version": "16.4", "instance_class": c["db_class"],
        "multi_az": c["multi_az"], "allocated_storage": c["storage"], "max_allocated_storage": c["storage"] * 4,
        "storage_type": "gp3", "storage_encrypted": True, "kms_key_id": U, "db_name": "normaldance",
        "username": "normaldance", "manage_master_user_password": True, "master_user_secret_kms_key_id": U,
        "password": None, "db_subnet_group_name": name, "vpc_security_group_ids": U,
        "parameter_group_name": f"{name}-postgres16", "publicly_accessible": False,
        "iam_database_authentication_enabled": True, "auto_minor_version_upgrade": True,
        "backup_retention_period": 14, "copy_tags_to_snapshot": True, "deletion_protection": True,
        "final_snapshot_identifier": f"{name}-final", "skip_final_snapshot": False, "tags": None,
        "id": U, "arn": U, "address": U, "endpoint": U, "port": U, "master_user_secret": U, "resource_id": U,
        "backup_window": U, "maintenance_window": U, "hosted_zone_id": U, "status": U},
        sensitive=["password"],
        refs={"identifier": ref("var.name"), "instance_class": ref("var.instance_class"), "multi_az": ref("var.multi_az"),
              "allocated_storage": ref("var.allocated_storage"), "max_allocated_storage": ref("var.allocated_storage"),
              "kms_key_id": ref("var.kms_key_arn"), "master_user_secret_kms_key_id": ref("var.kms_key_arn"),
              "db_subnet_group_name": ref("aws_db_subnet_group.this.name"),
              "vpc_security_group_ids": ref("aws_security_group.this.id"),
              "parameter_group_name": ref("aws_db_parameter_group.this.name"),
              "final_snapshot_identifier": ref("var.name")},
        defaults=["password", "skip_final_snapshot", "tags"])

    # --- s3
    s = "module.s3"
    for key, bucket in [("logs", f"normaldance-{env}-access-logs"), ("this", f"normaldance-{env}-artifacts")]:
        bref = {"bucket": ref(f"aws_s3_bucket.{key}.id")}
        add(f"{s}.aws_s3_bucket.{key}", {"bucket": bucket, "force_destroy": False, "object_lock_enabled": U, "tags": None,
                                        "id": U, "arn": U, "bucket_domain_name": U, "region": U, "acl": U, "grant": U,
                                        "server_side_encryption_configuration": U, "versioning": U, "logging": U,
                                        "policy": U, "lifecycle_rule": U, "replication_configuration": U},
            refs={"bucket": ref("local.bucket" if key == "this" else "local.logs_bucket")}, defaults=["force_destroy", "tags"])
        add(f"{s}.aws_s3_bucket_ownership_controls.{key}", {"bucket": U, "rule": [{"object_ownership": "BucketOwnerEnforced"}],
                                                           "id": U}, tagged=False, refs=bref)
        add(f"{s}.aws_s3_bucket_public_access_block.{key}", {"bucket": U, "block_public_acls": True, "block_public_policy": True,
                                                            "ignore_public_acls": True, "restrict_public_buckets": True,
                                                            "id": U}, tagged=False, refs=bref)
        sse = {"sse_algorithm": "AES256", "kms_master_key_id": None} if key == "logs" else {"sse_algorithm": "aws:kms", "kms_master_key_id": U}
        add(f"{s}.aws_s3_bucket_server_side_encryption_configuration.{key}", {
            "bucket": U, "expected_bucket_owner": None, "id": U,
            "rule": [{"apply_server_side_encryption_by_default": [sse], "bucket_key_enabled": None if key == "logs" else True}]},
            tagged=False, refs=bref, defaults=["expected_bucket_owner"])
        add(f"{s}.aws_s3_bucket_versioning.{key}", {"bucket": U, "id": U, "expected_bucket_owner": None, "mfa": None,
                                                   "versioning_configuration": [{"status": "Enabled", "mfa_delete": U}]},
            tagged=False, refs=bref, defaults=["expected_bucket_owner", "mfa"])
        statements = [{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
                       "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                       "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]
        if key == "logs":
            statements.append({"Sid": "S3ServerAccessLogs", "Effect": "Allow",
                               "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
                               "Resource": f"arn:aws:s3:::{bucket}/*",
                               "Condition": {"StringEquals": {"aws:SourceAccount": acct}}})
        add(f"{s}.aws_s3_bucket_policy.{key}", {"bucket": U, "id": U,
                                               "policy": jsonencode({"Version": "2012-10-17", "Statement": statements})},
            tagged=False, refs={**bref, "policy": ref("local.logs_bucket" if key == "logs" else "local.bucket", "var.account_id")})
    add(f"{s}.aws_s3_bucket_logging.this", {"bucket": U, "target_bucket": U, "target_prefix": f"normaldance-{env}-artifacts/",
                                            "expected_bucket_owner": None, "id": U}, tagged=False,
        refs={"bucket": ref("aws_s3_bucket.this.id"), "target_bucket": ref("aws_s3_bucket.logs.id"),
              "target_prefix": ref("local.bucket")}, defaults=["expected_bucket_owner"])

    # --- github oidc
    g = "module.github_oidc"
    add(f"{g}.aws_iam_openid_connect_provider.github", {
        "url": "https://token.actions.githubusercontent.com", "client_id_list": ["sts.amazonaws.com"],
        "thumbprint_list": ["6938fd4d98bab03faadb97b34396831e3780aea1"], "id": U, "arn": U, "tags": None}, defaults=["tags"])
    gh_trust = jsonencode({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity",
        "Principal": {"Federated": f"arn:aws:iam::{acct}:oidc-provider/token.actions.githubusercontent.com"},
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                                       "token.actions.githubusercontent.com:sub": f"repo:normaldance/platform:environment:{env}"}}}]})
    add(f"{g}.aws_iam_role.plan", {"name": f"github-{env}-terraform-plan", "max_session_duration": 3600,
                                   "assume_role_policy": gh_trust, "path": "/", "force_detach_policies": False, "tags": None,
                                   "id": U, "arn": U, "unique_id": U, "create_date": U, "managed_policy_arns": U,
                                   "inline_policy": U},
        refs={"name": ref("var.environment"), "assume_role_policy": ref("var.account_id", "var.repository", "var.environment")},
        defaults=["path", "force_detach_policies", "tags"])
    add(f"{g}.aws_iam_role_policy_attachment.plan_read_only", {"role": f"github-{env}-terraform-plan", "id": U,
                                                               "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
        tagged=False, refs={"role": ref("aws_iam_role.plan.name")})
    state = jsonencode({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::normaldance-terraform-state", f"arn:aws:s3:::normaldance-terraform-state/{env}/*"]},
        {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
         "Resource": f"arn:aws:dynamodb:us-east-1:{acct}:table/normaldance-terraform-locks"}]})
    add(f"{g}.aws_iam_role_policy.plan_state", {"name": "terraform-state", "role": U, "policy": state, "id": U}, tagged=False,
        refs={"role": ref("aws_iam_role.plan.id"),
              "policy": ref("var.state_bucket", "var.environment", "var.account_id", "var.lock_table")})

    # --- root
    add("aws_ebs_encryption_by_default.this", {"enabled": True, "id": U}, tagged=False)
    add("aws_s3_account_public_access_block.this", {"account_id": U, "block_public_acls": True, "block_public_policy": True,
                                                   "ignore_public_acls": True, "restrict_public_buckets": True, "id": U},
        tagged=False)
    if env == "prod":
        add("aws_kms_replica_key.dr", {"description": "normaldance-prod data key (DR replica)", "primary_key_arn": U,
                                       "deletion_window_in_days": 30, "enabled": True, "bypass_policy_lockout_safety_check": False,
                                       "id": U, "arn": U, "key_id": U, "policy": U, "key_usage": U, "tags": None},
            refs={"primary_key_arn": ref("module.kms.key_arn")},
            defaults=["enabled", "bypass_policy_lockout_safety_check", "tags"])

    calls = {
        "kms": {"source": "../../modules/kms"},
        "network": {"source": "../../modules/network"},
        "eks": {"source": "../../modules/eks"},
        "rds": {"source": "../../modules/rds"},
        "s3": {"source": "../../modules/s3"},
        "github_oidc": {"source": "../../modules/github-oidc"},
    }
    outputs = {
        "cluster_name": {"value": U, "refs": ref("module.eks.cluster_name")},
        "database_endpoint": {"value": U, "refs": ref("module.rds.endpoint")},
        "database_master_secret_arn": {"value": U, "sensitive": True, "refs": ref("module.rds.master_user_secret_arn")},
        "artifacts_bucket": {"value": U, "refs": ref("module.s3.bucket")},
        "github_plan_role_arn": {"value": U, "refs": ref("module.github_oidc.role_arn")},
    }
    return plan(res, variables={"environment": env, "account_id": acct, "repository": "normaldance/platform"},
                module_calls=calls, outputs=outputs)


def main(root):
    for env, c in ENVS.items():
        write(os.path.join(root, f"terraform/environments/{env}/plan.json"), env_plan(env, c))
