import { describe, expect, it } from 'vitest';
import { anchoredOnKeyword, leadingLiterals } from './anchor.js';
import { KeywordPrefilter } from './prefilter.js';
import { SecretEngine } from './engine.js';
import { builtinSecretRules } from './rules/index.js';
import { Rng } from '../testing/random.js';
import { fakeSecrets, secretNegatives } from '../testing/fakes.js';

describe('leading literals of a rule regex', () => {
  it('reads through word boundaries, lookbehinds, capture groups and alternations', () => {
    expect(leadingLiterals('\\b(ghp_[A-Za-z0-9]{36})\\b')).toEqual(['ghp_']);
    expect(leadingLiterals('(?<![A-Za-z0-9])(1//0[0-9A-Za-z_-]{40,})')).toEqual(['1//0']);
    expect(leadingLiterals('\\b((?:AKIA|ASIA|A3T[A-Z0-9])[A-Z2-7]{16})\\b')).toEqual(['AKIA', 'ASIA', 'A3T']);
    expect(leadingLiterals('(?<name>amzn\\.mws\\.)x')).toEqual(['amzn.mws.x']);
  });

  it('multiplies out groups of literal branches and small classes, and skips lookaheads', () => {
    expect(leadingLiterals('\\b((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24})')).toEqual(['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_']);
    expect(leadingLiterals('\\b(xox[pe](?:-[0-9]{10,13}){3})')).toEqual(['xoxp', 'xoxe']);
    expect(leadingLiterals('\\[(?:pypi|testpypi)\\][^\\[]{0,300}')).toEqual(['[pypi]', '[testpypi]']);
    expect(leadingLiterals('(?=a)abc')).toEqual(['abc']);
    // A top-level alternation: every whole pattern must start with a literal.
    expect(leadingLiterals('abc|def')).toEqual(['abc', 'def']);
    expect(leadingLiterals('abc|[0-9]x')).toBeNull();
    expect(leadingLiterals('(?:ab|c[0-9]+)x')).toEqual(['ab', 'c']);
  });

  it('stops before an optional character and gives up on classes, optional groups and lookaheads', () => {
    expect(leadingLiterals('rediss?://x')).toEqual(['redis']);
    expect(leadingLiterals('ab+c')).toEqual(['a']);
    expect(leadingLiterals('[?&]sv=')).toEqual(['?sv=', '&sv=']);
    expect(leadingLiterals('(?:x-)?token')).toBeNull();
    expect(leadingLiterals('[^a]x')).toBeNull();
    expect(leadingLiterals('\\d{4}-x')).toBeNull();
    expect(leadingLiterals('(?:abc|[a-z]+)')).toBeNull();
  });

  it('calls a rule keyword-anchored only when every match starts with a keyword', () => {
    expect(anchoredOnKeyword('\\b(sk-ant-api03-[A-Za-z0-9_-]{80})', ['sk-ant-api03-'])).toBe(true);
    expect(anchoredOnKeyword('(?:datadog|dd_api)[\\w.-]{0,25}=(\\w{32})', ['datadog', 'dd_api'])).toBe(true);
    // The keyword sits in the middle of the match: the whole text has to be scanned.
    expect(anchoredOnKeyword('\\b(sk-[A-Za-z0-9_-]{20,74}T3BlbkFJ[A-Za-z0-9_-]{20,74})\\b', ['T3BlbkFJ'])).toBe(false);
    // The literal is shorter than the keyword: a match need not contain the keyword at its start.
    expect(anchoredOnKeyword('\\b((?:sk|rk)_live_x)', ['sk_live_'])).toBe(false);
    expect(builtinSecretRules.filter((r) => anchoredOnKeyword(r.regex, r.keywords)).length).toBeGreaterThan(200);
  });
});

describe('keyword prefilter', () => {
  it('reports every offset of a positional keyword, case-insensitively, and presence of the others', () => {
    const pf = new KeywordPrefilter(['ghp_', 'Secret', 'q~'], [true, false, true]);
    pf.scan('ghp_a secret GHP_b SECRET xq~');
    expect(pf.seen.map((id) => pf.keywords[id])).toEqual(['ghp_', 'secret', 'q~']);
    expect(pf.positionsOf(0)).toEqual([0, 13]);
    // A two-character keyword in the last two characters has no trigram of its own.
    expect(pf.positionsOf(2)).toEqual([27]);
    pf.scan('nothing here');
    expect(pf.seen).toEqual([]);
    expect(pf.positionsOf(0)).toEqual([]);
  });

  it('finds a non-ASCII keyword by presence only', () => {
    const pf = new KeywordPrefilter(['clé_', 'ökey'], [true, true]);
    pf.scan('la CLÉ_ secrète');
    expect(pf.seen.map((id) => pf.keywords[id])).toEqual(['clé_']);
  });
});

describe('anchored scanning finds what a whole-text scan finds', () => {
  it('every builtin rule, keyword-anchored or not, on many keys in one text', () => {
    const r = new Rng(5);
    const id = () => ['AKIA', r.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')].join('');
    const gh = () => ['gh', 'p_', r.chars(36, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')].join('');
    const keys = [id(), gh(), id(), gh()];
    const text = `a ${keys[0]} b ghp_short ${keys[1]}\n${keys[2]}${' '.repeat(3)}(${keys[3]}) akia lower`;
    const anchored = new SecretEngine(builtinSecretRules).scan(text).map((h) => h.value);
    expect(anchored).toEqual(keys);
  });

  it('the same hits as whole-text scanning on every fake key and hard negative, in noisy surroundings', () => {
    const r = new Rng(11);
    const anchored = new SecretEngine(builtinSecretRules);
    const whole = new SecretEngine(builtinSecretRules, { wholeText: true });
    const pieces = [...fakeSecrets(r).map((s) => s.line), ...secretNegatives(r)];
    const glue = [' ', '\n', '"', "='", ',', ' token: ', '\t', '(', ' sk_ ', 'password=', '://'];
    let total = 0;
    for (let round = 0; round < 20; round++) {
      const parts: string[] = [];
      for (let i = 0; i < 40; i++) parts.push(r.pick(pieces), r.pick(glue));
      const text = parts.join('');
      const strip = (hs: ReturnType<SecretEngine['scan']>) => hs.map((h) => `${h.ruleId}@${h.start}:${h.value}`);
      const got = strip(anchored.scan(text));
      expect(got).toEqual(strip(whole.scan(text)));
      total += got.length;
    }
    expect(total).toBeGreaterThan(300);
  });

  it('does not report a match inside an earlier match of the same rule', () => {
    const e = new SecretEngine([{ id: 't', provider: 'x', description: '', keywords: ['tok_'], regex: '\\b(tok_[a-z_]{10,})' }]);
    expect(e.scan('tok_abcde_tok_fghij').map((h) => h.value)).toEqual(['tok_abcde_tok_fghij']);
  });
});

describe('keyword prefilter with longer grams', () => {
  it('finds keywords of every length class next to prose that shares their first three letters', () => {
    const kws = ['pat', 'datadog', 'port', 'portkey', 'sk', 'clé_x'];
    const pf = new KeywordPrefilter(kws, kws.map(() => true));
    pf.scan('patient data dataset report support DATADOG_KEY=1 portkey port sk');
    const found = Object.fromEntries(pf.seen.map((id) => [pf.keywords[id], pf.positionsOf(id)]));
    expect(found).toEqual({ pat: [0], port: [23, 31, 50, 58], datadog: [36], portkey: [50], sk: [63] });
  });

  it('tells an 8-character keyword from the word it starts with', () => {
    const pf = new KeywordPrefilter(['system_accesstoken', 'accountkey='], [true, true]);
    pf.scan('the system account; SYSTEM_ACCESSTOKEN=x AccountKey=y');
    expect(pf.seen.map((id) => [pf.keywords[id], pf.positionsOf(id)])).toEqual([['system_accesstoken', [20]], ['accountkey=', [41]]]);
  });

  it('finds a keyword that ends the text exactly', () => {
    const pf = new KeywordPrefilter(['datadog', 'port'], [true, true]);
    pf.scan('xx datadog');
    expect(pf.seen.map((id) => pf.keywords[id])).toEqual(['datadog']);
    pf.scan('port');
    expect(pf.seen.map((id) => pf.keywords[id])).toEqual(['port']);
  });
});

describe('degenerate input', () => {
  it('bounds the offsets kept per keyword and still finds a key after a flood of its prefix', () => {
    const key = ['gh', 'p_', new Rng(8).chars(36)].join('');
    const text = `${'ghp_ '.repeat(150_000)}${key}\n`;
    const e = new SecretEngine(builtinSecretRules);
    expect(e.scan(text).map((h) => h.value)).toEqual([key]);
  });
});
