variable "name" {
  description = "Name prefix of the network's resources."
  type        = string
}

variable "cidr_block" {
  description = "VPC CIDR block."
  type        = string
}

variable "public_subnets" {
  description = "Public subnet CIDR per availability zone (load balancers, NAT)."
  type        = map(string)
}

variable "private_subnets" {
  description = "Private subnet CIDR per availability zone (EKS nodes, RDS)."
  type        = map(string)
}

variable "kms_key_arn" {
  description = "KMS key encrypting the flow log group."
  type        = string
}

variable "log_retention_days" {
  description = "Flow log retention."
  type        = number
  default     = 365
}
