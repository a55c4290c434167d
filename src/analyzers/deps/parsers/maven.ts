import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ParseResult, ParsedDep } from '../types.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** Expands `${name}` from the POM's `<properties>` (and `project.version`), a few rounds deep. */
function resolver(props: Map<string, string>) {
  return (value: string | undefined): string | undefined => {
    if (!value) return value;
    let v = value;
    for (let round = 0; round < 5 && v.includes('${'); round++) v = v.replace(/\$\{([^}]+)\}/g, (all, k: string) => props.get(k) ?? all);
    return v;
  };
}

/** pom.xml: `<dependencies>` and `<dependencyManagement>`, versions resolved from `<properties>`. */
export function parsePom(text: string): ParseResult {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`${valid.err.msg} (line ${valid.err.line})`);
  const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, processEntities: false });
  const doc = parser.parse(text) as Obj;
  const project = isObj(doc.project) ? doc.project : {};
  const props = new Map<string, string>();
  if (isObj(project.properties)) for (const [k, v] of Object.entries(project.properties)) if (str(v)) props.set(k, str(v)!);
  const pv = str(project.version) ?? (isObj(project.parent) ? str(project.parent.version) : undefined);
  if (pv) {
    props.set('project.version', pv);
    props.set('version', pv);
  }
  const resolve = resolver(props);
  const deps: ParsedDep[] = [];
  const collect = (container: unknown, managed: boolean) => {
    if (!isObj(container)) return;
    for (const d of asArray(container.dependency)) {
      if (!isObj(d)) continue;
      const g = resolve(str(d.groupId));
      const a = resolve(str(d.artifactId));
      if (!g || !a) continue;
      const dep: ParsedDep = { ecosystem: 'maven', name: `${g}:${a}`, direct: true };
      const raw = str(d.version);
      // No version: the parent POM or an imported BOM manages it (and pins it exactly).
      if (!raw && !managed) dep.versionSpec = '(managed)';
      if (raw) {
        dep.versionSpec = raw;
        const v = resolve(raw);
        if (v && !v.includes('${') && !/^[[(]/.test(v)) dep.version = v;
      }
      const scope = str(d.scope) ?? (managed ? 'managed' : undefined);
      if (scope) dep.scope = scope;
      deps.push(dep);
    }
  };
  collect(project.dependencies, false);
  if (isObj(project.dependencyManagement)) collect(project.dependencyManagement.dependencies, true);
  return { deps };
}
