import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { configFileSchema, DEFAULT_HISTORY, DEFAULT_LIMITS, type ConfigFile, type HistoryOptions, type ScanOptions } from './options.js';

/** A config problem the user must fix; the CLI exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Loads and validates aispm.yaml. With no explicit path, `./aispm.yaml` is used when present. */
export async function loadConfigFile(explicit?: string, cwd = process.cwd()): Promise<{ config: ConfigFile; path?: string }> {
  const file = explicit ?? (existsSync(path.join(cwd, 'aispm.yaml')) ? path.join(cwd, 'aispm.yaml') : undefined);
  if (!file) return { config: {} };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`${file}: cannot read config: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text) ?? {};
  } catch (e) {
    throw new ConfigError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new ConfigError(`${file}: ${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid config'}`);
  }
  return { config: parsed.data, path: file };
}

export interface ScanFlags {
  only?: string[];
  skip?: string[];
  ignore?: string[];
  /** `--history` / `--no-history`; undefined leaves it to the config file. */
  history?: boolean;
  /** `--history-since REV` (turns history on). */
  historySince?: string;
}

/** The history setting from a flag (which wins) and the config file's `history`. */
function historyOptions(config: ConfigFile, flags: ScanFlags): HistoryOptions | undefined {
  const c = config.history;
  if (flags.history === false || (flags.history === undefined && !c && !flags.historySince)) return undefined;
  const since = flags.historySince ?? (typeof c === 'object' ? c.since : undefined);
  return { maxCommits: (typeof c === 'object' ? c.maxCommits : undefined) ?? DEFAULT_HISTORY.maxCommits, ...(since ? { since } : {}) };
}

function withHistory(h: HistoryOptions | undefined): { history?: HistoryOptions } {
  return h ? { history: h } : {};
}

/** Flags win over the config file; limits fall back to the defaults. */
export function resolveOptions(targets: string[], config: ConfigFile, flags: ScanFlags = {}): ScanOptions {
  return {
    targets: targets.length ? targets : ['.'],
    only: flags.only ?? config.only,
    skip: flags.skip ?? config.skip,
    ignore: [...(config.ignore ?? []), ...(flags.ignore ?? [])],
    limits: { ...DEFAULT_LIMITS, ...(config.limits ?? {}) },
    analyzerOptions: config.analyzers ?? {},
    ...withHistory(historyOptions(config, flags)),
    config,
  };
}
