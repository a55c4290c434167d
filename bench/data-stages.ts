import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CsvParser } from '../src/inspectors/data/readers/csv.js';
import { jsonlRow } from '../src/inspectors/data/readers/json.js';
import type { DataRow } from '../src/inspectors/data/readers/types.js';
import { SecretEngine } from '../src/inspectors/data/secrets/engine.js';
import { builtinSecretRules } from '../src/inspectors/data/secrets/rules/index.js';
import { scanInjection } from '../src/inspectors/data/poisoning/injection.js';
import { scanPii } from '../src/inspectors/data/pii/engine.js';
import { recognizers } from '../src/inspectors/data/pii/recognizers.js';
import { DatasetAnalysis } from '../src/inspectors/data/poisoning/dataset.js';
import { benchFormatReads } from './data-formats.js';
import { bestCpuMs, printTable } from './table.js';

/**
 * Where the data inspector's time goes: each stage alone over the same corpus files, in one
 * thread, best of a few rounds by CPU time (the JIT warm and, on a shared machine, the least
 * disturbed run).
 * The stages add up to less than a warm scan: the rest is the collector's per-row work, the
 * injection batch and garbage collection (see the README's "Quality and speed").
 */
export async function benchDataStages(corpusDir: string): Promise<void> {
  const csvText = readFileSync(path.join(corpusDir, 'data/tables/part-00000.csv'), 'utf8');
  const jsonlText = readFileSync(path.join(corpusDir, 'data/chats/part-00001.jsonl'), 'utf8');
  const csvLines = csvText.split('\n');
  const jsonlLines = jsonlText.split('\n').filter(Boolean);
  const blocks = (text: string) => {
    const out: string[] = [];
    for (let i = 0; i < text.length; i += 256 * 1024) out.push(text.slice(i, i + 256 * 1024));
    return out.map((b) => b.split('\n').join('\n'));
  };
  const rawBlocks = [...blocks(csvText), ...blocks(jsonlText)];
  const rawBytes = csvText.length + jsonlText.length;

  const best = (fn: () => void, rounds = 4) => bestCpuMs(fn, rounds);
  const rate = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
  const engine = new SecretEngine(builtinSecretRules);
  const out: string[][] = [];
  const row = (stage: string, what: string, bytes: number, ms: number) => out.push([stage, what, `${(bytes / 1024 / 1024).toFixed(1)} MB`, rate(bytes, ms)]);

  row('CSV parse (rows, cells, records)', 'raw CSV lines', csvText.length, best(() => {
    const p = new CsvParser({ delimiter: ',', quote: '"', header: true }, { truncated: false, bytes: 0, rows: 0 }, (c) => c.indexOf('label'));
    const sink: DataRow[] = [];
    for (const l of csvLines) {
      p.line(l, sink);
      sink.length = 0;
    }
  }));
  row('JSONL parse (JSON.parse, leaves, records)', 'raw JSONL lines', jsonlText.length, best(() => {
    for (let i = 0; i < jsonlLines.length; i++) jsonlRow(jsonlLines[i]!, i + 1, i + 1);
  }));
  // Parsed rows, once, as the detectors receive them: built only after the parse stages are
  // measured. Rows built first and kept made V8 pretenure the parser's cells (their allocation
  // sites had seen every object survive), so the timed parses then filled the old space and paid
  // a mark-compact per few rounds: CSV parse read 72 MB/s that way and ~360 without (2026-11-27);
  // the scan itself keeps no rows.
  const csvRows: DataRow[] = [];
  const parser = new CsvParser({ delimiter: ',', quote: '"', header: true }, { truncated: false, bytes: 0, rows: 0 }, (c) => c.indexOf('label'));
  for (const l of csvLines) parser.line(l, csvRows);
  parser.end(csvRows);
  const jsonRows = jsonlLines.map((l, i) => jsonlRow(l, i + 1, i + 1));
  const rows = [...csvRows, ...jsonRows];
  const cellBytes = rows.reduce((a, r) => a + r.cells.reduce((b, c) => b + c.text.length, 0), 0);
  const records = rows.flatMap((r) => (r.record ? [r.record] : []));
  const recordBytes = records.reduce((a, r) => a + r.text.length, 0);

  await benchFormatReads(records, row);
  row(`secrets (${builtinSecretRules.length} rules, prefilter + anchored tries)`, '256 KB raw blocks', rawBytes, best(() => {
    for (const b of rawBlocks) engine.scan(b);
  }));
  row('injection indicators', '256 KB raw blocks', rawBytes, best(() => {
    for (const b of rawBlocks) scanInjection(b);
  }));
  row(`PII / PHI (${recognizers.length} recognizers, per cell, column as context)`, 'decoded cells', cellBytes, best(() => {
    for (const r of rows) for (const c of r.cells) scanPii(c.text, c.field ?? '');
  }));
  row('poisoning (duplicates, MinHash LSH, triggers)', 'record texts', recordBytes, best(() => {
    const d = new DatasetAnalysis();
    for (let i = 0; i < records.length; i++) d.add({ text: records[i]!.text, label: records[i]!.label, row: i + 1 });
    d.finish();
  }, 4));
  // Worst cases: a block packed with values. Each value costs its own checks, but nothing may cost
  // more per value as the block grows (a pairwise overlap test and an unbounded indexOf per e-mail
  // address once made these quadratic: 0.2 MB/s on a 256 KB block of addresses).
  const dense = (make: (i: number) => string) => {
    const parts: string[] = [];
    for (let i = 0, size = 0; size < 256 * 1024; i++) size += (parts[parts.length] = make(i)).length + 1;
    return parts.join(' ');
  };
  const emails = dense((i) => `user${i}@mail.example.org`);
  // A contact list of numbers written internationally (+44, +49, +33 …): each is validated.
  const codes = ['44 20 7', '49 30 ', '33 1 ', '91 98', '61 4', '81 3-', '55 11 9', '34 6', '39 3', '86 139 '];
  const phones = dense((i) => `+${codes[i % codes.length]}${String((i * 7919) % 10_000_000).padStart(7, '0')}`);
  const creds = dense((i) => ['https://user', i, ':pw', i * 7, 'x@host', i % 97, '.example.com/p'].join(''));
  const hidden = dense((i) => `a\u200bb${i}\u202ec\u{E0041}`);
  // Token shapes joined by '/' (a base64 character): one base64 run holding thousands of keys.
  const joinedKeys = dense((i) => ['gh', 'p_', `${i}`.padStart(6, '0'), 'aB3dE5gH7jK9mN1pQ3sT5vW7yZ0bCd'].join('')).replace(/ /g, '/');
  row('PII, worst case: 256 KB packed with e-mail addresses', 'one block', emails.length, best(() => void scanPii(emails)));
  row('PII, worst case: 256 KB packed with international phone numbers', 'one block', phones.length, best(() => void scanPii(phones)));
  row('secrets, worst case: 256 KB packed with URLs with credentials', 'one block', creds.length, best(() => void engine.scan(creds)));
  row('secrets, worst case: a 256 KB base64 run of token shapes', 'one block', joinedKeys.length, best(() => void engine.scan(joinedKeys)));
  row('injection, worst case: 256 KB packed with bidi / tag runs', 'one block', hidden.length, best(() => void scanInjection(hidden)));
  process.stdout.write(`\nWhere the time goes (each stage alone, one thread, best of a few rounds by CPU time, on one CSV and one JSONL file of the corpus):\n`);
  printTable(['stage', 'input', 'size', 'MB/s'], out);
}
