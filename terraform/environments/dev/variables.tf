variable "environment" {
  type    = string
  default = "dev"
}

variable "account_id" {
  type    = string
  default = "210987654321"
}

variable "repository" {
  description = "GitHub repository whose workflows may plan this environment."
  type        = string
  default     = "normaldance/platform"
}
