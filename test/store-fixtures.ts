import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { REPORT_SCHEMA_ID, assetId, findingFingerprint, type Asset, type Finding, type ScanResult, type Severity } from '../src/core/index.js';
import type { Store } from '../src/store/index.js';

/** The PostgreSQL server the store tests use (CI exports it and starts the server). */
export const TEST_DATABASE_URL = process.env.AISPM_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name per test run, so parallel runs on one server never collide. */
export function freshSchema(): string {
  return `aispm_t_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end();
  }
}

export function asset(kind: Asset['kind'], name: string, properties: Asset['properties'] = {}): Asset {
  return { id: assetId(kind, 'local', name), kind, name, provider: 'local', locations: [{ path: name }], properties };
}

export function finding(ruleId: string, a: Asset, severity: Severity = 'high', status: Finding['status'] = 'fail'): Finding {
  return {
    id: findingFingerprint(ruleId, a.id),
    ruleId,
    title: `${ruleId} title`,
    severity,
    category: 'exposure',
    status,
    assetId: a.id,
    location: { path: a.locations[0]?.path ?? 'x' },
    message: `${ruleId} on ${a.name}`,
    remediation: 'fix it',
    frameworks: {},
  };
}

export function result(assets: Asset[], findings: Finding[], at = new Date().toISOString(), targets = ['.']): ScanResult {
  return {
    schema: REPORT_SCHEMA_ID,
    tool: { name: 'aispm', version: '0.0.0-test' },
    scan: {
      id: randomUUID(),
      startedAt: at,
      finishedAt: at,
      targets,
      stats: { filesSeen: 0, filesAnalyzed: 0, bytesRead: 0, filesSkipped: 0, durationMs: 0, assetsByKind: {}, findingsBySeverity: {}, analyzers: {} },
      issues: [],
    },
    assets,
    relations: assets.length > 1 ? [{ from: assets[0]!.id, to: assets[1]!.id, kind: 'depends-on' }] : [],
    findings,
    paths: [],
    compliance: [{ framework: 'owasp-llm-2025', controls: [{ id: 'LLM03', status: 'fail', findingIds: findings.map((f) => f.id) }] }],
  };
}

/** One driver under test: how to open a store on it and how to clean up. */
export interface StoreTarget {
  name: 'pglite' | 'postgres';
  /** Opens a store on the same underlying database each time (reopen = new process view). */
  open(): Promise<Store>;
  spec: string;
  schema?: string;
  cleanup(): Promise<void>;
}
