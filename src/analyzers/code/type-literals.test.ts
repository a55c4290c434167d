import { describe, expect, it } from 'vitest';
import { analyzeSource } from './analyze-source.js';
import type { Lang } from './lexer.js';
import { summary } from './test-helpers.js';

function models(text: string, lang: Lang = 'python'): string[] {
  return summary(analyzeSource({ text, lang, path: lang === 'python' ? 'app/m.py' : 'app/m.ts' })).kinds('ai-model');
}

// The openai wheel alone made 127 ai-model assets (2,000+ locations) from the types and tables an
// SDK uses to list every model it knows; a list of names is not a use of any of them.
describe('model ids that name without using', () => {
  it('skips members of Python Literal[...] types', () => {
    const text = ['from typing import Literal, Union', 'ChatModel = Literal["gpt-4o", "gpt-4o-mini"]', 'def create(model: Union[str, Literal["o3", "claude-3-5-haiku-latest"]]): ...'].join('\n');
    expect(models(text)).toEqual([]);
  });

  it('skips members of TypeScript union types', () => {
    expect(models("export type ChatModel =\n  | 'gpt-4o'\n  | 'gpt-4o-mini';\ninterface P { model: 'o3' | 'o1' }\n", 'js')).toEqual([]);
  });

  it('skips keys of per-model tables', () => {
    const text = ['import openai', 'PRICES = {"gpt-4.1": 0.002, "gpt-4o": 0.005}', 'LIMITS = {', '    "claude-3-5-sonnet-20241022": 8192,', '    # a comment line long enough to push the comma forty characters back', '    "claude-3-5-haiku-20241022": 8192,', '}', 'DEPRECATED = {"claude-1.3": "November 6th, 2024", "gpt-4-0314": {"until": 2024}}'].join('\n');
    expect(models(text)).toEqual([]);
  });

  it('keeps ids the code passes on: arguments, values, constants, fallbacks, ternaries', () => {
    const py = ['import openai', 'MODEL = "gpt-4o"', 'client.chat.completions.create(model="gpt-4o-mini")', 'cfg = {"model": "o3"}', 'm = "claude-3-5-haiku-latest" if cheap else "claude-3-5-sonnet-latest"'].join('\n');
    expect(models(py)).toEqual(['anthropic:claude-3-5-haiku-latest', 'anthropic:claude-3-5-sonnet-latest', 'openai:gpt-4o', 'openai:gpt-4o-mini', 'openai:o3']);
    const ts = "import OpenAI from 'openai';\nconst model = process.env.MODEL || 'gpt-4o';\nconst other = cheap ? 'gpt-4o-mini' : 'o3';\n";
    expect(models(ts, 'js')).toEqual(['openai:gpt-4o', 'openai:gpt-4o-mini', 'openai:o3']);
  });
});
