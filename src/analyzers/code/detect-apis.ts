import { apiHost, assetId, providerById, providerForEnvVar, providerForHost } from '../../core/index.js';
import { isPlaceholderHost } from '../shared/placeholder-host.js';
import { moduleMeaning } from './catalogue.js';
import { locAt, type FileContext } from './context.js';

/** What the file's imports say it uses, before models and agents are looked at. */
export interface SdkUse {
  /** Providers reached through an SDK (provider id → SDK names and the offsets seen). */
  providers: Map<string, { sdks: Set<string>; offsets: number[] }>;
  /** Router SDKs present (litellm, LangChain core, Vercel ai): the model id picks the provider. */
  routers: Set<string>;
  /** Vector-store products imported (product → offsets). */
  vectors: Map<string, number[]>;
  /** Agent frameworks imported. */
  agentFrameworks: Set<string>;
}

const BASE_URL_KW = ['base_url', 'baseURL', 'baseUrl', 'api_base', 'openai_api_base', 'azure_endpoint', 'endpoint', 'endpoint_url', 'host'];

function addProvider(u: SdkUse, provider: string, sdk: string, offset: number): void {
  const p = u.providers.get(provider) ?? { sdks: new Set(), offsets: [] };
  p.sdks.add(sdk);
  p.offsets.push(offset);
  u.providers.set(provider, p);
}

/** Reads the imports (and a few tell-tale calls) into an `SdkUse`. */
export function sdkUse(fc: FileContext): SdkUse {
  const u: SdkUse = { providers: new Map(), routers: new Set(), vectors: new Map(), agentFrameworks: new Set() };
  for (const imp of fc.imports) {
    const full = imp.names.length === 0 ? [imp.module] : [imp.module, ...imp.names.map((n) => `${imp.module}.${n}`)];
    const meaning = moduleMeaning(fc.v.lang, imp.module) ?? full.slice(1).map((m) => moduleMeaning(fc.v.lang, m)).find(Boolean);
    if (!meaning) continue;
    if (meaning.requireNames && !imp.names.some((n) => meaning.requireNames!.includes(n))) continue;
    if (meaning.agents) u.agentFrameworks.add(meaning.agents);
    if (meaning.vector) u.vectors.set(meaning.vector, [...(u.vectors.get(meaning.vector) ?? []), imp.offset]);
    if (meaning.router) u.routers.add(meaning.sdk);
    const mapped = imp.names.filter((n) => meaning.names?.[n]);
    for (const n of mapped) addProvider(u, meaning.names![n]!, meaning.sdk, imp.offset);
    const unmapped = imp.names.length === 0 || imp.names.some((n) => !meaning.names?.[n]);
    if (meaning.provider && unmapped) addProvider(u, meaning.provider, meaning.sdk, imp.offset);
  }
  // boto3 / aioboto3 clients name the service in a string: client("bedrock-runtime").
  for (const s of fc.v.strings) {
    if (!/^bedrock(-agent)?-runtime$|^bedrock$/.test(s.value)) continue;
    const before = fc.v.code.slice(Math.max(0, s.start - 60), s.start);
    if (/\bclient\s*\(\s*(service_name\s*=\s*)?$/.test(before)) addProvider(u, 'aws-bedrock', 'boto3', s.start);
  }
  return u;
}

/** Replaces `{expr}` / `${expr}` placeholders so interpolated URLs still parse as hosts. */
function fillPlaceholders(s: string): string {
  return s.replace(/\$?\{[^}]*\}/g, 'x');
}

const URL_RE = /\bhttps?:\/\/([A-Za-z0-9.{}$_-]+(?::\d+)?)/g;
const BARE_HOST_RE = /^([a-z0-9{}$_-]+(?:\.[a-z0-9{}$_-]+)+(?::\d+)?|localhost:\d+|[\w.-]+:11434)$/i;

/** Emits one external-ai-api asset per provider; its id is shared with the env and container analyzers. */
export function apiAsset(fc: FileContext, providerId: string, offset: number, props: Record<string, string | undefined>, seenHost?: string): string | undefined {
  const p = providerById(providerId);
  if (!p) return undefined;
  // The same locator rule as the env analyzer: Azure OpenAI's resource host when the file names it.
  const host = apiHost(p, seenHost);
  const observedHost = props.observedHost !== host ? props.observedHost : undefined;
  return fc.em.asset({
    id: assetId('external-ai-api', p.id, host),
    kind: 'external-ai-api',
    // Named by host like the env and container analyzers, so the merged asset reads the same.
    name: observedHost ?? host,
    provider: p.id,
    type: 'api',
    location: locAt(fc, offset),
    properties: { host, providerName: p.name, ...props, observedHost },
  });
}

/**
 * Emits `external-ai-api` assets for every provider the file reaches: by SDK import (the SDK's
 * default host) and by AI API URLs/hosts in string literals. An OpenAI-style SDK pointed at another
 * catalogued host with `base_url=` is attributed to that host's provider instead of OpenAI.
 * Returns provider id → asset id.
 */
export function detectApis(fc: FileContext, u: SdkUse): Map<string, string> {
  const out = new Map<string, string>();
  const hosts = new Map<string, { offset: number; host: string; baseUrl: boolean; pattern: boolean }>();
  for (const s of fc.v.strings) {
    const value = fillPlaceholders(s.value);
    if (value.length > 2000) continue;
    const found: string[] = [];
    for (const m of value.matchAll(URL_RE)) found.push(m[1]!);
    if (!found.length && BARE_HOST_RE.test(value)) found.push(value);
    for (const h of found) {
      const p = providerForHost(h);
      if (!p || p.id === 'langsmith') continue;
      const before = fc.v.code.slice(Math.max(0, s.start - 40), s.start);
      const baseUrl = new RegExp(`\\b(${BASE_URL_KW.join('|')})\\s*[=:]\\s*$|WithBaseURL\\s*\\(\\s*$|\\.baseUrl\\s*\\(\\s*$|\\.endpoint\\s*\\(\\s*$`, 'i').test(before);
      // A placeholder host (`https://xxx.openai.azure.com/` in a help text) names no resource: like a template.
      if (!hosts.has(p.id)) hosts.set(p.id, { offset: s.start, host: h.toLowerCase(), baseUrl, pattern: s.interpolated || isPlaceholderHost(h) });
    }
  }
  // A base URL at a catalogued host the imports do not already explain (Ollama, Groq, …).
  // `os.getenv("ANTHROPIC_API_KEY")`, `System.getenv("OPENAI_API_KEY")`: the code is configured
  // for that provider even when it calls it over plain HTTP. Exact catalogue names only.
  for (const s of fc.v.strings) {
    if (s.value.length > 60 || !/^[A-Z][A-Z0-9_]+$/.test(s.value)) continue;
    const p = providerForEnvVar(s.value);
    if (!p || !p.envVars.includes(s.value) || p.id === 'langsmith' || u.providers.has(p.id) || hosts.has(p.id)) continue;
    if (!/(getenv|environ|env|Getenv|LookupEnv|get)\s*(\(|\[)\s*$|process\.env\[\s*$/.test(fc.v.code.slice(Math.max(0, s.start - 30), s.start))) continue;
    const id = apiAsset(fc, p.id, s.start, { language: fc.v.lang, via: 'env-var', envVar: s.value });
    if (id) out.set(p.id, id);
  }
  // A concrete host the file names for a provider (not a template) locates its asset.
  const seen = (provider: string) => {
    const h = hosts.get(provider);
    return h && !h.pattern ? h.host : undefined;
  };
  const redirected = [...hosts.entries()].some(([p, h]) => h.baseUrl && !u.providers.has(p));
  for (const [provider, use] of u.providers) {
    // `OpenAI(base_url="http://localhost:11434/v1")` talks to Ollama, not api.openai.com.
    if (provider === 'openai' && redirected && !hosts.has('openai')) continue;
    const id = apiAsset(fc, provider, use.offsets[0]!, { sdk: [...use.sdks].sort().join(', '), language: fc.v.lang, via: 'sdk' }, seen(provider));
    if (id) out.set(provider, id);
    for (const o of use.offsets.slice(1)) if (id) apiAsset(fc, provider, o, {}, seen(provider));
  }
  for (const [provider, h] of hosts) {
    // A host built from a template (`${resource}.openai.azure.com`) is not a name.
    const id = apiAsset(fc, provider, h.offset, { observedHost: h.pattern ? undefined : h.host, language: fc.v.lang, via: h.baseUrl ? 'base-url' : 'url' }, seen(provider));
    if (id) out.set(provider, id);
  }
  return out;
}
