import { describe, expect, it } from 'vitest';
import { patchDirEntry } from '../testing/msg-writer.js';
import { compoundFile } from '../testing/xls-writer.js';
import { MAX_STORAGE_DEPTH, openCompoundFile } from './ole2.js';

/**
 * Child storages of a compound file (an Outlook message's recipients and attachments): each
 * storage's own red-black tree, walked with the distrust the root's has.
 */

const text = (s: string) => Buffer.from(s);

describe('compound file storages', () => {
  it('lists and opens nested storages, streams small and large, names matched without case', () => {
    const big = new Uint8Array(9000).fill(7);
    const cf = openCompoundFile(compoundFile({ top: text('root stream'), Outer: { a: text('in outer'), Inner: { b: big, c: text('deep') } }, Empty: {} }));
    expect(cf.streams()).toEqual(['top']);
    expect(cf.storages().sort()).toEqual(['Empty', 'Outer']);
    const outer = cf.storage('OUTER')!;
    expect(Buffer.from(outer.stream('a')!).toString()).toBe('in outer');
    expect(outer.storages()).toEqual(['Inner']);
    const inner = outer.storage('inner')!;
    expect(inner.stream('b')).toEqual(big);
    expect(Buffer.from(inner.stream('C')!).toString()).toBe('deep');
    // The same storage twice is the same (its tree is not walked again, which would read as a loop).
    expect(outer.storage('Inner')).toBe(inner);
    expect(cf.storage('Empty')!.streams()).toEqual([]);
    expect(cf.storage('missing')).toBeUndefined();
    // A stream is no storage, nor a storage a stream.
    expect(cf.storage('top')).toBeUndefined();
    expect(cf.stream('Outer')).toBeUndefined();
  });

  it('says so when a storage tree loops back (to itself, to its parent) or points past the directory', () => {
    const file = compoundFile({ s: { x: text('1'), y: text('2') } });
    // Entries: 0 root, 1 s, 2 x, 3 y (a chain of right siblings under s).
    const selfLoop = patchDirEntry(file, 'y', { right: 2 });
    expect(() => openCompoundFile(selfLoop).storage('s')).toThrow('compound file directory tree loops at entry 2');
    const toParent = patchDirEntry(file, 'x', { left: 1 });
    expect(() => openCompoundFile(toParent).storage('s')).toThrow('loops at entry 1');
    const past = patchDirEntry(file, 'y', { left: 999 });
    expect(() => openCompoundFile(past).storage('s')).toThrow('points to entry 999, past its');
    // The root's own streams are still read: only the broken storage fails.
    const withStream = openCompoundFile(patchDirEntry(compoundFile({ a: text('A'), s: { x: text('1'), y: text('2') } }), 'y', { right: 3 }));
    expect(() => withStream.storage('s')).toThrow('loops at entry 3');
    // Asked again, the same error (not a loop at the entries the first walk claimed).
    expect(() => withStream.storage('s')).toThrow('loops at entry 3');
    expect(Buffer.from(withStream.stream('a')!).toString()).toBe('A');
  });

  it('stops at a bounded depth of storages', () => {
    let tree = { leaf: text('x') } as Parameters<typeof compoundFile>[0];
    for (let i = 0; i < MAX_STORAGE_DEPTH + 2; i++) tree = { [`d${i}`]: tree };
    let cf = openCompoundFile(compoundFile(tree));
    let depth = 0;
    expect(() => {
      for (;;) {
        cf = cf.storage(cf.storages()[0]!)!;
        depth++;
      }
    }).toThrow(`nested deeper than ${MAX_STORAGE_DEPTH} storages`);
    expect(depth).toBe(MAX_STORAGE_DEPTH);
  });

  it('reads a stream whose size is past the file as an error naming it', () => {
    const bad = patchDirEntry(compoundFile({ s: { big: new Uint8Array(5000) } }), 'big', { size: 10_000_000 });
    expect(() => openCompoundFile(bad).storage('s')!.stream('big')).toThrow('compound file stream big claims 10000000 bytes, more than the file');
  });
});
