import path from 'node:path';
import YAML from 'yaml';
import type { PortBinding, WorkloadSpec } from './emit.js';
import { splitCommand } from './dockerfile.js';
import { assertYamlSize } from '../shared/yaml-limit.js';

type YNode = unknown;

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/;

/** Compose short port syntax: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]`, IPv6 host in brackets. */
export function parsePort(spec: string): PortBinding {
  const s = spec.trim().replace(/\/(tcp|udp|sctp)$/i, '');
  let hostIp: string | undefined;
  let rest = s;
  const v6 = /^\[([^\]]+)\]:(.*)$/.exec(s);
  if (v6) {
    hostIp = v6[1]!;
    rest = v6[2]!;
  }
  // Variables (`${PORT:-8000}`) may contain a colon: split outside `${…}` only.
  const parts: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of rest) {
    if (ch === '{') depth++;
    if (ch === '}') depth--;
    if (ch === ':' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  const b: PortBinding = {};
  if (parts.length === 3) {
    hostIp ??= parts[0]!;
    b.host = parts[1]!;
  } else if (parts.length === 2) b.host = parts[0]!;
  const c = Number.parseInt(parts[parts.length - 1]!.split('-')[0]!, 10);
  if (Number.isFinite(c)) b.container = c;
  if (hostIp) b.hostIp = hostIp;
  return b;
}

/** True when a binding listens beyond the host's loopback (all interfaces or a specific address). */
export function isPublicBinding(b: PortBinding): boolean {
  return !b.hostIp || !LOOPBACK.test(b.hostIp);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Line of each key (map form) or `KEY=` item (list form) of a service's `environment` node. */
function envLines(node: YNode, lc: YAML.LineCounter): Map<string, number> {
  const lines = new Map<string, number>();
  if (YAML.isMap(node)) {
    for (const p of node.items) if (YAML.isScalar(p.key) && p.key.range) lines.set(String(p.key.value), lc.linePos(p.key.range[0]).line);
  } else if (YAML.isSeq(node)) {
    for (const item of node.items) if (YAML.isScalar(item) && item.range) lines.set(String(item.value).split('=')[0]!, lc.linePos(item.range[0]).line);
  }
  return lines;
}

/** `environment` as a map or a `KEY=VALUE` list → a map (a bare `KEY` passes the host's value through: empty here). */
function envOf(v: unknown): Map<string, string> {
  const env = new Map<string, string>();
  if (isObj(v)) for (const [k, x] of Object.entries(v)) env.set(k, x === null || x === undefined ? '' : String(x));
  else if (Array.isArray(v)) {
    for (const item of v) {
      const s = String(item);
      const eq = s.indexOf('=');
      env.set(eq >= 0 ? s.slice(0, eq) : s, eq >= 0 ? s.slice(eq + 1) : '');
    }
  }
  return env;
}

function argv(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String);
  if (typeof v === 'string') return splitCommand(v);
  return [];
}

/**
 * docker-compose / compose files → one workload spec per service, with its image, effective argv,
 * environment, published ports and where it is built from. Throws on YAML syntax errors.
 */
export function parseCompose(text: string, filePath: string): WorkloadSpec[] {
  assertYamlSize(text);
  const lc = new YAML.LineCounter();
  // `merge: true` resolves `<<: *defaults` (common in compose files) in the plain-data view; the
  // node view is kept only for line numbers.
  const doc = YAML.parseDocument(text, { lineCounter: lc, uniqueKeys: false, merge: true });
  if (doc.errors.length) throw new Error(doc.errors[0]!.message.split('\n')[0]);
  const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const root = doc.contents;
  if (!isObj(data) || !isObj(data.services) || !YAML.isMap(root)) return [];
  const servicesNode = root.get('services', true);
  // Each service's node, looked up by name once (a `find` per service was quadratic: 46 s at
  // 16,000 services). The first pair wins, as `find` did, when a key is duplicated.
  const pairs = new Map<string, YAML.Pair>();
  if (YAML.isMap(servicesNode)) for (const p of servicesNode.items) if (YAML.isScalar(p.key) && !pairs.has(String(p.key.value))) pairs.set(String(p.key.value), p);
  const specs: WorkloadSpec[] = [];
  for (const [name, svcRaw] of Object.entries(data.services)) {
    if (!isObj(svcRaw)) continue;
    const svc = svcRaw;
    const pair = pairs.get(name);
    const line = pair && YAML.isScalar(pair.key) && pair.key.range ? lc.linePos(pair.key.range[0]).line : undefined;
    const image = svc.image;
    const env = envOf(svc.environment);
    const lines = pair && YAML.isMap(pair.value) ? envLines(pair.value.get('environment', true), lc) : new Map<string, number>();
    const args = [...argv(svc.entrypoint), ...argv(svc.command)];
    const ports: PortBinding[] = [];
    const rawPorts = svc.ports;
    if (Array.isArray(rawPorts)) {
      for (const p of rawPorts) {
        if (typeof p === 'string' || typeof p === 'number') ports.push(parsePort(String(p)));
        else if (p && typeof p === 'object') {
          const o = p as Record<string, unknown>;
          const b: PortBinding = {};
          if (o.target !== undefined) b.container = Number(o.target);
          if (o.published !== undefined) b.host = String(o.published);
          if (typeof o.host_ip === 'string') b.hostIp = o.host_ip;
          ports.push(b);
        }
      }
    }
    const networkMode = svc.network_mode;
    const publicPorts = ports.filter(isPublicBinding);
    let exposure: string | undefined;
    if (networkMode === 'host') exposure = 'network_mode: host (every listening port is on the host\'s interfaces)';
    else if (publicPorts.length) exposure = `published on all interfaces: ${publicPorts.map((p) => `${p.host ?? '(random)'}→${p.container ?? '?'}`).join(', ')}`;
    const spec: WorkloadSpec = {
      provider: 'docker-compose',
      locator: `${filePath}#${name}`,
      name,
      location: line ? { path: filePath, line, resource: `services.${name}` } : { path: filePath, resource: `services.${name}` },
      args,
      env,
      envLines: lines,
      ports,
      exposedPublicly: exposure !== undefined,
      extra: { composeFile: filePath, service: name },
    };
    if (exposure) spec.exposure = exposure;
    if (typeof image === 'string' && image) spec.image = image;
    const build = svc.build;
    const ctx = typeof build === 'string' ? build : build && typeof build === 'object' ? (build as Record<string, unknown>).context : undefined;
    if (typeof ctx === 'string' && !/^[a-z]+:\/\//i.test(ctx) && !ctx.includes('${')) {
      const df = build && typeof build === 'object' && typeof (build as Record<string, unknown>).dockerfile === 'string' ? ((build as Record<string, unknown>).dockerfile as string) : 'Dockerfile';
      const p = path.posix.normalize(path.posix.join(path.posix.dirname(filePath), ctx, df));
      if (!p.startsWith('..')) spec.buildsFrom = p;
    }
    specs.push(spec);
  }
  return specs;
}
