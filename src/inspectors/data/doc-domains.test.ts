import { describe, expect, it } from 'vitest';
import { scanPii } from './pii/engine.js';
import { SecretEngine } from './secrets/engine.js';
import { builtinSecretRules } from './secrets/rules/index.js';

const engine = new SecretEngine(builtinSecretRules);
const password = ['Hx9', 'vQ2', 'mLp'].join('');

/** Hosts reserved for tests and docs are no one's, on the secret side and the PII side alike. */
describe('reserved documentation hosts', () => {
  it("leave a URL with credentials to an IDN test name, in its ASCII form (Node's url docs write `https://a:b@測試`)", () => {
    for (const host of ['xn--g6w251d', 'xn--0zwm56d', 'registry.xn--zckzah', 'xn--80akhbyknj4f']) {
      const url = `https://svc:${password}@${host}/path`;
      expect(scanPii(url), host).toEqual([]);
      expect(engine.scan(url), host).toEqual([]);
    }
  });

  it('still report the same URL to a real host on both sides', () => {
    const url = `https://svc:${password}@xn--fiqs8s.northwind-corp.net/path`;
    expect(scanPii(url).map((h) => h.entity)).toEqual(['URL_WITH_CREDENTIALS']);
    expect(engine.scan(url).map((h) => h.ruleId)).toEqual(['http-basic-auth-url']);
  });
});
