variable "environment" {
  type = string
}

variable "account_id" {
  type = string
}

variable "kms_key_arn" {
  description = "KMS key for the artifacts bucket."
  type        = string
}
