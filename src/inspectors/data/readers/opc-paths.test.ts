import { describe, expect, it } from 'vitest';
import { resolvePart } from './opc-paths.js';

describe('resolvePart', () => {
  it('resolves a relationship target against the folder of the part that names it, or from the root', () => {
    expect(resolvePart('xl/', 'worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePart('xl/', './worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
    expect(resolvePart('xl/worksheets/', '../comments1.xml')).toBe('xl/comments1.xml');
    expect(resolvePart('xl/worksheets/', '/xl/drawings/drawing1.xml')).toBe('xl/drawings/drawing1.xml');
    // `..` past the package root stays at the root (a hostile target reaches no other part).
    expect(resolvePart('xl/', '../../../etc/passwd')).toBe('etc/passwd');
  });
});
