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
