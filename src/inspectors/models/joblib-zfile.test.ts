import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { zlib } from './testing/compress-writers.js';
import { concat } from './testing/format-writers.js';
import { callPickle, torchStateDictPickle } from './testing/pickle-writer.js';

/** joblib < 0.10 `write_zfile`: `ZF`, hex(len) left-justified to 19 characters, then zlib data. */
function zfile(pickle: Uint8Array): Uint8Array {
  const header = `ZF${`0x${pickle.length.toString(16)}`.padEnd(19, ' ')}`;
  return concat([new TextEncoder().encode(header), zlib(pickle)]);
}

const scan = bytesScanner('aispm-zfile-');

describe('joblib ZF (compat) files', () => {
  it('inflates and scans the pickle joblib.load still reads from them', async () => {
    const res = await scan('old.pkl', zfile(callPickle('os', 'system', ['id'])));
    expect(res.verdict).toBe('malicious');
    expect(res.formats).toContain('joblib');
  });

  it('calls a benign one clean', async () => {
    const res = await scan('old-ok.pkl', zfile(torchStateDictPickle([{ name: 'w', shape: [2], storage: '0' }])));
    expect(res.verdict).toBe('clean');
  });
});
