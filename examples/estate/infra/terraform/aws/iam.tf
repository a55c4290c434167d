# The research notebook's execution role. Someone attached AdministratorAccess "temporarily".
resource "aws_iam_role" "notebook" {
  name = "${local.prefix}-notebook-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
  tags = local.tags
}

resource "aws_iam_role_policy_attachment" "notebook_admin" {
  role       = aws_iam_role.notebook.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# The triage endpoint's role reads model artefacts only.
resource "aws_iam_role" "endpoint" {
  name = "${local.prefix}-triage-endpoint-role"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "sagemaker.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role_policy" "endpoint_models" {
  name = "read-model-artifacts"
  role = aws_iam_role.endpoint.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["arn:aws:s3:::acme-model-artifacts/*"]
    }]
  })
}
