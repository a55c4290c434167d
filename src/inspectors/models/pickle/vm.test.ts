import { describe, expect, it } from 'vitest';
import { memorySource } from '../io/byte-source.js';
import { callPickle, PickleWriter } from '../testing/pickle-writer.js';
import { scanPickleStream } from './scan.js';
import { DEFAULT_VM_LIMITS, newEvidence } from './vm.js';

async function scan(bytes: Uint8Array, limits = DEFAULT_VM_LIMITS) {
  const ev = newEvidence();
  const res = await scanPickleStream(memorySource(bytes), ev, { limits });
  return { ev, res };
}

describe('pickle VM', () => {
  it('reports the byte offset of the opcode that imported a global and the argument it was called with', async () => {
    const { ev } = await scan(callPickle('os', 'system', ['touch /tmp/x']));
    expect(ev.hits).toHaveLength(1);
    expect(ev.hits[0]).toMatchObject({ module: 'os', name: 'system', level: 'dangerous', offset: 2, opcode: 'GLOBAL', arg: 'touch /tmp/x' });
  });

  it('resolves STACK_GLOBAL names through the memo, whichever opcode wrote it', async () => {
    const b = new PickleWriter().proto(4).str('subprocess').binput(7).pop().str('run').memoize().pop().binget(7).binget(1).stackGlobal().stop().toBytes();
    const { ev } = await scan(b);
    expect(ev.hits.map((h) => `${h.module}.${h.name}`)).toEqual(['subprocess.run']);
  });

  it('keeps what it saw before a broken tail and marks the stream incomplete', async () => {
    const good = callPickle('os', 'system', ['id']);
    const broken = Uint8Array.from([...good.subarray(0, good.length - 1), 0xff]);
    const { ev } = await scan(broken);
    expect(ev.hits[0]?.resolved).toBe('os.system');
    expect(ev.incomplete[0]?.message).toMatch(/invalid opcode 0xff/);
  });

  it('follows stacked pickles and ignores non-pickle trailing bytes', async () => {
    const a = new PickleWriter().proto(2).int(1).stop().toBytes();
    const b = new PickleWriter().proto(2).global('collections', 'OrderedDict').tupleN(0).reduce().stop().toBytes();
    const { ev, res } = await scan(Uint8Array.from([...a, ...b, 0, 0, 0]));
    expect(res.pickles).toBe(2);
    expect(ev.incomplete).toEqual([]);
    expect(ev.notes.some((n) => n.includes('trailing bytes'))).toBe(true);
  });

  it('flags memo slots read before they are written (exception-directed evasion)', async () => {
    const { ev } = await scan(new PickleWriter().proto(2).binget(3).stop().toBytes());
    expect(ev.incomplete[0]?.message).toMatch(/memo slot 3 read before it was written/);
  });

  it('stops at its opcode limit instead of running unbounded', async () => {
    const w = new PickleWriter().proto(2).emptyList().mark();
    for (let i = 0; i < 100; i++) w.int(i);
    const { ev } = await scan(w.appends().stop().toBytes(), { ...DEFAULT_VM_LIMITS, maxOpcodes: 50 });
    expect(ev.incomplete[0]?.message).toMatch(/more than 50 opcodes/);
  });

  it('rejects unknown protocols and empty streams as incomplete, never clean', async () => {
    expect((await scan(Uint8Array.from([0x80, 9, 0x2e]))).ev.incomplete[0]?.message).toMatch(/unsupported pickle protocol 9/);
    expect((await scan(new Uint8Array(0))).ev.incomplete[0]?.message).toMatch(/empty/);
  });

  it('skips payloads larger than it keeps without buffering them', async () => {
    const big = new PickleWriter().proto(4).bytes8Header(5_000_000).raw(new Uint8Array(5_000_000)).stop().toBytes();
    const { ev, res } = await scan(big);
    expect(res.pickles).toBe(1);
    expect(ev.incomplete).toEqual([]);
  });

  it('scans a pickle passed to a loader as bytes (nested pickles)', async () => {
    const inner = callPickle('nt', 'system', ['calc']);
    const b = new PickleWriter().proto(2).global('pickle', 'loads').bytes(inner).tupleN(1).reduce().stop().toBytes();
    const { ev } = await scan(b);
    expect(ev.hits.map((h) => h.resolved)).toEqual(['pickle.loads', 'os.system']);
    expect(ev.hits[1]?.member).toMatch(/#nested@/);
  });
});

describe('pickle VM time budget', () => {
  it('gives up with an incomplete note once the file deadline has passed', async () => {
    const w = new PickleWriter().proto(2).emptyList();
    for (let b = 0; b < 200; b++) {
      w.mark();
      for (let i = 0; i < 1000; i++) w.int(i & 0xff);
      w.appends();
    }
    const ev = newEvidence();
    await scanPickleStream(memorySource(w.stop().toBytes()), ev, { limits: { ...DEFAULT_VM_LIMITS, deadline: performance.now() - 1 } });
    expect(ev.incomplete[0]?.message).toMatch(/time limit/);
  });
});

/** The argument bytes the machine reads with core's pickle-opcodes.ts (unchanged behaviour, pinned here). */
describe('pickle VM arguments', () => {
  const le = (n: bigint, w: number) => Array.from({ length: w }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));

  it('refuses an 8-byte length of 2^53 or more, and one below it that runs past the end', async () => {
    expect((await scan(Uint8Array.from([0x80, 4, 0x8d, ...le(2n ** 53n, 8), 0x2e]))).ev.incomplete[0]?.message).toMatch(/breaks at byte 2: 64-bit length over 2\^53$/);
    expect((await scan(Uint8Array.from([0x80, 4, 0x95, ...le(2n ** 64n - 1n, 8), 0x2e]))).ev.incomplete[0]?.message).toMatch(/breaks at byte 2: 64-bit length over 2\^53$/);
    expect((await scan(Uint8Array.from([0x80, 4, 0x8e, ...le(2n ** 53n - 1n, 8), 0x2e]))).ev.incomplete[0]?.message).toMatch(/breaks at byte 2: bytes of 9007199254740991 bytes runs past the end of the stream$/);
  });

  it('reads LONG1 as a little-endian two\'s complement int (the legacy torch magic number among them)', async () => {
    expect((await scan(Uint8Array.from([0x80, 2, 0x8a, 1, 0xff, 0x2e]))).res.first).toEqual({ t: 'int', v: -1 });
    expect((await scan(Uint8Array.from([0x80, 2, 0x8a, 2, 0xff, 0x00, 0x2e]))).res.first).toEqual({ t: 'int', v: 255 });
    expect((await scan(Uint8Array.from([0x80, 2, 0x8a, 0, 0x2e]))).res.first).toEqual({ t: 'int', v: 0 });
    const magic = le(0x1950a86a20f9469cfc6cn, 10);
    expect((await scan(Uint8Array.from([0x80, 2, 0x8a, 10, ...magic, 0x2e]))).res.legacyTorch).toBe(true);
  });

  it('names each EXT opcode and its code in the signal', async () => {
    const sig = async (b: number[]) => (await scan(Uint8Array.from([0x80, 2, ...b, 0x2e]))).ev.signals[0]?.message;
    expect(await sig([0x82, 7])).toMatch(/^EXT1 7: /);
    expect(await sig([0x83, 0x34, 0x12])).toMatch(/^EXT2 4660: /);
    expect(await sig([0x84, 1, 2, 0, 0])).toMatch(/^EXT4 513: /);
  });

  it('reads EXT4 signed and stops at a code <= 0, as CPython does', async () => {
    const broke = async (b: number[]) => (await scan(Uint8Array.from([0x80, 2, ...b, 0x2e]))).ev.incomplete[0]?.message;
    expect(await broke([0x84, 0xff, 0xff, 0xff, 0xff])).toMatch(/breaks at byte 2: EXT4 specifies code -1 <= 0$/);
    expect(await broke([0x84, 0, 0, 0, 0x80])).toMatch(/breaks at byte 2: EXT4 specifies code -2147483648 <= 0$/);
    expect(await broke([0x82, 0])).toMatch(/breaks at byte 2: EXT1 specifies code 0 <= 0$/);
    expect(await broke([0x83, 0, 0])).toMatch(/breaks at byte 2: EXT2 specifies code 0 <= 0$/);
  });
});

describe('pickle VM protocol 0 text, read as CPython reads it', () => {
  const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));

  it('keeps the call made before a UNICODE escape past U+10FFFF, and stops there as Python does', async () => {
    // pickle.loads runs os.system and only then fails on the UNICODE line.
    const { ev } = await scan(bytes("cos\nsystem\n(S'echo pwned'\ntRV\\U00110000\n."));
    expect(ev.hits.map((h) => [h.resolved, h.level])).toEqual([['os.system', 'dangerous']]);
    expect(ev.incomplete[0]?.message).toMatch(/breaks at byte 28: bad UNICODE argument/);
  });

  it("decodes a STRING's octal escapes, so S'\\157s' names os", async () => {
    const { ev } = await scan(bytes("S'\\157s'\nS'sys\\164em'\n\x93."));
    expect(ev.hits.map((h) => [h.module, h.name, h.level])).toEqual([['os', 'system', 'dangerous']]);
  });

  it('refuses a negative LONG4 length instead of reading the opcode again', async () => {
    const { ev } = await scan(Uint8Array.from([0x80, 2, 0x8b, 0xfb, 0xff, 0xff, 0xff, 0x2e]));
    expect(ev.incomplete[0]?.message).toMatch(/breaks at byte 2: negative LONG4 length$/);
    expect(ev.opcodes).toBe(2);
  });
});
