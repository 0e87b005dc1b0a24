# NormalDance platform, dev environment (us-east-1, DR in us-west-2).

module "kms" {
  source     = "../../modules/kms"
  name       = "normaldance-dev"
  account_id = var.account_id
}

module "network" {
  source      = "../../modules/network"
  name        = "normaldance-dev"
  cidr_block  = "10.10.0.0/16"
  kms_key_arn = module.kms.key_arn

  public_subnets = {
    "us-east-1a" = "10.10.0.0/22"
    "us-east-1b" = "10.10.4.0/22"
    "us-east-1c" = "10.10.8.0/22"
  }

  private_subnets = {
    "us-east-1a" = "10.10.64.0/19"
    "us-east-1b" = "10.10.96.0/19"
    "us-east-1c" = "10.10.128.0/19"
  }
}

module "eks" {
  source         = "../../modules/eks"
  name           = "normaldance-dev"
  subnet_ids     = module.network.private_subnet_ids
  kms_key_arn    = module.kms.key_arn
  instance_types = ["m7g.large"]
  min_nodes      = 2
  max_nodes      = 4
}

module "rds" {
  source                   = "../../modules/rds"
  name                     = "normaldance-dev"
  vpc_id                   = module.network.vpc_id
  subnet_ids               = module.network.private_subnet_ids
  client_security_group_id = module.eks.cluster_security_group_id
  kms_key_arn              = module.kms.key_arn
  instance_class           = "db.t4g.medium"
  allocated_storage        = 50
  multi_az                 = false
}

module "s3" {
  source      = "../../modules/s3"
  environment = var.environment
  account_id  = var.account_id
  kms_key_arn = module.kms.key_arn
}

module "github_oidc" {
  source       = "../../modules/github-oidc"
  environment  = var.environment
  repository   = var.repository
  account_id   = var.account_id
  state_bucket = "normaldance-terraform-state"
  lock_table   = "normaldance-terraform-locks"
}

resource "aws_ebs_encryption_by_default" "this" {
  enabled = true
}

resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
