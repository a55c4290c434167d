import { describe, expect, it } from 'vitest';
import { analyzeSource } from './index.js';
import type { Lang } from './lexer.js';
import { summary } from './test-helpers.js';

const run = (lang: Lang, text: string, path = 'svc/x') => summary(analyzeSource({ text, lang, path }));

describe('code analyzer — JavaScript / TypeScript', () => {
  it('finds SDK imports (ESM, require, Vercel AI providers), models and agents', () => {
    const s = run(
      'js',
      `import Anthropic from '@anthropic-ai/sdk';
const { BedrockRuntimeClient } = require("@aws-sdk/client-bedrock-runtime");
import { generateText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
const a = new Anthropic();
await a.messages.create({ model: 'claude-3-5-haiku-20241022', max_tokens: 1, messages: [] });
const r = await generateText({ model: openai('gpt-4o'), prompt: 'hi' });
const agent = createReactAgent({ llm, tools: [] });
// import { Mistral } from '@mistralai/mistralai';
`,
    );
    expect(s.kinds('external-ai-api')).toEqual(['anthropic:api.anthropic.com', 'aws-bedrock:bedrock-runtime.amazonaws.com', 'openai:api.openai.com']);
    expect(s.kinds('ai-model')).toEqual(['anthropic:claude-3-5-haiku-20241022', 'openai:gpt-4o']);
    expect(s.kinds('agent')).toEqual(['langchain:agent']);
    expect(s.relations).toContain('agent uses-model claude-3-5-haiku-20241022');
  });

  it('a URL in a template literal still names its provider; a regex with quotes does not derail the lexer', () => {
    const s = run('js', "const re = /['\"]+/g;\nconst url = `https://${resource}.openai.azure.com/openai/deployments`;\nconst m = 'gpt-4o';\n");
    expect(s.kinds('external-ai-api')).toEqual(['azure-openai:openai.azure.com']);
    expect(s.relations).toEqual(['openai.azure.com uses-model gpt-4o']);
  });

  it('empty and AI-free', () => {
    expect(run('js', '').kinds('external-ai-api')).toEqual([]);
    expect(run('js', 'export const add = (a: number, b: number) => a + b;\n').relations).toEqual([]);
  });
});

describe('code analyzer — Go', () => {
  it('finds go-openai, bedrockruntime and Ollama base URLs', () => {
    const s = run(
      'go',
      `package main
import (
	openai "github.com/sashabaranov/go-openai"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)
// import "github.com/anthropics/anthropic-sdk-go"
const base = "http://localhost:11434/v1"
func main() { _ = openai.ChatCompletionRequest{Model: "gpt-4o-mini"}; _ = bedrockruntime.NewFromConfig }
`,
    );
    expect(s.kinds('external-ai-api')).toEqual(['aws-bedrock:bedrock-runtime.amazonaws.com', 'ollama:localhost:11434', 'openai:api.openai.com']);
    expect(s.kinds('ai-model')).toEqual(['openai:gpt-4o-mini']);
  });

  it('empty and AI-free', () => {
    expect(run('go', '').kinds('ai-model')).toEqual([]);
    expect(run('go', 'package main\nimport "fmt"\nfunc main() { fmt.Println("hi") }\n').kinds('external-ai-api')).toEqual([]);
  });
});

describe('code analyzer — Java', () => {
  it('finds Spring AI / LangChain4j / Azure OpenAI imports, Bedrock model ids and vector stores', () => {
    const s = run(
      'java',
      `package com.acme;
import com.azure.ai.openai.OpenAIClientBuilder;
import org.springframework.ai.chat.client.ChatClient;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.qdrant.QdrantEmbeddingStore;
/* import com.anthropic.client.AnthropicClient; */
class A {
  String model = "anthropic.claude-3-haiku-20240307-v1:0";
  Object svc = AiServices.builder(Assistant.class).chatModel(m).tools(new Tools()).build();
  Object store = QdrantEmbeddingStore.builder().collectionName("policies").build();
}
`,
    );
    // A Bedrock-format model id through a router SDK (Spring AI, LangChain4j) reaches Bedrock.
    expect(s.kinds('external-ai-api')).toEqual(['aws-bedrock:bedrock-runtime.amazonaws.com', 'azure-openai:openai.azure.com']);
    expect(s.kinds('ai-model')).toEqual(['anthropic:anthropic.claude-3-haiku-20240307-v1:0']);
    expect(s.kinds('agent')).toEqual(['langchain4j:svc']);
    expect(s.kinds('vector-store')).toEqual(['qdrant:Qdrant policies']);
    expect(s.relations).toContain('svc retrieves-from Qdrant policies');
  });

  it('empty and AI-free', () => {
    expect(run('java', '').kinds('agent')).toEqual([]);
    expect(run('java', 'class A { int x = 1; }').kinds('external-ai-api')).toEqual([]);
  });
});

describe('code analyzer — truncated or hostile input', () => {
  const TQ = '"""';
  it.each([
    ['js', "import OpenAI from 'openai';\nconst c = new OpenAI({ baseURL: `https://${x"],
    ['go', 'package main\nimport (\n\t"github.com/openai/openai-go"\n\nconst s = `never closed'],
    ['java', `import com.openai.client.OpenAIClient;\nclass A { String s = ${TQ}\n unterminated text block`],
    ['python', 'import openai\nx = openai.OpenAI(base_url="http://'],
  ] as const)('%s: keeps what it read before the break and does not throw', (lang, text) => {
    expect(run(lang, text).kinds('external-ai-api')).toEqual(['openai:api.openai.com']);
  });

  it('a very long line of brackets and quotes finishes', () => {
    const text = `import openai\n${'(['.repeat(20000)}"${"'".repeat(5000)}\n`;
    expect(run('python', text).kinds('external-ai-api')).toEqual(['openai:api.openai.com']);
  });
});

describe('code analyzer — bounded work', () => {
  it('thousands of unclosed calls do not go quadratic (finishes, every call judged)', () => {
    const text = `import torch\n${Array.from({ length: 5000 }, (_, i) => `torch.load(x${i}\n`).join('')}`;
    const out = analyzeSource({ text, lang: 'python', path: 'a.py' });
    expect(out.findings?.length).toBe(5000);
  });
});

describe('code analyzer — SDK model constants', () => {
  it('Go and Java model constants become models linked to their API', () => {
    const go = run('go', 'package main\nimport "github.com/anthropics/anthropic-sdk-go"\nvar m = anthropic.ModelClaude3_5SonnetLatest\n');
    expect(go.kinds('ai-model')).toEqual(['anthropic:claude-3-5-sonnet-latest']);
    expect(go.relations).toEqual(['api.anthropic.com uses-model claude-3-5-sonnet-latest']);
    const java = run('java', 'import com.openai.models.ChatModel;\nclass A { Object m = ChatModel.GPT_4O_MINI; }\n');
    expect(java.kinds('ai-model')).toEqual(['openai:gpt-4o-mini']);
  });
});
