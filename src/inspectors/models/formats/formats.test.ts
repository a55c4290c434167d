import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { ModelScanContext } from '../scan-context.js';
import { concat, ggufBytes, h5Bytes, npyBytes, safetensorsBytes } from '../testing/format-writers.js';
import { scanGguf } from './gguf.js';
import { scanHdf5 } from './hdf5.js';
import { scanNpy } from './numpy.js';
import { locationEscapes } from './onnx.js';
import { scanSafetensors } from './safetensors.js';

const ctx = () => new ModelScanContext('f');

describe('format readers', () => {
  it('safetensors: valid headers pass; size/shape mismatches and bad metadata are flagged', async () => {
    const ok = ctx();
    await scanSafetensors(ok, memorySource(safetensorsBytes([{ name: 'w', shape: [3, 3] }], { format: 'pt' })));
    expect(ok.problems).toEqual([]);
    const bad = ctx();
    await scanSafetensors(bad, memorySource(safetensorsBytes([{ name: 'w', shape: [3, 3] }], undefined, (h) => {
      (h.w as { shape: number[] }).shape = [4, 4];
      h.__metadata__ = { n: 1 };
    })));
    expect(bad.problems.map((p) => p.message).join('\n')).toMatch(/expected 64[\s\S]*__metadata__/);
  });

  it('safetensors: a header that is not JSON is flagged', async () => {
    const b = safetensorsBytes([{ name: 'w', shape: [1] }]);
    b[10] = 0x00;
    const c = ctx();
    await scanSafetensors(c, memorySource(b));
    expect(c.problems[0]?.message).toMatch(/not valid UTF-8 JSON/);
  });

  it('gguf: truncated metadata is inconclusive; tensor offsets past the end are caught', async () => {
    const full = ggufBytes([['general.architecture', { t: 'str', v: 'llama' }], ['tokenizer.chat_template', { t: 'str', v: '{{ x }}' }]], [{ name: 't', shape: [64] }]);
    const cut = ctx();
    await scanGguf(cut, memorySource(full.subarray(0, 40)));
    expect(cut.problems[0]?.level).toBe('inconclusive');
    const short = ctx();
    await scanGguf(short, memorySource(full.subarray(0, full.length - 200)));
    expect(short.problems[0]?.message).toMatch(/past the end of the file/);
  });

  it('npy: plain arrays are clean without reading their data; object arrays are scanned as pickles', async () => {
    const c = ctx();
    await scanNpy(c, memorySource(npyBytes('<f4', [2, 2], new Uint8Array(16))));
    expect(c.ev.hits).toEqual([]);
    expect(c.formats).toEqual(['numpy']);
    const o = ctx();
    await scanNpy(o, memorySource(npyBytes('|O', [1], Uint8Array.from([0x80, 2, 0x4e, 0x2e]))));
    expect(o.formats).toContain('pickle');
    const bad = ctx();
    await scanNpy(bad, memorySource(Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0, 0, 0])));
    expect(bad.problems[0]?.level).toBe('inconclusive');
  });

  it('hdf5: finds model_config even when it straddles the 4 MiB read chunks', async () => {
    const pad = new Uint8Array((4 << 20) - 100);
    const cfg = { class_name: 'Sequential', config: { layers: [{ class_name: 'Lambda', config: { name: 'l', function: ['AAAA', null, null], function_type: 'lambda' } }] } };
    const c = ctx();
    await scanHdf5(c, memorySource(concat([h5Bytes(undefined).subarray(0, 16), pad, new TextEncoder().encode('model_config'), new TextEncoder().encode(JSON.stringify(cfg))])));
    expect(c.problems.map((p) => p.level)).toContain('malicious');
  });

  it('onnx: external data locations must stay inside the model folder', () => {
    expect(locationEscapes('weights.bin')).toBeUndefined();
    expect(locationEscapes('sub/dir/w.bin')).toBeUndefined();
    expect(locationEscapes('../w.bin')).toMatch(/climbs/);
    expect(locationEscapes('sub/../../w.bin')).toMatch(/climbs/);
    expect(locationEscapes('/etc/passwd')).toMatch(/absolute/);
    expect(locationEscapes('C:\\Windows\\win.ini')).toMatch(/absolute/);
    expect(locationEscapes('file:///etc/passwd')).toBeDefined();
  });
});
