import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { ggufBytes } from './testing/format-writers.js';

const scan = bytesScanner('aispm-polyglot-');

/**
 * A valid GGUF that is also a pickle. `G` (BINFLOAT) swallows `GUF`, the version and the low byte
 * of the tensor count; 22016 tensors make the next byte 0x56, UNICODE, whose line runs through
 * the counts into the first key, "a\n"; the rest of the key is the payload.
 */
function ggufPickle(): Uint8Array {
  const tensors = Array.from({ length: 22016 }, (_, i) => ({ name: `t${i}`, shape: [1] }));
  return ggufBytes([["a\n00cos\nsystem\n(S'id'\ntR.", { t: 'str', v: 'x' }]], tensors);
}

describe('formats whose magic number is also a pickle opcode', () => {
  it('reads a GGUF/pickle polyglot as the pickle torch.load would run', async () => {
    const bytes = ggufPickle();
    expect(Array.from(bytes.subarray(8, 10))).toEqual([0x00, 0x56]);
    const res = await scan('pytorch_model.bin', bytes);
    expect(res.verdict).toBe('malicious');
    expect(res.formats).toEqual(expect.arrayContaining(['gguf', 'pickle']));
  });

  it('leaves an ordinary GGUF alone', async () => {
    const res = await scan('model.gguf', ggufBytes([['general.architecture', { t: 'str', v: 'llama' }]], [{ name: 'w', shape: [4] }]));
    expect(res.verdict).toBe('clean');
    expect(res.formats).not.toContain('pickle');
  });
});
