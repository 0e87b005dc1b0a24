variable "environment" {
  description = "GitHub environment (and platform environment) the role is for."
  type        = string
}

variable "repository" {
  description = "GitHub repository allowed to assume the role, as owner/name."
  type        = string
}

variable "account_id" {
  type = string
}

variable "state_bucket" {
  type = string
}

variable "lock_table" {
  type = string
}
