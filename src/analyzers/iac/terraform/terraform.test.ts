import { describe, expect, it } from 'vitest';
import { analyzeFiles, isUnknown, res } from '../testing/scan-files.js';
import { terraformAnalyzer } from './index.js';
import { evalExpression } from './expr.js';

const byAddr = (out: Awaited<ReturnType<typeof analyzeFiles>>, addr: string) => out.assets?.find((a) => a.locations.some((l) => l.resource === addr));

describe('terraform expressions', () => {
  const resolve = (parts: (string | number)[], text: string) => (parts[0] === 'var' && parts[1] === 'x' ? 'X' : { $unknown: text });
  it('evaluates literals, templates, functions and conditionals', () => {
    expect(evalExpression('"a-${var.x}"', resolve)).toBe('a-X');
    expect(evalExpression('{ a = 1, "b" = [true, null] }', resolve)).toEqual({ a: 1, b: [true, null] });
    expect(evalExpression('merge({a = 1}, {b = 2})', resolve)).toEqual({ a: 1, b: 2 });
    expect(evalExpression('var.x == "X" ? "yes" : "no"', resolve)).toBe('yes');
    expect(evalExpression('join("-", ["a", upper("b")])', resolve)).toBe('a-B');
    expect(JSON.parse(evalExpression('jsonencode({ Action = "s3:*" })', resolve) as string)).toEqual({ Action: 's3:*' });
  });
  it('turns what it cannot know into an Unknown naming the expression', () => {
    const v = evalExpression('var.nope', resolve);
    expect(isUnknown(v) && v.$unknown).toBe('var.nope');
    expect(isUnknown(evalExpression('[for x in var.l : x]', resolve))).toBe(true);
    expect(isUnknown(evalExpression('file("secret.txt")', resolve))).toBe(true);
    expect(isUnknown(evalExpression('{{{{', resolve))).toBe(true);
  });
});

describe('terraform analyzer', () => {
  it('resolves variables (default < terraform.tfvars < *.auto.tfvars), locals, count and for_each', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf': `variable "env" {\n  default = "dev"\n}\nvariable "n" {\n  default = 1\n}\nlocals {\n  name = "acme-\${var.env}"\n}\nresource "aws_s3_bucket" "b" {\n  count  = var.n\n  bucket = "\${local.name}-\${count.index}"\n}\nresource "aws_s3_bucket" "e" {\n  for_each = toset(["x", "y"])\n  bucket   = "each-\${each.key}"\n}\n`,
        'terraform.tfvars': 'env = "stage"\nn = 2\n',
        'prod.auto.tfvars': 'env = "prod"\n',
      },
      'main.tf',
    );
    const names = out.assets!.filter((a) => a.kind === 'storage').map((a) => a.name).sort();
    expect(names).toEqual(['acme-prod-0', 'acme-prod-1', 'each-x', 'each-y']);
    expect(byAddr(out, 'aws_s3_bucket.e["x"]')).toBeDefined();
    expect(byAddr(out, 'aws_s3_bucket.b[1]')?.locations[0]?.line).toBe(10);
  });

  it('expands local modules with their inputs and keeps module addresses and files', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf': 'module "nb" {\n  source = "./modules/notebook"\n  name   = "lab"\n}\n',
        'modules/notebook/main.tf': 'variable "name" {}\nresource "aws_sagemaker_notebook_instance" "this" {\n  name          = var.name\n  role_arn      = "arn:aws:iam::123456789012:role/lab-role"\n  instance_type = "ml.t3.medium"\n}\n',
      },
      'main.tf',
    );
    const nb = out.assets!.find((a) => a.kind === 'notebook')!;
    expect(nb.name).toBe('lab');
    expect(nb.locations[0]).toEqual({ path: 'modules/notebook/main.tf', line: 2, resource: 'module.nb.aws_sagemaker_notebook_instance.this' });
    // A role named only by ARN still gets an identity node, so runs-as survives the graph merge.
    expect(out.relations!.some((r) => r.from === nb.id && r.kind === 'runs-as')).toBe(true);
    expect(out.assets!.some((a) => a.kind === 'identity' && a.name === 'lab-role')).toBe(true);
  });

  it('marks a variable without a default as unknown, never guessing', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'variable "dia" {}\nresource "aws_sagemaker_notebook_instance" "nb" {\n  name = "x"\n  role_arn = "r"\n  instance_type = "t"\n  direct_internet_access = var.dia\n}\n' }, 'main.tf');
    const v = res(out.assets!.find((a) => a.kind === 'notebook')).attributes.direct_internet_access;
    expect(isUnknown(v) && v.$unknown).toBe('var.dia');
    // Unknown exposure yields no exposed-to edge: paths are built on facts.
    expect(out.relations!.some((r) => r.kind === 'exposed-to')).toBe(false);
  });

  it('reads data "aws_iam_policy_document" and computes can-access levels', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf': `data "aws_iam_policy_document" "p" {\n  statement {\n    actions   = ["s3:GetObject"]\n    resources = ["arn:aws:s3:::data/*"]\n  }\n}\nresource "aws_iam_role" "r" {\n  name = "reader"\n  assume_role_policy = "{}"\n  inline_policy {\n    name   = "p"\n    policy = data.aws_iam_policy_document.p.json\n  }\n}\nresource "aws_s3_bucket" "d" {\n  bucket = "data"\n}\nresource "aws_s3_bucket" "o" {\n  bucket = "other"\n}\n`,
      },
      'main.tf',
    );
    const edges = out.relations!.filter((r) => r.kind === 'can-access');
    expect(edges).toHaveLength(1);
    expect(edges[0]!.properties).toMatchObject({ level: 'read', actions: ['s3:GetObject'] });
  });

  it('reports a syntax error with file and line and keeps the other files of the folder', async () => {
    const files = { 'a.tf': 'resource "aws_s3_bucket" "ok" {\n  bucket = "fine"\n}\n', 'b.tf': 'resource "aws_s3_bucket" "bad" {\n  bucket = \n}\n' };
    const bad = await analyzeFiles(terraformAnalyzer, files, 'b.tf');
    expect(bad.issues).toHaveLength(1);
    expect(bad.issues![0]).toMatchObject({ path: 'b.tf', reason: 'parse-error' });
    expect(bad.issues![0]!.message).toMatch(/^b\.tf:2: /);
    const good = await analyzeFiles(terraformAnalyzer, files, 'a.tf');
    expect(good.assets!.map((a) => a.name)).toEqual(['fine']);
    // Once: the broken file reports it, not also the folder's first file (it did, twice per scan).
    expect(good.issues).toEqual([]);
  });

  it('says when a file is over the size cap or a folder over the file cap, instead of skipping silently', async () => {
    const huge = 'resource "aws_s3_bucket" "b" {\n  bucket = "' + 'x'.repeat(5 * 1024 * 1024) + '"\n}\n';
    const files: Record<string, string> = { 'a.tf': 'resource "aws_s3_bucket" "ok" {\n  bucket = "fine"\n}\n', 'big.tf': huge };
    const big = await analyzeFiles(terraformAnalyzer, files, 'big.tf');
    expect(big.issues).toEqual([expect.objectContaining({ path: 'big.tf', reason: 'too-large' })]);
    expect(big.issues![0]!.message).toMatch(/^big\.tf: 5\.0 MB of Terraform is over/);
    expect((await analyzeFiles(terraformAnalyzer, files, 'a.tf')).issues).toEqual([]);
    const many: Record<string, string> = {};
    for (let i = 0; i < 505; i++) many[`f${String(i).padStart(3, '0')}.tf`] = `resource "aws_s3_bucket" "b${i}" {\n  bucket = "b${i}"\n}\n`;
    const first = await analyzeFiles(terraformAnalyzer, many, 'f000.tf');
    expect(first.issues).toEqual([expect.objectContaining({ path: '.', reason: 'limit' })]);
    expect(first.issues![0]!.message).toContain('only the first 500 by name were read');
  });

  it('counts unknown resource types as observations, not errors', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'resource "aws_lambda_function" "f" {\n  function_name = "x"\n}\nresource "random_pet" "p" {}\n' }, 'main.tf');
    expect(out.issues).toEqual([]);
    expect(out.assets).toEqual([]);
    expect(out.observations).toEqual([expect.objectContaining({ type: 'iac-unsupported-resource', value: 'aws_lambda_function' })]);
  });

  it('reads terraform show -json plans with references', async () => {
    const plan = {
      format_version: '1.2',
      terraform_version: '1.9.0',
      planned_values: { root_module: { resources: [
        { address: 'aws_iam_role.r', mode: 'managed', type: 'aws_iam_role', name: 'r', values: { name: 'nb-role', managed_policy_arns: ['arn:aws:iam::aws:policy/AdministratorAccess'] } },
        { address: 'aws_sagemaker_notebook_instance.nb', mode: 'managed', type: 'aws_sagemaker_notebook_instance', name: 'nb', values: { name: 'plan-nb', direct_internet_access: 'Enabled', role_arn: null } },
      ] } },
      resource_changes: [{ address: 'aws_sagemaker_notebook_instance.nb', change: { after_unknown: { role_arn: true } } }],
      configuration: { root_module: { resources: [{ address: 'aws_sagemaker_notebook_instance.nb', expressions: { role_arn: { references: ['aws_iam_role.r.arn', 'aws_iam_role.r'] } } }] } },
    };
    const out = await analyzeFiles(terraformAnalyzer, { 'plan.json': JSON.stringify(plan, null, 2) }, 'plan.json');
    const nb = out.assets!.find((a) => a.kind === 'notebook')!;
    expect(nb.locations[0]!.line).toBeGreaterThan(1);
    const role = out.assets!.find((a) => a.kind === 'identity')!;
    expect(out.relations).toEqual(expect.arrayContaining([{ from: nb.id, to: role.id, kind: 'runs-as' }, expect.objectContaining({ from: 'internet', to: nb.id, kind: 'exposed-to' })]));
  });

  it('handles an empty file', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'empty.tf': '' }, 'empty.tf');
    expect(out.assets).toEqual([]);
    expect(out.issues).toEqual([]);
  });

  it('links agent → guardrail, knowledge base → vector collection, data source → bucket', async () => {
    const out = await analyzeFiles(
      terraformAnalyzer,
      {
        'main.tf': [
          'resource "aws_bedrock_guardrail" "g" {\n  name = "g"\n  blocked_input_messaging = "n"\n  blocked_outputs_messaging = "n"\n}',
          'resource "aws_opensearchserverless_collection" "c" {\n  name = "kb"\n  type = "VECTORSEARCH"\n}',
          'resource "aws_bedrockagent_knowledge_base" "kb" {\n  name = "docs"\n  role_arn = "arn:aws:iam::123456789012:role/kb"\n  storage_configuration {\n    type = "OPENSEARCH_SERVERLESS"\n    opensearch_serverless_configuration {\n      collection_arn = aws_opensearchserverless_collection.c.arn\n    }\n  }\n}',
          'resource "aws_bedrockagent_data_source" "ds" {\n  name = "docs-s3"\n  knowledge_base_id = aws_bedrockagent_knowledge_base.kb.id\n  data_source_configuration {\n    type = "S3"\n    s3_configuration {\n      bucket_arn = "arn:aws:s3:::acme-docs"\n    }\n  }\n}',
          'resource "aws_bedrockagent_agent" "a" {\n  agent_name = "triage"\n  agent_resource_role_arn = "arn:aws:iam::123456789012:role/agent"\n  foundation_model = "m"\n  guardrail_configuration {\n    guardrail_identifier = aws_bedrock_guardrail.g.guardrail_id\n    guardrail_version = "1"\n  }\n}',
          'resource "aws_bedrockagent_agent_knowledge_base_association" "x" {\n  agent_id = aws_bedrockagent_agent.a.id\n  knowledge_base_id = aws_bedrockagent_knowledge_base.kb.id\n  description = "docs"\n}',
        ].join('\n'),
      },
      'main.tf',
    );
    const id = (type: string) => out.assets!.find((a) => a.type === type)!.id;
    const has = (from: string, kind: string, to: string) => out.relations!.some((r) => r.from === from && r.kind === kind && r.to === to);
    expect(has(id('aws_bedrockagent_agent'), 'guarded-by', id('aws_bedrock_guardrail'))).toBe(true);
    expect(has(id('aws_bedrockagent_agent'), 'retrieves-from', id('aws_bedrockagent_knowledge_base'))).toBe(true);
    expect(has(id('aws_bedrockagent_knowledge_base'), 'stored-in', id('aws_opensearchserverless_collection'))).toBe(true);
    expect(has(id('aws_bedrockagent_knowledge_base'), 'retrieves-from', id('aws_bedrockagent_data_source'))).toBe(true);
    expect(out.relations!.some((r) => r.from === id('aws_bedrockagent_data_source') && r.kind === 'stored-in')).toBe(true);
  });

  it('masks credentials in the attached resource', async () => {
    const token = ['hf', 'Xy9Wv8Ut7Sr6Qp5On4'].join('_');
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': `resource "aws_sagemaker_model" "m" {\n  name = "m"\n  execution_role_arn = "arn:aws:iam::123456789012:role/x"\n  primary_container {\n    image = "img@sha256:1"\n    environment = {\n      HF_TOKEN = "${token}"\n    }\n  }\n}\n` }, 'main.tf');
    expect(JSON.stringify(out.assets)).not.toContain(token);
  });
});
