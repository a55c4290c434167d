import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { scanPickleStream } from './scan.js';
import { newEvidence } from './vm.js';

async function scan(text: string) {
  const ev = newEvidence();
  // Byte per character: STACK_GLOBAL (0x93) is a single byte.
  await scanPickleStream(memorySource(Uint8Array.from(text, (c) => c.charCodeAt(0))), ev);
  return ev;
}

describe('protocol 0 integer arguments, as CPython reads them', () => {
  it('follows memo slots written and read with padded indices to the global they name', async () => {
    // The module and name strings are memoised at ` 1` / `0_2` and read back for STACK_GLOBAL.
    const ev = await scan("S'os'\np 1\nS'system'\np0_2\n00g+1\ng 2\n\x93(S'id'\ntR.");
    expect(ev.incomplete).toEqual([]);
    expect(ev.hits.map((h) => h.resolved)).toEqual(['os.system']);
  });

  it('reads on past INT and LONG arguments in hex, octal and with underscores', async () => {
    const ev = await scan("I0x10\n0I010\n0L1_000L\n0cposix\nsystem\n(S'id'\ntR.");
    expect(ev.incomplete).toEqual([]);
    expect(ev.hits[0]).toMatchObject({ resolved: 'os.system', level: 'dangerous' });
  });
  it('reads on past an INT line a NUL ends, and stops at an octal INT past 64 bits, as CPython does', async () => {
    // `_pickle` hands strtol a C string: `1\0junk` is 1, and the call after it runs.
    const past = await scan("I1\0junk\n0cposix\nsystem\n(S'id'\ntR.");
    expect(past.incomplete).toEqual([]);
    expect(past.hits[0]).toMatchObject({ resolved: 'os.system', level: 'dangerous' });
    // strtol overflows, and Python's int literal refuses the leading zero: load stops there.
    const stop = await scan("I0777777777777777777777777\n0cposix\nsystem\n(S'id'\ntR.");
    expect(stop.incomplete[0]?.message).toMatch(/breaks at byte 0: bad INT argument/);
    expect(stop.hits).toEqual([]);
  });
});
