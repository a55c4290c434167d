import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScan } from '../src/scan/index.js';
import { resolveOptions } from '../src/config/index.js';
import { peakRssMB, printTable } from './table.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '..', '..', 'bench', '.corpus', 'iac');
const LIMIT_MS = 10_000;
const PER_FILE = 50;

const aws = (i: number) => `resource "aws_iam_role" "r${i}" {
  name = "role-${i}"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "sagemaker.amazonaws.com" } }] })
}
resource "aws_sagemaker_notebook_instance" "nb${i}" {
  name                   = "nb-${i}"
  role_arn               = aws_iam_role.r${i}.arn
  instance_type          = var.instance_type
  direct_internet_access = ${i % 2 ? '"Enabled"' : '"Disabled"'}
}
resource "aws_s3_bucket" "b${i}" {
  bucket = "bench-data-${i}"
}
resource "aws_bedrock_guardrail" "g${i}" {
  name = "g-${i}"
  blocked_input_messaging = "no"
  blocked_outputs_messaging = "no"
  content_policy_config {
    filters_config {
      type = "PROMPT_ATTACK"
      input_strength = "${i % 3 ? 'HIGH' : 'LOW'}"
      output_strength = "NONE"
    }
  }
}
`;
const azure = (i: number) => `resource "azurerm_cognitive_account" "a${i}" {
  name = "oai-${i}"
  location = "eastus"
  resource_group_name = "rg"
  kind = "OpenAI"
  sku_name = "S0"
  public_network_access_enabled = ${i % 2 === 0}
}
resource "azurerm_storage_account" "s${i}" {
  name = "sa${i}"
  resource_group_name = "rg"
  location = "eastus"
  account_tier = "Standard"
  account_replication_type = "LRS"
}
`;
const gcp = (i: number) => `resource "google_vertex_ai_endpoint" "e${i}" {
  name = "ep-${i}"
  display_name = "ep-${i}"
  location = "us-central1"
}
resource "google_storage_bucket" "b${i}" {
  name = "gcs-${i}"
  location = "US"
}
`;
const k8s = (i: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: vllm-${i}
  namespace: ml
spec:
  selector:
    matchLabels: { app: vllm-${i} }
  template:
    metadata:
      labels: { app: vllm-${i} }
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.6.3
          args: ["--model", "org/model-${i}"]
---
`;

/** Writes ~10,000 resources: Terraform for the three clouds (variables, references) and k8s manifests. */
function generate(): number {
  rmSync(corpus, { recursive: true, force: true });
  let resources = 0;
  const write = (dir: string, name: string, body: string) => {
    mkdirSync(path.join(corpus, dir), { recursive: true });
    writeFileSync(path.join(corpus, dir, name), body);
  };
  let n = 0;
  for (let d = 0; d < 25; d++) {
    let body = 'variable "instance_type" {\n  default = "ml.t3.medium"\n}\n';
    for (let i = 0; i < PER_FILE / 2; i++, n++) body += aws(n);
    write(`aws/${d}`, 'main.tf', body);
    resources += (PER_FILE / 2) * 4;
  }
  for (let d = 0; d < 25; d++) {
    let body = '';
    for (let i = 0; i < PER_FILE; i++, n++) body += azure(n);
    write(`azure/${d}`, 'main.tf', body);
    resources += PER_FILE * 2;
  }
  for (let d = 0; d < 25; d++) {
    let body = '';
    for (let i = 0; i < PER_FILE; i++, n++) body += gcp(n);
    write(`gcp/${d}`, 'main.tf', body);
    resources += PER_FILE * 2;
  }
  for (let d = 0; d < 50; d++) {
    let body = '';
    for (let i = 0; i < PER_FILE; i++, n++) body += k8s(n);
    write(`k8s/${d}`, 'deploy.yaml', body);
    resources += PER_FILE;
  }
  return resources;
}

/** `npm run bench -- iac`: parse, normalise, link and evaluate every IaC rule over ~10,000 resources. */
export async function runIacBench(): Promise<void> {
  const declared = generate();
  const t0 = performance.now();
  const result = await runScan(resolveOptions([corpus], {}, { only: ['terraform', 'cloudformation', 'kubernetes', 'arm'] }));
  const ms = performance.now() - t0;
  const modelled = result.assets.filter((a) => a.properties.resource !== undefined).length;
  const judged = result.findings.length;
  printTable(
    ['resources declared', 'assets modelled', 'verdicts', 'fails', 'time', 'resources/s', 'peak RSS', 'limit'],
    [[String(declared), String(modelled), String(judged), String(result.findings.filter((f) => f.status === 'fail').length), `${(ms / 1000).toFixed(2)} s`, String(Math.round((declared / ms) * 1000)), `${peakRssMB().toFixed(0)} MB`, `< ${LIMIT_MS / 1000} s ${ms < LIMIT_MS ? 'OK' : 'OVER'}`]],
  );
  if (result.scan.issues.length) process.stdout.write(`issues: ${result.scan.issues.length} (first: ${result.scan.issues[0]!.message})\n`);
}
