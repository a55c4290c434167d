import type { SqlDriver } from './driver.js';

/**
 * The one migration set, PostgreSQL dialect, run the same way on PGlite and on a server.
 * Append only: a released migration is never edited; a change is a new entry.
 *
 * Times are ISO-8601 UTC text (`2026-01-02T03:04:05.000Z`): both drivers return text unchanged,
 * and it sorts correctly. `scans.seq` orders scans without trusting clocks.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'scans, assets, relations, findings, lifecycle, exceptions, approvals, notifications',
    sql: `
CREATE TABLE scans (
  seq          serial UNIQUE,
  id           text PRIMARY KEY,
  target_key   text NOT NULL,
  targets      jsonb NOT NULL,
  started_at   text NOT NULL,
  finished_at  text NOT NULL,
  saved_at     text NOT NULL,
  tool_version text NOT NULL,
  summary      jsonb NOT NULL,
  -- the report minus assets/relations/findings (schema, tool, scan, paths, compliance, lineage)
  header       jsonb NOT NULL
);
CREATE INDEX scans_target_seq ON scans (target_key, seq);

CREATE TABLE scan_assets (
  scan_id text NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  id      text NOT NULL,
  kind    text NOT NULL,
  name    text NOT NULL,
  -- digest of kind/name/provider/type/properties: unchanged assets are skipped by diff in SQL
  digest  text NOT NULL,
  data    jsonb NOT NULL,
  PRIMARY KEY (scan_id, id)
);

CREATE TABLE scan_relations (
  scan_id text NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  ord     integer NOT NULL,
  from_id text NOT NULL,
  to_id   text NOT NULL,
  kind    text NOT NULL,
  data    jsonb NOT NULL,
  PRIMARY KEY (scan_id, ord)
);

CREATE TABLE scan_findings (
  scan_id   text NOT NULL REFERENCES scans (id) ON DELETE CASCADE,
  ord       integer NOT NULL,
  id        text NOT NULL,
  rule_id   text NOT NULL,
  severity  text NOT NULL,
  status    text NOT NULL,
  asset_id  text NOT NULL,
  -- new | open | reopened | suppressed | accepted (failing findings), null otherwise
  lifecycle text,
  data      jsonb NOT NULL,
  PRIMARY KEY (scan_id, ord)
);
CREATE INDEX scan_findings_id ON scan_findings (scan_id, id);

CREATE TABLE finding_states (
  target_key     text NOT NULL,
  finding_id     text NOT NULL,
  rule_id        text NOT NULL,
  severity       text NOT NULL,
  -- open | resolved | excepted (suppressed or accepted)
  state          text NOT NULL,
  first_seen     text NOT NULL,
  last_seen      text NOT NULL,
  first_scan     text NOT NULL,
  last_scan      text NOT NULL,
  resolved_at    text,
  reopened_count integer NOT NULL DEFAULT 0,
  PRIMARY KEY (target_key, finding_id)
);

CREATE TABLE suppressions (
  id         text PRIMARY KEY,
  selector   text NOT NULL,
  path       text,
  reason     text NOT NULL,
  owner      text NOT NULL,
  expires    text,
  created_at text NOT NULL
);

CREATE TABLE approvals (
  sha256     text NOT NULL,
  path       text NOT NULL,
  approver   text NOT NULL,
  expires    text,
  reason     text,
  created_at text NOT NULL,
  PRIMARY KEY (sha256, path)
);

CREATE TABLE notifications (
  target_key text NOT NULL,
  finding_id text NOT NULL,
  sink       text NOT NULL,
  -- a reopened finding is a new episode and is notified again; the same episode never twice
  episode    integer NOT NULL,
  sent_at    text NOT NULL,
  PRIMARY KEY (target_key, finding_id, sink, episode)
);
`,
  },
  {
    version: 2,
    name: 'per-scan assets, relations and findings as compressed JSON documents',
    // Row-per-finding tables cost ~30 µs a row in PGlite (WASM): 100,000 findings took 10+ s to save.
    // A scan's payload is written once and read whole (report, diff, baseline), so it is stored as
    // three gzip'd JSON documents; what is queried across scans (finding_states) stays relational.
    // Scans saved by development builds with only migration 1 (never released) keep their row and
    // summary but lose their per-scan documents; they diff as empty scans.
    sql: `
DROP TABLE scan_findings;
DROP TABLE scan_relations;
DROP TABLE scan_assets;
CREATE TABLE scan_data (
  scan_id   text PRIMARY KEY REFERENCES scans (id) ON DELETE CASCADE,
  -- 'gzip-v1': assets, relations, finding_index are gzip'd JSON arrays; findings gzip'd JSON Lines
  encoding      text NOT NULL,
  assets        bytea NOT NULL,
  relations     bytea NOT NULL,
  findings      bytea NOT NULL,
  -- [fingerprint, failing 1/0, lifecycle] per finding, in the order of the findings document
  finding_index bytea NOT NULL
);
-- The time lifecycle uses for a scan ("now" when it was saved). finding_states.last_seen / last_scan
-- are written only when a state changes; for findings still failing they are read as the target's
-- latest scan, so a scan writes rows only for what changed, not for all 100,000 open findings.
ALTER TABLE scans ADD COLUMN seen_at text;
UPDATE scans SET seen_at = finished_at;
ALTER TABLE scans ALTER COLUMN seen_at SET NOT NULL;
`,
  },
];

/** Arbitrary constant: serialises migrations when several processes open a fresh server at once. */
const MIGRATION_LOCK = 7_427_001;

/** Brings the database to the newest schema; safe to call on every open, from parallel processes. */
export async function migrate(db: SqlDriver): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS aispm_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)`);
    const rows = await tx.query<{ v: number | null }>('SELECT max(version) AS v FROM aispm_migrations');
    const current = rows[0]?.v ?? 0;
    const newest = MIGRATIONS.at(-1)?.version ?? 0;
    if (current > newest) throw new Error(`the store was written by a newer aispm (schema ${current} > ${newest}); upgrade aispm`);
    for (const m of MIGRATIONS) {
      if (m.version <= current) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO aispm_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [m.version, m.name, new Date().toISOString()]);
    }
    return newest;
  });
}
