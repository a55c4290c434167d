import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { StreamReader } from '../io/stream-reader.js';
import { PickleWriter } from '../testing/pickle-writer.js';
import { sharedIntTuple } from './int-tuples.js';
import { smallInt, type PVal } from './values.js';
import { newEvidence, PickleVM } from './vm.js';

const ints = (...v: number[]): PVal[] => v.map(smallInt);

describe('sharedIntTuple', () => {
  it('gives equal tuples of small ints one shared value, with their items', () => {
    const a = sharedIntTuple(ints(7, 4096, 64), 0, 2);
    const b = sharedIntTuple(ints(9, 7, 4096), 1, 2);
    expect(a).toBe(b);
    expect(a).toEqual({ t: 'tuple', items: ints(7, 4096), len: 2 });
  });

  it('tells tuples apart by every item and by length', () => {
    const seen = new Set<PVal | undefined>();
    for (const t of [ints(64, 64), ints(64, 1), ints(1, 64), ints(64), ints(64, 64, 0), ints(0, 0, 0, 1), ints(0, 0, 1, 0)]) {
      const v = sharedIntTuple(t, 0, t.length);
      expect(v).toEqual({ t: 'tuple', items: t, len: t.length });
      seen.add(v);
    }
    expect(seen.size).toBe(7);
  });

  it('leaves tuples with anything but ints 0–65535 alone', () => {
    const str: PVal = { t: 'str', v: 'os', len: 2 };
    expect(sharedIntTuple([smallInt(1), str], 0, 2)).toBeUndefined();
    expect(sharedIntTuple([{ t: 'int', v: 70_000 }], 0, 1)).toBeUndefined();
    expect(sharedIntTuple([{ t: 'int', v: -1 }], 0, 1)).toBeUndefined();
    expect(sharedIntTuple([{ t: 'none' }], 0, 1)).toBeUndefined();
  });
});

describe('pickle VM: memoised int tuples', () => {
  it('shares memoised shapes between tensors, and keeps tuples holding anything else their own', async () => {
    const w = new PickleWriter().proto(2).emptyList().binput(0).mark();
    // As torch.save writes them: each shape memoised right after it is built.
    w.int(64).int(64).tupleN(2).binput(1).int(64).int(64).tupleN(2).binput(2);
    w.mark().int(64).int(64).tuple().binput(3);
    w.int(64).int(64).tupleN(2).str('cpu').tupleN(2).binput(4).int(64).int(64).tupleN(2).str('cpu').tupleN(2).binput(5);
    const vm = new PickleVM(new StreamReader(memorySource(w.appends().stop().toBytes())), newEvidence());
    await vm.run();
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map((k) => vm.memo.get(k));
    expect(a).toEqual({ t: 'tuple', items: ints(64, 64), len: 2 });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(d).not.toBe(e);
    expect(d).toEqual(e);
  });
});
