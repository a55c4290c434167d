resource "aws_sagemaker_model" "triage" {
  name               = "acme-triage-llm"
  execution_role_arn = aws_iam_role.endpoint.arn

  primary_container {
    image          = "763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04"
    model_data_url = "s3://acme-model-artifacts/acme-triage-llm/model.tar.gz"
  }
}

resource "aws_sagemaker_endpoint_configuration" "triage" {
  name = "acme-triage-llm-config"

  production_variants {
    variant_name           = "primary"
    model_name             = aws_sagemaker_model.triage.name
    initial_instance_count = 1
    instance_type          = "ml.g5.2xlarge"
  }
}

resource "aws_sagemaker_endpoint" "triage" {
  name                 = "acme-triage-llm"
  endpoint_config_name = aws_sagemaker_endpoint_configuration.triage.name
}
