# Acme Health AI — Azure OpenAI for the web chat.
terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 4.10"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "ai" {
  name     = "rg-acme-ai"
  location = "eastus2"
}

resource "azurerm_cognitive_account" "openai" {
  name                          = "acme-openai"
  location                      = azurerm_resource_group.ai.location
  resource_group_name           = azurerm_resource_group.ai.name
  kind                          = "OpenAI"
  sku_name                      = "S0"
  custom_subdomain_name         = "acme-openai"
  public_network_access_enabled = true
  local_auth_enabled            = true
}

resource "azurerm_cognitive_deployment" "triage" {
  name                 = "acme-triage-llm"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  rai_policy_name      = azurerm_cognitive_account_rai_policy.relaxed.name

  model {
    format  = "OpenAI"
    name    = "gpt-4o"
    version = "2024-08-06"
  }

  sku {
    name     = "Standard"
    capacity = 30
  }
}

resource "azurerm_cognitive_account_rai_policy" "relaxed" {
  name                 = "acme-relaxed-filter"
  cognitive_account_id = azurerm_cognitive_account.openai.id
  base_policy_name     = "Microsoft.Default"

  content_filter {
    name               = "hate"
    filter_enabled     = true
    block_enabled      = false
    severity_threshold = "High"
    source             = "Prompt"
  }
  content_filter {
    name               = "jailbreak"
    filter_enabled     = false
    block_enabled      = false
    severity_threshold = "High"
    source             = "Prompt"
  }
}
