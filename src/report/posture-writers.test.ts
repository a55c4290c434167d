import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../core/index.js';
import { sampleReport } from './report-fixture.test-support.js';
import { ocsfEvents, ocsfWriter, OCSF_VERSION } from './ocsf.js';
import { CSV_COLUMNS, csvCell, csvWriter } from './csv.js';
import { htmlWriter } from './html.js';
import { markdownWriter, mdCell } from './markdown.js';
import { writers } from './index.js';

const opts = { color: false, rules: new Map() };

/** The required attributes of OCSF 1.3 `detection_finding` (and its required objects), as a JSON Schema. */
const OCSF_DETECTION_FINDING = {
  type: 'object',
  required: ['activity_id', 'category_uid', 'class_uid', 'finding_info', 'metadata', 'severity_id', 'time', 'type_uid'],
  properties: {
    activity_id: { enum: [0, 1, 2, 3, 99] },
    category_uid: { const: 2 },
    class_uid: { const: 2004 },
    type_uid: { enum: [200400, 200401, 200402, 200403, 200499] },
    severity_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
    status_id: { enum: [0, 1, 2, 3, 4, 99] },
    time: { type: 'integer', minimum: 0 },
    message: { type: 'string' },
    finding_info: {
      type: 'object',
      required: ['uid', 'title'],
      properties: {
        uid: { type: 'string', minLength: 1 },
        title: { type: 'string', minLength: 1 },
        desc: { type: 'string' },
        types: { type: 'array', items: { type: 'string' } },
        first_seen_time: { type: 'integer' },
        last_seen_time: { type: 'integer' },
      },
    },
    metadata: {
      type: 'object',
      required: ['product', 'version'],
      properties: { version: { type: 'string', pattern: '^1\\.' }, product: { type: 'object', required: ['vendor_name', 'name'] } },
    },
    resources: { type: 'array', items: { type: 'object', required: ['uid'] } },
  },
};

function annotated(): ScanResult {
  const r = sampleReport();
  const [a, b, c] = r.findings;
  a!.properties = { ...a!.properties, lifecycle: { state: 'new', firstSeen: '2026-11-26T05:00:01.000Z', lastSeen: '2026-11-26T05:00:01.000Z' }, owner: '@acme/ml' };
  b!.properties = { ...b!.properties, lifecycle: { state: 'reopened', firstSeen: '2026-01-01T00:00:00.000Z', lastSeen: '2026-11-26T05:00:01.000Z' }, owner: null };
  c!.properties = { ...c!.properties, lifecycle: { state: 'suppressed', firstSeen: '2026-02-01T00:00:00.000Z', lastSeen: '2026-11-26T05:00:01.000Z' }, suppressed: { by: 'store', reason: 'lab', owner: 'sec', expires: '2027-01-01' } };
  return r;
}

describe('registry', () => {
  it('registers ocsf, csv, html and markdown', () => {
    for (const f of ['ocsf', 'csv', 'html', 'markdown']) expect(writers.some((w) => w.format === f)).toBe(true);
  });
});

describe('ocsf', () => {
  it('writes valid Detection Findings for failing and manual findings only', () => {
    const r = annotated();
    const events = JSON.parse(ocsfWriter.write(r, opts)) as Record<string, unknown>[];
    const validate = new Ajv({ allErrors: true, strict: false }).compile(OCSF_DETECTION_FINDING);
    expect(events.length).toBe(r.findings.filter((f) => f.status === 'fail' || f.status === 'manual').length);
    for (const e of events) expect(validate(e), JSON.stringify(validate.errors)).toBe(true);
    const [newOne, reopened, suppressed] = events as { activity_id: number; type_uid: number; status_id: number; severity_id: number; finding_info: Record<string, unknown>; resources: Record<string, unknown>[]; metadata: { version: string } }[];
    expect(newOne).toMatchObject({ activity_id: 1, type_uid: 200401, status_id: 1, severity_id: 5 });
    expect(newOne!.finding_info).toMatchObject({ uid: r.findings[0]!.id, title: r.findings[0]!.title, desc: 'Pickle imports os.system', types: ['unsafe-model', 'model_file_free_of_code_execution'] });
    expect(newOne!.resources[0]).toMatchObject({ uid: r.findings[0]!.assetId, name: 'evil model.pkl', type: 'model-file' });
    expect(newOne!.metadata.version).toBe(OCSF_VERSION);
    expect(reopened).toMatchObject({ activity_id: 2, status_id: 2, severity_id: 4 });
    expect(reopened!.finding_info.first_seen_time).toBe(Date.parse('2026-01-01T00:00:00.000Z'));
    expect(suppressed).toMatchObject({ status_id: 3 });
    const manual = events.find((e) => (e as { status_id: number }).status_id === 99);
    expect(manual).toBeDefined();
  });

  it('handles an empty report and findings without lifecycle (no store)', () => {
    const r = sampleReport();
    expect(JSON.parse(ocsfWriter.write({ ...r, findings: [] }, opts))).toEqual([]);
    const e = ocsfEvents(r)[0] as { activity_id: number; status_id: number; finding_info: { first_seen_time: number } };
    expect(e.activity_id).toBe(1);
    expect(e.status_id).toBe(1);
    expect(e.finding_info.first_seen_time).toBe(Date.parse(r.scan.finishedAt));
  });
});

describe('csv', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"\nbye')).toBe('"say ""hi""\nbye"');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+2')).toBe("'-1+2");
    expect(csvCell(undefined)).toBe('');
  });

  it('writes a header and one row per finding with posture columns', () => {
    const r = annotated();
    const text = csvWriter.write(r, opts);
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines.length).toBe(r.findings.length + 1);
    expect(lines[1]).toContain('new');
    expect(lines[1]).toContain('@acme/ml');
    expect(lines[3]).toContain('suppressed');
    expect(csvWriter.write({ ...r, findings: [] }, opts)).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('html', () => {
  it('is one self-contained file with every scanned value escaped', () => {
    const r = annotated();
    r.findings[0]!.message = '<script>alert(1)</script> & "quotes"';
    r.assets[0]!.name = '<img src=x onerror=alert(1)>.pkl';
    const html = htmlWriter.write(r, opts);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('suppressed by sec until 2027-01-01');
    expect(html).toContain('evil model.pkl');
    const empty = htmlWriter.write({ ...r, findings: [], assets: [], paths: [], compliance: [] }, opts);
    expect(empty).toContain('Nothing failing.');
  });
});

describe('markdown', () => {
  it('summarises what is new for a PR comment, escaping scanned text', () => {
    const r = annotated();
    r.findings[0]!.message = 'bad | pipe <b>html</b> [link](http://x) @someone';
    const md = markdownWriter.write(r, opts);
    expect(md).toMatch(/^### aispm — 2 new findings/);
    expect(md).toContain('New or reopened in this scan');
    expect(md).toContain('bad \\| pipe \\<b\\>html\\</b\\> \\[link\\]\\(http://x\\) @\u200bsomeone');
    expect(md).not.toContain('dataset_free_of_pii` | data/train.csv'); // suppressed: counted, not listed
    expect(mdCell('a\nb')).toBe('a b');
  });

  it('lists every failing finding when there is no lifecycle, and says nothing new when clean', () => {
    const r = sampleReport();
    expect(markdownWriter.write(r, opts)).toMatch(/^### aispm — \d+ findings/);
    expect(markdownWriter.write({ ...r, findings: [] }, opts)).toMatch(/^### aispm — nothing new/);
  });
});
