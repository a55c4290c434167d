import type { Asset, Relation } from '../../core/index.js';
import { joinRelation, type JoinIndex, type JoinInput, type JoinOutput } from './context.js';

const JOIN = 'agent-tool-host';
const HOST_TOOL = /(shell|terminal|bash|exec|code[_-]?interpret|python[_-]?repl|pythonrepl|subprocess|file[_-]?(read|system)|filesystem)/i;

/** The application folder of a file: its first two path segments (`apps/support-bot`), or its folder. */
export function appFolder(p: string): string {
  const parts = p.split('/');
  if (parts.length >= 3) return parts.slice(0, 2).join('/');
  return parts.slice(0, -1).join('/');
}

/**
 * Agents ↔ what their host-level tools reach. An agent tool that runs commands or reads files
 * (shell, code interpreter, file system) runs with the agent process's environment: the
 * credentials in its application folder (`.env`, config files the app loads) are one command
 * away → tool `can-access` (level `read`) each `secret` asset located in the same application
 * folder as an agent that has the tool. A heuristic, and the evidence says so.
 */
export function agentJoin(input: JoinInput, index: JoinIndex): JoinOutput {
  const secrets = index.kind('secret');
  if (!secrets.length) return { assets: [], relations: [] };
  const relations: Relation[] = [];
  for (const r of input.relations) {
    if (r.kind !== 'has-tool') continue;
    const agent = input.assets.get(r.from);
    const tool = input.assets.get(r.to);
    if (!agent || !tool || !HOST_TOOL.test(`${tool.name} ${tool.type ?? ''} ${String(tool.properties.toolType ?? '')}`)) continue;
    const folders = new Set(agent.locations.map((l) => l.path).filter((p): p is string => Boolean(p)).map(appFolder).filter(Boolean));
    for (const s of secrets as Asset[]) {
      const where = s.locations.find((l) => l.path && [...folders].some((f) => l.path!.startsWith(`${f}/`)))?.path;
      if (where) relations.push(joinRelation(tool.id, s.id, 'can-access', JOIN, `${tool.name} runs on ${agent.name}'s host, where ${where} holds this credential`, { level: 'read' }));
    }
  }
  return { assets: [], relations };
}
