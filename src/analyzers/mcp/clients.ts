import { parse as parseToml } from 'smol-toml';
import YAML from 'yaml';
import { parseJsonc } from './jsonc.js';
import { assertYamlSize } from '../shared/yaml-limit.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One server entry as a client config writes it, before normalisation. */
export interface RawServer {
  name: string;
  /** Dotted path of the entry in the config (`mcpServers.github`), for locations. */
  field: string;
  entry: Obj;
}

/** An MCP client and where its config lives. */
export interface McpClient {
  id: string;
  name: string;
  /** Matches the lower-cased report path. */
  match(path: string, name: string): boolean;
  format: 'json' | 'jsonc' | 'toml' | 'yaml';
  servers(doc: unknown): RawServer[];
}

const endsWith = (suffix: string) => (p: string) => p === suffix || p.endsWith(`/${suffix}`);

/** Entries of a `{ name: {…} }` map under `key` (dotted). */
function mapAt(doc: unknown, key: string): RawServer[] {
  let cur: unknown = doc;
  for (const k of key.split('.')) cur = isObj(cur) ? cur[k] : undefined;
  // Some clients also accept the dotted key literally (`"mcp.servers": {…}` in VS Code settings).
  if (cur === undefined && isObj(doc) && key.includes('.')) cur = doc[key];
  if (!isObj(cur)) return [];
  return Object.entries(cur).filter(([, v]) => isObj(v)).map(([name, v]) => ({ name, field: `${key}.${name}`, entry: v as Obj }));
}

/** Entries of a `[{ name, … }]` list under `key` (Continue). */
function listAt(doc: unknown, key: string, unwrap?: string): RawServer[] {
  const list = isObj(doc) ? key.split('.').reduce<unknown>((c, k) => (isObj(c) ? c[k] : undefined), doc) : undefined;
  if (!Array.isArray(list)) return [];
  const out: RawServer[] = [];
  list.forEach((item, i) => {
    if (!isObj(item)) return;
    const entry = unwrap && isObj(item[unwrap]) ? { ...item, ...(item[unwrap] as Obj) } : item;
    out.push({ name: typeof item.name === 'string' ? item.name : `${key}[${i}]`, field: `${key}[${i}]`, entry });
  });
  return out;
}

const mcpServers = (doc: unknown) => mapAt(doc, 'mcpServers');

/**
 * The MCP clients whose project or user configs aispm reads, by well-known path. Claude Desktop's
 * and Cline's file names are distinctive enough to match anywhere in the tree.
 */
export const MCP_CLIENTS: readonly McpClient[] = [
  { id: 'claude-desktop', name: 'Claude Desktop', format: 'json', match: (_p, n) => n === 'claude_desktop_config.json', servers: mcpServers },
  { id: 'claude-code', name: 'Claude Code', format: 'json', match: (_p, n) => n === '.mcp.json', servers: mcpServers },
  {
    id: 'claude-code',
    name: 'Claude Code',
    format: 'json',
    match: (_p, n) => n === '.claude.json',
    servers: (doc) => {
      const out = mcpServers(doc);
      const projects = isObj(doc) && isObj(doc.projects) ? doc.projects : {};
      for (const [proj, cfg] of Object.entries(projects)) out.push(...mapAt(cfg, 'mcpServers').map((s) => ({ ...s, field: `projects.${proj}.${s.field}` })));
      return out;
    },
  },
  { id: 'cursor', name: 'Cursor', format: 'jsonc', match: endsWith('.cursor/mcp.json'), servers: mcpServers },
  { id: 'vscode', name: 'VS Code', format: 'jsonc', match: endsWith('.vscode/mcp.json'), servers: (d) => mapAt(d, 'servers') },
  { id: 'vscode', name: 'VS Code', format: 'jsonc', match: endsWith('.vscode/settings.json'), servers: (d) => mapAt(d, 'mcp.servers') },
  { id: 'windsurf', name: 'Windsurf', format: 'json', match: endsWith('.codeium/windsurf/mcp_config.json'), servers: mcpServers },
  { id: 'gemini-cli', name: 'Gemini CLI', format: 'jsonc', match: endsWith('.gemini/settings.json'), servers: mcpServers },
  { id: 'codex', name: 'OpenAI Codex CLI', format: 'toml', match: endsWith('.codex/config.toml'), servers: (d) => mapAt(d, 'mcp_servers') },
  { id: 'continue', name: 'Continue', format: 'yaml', match: (p) => /(^|\/)\.continue\/(config\.ya?ml|mcpservers\/[^/]+\.ya?ml)$/.test(p), servers: (d) => listAt(d, 'mcpServers') },
  {
    id: 'continue',
    name: 'Continue',
    format: 'jsonc',
    match: (p) => /(^|\/)\.continue\/(config\.json|mcpservers\/[^/]+\.json)$/.test(p),
    servers: (d) => [...listAt(d, 'experimental.modelContextProtocolServers', 'transport'), ...mcpServers(d)],
  },
  { id: 'cline', name: 'Cline', format: 'json', match: (_p, n) => n === 'cline_mcp_settings.json', servers: mcpServers },
  { id: 'roo-code', name: 'Roo Code', format: 'json', match: endsWith('.roo/mcp.json'), servers: mcpServers },
  { id: 'amazon-q', name: 'Amazon Q Developer', format: 'json', match: endsWith('.amazonq/mcp.json'), servers: mcpServers },
  { id: 'kiro', name: 'Kiro', format: 'json', match: endsWith('.kiro/settings/mcp.json'), servers: mcpServers },
  { id: 'zed', name: 'Zed', format: 'jsonc', match: endsWith('.zed/settings.json'), servers: (d) => mapAt(d, 'context_servers') },
  { id: 'opencode', name: 'opencode', format: 'jsonc', match: (_p, n) => n === 'opencode.json' || n === 'opencode.jsonc', servers: (d) => mapAt(d, 'mcp') },
];

/** The client whose config this path is, or undefined (no I/O). */
export function clientFor(path: string, name: string): McpClient | undefined {
  const p = path.toLowerCase();
  return MCP_CLIENTS.find((c) => c.match(p, name));
}

/** Parses a client config in its format; throws with a one-line message on syntax errors. */
export function parseConfig(client: McpClient, text: string): unknown {
  if (!text.trim()) return {};
  switch (client.format) {
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        // Hand-edited configs often carry comments or trailing commas; clients tolerate them.
        return parseJsonc(text);
      }
    case 'jsonc':
      return parseJsonc(text);
    case 'toml':
      return parseToml(text);
    case 'yaml': {
      assertYamlSize(text);
      const doc = YAML.parseDocument(text);
      if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
      return doc.toJS({ maxAliasCount: 100 });
    }
  }
}
