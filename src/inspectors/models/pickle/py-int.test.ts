import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { pyInt, pyLong } from './py-int.js';
import { scanPickleStream } from './scan.js';
import { newEvidence } from './vm.js';

async function scan(text: string) {
  const ev = newEvidence();
  // Byte per character: STACK_GLOBAL (0x93) is a single byte.
  await scanPickleStream(memorySource(Uint8Array.from(text, (c) => c.charCodeAt(0))), ev);
  return ev;
}

describe('protocol 0 integer arguments, as CPython reads them', () => {
  it('parses what PyLong_FromString and strtol accept, and refuses what they refuse', () => {
    expect(pyLong(' 12 ', 10)).toBe(12n);
    expect(pyLong('+0_1', 10)).toBe(1n);
    expect(pyLong('007', 10)).toBe(7n);
    expect(pyLong('1__0', 10)).toBeUndefined();
    expect(pyLong('0x_1f', 0)).toBe(31n);
    expect(pyLong('-0b101', 0)).toBe(-5n);
    expect(pyLong('010', 0)).toBeUndefined();
    expect(pyLong('000', 0)).toBe(0n);
    expect(pyInt('010')).toBe(8n);
    expect(pyInt(' -0x10')).toBe(-16n);
    expect(pyInt('1_000')).toBe(1000n);
    expect(pyInt('12a')).toBeUndefined();
  });

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
});
