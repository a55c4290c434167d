import { describe, expect, it } from 'vitest';
import { isTextPickle } from './text-pickle.js';
import { modelsAnalyzer } from './index.js';
import { detectFormat } from './detect.js';

const enc = new TextEncoder();

describe('protocol 0 pickles recognised by their opcodes, not their name', () => {
  const hidden = [
    "N0cos\nsystem\n(S'id'\ntR.",
    "(dp0\nS'a'\np1\nI1\nsg1\n0cposix\nsystem\np2\n(S'id'\ntR.",
    "I0x10\n0(Vid\nios\nsystem\n.",
    "F1.5\n0L7L\n0cbuiltins\neval\n(S'1'\ntR.",
  ];

  it.each(hidden)('%j is a pickle, under any name', (text) => {
    const head = enc.encode(text);
    expect(isTextPickle(head)).toBe(true);
    expect(detectFormat(head, 'weights.dat')).toBe('pickle');
    // The walker calls these `text`; a `.bin` (torch.load's favourite) must still be looked at.
    expect(modelsAnalyzer.wants('pytorch_model.bin', { path: 'pytorch_model.bin', name: 'pytorch_model.bin', ext: '.bin', size: head.length, sniffed: 'text', head })).toBe(true);
  });

  it.each([
    'cat\ndog\nbird\n',
    'import os\nos.system("id")\n',
    '(a list of things)\nmore prose\n',
    '{"json": true}\n',
    'N0\n1\n2\n.',
  ])('%j is not', (text) => {
    const head = enc.encode(text);
    expect(isTextPickle(head)).toBe(false);
    expect(modelsAnalyzer.wants('notes.bin', { path: 'notes.bin', name: 'notes.bin', ext: '.bin', size: head.length, sniffed: 'text', head })).toBe(false);
  });
});
