# Acme Health AI — research and triage platform on AWS (SageMaker + Bedrock).
terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.70"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "notebook_instance_type" {
  type    = string
  default = "ml.t3.xlarge"
}

# Set per environment in CI; unknown here, so rules that depend on it answer "manual".
variable "notebook_subnet_id" {
  type = string
}

locals {
  prefix = "acme"
  tags = {
    owner = "ml-platform"
    data  = "phi"
  }
}
