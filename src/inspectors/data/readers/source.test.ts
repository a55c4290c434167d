import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { eachLine, LineSplitter, MAX_LINE } from './source.js';
import { Utf8Chunks } from './utf8-chunks.js';
import { Rng } from '../testing/random.js';

/** The splitter as it was: the tail joined to each chunk, then one slice per line break. */
class ReferenceSplitter {
  private rest = '';
  private skipping = false;
  push(c: string, out: string[]): void {
    if (this.skipping) {
      const nl = c.indexOf('\n');
      if (nl < 0) return;
      this.skipping = false;
      c = c.slice(nl + 1);
    }
    const s = this.rest + c;
    let from = 0;
    for (let nl = s.indexOf('\n', from); nl >= 0; nl = s.indexOf('\n', from)) {
      out.push(s.charCodeAt(nl - 1) === 13 ? s.slice(from, nl - 1) : s.slice(from, nl));
      from = nl + 1;
    }
    this.rest = s.slice(from);
    if (this.rest.length > 16 << 20) {
      out.push(this.rest.slice(0, 16 << 20));
      this.rest = '';
      this.skipping = true;
    }
  }
  end(out: string[]): void {
    if (this.rest) out.push(this.rest);
    this.rest = '';
  }
}

/** Cuts `s` at random places, empty pieces included. */
function cuts(r: Rng, s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const n = r.next() < 0.1 ? 0 : r.int(1, 12);
    out.push(s.slice(i, i + n));
    i += n;
  }
  if (r.next() < 0.5) out.push('');
  return out;
}

function splitAll(chunks: string[], push: (s: LineSplitter | ReferenceSplitter, c: string, out: string[]) => void, s: LineSplitter | ReferenceSplitter): string[] {
  const out: string[] = [];
  for (const c of chunks) push(s, c, out);
  s.end(out);
  return out;
}

describe('LineSplitter against the join-then-split reference', () => {
  it('gives the same lines for any chunking: CRLF split over chunks, lone CRs, empty lines and chunks', () => {
    const r = new Rng(5);
    const atoms = ['a', 'bc', '\n', '\r', '\r\n', '\n\n', 'é', '😀', ' '];
    for (let round = 0; round < 3000; round++) {
      const text = Array.from({ length: r.int(0, 12) }, () => r.pick(atoms)).join('');
      const chunks = cuts(r, text);
      const want = splitAll(chunks, (s, c, out) => s.push(c, out), new ReferenceSplitter());
      expect(splitAll(chunks, (s, c, out) => s.push(c, out), new LineSplitter()), JSON.stringify(chunks)).toEqual(want);
      expect(splitAll(chunks, (s, c, out) => (s as LineSplitter).each(c, (l) => out.push(l)), new LineSplitter()), JSON.stringify(chunks)).toEqual(want);
    }
  });

  it('cuts a line longer than 16 MiB where the reference does, and drops the rest of it', async () => {
    const big = 'x'.repeat(9 << 20);
    for (const chunks of [[big, big, 'y\nz'], [big, 'a\r', '\nb' + big, big, '\n']]) {
      const want = splitAll(chunks, (s, c, out) => s.push(c, out), new ReferenceSplitter());
      const got: string[] = [];
      await eachLine((async function* () { yield* chunks; })(), (l) => got.push(l));
      expect(got.map((l) => l.length)).toEqual(want.map((l) => l.length));
      expect(got).toEqual(want);
    }
  });
});

describe('Utf8Chunks against StringDecoder', () => {
  it('decodes every chunk the same: ASCII runs, multi-byte characters cut between chunks; invalid bytes to the same text', () => {
    const r = new Rng(9);
    const pieces = [Buffer.from('plain ascii text\n'), Buffer.from('é'), Buffer.from('你好'), Buffer.from('😀'), Buffer.from([0xff]), Buffer.from([0x80]), Buffer.from([0xc3]), Buffer.from([0xe4, 0xbd]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\ufeff')];
    const VALID = new Set([pieces[1]!, pieces[2]!, pieces[3]!, pieces[10]!]);
    for (let round = 0; round < 3000; round++) {
      // Every other round valid UTF-8 only: each chunk is decoded as it comes, nothing held.
      const valid = round % 2 === 0;
      const choices = valid ? [...VALID] : pieces;
      // Mostly ASCII, as data files are, so the fast path and the decoder take turns.
      const parts = Array.from({ length: r.int(0, 10) }, () => (r.next() < 0.6 ? pieces[0]!.subarray(0, r.int(0, 17)) : r.pick(choices)));
      // UTF-8 text: its first bytes past ASCII are a character (text whose first such bytes break
      // UTF-8 is read as Windows-1252 instead; utf8-chunks.test.ts).
      const first = parts.findIndex((p) => p.some((c) => c >= 0x80));
      if (first >= 0 && !VALID.has(parts[first]!)) parts.splice(first, 0, r.pick([...VALID]));
      const bytes = Buffer.concat(parts);
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; ) {
        const n = r.next() < 0.1 ? 0 : r.int(1, 8);
        chunks.push(bytes.subarray(i, i + n));
        i += n;
      }
      const ref = new StringDecoder('utf8');
      const fast = new Utf8Chunks();
      const msg = JSON.stringify(chunks.map((c) => [...c]));
      const got = chunks.map((c) => fast.write(c));
      const want = chunks.map((c) => ref.write(c));
      // A chunk whose bad sequences outnumber its good ones is held as a sample of a legacy
      // encoding's text, and read as UTF-8 when it is none: the same text, later.
      if (valid) {
        expect(got, msg).toEqual(want);
        expect(fast.end(), msg).toBe(ref.end());
      } else expect(got.join('') + fast.end(), msg).toBe(want.join('') + ref.end());
    }
  });
});

describe('over-long lines', () => {
  it('passes on the first 16 MiB of a longer line, drops its rest, counts it, and keeps later lines whole', () => {
    const split = new LineSplitter();
    const got: string[] = [];
    const third = 'x'.repeat((MAX_LINE >> 1) + 7);
    // One line of ~24 MiB arriving in three chunks, the rest of it and two more lines in a fourth.
    for (const c of [third, third, third, 'yyyy\r\nnext\r\nlast']) split.each(c, (l) => got.push(l));
    split.endEach((l) => got.push(l));
    expect(got.map((l) => l.length)).toEqual([MAX_LINE, 4, 4]);
    expect(got.slice(1)).toEqual(['next', 'last']);
    expect(split.cut).toBe(1);
  });
});
