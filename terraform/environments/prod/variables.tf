variable "environment" {
  type    = string
  default = "prod"
}

variable "account_id" {
  type    = string
  default = "410987654321"
}

variable "repository" {
  description = "GitHub repository whose workflows may plan this environment."
  type        = string
  default     = "normaldance/platform"
}
