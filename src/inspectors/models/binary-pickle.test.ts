import { describe, expect, it } from 'vitest';
import { identBytes, isBinaryPickle } from './binary-pickle.js';
import { detectFormat } from './detect.js';
import { modelsAnalyzer } from './index.js';
import { PickleWriter, torchStateDictPickle } from './testing/pickle-writer.js';
import { npyBytes, safetensorsBytes } from './testing/format-writers.js';

const wants = (name: string, head: Uint8Array, sniffed = 'binary') =>
  modelsAnalyzer.wants(name, { path: name, name, ext: name.slice(name.lastIndexOf('.')), size: head.length, sniffed, head });

describe('binary pickles without PROTO, under any name', () => {
  const noProto = [
    new PickleWriter().str('os').str('system').stackGlobal().str('id').tupleN(1).reduce().stop().toBytes(),
    new PickleWriter().str('posix').memoize().str('system').memoize().pop().pop().get(0).get(1).stackGlobal().str('id').tupleN(1).reduce().stop().toBytes(),
    new PickleWriter().emptyDict().str('k').global('os', 'system').str('id').tupleN(1).reduce().setitem().stop().toBytes(),
    torchStateDictPickle([{ name: 'w', shape: [2], storage: '0' }]).subarray(2),
  ];

  it.each(noProto.map((b, i) => [i, b] as const))('case %i is a pickle and is wanted as weights.dat', (_i, head) => {
    expect(isBinaryPickle(head)).toBe(true);
    expect(detectFormat(head, 'weights.dat')).toBe('pickle');
    expect(wants('weights.dat', head)).toBe(true);
  });

  it('is not fooled by random bytes, arrays or other formats', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff;
    for (let n = 0; n < 2000; n++) {
      const b = Uint8Array.from({ length: 4096 }, rnd);
      expect(isBinaryPickle(b)).toBe(false);
    }
    const floats = new Uint8Array(new Float32Array(1024).map((_, i) => Math.sin(i) * 1000).buffer);
    expect(isBinaryPickle(floats)).toBe(false);
    expect(isBinaryPickle(npyBytes('<f4', [4], new Uint8Array(16)))).toBe(false);
    expect(isBinaryPickle(safetensorsBytes([{ name: 'w', shape: [2] }]))).toBe(false);
    expect(wants('photo.raw', floats)).toBe(false);
  });
});

describe('identifier lines read on the bytes', () => {
  it('accept exactly what the identifier pattern accepts', () => {
    const IDENT = /^[A-Za-z_][\w.]{0,200}$/;
    const alphabet = 'aZ_9.- \u00e9\u0000';
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
    for (let k = 0; k < 20000; k++) {
      const len = k % 500 === 0 ? 195 + Math.floor(rnd() * 12) : Math.floor(rnd() * 8);
      let t = '';
      for (let i = 0; i < len; i++) t += alphabet[Math.floor(rnd() * alphabet.length)];
      const b = Buffer.from(t, 'latin1');
      expect(identBytes(b, 0, b.length), JSON.stringify(t)).toBe(IDENT.test(t));
    }
  });
});
