import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateCorpus } from '../src/inspectors/data/testing/corpus.js';
import { evaluate } from '../src/inspectors/data/testing/evaluate.js';
import { inspect } from '../src/inspectors/data/testing/scan-file.js';

/**
 * `npm run eval:data`: precision, recall and F2 per entity of the data inspector's detectors on the
 * synthetic labelled corpus (exact offsets, hard negatives), and the findings on the clean files
 * (target: none). `AISPM_EVAL_PER_ENTITY` sets the samples per entity (default 200).
 */
async function main(): Promise<void> {
  const per = Number(process.env.AISPM_EVAL_PER_ENTITY ?? 200);
  const threshold = Number(process.env.AISPM_EVAL_THRESHOLD ?? 0.5);
  const corpus = generateCorpus({ perEntity: per });
  const t0 = performance.now();
  const { scores, falsePositives, misses } = evaluate(corpus, threshold);
  const ms = performance.now() - t0;
  const pad = (s: string | number, n: number) => String(s).padEnd(n);
  // Wide enough for the longest entity name and a space (FI_PERSONAL_IDENTITY_CODE ran into its TP column).
  const w = Math.max(24, ...scores.map((s) => s.entity.length + 2));
  const num = (x: number) => x.toFixed(3);
  process.stdout.write(`Synthetic corpus: ${corpus.lines.length} lines, ${corpus.lines.filter((l) => !l.spans.length).length} hard negatives, threshold ${threshold}, ${ms.toFixed(0)} ms\n\n`);
  process.stdout.write(`${pad('entity', w)}${pad('TP', 7)}${pad('FP', 7)}${pad('FN', 7)}${pad('precision', 11)}${pad('recall', 9)}F2\n`);
  let failing = 0;
  for (const s of scores) {
    if (s.f2 < 0.9) failing++;
    process.stdout.write(`${pad(s.entity, w)}${pad(s.tp, 7)}${pad(s.fp, 7)}${pad(s.fn, 7)}${pad(num(s.precision), 11)}${pad(num(s.recall), 9)}${num(s.f2)}${s.f2 < 0.9 ? '  < 0.9' : ''}\n`);
  }
  const tp = scores.reduce((a, s) => a + s.tp, 0);
  const fp = scores.reduce((a, s) => a + s.fp, 0);
  const fn = scores.reduce((a, s) => a + s.fn, 0);
  const P = tp / (tp + fp || 1);
  const R = tp / (tp + fn || 1);
  process.stdout.write(`${pad('ALL (micro)', w)}${pad(tp, 7)}${pad(fp, 7)}${pad(fn, 7)}${pad(num(P), 11)}${pad(num(R), 9)}${num((5 * P * R) / (4 * P + R || 1))}\n`);
  if (falsePositives.length) {
    process.stdout.write(`\nFirst false positives:\n`);
    for (const f of falsePositives.slice(0, 10)) process.stdout.write(`  ${f.entity}: ${f.text}\n`);
  }
  if (misses.length) {
    process.stdout.write(`\nFirst misses:\n`);
    for (const f of misses.slice(0, 10)) process.stdout.write(`  ${f.entity}: ${f.text}\n`);
  }

  const root = await mkdtemp(path.join(tmpdir(), 'aispm-eval-'));
  let cleanFindings = 0;
  try {
    for (const f of corpus.clean) {
      await mkdir(path.dirname(path.join(root, f.path)), { recursive: true });
      await writeFile(path.join(root, f.path), f.content);
    }
    process.stdout.write(`\nClean files (target: no finding):\n`);
    for (const f of corpus.clean) {
      const out = await inspect(root, f.path, { workers: 0 });
      const n = out.findings?.length ?? 0;
      cleanFindings += n;
      process.stdout.write(`  ${pad(f.path, 32)}${n} finding(s)${n ? ': ' + out.findings!.map((x) => x.message.slice(0, 80)).join(' | ') : ''}\n`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  process.stdout.write(`\n${failing ? `${failing} entit(ies) below F2 0.9` : 'every entity at F2 >= 0.9'}; ${cleanFindings} finding(s) on clean files\n`);
  if (failing || cleanFindings) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`eval:data failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
