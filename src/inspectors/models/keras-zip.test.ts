import { describe, expect, it } from 'vitest';
import { bytesScanner } from './testing/scan-bytes.js';
import { kerasDenseConfig } from './testing/format-writers.js';
import { zipBytes } from './testing/zip-writer.js';

const hostileConfig = () => new TextEncoder().encode(JSON.stringify(kerasDenseConfig([{ module: 'os', class_name: 'system', config: { name: 'x' }, registered_name: null }])));

const scan = bytesScanner('aispm-keras-zip-');

describe('Keras v3 zips', () => {
  it('reads config.json of a .keras zip that has no metadata.json or weights (load_model builds the model first)', async () => {
    const res = await scan('bare.keras', zipBytes([{ name: 'config.json', data: hostileConfig() }]));
    expect(res.verdict).toBe('malicious');
    expect(res.formats).toContain('keras');
  });

  it('does not take any zip holding a config.json for a Keras model', async () => {
    const res = await scan('bundle.zip', zipBytes([{ name: 'config.json', data: new TextEncoder().encode('{"a": 1}') }]));
    expect(res.formats).not.toContain('keras');
    expect(res.verdict).toBe('clean');
  });
});
