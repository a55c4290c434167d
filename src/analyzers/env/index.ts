import { defineAnalyzer, makeFinding, maskValue, type Asset, type Finding, type FileInfo, type Observation, type ScanFile, type ScanIssue } from '../../core/index.js';
import { looksLikeToken } from '../shared/credentials.js';
import { providersIn } from './providers.js';
import { MAX_DEPTH, MAX_NODES, readEnvLines, readStructuredBounded, type Setting } from './read-config.js';
import { ENV_AI_KEY_NOT_COMMITTED, ENV_RULES } from './rules.js';
import { externalApiAsset } from './providers.js';

export { providersIn, externalApiAsset, type ProviderUse } from './providers.js';
export { readEnvLines, readStructured, envStyle, type Setting } from './read-config.js';
export { ENV_RULES } from './rules.js';

type Kind = 'env' | 'properties' | 'structured';

const CONFIG_NAMES = new Set([
  'config.yaml', 'config.yml', 'config.json', 'settings.yaml', 'settings.yml', 'application.yaml', 'application.yml',
  'appsettings.json', 'app.yaml', 'app.yml', 'litellm_config.yaml', 'litellm-config.yaml', 'secrets.yaml', 'secrets.yml',
]);

/** What kind of config a file is, from its name alone. */
function kindOf(path: string, name: string): Kind | undefined {
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env') || name === '.envrc') return 'env';
  if (name === 'application.properties' || /^application-[\w-]+\.properties$/.test(name)) return 'properties';
  if (CONFIG_NAMES.has(name) || /^application-[\w-]+\.ya?ml$/.test(name) || /^appsettings\.[\w-]+\.json$/.test(name)) {
    // Client configs the mcp analyzer owns are not app configs.
    return /(^|\/)\.(continue|vscode|zed|gemini|cursor)\//.test(path) ? undefined : 'structured';
  }
  return undefined;
}

/** `.env.example`, `.env.sample`, `.env.template`: meant to be committed, with placeholders. */
function isTemplate(name: string): boolean {
  return /(example|sample|template|dist|defaults?|tmpl)/.test(name);
}

/** A value that looks like a real key rather than a placeholder a human typed. */
function realLooking(value: string): boolean {
  if (looksLikeToken(value)) return true;
  if (value.length < 20 || /\s/.test(value)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/].filter((r) => r.test(value)).length;
  return classes >= 2 && new Set(value).size >= 12;
}

/**
 * `.env*` files and app configs (YAML/JSON/properties) → the AI providers they configure, by
 * variable name, referenced variable and endpoint host → `external-ai-api` assets with the variable
 * names and whether a value is present; never the value. A real-looking provider key in a `.env`
 * file the scan could see is a finding (masked).
 */
export const envAnalyzer = defineAnalyzer({
  id: 'env',
  version: '1.0.0',
  description: 'AI providers configured in .env files and app configs (by variable name, never value)',
  stage: 'discovery',
  rules: ENV_RULES,
  wants(path: string, info: FileInfo): boolean {
    return info.sniffed !== 'binary' && kindOf(path, info.name) !== undefined;
  },
  async analyze(file: ScanFile) {
    const kind = kindOf(file.path, file.name);
    if (!kind) return {};
    const text = await file.text();
    let settings: Setting[];
    const issues: ScanIssue[] = [];
    try {
      if (kind === 'structured') {
        const read = readStructuredBounded(text);
        settings = read.settings;
        // Settings past the bounds are not read: say so, or a key there would pass unseen.
        if (read.skipped.overNodes) issues.push({ path: file.path, reason: 'limit', message: `${file.path}: more than ${MAX_NODES} values; the rest were not read`, source: 'env' });
        if (read.skipped.tooDeep) issues.push({ path: file.path, reason: 'limit', message: `${file.path}: ${read.skipped.tooDeep} values nested deeper than ${MAX_DEPTH} levels were not read`, source: 'env' });
      } else settings = readEnvLines(text);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: not valid YAML/JSON (${msg}); skipped`, source: 'env' }] };
    }
    const assets: Asset[] = [];
    const findings: Finding[] = [];
    const observations: Observation[] = [];
    for (const u of providersIn(settings)) {
      const asset = externalApiAsset(u, u.line ? { path: file.path, line: u.line } : { path: file.path }, kind === 'env' ? 'env-file' : 'app-config');
      assets.push(asset);
      // No assetId: the graph's credential join takes an observation's asset as the *caller*, and
      // the API is the callee; the caller is whatever else lives at this path (if anything).
      for (const v of u.configuredBy) if (/^[A-Z][A-Z0-9_]+$/.test(v)) observations.push({ type: 'env-var', value: v, path: file.path, ...(u.line ? { line: u.line } : {}) });
      if (kind !== 'env') continue;
      const real = u.literalKeys.filter((k) => realLooking(k.value));
      for (const k of real) {
        findings.push(
          makeFinding(ENV_AI_KEY_NOT_COMMITTED, {
            assetId: asset.id,
            location: k.line ? { path: file.path, line: k.line } : { path: file.path },
            evidenceKey: `${file.path}:${k.name}`,
            message: `${k.name} in ${file.path} holds a key for ${u.provider.name} (${maskValue(k.value)})${isTemplate(file.name) ? ' — in a template file meant to hold placeholders' : ''}.`,
            properties: { variable: k.name, masked: maskValue(k.value), provider: u.provider.id },
          }),
        );
      }
      if (!real.length && u.configuredBy.length) {
        findings.push(makeFinding(ENV_AI_KEY_NOT_COMMITTED, { assetId: asset.id, location: { path: file.path }, evidenceKey: `${file.path}:${u.provider.id}`, status: 'pass', message: `${file.path} names ${u.provider.name} variables without a key value.` }));
      }
    }
    return { assets, findings, observations, ...(issues.length ? { issues } : {}) };
  },
});
