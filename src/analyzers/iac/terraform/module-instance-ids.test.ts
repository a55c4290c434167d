import { describe, expect, it } from 'vitest';
import { assetId } from '../../../core/ids.js';
import { analyzeFiles } from '../testing/scan-files.js';
import { planResources } from './plan.js';
import { terraformAnalyzer } from './index.js';

// A module whose endpoint name does not depend on the instance: every instance declares "ep".
const child = 'variable "role" {}\nresource "aws_sagemaker_endpoint" "this" {\n  name                 = "ep"\n  endpoint_config_name = "cfg"\n}\nresource "aws_iam_role" "this" {\n  name               = var.role\n  assume_role_policy = "{}"\n}\n';

async function ids(root: string) {
  const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': root, 'modules/svc/main.tf': child }, 'main.tf');
  return out.assets!.filter((a) => a.type === 'aws_sagemaker_endpoint' || a.type === 'aws_iam_role').map((a) => [a.locations[0]!.resource, a.id] as const);
}

// Terraform tells module instances apart by their address (module.svc[0].aws_x.y); asset ids must
// too, or two instances become one asset and the graph merges their edges and findings.
describe('resources of module instances have their own asset ids', () => {
  it('count on a module call', async () => {
    const got = await ids('module "svc" {\n  source = "./modules/svc"\n  count  = 2\n}\n');
    expect(got.map(([addr]) => addr).sort()).toEqual(['module.svc[0].aws_iam_role.this', 'module.svc[0].aws_sagemaker_endpoint.this', 'module.svc[1].aws_iam_role.this', 'module.svc[1].aws_sagemaker_endpoint.this']);
    expect(new Set(got.map(([, id]) => id)).size).toBe(4);
  });

  it('two calls of one module folder', async () => {
    const got = await ids('module "a" {\n  source = "./modules/svc"\n}\nmodule "b" {\n  source = "./modules/svc"\n}\n');
    expect(got).toHaveLength(4);
    expect(new Set(got.map(([, id]) => id)).size).toBe(4);
  });

  it('keeps the id of a root-module resource, and of a role whose name is known', async () => {
    const out = await analyzeFiles(terraformAnalyzer, { 'main.tf': 'resource "aws_sagemaker_endpoint" "x" {\n  name                 = "ep"\n  endpoint_config_name = "cfg"\n}\nmodule "a" {\n  source = "./modules/svc"\n  role   = "app"\n}\n', 'modules/svc/main.tf': child }, 'main.tf');
    expect(out.assets!.find((a) => a.locations[0]!.resource === 'aws_sagemaker_endpoint.x')!.id).toBe(assetId('inference-endpoint', 'aws', 'aws_sagemaker_endpoint:ep'));
    // A role name is its identity in the account (ARNs name it so): it still joins by name.
    expect(out.assets!.find((a) => a.type === 'aws_iam_role')!.id).toBe(assetId('identity', 'aws', 'iam-role:app'));
  });

  it('a plan names the same module instance as the configuration, nested modules included', () => {
    const plan = { format_version: '1.2', planned_values: { root_module: { child_modules: [{ address: 'module.a[0]', child_modules: [{ address: 'module.a[0].module.b["x.y"]', resources: [{ address: 'module.a[0].module.b["x.y"].aws_sagemaker_endpoint.this', mode: 'managed', type: 'aws_sagemaker_endpoint', name: 'this', values: { name: 'ep' } }] }] }] } } };
    expect(planResources(plan, 'plan.json', JSON.stringify(plan)).map((r) => r.module)).toEqual(['module.a[0].module.b["x.y"]']);
  });
});
