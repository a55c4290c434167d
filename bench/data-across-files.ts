import v8 from 'node:v8';
import vm from 'node:vm';
import { checkCrossFileDuplicates, finishCrossFileDuplicates } from '../src/inspectors/data/cross-file-duplicates.js';
import { labelHash, type ShardKeyList } from '../src/inspectors/data/shard-keys.js';
import { DOC_BINS, type DocSignature } from '../src/inspectors/data/doc-sketch.js';
import { checkNearDuplicateDocument } from '../src/inspectors/data/near-duplicate-docs.js';
import { finishShardSketches, holdShardSketches, MAX_HELD_SKETCHES } from '../src/inspectors/data/cross-file-near.js';
import type { ShardSketchList } from '../src/inspectors/data/shard-sketches.js';
import { SKETCH_WORDS } from '../src/inspectors/data/split-sketch.js';
import { Rng } from '../src/inspectors/data/testing/random.js';
import { printTable } from './table.js';

/**
 * The data inspector's checks across a scan's files, at the scale of their bounds: the
 * near-duplicate document check over 60,000 document sketches (a tenth of them edited copies of
 * another), the cross-file record check over 2 Mi labelled record keys in 200 shards (1 % of
 * the records copied into a second shard, a tenth of those under the other label), and the near-duplicate record check across shards over
 * 1 Mi record sketches in 100 shards (1 % edited copies of a record of another shard), held as
 * files arrive and compared at the scan's end. The per-file bench (data-run.ts) gives each file a scan of
 * its own, so it never holds more than one file here; this holds a whole scan's worth. Prints
 * files and keys per second, the findings (which must be the planted copies) and the heap the
 * registries keep, beside their bounds.
 */
export async function benchAcrossFiles(): Promise<void> {
  const gc = collector();
  /** Memory a registry keeps (heap and typed arrays' buffers): with its scan context alive, less once it is dropped. */
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  // Typed arrays' buffers are freed by a sweeper thread after the collection: settled, then read.
  const settled = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 300));
    gc();
    return used();
  };
  const kept = async (drop: () => void) => {
    const alive = await settled();
    drop();
    return `${((alive - (await settled())) / 1024 / 1024).toFixed(0)} MB`;
  };
  const rows: string[][] = [];
  const rng = new Rng(11);

  // Documents: random sketches, every tenth a copy of an earlier one with 8 of 128 bins changed (Jaccard ≈ 0.94).
  const docs = 60_000;
  const sketches: DocSignature[] = [];
  for (let i = 0; i < docs; i++) {
    const sig = new Uint16Array(DOC_BINS);
    if (i % 10 === 9) {
      sig.set(sketches[rng.int(0, i - 1)]!.sig);
      for (let k = 0; k < 8; k++) sig[rng.int(0, DOC_BINS - 1)] = rng.int(0, 0xfffe);
    } else for (let k = 0; k < DOC_BINS; k++) sig[k] = rng.int(0, 0xfffe);
    sketches.push({ sig, words: 500 });
  }
  let scan: object | undefined = {};
  let near = 0;
  const c0 = process.cpuUsage();
  for (let i = 0; i < docs; i++) near += (await checkNearDuplicateDocument(scan, `rag/doc-${String(i).padStart(6, '0')}.md`, sketches[i])).findings.length;
  const docMs = cpuMs(c0);
  // The sketches now live in the registry alone.
  sketches.length = 0;
  const docHeap = await kept(() => (scan = undefined));
  rows.push(['near-duplicate documents', `${docs} sketches (65,536 held at most)`, `${Math.round(docs / (docMs / 1000))} docs/s`, `${near} (${docs / 10} planted)`, `${docHeap} (sketches included)`]);

  // Records: 200 shards of 10,486 labelled keys, 1 % of each shard's records also in the shard
  // before it, every tenth such copy under the other label.
  const shards = 200;
  const perShard = Math.floor((1 << 21) / shards);
  const files: ShardKeyList[] = [];
  const [pos, neg] = [labelHash('positive'), labelHash('negative')];
  for (let s = 0; s < shards; s++) {
    const keys = new Float64Array(perShard);
    const labels = new Int32Array(perShard);
    // 52 random bits from two draws (one draw has 32).
    for (let k = 0; k < perShard; k++) {
      keys[k] = rng.int(0, (1 << 20) - 1) * 2 ** 32 + Math.floor(rng.next() * 2 ** 32) + 1;
      labels[k] = rng.next() < 0.5 ? pos : neg;
    }
    if (s > 0) {
      for (let k = 0; k < perShard / 100; k++) {
        const from = perShard - 1 - k;
        keys[k] = files[s - 1]!.keys[from]!;
        const label = files[s - 1]!.labels![from]!;
        labels[k] = k % 10 === 0 ? (label === pos ? neg : pos) : label;
      }
    }
    files.push({ keys, labels });
  }
  let scan2: object | undefined = {};
  const found = { copies: 0, conflicts: 0 };
  const c1 = process.cpuUsage();
  for (let s = 0; s < shards; s++) checkCrossFileDuplicates(scan2, `data/train/part-${String(s).padStart(5, '0')}.jsonl`, 'jsonl', files[s]);
  const keyMs = cpuMs(c1);
  files.length = 0;
  // The table's memory, held until the end of the target (finish lets it go).
  const keyHeap = await kept(() => {
    for (const f of finishCrossFileDuplicates(scan2!)) {
      if (f.ruleId === 'data_no_conflicting_labels') found.conflicts += Number(f.properties?.records);
      else found.copies++;
    }
    scan2 = undefined;
  });
  const flipped = (shards - 1) * Math.ceil(perShard / 100 / 10);
  rows.push(['records across shards (labelled)', `${shards * perShard} keys in ${shards} files (2 Mi held at most)`, `${((shards * perShard) / (keyMs / 1000) / 1e6).toFixed(1)} M keys/s`, `${found.copies} files, ${found.conflicts} relabelled (${shards - 1}, ${flipped} planted)`, `${keyHeap} (table bound 80 MB)`]);

  // Near-duplicate records: 100 shards of 10,485 sketches (1 Mi, the scan's bound), 1 % of each
  // shard's records an edited copy (12 of 128 bins redrawn) of a record of the shard before it.
  const nearShards = 100;
  const perNear = Math.floor(MAX_HELD_SKETCHES / nearShards);
  const planted = Math.floor(perNear / 100);
  const scan3 = {};
  const lists: ShardSketchList[] = [];
  for (let s = 0; s < nearShards; s++) {
    const sig = new Int32Array(perNear * SKETCH_WORDS);
    for (let k = 0; k < sig.length; k++) sig[k] = Math.floor(rng.next() * 2 ** 32) | 0;
    if (s > 0) {
      const prev = lists[s - 1]!.sig;
      for (let k = 0; k < planted; k++) {
        sig.set(prev.subarray((perNear - 1 - k) * SKETCH_WORDS, (perNear - k) * SKETCH_WORDS), k * SKETCH_WORDS);
        for (let c = 0; c < 12; c++) {
          const bin = rng.int(0, 127);
          const at = k * SKETCH_WORDS + (bin >>> 3);
          sig[at] = (sig[at]! & ~(15 << ((bin & 7) * 4))) | (rng.int(0, 15) << ((bin & 7) * 4));
        }
      }
    }
    lists.push({ sig, rows: Float64Array.from({ length: perNear }, (_, k) => k + 1) });
  }
  const c2 = process.cpuUsage();
  for (let s = 0; s < nearShards; s++) holdShardSketches(scan3, `data/train/part-${String(s).padStart(5, '0')}.jsonl`, 'jsonl', lists[s]);
  const holdMs = cpuMs(c2);
  lists.length = 0;
  // What the held sketches keep until the scan's end: the registry's memory, freed by finish.
  const holding = await settled();
  const c3 = process.cpuUsage();
  const nearFound = finishShardSketches(scan3);
  const nearMs = holdMs + cpuMs(c3);
  const nearRecords = nearFound.reduce((n, f) => n + Number(f.properties?.records), 0);
  const nearHeap = `${((holding - (await settled())) / 1024 / 1024).toFixed(0)} MB`;
  rows.push(['near-duplicate records across shards', `${nearShards * perNear} sketches in ${nearShards} files (1 Mi held at most)`, `${((nearShards * perNear) / (nearMs / 1000) / 1e6).toFixed(2)} M sketches/s`, `${nearFound.length} files, ${nearRecords} records (${nearShards - 1}, ${(nearShards - 1) * planted} planted)`, `${nearHeap} until the end (sketches: 64 MB)`]);

  // Worst case: every record of two shards alike (one band key throughout: a template, or crafted).
  // Each record is compared with MAX_CANDIDATES records of the other shard at most, never with its own.
  const alike = 50_000;
  const same = Int32Array.from({ length: SKETCH_WORDS }, () => Math.floor(rng.next() * 2 ** 32) | 0);
  const alikeList = (): ShardSketchList => {
    const sig = new Int32Array(alike * SKETCH_WORDS);
    for (let k = 0; k < alike; k++) sig.set(same, k * SKETCH_WORDS);
    return { sig, rows: Float64Array.from({ length: alike }, (_, k) => k + 1) };
  };
  const scan4 = {};
  holdShardSketches(scan4, 'data/alike/part-0.jsonl', 'jsonl', alikeList());
  holdShardSketches(scan4, 'data/alike/part-1.jsonl', 'jsonl', alikeList());
  const c4 = process.cpuUsage();
  const alikeFound = finishShardSketches(scan4).length;
  const alikeMs = cpuMs(c4);
  rows.push(['near records, worst case: all alike', `${2 * alike} equal sketches in 2 files`, `${((2 * alike) / (alikeMs / 1000) / 1e6).toFixed(2)} M sketches/s`, `${alikeFound} (equal sketches are the exact check's)`, '-']);

  printTable(['check across files', 'load', 'CPU rate', 'findings', 'memory kept'], rows);
}

function cpuMs(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** V8's collector, exposed without a command-line flag, so the heap a registry keeps can be read. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
