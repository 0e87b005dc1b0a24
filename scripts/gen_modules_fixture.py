"""Plan for fixtures/terraform/modules/live/prod: modules (local, nested, remote), count, for_each."""

import os

from tfplan import U, Resource as R, plan, write

PASSWORD = "Pr0d-Db-Pa55word-Never-Print"


def main(root):
    res = [
        R("module.storage.aws_db_instance.this[0]", {
            "identifier": "prod-app", "engine": "postgres", "engine_version": "16.4", "instance_class": "db.r7g.large",
            "allocated_storage": 100, "username": "app", "password": PASSWORD, "storage_encrypted": True, "kms_key_id": U,
            "publicly_accessible": False, "backup_retention_period": 14, "deletion_protection": True,
            "iam_database_authentication_enabled": True, "auto_minor_version_upgrade": True,
            "tags": {"Environment": "prod"}, "tags_all": {"Environment": "prod"},
            "id": U, "arn": U, "address": U, "endpoint": U, "port": U},
            sensitive=["password"], count={"references": ["var.create_db"]},
            refs={"password": ["var.db_password"], "kms_key_id": ["module.keys.arn", "module.keys"],
                  "identifier": ["var.environment"], "tags": ["var.environment"]}),
        R("module.storage.module.keys.aws_kms_key.this", {
            "description": "prod data", "enable_key_rotation": True, "is_enabled": True,
            "customer_master_key_spec": "SYMMETRIC_DEFAULT", "key_usage": "ENCRYPT_DECRYPT",
            "tags": {"Environment": "prod"}, "tags_all": {"Environment": "prod"},
            "id": U, "arn": U, "key_id": U, "policy": U},
            refs={"description": ["var.environment"], "tags": ["var.environment"]},
            defaults=["is_enabled", "customer_master_key_spec", "key_usage"]),
        R("module.vpc.aws_vpc.this[0]", {
            "cidr_block": "10.40.0.0/16", "enable_dns_support": True, "enable_dns_hostnames": True,
            "instance_tenancy": "default", "tags": {"Name": "prod"}, "tags_all": {"Name": "prod"},
            "id": U, "arn": U, "default_security_group_id": U, "main_route_table_id": U},
            count={"references": ["local.create_vpc"]}),
        R("aws_ebs_encryption_by_default.this", {"enabled": True, "id": U}),
    ]
    for key in ["api", "worker"]:
        res.append(R(f'aws_cloudwatch_log_group.app["{key}"]', {
            "name": f"/prod/{key}", "retention_in_days": 400, "kms_key_id": U, "skip_destroy": False,
            "id": U, "arn": U, "tags_all": U},
            for_each={"references": []}, refs={"name": ["each.key"], "kms_key_id": ["module.storage.kms_key_arn", "module.storage"]},
            defaults=["skip_destroy"]))
    doc = plan(res, variables={"environment": "prod", "db_password": PASSWORD}, sensitive_variables=["db_password"],
               module_calls={"storage": {"source": "../../modules/storage", "calls": {"keys": {"source": "./keys"}}},
                             "vpc": {"source": "terraform-aws-modules/vpc/aws", "version_constraint": "5.13.0"}},
               outputs={"db_endpoint": {"value": U, "refs": ["module.storage.db_endpoint", "module.storage"]}})
    write(os.path.join(root, "fixtures/terraform/modules/live/prod/plan.json"), doc)
