import { describe, expect, it } from 'vitest';
import { SecretEngine } from '../engine.js';
import { builtinSecretRules } from './index.js';
import { regexSampler } from '../../testing/regex-sample.js';
import { Rng } from '../../testing/random.js';

describe('every built-in secret rule', () => {
  it('finds a value drawn from its own pattern (a rule its own filters reject is dead)', () => {
    // Only 32 rules have a hand-made fake; this draws samples for all 255 from their regexes and
    // runs each rule alone, so a keyword that never meets its pattern, or a value the placeholder /
    // entropy / allowlist checks always reject, fails here. (Every X bearer token was dropped.)
    const r = new Rng(17);
    const dead: string[] = [];
    for (const rule of builtinSecretRules) {
      const engine = new SecretEngine([rule]);
      const re = new RegExp(rule.regex, (rule.flags ?? '').replace(/[gy]/g, ''));
      const sample = regexSampler(rule.regex);
      let found = false;
      for (let k = 0; k < 200 && !found; k++) {
        const s = sample(r);
        const text = `\n${s}\n`;
        if (!re.test(text)) continue;
        found = engine.scan(text).some((h) => h.ruleId === rule.id);
      }
      if (!found) dead.push(`${rule.id}: ${rule.regex.slice(0, 80)}`);
    }
    expect(dead).toEqual([]);
  });
});
