import { assetId, defineAnalyzer, makeFinding, type Asset, type Finding, type FileInfo, type Location, type ScanFile, type ScanIssue } from '../../core/index.js';
import { clientFor, parseConfig, type McpClient } from './clients.js';
import { normaliseServer, type McpServerInfo } from './server.js';
import { MAX_SLOW_NAMES, locateNames } from './line-index.js';
import { MCP_CREDENTIALS_NOT_INLINE, MCP_PACKAGE_VERSION_PINNED, MCP_REMOTE_SENDS_AUTH, MCP_REMOTE_USES_TLS, MCP_RULES, MCP_TOOLS_REQUIRE_APPROVAL } from './rules.js';
import { decodeText, hasUtf16Bom } from '../../core/index.js';

export { MCP_CLIENTS, clientFor } from './clients.js';
export { normaliseServer, type McpServerInfo } from './server.js';
export { MCP_RULES } from './rules.js';

function toAsset(s: McpServerInfo, client: McpClient, path: string, location: Location): Asset {
  const l = s.launch;
  const props: Asset['properties'] = {
    client: client.id,
    clientName: client.name,
    configFile: path,
    transport: s.transport,
    args: s.args,
    envVars: s.envVars,
    sendsAuth: s.sendsAuth,
    inlineCredentials: s.inlineCredentials.map((c) => ({ where: c.where, key: c.key, masked: c.masked })),
    disabled: s.disabled,
    definitionHash: s.definitionHash,
  };
  if (s.command) props.command = s.command;
  if (l) {
    props.runner = l.runner;
    if (l.package) props.package = l.package;
    if (l.ecosystem) props.packageEcosystem = l.ecosystem;
    if (l.version) {
      props.packageVersion = l.version;
      // `version` too: the store's drift diff and the CycloneDX writer read that name.
      props.version = l.version;
    }
    if (l.pinned !== undefined) props.versionPinned = l.pinned;
    if (l.ecosystem === 'docker' && l.package) props.image = l.version ? `${l.package}${l.version.includes(':') ? '@' : ':'}${l.version}` : l.package;
  }
  if (s.url) {
    props.url = s.url;
    props.remote = !s.loopback;
  }
  if (s.usesTls !== undefined) props.usesTls = s.usesTls;
  if (s.headerNames.length) props.headers = s.headerNames;
  if (s.autoApprove.length) props.autoApprove = s.autoApprove;
  if (s.trusted) props.trusted = true;
  if (s.tools.length) props.tools = s.tools.map((t) => (typeof t === 'string' ? t : JSON.parse(JSON.stringify(t)) as Asset['properties'][string]) ?? null);
  return {
    id: assetId('mcp-server', client.id, `${path}#${s.field}`),
    kind: 'mcp-server',
    name: s.name,
    provider: client.id,
    type: s.transport,
    locations: [location],
    properties: props,
  };
}

function findingsFor(s: McpServerInfo, asset: Asset, location: Location): Finding[] {
  const out: Finding[] = [];
  const base = { assetId: asset.id, location };
  const who = `MCP server "${s.name}" in ${location.path}`;
  if (s.inlineCredentials.length) {
    const list = s.inlineCredentials.map((c) => `${c.where} ${c.key}=${c.masked}`).join(', ');
    out.push(makeFinding(MCP_CREDENTIALS_NOT_INLINE, { ...base, evidenceKey: s.inlineCredentials.map((c) => `${c.where}:${c.key}`).join(','), message: `${who} embeds ${s.inlineCredentials.length === 1 ? 'a credential' : `${s.inlineCredentials.length} credentials`} in its config: ${list}.`, properties: { credentials: s.inlineCredentials.map((c) => ({ where: c.where, key: c.key, masked: c.masked })) } }));
  } else {
    out.push(makeFinding(MCP_CREDENTIALS_NOT_INLINE, { ...base, status: 'pass', message: `${who} holds no literal credential.` }));
  }
  const l = s.launch;
  if (l && (l.runner === 'npx' || l.runner === 'uvx' || l.runner === 'docker') && l.package) {
    const what = `${l.package}${l.version ? ` (${l.version})` : ''} via ${l.runner}`;
    out.push(
      l.pinned
        ? makeFinding(MCP_PACKAGE_VERSION_PINNED, { ...base, status: 'pass', evidenceKey: l.package, message: `${who} runs ${what}, an exact version.` })
        : makeFinding(MCP_PACKAGE_VERSION_PINNED, { ...base, evidenceKey: l.package, message: `${who} runs ${what} without an exact version: every start may fetch a different release.` }),
    );
  }
  if (s.url && !s.loopback) {
    out.push(
      s.usesTls
        ? makeFinding(MCP_REMOTE_USES_TLS, { ...base, status: 'pass', message: `${who} is reached over TLS (${s.url}).` })
        : makeFinding(MCP_REMOTE_USES_TLS, { ...base, message: `${who} is reached over plain HTTP (${s.url}).` }),
    );
    out.push(
      s.sendsAuth
        ? makeFinding(MCP_REMOTE_SENDS_AUTH, { ...base, status: 'pass', message: `${who} sends credentials to ${s.url}.` })
        : makeFinding(MCP_REMOTE_SENDS_AUTH, { ...base, status: 'manual', message: `${who} calls ${s.url} with no credential in the config; check that the server enforces OAuth or is meant to be public.` }),
    );
  }
  if (s.autoApprove.length || s.trusted) {
    const what = s.trusted ? 'is trusted (every tool call runs without confirmation)' : `auto-approves ${s.autoApprove.join(', ')}`;
    out.push(makeFinding(MCP_TOOLS_REQUIRE_APPROVAL, { ...base, message: `${who} ${what}.` }));
  } else {
    out.push(makeFinding(MCP_TOOLS_REQUIRE_APPROVAL, { ...base, status: 'pass', message: `${who} auto-approves no tools.` }));
  }
  return out;
}

/**
 * MCP client configs at their well-known paths (Claude Desktop and Code, Cursor, VS Code, Windsurf,
 * Gemini CLI, Codex, Continue, Cline, Roo, Amazon Q, Kiro, Zed, opencode) → one `mcp-server` asset
 * per configured server, with transport, launcher, package pinning, remote URL, auth and masked
 * inline credentials; findings for the checks this analyzer alone can judge.
 */
export const mcpAnalyzer = defineAnalyzer({
  id: 'mcp',
  version: '1.0.0',
  description: 'MCP servers in AI client configs (Claude, Cursor, VS Code, Windsurf, Gemini, Codex, Continue, Cline, Zed, …)',
  stage: 'discovery',
  rules: MCP_RULES,
  wants(path: string, info: FileInfo): boolean {
    // A UTF-16 config (Windows editors write them) sniffs as binary but is still a config to read.
    return (info.sniffed !== 'binary' || hasUtf16Bom(info.head)) && clientFor(path, info.name) !== undefined;
  },
  async analyze(file: ScanFile) {
    const client = clientFor(file.path, file.name);
    if (!client) return {};
    const text = decodeText(await file.bytes());
    let doc: unknown;
    try {
      doc = parseConfig(client, text);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: not a readable ${client.name} config (${msg}); skipped`, source: 'mcp' }] };
    }
    const lines = text.split(/\r?\n/);
    const assets: Asset[] = [];
    const findings: Finding[] = [];
    const raws = client.servers(doc);
    const located = locateNames(lines, raws.map((r) => r.name));
    const lineOf = located.lines;
    const issues: ScanIssue[] = [];
    for (const raw of raws) {
      const line = lineOf.get(raw.name);
      const location: Location = { path: file.path, field: raw.field, ...(line ? { line } : {}) };
      try {
        const s = normaliseServer(raw);
        const asset = toAsset(s, client, file.path, location);
        const checks = findingsFor(s, asset, location);
        assets.push(asset);
        findings.push(...checks);
      } catch (e) {
        // One hostile entry (tools nested thousands deep overflow JSON.stringify) costs only itself.
        const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
        issues.push({ path: file.path, reason: 'parse-error', message: `${file.path}: MCP server "${raw.name}" (${raw.field}) could not be read (${msg}); skipped`, source: 'mcp' });
      }
    }
    if (located.unsearched) {
      issues.push({ path: file.path, reason: 'limit', message: `${file.path}: ${located.unsearched} MCP servers with unusual names were not located to a line (more than ${MAX_SLOW_NAMES} such names); their findings carry no line number`, source: 'mcp' });
    }
    return { assets, findings, ...(issues.length ? { issues } : {}) };
  },
});
