import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dirSignature } from './dir-signature.js';

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('dirSignature', () => {
  it('covers only the accepted files and changes when one of them changes', async () => {
    const d = await mkdtemp(path.join(tmpdir(), 'aispm-sig-'));
    dirs.push(d);
    await writeFile(path.join(d, 'b.tf'), 'x');
    await writeFile(path.join(d, 'a.tf'), 'y');
    await writeFile(path.join(d, 'notes.md'), 'z');
    const isTf = (n: string) => n.endsWith('.tf');
    const before = await dirSignature(d, isTf);
    expect(before).toMatch(/^a\.tf:1:[\d.]+\|b\.tf:1:[\d.]+$/);
    await writeFile(path.join(d, 'notes.md'), 'changed, but not a .tf');
    expect(await dirSignature(d, isTf)).toBe(before);
    await writeFile(path.join(d, 'a.tf'), 'longer');
    expect(await dirSignature(d, isTf)).not.toBe(before);
  });

  it('is empty for a folder it cannot read', async () => {
    expect(await dirSignature(path.join(tmpdir(), 'aispm-no-such-dir-for-sig'), () => true)).toBe('');
  });
});
