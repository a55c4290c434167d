import { isPlaceholderHost } from '../shared/placeholder-host.js';
import { apiHost, assetId, canonicalHost, isCredentialVar, providerForEnvVar, providerForHost, type AiProvider, type Asset, type Location } from '../../core/index.js';
import { isPlaceholder } from '../shared/credentials.js';
import type { Setting } from './read-config.js';

/** One AI provider configured in one file, with the variables that configure it. */
export interface ProviderUse {
  provider: AiProvider;
  host: string;
  /** Variable names (never values). */
  configuredBy: string[];
  /** True when some credential variable of this provider holds a literal value here. */
  hasValue: boolean;
  /** Credential settings with a literal value, for the committed-key check. */
  literalKeys: { name: string; value: string; line?: number }[];
  /** A non-canonical host this provider is reached at here (`ollama:11434`). */
  observedHost?: string;
  line?: number;
}

const VAR_REF = /\$\{([A-Z][A-Z0-9_]*)(?::?-[^}]*)?\}|\$([A-Z][A-Z0-9_]*)|os\.environ\/([A-Z][A-Z0-9_]*)|env:([A-Z][A-Z0-9_]*)|^([A-Z][A-Z0-9_]{3,})$/g;
const HOST_OK = /^[a-z0-9.-]+(:\d+)?$/;

function hostOf(value: string): string | undefined {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)([^/?#\s'"]+)/i.exec(value.trim());
  if (!m) return undefined;
  const h = m[1]!.replace(/^[^@]*@/, '').toLowerCase();
  return HOST_OK.test(h) ? h : undefined;
}

/**
 * Which AI providers a set of settings configures: by variable name (`OPENAI_API_KEY`), by a
 * variable referenced in a value (`${ANTHROPIC_API_KEY}`, `os.environ/AZURE_API_KEY`) and by an
 * endpoint URL whose host belongs to a provider (the resource host becomes the asset locator).
 */
export function providersIn(settings: readonly Setting[]): ProviderUse[] {
  const uses = new Map<string, ProviderUse>();
  // configuredBy as a set beside each list: `includes` on the list made 40,000 variables take a minute.
  const namesOf = new Map<ProviderUse, Set<string>>();
  const addName = (u: ProviderUse, name: string) => {
    const seen = namesOf.get(u) ?? new Set<string>();
    namesOf.set(u, seen);
    if (!seen.has(name)) {
      seen.add(name);
      u.configuredBy.push(name);
    }
  };
  const use = (p: AiProvider, line?: number) => {
    let u = uses.get(p.id);
    if (!u) {
      u = { provider: p, host: canonicalHost(p), configuredBy: [], hasValue: false, literalKeys: [] };
      if (line) u.line = line;
      uses.set(p.id, u);
    }
    return u;
  };
  for (const s of settings) {
    let named: AiProvider | undefined;
    let varName: string | undefined;
    let matched = '';
    for (const n of s.names) {
      named = providerForEnvVar(n);
      if (named) {
        varName = s.key;
        matched = n;
        break;
      }
    }
    const value = s.value.trim();
    if (named && varName) {
      const u = use(named, s.line);
      addName(u, varName);
      if (isCredentialVar(matched) && value && !isPlaceholder(value) && !/^[A-Z][A-Z0-9_]+$/.test(value) && !/^(true|false)$/i.test(value)) {
        u.hasValue = true;
        u.literalKeys.push({ name: varName, value, ...(s.line ? { line: s.line } : {}) });
      }
    }
    for (const m of value.matchAll(VAR_REF)) {
      const ref = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5];
      const p = ref ? providerForEnvVar(ref) : undefined;
      if (p && ref) {
        const u = use(p, s.line);
        addName(u, ref);
      }
    }
    const host = hostOf(value);
    const byHost = host ? providerForHost(host) : undefined;
    if (byHost && host) {
      const u = use(byHost, s.line);
      // The locator rule is shared with the code analyzer (apiHost): a tenant-addressed provider
      // (Azure OpenAI) is located at its resource host; everyone else keeps the canonical host and
      // the host seen here is kept as `observedHost` (an Ollama container `ollama:11434`).
      const seen = host.replace(/:443$/, '');
      // `YOUR_RESOURCE.openai.azure.com` in a template names no resource: keep the canonical host.
      const placeholder = isPlaceholderHost(seen);
      if (u.host === canonicalHost(byHost) && !placeholder) u.host = apiHost(byHost, seen);
      if (seen !== u.host && !placeholder) u.observedHost ??= seen;
      const label = named ? varName! : s.key;
      addName(u, label);
    }
  }
  return [...uses.values()];
}

/** The `external-ai-api` asset for a provider use, id shared with the code analyzer. */
export function externalApiAsset(u: ProviderUse, location: Location, source: string): Asset {
  return {
    id: assetId('external-ai-api', u.provider.id, u.host),
    kind: 'external-ai-api',
    name: u.host,
    provider: u.provider.id,
    type: 'api',
    locations: [location],
    properties: { host: u.host, providerName: u.provider.name, configuredBy: u.configuredBy, hasValue: u.hasValue, source, ...(u.observedHost ? { observedHost: u.observedHost } : {}) },
  };
}
