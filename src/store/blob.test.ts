import { describe, expect, it } from 'vitest';
import { BLOB_ENCODING, decodeDoc, decodeLines, encodeDoc, encodeLines, pickLines } from './blob.js';

describe('scan documents', () => {
  it('round-trip as bytes and as base64 text, and refuse unknown encodings', async () => {
    const v = [{ a: 1, s: 'line\nbreak ✓' }, null, 'x'];
    const bytes = await encodeDoc(v);
    expect(await decodeDoc(bytes, BLOB_ENCODING)).toEqual(v);
    // encode(…, 'base64') in PostgreSQL wraps lines every 76 characters.
    const wrapped = bytes.toString('base64').replace(/(.{76})/g, '$1\n');
    expect(await decodeDoc(wrapped, BLOB_ENCODING)).toEqual(v);
    await expect(decodeDoc(bytes, 'zstd-v9')).rejects.toThrow(/unknown scan data encoding/);
  });

  it('JSON Lines: every line one value, even with newlines inside strings; picks only the lines asked for', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => ({ i, note: i % 7 === 0 ? 'multi\nline ✓' : 'x' }));
    const doc = await encodeLines(rows);
    const lines = await decodeLines(doc, BLOB_ENCODING);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(rows);
    const picked = await pickLines(doc.toString('base64'), BLOB_ENCODING, [49, 0, 7, 7, 60]);
    expect([...picked.keys()].sort((a, b) => a - b)).toEqual([0, 7, 49]);
    expect(JSON.parse(picked.get(7)!)).toEqual(rows[7]);
    expect(JSON.parse(picked.get(49)!)).toEqual(rows[49]);
    expect(await decodeLines(await encodeLines([]), BLOB_ENCODING)).toEqual([]);
  });
});
