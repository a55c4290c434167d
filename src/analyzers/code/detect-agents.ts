import { assetId, makeFinding } from '../../core/index.js';
import { locAt, type FileContext } from './context.js';
import type { SdkUse } from './detect-apis.js';
import type { ModelSeen } from './detect-models.js';
import { AGENT_NO_SHELL, AGENT_NO_UNTRUSTED_WEB } from './rules.js';
import type { CallSite } from './source.js';
import { customToolType, EXEC_TYPES, LOAD_TOOLS_NAMES, TOOL_CLASSES, WEB_TYPES, type ToolType } from './tools-catalogue.js';

interface AgentSeen {
  id: string;
  call: CallSite;
  binding?: string;
}

interface ToolSeen {
  id: string;
  name: string;
  type: ToolType;
  /** The variable the tool was bound to, for matching it to an agent's arguments. */
  binding?: string;
}

/** Agent constructors per framework; `always` ones are distinctive enough without an import check. */
const AGENT_CALLS: readonly { re: RegExp; framework: string; needs?: string; langs: readonly string[]; implicit?: ToolType }[] = [
  { re: /\b(?:create_react_agent|create_tool_calling_agent|create_openai_functions_agent|create_openai_tools_agent|create_structured_chat_agent|create_json_chat_agent|initialize_agent|AgentExecutor(?:\.from_agent_and_tools)?)/, framework: 'langchain', langs: ['python'] },
  { re: /\b(?:create_sql_agent)/, framework: 'langchain', langs: ['python'] },
  { re: /\b(?:create_pandas_dataframe_agent|create_csv_agent|create_python_agent)/, framework: 'langchain', langs: ['python'], implicit: 'code-exec' },
  { re: /(?<![\w.])Agent/, framework: 'crewai', needs: 'crewai', langs: ['python'] },
  { re: /(?<![\w.])Agent/, framework: 'openai-agents', needs: 'openai-agents', langs: ['python'] },
  { re: /\b(?:AssistantAgent|UserProxyAgent|ConversableAgent|GroupChatManager)/, framework: 'autogen', needs: 'autogen', langs: ['python'] },
  { re: /\bCodeExecutorAgent/, framework: 'autogen', needs: 'autogen', langs: ['python'], implicit: 'code-exec' },
  { re: /\b(?:ReActAgent|FunctionAgent|OpenAIAgent|FunctionCallingAgent|AgentRunner|AgentWorkflow)(?:\.from_tools|\.from_tools_or_functions)?/, framework: 'llamaindex', needs: 'llamaindex', langs: ['python'] },
  { re: /\bCodeAgent/, framework: 'smolagents', needs: 'smolagents', langs: ['python'], implicit: 'code-exec' },
  { re: /\bToolCallingAgent/, framework: 'smolagents', needs: 'smolagents', langs: ['python'] },
  { re: /\b(?:createReactAgent|createToolCallingAgent|createOpenAIFunctionsAgent|initializeAgentExecutorWithOptions|AgentExecutor\.fromAgentAndTools)/, framework: 'langchain', langs: ['js'] },
  { re: /\bnew\s+AgentExecutor/, framework: 'langchain', langs: ['js'] },
  { re: /\bnew\s+Agent/, framework: 'openai-agents', needs: 'openai-agents', langs: ['js'] },
  { re: /\bagents\.(?:NewExecutor|NewOneShotAgent|NewConversationalAgent|NewOpenAIFunctionsAgent)/, framework: 'langchaingo', needs: 'langchaingo', langs: ['go'] },
  { re: /\bAiServices\.(?:builder|create)/, framework: 'langchain4j', needs: 'langchain4j', langs: ['java'] },
];

/** The variable a call's result is bound to (`agent = create_react_agent(…)`), if any. */
function bindingOf(fc: FileContext, offset: number): string | undefined {
  const lineStart = fc.v.code.lastIndexOf('\n', offset - 1) + 1;
  const before = fc.v.code.slice(lineStart, offset);
  const m = /([A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>[\], ]+)?(?::=|=)\s*(?:await\s+|new\s+)?$/.exec(before);
  return m?.[1];
}

function detectTools(fc: FileContext, framework: string): ToolSeen[] {
  const v = fc.v;
  const tools: ToolSeen[] = [];
  const add = (name: string, type: ToolType, offset: number, binding?: string) => {
    const id = fc.em.asset({
      id: assetId('agent-tool', type, `${fc.path}#${name}`),
      kind: 'agent-tool',
      name,
      provider: framework,
      type,
      location: locAt(fc, offset),
      properties: { toolType: type },
    });
    if (!tools.some((t) => t.id === id)) tools.push({ id, name, type, binding });
  };
  const classes = Object.keys(TOOL_CLASSES).join('|');
  for (const m of v.code.matchAll(new RegExp(`(?<![\\w.])(${classes})\\b\\s*(?:\\(|\\.from_\\w+\\s*\\()`, 'g'))) {
    add(m[1]!, TOOL_CLASSES[m[1]!]!, m.index, bindingOf(fc, m.index));
  }
  for (const c of v.calls(/\bload_tools/)) {
    for (const s of v.strings) {
      if (s.start < c.argStart || s.start > c.argEnd) continue;
      const t = LOAD_TOOLS_NAMES[s.value];
      if (t) add(`load_tools:${s.value}`, t, s.start);
    }
  }
  // OpenAI Assistants / Responses hosted tools: {"type": "code_interpreter"}.
  for (const s of v.strings) {
    if (s.value === 'code_interpreter' || s.value === 'local_shell') {
      if (/\btype["'\s]*[:=]\s*$/.test(v.code.slice(Math.max(0, s.start - 20), s.start))) add(s.value, s.value === 'local_shell' ? 'shell' : 'code-exec', s.start);
    }
  }
  if (v.lang === 'python') {
    // @tool / @function_tool functions: judge what the body does.
    for (const m of v.code.matchAll(/^([ \t]*)@(?:tool|function_tool|kernel_function|\w+\.tool)\b[^\n]*\n(?:[ \t]*@[^\n]*\n)*[ \t]*(?:async[ \t]+)?def[ \t]+(\w+)/gm)) {
      const indent = m[1]!.length;
      const bodyStart = m.index + m[0].length;
      const rest = v.code.slice(bodyStart, bodyStart + 20_000);
      const end = new RegExp(`\\n[ \\t]{0,${indent}}(?=\\S)`).exec(rest.slice(rest.indexOf('\n') + 1));
      const body = end ? rest.slice(0, rest.indexOf('\n') + 1 + end.index) : rest;
      add(m[2]!, customToolType(body), m.index + m[1]!.length, m[2]);
    }
  }
  return tools;
}

/**
 * Agents (LangChain/LangGraph, CrewAI, OpenAI Agents SDK, AutoGen, LlamaIndex, smolagents,
 * langchaingo, LangChain4j) with their tools. Relations: agent `has-tool` tool, agent `uses-model`
 * model, agent `calls` external-ai-api (the agent is the caller; a source file is not an asset),
 * agent `retrieves-from` vector store. Findings: shell/code tools, untrusted web content.
 */
export function detectAgents(fc: FileContext, u: SdkUse, models: ModelSeen[], apis: Map<string, string>, vectors: string[]): void {
  const v = fc.v;
  // Every agent constructor below contains one of these words; most files have none, so skip the
  // fifteen regex passes for them.
  if (!/agent|Agent|AiServices/.test(v.code)) return;
  const agents: AgentSeen[] = [];
  const frameworks = new Set<string>();
  let n = 0;
  for (const spec of AGENT_CALLS) {
    if (!spec.langs.includes(v.lang)) continue;
    if (spec.needs && !u.agentFrameworks.has(spec.needs)) continue;
    for (const c of v.calls(spec.re)) {
      if (agents.some((a) => a.call.start === c.start)) continue;
      // `AgentExecutor(agent=agent, tools=tools)` runs an agent already seen: one agent, not two.
      const wraps = v.kwarg(c, ['agent']);
      const wrapped = wraps !== undefined ? agents.find((a) => a.binding && a.binding === v.wordAt(wraps)) : undefined;
      if (wrapped) {
        const a = fc.em.get(wrapped.id)!;
        fc.em.asset({ ...a, location: locAt(fc, c.start) });
        // The executor's name is the one the rest of the code uses (`support_agent.invoke`).
        const outer = bindingOf(fc, c.start);
        if (outer) {
          a.properties.innerName = a.properties.innerName ?? a.name;
          a.name = outer;
        }
        continue;
      }
      // `AiServices.builder(...)` is only an agent when it is given tools.
      if (spec.framework === 'langchain4j' && !/\.tools\s*\(/.test(v.code.slice(c.argEnd, c.argEnd + 2000))) continue;
      const nameAt = v.kwarg(c, ['name', 'role']);
      const literalName = nameAt !== undefined ? v.literalAt(nameAt)?.value : undefined;
      const binding = bindingOf(fc, c.start);
      const name = literalName ?? binding ?? `${spec.framework}-agent-${++n}`;
      const id = fc.em.asset({
        id: assetId('agent', spec.framework, `${fc.path}#${name}`),
        kind: 'agent',
        name,
        provider: spec.framework,
        type: c.callee.replace(/^new/, '').trim(),
        location: locAt(fc, c.start),
        properties: { framework: spec.framework, constructor: c.callee.replace(/^new/, '').trim() },
      });
      agents.push({ id, call: c, binding });
      frameworks.add(spec.framework);
      if (spec.implicit) {
        const toolId = fc.em.asset({ id: assetId('agent-tool', spec.implicit, `${fc.path}#${c.callee}`), kind: 'agent-tool', name: `${c.callee} (built-in ${spec.implicit})`, provider: spec.framework, type: spec.implicit, location: locAt(fc, c.start), properties: { toolType: spec.implicit, implicit: true } });
        fc.em.relate(id, 'has-tool', toolId);
      }
      // AutoGen: code_execution_config=False disables execution; anything else (a dict) enables it.
      const ce = v.kwarg(c, ['code_execution_config']);
      if (ce !== undefined && v.wordAt(ce) !== 'False' && v.wordAt(ce) !== 'None') {
        const toolId = fc.em.asset({ id: assetId('agent-tool', 'code-exec', `${fc.path}#${name}#code_execution_config`), kind: 'agent-tool', name: `${name} code execution`, provider: 'autogen', type: 'code-exec', location: locAt(fc, ce), properties: { toolType: 'code-exec', dockerDisabled: /["']?use_docker["']?\s*:\s*False/.test(v.args(c)) || undefined } });
        fc.em.relate(id, 'has-tool', toolId);
      }
    }
  }
  if (!agents.length) return;
  const tools = detectTools(fc, [...frameworks][0]!);
  for (const a of agents) {
    const args = v.args(a.call);
    const mine = tools.filter((t) => (t.binding && new RegExp(`\\b${t.binding}\\b`).test(args)) || args.includes(t.name));
    // One agent gets every tool in the file; with several, the tools named in its arguments, or
    // all of them when it takes a tools collection we cannot follow (but not an explicit `[]`).
    const noTools = /\btools\s*[=:]\s*\[\s*\]/.test(args);
    const takesTools = /\btools\b/i.test(args) && !noTools;
    const chosen = agents.length === 1 && !noTools ? tools : mine.length ? mine : takesTools ? tools : [];
    for (const t of chosen) fc.em.relate(a.id, 'has-tool', t.id);
    // Models named inside the agent's arguments, else every chat model of the file.
    const inArgs = models.filter((m) => m.offset >= a.call.argStart && m.offset <= a.call.argEnd);
    for (const m of inArgs.length ? inArgs : models.filter((x) => !/embed/i.test(x.ref.id))) fc.em.relate(a.id, 'uses-model', m.id);
    for (const api of apis.values()) fc.em.relate(a.id, 'calls', api);
    for (const vs of vectors) fc.em.relate(a.id, 'retrieves-from', vs);
    if (fc.owner) fc.em.relate(fc.owner, 'contains', a.id);
  }
  agentFindings(fc, agents);
}

function agentFindings(fc: FileContext, agents: AgentSeen[]): void {
  const out = fc.em.output();
  for (const a of agents) {
    const toolIds = new Set((out.relations ?? []).filter((r) => r.from === a.id && r.kind === 'has-tool').map((r) => r.to));
    const tools = (out.assets ?? []).filter((x) => toolIds.has(x.id));
    const exec = tools.filter((t) => EXEC_TYPES.has(t.type as ToolType));
    const web = tools.filter((t) => WEB_TYPES.has(t.type as ToolType));
    const name = fc.em.get(a.id)?.name ?? a.id;
    if (exec.length) {
      const names = exec.map((t) => t.name).sort();
      fc.em.findings.push(makeFinding(AGENT_NO_SHELL, { assetId: a.id, location: locAt(fc, a.call.start), message: `agent "${name}" can run commands or code through ${names.join(', ')}`, evidenceKey: names.join(','), properties: { tools: names } }));
    }
    if (web.length) {
      const names = web.map((t) => t.name).sort();
      const alsoExec = exec.length ? ' alongside a shell/code tool' : '';
      fc.em.findings.push(makeFinding(AGENT_NO_UNTRUSTED_WEB, { assetId: a.id, location: locAt(fc, a.call.start), message: `agent "${name}" reads arbitrary web content through ${names.join(', ')}${alsoExec}`, evidenceKey: names.join(','), severity: exec.length ? 'high' : undefined, properties: { tools: names } }));
    }
  }
}
