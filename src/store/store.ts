import { randomUUID } from 'node:crypto';
import type { Asset, Finding, Relation, ScanResult } from '../core/index.js';
import type { Row, SqlDriver, SqlExecutor } from './driver.js';
import { migrate } from './migrations.js';
import { annotateLifecycle, computeLifecycle, isFailing, type FindingState, type LifecycleLabel } from './lifecycle.js';
import { assetDigest, assetRef, diffAsset, findingRef, mcpChange, type AssetChange, type ScanDiff } from './diff.js';

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

export interface Suppression {
  id: string;
  /** A finding fingerprint or a rule id. */
  selector: string;
  /** Optional gitignore-style path the suppression is limited to. */
  path?: string;
  reason: string;
  owner: string;
  /** YYYY-MM-DD; the suppression stops applying after this day. */
  expires?: string;
  createdAt: string;
}

export interface Approval {
  sha256: string;
  path: string;
  approver: string;
  expires?: string;
  reason?: string;
  createdAt: string;
}

/** Rows per bulk statement: big enough to amortise round trips, small enough to bound memory. */
const CHUNK = 5000;

/**
 * Test hook (documented in the store tests): when set to a number of milliseconds, `saveScan` writes
 * `aispm-store: paused in save` to stderr half-way through its transaction and waits that long, so a
 * test can SIGKILL the process mid-transaction and check nothing of the half-saved scan remains.
 */
export const PAUSE_ENV = 'AISPM_STORE_TEST_PAUSE_MS';

async function insertChunks<T>(tx: SqlExecutor, sql: string, rows: readonly T[], first: readonly unknown[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await tx.query(sql, [...first, JSON.stringify(rows.slice(i, i + CHUNK))]);
}

const stateFromRow = (r: Row): FindingState => ({
  findingId: String(r.finding_id),
  ruleId: String(r.rule_id),
  severity: String(r.severity),
  state: r.state as FindingState['state'],
  firstSeen: String(r.first_seen),
  lastSeen: String(r.last_seen),
  firstScan: String(r.first_scan),
  lastScan: String(r.last_scan),
  resolvedAt: r.resolved_at === null || r.resolved_at === undefined ? null : String(r.resolved_at),
  reopenedCount: Number(r.reopened_count),
});

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
export class Store {
  private constructor(readonly db: SqlDriver) {}

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
   * Saves one scan in one transaction: the scan row, its assets, relations and findings, and the
   * lifecycle of every failing finding. Annotates `result.findings` with `properties.lifecycle`.
   * Scans of the same target are serialised by an advisory lock; different targets run in parallel.
   */
  async saveScan(result: ScanResult, opts: { targetKey: string; now?: string }): Promise<SaveOutcome> {
    const scanId = result.scan.id || randomUUID();
    const at = opts.now ?? result.scan.finishedAt ?? new Date().toISOString();
    const key = opts.targetKey;
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`aispm-target:${key}`]);
      const prevRows = await tx.query('SELECT * FROM finding_states WHERE target_key = $1', [key]);
      const prev = new Map(prevRows.map((r) => [String(r.finding_id), stateFromRow(r)]));
      const previous = await tx.query<{ id: string }>('SELECT id FROM scans WHERE target_key = $1 ORDER BY seq DESC LIMIT 1', [key]);
      const lc = computeLifecycle(prev, result.findings, { id: scanId, at });
      annotateLifecycle(result.findings, lc);
      const c = counts(result, lc.labels, lc.resolved.length);
      const { assets, relations, findings, ...header } = result;
      await tx.query(
        `INSERT INTO scans (id, target_key, targets, started_at, finished_at, saved_at, tool_version, summary, header)
         VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, $8::jsonb, $9::jsonb)`,
        [scanId, key, JSON.stringify(result.scan.targets), result.scan.startedAt, result.scan.finishedAt, new Date().toISOString(), result.tool.version, JSON.stringify(c), JSON.stringify(header)],
      );
      const seenAssets = new Set<string>();
      const assetRows = assets.filter((a) => !seenAssets.has(a.id) && seenAssets.add(a.id)).map((a) => ({ id: a.id, kind: a.kind, name: a.name, digest: assetDigest(a), data: a }));
      await insertChunks(
        tx,
        `INSERT INTO scan_assets (scan_id, id, kind, name, digest, data)
         SELECT $1, x.id, x.kind, x.name, x.digest, x.data FROM jsonb_to_recordset($2::jsonb) AS x(id text, kind text, name text, digest text, data jsonb)`,
        assetRows,
        [scanId],
      );
      await insertChunks(
        tx,
        `INSERT INTO scan_relations (scan_id, ord, from_id, to_id, kind, data)
         SELECT $1, x.ord, x.from_id, x.to_id, x.kind, x.data FROM jsonb_to_recordset($2::jsonb) AS x(ord int, from_id text, to_id text, kind text, data jsonb)`,
        relations.map((r, ord) => ({ ord, from_id: r.from, to_id: r.to, kind: r.kind, data: r })),
        [scanId],
      );
      await insertChunks(
        tx,
        `INSERT INTO scan_findings (scan_id, ord, id, rule_id, severity, status, asset_id, lifecycle, data)
         SELECT $1, x.ord, x.id, x.rule_id, x.severity, x.status, x.asset_id, x.lifecycle, x.data
         FROM jsonb_to_recordset($2::jsonb) AS x(ord int, id text, rule_id text, severity text, status text, asset_id text, lifecycle text, data jsonb)`,
        findings.map((f, ord) => ({ ord, id: f.id, rule_id: f.ruleId, severity: f.severity, status: f.status, asset_id: f.assetId, lifecycle: lc.labels.get(f.id) ?? null, data: f })),
        [scanId],
      );
      const pause = Number(process.env[PAUSE_ENV] ?? 0);
      if (pause > 0) {
        process.stderr.write('aispm-store: paused in save\n');
        await new Promise((r) => setTimeout(r, pause));
      }
      await insertChunks(
        tx,
        `INSERT INTO finding_states (target_key, finding_id, rule_id, severity, state, first_seen, last_seen, first_scan, last_scan, resolved_at, reopened_count)
         SELECT $1, x.finding_id, x.rule_id, x.severity, x.state, x.first_seen, x.last_seen, x.first_scan, x.last_scan, x.resolved_at, x.reopened_count
         FROM jsonb_to_recordset($2::jsonb) AS x(finding_id text, rule_id text, severity text, state text, first_seen text, last_seen text, first_scan text, last_scan text, resolved_at text, reopened_count int)
         ON CONFLICT (target_key, finding_id) DO UPDATE SET rule_id = excluded.rule_id, severity = excluded.severity, state = excluded.state,
           first_seen = excluded.first_seen, last_seen = excluded.last_seen, first_scan = excluded.first_scan, last_scan = excluded.last_scan,
           resolved_at = excluded.resolved_at, reopened_count = excluded.reopened_count`,
        lc.next.map((s) => ({
          finding_id: s.findingId, rule_id: s.ruleId, severity: s.severity, state: s.state, first_seen: s.firstSeen, last_seen: s.lastSeen,
          first_scan: s.firstScan, last_scan: s.lastScan, resolved_at: s.resolvedAt, reopened_count: s.reopenedCount,
        })),
        [key],
      );
      if (lc.resolved.length)
        await tx.query(`UPDATE finding_states SET state = 'resolved', resolved_at = $2 WHERE target_key = $1 AND state <> 'resolved' AND last_scan <> $3`, [key, at, scanId]);
      const out: SaveOutcome = { scanId, targetKey: key, counts: c, resolved: lc.resolved, episodes: new Map(lc.next.map((s) => [s.findingId, s.reopenedCount])) };
      if (previous[0]) out.previousScanId = previous[0].id;
      return out;
    });
  }

  /** Scans newest first, optionally of one target. */
  async listScans(opts: { targetKey?: string; limit?: number } = {}): Promise<ScanSummary[]> {
    const limit = opts.limit ?? 50;
    const rows = opts.targetKey
      ? await this.db.query('SELECT * FROM scans WHERE target_key = $1 ORDER BY seq DESC LIMIT $2', [opts.targetKey, limit])
      : await this.db.query('SELECT * FROM scans ORDER BY seq DESC LIMIT $1', [limit]);
    return rows.map(summaryFromRow);
  }

  /** A scan by full id or unique id prefix (at least 4 characters). */
  async findScan(ref: string): Promise<ScanSummary | undefined> {
    const exact = await this.db.query('SELECT * FROM scans WHERE id = $1', [ref]);
    if (exact[0]) return summaryFromRow(exact[0]);
    if (ref.length < 4) return undefined;
    const rows = await this.db.query("SELECT * FROM scans WHERE id LIKE $1 || '%' ORDER BY seq DESC LIMIT 2", [ref]);
    if (rows.length > 1) throw new Error(`scan id prefix "${ref}" is ambiguous`);
    return rows[0] ? summaryFromRow(rows[0]) : undefined;
  }

  /** The whole report of a saved scan, reassembled (findings carry their lifecycle). */
  async getScan(id: string): Promise<ScanResult | undefined> {
    const head = await this.db.query<{ header: Omit<ScanResult, 'assets' | 'relations' | 'findings'> }>('SELECT header FROM scans WHERE id = $1', [id]);
    if (!head[0]) return undefined;
    const [assets, relations, findings] = await Promise.all([
      this.db.query<{ data: Asset }>('SELECT data FROM scan_assets WHERE scan_id = $1 ORDER BY id', [id]),
      this.db.query<{ data: Relation }>('SELECT data FROM scan_relations WHERE scan_id = $1 ORDER BY ord', [id]),
      this.db.query<{ data: Finding }>('SELECT data FROM scan_findings WHERE scan_id = $1 ORDER BY ord', [id]),
    ]);
    return { ...head[0].header, assets: assets.map((r) => r.data), relations: relations.map((r) => r.data), findings: findings.map((r) => r.data) };
  }

  /** Fingerprints failing in a saved scan (a `--baseline SCAN_ID`). */
  async failingFingerprints(scanId: string): Promise<Set<string>> {
    const rows = await this.db.query<{ id: string }>("SELECT DISTINCT id FROM scan_findings WHERE scan_id = $1 AND status = 'fail'", [scanId]);
    return new Set(rows.map((r) => r.id));
  }

  /** The lifecycle states of a target's fingerprints. */
  async findingStates(targetKey: string): Promise<FindingState[]> {
    return (await this.db.query('SELECT * FROM finding_states WHERE target_key = $1 ORDER BY finding_id', [targetKey])).map(stateFromRow);
  }

  /**
   * Drift between two saved scans, computed in SQL so only what changed leaves the database:
   * assets added / removed / with a different digest, findings failing in one and not the other.
   */
  async diff(fromId: string | null, toId: string): Promise<ScanDiff> {
    const to = await this.findScan(toId);
    if (!to) throw new Error(`no saved scan ${toId}`);
    const from = fromId ? await this.findScan(fromId) : undefined;
    if (fromId && !from) throw new Error(`no saved scan ${fromId}`);
    const a = from?.id ?? '';
    const b = to.id;
    const [added, removed, changedRows, newRows, resolvedRows, lapsedRows] = await Promise.all([
      this.db.query<{ data: Asset }>(`SELECT n.data FROM scan_assets n WHERE n.scan_id = $2 AND n.kind <> 'internet'
        AND NOT EXISTS (SELECT 1 FROM scan_assets o WHERE o.scan_id = $1 AND o.id = n.id) ORDER BY n.kind, n.name`, [a, b]),
      this.db.query<{ data: Asset }>(`SELECT o.data FROM scan_assets o WHERE o.scan_id = $1 AND o.kind <> 'internet'
        AND NOT EXISTS (SELECT 1 FROM scan_assets n WHERE n.scan_id = $2 AND n.id = o.id) ORDER BY o.kind, o.name`, [a, b]),
      this.db.query<{ before: Asset; after: Asset }>(`SELECT o.data AS before, n.data AS after FROM scan_assets n JOIN scan_assets o ON o.id = n.id
        WHERE o.scan_id = $1 AND n.scan_id = $2 AND o.digest <> n.digest ORDER BY n.kind, n.name`, [a, b]),
      this.db.query<{ data: Finding; lifecycle: string | null }>(`SELECT DISTINCT ON (n.id) n.data, n.lifecycle FROM scan_findings n WHERE n.scan_id = $2 AND n.status = 'fail'
        AND NOT EXISTS (SELECT 1 FROM scan_findings o WHERE o.scan_id = $1 AND o.id = n.id AND o.status = 'fail') ORDER BY n.id, n.ord`, [a, b]),
      this.db.query<{ data: Finding }>(`SELECT DISTINCT ON (o.id) o.data FROM scan_findings o WHERE o.scan_id = $1 AND o.status = 'fail'
        AND NOT EXISTS (SELECT 1 FROM scan_findings n WHERE n.scan_id = $2 AND n.id = o.id AND n.status = 'fail') ORDER BY o.id, o.ord`, [a, b]),
      // Failing in both, but excepted before and not any more: the exception expired or was removed.
      this.db.query<{ data: Finding }>(`SELECT DISTINCT ON (n.id) n.data FROM scan_findings n WHERE n.scan_id = $2 AND n.status = 'fail' AND n.lifecycle IN ('new', 'open', 'reopened')
        AND EXISTS (SELECT 1 FROM scan_findings o WHERE o.scan_id = $1 AND o.id = n.id AND o.status = 'fail' AND o.lifecycle IN ('suppressed', 'accepted')) ORDER BY n.id, n.ord`, [a, b]),
    ]);
    const changed: AssetChange[] = [];
    const mcp: AssetChange[] = [];
    for (const r of changedRows) {
      const c = diffAsset(r.before, r.after);
      if (!c) continue;
      changed.push(c);
      const m = mcpChange(c);
      if (m) mcp.push(m);
    }
    const sev = { critical: 0, high: 1, medium: 2, low: 3, info: 4 } as Record<string, number>;
    const bySev = (x: Finding, y: Finding) => (sev[x.severity] ?? 9) - (sev[y.severity] ?? 9) || x.ruleId.localeCompare(y.ruleId);
    const reopened = [...newRows.filter((r) => r.lifecycle === 'reopened').map((r) => r.data), ...lapsedRows.map((r) => r.data)].sort(bySev);
    const fresh = newRows.filter((r) => r.lifecycle !== 'reopened').map((r) => r.data).sort(bySev);
    return {
      schema: 'aispm.diff/v1',
      from: from ? { id: from.id, at: from.finishedAt, targetKey: from.targetKey } : null,
      to: { id: to.id, at: to.finishedAt, targetKey: to.targetKey },
      assets: { added: added.map((r) => assetRef(r.data)), removed: removed.map((r) => assetRef(r.data)), changed },
      mcp,
      findings: { new: fresh.map(findingRef), resolved: resolvedRows.map((r) => r.data).sort(bySev).map(findingRef), reopened: reopened.map(findingRef) },
    };
  }

  // ── exceptions ────────────────────────────────────────────────────────────────────────────────

  async addSuppression(s: Omit<Suppression, 'id' | 'createdAt'> & { id?: string }): Promise<Suppression> {
    const row: Suppression = { ...s, id: s.id ?? randomUUID().slice(0, 8), createdAt: new Date().toISOString() };
    await this.db.query('INSERT INTO suppressions (id, selector, path, reason, owner, expires, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      row.id, row.selector, row.path ?? null, row.reason, row.owner, row.expires ?? null, row.createdAt,
    ]);
    return row;
  }

  async listSuppressions(): Promise<Suppression[]> {
    const rows = await this.db.query('SELECT * FROM suppressions ORDER BY created_at, id');
    return rows.map((r) => {
      const s: Suppression = { id: String(r.id), selector: String(r.selector), reason: String(r.reason), owner: String(r.owner), createdAt: String(r.created_at) };
      if (r.path) s.path = String(r.path);
      if (r.expires) s.expires = String(r.expires);
      return s;
    });
  }

  async removeSuppression(id: string): Promise<boolean> {
    return (await this.db.query('DELETE FROM suppressions WHERE id = $1 RETURNING id', [id])).length > 0;
  }

  async addApproval(a: Omit<Approval, 'createdAt'>): Promise<Approval> {
    const row: Approval = { ...a, createdAt: new Date().toISOString() };
    await this.db.query(
      `INSERT INTO approvals (sha256, path, approver, expires, reason, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sha256, path) DO UPDATE SET approver = excluded.approver, expires = excluded.expires, reason = excluded.reason, created_at = excluded.created_at`,
      [row.sha256, row.path, row.approver, row.expires ?? null, row.reason ?? null, row.createdAt],
    );
    return row;
  }

  async listApprovals(): Promise<Approval[]> {
    const rows = await this.db.query('SELECT * FROM approvals ORDER BY created_at');
    return rows.map((r) => {
      const a: Approval = { sha256: String(r.sha256), path: String(r.path), approver: String(r.approver), createdAt: String(r.created_at) };
      if (r.expires) a.expires = String(r.expires);
      if (r.reason) a.reason = String(r.reason);
      return a;
    });
  }

  // ── notification log ──────────────────────────────────────────────────────────────────────────

  /** Keys `findingId#episode` already sent to `sink` for this target. */
  async notified(targetKey: string, sink: string): Promise<Set<string>> {
    const rows = await this.db.query<{ finding_id: string; episode: number }>('SELECT finding_id, episode FROM notifications WHERE target_key = $1 AND sink = $2', [targetKey, sink]);
    return new Set(rows.map((r) => `${r.finding_id}#${r.episode}`));
  }

  async recordNotified(targetKey: string, sink: string, sent: readonly { findingId: string; episode: number }[]): Promise<void> {
    if (!sent.length) return;
    await insertChunks(
      this.db,
      `INSERT INTO notifications (target_key, finding_id, sink, episode, sent_at)
       SELECT $1, x.finding_id, $2, x.episode, $3 FROM jsonb_to_recordset($4::jsonb) AS x(finding_id text, episode int) ON CONFLICT DO NOTHING`,
      sent.map((s) => ({ finding_id: s.findingId, episode: s.episode })),
      [targetKey, sink, new Date().toISOString()],
    );
  }
}
