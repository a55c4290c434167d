import { describe, expect, it } from 'vitest';
import type { Asset, Finding } from '../core/index.js';
import { assignOwners, codeownersFor, parseCodeowners, tagOwner } from './owners.js';

const asset = (id: string, properties: Asset['properties'] = {}, path?: string): Asset => ({ id, kind: 'notebook', name: id, provider: 'aws', locations: path ? [{ path }] : [], properties });
const f = (assetId: string, path?: string, ruleId = 'r'): Finding => ({
  id: `${assetId}-${ruleId}`, ruleId, title: 't', severity: 'high', category: 'exposure', status: 'fail', assetId, location: path ? { path } : {}, message: 'm', remediation: 'r', frameworks: {},
});

describe('CODEOWNERS', () => {
  const entries = parseCodeowners(['# comment', '*            @acme/everyone', '/infra/      @acme/platform  # trailing', '*.ipynb      @acme/ml', 'infra/terraform/aws/legacy.tf', '[Section]', ''].join('\n'));
  it('parses entries and the last matching pattern wins', () => {
    expect(entries.map((e) => e.pattern)).toEqual(['*', '/infra/', '*.ipynb', 'infra/terraform/aws/legacy.tf']);
    expect(codeownersFor(entries, 'README.md')).toEqual(['@acme/everyone']);
    expect(codeownersFor(entries, 'infra/terraform/aws/main.tf')).toEqual(['@acme/platform']);
    expect(codeownersFor(entries, 'infra/notebooks/a.ipynb')).toEqual(['@acme/ml']);
    expect(codeownersFor(entries, 'infra/terraform/aws/legacy.tf')).toEqual([]);
    expect(codeownersFor([], 'x')).toEqual([]);
  });
});

describe('owners', () => {
  it('reads owner/team from tags and labels', () => {
    expect(tagOwner(asset('a', { resource: { attributes: { tags: { Owner: 'ml-research' } } } }))).toBe('ml-research');
    expect(tagOwner(asset('a', { resource: { attributes: { labels: { team: 'data' } } } }))).toBe('data');
    expect(tagOwner(asset('a', { tags: { team: 'x' } }))).toBe('x');
    expect(tagOwner(asset('a', {}))).toBeUndefined();
  });

  it('config beats tags beats CODEOWNERS; nobody → null', () => {
    const assets = [asset('tagged', { resource: { attributes: { tags: { owner: 'tag-team' } } } }, 'infra/main.tf'), asset('plain', {}, 'ml/a.ipynb'), asset('none')];
    const fs = [f('tagged', 'infra/main.tf'), f('plain', 'ml/a.ipynb'), f('none'), f('plain', 'ml/b.py', 'special'), f('tagged', 'infra/main.tf', 'special')];
    assignOwners(fs, assets, { config: [{ rule: 'special', owner: 'appsec' }], codeowners: parseCodeowners('ml/ @acme/ml') });
    expect(fs.map((x) => [x.properties?.owner, x.properties?.ownerSource])).toEqual([
      ['tag-team', 'tag'],
      ['@acme/ml', 'codeowners'],
      [null, undefined],
      ['appsec', 'config'],
      ['appsec', 'config'],
    ]);
  });
});
