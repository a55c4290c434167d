import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A synthetic monorepo for the discovery benchmark: mostly ordinary source files that mention no
 * AI at all (as in a real company), with AI SDK use, manifests, notebooks, Dockerfiles, MCP configs
 * and model files sprinkled in. Deterministic (seeded), written once and reused.
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN_PY = (i: number) => `"""Billing helpers ${i}."""\nimport os\nimport json\n\n\ndef total_${i}(items):\n    return sum(x["amount"] for x in items)\n\n\nclass Invoice${i}:\n    def __init__(self, rows):\n        self.rows = rows\n\n    def to_json(self):\n        return json.dumps(self.rows)\n`;
const PLAIN_TS = (i: number) => `import { readFile } from 'node:fs/promises';\n\nexport interface Row${i} { id: number; name: string }\n\nexport async function load${i}(p: string): Promise<Row${i}[]> {\n  return JSON.parse(await readFile(p, 'utf8')) as Row${i}[];\n}\n`;
const PLAIN_GO = (i: number) => `package util\n\nimport "strings"\n\n// Join${i} joins parts.\nfunc Join${i}(parts []string) string { return strings.Join(parts, ",") }\n`;
const PLAIN_JAVA = (i: number) => `package com.acme.util;\n\npublic final class Util${i} {\n  private Util${i}() {}\n  public static int twice(int x) { return x * 2; }\n}\n`;
const PLAIN_MD = (i: number) => `# Component ${i}\n\nInternal documentation for component ${i}.\n`;

const AI_PY = (i: number) => `from openai import OpenAI\nfrom transformers import AutoModelForCausalLM\n\nclient = OpenAI()\n\n\ndef ask_${i}(q):\n    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": q}])\n    return r.choices[0].message.content\n\n\nmodel = AutoModelForCausalLM.from_pretrained("mistralai/Mistral-7B-v0.1", trust_remote_code=True)\n`;
const AI_TS = (i: number) => `import Anthropic from '@anthropic-ai/sdk';\n\nconst client = new Anthropic();\n\nexport async function summarise${i}(text: string) {\n  const msg = await client.messages.create({ model: 'claude-3-5-sonnet-latest', max_tokens: 512, messages: [{ role: 'user', content: text }] });\n  return msg.content;\n}\n`;
const REQUIREMENTS = 'torch==2.3.1\ntransformers==4.44.0\nopenai>=1.40\nlangchain==0.2.14\nchromadb==0.5.5\nrequests==2.32.3\nflask==3.0.3\n';
const PACKAGE_JSON = (i: number) => JSON.stringify({ name: `@acme/svc-${i}`, version: '1.0.0', dependencies: { openai: '^4.56.0', '@anthropic-ai/sdk': '^0.27.0', langchain: '^0.2.16', express: '^4.19.2' } }, null, 2);
const GO_MOD = (i: number) => `module github.com/acme/svc${i}\n\ngo 1.22\n\nrequire (\n\tgithub.com/sashabaranov/go-openai v1.28.2\n\tgithub.com/pgvector/pgvector-go v0.2.0\n)\n`;
const NOTEBOOK = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', language: 'python', display_name: 'Python 3' } }, cells: [{ cell_type: 'code', metadata: {}, execution_count: 1, outputs: [], source: ['import pandas as pd\n', "df = pd.read_csv('s3://acme-training-data/x.csv')\n"] }] });
const DOCKERFILE = 'FROM vllm/vllm-openai:v0.5.4\nEXPOSE 8000\nCMD ["--model", "meta-llama/Llama-3.1-8B-Instruct", "--host", "0.0.0.0"]\n';
const MCP = JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '/data'] } } });

/** Writes the corpus under `dir` (skips when a finished corpus of this size is there). */
export function generateMonorepo(dir: string, files = 100_000, seed = 42): { dir: string; files: number } {
  const marker = path.join(dir, `.complete-${files}`);
  if (existsSync(marker)) return { dir, files };
  const rand = rng(seed);
  let n = 0;
  const perPackage = 500;
  for (let p = 0; n < files; p++) {
    const pkg = path.join(dir, `packages/pkg-${p}`);
    const write = (rel: string, content: string) => {
      if (n >= files) return;
      const f = path.join(pkg, rel);
      mkdirSync(path.dirname(f), { recursive: true });
      writeFileSync(f, content);
      n++;
    };
    const lang = p % 4;
    if (lang === 0) write('requirements.txt', REQUIREMENTS);
    if (lang === 1) write('package.json', PACKAGE_JSON(p));
    if (lang === 2) write('go.mod', GO_MOD(p));
    if (p % 10 === 0) write('notebooks/explore.ipynb', NOTEBOOK);
    if (p % 15 === 0) write('Dockerfile', DOCKERFILE);
    if (p % 25 === 0) write('.cursor/mcp.json', MCP);
    for (let i = 0; i < perPackage && n < files; i++) {
      const sub = `src/m${i % 20}`;
      const r = rand();
      if (r < 0.01) write(`${sub}/ai_${i}.py`, AI_PY(i));
      else if (r < 0.02) write(`${sub}/ai_${i}.ts`, AI_TS(i));
      else if (lang === 0) write(`${sub}/f${i}.py`, PLAIN_PY(i));
      else if (lang === 1) write(`${sub}/f${i}.ts`, PLAIN_TS(i));
      else if (lang === 2) write(`${sub}/f${i}.go`, PLAIN_GO(i));
      else if (r < 0.9) write(`${sub}/F${i}.java`, PLAIN_JAVA(i));
      else write(`${sub}/README${i}.md`, PLAIN_MD(i));
    }
  }
  writeFileSync(marker, '');
  return { dir, files };
}
