# Training data: de-identified (supposedly) patient triage notes. No public access block, no KMS.
resource "aws_s3_bucket" "training" {
  bucket = "acme-training-data"
  tags   = local.tags
}

resource "aws_s3_bucket" "models" {
  bucket = "acme-model-artifacts"
  tags   = local.tags
}

resource "aws_s3_bucket_public_access_block" "models" {
  bucket                  = aws_s3_bucket.models.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
