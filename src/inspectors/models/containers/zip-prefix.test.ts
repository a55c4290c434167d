import { describe, expect, it } from 'vitest';
import { bytesScanner } from '../testing/scan-bytes.js';
import { concat, kerasDenseConfig } from '../testing/format-writers.js';
import { zipBytes } from '../testing/zip-writer.js';

const scan = bytesScanner('aispm-zip-prefix-');

describe('a zip behind a prefix', () => {
  it('is read by its end record, as Python zipfile (and so keras.models.load_model) reads it', async () => {
    const config = new TextEncoder().encode(JSON.stringify(kerasDenseConfig([{ module: 'os', class_name: 'system', config: { name: 'x' }, registered_name: null }])));
    const keras = zipBytes([{ name: 'config.json', data: config }, { name: 'metadata.json', data: new TextEncoder().encode('{}') }]);
    const res = await scan('prefixed.keras', concat([new TextEncoder().encode('#!/bin/sh\nexit 0\n'), keras]));
    expect(res.verdict).toBe('malicious');
  });

  it('leaves content with no zip end record as unrecognised', async () => {
    const res = await scan('blob.pt', new Uint8Array(4096).fill(7));
    expect(res.verdict).toBe('inconclusive');
    expect(res.formats).toEqual(['unknown']);
  });
});
