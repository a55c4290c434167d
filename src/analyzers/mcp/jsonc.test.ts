import { describe, expect, it } from 'vitest';
import { parseJsonc } from './jsonc.js';

describe('parseJsonc', () => {
  it('drops comments and trailing commas', () => {
    const text = '{\r\n  // servers\r\n  "a": [1, 2, /* two */ ],\r\n  "b": { "c": true, },\r\n}\r\n';
    expect(parseJsonc(text)).toEqual({ a: [1, 2], b: { c: true } });
  });

  it('copies strings as written, even when they hold a comma before a bracket or comment markers', () => {
    const text = '{"args": ["--sep=,]", "x,}", "a, ]"], "url": "http://h//p", "glob": "/*", "end": "*/", "q": "say \\"hi\\", }"}';
    expect(parseJsonc(text)).toEqual({ args: ['--sep=,]', 'x,}', 'a, ]'], url: 'http://h//p', glob: '/*', end: '*/', q: 'say "hi", }' });
  });

  it('keeps a comma that a value follows, and still rejects a doubled one', () => {
    expect(parseJsonc('[1, /* c */ 2]')).toEqual([1, 2]);
    expect(() => parseJsonc('[1,,]')).toThrow();
  });
});
