variable "environment" {
  type    = string
  default = "staging"
}

variable "account_id" {
  type    = string
  default = "310987654321"
}

variable "repository" {
  description = "GitHub repository whose workflows may plan this environment."
  type        = string
  default     = "normaldance/platform"
}
