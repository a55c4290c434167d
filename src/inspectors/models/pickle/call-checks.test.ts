import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { functionFromCodePickle } from '../testing/hostile-sweep.js';
import { PickleWriter } from '../testing/pickle-writer.js';
import { scanPickleStream } from './scan.js';
import { newEvidence } from './vm.js';

async function scan(bytes: Uint8Array) {
  const ev = newEvidence();
  await scanPickleStream(memorySource(bytes), ev);
  return ev;
}

/** `dill._dill._load_type(name)`: an allowlisted global that returns any builtin or `types` type. */
function loadType(w: PickleWriter, name: string): PickleWriter {
  return w.global('dill._dill', '_load_type').str(name).tupleN(1).reduce();
}

describe('allowlisted globals whose danger depends on their arguments', () => {
  it('reads dill._load_type("CodeType") as importing types.CodeType: code built from allowlisted globals is malicious', async () => {
    const ev = await scan(functionFromCodePickle());
    const bad = ev.hits.filter((h) => h.level === 'dangerous').map((h) => h.resolved);
    expect(bad).toEqual(expect.arrayContaining(['types.FunctionType', 'types.CodeType']));
  });

  it('flags an allowlisted helper that calls an argument computed at load time', async () => {
    const w = new PickleWriter().proto(2).global('numpy.random._pickle', '__generator_ctor').str('MT19937');
    loadType(w, 'int');
    const ev = await scan(w.tupleN(2).reduce().stop().toBytes());
    expect(ev.hits.every((h) => h.level === 'safe')).toBe(true);
    expect(ev.signals.map((s) => s.code)).toContain('dynamic-call');
  });

  it('stays quiet for dill type references to plain data types and for torch subclass rebuilds', async () => {
    const w = new PickleWriter().proto(2).mark();
    loadType(w, 'NoneType');
    loadType(w, 'int');
    w.global('torch._tensor', '_rebuild_from_type_v2').mark().global('torch._utils', '_rebuild_tensor_v2').global('torch.nn.parameter', 'Parameter').tupleN(0).emptyDict();
    w.tuple().reduce().op('l');
    const ev = await scan(w.stop().toBytes());
    expect(ev.hits.filter((h) => h.level !== 'safe')).toEqual([]);
    expect(ev.signals).toEqual([]);
  });
});
