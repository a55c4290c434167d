import { describe, expect, it } from 'vitest';
import { anchoredMatches } from './engine.js';
import { recognizers } from './recognizers.js';
import { Rng } from '../testing/random.js';

const EMAIL = recognizers.find((r) => r.entity === 'EMAIL_ADDRESS')!;
const URL = recognizers.find((r) => r.entity === 'URL_WITH_CREDENTIALS')!;

/** The definition: every match of the pattern's global scan over the whole text. */
function globalScan(text: string, r = EMAIL): [string, number][] {
  const re = new RegExp(r.regex.source, r.regex.flags);
  return [...text.matchAll(re)].map((m) => [m[0], m.index]);
}

function anchored(text: string, r = EMAIL): [string, number][] {
  const out: [string, number][] = [];
  anchoredMatches(r, text, (m, at) => out.push([m, at]));
  return out;
}

describe('anchored e-mail matching', () => {
  it('finds exactly what a global scan finds, on text dense with @, dots, dashes and long runs', () => {
    const r = new Rng(8);
    const pieces = ['a', 'b', 'Z', '7', '.', '-', '_', '%', '+', '@', '@', ' ', ',', 'com', 'example', 'x'.repeat(70), 'é', '\n', '@@', '.org'];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const n = r.int(1, 80);
      for (let i = 0; i < n; i++) text += r.pick(pieces);
      expect(anchored(text), JSON.stringify(text)).toEqual(globalScan(text));
    }
  });

  it('finds addresses side by side, and none in a run of @ or an over-long local part', () => {
    expect(anchored('mail ann@example.com,bo@x.io; cy@ex.org')).toEqual([['ann@example.com', 5], ['bo@x.io', 21], ['cy@ex.org', 30]]);
    expect(anchored('@'.repeat(10_000))).toEqual([]);
    expect(anchored(`${'a'.repeat(65)}@example.com`)).toEqual([]);
    expect(anchored(`${'a'.repeat(64)}@example.com`)).toEqual([[`${'a'.repeat(64)}@example.com`, 0]]);
  });
});

describe('anchored URL-with-credentials matching', () => {
  it('finds exactly what a global scan finds, on text dense with schemes, colons, slashes and @', () => {
    const r = new Rng(9);
    const pieces = ['http', 'https', 'HTTPS', 'sftp', 'ftp', 'ws', 'wss', 'webdav', 'x', '1', '_', '://', '://', ':', '/', '@', 'user', 'p4ss', '.', '-', 'host.example', ' ', '"', 'é', 'a'.repeat(70)];
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const n = r.int(1, 40);
      for (let i = 0; i < n; i++) text += r.pick(pieces);
      expect(anchored(text, URL), JSON.stringify(text)).toEqual(globalScan(text, URL));
    }
  });

  it('finds URLs side by side, and none behind a longer word or a digit', () => {
    // Built from parts, so this file holds no credential-shaped URL of its own.
    const url = (scheme: string, user: string, pw: string, host: string) => [scheme, '://', user, ':', pw, '@', host].join('');
    const a = url('https', 'ann', 'pw1', 'host.example');
    const b = url('ftp', 'bo', 'pw2', 'files.example');
    const t = `see ${a}/x and ${b}`;
    expect(anchored(t, URL)).toEqual([[a, 4], [b, 39]]);
    expect(anchored(`x${a} 1${url('http', 'a', 'b', 'c.d')}`, URL)).toEqual([]);
    expect(anchored('://'.repeat(10_000), URL)).toEqual([]);
  });
});
