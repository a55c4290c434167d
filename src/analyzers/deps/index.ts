import { PackageURL } from 'packageurl-js';
import {
  assetId,
  defineAnalyzer,
  makeFinding,
  type Asset,
  type Finding,
  type FileInfo,
  type ScanFile,
} from '../../core/index.js';
import { canonicalPackageName, lookupAiPackage, type PackageCategory } from './catalogue/index.js';
import { formatFor, type ManifestFormat } from './formats.js';
import { LineFinder } from './lines.js';
import { maskUrlsIn } from '../shared/credentials.js';
import { AI_PACKAGE_VERSION_PINNED, DEPS_RULES } from './rules.js';
import type { Ecosystem, ParsedDep } from './types.js';

export { lookupAiPackage, catalogueSize, canonicalPackageName, PACKAGE_CATEGORIES } from './catalogue/index.js';
export type { Ecosystem, ParsedDep } from './types.js';

/** The package URL (purl spec) of a dependency; the version only when exactly known. */
export function purlFor(ecosystem: Ecosystem, canonical: string, version?: string): string {
  let namespace: string | undefined;
  let name = canonical;
  if (ecosystem === 'npm' && canonical.startsWith('@')) [namespace, name] = canonical.split('/', 2) as [string, string];
  else if (ecosystem === 'maven') [namespace, name] = canonical.split(':', 2) as [string, string];
  else if (ecosystem === 'golang' && canonical.includes('/')) {
    namespace = canonical.slice(0, canonical.lastIndexOf('/'));
    name = canonical.slice(canonical.lastIndexOf('/') + 1);
  }
  try {
    return new PackageURL(ecosystem, namespace, name, version, undefined, undefined).toString();
  } catch {
    return `pkg:${ecosystem}/${encodeURIComponent(canonical)}`;
  }
}

/** Windows tools (`pip freeze > requirements.txt` in PowerShell) write UTF-16 with a BOM. */
function utf16(head: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The asset id of an AI package: every analyzer naming a package uses this (PEP 503 names for PyPI). */
export function aiPackageId(ecosystem: Ecosystem, name: string): string {
  return assetId('ai-package', ecosystem, canonicalPackageName(ecosystem, name));
}

function toAsset(dep: ParsedDep, category: PackageCategory, path: string, format: ManifestFormat, line: number | undefined): Asset {
  const canonical = canonicalPackageName(dep.ecosystem, dep.name);
  const props: Asset['properties'] = {
    ecosystem: dep.ecosystem,
    category,
    purl: purlFor(dep.ecosystem, canonical, dep.version),
    manifest: path,
    manifestType: format.id,
  };
  if (dep.version) props.version = dep.version;
  if (dep.versionSpec) props.versionSpec = maskUrlsIn(dep.versionSpec);
  if (dep.direct !== undefined) props.direct = dep.direct;
  if (dep.scope) props.scope = dep.scope;
  if (dep.extras?.length) props.extras = dep.extras;
  if (dep.marker) props.marker = dep.marker;
  return {
    id: aiPackageId(dep.ecosystem, dep.name),
    kind: 'ai-package',
    name: canonical,
    provider: dep.ecosystem,
    locations: [line ? { path, line } : { path }],
    properties: props,
  };
}

function pinFinding(dep: ParsedDep, asset: Asset, path: string, line: number | undefined): Finding {
  const location = line ? { path, line } : { path };
  // A git or URL requirement may carry a token in its URL (`git+https://ghp_…@github.com/…`).
  const spec = dep.versionSpec === undefined ? undefined : maskUrlsIn(dep.versionSpec).trim();
  const base = { assetId: asset.id, location, evidenceKey: path };
  if (dep.version) return makeFinding(AI_PACKAGE_VERSION_PINNED, { ...base, status: 'pass', message: `${asset.name} is pinned to ${dep.version} in ${path}.` });
  if (spec === '(managed)') return makeFinding(AI_PACKAGE_VERSION_PINNED, { ...base, status: 'pass', message: `${asset.name} takes its version from the parent POM or an imported BOM in ${path}.` });
  if (!spec || spec === '*' || spec === 'latest' || spec === 'workspace') {
    return makeFinding(AI_PACKAGE_VERSION_PINNED, { ...base, message: `${asset.name} is declared in ${path} with no version constraint at all: any future release will be installed.` });
  }
  return makeFinding(AI_PACKAGE_VERSION_PINNED, {
    ...base,
    severity: 'info',
    message: `${asset.name} is declared in ${path} with the range \`${spec}\`${dep.ecosystem === 'cargo' && /^\d/.test(spec) ? ' (a caret range in Cargo)' : ''}, not an exact version; a lockfile may still pin it.`,
  });
}

/**
 * Finds AI/ML packages in dependency manifests and lockfiles of six ecosystems, against a curated
 * catalogue. Each package becomes one `ai-package` asset per ecosystem (locations list every
 * manifest that names it); lockfiles contribute the resolved version and whether it is direct.
 */
export const depsAnalyzer = defineAnalyzer({
  id: 'deps',
  version: '1.0.0',
  description: 'AI/ML packages in Python, npm, Go, Maven/Gradle, Cargo and conda manifests and lockfiles',
  stage: 'discovery',
  rules: DEPS_RULES,
  wants(path: string, info: FileInfo): boolean {
    return (info.sniffed !== 'binary' || utf16(info.head) !== undefined) && formatFor(path, info.name) !== undefined;
  },
  async analyze(file: ScanFile) {
    const format = formatFor(file.path, file.name);
    if (!format) return {};
    const enc = utf16(file.head);
    const text = enc ? new TextDecoder(enc).decode(await file.bytes()).replace(/^\uFEFF/, '') : await file.text();
    let parsed;
    try {
      parsed = format.parse(text, file.path);
    } catch (e) {
      const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      return { issues: [{ path: file.path, reason: 'parse-error', message: `${file.path}: not valid ${format.id} (${msg}); skipped`, source: 'deps' }] };
    }
    const finder = new LineFinder(text);
    const assets = new Map<string, Asset>();
    const findings: Finding[] = [];
    for (const dep of parsed.deps) {
      const category = lookupAiPackage(dep.ecosystem, dep.name);
      if (!category) continue;
      const id = aiPackageId(dep.ecosystem, dep.name);
      if (assets.has(id)) continue;
      const line = dep.line ?? finder.find(dep.ecosystem, dep.name);
      const asset = toAsset(dep, category, file.path, format, line);
      assets.set(id, asset);
      if (!format.lockfile && dep.direct !== false) findings.push(pinFinding(dep, asset, file.path, line));
    }
    const out: { assets: Asset[]; findings: Finding[]; observations?: { type: string; value: string; path: string }[] } = { assets: [...assets.values()], findings };
    // Includes are recorded for the report (each included file is scanned on its own if present).
    if (parsed.includes?.length) out.observations = parsed.includes.map((inc) => ({ type: 'requirements-include', value: inc, path: file.path }));
    return out;
  },
});
