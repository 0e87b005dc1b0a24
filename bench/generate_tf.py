#!/usr/bin/env python3
"""Writes a deterministic Terraform tree for benchmarking ndlint's HCL mode (no plan).

usage: bench/generate_tf.py OUT_DIR [FILES] [FOR_EACH_KEYS]   (defaults 1000, 10000)

OUT_DIR/roots/: FILES `.tf` files in root modules of 10 files each (variables with defaults,
locals, a local module call, S3 buckets with their separate resources, security groups with
dynamic ingress, RDS with count, IAM policies with jsonencode); about one resource in five has a
realistic mistake. OUT_DIR/for_each/: one root whose bucket resource has FOR_EACH_KEYS instances.
"""
import os
import random
import sys


def module_files(root):
    os.makedirs(os.path.join(root, "modules", "bucket"), exist_ok=True)
    with open(os.path.join(root, "modules", "bucket", "main.tf"), "w") as f:
        f.write('variable "name" {\n  type = string\n}\n\nvariable "acl" {\n  type    = string\n  default = "private"\n}\n\n'
                'resource "aws_s3_bucket" "this" {\n  bucket = var.name\n  acl    = var.acl\n}\n\n'
                'resource "aws_s3_bucket_versioning" "this" {\n  bucket = aws_s3_bucket.this.id\n'
                '  versioning_configuration {\n    status = "Enabled"\n  }\n}\n\n'
                'output "arn" {\n  value = aws_s3_bucket.this.arn\n}\n')


def tf_file(i, rnd):
    bad = rnd.random() < 0.2
    return f'''locals {{
  name_{i} = "${{var.prefix}}-svc-{i}"
  ports_{i} = {{ https = 443, ssh = {22 if bad else 2222} }}
  tags_{i} = merge(var.tags, {{ Service = "svc-{i}" }})
}}

resource "aws_s3_bucket" "data_{i}" {{
  bucket = local.name_{i}
  tags   = local.tags_{i}
}}

resource "aws_s3_bucket_public_access_block" "data_{i}" {{
  bucket                  = aws_s3_bucket.data_{i}.id
  block_public_acls       = true
  block_public_policy     = {"false" if bad else "true"}
  ignore_public_acls      = true
  restrict_public_buckets = true
}}

resource "aws_security_group" "svc_{i}" {{
  name   = "svc-{i}"
  vpc_id = var.vpc_id
  dynamic "ingress" {{
    for_each = local.ports_{i}
    content {{
      from_port   = ingress.value
      to_port     = ingress.value
      protocol    = "tcp"
      cidr_blocks = [{'"0.0.0.0/0"' if bad else 'cidrsubnet("10.0.0.0/8", 8, %d)' % (i % 256)}]
    }}
  }}
}}

resource "aws_db_instance" "db_{i}" {{
  count                               = var.replicas
  identifier                          = format("%s-%d", local.name_{i}, count.index)
  storage_encrypted                   = {str(not bad).lower()}
  backup_retention_period             = 7
  deletion_protection                 = true
  iam_database_authentication_enabled = true
}}

resource "aws_iam_policy" "svc_{i}" {{
  name = "svc-{i}"
  policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = [{'"*"' if bad and rnd.random() < 0.2 else '"s3:GetObject"'}], Resource = "${{aws_s3_bucket.data_{i}.arn}}/*" }}]
  }})
}}
'''


def roots(out, files, rnd):
    per_root = 10
    for r in range((files + per_root - 1) // per_root):
        root = os.path.join(out, "roots", f"env{r:03d}")
        os.makedirs(root, exist_ok=True)
        module_files(root)
        with open(os.path.join(root, "variables.tf"), "w") as f:
            f.write('variable "prefix" {\n  default = "nd"\n}\n\nvariable "vpc_id" {\n  default = "vpc-0123"\n}\n\n'
                    'variable "replicas" {\n  default = 2\n}\n\nvariable "tags" {\n  default = { Team = "platform" }\n}\n\n'
                    f'module "logs" {{\n  source = "./modules/bucket"\n  name   = "${{var.prefix}}-logs-{r}"\n}}\n')
        for i in range(per_root - 1):
            with open(os.path.join(root, f"svc{i}.tf"), "w") as f:
                f.write(tf_file(r * per_root + i, rnd))


def for_each_root(out, keys):
    root = os.path.join(out, "for_each")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "main.tf"), "w") as f:
        f.write(f'locals {{\n  names = toset([for i in range({keys}) : format("bucket-%05d", i)])\n}}\n\n'
                'resource "aws_s3_bucket" "many" {\n  for_each = local.names\n  bucket   = each.key\n'
                '  acl      = endswith(each.key, "7") ? "public-read" : "private"\n}\n')


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    keys = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    rnd = random.Random(42)
    roots(out, files, rnd)
    for_each_root(out, keys)
    count = sum(1 for _, _, fs in os.walk(os.path.join(out, "roots")) for n in fs if n.endswith(".tf"))
    print(f"{count} .tf files under {out}/roots, a for_each over {keys} keys in {out}/for_each")


if __name__ == "__main__":
    main()
