import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
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

/**
 * A function built from a code object and called, with allowlisted globals only:
 * `_rebuild_from_type_v2(__newobj__(FunctionType, __newobj__(CodeType, …), {}), Tensor, (), {})`.
 * `_rebuild_from_type_v2` calls `func(*args)` before it fails on the result, so the code runs.
 */
function functionFromCode(): Uint8Array {
  const w = new PickleWriter().proto(2).global('torch._tensor', '_rebuild_from_type_v2').mark();
  w.global('copyreg', '__newobj__').mark();
  loadType(w, 'FunctionType');
  w.global('copyreg', '__newobj__').mark();
  loadType(w, 'CodeType');
  w.int(0).int(0).int(0).int(0).int(2).int(0).bytes(new Uint8Array([0x64, 0, 0x53, 0])).tupleN(0).tupleN(0).tupleN(0).str('x').str('f').str('f').int(1).bytes(new Uint8Array(0)).bytes(new Uint8Array(0)).tupleN(0).tupleN(0);
  w.tuple().reduce().emptyDict().tuple().reduce();
  w.global('torch', 'Tensor').tupleN(0).emptyDict().tuple().reduce();
  return w.stop().toBytes();
}

describe('allowlisted globals whose danger depends on their arguments', () => {
  it('reads dill._load_type("CodeType") as importing types.CodeType: code built from allowlisted globals is malicious', async () => {
    const ev = await scan(functionFromCode());
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
