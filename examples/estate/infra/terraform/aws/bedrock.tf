# Guardrail for the support assistant. Filters were "tuned down" after false positives.
resource "aws_bedrock_guardrail" "support" {
  name                      = "acme-support-guardrail"
  blocked_input_messaging   = "Sorry, I can't help with that."
  blocked_outputs_messaging = "Sorry, I can't help with that."

  content_policy_config {
    filters_config {
      type            = "PROMPT_ATTACK"
      input_strength  = "LOW"
      output_strength = "NONE"
    }
    filters_config {
      type            = "HATE"
      input_strength  = "LOW"
      output_strength = "LOW"
    }
    filters_config {
      type            = "VIOLENCE"
      input_strength  = "NONE"
      output_strength = "LOW"
    }
  }
}

resource "aws_bedrockagent_agent" "triage" {
  agent_name              = "acme-triage-agent"
  agent_resource_role_arn = aws_iam_role.endpoint.arn
  foundation_model        = "anthropic.claude-3-5-sonnet-20240620-v1:0"
  instruction             = "You triage incoming patient support tickets for Acme Health and route them to the right team."
}
