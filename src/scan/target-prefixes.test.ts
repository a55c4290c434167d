import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { targetPlaces } from './target-prefixes.js';

describe('targetPlaces', () => {
  const top = mkdtempSync(path.join(tmpdir(), 'aispm-places-'));
  const repo = path.join(top, 'repo');
  for (const d of ['infra/aws', 'infra/gcp', 'models']) mkdirSync(path.join(repo, d), { recursive: true });
  writeFileSync(path.join(repo, 'models', 'm.pt'), '');
  writeFileSync(path.join(repo, 'top.csv'), '');
  const elsewhere = path.join(top, 'srv');
  for (const d of ['a', 'b/c']) mkdirSync(path.join(elsewhere, d), { recursive: true });
  const prefixes = (targets: string[], cwd: string) => targetPlaces(targets, cwd).map((p) => p.prefix);

  it('gives one target no prefix, and a file target its own folder', () => {
    expect(targetPlaces(['models/m.pt'], repo)).toEqual([{ abs: path.join(repo, 'models/m.pt'), dir: path.join(repo, 'models'), prefix: '' }]);
    expect(prefixes(['.'], repo)).toEqual(['']);
  });

  it('names targets inside the working folder by their path from it', () => {
    expect(prefixes(['infra', 'models'], repo)).toEqual(['infra/', 'models/']);
    expect(prefixes(['infra/aws', 'infra/gcp'], repo)).toEqual(['infra/aws/', 'infra/gcp/']);
    expect(prefixes(['.', 'models'], repo)).toEqual(['./', 'models/']);
  });

  it('names targets outside the working folder from their common folder, never with ../', () => {
    const got = prefixes([path.join(elsewhere, 'a'), path.join(elsewhere, 'b/c')], repo);
    expect(got).toEqual(['a/', 'b/c/']);
    // The same report paths whatever folder the scan runs from.
    expect(prefixes([path.join(elsewhere, 'a'), path.join(elsewhere, 'b/c')], path.join(repo, 'infra'))).toEqual(got);
    expect(prefixes([path.join(elsewhere, 'a'), 'models'], repo)).toEqual(['srv/a/', 'repo/models/']);
  });

  it('puts a file target under its folder once, not under its own name', () => {
    const places = targetPlaces(['models/m.pt', 'infra'], repo);
    expect(places.map((p) => p.prefix)).toEqual(['models/', 'infra/']);
    expect(places[0]!.dir).toBe(path.join(repo, 'models'));
    expect(prefixes(['top.csv', 'infra'], repo)).toEqual(['', 'infra/']);
  });
});
