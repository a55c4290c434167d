import { describe, expect, it } from 'vitest';
import { blankUnchangedLines } from './changed-lines.js';

const b = (s: string) => Buffer.from(s);

describe('blankUnchangedLines', () => {
  it('keeps the header and the lines the new version added, blanks the rest, and keeps line numbers', () => {
    const before = 'id,email\n1,a@x.io\n2,b@x.io\n';
    const after = 'id,email\n1,a@x.io\n3,new@x.io\n2,b@x.io\n4,other@x.io';
    const out = blankUnchangedLines(b(after), b(before)).toString();
    expect(out).toBe('id,email\n\n3,new@x.io\n\n4,other@x.io');
    expect(out.split('\n')).toHaveLength(after.split('\n').length);
    expect(out.split('\n')[2]).toBe(after.split('\n')[2]);
  });

  it('treats CRLF and LF lines alike, and a line moved elsewhere as old', () => {
    const out = blankUnchangedLines(b('h\r\nb\r\na\r\nc\r\n'), b('h\na\nb\n')).toString();
    expect(out).toBe('h\n\n\nc\n');
  });

  it('keeps every line of a file whose previous version shared none, and handles empty versions', () => {
    expect(blankUnchangedLines(b('x\ny\n'), b('')).toString()).toBe('x\ny\n');
    expect(blankUnchangedLines(b(''), b('x\n')).toString()).toBe('');
    expect(blankUnchangedLines(b('same\nsame\n'), b('same\n')).toString()).toBe('same\n\n');
  });
});
