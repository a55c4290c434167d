import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { REPORT_SCHEMA_ID, type ScanResult } from '../../core/index.js';
import { ConfigError, loadConfigFile, resolveOptions } from '../../config/index.js';
import { runScan, UnknownAnalyzerError } from '../../scan/index.js';
import { CliError, EXIT } from '../exit-codes.js';

/** Where `lineage` and `compliance` get a scan from: a saved JSON report, or a fresh scan. */
export interface ReportSource {
  /** A report written by `aispm scan --format json`. */
  report?: string;
  config?: string;
}

/**
 * A scan result for the read-only commands: `--report FILE` reads an `aispm.report/v1` JSON
 * report (no rescan, no network, no store); otherwise the paths are scanned exactly as
 * `aispm scan` would (same config handling), without storing the result.
 */
export async function loadOrScan(paths: string[], src: ReportSource): Promise<ScanResult> {
  if (src.report) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(src.report, 'utf8'));
    } catch (e) {
      throw new CliError(`cannot read report ${src.report}: ${(e as Error).message.split('\n')[0]}`, EXIT.usage);
    }
    const r = parsed as Partial<ScanResult> | null;
    if (!r || typeof r !== 'object' || r.schema !== REPORT_SCHEMA_ID || !Array.isArray(r.assets) || !Array.isArray(r.findings))
      throw new CliError(`${src.report} is not an ${REPORT_SCHEMA_ID} report (write one with: aispm scan --format json -o FILE)`, EXIT.usage);
    return { ...r, relations: r.relations ?? [], paths: r.paths ?? [], compliance: r.compliance ?? [] } as ScanResult;
  }
  const targets = paths.length ? paths : ['.'];
  for (const p of targets) if (!existsSync(p)) throw new CliError(`scan target not found: ${p}`, EXIT.usage);
  let options;
  try {
    const { config } = await loadConfigFile(src.config);
    options = resolveOptions(targets, config, {});
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, EXIT.usage);
    throw e;
  }
  try {
    return await runScan(options);
  } catch (e) {
    if (e instanceof UnknownAnalyzerError) throw new CliError(e.message, EXIT.usage);
    throw new CliError(`scan failed: ${(e as Error).message}`, EXIT.failed);
  }
}
