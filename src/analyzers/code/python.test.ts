import { describe, expect, it } from 'vitest';
import { assetId } from '../../core/index.js';
import { analyzeSource, codeAnalyzer } from './index.js';
import { memFile, summary } from './test-helpers.js';

const py = (text: string, path = 'app/main.py') => analyzeSource({ text, lang: 'python', path });

describe('code analyzer — python', () => {
  it('finds SDK clients, the models they use and links them', () => {
    const s = summary(
      py(`
from openai import OpenAI, AzureOpenAI
import anthropic
client = OpenAI()
client.chat.completions.create(model="gpt-4o-mini", messages=[])
az = AzureOpenAI(azure_endpoint="https://acme-east.openai.azure.com/")
anthropic.Anthropic().messages.create(model="claude-3-5-sonnet-20241022", max_tokens=5, messages=[])
bedrock = boto3.client("bedrock-runtime", region_name="us-east-1")
bedrock.converse(modelId="anthropic.claude-3-haiku-20240307-v1:0", messages=[])
`),
    );
    expect(s.kinds('external-ai-api')).toEqual(['anthropic:api.anthropic.com', 'aws-bedrock:bedrock-runtime.amazonaws.com', 'azure-openai:acme-east.openai.azure.com', 'openai:api.openai.com']);
    expect(s.kinds('ai-model')).toEqual(['anthropic:anthropic.claude-3-haiku-20240307-v1:0', 'anthropic:claude-3-5-sonnet-20241022', 'openai:gpt-4o-mini']);
    expect(s.relations).toContain('api.openai.com uses-model gpt-4o-mini');
    expect(s.relations).toContain('api.anthropic.com uses-model claude-3-5-sonnet-20241022');
    expect(s.relations).toContain('bedrock-runtime.amazonaws.com uses-model anthropic.claude-3-haiku-20240307-v1:0');
  });

  it('reads the Google SDK import forms and litellm-style ids', () => {
    const s = summary(py('from google import genai\nimport google.generativeai as gg\nimport litellm\nlitellm.completion(model="groq/llama-3.1-70b-versatile", messages=[])\nc = genai.Client()\nc.models.generate_content(model="gemini-2.0-flash", contents="x")\n'));
    expect(s.kinds('external-ai-api')).toEqual(['google:generativelanguage.googleapis.com', 'groq:api.groq.com']);
    expect(s.kinds('ai-model')).toEqual(['google:gemini-2.0-flash', 'meta:llama-3.1-70b-versatile']);
    expect(s.relations).toContain('api.groq.com uses-model llama-3.1-70b-versatile');
  });

  it('adds inference call sites to the API asset', () => {
    const out = py('from openai import OpenAI\nimport anthropic\nc = OpenAI()\n\nr = c.chat.completions.create(model="gpt-4o", messages=[])\na = anthropic.Anthropic()\na.messages.create(model="claude-3-5-haiku-latest", max_tokens=1, messages=[])\n');
    const api = out.assets?.find((x) => x.provider === 'openai' && x.kind === 'external-ai-api');
    expect(api?.locations.map((l) => l.line)).toEqual([1, 5]);
    expect(api?.properties.callSites).toBe(1);
    expect(out.assets?.find((x) => x.provider === 'anthropic' && x.kind === 'external-ai-api')?.locations.map((l) => l.line)).toEqual([2, 7]);
  });

  it('uses the shared provider ids so env/container analyzers merge with it', () => {
    const out = py('import openai\n');
    expect(out.assets?.[0]?.id).toBe(assetId('external-ai-api', 'openai', 'api.openai.com'));
  });

  it('attributes an OpenAI client pointed at Ollama to Ollama', () => {
    const s = summary(py('from openai import OpenAI\nc = OpenAI(base_url="http://localhost:11434/v1")\nc.chat.completions.create(model="llama3.1:8b", messages=[])\n'));
    expect(s.kinds('external-ai-api')).toEqual(['ollama:localhost:11434']);
    expect(s.relations).toEqual(['localhost:11434 uses-model llama3.1:8b']);
  });

  it('ignores comments, docstrings and model names in prose', () => {
    const s = summary(py('"""Uses openai and torch.load(x) and "gpt-4o"."""\n# import anthropic\n# torch.load("a.pt")\nprint("we like gpt-4o a lot")\n'));
    expect(s.kinds('external-ai-api')).toEqual([]);
    expect(s.kinds('ai-model')).toEqual([]);
    expect(s.rules).toEqual([]);
  });

  it('flags trust_remote_code, unpinned revisions and risky loading; accepts pinned and safe calls', () => {
    const sha = 'a'.repeat(40);
    const out = py(`
from transformers import AutoModel, pipeline
import torch, pickle, joblib, numpy as np
MODEL = "acme/acme-triage-llm"
m = AutoModel.from_pretrained(MODEL, trust_remote_code=True)
ok = AutoModel.from_pretrained("bert-base/uncased-x", revision="${sha}")
br = AutoModel.from_pretrained("google/flan-t5-base", revision="main")
dyn = AutoModel.from_pretrained("google/gemma-2b", revision=REV)
local = AutoModel.from_pretrained("./checkpoints/best")
clf = pipeline("text-classification", model="acme/acme-triage-llm", revision="${sha}")
a = torch.load("weights.pt")
b = torch.load("weights.pt", weights_only=True)
c = torch.load(path, weights_only=False)
d = pickle.load(open("model.pkl", "rb"))
with open(MODEL_PATH, "rb") as fh:
    e = joblib.load(fh)
f = np.load("emb.npy", allow_pickle=True)
g = np.load("emb.npy")
`);
    const s = summary(out);
    expect(s.rules).toEqual([
      'hf_model_revision_pinned@5',
      'hf_model_revision_pinned@7',
      'hf_model_revision_pinned@8:manual',
      'hf_trust_remote_code_disabled@5',
      'model_loading_avoids_pickle@14',
      'model_loading_avoids_pickle@16',
      'model_loading_avoids_pickle@17',
      'torch_load_uses_weights_only@11',
      'torch_load_uses_weights_only@13',
    ]);
    const sev = Object.fromEntries((out.findings ?? []).filter((f) => f.ruleId.startsWith('torch')).map((f) => [f.location.line, f.severity]));
    expect(sev).toEqual({ 11: 'medium', 13: 'high' });
    expect(s.kinds('ai-model')).toContain('huggingface:acme/acme-triage-llm');
    // A literal relative path resolves beside the source file, so it merges with the model-file asset.
    expect(out.assets?.some((a) => a.id === assetId('model-file', 'local', 'app/model.pkl'))).toBe(true);
    expect(out.findings?.every((f) => out.assets?.some((a) => a.id === f.assetId))).toBe(true);
  });

  it('flags torch.hub.load of unpinned or trusted repos and Keras safe_mode=False', () => {
    const s = summary(
      py(`import torch, keras
a = torch.hub.load("pytorch/vision", "resnet50")
b = torch.hub.load("pytorch/vision:v0.17.0", "resnet50")
c = torch.hub.load("acme/models:v1", "triage", trust_repo=True)
d = torch.hub.load("./hub", "m", source="local")
m = keras.models.load_model("m.keras", safe_mode=False)
n = keras.models.load_model("m.keras")
`),
    );
    expect(s.rules).toEqual(['keras_load_model_safe_mode_enabled@6', 'torch_hub_load_avoids_unreviewed_repos@2', 'torch_hub_load_avoids_unreviewed_repos@4']);
    expect(s.kinds('ai-model')).toEqual(['pytorch-hub:acme/models:v1 triage', 'pytorch-hub:pytorch/vision resnet50']);
  });

  it('finds agents, their tools and vector stores, and judges them', () => {
    const s = summary(
      py(`
from langchain.agents import AgentExecutor, create_react_agent, load_tools
from langchain_experimental.tools import PythonREPLTool
from langchain_openai import ChatOpenAI
from langchain_community.vectorstores import FAISS
from crewai import Agent
llm = ChatOpenAI(model="gpt-4o")
tools = load_tools(["terminal", "requests_all"]) + [PythonREPLTool()]
agent = create_react_agent(llm, tools, prompt)
runner = AgentExecutor(agent=agent, tools=tools)
db = FAISS.load_local("indexes/kb", emb)
researcher = Agent(role="researcher", goal="g", backstory="b", tools=[])

@tool
def run(cmd: str) -> str:
    """Run a command."""
    return subprocess.run(cmd, shell=True, capture_output=True).stdout
`),
    );
    expect(s.kinds('agent')).toEqual(['crewai:researcher', 'langchain:runner']);
    expect(s.kinds('agent-tool')).toEqual(['langchain:PythonREPLTool', 'langchain:load_tools:requests_all', 'langchain:load_tools:terminal', 'langchain:run']);
    expect(s.kinds('vector-store')).toEqual(['faiss:FAISS indexes/kb']);
    expect(s.relations).toContain('runner has-tool load_tools:terminal');
    expect(s.relations).toContain('runner uses-model gpt-4o');
    expect(s.relations).toContain('runner calls api.openai.com');
    expect(s.relations).toContain('runner retrieves-from FAISS indexes/kb');
    expect(s.rules.filter((r) => r.startsWith('agent_'))).toEqual(['agent_does_not_read_untrusted_web_content@9', 'agent_has_no_shell_or_code_execution_tool@9']);
  });

  it('autogen code execution is a code-exec tool unless disabled', () => {
    const s = summary(py('from autogen import UserProxyAgent, AssistantAgent\nu = UserProxyAgent("u", code_execution_config={"work_dir": "w", "use_docker": False})\na = AssistantAgent("a", code_execution_config=False)\n'));
    expect(s.rules).toEqual(['agent_has_no_shell_or_code_execution_tool@2']);
  });

  it('records storage URIs as read or write observations, without query strings', () => {
    const s = summary(
      py(`
import pandas as pd
SRC = "s3://acme-training-data/triage/train.jsonl"
df = pd.read_csv(SRC)
df.to_parquet("gs://acme-out/clean.parquet")
with open("abfss://raw@acmelake.dfs.core.windows.net/notes.txt", "w") as f: pass
url = "https://acmeblob.blob.core.windows.net/models/m.bin?sv=2024&sig=abc"
`),
    );
    expect(s.observations).toEqual([
      'uri https://acmeblob.blob.core.windows.net/models/m.bin',
      'uri-read s3://acme-training-data/triage/train.jsonl',
      'uri-write abfss://raw@acmelake.dfs.core.windows.net/notes.txt',
      'uri-write gs://acme-out/clean.parquet',
    ]);
  });

  it('empty and AI-free files yield nothing', () => {
    expect(py('')).toEqual({ assets: [], relations: [], findings: [], observations: [] });
    expect(summary(py('import os\nprint(os.getcwd())\n')).kinds('external-ai-api')).toEqual([]);
  });

  it('the analyzer reports binary content and keeps going', async () => {
    const out = await codeAnalyzer.analyze(memFile('app/junk.py', new Uint8Array([0x80, 4, 0x95, 0, 0]), 'pickle'), { root: '/', options: {} });
    expect(out.issues?.[0]).toMatchObject({ path: 'app/junk.py', reason: 'binary', source: 'code' });
    expect(codeAnalyzer.wants('node_modules/openai/index.js', memFile('node_modules/openai/index.js', 'x'))).toBe(false);
    expect(codeAnalyzer.wants('src/a.ts', memFile('src/a.ts', 'x'))).toBe(true);
    expect(codeAnalyzer.wants('README.md', memFile('README.md', 'x'))).toBe(false);
    const huge = { ...memFile('gen/big.py', 'import openai\n'), size: 3 * 1024 * 1024 };
    const tooLarge = await codeAnalyzer.analyze(huge, { root: '/', options: {} });
    expect(tooLarge.issues?.[0]).toMatchObject({ path: 'gen/big.py', reason: 'too-large' });
  });
});

describe('code analyzer — python agents SDKs and env-configured providers', () => {
  it('OpenAI Agents SDK agents with hosted tools', () => {
    const s = summary(
      analyzeSource({
        lang: 'python',
        path: 'agents/triage.py',
        text: `from agents import Agent, Runner, WebSearchTool, CodeInterpreterTool
triage = Agent(name="Triage", model="gpt-4.1", tools=[WebSearchTool(), CodeInterpreterTool(tool_config={})])
`,
      }),
    );
    expect(s.kinds('agent')).toEqual(['openai-agents:Triage']);
    expect(s.kinds('agent-tool')).toEqual(['openai-agents:CodeInterpreterTool', 'openai-agents:WebSearchTool']);
    expect(s.relations).toContain('Triage uses-model gpt-4.1');
    expect(s.rules).toEqual(['agent_has_no_shell_or_code_execution_tool@2']);
  });

  it('a plain Elasticsearch client is not a vector store; one doing kNN is', () => {
    const plain = summary(py('from elasticsearch import Elasticsearch\nes = Elasticsearch("http://es:9200")\nes.search(index="logs", query={"match_all": {}})\n'));
    expect(plain.kinds('vector-store')).toEqual([]);
    const knn = summary(py('from elasticsearch import Elasticsearch\nes = Elasticsearch("http://es:9200")\nes.search(index="docs", knn={"field": "embedding", "query_vector": v, "k": 5})\n'));
    expect(knn.kinds('vector-store')).toEqual(['elasticsearch:Elasticsearch docs']);
  });

  it('a local package called agents is not the OpenAI Agents SDK', () => {
    const s = summary(analyzeSource({ lang: 'python', path: 'a.py', text: 'from agents.planner import Planner\nfrom agents import helpers\np = Planner()\n' }));
    expect(s.kinds('external-ai-api')).toEqual([]);
  });

  it('the executor that wraps an agent names it', () => {
    const out = analyzeSource({ lang: 'python', path: 'a.py', text: 'from langchain.agents import AgentExecutor, create_react_agent\nagent = create_react_agent(llm, tools, p)\nsupport_agent = AgentExecutor(agent=agent, tools=tools)\n' });
    expect(out.assets?.filter((a) => a.kind === 'agent').map((a) => [a.name, a.locations.length])).toEqual([['support_agent', 2]]);
  });

  it('an exact provider env var read in code names the provider', () => {
    const s = summary(py('import os, requests\nkey = os.getenv("MISTRAL_API_KEY")\nrequests.post(url, headers={"Authorization": key})\nname = "MISTRAL_API_KEY"\n'));
    expect(s.kinds('external-ai-api')).toEqual(['mistral:api.mistral.ai']);
  });
});
