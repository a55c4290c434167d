import { randomUUID } from 'node:crypto';
import type { SqlDriver } from './driver.js';
import { insertChunks } from './sql-util.js';

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

/** Exceptions, dataset approvals and the notification log: the small tables beside the scans. */
export class StoreRecords {
  constructor(readonly db: SqlDriver) {}

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
       SELECT $1, x.finding_id, $2, x.episode, $3 FROM json_to_recordset($4::json) AS x(finding_id text, episode int) ON CONFLICT DO NOTHING`,
      sent.map((s) => ({ finding_id: s.findingId, episode: s.episode })),
      [targetKey, sink, new Date().toISOString()],
    );
  }
}
