import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { scanInjection } from '../src/inspectors/data/poisoning/injection.js';
import { bestCpuMs, printTable } from './table.js';

/**
 * The injection stage alone on the corpus's text, and on text the disguise fold has to read
 * (letters of other alphabets, fullwidth forms): what the fold's gate costs text that holds
 * nothing disguised, and what the fold costs text that holds such characters. Bytes per
 * CPU-second, best of a few rounds, as bench/data-stages.ts measures its injection row.
 *
 *   node dist/bench/injection-disguise.js /tmp/corpus/data-v3-128mb [rounds]
 */
const BLOCK = 256 * 1024;

function blocksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += BLOCK) out.push(text.slice(i, i + BLOCK));
  return out;
}

/**
 * Texts the gate lets through or not: English with typographic quotes (a two-byte string, which
 * the gate's regex must scan), Russian and Greek (every word a candidate's alphabet, none mixed),
 * Japanese writing `ＡＩ` in fullwidth, German soft-hyphenated. None holds an instruction.
 */
const SAMPLES: [string, string][] = [
  ['English, typographic quotes', 'The “quick” brown fox’s den — a café, they said, is where it sleeps. '],
  ['Russian and Greek', 'Съешь же ещё этих мягких французских булок, да выпей чаю. Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. '],
  ['Japanese with fullwidth ＡＩ', 'ＡＩ（人工知能）の研究は、機械学習を中心に進んでいる。'],
  ['German, soft hyphens', 'Die Bundes\u00ADregierung hat die Daten\u00ADschutz\u00ADgrund\u00ADverordnung umgesetzt. '],
  // Russian quoting English product names (ASCII letters beside Cyrillic ones), a Japanese receipt
  // in halfwidth katakana, Chinese with fullwidth punctuation and an override's verb (忘记) in it.
  ['Russian with English names', 'Компания Apple представила iPhone 16 Pro; выполните npm install express, а Wi-Fi-роутер TP-Link перезагрузите. '],
  ['Japanese receipt, halfwidth', 'ｵﾆｷﾞﾘ ｼｬｹ ¥150 ﾍﾟｯﾄﾎﾞﾄﾙ ｵﾁｬ ¥128 小計 ¥278 ﾎﾟｲﾝﾄは無効です。'],
  ['Chinese, fullwidth punctuation', '使用说明：１．请先阅读所有说明（包括安全提示）；２．不要忘记保存设置！北京 上海 广州。'],
];

function main(): void {
  const root = process.argv[2] ?? '/tmp/corpus/data-v3-128mb';
  const rounds = Number(process.argv[3] ?? 5);
  const files = ['tables', 'chats', 'rag'].flatMap((d) => readdirSync(path.join(root, 'data', d)).slice(0, 1).map((f) => path.join(root, 'data', d, f)));
  const corpus = files.flatMap((f) => blocksOf(readFileSync(f, 'utf8')));
  const rate = (bytes: number, ms: number) => (bytes / 1024 / 1024 / (ms / 1000)).toFixed(0);
  const cases: [string, string[]][] = [['corpus (CSV, JSONL, Markdown)', corpus], ...SAMPLES.map(([name, s]): [string, string[]] => [name, blocksOf(s.repeat(Math.ceil((4 * BLOCK) / s.length)))])];
  const rows: string[][] = [];
  for (const [name, blocks] of cases) {
    const bytes = blocks.reduce((a, b) => a + b.length, 0);
    rows.push([name, `${(bytes / 1024 / 1024).toFixed(1)} MB`, rate(bytes, bestCpuMs(() => blocks.forEach((b) => void scanInjection(b)), rounds))]);
  }
  printTable(['injection stage on', 'size', 'MB/s'], rows);
}

main();
