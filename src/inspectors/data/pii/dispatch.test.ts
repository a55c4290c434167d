import { describe, expect, it } from 'vitest';
import { DASH, DIGITS, findCandidates, KINDS, LOWER, PAREN, PLUS, SHAPES, UPPER, type Token } from './candidates.js';
import { hasCjkContext } from './cjk-context.js';
import { contextAround, fieldContextOf, hasContext, hasTextContext } from './context.js';
import { scanPii, type PiiHit } from './engine.js';
import { recognizers } from './recognizers.js';
import { generateCorpus } from '../testing/corpus.js';
import { Rng } from '../testing/random.js';
import * as v from '../testing/values.js';

/**
 * What scanPii found before candidates were dispatched: every recognizer in list order, its regex
 * over the whole text, every match scored, overlaps resolved. The
 * dispatcher must return exactly this.
 */
function reference(text: string, field = '', threshold = 0.5): PiiHit[] {
  if (text.length < 3) return [];
  const digit = /\d/.test(text);
  const hits: PiiHit[] = [];
  const fieldText = fieldContextOf(field, recognizers).text;
  for (const r of recognizers) {
    if (r.needsDigit && !digit) continue;
    // A field named for something else that has the entity's shape (a `version` column), unless it also names the entity.
    if (r.notInFields?.some((w) => fieldText.includes(` ${w}`)) && !hasContext(r, fieldText)) continue;
    if (r.needs && !text.includes(r.needs)) continue;
    if (r.gate && !r.gate(text)) continue;
    const consider = (value: string, index: number) => {
      let score = r.score(value, text, index);
      if (score === null) return;
      if (score < r.contextScore && r.context.length && (fieldContextOf(field, recognizers).names[recognizers.indexOf(r)] === 1 || hasTextContext(r, contextAround(text, index, index + value.length, r.contextOnLine)) || hasCjkContext(r, text, index, index + value.length, r.contextOnLine))) score = Math.max(score, r.contextScore);
      if (score >= threshold) hits.push({ entity: r.entity, phi: r.phi ?? false, severity: r.severity, start: index, end: index + value.length, score, value });
    };
    for (const m of text.matchAll(new RegExp(r.regex.source, r.regex.flags))) consider(m[0], m.index);
  }
  hits.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start));
  const kept: PiiHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/** Every value generator in testing/values, so a new entity is covered as soon as it gets one. */
const GENERATORS = Object.values(v).filter((f): f is (r: Rng) => string => typeof f === 'function' && f.length === 1);
const CONTEXT_WORDS = [...new Set(recognizers.flatMap((r) => r.context))];
const FIELDS = ['', 'id', 'amount', 'notes', 'version', 'ip_version', 'ssn', 'passport_no', 'DriverLicense', 'npi', 'patientId', 'member_id', 'dob', 'phone', 'iban', 'wallet', 'messages[0].content', 'dl', 'mrn', 'icd10', 'created_at'];
const SEPARATORS = [' ', '-', '.', '/', ':', '#', '(', ')', '+', ',', '_', '@', '\t', '\n', '  ', '--', ': ', '# ', ''];

/** A value written another way: other separators, lower case, glued to a neighbour, one digit changed. */
function variant(r: Rng, s: string): string {
  switch (r.int(0, 9)) {
    case 0:
      return s.toLowerCase();
    case 1:
      return s.replace(/[ -]/g, () => r.pick(SEPARATORS));
    case 2:
      return r.pick(['+', '(', '-', '_', 'x', '1', 'A', 'MRN', 'MRN:', 'MRN# ', 'AB-', 'ab-', '0x']) + s;
    case 3:
      return s + r.pick(['1', 'A', '_', '-1', '.5', ')', 'x']);
    case 4: {
      const i = r.int(0, s.length);
      return s.slice(0, i) + r.pick(SEPARATORS) + s.slice(i);
    }
    case 5:
      return s.replace(/\d/, () => String(r.int(0, 9)));
    default:
      return s;
  }
}

/** Numbers, dates, ids and words that look like the entities without being them. */
function lookalike(r: Rng): string {
  return r.pick([
    () => r.digits(r.int(1, 20)),
    () => `${r.digits(r.int(1, 5))}${r.pick(SEPARATORS)}${r.digits(r.int(1, 8))}${r.pick(SEPARATORS)}${r.digits(r.int(1, 8))}`,
    () => r.chars(r.int(1, 8), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + r.digits(r.int(0, 12)),
    () => r.pick(CONTEXT_WORDS),
    () => `${r.int(1, 31)}${r.pick(['/', '.', '-'])}${r.int(1, 12)}${r.pick(['/', '.', '-'])}${r.int(1900, 2030)}`,
    () => `${r.int(0, 300)}.${r.int(0, 300)}.${r.int(0, 300)}.${r.int(0, 300)}${r.pick(['', '.1'])}`,
    () => `+${r.digits(r.int(1, 15))}`,
    () => `(${r.digits(r.int(1, 5))}) ${r.digits(3)}-${r.digits(4)}`,
    () => `${r.int(1000, 99999)}.${r.digits(2)}`,
    () => `2022-0${r.int(1, 9)}-1${r.int(0, 9)}T16:25:33Z`,
    () => r.chars(r.int(10, 40), 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789'),
    () => 'bc1' + r.chars(r.int(8, 70), 'qpzry9x8gf2tvdw0s3jn54khce6mua7l'),
    () => '0x' + r.hex(r.int(38, 42)),
    () => r.pick(['MRN', 'MRN-', 'MRN:', 'MRN# ', 'MRN  ', 'MR']) + r.digits(r.int(4, 11)),
    () => r.pick(['é', '\u0130', '\u212a ', '“']) + r.digits(9),
  ])();
}

function cell(r: Rng): string {
  let text = '';
  for (let k = r.int(1, 5); k > 0; k--) text += (r.next() < 0.5 ? variant(r, r.pick(GENERATORS)(r)) : lookalike(r)) + r.pick([' ', ', ', ' - ', '', '\0', ' and ', ': ', '/', `${r.pick(CONTEXT_WORDS)} `]);
  return text;
}

/** Scans `count` texts (each with a random field, at both thresholds) and the reference alike; returns how many hits they found. */
function compareWithReference(r: Rng, count: number, text: () => string, thresholds: readonly number[]): number {
  let hits = 0;
  for (let k = 0; k < count; k++) {
    const t = text();
    const field = r.pick(FIELDS);
    for (const threshold of thresholds) {
      const want = reference(t, field, threshold);
      hits += want.length;
      expect(scanPii(t, field, { threshold }), `${field}: ${JSON.stringify(t)}`).toEqual(want);
    }
  }
  return hits;
}

describe('dispatched recognizers', () => {
  it('find exactly what whole-text scans find, on values in every form, look-alikes and context', () => {
    const r = new Rng(21);
    expect(compareWithReference(r, 4000, () => cell(r), [0.5, 0.2])).toBeGreaterThan(3000);
  });

  it('find exactly what whole-text scans find where a number meets separators, letters and marks', () => {
    // The shapes the candidate pass tells apart by the two characters after a leading run, and by a word's first character.
    const r = new Rng(24);
    const piece = () =>
      r.pick([
        () => r.digits(r.int(1, 20)),
        () => r.chars(r.int(1, 4), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') + r.digits(r.int(0, 12)),
        () => r.chars(r.int(1, 3), 'abcxyz') + r.digits(r.int(1, 4)),
        () => r.pick(['MRN', 'mrn', 'bc1', '0x', '1A', '3J', 'A9', 'X1234567']) + r.chars(r.int(0, 30), '0123456789ABCDEFabcdefqpzry'),
        () => r.pick(CONTEXT_WORDS),
        () => r.pick(['answer', 'dx', 'é', '\u0130']),
      ])();
    const separator = () => r.pick([' ', '-', '.', '/', ':', '#', '(', ')', '+', '_', '', ' - ', '--', ': ', '-:', '# ', '. ']);
    const text = () => {
      let t = '';
      for (let n = r.int(1, 7); n > 0; n--) t += piece() + separator();
      return t;
    };
    expect(compareWithReference(r, 6000, text, [0.5, 0.05])).toBeGreaterThan(1500);
  });

  it('find every entity of the labelled corpus where a whole-text scan does', () => {
    for (const line of generateCorpus({ perEntity: 20 }).lines) expect(scanPii(line.text)).toEqual(reference(line.text));
  });

  it('find each entity at its exact offsets wherever it stands in a cell', () => {
    const r = new Rng(22);
    for (const gen of GENERATORS) {
      for (let k = 0; k < 6; k++) {
        const value = gen(r);
        for (const [pre, post] of [['', ''], ['x ', ''], ['ab: ', ' z'], ['(', ')'], ['abc, ', '.']]) {
          const text = pre + value + post;
          expect(scanPii(text, 'notes'), text).toEqual(reference(text, 'notes'));
        }
      }
    }
  });

  it('take context from the field name, the only context a cell without letters can have', () => {
    expect(scanPii('1234567', 'mrn').map((h) => h.entity)).toEqual(['MEDICAL_RECORD_NUMBER']);
    expect(scanPii('1234567', 'id')).toEqual([]);
    expect(scanPii('512845678', 'passport').map((h) => h.entity)).toEqual(['US_PASSPORT']);
    expect(scanPii('219451234', 'ssn').map((h) => h.entity)).toEqual(['US_SSN']);
    expect(scanPii('1985-03-12', 'dob').map((h) => h.entity)).toEqual(['DATE_OF_BIRTH']);
    expect(scanPii('1985-03-12', 'created')).toEqual([]);
    // Letters in the cell keep the recognizer in play: the context may stand next to the match.
    expect(scanPii('mrn 1234567', 'id').map((h) => h.entity)).toEqual(['MEDICAL_RECORD_NUMBER']);
    // A lower threshold lets the bare score through, field or no field.
    expect(scanPii('1985-03-12', 'created', { threshold: 0.1 }).map((h) => h.entity)).toEqual(['DATE_OF_BIRTH']);
  });

  it('resolve overlaps as the whole-text scans did (a card is not also a phone number)', () => {
    for (const text of ['4111 1111 1111 1111', 'card 4111-1111-1111-1111 or 219-45-1234', '+1 415 555 0100 / 415.555.0100', 'MRN-1234567 AB-1234567 x-1234567', 'NHS 943 476 5919 SIN 046 454 286']) {
      expect(scanPii(text)).toEqual(reference(text));
      expect(scanPii(text, 'mrn')).toEqual(reference(text, 'mrn'));
    }
    expect(scanPii('4111 1111 1111 1111').map((h) => h.entity)).toEqual(['CREDIT_CARD']);
  });

  it('stay linear on hostile cells and still agree with the whole-text scans', () => {
    for (const text of ['1'.repeat(100_000), '1-'.repeat(50_000), 'MRN: 1 '.repeat(10_000), '+1 '.repeat(30_000), 'a1'.repeat(50_000), '(1) '.repeat(25_000), '1.'.repeat(50_000), 'AB-'.repeat(30_000) + '1234567']) {
      expect(scanPii(text)).toEqual(reference(text));
    }
  });
});

describe('candidates', () => {
  const all = new Uint8Array(SHAPES).fill(1);
  const firsts = new Uint8Array(KINDS * 128).fill(1);
  const kinds = ['digits', 'upper', 'lower', '+', '(', '-'];
  function tokens(text: string): string[] {
    const out: string[] = [];
    findCandidates(text, { wanted: all, firsts, candidate: (t: Token) => void out.push(`${t.at}:${kinds[t.kind]}:${t.lead}`) });
    return out;
  }

  it('report each word with a digit, and the marks and words a match through it can start with', () => {
    expect(tokens('call (555) 123-4567')).toEqual(['5:(:3', '6:digits:3', '11:digits:3', '14:-:4', '15:digits:4']);
    expect(tokens('+44 20')).toEqual(['0:+:2', '1:digits:2', '4:digits:2']);
    expect(tokens('MRN: 1234567')).toEqual(['0:upper:3', '5:digits:7']);
    expect(tokens('id AB-123456 and x-1234567')).toEqual(['3:upper:2', '5:-:6', '6:digits:6', '17:lower:0', '18:-:7', '19:digits:7']);
    expect(tokens('no digits here')).toEqual([]);
    expect(tokens('_123 q9')).toEqual(['5:lower:0']);
  });

  it('report nothing for shapes no recognizer starts with, and say whether the text has a digit', () => {
    const none = new Uint8Array(SHAPES);
    const seen: number[] = [];
    expect(findCandidates('2022-04-04T16:25:33Z', { wanted: none, firsts, candidate: (t: Token) => void seen.push(t.at) })).toBe(true);
    expect(seen).toEqual([]);
    expect(findCandidates('no digits', { wanted: all, firsts, candidate: () => undefined })).toBe(false);
    expect([DIGITS, UPPER, LOWER, PLUS, PAREN, DASH]).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('score ceilings', () => {
  it('no recognizer scores a match above its maxScore (nor, in text without letters, above maxScoreWithoutLetters)', () => {
    const r = new Rng(23);
    const texts = [...generateCorpus({ perEntity: 20 }).lines.map((l) => l.text), ...Array.from({ length: 2000 }, () => cell(r))];
    let scored = 0;
    for (const text of texts) {
      const letters = /[A-Za-z\u0130\u212a]/.test(text);
      for (const rec of recognizers) {
        for (const m of text.matchAll(new RegExp(rec.regex.source, rec.regex.flags))) {
          const score = rec.score(m[0], text, m.index);
          if (score === null) continue;
          scored++;
          expect(score, rec.entity).toBeLessThanOrEqual(letters ? rec.maxScore : (rec.maxScoreWithoutLetters ?? rec.maxScore));
        }
      }
    }
    expect(scored).toBeGreaterThan(1000);
  });
});
