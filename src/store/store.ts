import { randomUUID } from 'node:crypto';
import type { Asset, Finding, Relation, ScanResult } from '../core/index.js';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import { migrate } from './migrations.js';
import { StoreRecords } from './records.js';
import { insertChunks } from './sql-util.js';
import { annotateLifecycle, computeLifecycle, isFailing, type FindingState, type LifecycleLabel } from './lifecycle.js';
import { diffAssets, diffFindingIndex, findingIndex, findingRef, type AssetRef, type FindingIndexEntry, type FindingRef, type ScanDiff } from './diff.js';
import { BLOB_ENCODING, decodeDoc, decodeLines, encodeDoc, encodeLines, inflateDoc, linesAt } from './blob.js';

/** One remembered scan, as `aispm history` lists it. */
export interface ScanSummary {
  id: string;
  seq: number;
  targetKey: string;
  targets: string[];
  startedAt: string;
  finishedAt: string;
  savedAt: string;
  toolVersion: string;
  summary: ScanCounts;
}

export interface ScanCounts {
  assets: number;
  findings: number;
  failing: number;
  bySeverity: Record<string, number>;
  lifecycle: Partial<Record<LifecycleLabel | 'resolved', number>>;
}

export interface SaveOutcome {
  scanId: string;
  targetKey: string;
  /** The scan saved before this one for the same target, if any. */
  previousScanId?: string;
  counts: ScanCounts;
  /** Fingerprints that stopped failing in this scan. */
  resolved: FindingState[];
  /** Notification episode per failing finding (its reopen count). */
  episodes: Map<string, number>;
}

/**
 * Test hook (documented in the store tests): when set to a number of milliseconds, `saveScan` writes
 * `aispm-store: paused in save` to stderr half-way through its transaction and waits that long, so a
 * test can SIGKILL the process mid-transaction and check nothing of the half-saved scan remains.
 */
export const PAUSE_ENV = 'AISPM_STORE_TEST_PAUSE_MS';


/**
 * All states of a target in one round trip: json_agg in SQL and one JSON.parse here, because
 * PGlite decodes rows field by field (100,000 rows as rows take seconds; as one text, a fraction).
 */
async function loadStates(q: SqlExecutor, key: string): Promise<Map<string, FindingState>> {
  // A finding still failing was last seen in the target's latest scan (see migration 2).
  const rows = await q.query<{ j: string }>(
    `WITH latest AS (SELECT id, seen_at FROM scans WHERE target_key = $1 ORDER BY seq DESC LIMIT 1)
     SELECT coalesce(json_agg(json_build_array(f.finding_id, f.rule_id, f.severity, f.state, f.first_seen,
       CASE WHEN f.state <> 'resolved' AND l.id IS NOT NULL THEN l.seen_at ELSE f.last_seen END,
       f.first_scan,
       CASE WHEN f.state <> 'resolved' AND l.id IS NOT NULL THEN l.id ELSE f.last_scan END,
       f.resolved_at, f.reopened_count))::text, '[]') AS j
     FROM finding_states f LEFT JOIN latest l ON true WHERE f.target_key = $1`,
    [key],
  );
  const list = JSON.parse(rows[0]?.j ?? '[]') as [string, string, string, FindingState['state'], string, string, string, string, string | null, number][];
  return new Map(
    list.map(([findingId, ruleId, severity, state, firstSeen, lastSeen, firstScan, lastScan, resolvedAt, reopenedCount]) => [
      findingId,
      { findingId, ruleId, severity, state, firstSeen, lastSeen, firstScan, lastScan, resolvedAt, reopenedCount: Number(reopenedCount) },
    ]),
  );
}

type ScanPart = 'assets' | 'relations' | 'findings' | 'finding_index';
interface ScanDocs {
  assets?: Asset[];
  relations?: Relation[];
  findingLines?: string[];
  index?: FindingIndexEntry[];
}

interface DiffDocs {
  assets: Asset[];
  index: FindingIndexEntry[];
  /** The inflated findings JSON Lines (already being inflated). */
  findings: () => Promise<Buffer>;
}

/** `String.prototype.localeCompare` order (same default locale and options), without its per-call setup. */
const compare = new Intl.Collator().compare;

const SUMMARY_COLUMNS = 'id, seq, target_key, targets, started_at, finished_at, saved_at, tool_version, summary';

const summaryFromRow = (r: Row): ScanSummary => ({
  id: String(r.id),
  seq: Number(r.seq),
  targetKey: String(r.target_key),
  targets: r.targets as string[],
  startedAt: String(r.started_at),
  finishedAt: String(r.finished_at),
  savedAt: String(r.saved_at),
  toolVersion: String(r.tool_version),
  summary: r.summary as ScanCounts,
});

function counts(result: ScanResult, labels: Map<string, LifecycleLabel>, resolved: number): ScanCounts {
  const bySeverity: Record<string, number> = {};
  let failing = 0;
  for (const f of result.findings)
    if (isFailing(f)) {
      failing++;
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
    }
  const lifecycle: ScanCounts['lifecycle'] = { resolved };
  for (const l of labels.values()) lifecycle[l] = (lifecycle[l] ?? 0) + 1;
  return { assets: result.assets.length, findings: result.findings.length, failing, bySeverity, lifecycle };
}

/**
 * The scan store (DESIGN §6): remembers every scan, keeps each finding's lifecycle per target, and
 * holds exceptions, dataset approvals and the notification log. Driver-agnostic.
 */
export class Store extends StoreRecords {
  private constructor(db: SqlDriver) {
    super(db);
  }

  /** Wraps an open driver and brings its schema up to date. */
  static async on(db: SqlDriver): Promise<Store> {
    await migrate(db);
    return new Store(db);
  }

  get description(): string {
    return `${this.db.kind} ${this.db.description}`;
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Saves one scan in one transaction: the scan row, its assets, relations and findings (compressed
   * JSON documents), and the lifecycle of every failing finding. Annotates `result.findings` with
   * `properties.lifecycle`. Scans of the same target are serialised by an advisory lock; different
   * targets save in parallel.
   */
  async saveScan(result: ScanResult, opts: { targetKey: string; now?: string }): Promise<SaveOutcome> {
    const scanId = result.scan.id || randomUUID();
    const at = opts.now ?? result.scan.finishedAt ?? new Date().toISOString();
    const key = opts.targetKey;
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`aispm-target:${key}`]);
      const prev = await loadStates(tx, key);
      const previous = await tx.query<{ id: string }>('SELECT id FROM scans WHERE target_key = $1 ORDER BY seq DESC LIMIT 1', [key]);
      const lc = computeLifecycle(prev, result.findings, { id: scanId, at });
      annotateLifecycle(result.findings, lc);
      const c = counts(result, lc.labels, lc.resolved.length);
      const { assets, relations, findings, ...header } = result;
      const seenAssets = new Set<string>();
      const uniqueAssets = assets.filter((a) => !seenAssets.has(a.id) && seenAssets.add(a.id));
      await tx.query(
        `INSERT INTO scans (id, target_key, targets, started_at, finished_at, saved_at, tool_version, summary, header, seen_at)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)`,
        [scanId, key, JSON.stringify(result.scan.targets), result.scan.startedAt, result.scan.finishedAt, new Date().toISOString(), result.tool.version, JSON.stringify(c), JSON.stringify(header), at],
      );
      const docs = await Promise.all([encodeDoc(uniqueAssets), encodeDoc(relations), encodeLines(findings), encodeDoc(findingIndex(findings))]);
      await tx.query(
        `INSERT INTO scan_data (scan_id, encoding, assets, relations, findings, finding_index)
         VALUES ($1, $2, decode($3, 'base64'), decode($4, 'base64'), decode($5, 'base64'), decode($6, 'base64'))`,
        [scanId, BLOB_ENCODING, ...docs.map((d) => d.toString('base64'))],
      );
      const pause = Number(process.env[PAUSE_ENV] ?? 0);
      if (pause > 0) {
        process.stderr.write('aispm-store: paused in save\n');
        await new Promise((r) => setTimeout(r, pause));
      }
      // Resolved: last seen in the previous scan (the derived values loadStates returned).
      await insertChunks(
        tx,
        `UPDATE finding_states f SET state = 'resolved', resolved_at = $2, last_seen = x.last_seen, last_scan = x.last_scan
         FROM json_to_recordset($3::json) AS x(finding_id text, last_seen text, last_scan text)
         WHERE f.target_key = $1 AND f.finding_id = x.finding_id AND f.state <> 'resolved'`,
        lc.resolved.map((s) => ({ finding_id: s.findingId, last_seen: s.lastSeen, last_scan: s.lastScan })),
        [key, at],
      );
      await insertChunks(
        tx,
        `INSERT INTO finding_states (target_key, finding_id, rule_id, severity, state, first_seen, last_seen, first_scan, last_scan, resolved_at, reopened_count)
         SELECT $1, x.finding_id, x.rule_id, x.severity, x.state, x.first_seen, x.last_seen, x.first_scan, x.last_scan, NULL, x.reopened_count
         FROM json_to_recordset($2::json) AS x(finding_id text, rule_id text, severity text, state text, first_seen text, last_seen text, first_scan text, last_scan text, reopened_count int)
         ON CONFLICT (target_key, finding_id) DO UPDATE SET rule_id = excluded.rule_id, severity = excluded.severity, state = excluded.state,
           first_seen = excluded.first_seen, last_seen = excluded.last_seen, first_scan = excluded.first_scan, last_scan = excluded.last_scan,
           resolved_at = NULL, reopened_count = excluded.reopened_count`,
        lc.writes.map((s) => ({
          finding_id: s.findingId, rule_id: s.ruleId, severity: s.severity, state: s.state, first_seen: s.firstSeen, last_seen: s.lastSeen,
          first_scan: s.firstScan, last_scan: s.lastScan, reopened_count: s.reopenedCount,
        })),
        [key],
      );
      const out: SaveOutcome = { scanId, targetKey: key, counts: c, resolved: lc.resolved, episodes: new Map(lc.next.map((s) => [s.findingId, s.reopenedCount])) };
      if (previous[0]) out.previousScanId = previous[0].id;
      return out;
    });
  }

  /** Scans newest first, optionally of one target. */
  async listScans(opts: { targetKey?: string; limit?: number } = {}): Promise<ScanSummary[]> {
    const limit = opts.limit ?? 50;
    const rows = opts.targetKey
      ? await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM scans WHERE target_key = $1 ORDER BY seq DESC LIMIT $2`, [opts.targetKey, limit])
      : await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM scans ORDER BY seq DESC LIMIT $1`, [limit]);
    return rows.map(summaryFromRow);
  }

  /** A scan by full id or unique id prefix (at least 4 characters). */
  async findScan(ref: string): Promise<ScanSummary | undefined> {
    const exact = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM scans WHERE id = $1`, [ref]);
    if (exact[0]) return summaryFromRow(exact[0]);
    if (ref.length < 4) return undefined;
    const rows = await this.db.query(`SELECT ${SUMMARY_COLUMNS} FROM scans WHERE id LIKE $1 || '%' ORDER BY seq DESC LIMIT 2`, [ref.replace(/[%_\\]/g, '')]);
    if (rows.length > 1) throw new Error(`scan id prefix "${ref}" is ambiguous`);
    return rows[0] ? summaryFromRow(rows[0]) : undefined;
  }

  /** Reads and decodes some of a scan's documents; undefined when the scan has none. */
  private async documents(id: string, parts: readonly ScanPart[]): Promise<ScanDocs | undefined> {
    const rows = await this.db.query(`SELECT encoding, ${parts.map((p) => `encode(${p}, 'base64') AS ${p}`).join(', ')} FROM scan_data WHERE scan_id = $1`, [id]);
    const r = rows[0];
    if (!r) return undefined;
    const enc = String(r.encoding);
    const out: ScanDocs = {};
    await Promise.all(
      parts.map(async (p) => {
        if (p === 'findings') out.findingLines = await decodeLines(r[p], enc);
        else if (p === 'finding_index') out.index = await decodeDoc<FindingIndexEntry[]>(r[p], enc);
        else if (p === 'assets') out.assets = await decodeDoc<Asset[]>(r[p], enc);
        else out.relations = await decodeDoc<Relation[]>(r[p], enc);
      }),
    );
    return out;
  }

  /** What a diff reads of one scan: assets and finding index decoded, the findings document inflating. */
  private async diffDocs(id: string): Promise<DiffDocs | undefined> {
    const rows = await this.db.query(
      `SELECT encoding, encode(assets, 'base64') AS assets, encode(finding_index, 'base64') AS finding_index, encode(findings, 'base64') AS findings FROM scan_data WHERE scan_id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return undefined;
    const enc = String(r.encoding);
    const inflating = inflateDoc(r.findings, enc);
    // Handled where awaited; this only keeps an early failure from being reported as unhandled.
    inflating.catch(() => undefined);
    const [assets, index] = await Promise.all([decodeDoc<Asset[]>(r.assets, enc), decodeDoc<FindingIndexEntry[]>(r.finding_index, enc)]);
    return { assets, index, findings: () => inflating };
  }

  /** The whole report of a saved scan, reassembled (findings carry their lifecycle). */
  async getScan(id: string): Promise<ScanResult | undefined> {
    const head = await this.db.query<{ header: Omit<ScanResult, 'assets' | 'relations' | 'findings'> }>('SELECT header FROM scans WHERE id = $1', [id]);
    if (!head[0]) return undefined;
    const docs = await this.documents(id, ['assets', 'relations', 'findings']);
    const findings = (docs?.findingLines ?? []).map((l) => JSON.parse(l) as Finding);
    return { ...head[0].header, assets: docs?.assets ?? [], relations: docs?.relations ?? [], findings };
  }

  /** Fingerprints failing in a saved scan (a `--baseline SCAN_ID`). */
  async failingFingerprints(scanId: string): Promise<Set<string>> {
    const docs = await this.documents(scanId, ['finding_index']);
    return new Set((docs?.index ?? []).filter((e) => e[1] === 1).map((e) => e[0]));
  }

  /** The lifecycle states of a target's fingerprints. */
  async findingStates(targetKey: string): Promise<FindingState[]> {
    return [...(await loadStates(this.db, targetKey)).values()].sort((a, b) => a.findingId.localeCompare(b.findingId));
  }

  /**
   * Drift between two saved scans of (usually) one target: asset changes before → after, MCP
   * definition changes, new / reopened / resolved findings. `fromId` null compares with nothing.
   */
  async diff(fromId: string | null, toId: string): Promise<ScanDiff> {
    const to = await this.findScan(toId);
    if (!to) throw new Error(`no saved scan ${toId}`);
    const from = fromId ? await this.findScan(fromId) : undefined;
    if (fromId && !from) throw new Error(`no saved scan ${fromId}`);
    // One round trip per scan; each findings document starts inflating on the thread pool at once,
    // overlapping the asset and index decoding, and only the changed findings' lines are parsed.
    const [a, b] = await Promise.all([from ? this.diffDocs(from.id) : Promise.resolve(undefined), this.diffDocs(to.id)]);
    const assets = diffAssets(a?.assets ?? [], b?.assets ?? []);
    const sev: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
    const bySev = (x: FindingRef, y: FindingRef) => (sev[x.severity] ?? 9) - (sev[y.severity] ?? 9) || compare(x.ruleId, y.ruleId) || compare(x.id, y.id);
    const byKind = (x: AssetRef, y: AssetRef) => compare(x.kind, y.kind) || compare(x.name, y.name);
    const pos = diffFindingIndex(a?.index ?? [], b?.index ?? []);
    const refs = async (docs: DiffDocs | undefined, at: number[]): Promise<FindingRef[]> => {
      if (!docs || !at.length) return [];
      const lines = linesAt(await docs.findings(), at);
      return at.flatMap((i) => {
        const l = lines.get(i);
        return l ? [findingRef(JSON.parse(l) as Finding)] : [];
      });
    };
    const [started, resolved] = await Promise.all([refs(b, [...pos.new, ...pos.reopened]), refs(a, pos.resolved)]);
    const f = { new: started.slice(0, pos.new.length), reopened: started.slice(pos.new.length), resolved };
    return {
      schema: 'aispm.diff/v1',
      from: from ? { id: from.id, at: from.finishedAt, targetKey: from.targetKey } : null,
      to: { id: to.id, at: to.finishedAt, targetKey: to.targetKey },
      assets: { added: assets.added.sort(byKind), removed: assets.removed.sort(byKind), changed: assets.changed.sort(byKind) },
      mcp: assets.mcp.sort(byKind),
      findings: { new: f.new.sort(bySev), resolved: f.resolved.sort(bySev), reopened: f.reopened.sort(bySev) },
    };
  }
}
