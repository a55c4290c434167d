import { describe, expect, it } from 'vitest';
import { assetId, type Asset } from '../../core/index.js';
import { analyzeSource } from '../code/index.js';
import { fakeFile } from '../deps/fake-file.js';
import { envAnalyzer } from '../env/index.js';
import { isPlaceholderHost } from './placeholder-host.js';

const CANONICAL = assetId('external-ai-api', 'azure-openai', 'openai.azure.com');

function codeApis(text: string): Asset[] {
  return (analyzeSource({ text, lang: 'python', path: 'apps/bot/llm.py' }).assets ?? []).filter((a) => a.kind === 'external-ai-api');
}
async function envApis(content: string): Promise<Asset[]> {
  const out = await envAnalyzer.analyze(fakeFile('apps/bot/.env.example', content), { root: '/virtual', options: {} });
  return (out.assets ?? []).filter((a) => a.kind === 'external-ai-api');
}

// langchain_openai's help text `azure_endpoint="https://xxx.openai.azure.com/"` made an Azure OpenAI
// asset named xxx.openai.azure.com: a resource nobody has. A placeholder locates nothing.
describe('placeholder resource hosts', () => {
  it('code: a placeholder host falls back to the canonical Azure OpenAI host', () => {
    const apis = codeApis('from openai import AzureOpenAI\nHELP = \'azure_endpoint="https://xxx.openai.azure.com/"\'\n');
    expect(apis.map((a) => [a.id, a.name])).toEqual([[CANONICAL, 'openai.azure.com']]);
  });

  it('env: YOUR_RESOURCE_NAME in a template falls back too, with no observedHost', async () => {
    const apis = await envApis('AZURE_OPENAI_ENDPOINT=https://YOUR_RESOURCE_NAME.openai.azure.com/\n');
    expect(apis.map((a) => a.id)).toEqual([CANONICAL]);
    expect(apis[0]!.properties.observedHost).toBeUndefined();
  });

  it('a real resource host is still the locator', () => {
    const apis = codeApis('from openai import AzureOpenAI\naz = AzureOpenAI(azure_endpoint="https://acme-east.openai.azure.com/")\n');
    expect(apis.map((a) => a.name)).toEqual(['acme-east.openai.azure.com']);
  });

  it('tells placeholder labels from resource names', () => {
    for (const h of ['xxx.openai.azure.com', 'https://your-resource.openai.azure.com', 'YOUR_RESOURCE_NAME.openai.azure.com', '<resource>.openai.azure.com', 'my-resource.openai.azure.com']) expect(isPlaceholderHost(h), h).toBe(true);
    for (const h of ['acme-east.openai.azure.com', 'https://contoso-prod.openai.azure.com', 'api.openai.com', 'yourcompany.openai.azure.com']) expect(isPlaceholderHost(h), h).toBe(false);
  });
});
