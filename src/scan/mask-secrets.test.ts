import { describe, expect, it } from 'vitest';
import { maskValue } from '../core/index.js';
import { fakeSecrets } from '../inspectors/data/testing/fakes.js';
import { Rng } from '../inspectors/data/testing/random.js';
import { maskSecretsIn } from './mask-secrets.js';

describe('maskSecretsIn', () => {
  it('masks each secret in a line of text and leaves the rest', () => {
    const fakes = fakeSecrets(new Rng(11));
    const gh = fakes.find((f) => f.ruleId === 'github-pat')!.value;
    const npm = fakes.find((f) => f.ruleId === 'npm-token')!.value;
    const out = maskSecretsIn(`temporarily use ${gh} and ${npm} until rotation`);
    expect(out).toBe(`temporarily use ${maskValue(gh)} and ${maskValue(npm)} until rotation`);
    expect(out).not.toContain(gh);
    expect(maskSecretsIn('fix the build on main')).toBe('fix the build on main');
  });
});
