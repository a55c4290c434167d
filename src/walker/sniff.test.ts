import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('sniff', () => {
  it('finds a protocol 2+ pickle whatever the extension', () => {
    expect(sniff(bytes(0x80, 0x04, 0x95, 0, 0), '.txt')).toBe('pickle');
  });
  it('finds a protocol 0 pickle that starts with a GLOBAL', () => {
    expect(sniff(text('cos\nsystem\n(S"id"\ntR.'), '.txt')).toBe('pickle');
  });
  it('recognises archive and model container signatures', () => {
    expect(sniff(text('PK\u0003\u0004rest'))).toBe('zip');
    expect(sniff(bytes(0x1f, 0x8b, 8, 0))).toBe('gzip');
    expect(sniff(text('GGUF\u0003\u0000'))).toBe('gguf');
    expect(sniff(bytes(0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0))).toBe('numpy');
    expect(sniff(bytes(0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a))).toBe('hdf5');
    expect(sniff(text('PAR1xxxx'))).toBe('parquet');
  });
  it('recognises a SQLite database by its whole header, not a text that starts with the word', () => {
    expect(sniff(text('SQLite format 3\u0000\u0010\u0000\u0001\u0001'))).toBe('sqlite');
    expect(sniff(text('SQLite for Debian\n-----------------\n'), '')).toBe('text');
  });
  it('reads a text that starts with a short signature as text: GGUF without a version, BZh without a block size', () => {
    expect(sniff(text('GGUF is the file format of llama.cpp\n'), '.md')).toBe('text');
    expect(sniff(text('BZhang et al. 2021\n'), '.txt')).toBe('text');
    expect(sniff(bytes(0x47, 0x47, 0x55, 0x46, 3, 0, 0, 0, 1, 0))).toBe('gguf');
    expect(sniff(text('BZh91AY&SY'))).toBe('bzip2');
  });
  it('recognises safetensors by its length-prefixed JSON header', () => {
    const json = text('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}');
    const head = new Uint8Array(8 + json.length);
    new DataView(head.buffer).setUint32(0, json.length, true);
    head.set(json, 8);
    expect(sniff(head, '.bin')).toBe('safetensors');
  });
  it('calls ordinary source text text and NUL-laden junk binary', () => {
    expect(sniff(text('import torch\nprint(1)\n'), '.py')).toBe('text');
    expect(sniff(bytes(1, 0, 2, 0, 3, 0, 250, 251), '.py')).toBe('binary');
    expect(sniff(new Uint8Array(0))).toBe('text');
  });
  it('finds a protocol 0 pickle whose INST comes after its arguments', () => {
    expect(sniff(text("(S'id'\nios\nsystem\n."), '.txt')).toBe('pickle');
    expect(sniff(text('(see below)\nThe plan is simple.\n'), '.txt')).toBe('text');
  });
  it('prefers safetensors over pickle when the header length starts with PROTO-like bytes', () => {
    const json = text(`{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}${' '.repeat(0x280 - 54)}}`);
    const head = new Uint8Array(8 + json.length);
    new DataView(head.buffer).setUint32(0, json.length, true);
    head.set(json, 8);
    expect(head[0]).toBe(0x80);
    expect(sniff(head, '.safetensors')).toBe('safetensors');
  });
  it('recognises 7z and lz4 frames (model wrappers the models inspector reports as unscannable)', () => {
    expect(sniff(bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4))).toBe('7z');
    expect(sniff(bytes(0x04, 0x22, 0x4d, 0x18, 0x64, 0x40))).toBe('lz4');
  });

  it('reads a PROTO pickle carrying TFLite\'s mark at offset 4 as a pickle (torch.load would run it), and a TFLite file as TFLite', () => {
    // PROTO 2, SHORT_BINSTRING of 8 bytes whose first four sit at offset 4..7 and read "TFL3", STOP.
    const polyglot = Buffer.concat([Buffer.from([0x80, 0x02, 0x55, 0x08]), Buffer.from('TFL3AAAA.')]);
    expect(polyglot.subarray(4, 8).toString('latin1')).toBe('TFL3');
    expect(sniff(polyglot)).toBe('pickle');
    // A real TFLite flatbuffer opens with a small root-table offset.
    expect(sniff(Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3'), Buffer.alloc(24)]))).toBe('tflite');
  });
});
