variable "name" {
  description = "Key name, used for the alias (alias/<name>)."
  type        = string
}

variable "account_id" {
  description = "AWS account id that administers the key."
  type        = string
}

variable "region" {
  description = "Region of the CloudWatch Logs service allowed to use the key."
  type        = string
  default     = "us-east-1"
}
