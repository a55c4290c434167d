resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "acme-research-notebook"
  role_arn               = aws_iam_role.notebook.arn
  instance_type          = var.notebook_instance_type
  direct_internet_access = "Enabled"
  root_access            = "Enabled"
  subnet_id              = var.notebook_subnet_id
  tags                   = local.tags
}
