output "cluster_name" {
  value = module.eks.cluster_name
}

output "database_endpoint" {
  value = module.rds.endpoint
}

output "database_master_secret_arn" {
  value     = module.rds.master_user_secret_arn
  sensitive = true
}

output "artifacts_bucket" {
  value = module.s3.bucket
}

output "github_plan_role_arn" {
  value = module.github_oidc.role_arn
}
