import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { scanModelFile } from '../index.js';
import { benignCases } from '../testing/benign-cases.js';
import type { CorpusCase } from '../testing/corpus-types.js';
import { hostileContainers } from '../testing/hostile-containers.js';
import { hostilePickles } from '../testing/hostile-pickles.js';
import { hostileSweep } from '../testing/hostile-sweep.js';
import { callPickle, PickleWriter, torchStateDictPickle } from '../testing/pickle-writer.js';
import { scanPickleStream } from './scan.js';
import { DEFAULT_VM_LIMITS, newEvidence, vmOptions, type PickleEvidence } from './vm.js';

/**
 * The VM reads buffered binary opcodes in a synchronous loop and everything else on an async
 * path that handles every opcode. Both must read a pickle to the same evidence: these tests scan
 * each input twice, the second time with the synchronous loop turned off.
 */

function comparable(ev: PickleEvidence) {
  return { hits: ev.hits, signals: ev.signals, notes: ev.notes, incomplete: ev.incomplete, opcodes: ev.opcodes };
}

async function bothWays<T>(scan: () => Promise<T>): Promise<[T, T]> {
  vmOptions.syncLoop = true;
  const sync = await scan();
  vmOptions.syncLoop = false;
  try {
    return [sync, await scan()];
  } finally {
    vmOptions.syncLoop = true;
  }
}

async function scanBytes(bytes: Uint8Array, limits = DEFAULT_VM_LIMITS) {
  const ev = newEvidence();
  const res = await scanPickleStream(memorySource(bytes), ev, { limits });
  return { ev: comparable(ev), pickles: res.pickles, first: res.first?.t };
}

const longName = (i: number) => `model.layers.${i >> 4}.block.${i & 15}.attention.weight`;

/** Pickles aimed at the synchronous loop's own paths. */
const loopPickles: [string, () => Uint8Array, (ev: PickleEvidence) => void][] = [
  [
    // 1100 tensors: SETITEMS batches, LONG_BINPUT past memo entry 255, names long enough for the memo's arena.
    'torch state_dict of 1100 tensors',
    () => torchStateDictPickle(Array.from({ length: 1100 }, (_, i) => ({ name: longName(i), shape: [64, 64], storage: String(i) }))),
    (ev) => {
      expect(ev.hits.map((h) => `${h.resolved}:${h.level}`).sort()).toEqual(['collections.OrderedDict:safe', 'torch.FloatStorage:safe', 'torch._utils._rebuild_tensor_v2:safe']);
      expect(ev.incomplete).toEqual([]);
    },
  ],
  [
    // As torch.save writes it: every string, global and tuple memoised (shapes become shared values).
    'torch.save layout, everything memoised',
    () => {
      const w = new PickleWriter().proto(2);
      let memo = 0;
      const seen = new Map<string, number>();
      const once = (key: string, write: () => void) => {
        const at = seen.get(key);
        if (at !== undefined) return void w.get(at);
        write();
        seen.set(key, memo);
        w.put(memo++);
      };
      const str = (s: string) => once(`s:${s}`, () => w.str(s));
      const global = (m: string, n: string) => once(`g:${m}.${n}`, () => w.global(m, n));
      global('collections', 'OrderedDict');
      w.tupleN(0).reduce().put(memo++).mark();
      for (let i = 0; i < 1100; i++) {
        if (i % 1000 === 999) w.setitems().mark();
        str(longName(i));
        global('torch._utils', '_rebuild_tensor_v2');
        w.mark().mark();
        str('storage');
        global('torch', 'FloatStorage');
        str(String(i));
        str('cpu');
        w.int(4096).tuple().put(memo++).binpersid().put(memo++).int(0);
        w.int(64).int(64).tupleN(2).put(memo++).int(64).int(1).tupleN(2).put(memo++).bool(false);
        global('collections', 'OrderedDict');
        w.tupleN(0).reduce().put(memo++).tuple().put(memo++).reduce().put(memo++);
      }
      return w.setitems().stop().toBytes();
    },
    (ev) => {
      expect(ev.hits.map((h) => `${h.resolved}:${h.level}`).sort()).toEqual(['collections.OrderedDict:safe', 'torch.FloatStorage:safe', 'torch._utils._rebuild_tensor_v2:safe']);
      expect(ev.incomplete).toEqual([]);
    },
  ],
  [
    // Long module names memoised among 300 others, read back by LONG_BINGET for STACK_GLOBAL.
    'long memoised names read back into STACK_GLOBAL',
    () => {
      const w = new PickleWriter().proto(4).emptyList().memoize().mark();
      for (let i = 0; i < 300; i++) w.str(`${longName(i)}.filler`).memoize();
      w.appends().str('numpy.testing._private.utils').memoize().pop().str('runstring').memoize().pop();
      return w.longBinget(301).longBinget(302).stackGlobal().str('print(1)').tupleN(1).reduce().pop().stop().toBytes();
    },
    (ev) => {
      expect(ev.hits).toHaveLength(1);
      expect(ev.hits[0]).toMatchObject({ resolved: 'numpy.testing._private.utils.runstring', level: 'dangerous', opcode: 'STACK_GLOBAL', arg: 'print(1)' });
    },
  ],
  [
    'LONG_BINPUT with a key of 2^31 or more',
    () => new PickleWriter().proto(2).int(1).longBinput(2 ** 31 + 5).none().none().none().none().none().stop().toBytes(),
    (ev) => expect(ev.incomplete[0]?.message).toMatch(/memo index 2147483653 far beyond/),
  ],
  [
    'PROTO 9 in the middle of a pickle',
    () => new PickleWriter().proto(2).int(1).pop().proto(9).none().none().none().none().none().none().stop().toBytes(),
    (ev) => expect(ev.incomplete[0]?.message).toMatch(/unsupported pickle protocol 9/),
  ],
  [
    // POP_MARK, EMPTY_SET, DUP, and BINBYTES holding a pickle handed to a loader.
    'a nested pickle in BINBYTES, among POP_MARK, EMPTY_SET and DUP',
    () => {
      const inner = callPickle('os', 'system', [`echo ${'x'.repeat(300)}`]);
      const w = new PickleWriter().proto(3).mark().int(1).int(2).op(0x31).op(0x8f).op(0x32).pop().pop();
      return w.global('pickle', 'loads').bytes(inner).tupleN(1).reduce().pop().none().stop().toBytes();
    },
    (ev) => {
      expect(ev.hits.map((h) => h.resolved)).toEqual(['pickle.loads', 'os.system']);
      expect(ev.hits[1]?.member).toMatch(/#nested@/);
    },
  ],
];

describe('pickle VM: synchronous loop and async path agree', () => {
  afterEach(() => {
    vmOptions.syncLoop = true;
  });

  it.each([1, 63, 64, 65, 1023, 1024, 1025, 20_000])('stop at the same opcode, at the same offset, with a limit of %i opcodes', async (max) => {
    const b = loopPickles[0]![1]();
    const [sync, slow] = await bothWays(() => scanBytes(b, { ...DEFAULT_VM_LIMITS, maxOpcodes: max }));
    expect(slow).toEqual(sync);
    expect(sync.ev.opcodes).toBe(max + 1);
    expect(sync.ev.incomplete[0]?.message).toMatch(new RegExp(`more than ${max} opcodes`));
  });

  it.each(loopPickles)('%s', async (_name, bytes, check) => {
    const b = bytes();
    const [sync, slow] = await bothWays(() => scanBytes(b));
    expect(slow).toEqual(sync);
    const ev = newEvidence();
    await scanPickleStream(memorySource(b), ev);
    check(ev);
  });
});

describe('model corpus: synchronous loop and async path agree', () => {
  const all: CorpusCase[] = [...hostilePickles, ...hostileContainers, ...hostileSweep, ...benignCases];
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'aispm-sync-loop-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each(all.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const bytes = c.bytes();
    if (!bytes) return;
    const sub = path.join(dir, c.name);
    await mkdir(path.join(sub, path.dirname(c.file)), { recursive: true });
    await writeFile(path.join(sub, c.file), bytes);
    const [sync, slow] = await bothWays(async () => {
      const res = await scanModelFile(path.join(sub, c.file), c.file);
      return { verdict: res.verdict, problems: res.problems, ev: comparable(res.ctx.ev) };
    });
    expect(slow).toEqual(sync);
    expect(sync.verdict).toBe(c.expect);
  }, 30_000);
});
