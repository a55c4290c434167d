import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { JsonValue } from '../../../core/asset.js';
import { megabytes } from '../../../core/size.js';
import { dirSignature } from '../../shared/dir-signature.js';
import { evalValue } from './expr.js';
import { isParseError, parseHcl, type TfFile, type TfParseError } from './hcl.js';
import type { ModuleTree } from './module.js';
import { parseTfJson } from './tf-json.js';

/** Per-file read cap for sibling files the analyzer reads itself (the walker caps the one it hands over). */
const MAX_TF_BYTES = 4 * 1024 * 1024;
const MAX_FILES_PER_DIR = 500;

export interface LoadedTree {
  tree: ModuleTree;
  errors: TfParseError[];
  /** The folder's first .tf file by name (parsed or not): it reports what has no file of its own. */
  reporter?: string;
}

/** `source = "./x"` / `"../x"`: a local module, read from beside its caller. */
function localSource(v: unknown): string | undefined {
  return typeof v === 'string' && (v.startsWith('./') || v.startsWith('../')) ? v : undefined;
}

/** Where Terraform records the modules `terraform init` installed, beside the root module. */
const MODULE_MANIFEST = '.terraform/modules/modules.json';
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Registry and git modules are never fetched, but `terraform init` has often fetched them already:
 * its manifest maps each module call's key (call names joined by dots, `vpc.subnets`) to the
 * folder it installed, relative to the root module (Trivy reads the same cache). Keys of local
 * calls are in it too; those are read from their `source` as before. Absent, unreadable or not the
 * manifest's shape: no remote module is read, and a broken one is said.
 */
async function installedModules(rootAbs: string, rootRep: string, errors: TfParseError[]): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  const file = path.join(rootAbs, MODULE_MANIFEST);
  const rep = rootRep ? `${rootRep}/${MODULE_MANIFEST}` : MODULE_MANIFEST;
  let text: string;
  try {
    if ((await stat(file)).size > MAX_MANIFEST_BYTES) {
      errors.push({ path: rep, reason: 'too-large', message: `${rep}: over ${MAX_MANIFEST_BYTES / 1048576} MB; the modules terraform init installed were not read` });
      return dirs;
    }
    text = await readFile(file, 'utf8');
  } catch {
    return dirs;
  }
  let modules: unknown;
  try {
    modules = (JSON.parse(text) as { Modules?: unknown }).Modules;
  } catch (e) {
    errors.push({ path: rep, message: `${rep}: not valid JSON (${(e as Error).message.split('\n')[0]}); the modules terraform init installed were not read` });
    return dirs;
  }
  if (!Array.isArray(modules)) {
    errors.push({ path: rep, message: `${rep}: no "Modules" list; the modules terraform init installed were not read` });
    return dirs;
  }
  for (const m of modules as { Key?: unknown; Dir?: unknown }[]) {
    if (typeof m?.Key !== 'string' || !m.Key || typeof m.Dir !== 'string') continue;
    // Only folders inside the root's own tree: a manifest must not send the reader elsewhere on disk.
    const dir = path.posix.normalize(m.Dir.replace(/\\/g, '/'));
    if (path.posix.isAbsolute(dir) || dir.startsWith('../') || dir === '..') continue;
    dirs.set(m.Key, dir);
  }
  return dirs;
}

/** What a tree's loading shares from its root down: the installed modules by call key. */
interface RootContext {
  absDir: string;
  reportDir: string;
  installed: Map<string, string>;
}

/**
 * Loads a module directory: its .tf files (and, for the root, terraform.tfvars / *.auto.tfvars),
 * then its local child modules recursively (depth- and cycle-bounded). `reportDir` is the report
 * path of `absDir`, so every file keeps its report path. A folder called from several places (two
 * `module` blocks with one source) is read once and shared: `ancestors` only stops cycles, `loaded`
 * remembers what was read, so the second caller's resources are not lost.
 */
export async function loadModuleTree(absDir: string, reportDir: string, isRoot = true, depth = 0, ancestors = new Set<string>(), loaded = new Map<string, ModuleTree>(), root?: RootContext, key = ''): Promise<LoadedTree> {
  const errors: TfParseError[] = [];
  root ??= { absDir, reportDir, installed: isRoot ? await installedModules(absDir, reportDir, errors) : new Map() };
  const tree: ModuleTree = { files: [], tfvars: {}, children: new Map() };
  if (depth > 5 || ancestors.has(absDir)) return { tree, errors };
  const known = loaded.get(absDir);
  if (known) return { tree: known, errors };
  loaded.set(absDir, tree);
  const inner = new Set(ancestors).add(absDir);
  let names: string[];
  const rep = (n: string) => (reportDir ? `${reportDir}/${n}` : n);
  let reporter: string | undefined;
  try {
    const all = (await readdir(absDir)).sort();
    const firstTf = all.find((n) => n.endsWith('.tf') || n.endsWith('.tf.json'));
    if (firstTf) reporter = rep(firstTf);
    names = all.slice(0, MAX_FILES_PER_DIR);
    // Past the cap the rest of the folder is not read: said, so the folder is not called clean.
    if (all.length > MAX_FILES_PER_DIR) errors.push({ path: reportDir || '.', reason: 'limit', message: `${reportDir || '.'}: ${all.length} entries, over the Terraform analyzer's ${MAX_FILES_PER_DIR} per folder; only the first ${MAX_FILES_PER_DIR} by name were read` });
  } catch {
    return { tree, errors };
  }
  // Terraform's precedence: terraform.tfvars, terraform.tfvars.json, then *.auto.tfvars(.json) in
  // name order; later wins. The JSON forms are as common in generated setups as the HCL ones.
  const rank = (n: string) => (n === 'terraform.tfvars' ? 0 : n === 'terraform.tfvars.json' ? 1 : 2);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const n of names) {
    const isTfJson = n.endsWith('.tf.json');
    const isTf = n.endsWith('.tf') || isTfJson;
    const isJsonVars = isRoot && (n === 'terraform.tfvars.json' || n.endsWith('.auto.tfvars.json'));
    const isVars = isJsonVars || (isRoot && (n === 'terraform.tfvars' || n.endsWith('.auto.tfvars')));
    if (!isTf && !isVars) continue;
    const abs = path.join(absDir, n);
    try {
      const st = await stat(abs);
      if (!st.isFile()) continue;
      if (st.size > MAX_TF_BYTES) {
        errors.push({ path: rep(n), reason: 'too-large', message: `${rep(n)}: ${megabytes(st.size)} of Terraform is over the analyzer's ${MAX_TF_BYTES / 1048576} MB per-file limit; not parsed` });
        continue;
      }
    } catch {
      continue;
    }
    const text = (await readFile(abs, 'utf8')).replace(/^\uFEFF/, '');
    if (isJsonVars) {
      // Values in a .tfvars.json file are literal JSON: no expressions to evaluate.
      try {
        const json = JSON.parse(text) as unknown;
        if (json && typeof json === 'object' && !Array.isArray(json)) Object.assign(tree.tfvars, json);
        else errors.push({ path: rep(n), message: `${rep(n)}: a variable definitions file must hold a JSON object` });
      } catch (e) {
        errors.push({ path: rep(n), message: `${rep(n)}: not valid JSON (${(e as Error).message.split('\n')[0]})` });
      }
      continue;
    }
    const parsed = isTfJson ? parseTfJson(rep(n), text) : await parseHcl(rep(n), text);
    if (isParseError(parsed)) {
      errors.push(parsed);
      continue;
    }
    if (isTf) tree.files.push(parsed);
    else for (const [k, v] of Object.entries(parsed.json)) tree.tfvars[k] = evalValue(v, (_p, t) => ({ $unknown: t })) as JsonValue;
  }
  for (const f of tree.files) {
    for (const [name, bodies] of Object.entries((f.json.module ?? {}) as Record<string, unknown[]>)) {
      const childKey = key ? `${key}.${name}` : name;
      const local = localSource((bodies[0] as Record<string, unknown> | undefined)?.source);
      const installed = local ? undefined : root.installed.get(childKey);
      if (!local && !installed) continue;
      // A local source is beside its caller; an installed one where the manifest says, from the root.
      const childAbs = local ? path.resolve(absDir, local) : path.resolve(root.absDir, installed!);
      const childRep = local ? path.posix.normalize(path.posix.join(reportDir || '.', local)).replace(/^\.\//, '') : path.posix.normalize(path.posix.join(root.reportDir || '.', installed!)).replace(/^\.\//, '');
      const child = await loadModuleTree(childAbs, childRep === '.' ? '' : childRep, false, depth + 1, inner, loaded, root, childKey);
      tree.children.set(name, child.tree);
      errors.push(...child.errors);
    }
  }
  return { tree, errors, reporter };
}

/** A cheap signature of a directory's Terraform files, so a cached evaluation is reused only while they are unchanged. */
export async function tfDirSignature(absDir: string): Promise<string> {
  return dirSignature(absDir, (n) => n.endsWith('.tf') || n.endsWith('.tf.json') || n.endsWith('.tfvars') || n.endsWith('.tfvars.json'));
}

export type { TfFile };
