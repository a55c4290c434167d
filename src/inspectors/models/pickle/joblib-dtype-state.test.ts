import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { callPickle, PickleWriter } from '../testing/pickle-writer.js';
import { scanPickleStream } from './scan.js';
import { newEvidence } from './vm.js';

/**
 * A joblib NumpyArrayWrapper whose `numpy.dtype(descr)` gets the BUILD state `(3, byteorder,
 * None, None, None, elsize, -1, flags)`, then `data` where joblib puts the array, then a call of
 * os.system in the outer pickle.
 */
function wrapper(descr: string, shape: number, elsize: number, flags: number, data: Uint8Array): Uint8Array {
  const w = new PickleWriter().proto(4).global('joblib.numpy_pickle', 'NumpyArrayWrapper').tupleN(0).newobj();
  w.emptyDict().mark().str('subclass').global('numpy', 'ndarray').str('shape').int(shape).tupleN(1).str('order').str('C');
  w.str('dtype').global('numpy', 'dtype').str(descr).bool(false).bool(true).tupleN(3).reduce();
  w.mark().int(3).str('|').none().none().none().int(elsize >>> 0).int(0xffffffff).int(flags).tuple().build();
  w.str('allow_mmap').bool(false).setitems().build();
  w.raw(data);
  return w.pop().global('os', 'system').str('id').tupleN(1).reduce().stop().toBytes();
}

async function scan(bytes: Uint8Array) {
  const ev = newEvidence();
  await scanPickleStream(memorySource(bytes), ev);
  return ev;
}

describe('joblib arrays: the dtype BUILD state decides what follows the wrapper', () => {
  it('scans the nested pickle of an int8 array whose state sets the hasobject flag', async () => {
    // numpy takes flags from the state: dtype('i1') with flags 63 has hasobject, and joblib
    // pickle.load()s the data instead of reading payload.length raw bytes.
    const inner = callPickle('subprocess', 'check_output', ['id']);
    const ev = await scan(wrapper('i1', inner.length, -1, 63, inner));
    expect(ev.hits.map((h) => h.resolved)).toContain('subprocess.check_output');
  });

  it('steps over a void array by the item size its state gives (elsize), as joblib reads it', async () => {
    // With the descr's size (1) the scanner read the rest as opcodes: a STOP there ended the pickle
    // before the os.system call joblib goes on to run.
    const data = new Uint8Array(64);
    data[1] = 0x2e;
    const ev = await scan(wrapper('V1', 1, 64, 0, data));
    expect(ev.hits.map((h) => h.resolved)).toContain('os.system');
  });

  it('still steps over plain numeric arrays', async () => {
    const ev = await scan(wrapper('<f8', 2, -1, 0, new Uint8Array(16).fill(0x2e)));
    expect(ev.incomplete).toEqual([]);
    expect(ev.hits.map((h) => h.resolved)).toContain('os.system');
  });
});
