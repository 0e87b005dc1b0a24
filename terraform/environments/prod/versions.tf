terraform {
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }

  backend "s3" {
    bucket         = "normaldance-terraform-state"
    key            = "prod/platform.tfstate"
    region         = "us-east-1"
    dynamodb_table = "normaldance-terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      owner         = "platform-team"
      environment   = var.environment
      cost-center   = "cc-4410-platform"
      project       = "normaldance"
      managed-by    = "terraform"
    }
  }
}

# Disaster recovery region.
provider "aws" {
  alias               = "dr"
  region              = "us-west-2"
  allowed_account_ids = [var.account_id]

  default_tags {
    tags = {
      owner         = "platform-team"
      environment   = var.environment
      cost-center   = "cc-4410-platform"
      project       = "normaldance"
      managed-by    = "terraform"
    }
  }
}
