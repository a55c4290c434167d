import type { Asset, Finding } from '../core/index.js';
import { isSensitive, sensitivityOf, type AssetGraph } from '../graph/index.js';

/** Where an attacker can start, how easily (0–1), and in words. */
export interface EntryPoint {
  assetId: string;
  exploitability: number;
  /** Set for internet exposure: the path starts at the internet node and enters through this hop. */
  viaInternet?: boolean;
  kind: 'internet' | 'leaked-credential' | 'unauthenticated-server' | 'writable-data' | 'untrusted-model' | 'untrusted-content';
  description: string;
}

/** What an attacker wants, how much it hurts (0–1), and in words. */
export interface CrownJewel {
  assetId: string;
  impact: number;
  description: string;
}

const BROAD_PRINCIPAL = /^(\*|allusers|allauthenticatedusers|everyone|public|anonymous|authenticated-users)$/i;
const WEB_TOOL = /(http|fetch|browser|web|search|request|url|scrap|crawl)/i;
const SECRET_STORE = /(secretsmanager|secret_manager|secretmanager|key_vault|keyvault|kms_key|vault|ssm_parameter)/i;

function truthy(v: unknown): boolean {
  return v === true || v === 'true';
}

function unauthenticated(a: Asset): boolean {
  const p = a.properties;
  return p.auth === false || p.auth === 'none' || p.authenticated === false || p.requiresAuth === false || truthy(p.unauthenticated) || p.authType === 'none';
}

function authenticated(a: Asset): boolean {
  const p = a.properties;
  return p.auth === true || p.authenticated === true || p.requiresAuth === true;
}

function failing(findingsByAsset: ReadonlyMap<string, Finding[]>, id: string): Finding[] {
  return findingsByAsset.get(id) ?? [];
}

/** Every entry point of DESIGN's attack-path model, found from assets, relations and findings. */
export function findEntryPoints(graph: AssetGraph, findingsByAsset: ReadonlyMap<string, Finding[]>): EntryPoint[] {
  const out: EntryPoint[] = [];
  // One entry per exposed asset (not one for the internet as a whole), so two exposed notebooks
  // that share an admin role are two paths, and fixing the role visibly closes both.
  const exposed = new Set(graph.out('internet', 'exposed-to').map((r) => r.to));
  for (const id of exposed) {
    const a = graph.asset(id);
    if (!a) continue;
    const authed = authenticated(a);
    out.push({ assetId: id, exploitability: authed ? 0.6 : 1, kind: 'internet', viaInternet: true, description: `anyone on the internet can reach ${a.name}${authed ? ' (behind authentication)' : ''}` });
  }
  for (const a of graph.assets()) {
    const fs = failing(findingsByAsset, a.id);
    switch (a.kind) {
      case 'secret':
        out.push({ assetId: a.id, exploitability: 0.9, kind: 'leaked-credential', description: `a leaked credential (${a.name}${a.locations[0]?.path ? ` in ${a.locations[0].path}` : ''})` });
        break;
      case 'mcp-server':
      case 'inference-endpoint':
      case 'workload':
      case 'notebook':
        // Reachable without credentials from the network it sits on (the internet case is above).
        if (!exposed.has(a.id) && unauthenticated(a)) out.push({ assetId: a.id, exploitability: 0.7, kind: 'unauthenticated-server', description: `${a.name} accepts requests without authentication` });
        else if (a.kind === 'mcp-server' && (a.properties.pinned === false || a.properties.versionPinned === false))
          out.push({ assetId: a.id, exploitability: 0.5, kind: 'untrusted-model', description: `${a.name} runs an unpinned MCP server package` });
        break;
      case 'model-file': {
        const v = a.properties.verdict;
        if (v === 'malicious') out.push({ assetId: a.id, exploitability: 0.95, kind: 'untrusted-model', description: `${a.name} runs code when loaded (malicious)` });
        else if (v === 'suspicious' || fs.some((f) => f.category === 'unsafe-model')) out.push({ assetId: a.id, exploitability: 0.6, kind: 'untrusted-model', description: `${a.name} may run code when loaded` });
        break;
      }
      case 'ai-model':
        if (truthy(a.properties.trustRemoteCode) || a.properties.pinned === false || truthy(a.properties.unpinned) || fs.some((f) => f.category === 'supply-chain' || f.category === 'unsafe-model'))
          out.push({ assetId: a.id, exploitability: 0.5, kind: 'untrusted-model', description: `${a.name} is loaded from an untrusted or unpinned source` });
        break;
      case 'agent': {
        const tools = graph.out(a.id, 'has-tool').map((r) => graph.asset(r.to)).filter((t): t is Asset => Boolean(t));
        const web = tools.find((t) => WEB_TOOL.test(`${t.name} ${t.type ?? ''} ${String(t.properties.toolType ?? '')}`));
        if (web || truthy(a.properties.readsWeb) || truthy(a.properties.untrustedInput))
          out.push({ assetId: a.id, exploitability: 0.6, kind: 'untrusted-content', description: `${a.name} reads untrusted web content${web ? ` (tool ${web.name})` : ''}: indirect prompt injection` });
        break;
      }
      case 'dataset':
      case 'storage':
      case 'vector-store': {
        const broadWriter = graph.in(a.id, 'can-access').find((r) => {
          const lvl = String(r.properties?.level ?? '');
          const who = graph.asset(r.from);
          return (lvl === 'write' || lvl === 'admin') && who && (truthy(who.properties.broad) || BROAD_PRINCIPAL.test(who.name));
        });
        if (broadWriter || truthy(a.properties.publicWrite) || a.properties.publicAccess === 'write')
          out.push({ assetId: a.id, exploitability: 0.7, kind: 'writable-data', description: `${a.name} is writable by broad principals${broadWriter ? ` (${graph.asset(broadWriter.from)!.name})` : ''}` });
        break;
      }
      default:
        break;
    }
  }
  return out;
}

/** Privileged: admin rights somewhere, or a managed policy / role that grants everything. */
export function isPrivileged(graph: AssetGraph, a: Asset): boolean {
  if (a.kind !== 'identity') return false;
  if (truthy(a.properties.admin) || truthy(a.properties.privileged)) return true;
  if (graph.out(a.id, 'can-access').some((r) => r.properties?.level === 'admin')) return true;
  const pol = JSON.stringify(a.properties.managedPolicies ?? a.properties.policies ?? '');
  return /AdministratorAccess|"Owner"|roles\/owner|roles\/editor/.test(pol);
}

/**
 * Crown jewels: sensitive data (by the data inspector's sensitivity or a failing sensitive-data /
 * secret finding on it), model weights, models trained on sensitive data, privileged identities,
 * secret stores. `trainedOnSensitive` comes from lineage.
 */
export function findCrownJewels(graph: AssetGraph, findingsByAsset: ReadonlyMap<string, Finding[]>, trainedOnSensitive: ReadonlySet<string>): CrownJewel[] {
  const out: CrownJewel[] = [];
  for (const a of graph.assets()) {
    const fs = failing(findingsByAsset, a.id);
    const s = sensitivityOf(a);
    if ((a.kind === 'dataset' || a.kind === 'storage' || a.kind === 'vector-store') && (isSensitive(a) || fs.some((f) => f.category === 'sensitive-data' || f.category === 'secret'))) {
      out.push({ assetId: a.id, impact: s === 'restricted' ? 1 : 0.85, description: `${a.name} holds ${s ?? 'sensitive'} data${entitySummary(a)}` });
    } else if (a.kind === 'model-file') out.push({ assetId: a.id, impact: 0.6, description: `${a.name} (model weights)` });
    else if (a.kind === 'ai-model' && trainedOnSensitive.has(a.id)) out.push({ assetId: a.id, impact: 0.8, description: `${a.name} was trained on sensitive data` });
    // Our own models (trained, produced or stored here), not a hosted model named in code.
    else if (a.kind === 'ai-model' && (graph.out(a.id, 'trained-on').length || graph.out(a.id, 'produced-by').length || graph.out(a.id, 'stored-in').length))
      out.push({ assetId: a.id, impact: 0.6, description: `${a.name} (an in-house model: weights and behaviour)` });
    else if (isPrivileged(graph, a)) out.push({ assetId: a.id, impact: 0.7, description: `${a.name} is a privileged identity` });
    // The organisation's account at an AI provider, opened by a leaked key: spend, fine-tunes, stored files.
    else if ((a.kind === 'external-ai-api' || a.kind === 'ai-service') && graph.in(a.id, 'can-access').some((r) => graph.asset(r.from)?.kind === 'secret'))
      out.push({ assetId: a.id, impact: 0.55, description: `the organisation's ${a.provider} account behind ${a.name} (spend, fine-tunes, stored files)` });
    // A credential reached from elsewhere (an agent's shell tool next to a .env) is a prize too.
    else if (a.kind === 'secret') out.push({ assetId: a.id, impact: 0.75, description: `${a.name} (a credential)${a.locations[0]?.path ? ` in ${a.locations[0].path}` : ''}` });
    else if (SECRET_STORE.test(a.type ?? '')) out.push({ assetId: a.id, impact: 0.85, description: `${a.name} stores secrets` });
  }
  return out;
}

function entitySummary(a: Asset): string {
  const e = a.properties.entities;
  if (!e || typeof e !== 'object' || Array.isArray(e)) return '';
  const names = Object.keys(e).slice(0, 4);
  return names.length ? ` (${names.join(', ')})` : '';
}
