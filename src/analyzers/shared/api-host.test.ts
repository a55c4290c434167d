import { describe, expect, it } from 'vitest';
import { assetId, type Asset } from '../../core/index.js';
import { analyzeSource } from '../code/index.js';
import { fakeFile } from '../deps/fake-file.js';
import { envAnalyzer } from '../env/index.js';

/** The env and code analyzers locate one Azure OpenAI resource at the same host, so they merge. */
async function envApis(content: string): Promise<Asset[]> {
  const f = fakeFile('apps/bot/.env.example', content);
  const out = await envAnalyzer.analyze(f, { root: '/virtual', options: {} });
  return (out.assets ?? []).filter((a) => a.kind === 'external-ai-api' && a.provider === 'azure-openai');
}
function codeApis(text: string): Asset[] {
  const out = analyzeSource({ text, lang: 'python', path: 'apps/bot/llm.py' });
  return (out.assets ?? []).filter((a) => a.kind === 'external-ai-api' && a.provider === 'azure-openai');
}

describe('Azure OpenAI host convention (env ↔ code)', () => {
  it('both use the resource host when it is known', async () => {
    const env = await envApis('AZURE_OPENAI_ENDPOINT=https://acme-east.openai.azure.com/\n');
    const code = codeApis('from openai import AzureOpenAI\naz = AzureOpenAI(azure_endpoint="https://acme-east.openai.azure.com/")\n');
    const want = assetId('external-ai-api', 'azure-openai', 'acme-east.openai.azure.com');
    expect(env.map((a) => a.id)).toEqual([want]);
    expect(code.map((a) => a.id)).toEqual([want]);
    expect(code[0]!.name).toBe('acme-east.openai.azure.com');
  });

  it('both fall back to openai.azure.com when no concrete host is written', async () => {
    const env = await envApis('AZURE_OPENAI_API_KEY=\n');
    const code = codeApis('from openai import AzureOpenAI\nimport os\naz = AzureOpenAI(azure_endpoint=f"https://{os.environ[\'RES\']}.openai.azure.com/")\n');
    const want = assetId('external-ai-api', 'azure-openai', 'openai.azure.com');
    expect(env.map((a) => a.id)).toEqual([want]);
    expect(code.map((a) => a.id)).toEqual([want]);
  });
});
