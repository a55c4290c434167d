# Acme Health AI — Vertex AI endpoint for the triage model on GCP.
terraform {
  required_providers {
    google = {
      source  = "hashicorp/google"
      version = "~> 6.10"
    }
  }
}

variable "project" {
  type    = string
  default = "acme-health-ml"
}

resource "google_vertex_ai_endpoint" "triage" {
  name         = "acme-triage-endpoint"
  display_name = "acme-triage-llm"
  location     = "us-central1"
  project      = var.project
}

resource "google_service_account" "vertex" {
  account_id   = "vertex-serving"
  display_name = "Vertex AI serving"
  project      = var.project
}

resource "google_project_iam_member" "vertex_editor" {
  project = var.project
  role    = "roles/editor"
  member  = "serviceAccount:${google_service_account.vertex.email}"
}
