import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { PickleWriter } from '../testing/pickle-writer.js';
import { scanPickleStream } from './scan.js';
import { newEvidence } from './vm.js';

/** A joblib NumpyArrayWrapper of u1 items whose shape is `dims` (LONG1 each), then nothing. */
function wrapper(dims: bigint[]): Uint8Array {
  const w = new PickleWriter().proto(4).global('joblib.numpy_pickle', 'NumpyArrayWrapper').tupleN(0).newobj();
  w.emptyDict().mark().str('subclass').global('numpy', 'ndarray').str('shape').mark();
  for (const d of dims) w.long1(d);
  w.tuple().str('order').str('C').str('dtype').str('u1').str('allow_mmap').bool(false).setitems().build();
  return w.stop().toBytes();
}

async function broke(bytes: Uint8Array): Promise<string | undefined> {
  const ev = newEvidence();
  await scanPickleStream(memorySource(bytes), ev);
  return ev.incomplete[0]?.message;
}

describe('joblib arrays: the byte count a shape claims', () => {
  it('says a shape of more than 2^53 bytes, not a skip to a rounded offset past the end', async () => {
    expect(await broke(wrapper([2n ** 40n, 2n ** 40n]))).toMatch(/joblib array \(dtype u1\) claims more than 2\^53 bytes; cannot step over it$/);
    expect(await broke(wrapper([-2n]))).toMatch(/joblib array of unknown layout \(dtype u1\) follows; cannot step over it$/);
    expect(await broke(wrapper([2n ** 20n]))).toMatch(/joblib array of 1048576 bytes runs past the end of the stream$/);
  });
});
