import { describe, expect, it } from 'vitest';
import type { ScanDiff } from '../../store/index.js';
import { renderDiff, renderDiffMarkdown } from './render-diff.js';

const diff: ScanDiff = {
  schema: 'aispm.diff/v1',
  from: { id: 'scan-a', at: '2026-01-01T00:00:00.000Z', targetKey: '/estate' },
  to: { id: 'scan-b', at: '2026-01-02T00:00:00.000Z', targetKey: '/estate' },
  assets: {
    added: [{ id: 'm', kind: 'model-file', name: 'new.pkl', provider: 'local', path: 'models/new.pkl' }],
    removed: [{ id: 's', kind: 'secret', name: 'OpenAI key sk-pr…9Qa', provider: 'openai', path: '.env' }],
    changed: [{ id: 'n', kind: 'notebook', name: 'lab', provider: 'aws', path: 'infra/main.tf', changes: [{ path: 'resource.attributes.direct_internet_access', before: 'Disabled', after: 'Enabled' }] }],
  },
  mcp: [{ id: 'p', kind: 'mcp-server', name: 'files', provider: 'cursor', changes: [{ path: 'args', before: ['a@1'], after: ['a@2'] }] }],
  findings: {
    new: [{ id: 'f1', ruleId: 'notebook_no_internet', severity: 'high', title: 't', message: 'lab | <b>open</b>', assetId: 'n', location: { path: 'infra/main.tf', line: 5 } }],
    resolved: [{ id: 'f2', ruleId: 'no_secrets', severity: 'critical', title: 't', message: 'key in .env', assetId: 's', location: { path: '.env', line: 1 } }],
    reopened: [],
  },
};

describe('renderDiff', () => {
  it('shows every section with before → after', () => {
    const t = renderDiff(diff);
    expect(t).toContain('from scan scan-a');
    expect(t).toContain('+ model-file  new.pkl  (models/new.pkl)');
    expect(t).toContain('- secret  OpenAI key sk-pr…9Qa  (.env)');
    expect(t).toContain('resource.attributes.direct_internet_access: "Disabled" → "Enabled"');
    expect(t).toContain('possible rug pull (1)');
    expect(t).toContain('args: ["a@1"] → ["a@2"]');
    expect(t).toMatch(/NEW {7}high {5}notebook_no_internet {2}infra\/main\.tf:5/);
    expect(t).toContain('Findings: 1 new, 0 reopened, 1 resolved');
  });

  it('says so when nothing changed, and the first scan compares with nothing', () => {
    const empty: ScanDiff = { ...diff, from: null, assets: { added: [], removed: [], changed: [] }, mcp: [], findings: { new: [], resolved: [], reopened: [] } };
    const t = renderDiff(empty);
    expect(t).toContain('from nothing (first scan)');
    expect(t).toContain('No changes.');
  });

  it('renders a Markdown PR comment with scanned text escaped', () => {
    const m = renderDiffMarkdown(diff);
    expect(m).toMatch(/^### aispm drift — 1 new, 0 reopened, 1 resolved findings/);
    expect(m).toContain('- + **model-file** new.pkl (models/new.pkl)');
    expect(m).toContain('`resource.attributes.direct_internet_access`: "Disabled" → "Enabled"');
    expect(m).toContain('lab \\| \\<b\\>open\\</b\\>');
    expect(m).toContain('MCP server definitions changed');
  });
});
