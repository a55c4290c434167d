import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze-source.js';
import type { Lang } from './lexer.js';
import { classifyModelId } from './model-ids.js';
import { summary } from './test-helpers.js';

function models(text: string, lang: Lang = 'python'): string[] {
  return summary(analyzeSource({ text, lang, path: lang === 'python' ? 'app/m.py' : 'app/m.ts' })).kinds('ai-model');
}

// langchain_openai and langchain_community branch on the model the caller chose
// (`model_name.startswith("o1")`, `model == "gpt-4"`): those ids are what the code knows about,
// not what it runs.
describe('model ids the code compares against', () => {
  it('skips ==/!= operands, startswith/endswith arguments and `in` collections (Python)', () => {
    const text = [
      'import openai',
      'if model == "gpt-4": pass',
      'if "gpt-4o" != model: pass',
      'if name.startswith(("o1", "o3")) or name.endswith("gpt-4o-mini"): pass',
      'if model in ("gpt-4.1", "claude-3-5-haiku-latest"): pass',
    ].join('\n');
    expect(models(text)).toEqual([]);
  });

  it('skips ===/!== operands and startsWith arguments (JS/TS)', () => {
    expect(models("import OpenAI from 'openai';\nif (model === 'gpt-4o' || id.startsWith('o3')) {}\n", 'js')).toEqual([]);
  });

  it('keeps ids that are passed on, even next to a comparison', () => {
    const text = ['import openai', 'model = "gpt-4o" if fast else "o3"', 'ok = client.create(model="gpt-4o-mini") == expected', 'for m in ("gpt-4.1", "o1"): client.create(model=m)'].join('\n');
    expect(models(text)).toEqual(['openai:gpt-4.1', 'openai:gpt-4o', 'openai:gpt-4o-mini', 'openai:o1', 'openai:o3']);
  });
});

describe('words shaped like model ids', () => {
  it('rejects header and file names after chatgpt- and API version paths after a hub org', () => {
    for (const s of ['ChatGPT-Account-Id', 'chatgpt-auth.json', 'openai/v1', 'google/v2beta1']) expect(classifyModelId(s), s).toBeUndefined();
    for (const s of ['chatgpt-4o-latest', 'chatgpt-image-latest']) expect(classifyModelId(s)?.provider, s).toBe('openai');
  });
});
