import { scanTerraformLines, type BlockLines } from './lines.js';
import { HclSyntaxError, parseHclFast } from './hcl-parse.js';

/** One parsed .tf / .tfvars file. */
export interface TfFile {
  /** Report path. */
  path: string;
  json: Record<string, unknown>;
  lines: Map<string, BlockLines>;
}

/** A parse failure with the file and line it names. */
export interface TfParseError {
  path: string;
  line?: number;
  message: string;
  /** Why the file was not read (default `parse-error`): over the size cap, or past the folder's file cap. */
  reason?: 'too-large' | 'limit';
}

// The hcl2json WASM bridge is a single Go runtime; calls are chained so they never interleave.
let chain: Promise<unknown> = Promise.resolve();

/**
 * Bracket nesting above which a file never reaches the WASM parser: HashiCorp's parser recurses per
 * level, and at ~100k levels the Go runtime dies with a fatal error that takes the whole process
 * down (at ~5k it overflows the JS stack). Real Terraform nests a few dozen levels at most.
 */
export const MAX_WASM_NESTING = 256;
/** Diagnostics from the WASM parser can list every bad character; a report line stays short. */
const MAX_MESSAGE = 300;

/** True when `( [ {` nest deeper than `limit` anywhere in `text` (strings counted too: conservative). */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 || c === 0x5b || c === 0x7b) {
      // `$${` / `%%{` are escaped template openers: literal text, no nesting (and no closer follows).
      if (c === 0x7b && i >= 2 && text.charCodeAt(i - 1) === text.charCodeAt(i - 2) && (text.charCodeAt(i - 1) === 0x24 || text.charCodeAt(i - 1) === 0x25)) continue;
      if (++depth > limit) return true;
    } else if ((c === 0x29 || c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

const clip = (s: string): string => (s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s);

/**
 * Parses HCL text with the fast parser; when it rejects the file, `@cdktf/hcl2json` (HashiCorp's
 * own parser, in WASM) decides: its result is used if it accepts the file, its error (with line)
 * is reported if not.
 */
export async function parseHcl(reportPath: string, text: string): Promise<TfFile | TfParseError> {
  try {
    const json = parseHclFast(text);
    return { path: reportPath, json, lines: new Map(scanTerraformLines(text).map((b) => [b.key, b])) };
  } catch (e) {
    if (!(e instanceof HclSyntaxError)) throw e;
    if (nestsDeeperThan(text, MAX_WASM_NESTING)) {
      return { path: reportPath, line: e.line, message: `${reportPath}:${e.line}: ${e.message} (nesting deeper than ${MAX_WASM_NESTING} levels; not parsed)` };
    }
    const slow = await parseHclWasm(reportPath, text);
    if (isParseError(slow) && slow.line === undefined) return { path: reportPath, line: e.line, message: `${reportPath}:${e.line}: ${e.message}` };
    return slow;
  }
}

async function parseHclWasm(reportPath: string, text: string): Promise<TfFile | TfParseError> {
  // Loaded on demand: instantiating the WASM module costs ~150 ms, paid only when a file needs it.
  const run = chain.then(async () => {
    const { parse } = await import('@cdktf/hcl2json');
    return parse(reportPath.split('/').pop() ?? 'main.tf', text) as Promise<Record<string, unknown>>;
  });
  chain = run.catch(() => undefined);
  try {
    const json = await run;
    const lines = new Map(scanTerraformLines(text).map((b) => [b.key, b]));
    return { path: reportPath, json, lines };
  } catch (e) {
    const msg = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ');
    const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]+)/.exec(msg);
    return m ? { path: reportPath, line: Number(m[1]), message: clip(`${reportPath}:${m[1]}: ${m[3]!.trim()}`) } : { path: reportPath, message: clip(`${reportPath}: ${msg}`) };
  }
}

export function isParseError(x: TfFile | TfParseError): x is TfParseError {
  return !('json' in x);
}
