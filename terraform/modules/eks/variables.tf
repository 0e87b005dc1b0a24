variable "name" {
  description = "Cluster name."
  type        = string
}

variable "kubernetes_version" {
  description = "EKS Kubernetes version."
  type        = string
  default     = "1.31"
}

variable "subnet_ids" {
  description = "Private subnets of the control plane ENIs and the nodes."
  type        = list(string)
}

variable "kms_key_arn" {
  description = "KMS key for secrets envelope encryption, node volumes and control plane logs."
  type        = string
}

variable "instance_types" {
  description = "Node instance types."
  type        = list(string)
  default     = ["m7g.large"]
}

variable "node_disk_size" {
  description = "Node root volume size (GiB)."
  type        = number
  default     = 50
}

variable "min_nodes" {
  type    = number
  default = 2
}

variable "max_nodes" {
  type    = number
  default = 6
}
