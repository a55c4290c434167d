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
}

// The hcl2json WASM bridge is a single Go runtime; calls are chained so they never interleave.
let chain: Promise<unknown> = Promise.resolve();

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
    return m ? { path: reportPath, line: Number(m[1]), message: `${reportPath}:${m[1]}: ${m[3]!.trim()}` } : { path: reportPath, message: `${reportPath}: ${msg}` };
  }
}

export function isParseError(x: TfFile | TfParseError): x is TfParseError {
  return !('json' in x);
}
