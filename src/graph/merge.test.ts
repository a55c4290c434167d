import { describe, expect, it } from 'vitest';
import type { Asset } from '../core/index.js';
import { mergeAssets } from './merge.js';

const asset = (id: string, path: string, line: number, properties: Asset['properties'] = {}): Asset => ({ id, kind: 'ai-package', name: id, provider: 'pypi', locations: [{ path, line }], properties });

describe('mergeAssets', () => {
  it('unions locations once each and keeps the first non-empty property', () => {
    const out = mergeAssets([
      asset('a', 'x.py', 1, { version: '' }),
      asset('b', 'y.py', 1),
      asset('a', 'x.py', 1, { version: '1.2' }),
      asset('a', 'z.py', 3, { version: '9.9', extra: true }),
    ]);
    expect(out.map((a) => a.id)).toEqual(['a', 'b']);
    expect(out[0]!.locations).toEqual([{ path: 'x.py', line: 1 }, { path: 'z.py', line: 3 }]);
    expect(out[0]!.properties).toEqual({ version: '1.2', extra: true });
  });

  it('keeps the highest sensitivity of an asset seen in several files', () => {
    const out = mergeAssets([asset('s', 'a.lance', 1, { sensitivity: 'public' }), asset('s', 'b.lance', 1, { sensitivity: 'restricted' }), asset('s', 'c.lance', 1, { sensitivity: 'internal' })]);
    expect(out[0]!.properties.sensitivity).toBe('restricted');
  });

  it('merges an asset seen in tens of thousands of files, each location once', () => {
    const many: Asset[] = [];
    for (let i = 0; i < 40_000; i++) many.push(asset('sdk', `src/m${i % 20_000}.py`, 1));
    const [merged] = mergeAssets(many);
    expect(merged!.locations).toHaveLength(20_000);
    expect(merged!.locations[19_999]).toEqual({ path: 'src/m19999.py', line: 1 });
  });
});
