import { parse as parseToml } from 'smol-toml';
import type { ParseResult, ParsedDep } from '../types.js';

const CONFIGS = 'implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|compile|runtime|kapt|annotationProcessor|developmentOnly|testCompileOnly';
const STRING_NOTATION = new RegExp(`\\b(${CONFIGS})\\s*\\(?\\s*(?:platform\\s*\\(\\s*)?["']([^"':\\s]+):([^"':\\s]+)(?::([^"'\\s]+))?["']`);
const MAP_NOTATION = new RegExp(`\\b(${CONFIGS})\\s*\\(?\\s*group\\s*[:=]\\s*["']([^"']+)["']\\s*,\\s*name\\s*[:=]\\s*["']([^"']+)["'](?:\\s*,\\s*version\\s*[:=]\\s*["']([^"']+)["'])?`);
const VARIABLE = /^\s*(?:val|var|def|ext\.|set\(\s*["'])?\s*([A-Za-z_][\w.]*)["']?\s*(?:=|,)\s*["']([^"'$]+)["']/;

/**
 * build.gradle / build.gradle.kts: string (`"g:a:v"`) and map (`group: …, name: …`) notations for the
 * usual configurations. Groovy/Kotlin are not evaluated: `$var` versions resolve only from simple
 * literal assignments in the same file, else stay as written.
 */
export function parseGradle(text: string): ParseResult {
  const lines = text.split(/\r?\n/);
  const vars = new Map<string, string>();
  for (const l of lines) {
    const m = VARIABLE.exec(l);
    if (m) vars.set(m[1]!.replace(/^ext\./, ''), m[2]!);
  }
  const deps: ParsedDep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/\/\/.*$/, '');
    const m = STRING_NOTATION.exec(l) ?? MAP_NOTATION.exec(l);
    if (!m) continue;
    const dep: ParsedDep = { ecosystem: 'maven', name: `${m[2]}:${m[3]}`, direct: true, line: i + 1 };
    if (/^test/.test(m[1]!)) dep.scope = 'test';
    const raw = m[4];
    if (raw) {
      dep.versionSpec = raw;
      const v = raw.replace(/\$\{?([\w.]+)\}?/g, (all, k: string) => vars.get(k) ?? vars.get(k.replace(/^(project|rootProject)\.(ext\.)?/, '')) ?? all);
      if (!v.includes('$') && !/[+[\]()]/.test(v)) dep.version = v;
    }
    deps.push(dep);
  }
  return { deps };
}

/**
 * Gradle version catalogs (`gradle/libs.versions.toml`): `[libraries]` entries as `"g:a:v"`,
 * `{ module = "g:a", version.ref = "x" }` or `{ group, name, version }`, versions from `[versions]`.
 */
export function parseVersionCatalog(text: string): ParseResult {
  const doc = parseToml(text) as Record<string, unknown>;
  const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const versions = isTable(doc.versions) ? doc.versions : {};
  const versionOf = (v: unknown): string | undefined => {
    if (typeof v === 'string') return v;
    if (isTable(v)) {
      if (typeof v.ref === 'string') return typeof versions[v.ref] === 'string' ? (versions[v.ref] as string) : undefined;
      if (typeof v.strictly === 'string') return v.strictly;
      if (typeof v.require === 'string') return v.require;
    }
    return undefined;
  };
  const deps: ParsedDep[] = [];
  for (const lib of Object.values(isTable(doc.libraries) ? doc.libraries : {})) {
    let coord: string | undefined;
    let version: string | undefined;
    if (typeof lib === 'string') {
      const [g, a, v] = lib.split(':');
      if (g && a) coord = `${g}:${a}`;
      version = v;
    } else if (isTable(lib)) {
      if (typeof lib.module === 'string') coord = lib.module;
      else if (typeof lib.group === 'string' && typeof lib.name === 'string') coord = `${lib.group}:${lib.name}`;
      version = versionOf(lib.version);
    }
    if (!coord) continue;
    const dep: ParsedDep = { ecosystem: 'maven', name: coord, direct: true };
    if (version) {
      dep.versionSpec = version;
      if (!/[+[\]()]/.test(version)) dep.version = version;
    }
    deps.push(dep);
  }
  return { deps };
}
